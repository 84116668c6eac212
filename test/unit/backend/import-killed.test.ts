/**
 * A `sohoa record import` killed between two of its writes leaves nothing half-imported: the next
 * backend to open (here the next `sohoa` command) soft-deletes what the run wrote, audited, and
 * `db check` stays clean. An import still running in a live process is left alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/backend/db/database';
import { IMPORT_CHUNK, KILLED_IMPORT_REASON } from '../../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { sohoa, TEST_LOGIN } from '../../fixtures/sohoa';
import { ghBook, ghEntry, tempDir, testBackend, testDataKey } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const stop: (() => void)[] = [];
afterEach(() => {
  for (const kill of stop.splice(0)) kill();
});

const so = (n: number) => `${n}/2018`;

/** What the database holds of the import runs and their entries (a reading connection of the test). */
async function stored(dataDir: string) {
  const file = path.join(dataDir, 'sohoa.sqlite');
  const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key: await testDataKey(file) });
  try {
    return {
      runs: db.sqlite.prepare('SELECT id, state, finished_at, cancelled_at FROM import_runs').all() as {
        id: string;
        state: string;
        finished_at: string | null;
        cancelled_at: string | null;
      }[],
      runEntries: db.sqlite.prepare('SELECT count(*) FROM import_run_entries').pluck().get() as number,
      live: db.sqlite.prepare('SELECT count(*) FROM entries WHERE deleted_at IS NULL').pluck().get() as number,
      deleted: db.sqlite.prepare('SELECT delete_reason AS reason FROM entries WHERE deleted_at IS NOT NULL').all() as {
        reason: string;
      }[],
      auditedDeletes: db.sqlite
        .prepare("SELECT after FROM audit_log WHERE action = 'entry.delete'")
        .pluck()
        .all() as string[],
    };
  } finally {
    db.close();
  }
}

/** `sohoa record import` as its own process, stopped for good after its first write. */
async function stalledImport(dataDir: string, bookId: string, file: string) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'electron/cli/bin.mjs'), 'record', 'import', '--book', bookId, file, '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, ...TEST_LOGIN, SOHOA_TEST_IMPORT_STALL_AFTER_CHUNKS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  stop.push(() => child.kill('SIGKILL'));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('IMPORT_STALLED')) resolve();
    });
    void exited.then(() => reject(new Error(`the import ended before its second write: ${err}`)));
  });
  return { child, exited };
}

