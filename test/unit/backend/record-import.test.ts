/**
 * `sohoa record import`, all or nothing, in short transactions: everything is checked before the
 * write lock is taken; the entries are written 200 at a time, so that another process saves in
 * between without BUSY; a write that fails half-way (a twin saved in between) soft-deletes what
 * the earlier writes saved, audited with the reason "Nhập lô bị hủy", and leaves no live entry.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../../electron/backend/db/database';
import { CANCELLED_IMPORT_REASON, IMPORT_CHUNK } from '../../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { TEST_LOGIN } from '../../fixtures/sohoa';
import { ghBook, ghEntry, tempDir, testBackend } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function lines(bookPageId: string, count: number, year = 2018) {
  return Array.from({ length: count }, (_, i) => ({
    data: { ...ghEntry, so: `${i + 1}/${year}` },
    pages: [{ pageId: bookPageId }],
  }));
}

const liveCount = (backend: Awaited<ReturnType<typeof testBackend>>, bookId: string) =>
  (
    backend.db.sqlite
      .prepare('SELECT count(*) AS n FROM entries WHERE book_id = ? AND deleted_at IS NULL')
      .get(bookId) as {
      n: number;
    }
  ).n;

describe('an all-or-nothing import', () => {
  it('checks every line before the first write: a hard error anywhere (a twin inside the file too) writes nothing', async () => {
    const writes: string[] = [];
    const backend = await testBackend(undefined, {
      writeHooks: {
        onBegin(subject, nested) {
          if (!nested) writes.push(subject);
        },
      },
    });
    const book = await ghBook(backend);
    const items = lines(book.pages[0]!.id, 450);
    items[9] = { ...items[9]!, data: { ...items[9]!.data, so: '5/2018' } }; // the twin of line 5
    items[420] = { ...items[420]!, data: { ...items[420]!.data, ngayDangKy: 'không phải ngày' } };
    writes.length = 0;
    const result = await backend.services.records.importMany(book.id, items, { skipInvalid: false, pauseMs: 0 });
    expect(result).toMatchObject({ imported: [], cancelled: 0 });
    expect(result.rejected.map((r) => r.index)).toEqual([9, 420]);
    expect(result.rejected[0]).toMatchObject({
      message: 'Số này đã có trong sổ',
      issues: [{ path: 'so', message: expect.stringContaining('Trùng số 5/2018 với một dòng trước trong tệp') }],
    });
    // Not even one write transaction was opened.
    expect(writes).toEqual([]);
    expect(liveCount(backend, book.id)).toBe(0);
  });

  it('undoes its earlier writes when a twin was saved in between: no live entry, each deletion audited', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const pageId = book.pages[0]!.id;
    const items = lines(pageId, 450);
    let twinId = '';
    const result = await backend.services.records.importMany(book.id, items, {
      skipInvalid: false,
      pauseMs: 0,
      // Between the first and the second write, someone saves the number of line 300.
      onChunk: (written) => {
        if (written === IMPORT_CHUNK) {
          twinId = backend.services.records.create({
            bookId: book.id,
            data: { ...ghEntry, so: '300/2018' },
            pages: [{ pageId }],
          }).id;
        }
      },
    });
    expect(result.imported).toEqual([]);
    expect(result.rejected).toMatchObject([{ index: 299, message: 'Số này đã có trong sổ' }]);
    expect(result.cancelled).toBe(IMPORT_CHUNK);

    // Only the twin is live; the first write's 200 entries are soft-deleted, with the reason.
    expect(liveCount(backend, book.id)).toBe(1);
    const live = backend.db.sqlite.prepare('SELECT id FROM entries WHERE deleted_at IS NULL').pluck().all();
    expect(live).toEqual([twinId]);
    const reason = `${CANCELLED_IMPORT_REASON} (lô ${result.importId})`;
    const deleted = backend.db.sqlite
      .prepare('SELECT delete_reason AS reason, count(*) AS n FROM entries WHERE deleted_at IS NOT NULL GROUP BY 1')
      .all();
    expect(deleted).toEqual([{ reason, n: IMPORT_CHUNK }]);
    // Nothing vanished silently: each was created and deleted in the audit log, and db check is clean.
    const events = backend.db.sqlite
      .prepare(
        "SELECT action, count(*) AS n FROM audit_log WHERE entity_type = 'entry' GROUP BY action ORDER BY action",
      )
      .all();
    expect(events).toEqual([
      { action: 'entry.create', n: IMPORT_CHUNK + 1 },
      { action: 'entry.delete', n: IMPORT_CHUNK },
    ]);
    const lastDelete = backend.db.sqlite
      .prepare("SELECT after FROM audit_log WHERE action = 'entry.delete' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(lastDelete)).toEqual({ lyDoXoa: reason });
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true, problems: [] });
    // Its run is over (cancelled), so that no later start takes it for one killed half-way.
    const runState = backend.db.sqlite.prepare('SELECT state FROM import_runs WHERE id = ?').pluck();
    expect(runState.get(result.importId)).toBe('cancelled');

    // The same file, the twin's line corrected, then imports whole (the cancelled numbers are free).
    const retry = await backend.services.records.importMany(
      book.id,
      items.map((item, i) => (i === 299 ? { ...item, data: { ...item.data, so: '451/2018' } } : item)),
      { skipInvalid: false, pauseMs: 0 },
    );
    expect(retry.rejected).toEqual([]);
    expect(liveCount(backend, book.id)).toBe(451);
    expect(runState.get(retry.importId)).toBe('finished');
  });
});

describe('a 2 000-line import in another process', () => {
  it(
    "leaves this process's writes free to go through, between its own, without BUSY",
    { timeout: 240_000 },
    async () => {
      const dataDir = await tempDir();
      const backend = await testBackend(dataDir);
      const book = await ghBook(backend);
      const pageId = book.pages[0]!.id;
      const file = path.join(dataDir, 'lo.jsonl');
      await fs.writeFile(
        file,
        lines(pageId, 2000)
          .map((item) => JSON.stringify({ ...item.data, trangSo: 1 }))
          .join('\n'),
      );
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'electron/cli/bin.mjs'), 'record', 'import', '--book', book.id, file, '--data-dir', dataDir],
        { cwd: ROOT, env: { ...process.env, ...TEST_LOGIN }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
      let done = false;
      void exited.then(() => (done = true));

      // This process keeps saving entries (of 2019) while the import runs; each must be saved.
      const mine: string[] = [];
      for (let n = 1; !done; n++) {
        const saved = await backend.dispatch('records.create', {
          bookId: book.id,
          data: { ...ghEntry, so: `${n}/2019` },
          pages: [{ pageId }],
        });
        expect(saved).toMatchObject({ ok: true });
        mine.push((saved as { result: { id: string } }).result.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await exited).toBe(0);
      expect(stderr).toContain('Đã nhập 2000 trường hợp.');

      // The two interleaved: some of this process's saves fell between the import's first and last.
      const seqOf = backend.db.sqlite
        .prepare("SELECT seq FROM audit_log WHERE action = 'entry.create' AND entity_id = ?")
        .pluck();
      const importSeqs = backend.db.sqlite
        .prepare(
          "SELECT a.seq FROM audit_log a JOIN entries e ON e.id = a.entity_id WHERE a.action = 'entry.create' AND e.so LIKE '%/2018'",
        )
        .pluck()
        .all() as number[];
      expect(importSeqs).toHaveLength(2000);
      const [first, last] = [Math.min(...importSeqs), Math.max(...importSeqs)];
      const between = mine.map((id) => seqOf.get(id) as number).filter((seq) => seq > first && seq < last);
      expect(between.length).toBeGreaterThan(0);
      expect(liveCount(backend, book.id)).toBe(2000 + mine.length);
    },
  );
});
