/**
 * Four writers in two kinds of processes on one data folder: two clients of the web host (its own
 * process) and two `sohoa record import` calls, all at once. Every acknowledged write is there,
 * no number is saved twice without a reason, and `db check` is clean.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { sohoa } from '../../fixtures/sohoa';
import { ghBook, ghEntry, tempDir, testBackend, testDataKey } from './helpers';
import { openSession } from './web-session';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/**
 * The web host on `dataDir` as its own process, and how to call it: the one place that knows
 * the transport (adapt here when the web host asks for a login or more headers).
 */
async function startWebHostProcess(dataDir: string) {
  // A stand-in page: the unit suite runs before the renderer is built.
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const args = ['--data-dir', dataDir, '--renderer-dir', rendererDir];
  const child = spawn(process.execPath, [path.join(ROOT, 'electron/web-host/bin.mjs'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  // A browser session of the printed address, logged in as the test administrator.
  const session = await openSession({ openUrl, url: new URL(openUrl).origin });
  return async (
    method: string,
    input: unknown,
  ): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> =>
    (await session.call(method, input)).body as {
      ok: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
}

const so = (n: number) => `${n}/2018`;

describe('two processes on one data folder', () => {
  it(
    'web host clients and command line imports write at once; nothing acknowledged is lost',
    { timeout: 240_000 },
    async () => {
      const dataDir = await tempDir();
      const setup = await testBackend(dataDir);
      const book = await ghBook(setup, 2);
      setup.close();

      const call = await startWebHostProcess(dataDir);
      const acknowledged: string[] = [];
      const deleted: string[] = [];
      const refusedAsTwin: string[] = [];
      const busyMessages = new Set<string>();

      /** Calls until the answer is not BUSY (the clerk is told to wait a moment and try again). */
      async function patiently(method: string, input: unknown) {
        for (;;) {
          const answer = await call(method, input);
          if (answer.ok || answer.error?.code !== 'BUSY') return answer;
          busyMessages.add(answer.error.message);
        }
      }

      /**
       * A clerk saving entries one after the other, and deleting every third one again; "7/2018"
       * is typed by both clerks.
       */
      async function clerk(numbers: number[]) {
        for (const [i, n] of numbers.entries()) {
          for (;;) {
            const saved = await call('records.create', {
              bookId: book.id,
              data: { ...ghEntry, so: so(n) },
              pages: [{ pageId: book.pages[0]!.id }],
            });
            if (saved.ok) {
              acknowledged.push(so(n));
              if (i % 3 === 2) {
                const id = (saved.result as { id: string }).id;
                const removed = await patiently('records.delete', { id, expectedVersion: 1, reason: 'Nhập thử' });
                expect(removed.ok).toBe(true);
                deleted.push(so(n));
              }
              break;
            }
            if (saved.error?.code === 'BUSY') {
              busyMessages.add(saved.error.message);
              continue; // told to wait a moment: try again
            }
            expect(saved.error).toMatchObject({ code: 'VALIDATION', message: 'Số này đã có trong sổ' });
            refusedAsTwin.push(so(n));
            break;
          }
        }
      }

      async function importLines(first: number, count: number) {
        const file = path.join(dataDir, `import-${first}.jsonl`);
        const lines = Array.from({ length: count }, (_, i) =>
          JSON.stringify({ ...ghEntry, so: so(first + i), trangSo: 1 }),
        );
        await fs.writeFile(file, `${lines.join('\n')}\n`);
        const run = await sohoa('record', 'import', '--book', book.id, file, '--data-dir', dataDir);
        expect(run.stderr).toContain(`Đã nhập ${count} trường hợp`);
        expect(run.code).toBe(0);
        for (let i = 0; i < count; i++) acknowledged.push(so(first + i));
      }

      await Promise.all([
        clerk([7, ...Array.from({ length: 15 }, (_, i) => 100 + i)]),
        clerk([7, ...Array.from({ length: 15 }, (_, i) => 200 + i)]),
        importLines(300, 60),
        importLines(500, 60),
      ]);

      expect(refusedAsTwin).toEqual([so(7)]);
      for (const message of busyMessages) expect(message).toMatch(/^Dữ liệu đang được một chương trình khác ghi/);

      const file = path.join(dataDir, 'sohoa.sqlite');
      const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key: await testDataKey(file) });
      const stored = db.sqlite.prepare('SELECT so FROM entries WHERE deleted_at IS NULL').all() as { so: string }[];
      const gone = db.sqlite.prepare('SELECT so FROM entries WHERE deleted_at IS NOT NULL').all() as { so: string }[];
      db.close();
      expect(deleted.length).toBeGreaterThan(0);
      expect(gone.map((r) => r.so).sort()).toEqual([...deleted].sort());
      expect(stored.map((r) => r.so).sort()).toEqual(acknowledged.filter((s) => !deleted.includes(s)).sort());
      expect(new Set(stored.map((r) => r.so)).size).toBe(stored.length);

      const check = await sohoa('db', 'check', '--json', '--data-dir', dataDir);
      expect(check.code).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, audit: { gaps: 0 } });
    },
  );
});