describe('an import killed half-way', () => {
  it(
    'leaves no live entry once the next command opens the data folder; a live import is left alone',
    { timeout: 180_000 },
    async () => {
      const dataDir = await tempDir();
      const setup = await testBackend(dataDir);
      const book = await ghBook(setup, 2);
      setup.close();
      const file = path.join(dataDir, 'lo.jsonl');
      const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ ...ghEntry, so: so(i + 1), trangSo: 1 }));
      await fs.writeFile(file, `${lines.join('\n')}\n`);

      const { child, exited } = await stalledImport(dataDir, book.id, file);
      // Its first write is in: the run and its first chunk of entries.
      const during = await stored(dataDir);
      expect(during.runs).toMatchObject([{ state: 'running', finished_at: null, cancelled_at: null }]);
      expect(during.runEntries).toBe(IMPORT_CHUNK);
      expect(during.live).toBe(IMPORT_CHUNK);

      // Another process opening the data folder while the importer lives cancels nothing.
      const whileAlive = await sohoa('record', 'list', '--book', book.id, '--json', '--data-dir', dataDir);
      expect(whileAlive.code).toBe(0);
      expect((JSON.parse(whileAlive.stdout) as unknown[]).length).toBe(IMPORT_CHUNK);
      expect((await stored(dataDir)).runs).toMatchObject([{ state: 'running' }]);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      // The next command finds the run unfinished, its process gone: none of its entries is live.
      const after = await sohoa('record', 'list', '--book', book.id, '--json', '--data-dir', dataDir);
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toEqual([]);
      const runId = during.runs[0]!.id;
      const recovered = await stored(dataDir);
      expect(recovered.runs).toMatchObject([{ id: runId, state: 'cancelled', finished_at: null }]);
      expect(recovered.runs[0]!.cancelled_at).not.toBeNull();
      expect(recovered.live).toBe(0);
      // Nothing vanished silently: each entry is soft-deleted with the reason, and audited.
      expect(recovered.deleted).toHaveLength(IMPORT_CHUNK);
      for (const d of recovered.deleted) expect(d.reason).toBe(KILLED_IMPORT_REASON(runId));
      expect(KILLED_IMPORT_REASON(runId)).toBe(
        `Nhập lô bị dừng giữa chừng (lô ${runId}); không có trường hợp nào của lô được giữ`,
      );
      expect(recovered.auditedDeletes).toHaveLength(IMPORT_CHUNK);
      for (const a of recovered.auditedDeletes) expect(JSON.parse(a)).toEqual({ lyDoXoa: KILLED_IMPORT_REASON(runId) });

      const check = await sohoa('db', 'check', '--json', '--data-dir', dataDir);
      expect(check.code).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, audit: { gaps: 0 } });

      // The same lines import again whole (the cancelled numbers are free again).
      const again = await sohoa('record', 'import', '--book', book.id, file, '--data-dir', dataDir);
      expect(again.stderr).toContain('Đã nhập 1000 trường hợp');
      expect(again.code).toBe(0);
      const done = await stored(dataDir);
      expect(done.live).toBe(1000);
      expect(done.runs.map((r) => r.state).sort()).toEqual(['cancelled', 'finished']);
    },
  );

  it(
    'is cancelled when the app or the web host opens the data folder next (the whole backend)',
    { timeout: 180_000 },
    async () => {
      const dataDir = await tempDir();
      const setup = await testBackend(dataDir);
      const book = await ghBook(setup, 2);
      setup.close();
      const file = path.join(dataDir, 'lo.jsonl');
      const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ ...ghEntry, so: so(i + 1), trangSo: 1 }));
      await fs.writeFile(file, `${lines.join('\n')}\n`);
      const { child, exited } = await stalledImport(dataDir, book.id, file);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const runId = (await stored(dataDir)).runs[0]!.id;

      const backend = await testBackend(dataDir);
      expect(backend.services.records.list({ bookId: book.id })).toEqual([]);
      const listed = await backend.dispatch('records.list', { bookId: book.id });
      expect(listed).toMatchObject({ ok: true, result: [] });
      // The entry's history says why it went (the clerk sees it among the deleted entries).
      const entryId = backend.db.sqlite.prepare('SELECT entry_id FROM import_run_entries LIMIT 1').pluck().get();
      const history = backend.services.records.history(String(entryId));
      expect(history.at(-1)).toMatchObject({ action: 'entry.delete', after: { lyDoXoa: KILLED_IMPORT_REASON(runId) } });
      backend.close();
      const recovered = await stored(dataDir);
      expect(recovered.runs).toMatchObject([{ id: runId, state: 'cancelled' }]);
      expect(recovered.deleted).toHaveLength(IMPORT_CHUNK);
      expect(recovered.auditedDeletes).toHaveLength(IMPORT_CHUNK);
    },
  );

  it('is never cancelled while its own process runs: a second backend opened meanwhile keeps it', async () => {
    const dataDir = await tempDir();
    const backend = await testBackend(dataDir);
    const book = await ghBook(backend, 2);
    const items = Array.from({ length: IMPORT_CHUNK + 10 }, (_, i) => ({
      data: { ...ghEntry, so: so(i + 1), trangSo: 1 },
      pages: [{ pageId: book.pages[0]!.id }],
    }));
    let liveSeenBySecond: number | undefined;
    const result = await backend.services.records.importMany(book.id, items, {
      skipInvalid: false,
      pauseMs: 0,
      onChunk: async (written) => {
        if (written !== IMPORT_CHUNK) return;
        // Opening the data folder again in this very process, between the two writes.
        const second = await testBackend(dataDir);
        liveSeenBySecond = second.services.records.list({ bookId: book.id }).length;
        second.close();
      },
    });
    expect(liveSeenBySecond).toBe(IMPORT_CHUNK);
    expect(result.imported).toHaveLength(IMPORT_CHUNK + 10);
    expect(backend.services.records.list({ bookId: book.id })).toHaveLength(IMPORT_CHUNK + 10);
    const runs = backend.db.sqlite.prepare('SELECT state, finished_at FROM import_runs').all() as {
      state: string;
      finished_at: string | null;
    }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]!.state).toBe('finished');
    expect(runs[0]!.finished_at).not.toBeNull();
    expect(backend.db.sqlite.prepare('SELECT count(*) FROM import_run_entries').pluck().get()).toBe(IMPORT_CHUNK + 10);
  });

  it("judges only this machine's runs: a run of another machine is left for that machine", async () => {
    const dataDir = await tempDir();
    const setup = await testBackend(dataDir);
    const book = await ghBook(setup, 2);
    const [here, elsewhere] = [1, 2].map(
      (n) =>
        setup.services.records.create({
          bookId: book.id,
          data: { ...ghEntry, so: so(n) },
          pages: [{ pageId: book.pages[0]!.id }],
        }).id,
    );
    // A process that has ended: its pid is free (on this machine).
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const insertRun = setup.db.sqlite.prepare(
      "INSERT INTO import_runs (id, book_id, pid, host, started_at, state) VALUES (?, ?, ?, ?, '2026-11-30T00:00:00Z', 'running')",
    );
    const insertEntry = setup.db.sqlite.prepare('INSERT INTO import_run_entries (import_id, entry_id) VALUES (?, ?)');
    insertRun.run('run-here', book.id, gone, os.hostname());
    insertEntry.run('run-here', here);
    insertRun.run('run-elsewhere', book.id, gone, `${os.hostname()}-khac`);
    insertEntry.run('run-elsewhere', elsewhere);
    setup.close();

    const backend = await testBackend(dataDir);
    expect(backend.services.records.list({ bookId: book.id }).map((r) => r.id)).toEqual([elsewhere]);
    expect(backend.db.sqlite.prepare('SELECT id, state FROM import_runs ORDER BY id').all()).toEqual([
      { id: 'run-elsewhere', state: 'running' },
      { id: 'run-here', state: 'cancelled' },
    ]);
  });
});
