/**
 * Starting the hub on a data folder, and the folder's locks: PGlite admits one process per
 * folder, so the hub and a `sohoa-hub` verb that opens the database itself take DIR/db.lock in
 * turn. The running hub also writes DIR/hub.lock.json (port, pid, admin token file) so that a
 * verb finds it and goes through its loopback admin endpoints instead.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { z } from '../shared/zod';
import { createHubApp, sweepUploads } from './app';
import { FolderBlobStore } from './blob-store';
import { openHubDb, type HubDbTarget, type OpenHubDb } from './db/open';
import type { HubContext } from './ingest';

export const DEFAULT_HUB_NAME = 'Máy chủ huyện — Số hóa Hộ tịch';

export const hubLockFile = z.object({ port: z.number().int(), pid: z.number().int(), tokenFile: z.string() });
export type HubLockFile = z.infer<typeof hubLockFile>;

export const paths = (dataDir: string) => ({
  db: path.join(dataDir, 'db'),
  files: path.join(dataDir, 'files'),
  uploads: path.join(dataDir, 'uploads'),
  dbLock: path.join(dataDir, 'db.lock'),
  hubLock: path.join(dataDir, 'hub.lock.json'),
  token: path.join(dataDir, 'hub.admin-token'),
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const dbLockFile = z.object({ pid: z.number().int(), owner: z.enum(['hub', 'cli']) });
export type DbLockHolder = z.infer<typeof dbLockFile>;

/** Takes DIR/db.lock, or answers who holds it (a lock left by a dead process is taken over). */
export function tryDbLock(dataDir: string, owner: 'hub' | 'cli'): { release(): void } | { heldBy: DbLockHolder } {
  const file = paths(dataDir).dbLock;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, owner }), { flag: 'wx' });
      return {
        release: () => {
          const holder = readJson(file, dbLockFile);
          if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readJson(file, dbLockFile);
    if (holder && alive(holder.pid) && holder.pid !== process.pid) return { heldBy: holder };
    // Stale (its process is gone) or half-written by a process that died: take it over.
    if (!holder || !alive(holder.pid)) fs.rmSync(file, { force: true });
  }
  throw new Error(`Không lấy được khóa ${file}.`);
}

export function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The running hub on this folder, if its process is alive. */
export function runningHub(dataDir: string): HubLockFile | undefined {
  const lock = readJson(paths(dataDir).hubLock, hubLockFile);
  return lock && alive(lock.pid) ? lock : undefined;
}

/** Waits (polling the condition, up to `limitMs`) for `take` to give a value. */
export async function waitFor<T>(take: () => T | undefined, limitMs: number): Promise<T | undefined> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = take();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function dbTarget(dataDir: string | undefined, databaseUrl: string | undefined): HubDbTarget {
  if (databaseUrl) return { kind: 'postgres', url: databaseUrl };
  if (!dataDir) throw new Error('Cần --data-dir hoặc --database-url.');
  return { kind: 'pglite', dir: paths(dataDir).db };
}

export interface HubOptions {
  dataDir: string;
  databaseUrl?: string;
  port: number;
  host?: string;
  hubName?: string;
  /** How long to wait for a `sohoa-hub` verb holding the folder (ms). */
  lockWaitMs?: number;
}

export interface RunningHub {
  url: string;
  port: number;
  ctx: HubContext;
  close(): Promise<void>;
}

export class HubStartError extends Error {}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const p = paths(options.dataDir);
  fs.mkdirSync(options.dataDir, { recursive: true });
  let release = (): void => undefined;
  if (!options.databaseUrl) {
    let heldBy: DbLockHolder | undefined;
    const lock = await waitFor(() => {
      const attempt = tryDbLock(options.dataDir, 'hub');
      if ('release' in attempt) return attempt;
      heldBy = attempt.heldBy;
      return heldBy.owner === 'hub' ? attempt : undefined;
    }, options.lockWaitMs ?? 60_000);
    if (!lock || !('release' in lock)) {
      throw new HubStartError(
        heldBy?.owner === 'hub'
          ? `Đã có máy chủ huyện chạy trên thư mục ${options.dataDir} (tiến trình ${heldBy.pid}).`
          : `Thư mục ${options.dataDir} đang được lệnh sohoa-hub khác dùng (tiến trình ${heldBy?.pid ?? '?'}).`,
      );
    }
    release = lock.release;
  } else if (runningHub(options.dataDir)) {
    throw new HubStartError(`Đã có máy chủ huyện chạy trên thư mục ${options.dataDir}.`);
  }
  let opened: OpenHubDb | undefined;
  let server: ServerType | undefined;
  try {
    opened = await openHubDb(dbTarget(options.dataDir, options.databaseUrl));
    const ctx: HubContext = {
      db: opened.db,
      blobs: new FolderBlobStore(p.files),
      hubName: options.hubName ?? DEFAULT_HUB_NAME,
    };
    await sweepUploads(ctx, p.uploads);
    const adminToken = randomBytes(32).toString('base64url');
    fs.rmSync(p.token, { force: true });
    fs.writeFileSync(p.token, adminToken, { mode: 0o600, flag: 'wx' });
    const app = createHubApp({ ctx, uploadsDir: p.uploads, adminToken });
    const listening = await new Promise<AddressInfo>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, (info) =>
        resolve(info),
      );
      s.once('error', reject);
      server = s;
    });
    const port = listening.port;
    const tmp = `${p.hubLock}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ port, pid: process.pid, tokenFile: p.token } satisfies HubLockFile));
    fs.renameSync(tmp, p.hubLock);
    const db = opened;
    let closing: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}/`,
      port,
      ctx,
      close: () =>
        (closing ??= (async () => {
          if (readJson(p.hubLock, hubLockFile)?.pid === process.pid) fs.rmSync(p.hubLock, { force: true });
          fs.rmSync(p.token, { force: true });
          await new Promise<void>((resolve) => {
            server?.close(() => resolve());
            if (server && 'closeAllConnections' in server) server.closeAllConnections();
          });
          await db.close();
          release();
        })()),
    };
  } catch (error) {
    server?.close();
    await opened?.close();
    fs.rmSync(p.token, { force: true });
    release();
    throw error;
  }
}
