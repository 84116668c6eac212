/**
 * The sync methods through the web host as its own process (`electron/web-host/bin.mjs`), as the
 * renderer calls them: its background job sends what a clerk saves without "Gửi ngay", the USB
 * export lands under the data folder's `dong-bo/`, a receipt is handed over as text (and checked).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus, UsbExportResult } from '../../../../shared/sync/sync-status';
import { ghBook, ghEntry, tempDir, testBackend } from '../helpers';
import { openSession } from '../web-session';
import { startFakeHub, type FakeHub } from './fake-hub';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const children: ChildProcess[] = [];
const hubs: FakeHub[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
  while (hubs.length) await hubs.pop()!.close();
});

interface Answer {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

async function startWebHostProcess(dataDir: string, env: NodeJS.ProcessEnv) {
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'electron/web-host/bin.mjs'), '--data-dir', dataDir, '--renderer-dir', rendererDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  children.push(child);
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL: (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`web host exited (${code}): ${out}`)));
  });
  const session = await openSession({ openUrl, url: new URL(openUrl).origin });
  return async (method: string, input: unknown = {}): Promise<Answer> =>
    (await session.call(method, input)).body as Answer;
}

describe('sync through the web host', () => {
  it(
    'sends in the background what the clerk saves, exports USB packages under dong-bo/, refuses a receipt that is not one',
    { timeout: 120_000 },
    async () => {
      const hub = await startFakeHub(await tempDir('sohoa-hub-'));
      hubs.push(hub);
      const dataDir = await tempDir();
      const setup = await testBackend(dataDir);
      const book = await ghBook(setup, 2);
      setup.gate.close();
      const call = await startWebHostProcess(dataDir, { SOHOA_SYNC_INTERVAL_MS: '200' });

      const notYet = await call('sync.pushNow');
      expect(notYet).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(notYet.error!.message).toMatch(/chưa đăng ký với máy chủ huyện/);
      const enrolled = await call('sync.enroll', { hubUrl: hub.url, code: hub.enrollCode });
      expect(enrolled).toMatchObject({ ok: true, result: { enrolled: true, commune: { code: '20590' } } });

      const created = await call('records.create', {
        bookId: book.id,
        data: { ...ghEntry, so: '01/2018' },
        pages: [{ pageId: book.pages[0]!.id }],
      });
      expect(created.ok).toBe(true);
      const id = (created.result as { id: string }).id;
      await vi.waitFor(() => expect(hub.entries.get(id)).toMatchObject({ version: 1 }), {
        timeout: 60_000,
        interval: 200,
      });
      await vi.waitFor(
        async () => expect((await call('sync.status')).result).toMatchObject({ sent: 1, waiting: 0, online: true }),
        { timeout: 60_000, interval: 200 },
      );

      // The network goes down: the next entry leaves by USB, into the data folder's dong-bo/.
      await hub.close();
      hubs.length = 0;
      const second = await call('records.create', {
        bookId: book.id,
        data: { ...ghEntry, so: '02/2018' },
        pages: [{ pageId: book.pages[1]!.id }],
      });
      expect(second.ok).toBe(true);
      const exported = await call('sync.exportUsb');
      expect(exported.ok).toBe(true);
      const usb = exported.result as UsbExportResult;
      expect(usb).toMatchObject({ path: path.join(dataDir, 'dong-bo'), entries: 1 });
      const packages = await fs.readdir(usb.path);
      expect(packages).toHaveLength(1);
      expect(packages[0]).toMatch(/^sohoa-20590-[0-9a-f-]{36}\.zip$/);

      // A receipt that is not one: refused in Vietnamese; nothing changes.
      const bad = await call('sync.applyReceipt', { receiptJson: '{"a":1}' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const status = (await call('sync.status')).result as SyncStatus;
      expect(status).toMatchObject({ sent: 1, waiting: 1 });
    },
  );
});
