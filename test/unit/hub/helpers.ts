/**
 * Hub test helpers: a hub on an in-memory PGlite (or, with HUB_TEST_DATABASE_URL set, on a fresh
 * PostgreSQL database made for the test file), served on a loopback port; batches built the way
 * the desktop builds them (the real batch hash); USB packages written as real zips.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { computeBatchHash } from '../../../electron/backend/sync/batch-hash';
import { openZipWriter } from '../../../electron/backend/export/zip';
import { makeUsbDeviceProof } from '../../../electron/backend/sync/usb-proof';
import { runAdminOp } from '../../../hub/admin';
import { createHubApp } from '../../../hub/app';
import { FolderBlobStore } from '../../../hub/blob-store';
import { openHubDb, type HubDbTarget, type OpenHubDb } from '../../../hub/db/open';
import type { HubContext } from '../../../hub/ingest';
import type { CorrectionAnswer } from '../../../shared/review/review';
import {
  enrollResponse,
  SYNC_PROTOCOL,
  USB_PACKAGE,
  type Batch,
  type BatchManifest,
  type BatchPayload,
  type SyncBook,
  type SyncEntry,
} from '../../../shared/sync/protocol';

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A database target for one test file: PGlite in memory, or a new PostgreSQL database. */
export async function testDatabase(): Promise<{ target: HubDbTarget; drop(): Promise<void> }> {
  const base = process.env.HUB_TEST_DATABASE_URL;
  if (!base) return { target: { kind: 'pglite', dir: 'memory' }, drop: async () => undefined };
  const name = `hub_test_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestHub {
  ctx: HubContext;
  url: string;
  dir: string;
  opened: OpenHubDb;
  close(): Promise<void>;
}

export async function startTestHub(): Promise<TestHub> {
  const dir = tempDir('hub-test');
  const database = await testDatabase();
  const opened = await openHubDb(database.target);
  const ctx: HubContext = { db: opened.db, blobs: new FolderBlobStore(path.join(dir, 'files')), hubName: 'Huyện thử' };
  const app = createHubApp({ ctx, uploadsDir: path.join(dir, 'uploads') });
  let server: ServerType | undefined;
  const info = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, resolve);
  });
  return {
    ctx,
    dir,
    opened,
    url: `http://127.0.0.1:${info.port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        if (server && 'closeAllConnections' in server) server.closeAllConnections();
      });
      await opened.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addCommune(ctx: HubContext, code: string, name: string): Promise<void> {
  await runAdminOp(ctx, 'commune-add', { code, name }, 'test');
}

export async function newEnrollCode(ctx: HubContext, commune: string): Promise<string> {
  const result = (await runAdminOp(ctx, 'enroll-code', { commune }, 'test')) as { code: string };
  return result.code;
}

export interface Device {
  id: string;
  credential: string;
  commune: string;
}

export async function enroll(
  hub: TestHub,
  commune: string,
  deviceId = `may-${randomUUID().slice(0, 8)}`,
): Promise<Device> {
  const code = await newEnrollCode(hub.ctx, commune);
  const response = await fetch(`${hub.url}/api/sync/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceId, deviceName: 'Máy bộ phận một cửa' }),
  });
  if (response.status !== 200) throw new Error(`enroll: HTTP ${response.status} ${await response.text()}`);
  const body = enrollResponse.parse(await response.json());
  return { id: deviceId, credential: body.credential, commune };
}

export async function call(
  hub: TestHub,
  device: Device | undefined,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}${route}`, {
    method,
    headers: {
      ...(device ? { authorization: `Bearer ${device.credential}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const NOW = '2026-11-30T00:00:00.000Z';

export function makeBook(officeCode: string | null, id: string = randomUUID()): SyncBook {
  return {
    id,
    type: 'KS',
    office: 'UBND xã Điện Phước',
    officeCode,
    volume: '01/2024',
    yearOpened: 2024,
    openedOn: null,
    closedOn: null,
    period: '2024',
    notes: null,
    version: 1,
    createdAt: NOW,
    createdBy: 'canbo',
    updatedAt: NOW,
    updatedBy: 'canbo',
  };
}

export function makeEntry(
  bookId: string,
  data: Record<string, unknown>,
  version = 1,
  baseVersion = 0,
  id: string = randomUUID(),
): SyncEntry {
  return {
    id,
    bookId,
    bookType: 'KS',
    version,
    baseVersion,
    contentHash: sha256(JSON.stringify(data)),
    schemaVersion: 1,
    data,
    pages: [],
    createdAt: NOW,
    createdBy: 'canbo',
    updatedAt: NOW,
    updatedBy: 'canbo',
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  };
}

export interface BatchParts {
  device: Device;
  books: SyncBook[];
  entries: SyncEntry[];
  /** Scan files to carry (their bytes), each with one page. */
  files?: Buffer[];
  createdAt?: string;
  batchId?: string;
  eventsFrom?: number;
  /** The clerk's answers to correction requests (payload.corrections; absent when not given). */
  corrections?: CorrectionAnswer[];
}

/** A batch as the desktop makes it: counts, entry list, files and the real batch hash. */
export function makeBatch(parts: BatchParts): Batch {
  const book = parts.books[0];
  const scanFiles = (parts.files ?? []).map((bytes, i) => ({
    id: randomUUID(),
    bookId: book?.id ?? randomUUID(),
    sha256: sha256(bytes),
    originalName: `trang-${i + 1}.pdf`,
    mediaType: 'application/pdf',
    byteSize: bytes.length,
    pageCount: 1,
    position: i,
    addedAt: NOW,
    addedBy: 'canbo',
    removedAt: null,
    removedBy: null,
  }));
  const pages = scanFiles.map((file, i) => ({
    id: randomUUID(),
    bookId: file.bookId,
    scanFileId: file.id,
    indexInFile: 0,
    pageNo: i + 1,
    rotation: 0,
    width: null,
    height: null,
    removedAt: null,
  }));
  const from = parts.eventsFrom ?? 1;
  const events = parts.entries.map((entry, i) => ({
    seq: from + i,
    at: NOW,
    actor: 'canbo',
    userId: null,
    deviceId: parts.device.id,
    action: 'entry.save',
    entityType: 'entry',
    entityId: entry.id,
    version: entry.version,
    before: null,
    after: null,
    contentHash: entry.contentHash,
    prevHash: null,
    hash: null,
  }));
  const payload: BatchPayload = {
    books: parts.books,
    scanFiles,
    pages,
    entries: parts.entries,
    events,
    ...(parts.corrections ? { corrections: parts.corrections } : {}),
  };
  const files = scanFiles.map((f) => ({ sha256: f.sha256, byteSize: f.byteSize, mediaType: f.mediaType }));
  const manifest: Omit<BatchManifest, 'batchHash'> = {
    protocol: SYNC_PROTOCOL,
    batchId: parts.batchId ?? randomUUID(),
    deviceId: parts.device.id,
    communeCode: parts.device.commune,
    createdAt: parts.createdAt ?? new Date().toISOString(),
    outboxFrom: 1,
    outboxTo: parts.entries.length,
    counts: {
      books: payload.books.length,
      scanFiles: scanFiles.length,
      pages: pages.length,
      entries: payload.entries.length,
      tombstones: payload.entries.filter((e) => e.deletedAt !== null).length,
      events: events.length,
      files: files.length,
    },
    entries: payload.entries.map((e) => ({ id: e.id, version: e.version, contentHash: e.contentHash })),
    files,
  };
  return { manifest: { ...manifest, batchHash: computeBatchHash(manifest, payload) }, payload };
}

/** Uploads one file with raw tus requests (creation, then one PATCH). */
export async function tusUpload(
  hub: TestHub,
  device: Device,
  batchId: string,
  bytes: Buffer,
  claimedSha = sha256(bytes),
): Promise<{ status: number; body: string; location: string }> {
  const created = await fetch(`${hub.url}/api/sync/files`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${device.credential}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': `sha256 ${Buffer.from(claimedSha).toString('base64')},batchId ${Buffer.from(batchId).toString('base64')}`,
    },
  });
  if (created.status !== 201) return { status: created.status, body: await created.text(), location: '' };
  const location = new URL(created.headers.get('location') ?? '', `${hub.url}/api/sync/files/`).toString();
  const patched = await fetch(location, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${device.credential}`,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(bytes),
  });
  return { status: patched.status, body: await patched.text(), location };
}

/** Writes a USB package as the desktop does (protocol.ts USB_PACKAGE). */
export async function writeUsbPackage(file: string, b: Batch, device: Device, files: Buffer[]): Promise<void> {
  const members: [string, Buffer][] = [
    [USB_PACKAGE.manifest, Buffer.from(JSON.stringify(b.manifest))],
    [USB_PACKAGE.payload, Buffer.from(JSON.stringify(b.payload))],
    [
      USB_PACKAGE.device,
      Buffer.from(
        JSON.stringify(makeUsbDeviceProof(device.credential, device.id, b.manifest.batchId, b.manifest.batchHash)),
      ),
    ],
    ...files.map((bytes): [string, Buffer] => [`${USB_PACKAGE.filesDir}${sha256(bytes)}`, bytes]),
  ];
  const sums = members.map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`).join('');
  const zip = openZipWriter(file, new Date('2026-11-30T00:00:00Z'));
  for (const [name, bytes] of members) await zip.add(name, bytes);
  await zip.add(USB_PACKAGE.sums, Buffer.from(sums));
  await zip.finish();
}
