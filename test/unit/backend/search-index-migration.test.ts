/**
 * Migration 0015 drops the plain index on entries.search_text: every query of the app was
 * explained (EXPLAIN QUERY PLAN with the values it ran with) on a database that still had it, and
 * none used it (search goes through the FTS5 index); on a database of 0014 the migration removes
 * it, keeps every row, and search and the duplicate check still answer.
 */
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations } from '../../../electron/backend/db/database';
import { RECORD_SORTS, RECORD_STATUSES } from '../../../shared/records/record';
import { backendWithEntryBefore, ghBook, ghEntry, migrationsBefore, tempDir, todaysBackendBefore } from './helpers';

const indexNames = (db: Sqlite.Database) =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();

type Method = 'run' | 'get' | 'all' | 'iterate';

/**
 * Explains every statement the connection runs, with the values it runs with: each distinct SQL
 * text once, its plan lines kept by SQL. Returns the plans and a function that stops explaining.
 */
function explainEverything(): { plans: Map<string, string[]>; stop: () => void } {
  const statementProto = Object.getPrototypeOf(new Sqlite(':memory:').prepare('SELECT 1')) as Record<
    Method,
    (...args: unknown[]) => unknown
  > & { source: string; database: Sqlite.Database };
  const plans = new Map<string, string[]>();
  const originals = Object.fromEntries(
    (['run', 'get', 'all', 'iterate'] as const).map((m) => [m, statementProto[m]]),
  ) as Record<Method, (...args: unknown[]) => unknown>;
  let explaining = false;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    statementProto[method] = function (this: { source: string; database: Sqlite.Database }, ...args: unknown[]) {
      if (!explaining && !plans.has(this.source) && /\bentries\b/.test(this.source)) {
        explaining = true;
        try {
          const explain = this.database.prepare(`EXPLAIN QUERY PLAN ${this.source}`);
          const rows = originals.all.apply(explain, args) as { detail: string }[];
          plans.set(
            this.source,
            rows.map((r) => r.detail),
          );
        } catch {
          // BEGIN, PRAGMA and the like have no plan
        } finally {
          explaining = false;
        }
      }
      return originals[method].apply(this, args);
    };
  }
  return {
    plans,
    stop: () => {
      for (const method of ['run', 'get', 'all', 'iterate'] as const) statementProto[method] = originals[method];
    },
  };
}

describe('migration 0015: no index on entries.search_text', () => {
  it('drops an index that none of the queries of importing, saving, editing, searching and listing uses', async () => {
    const { plans, stop } = explainEverything();
    const dataDir = await tempDir();
    // The database as it was before 0015: the index is there for the planner to pick.
    const backend = await todaysBackendBefore(15, dataDir);
    try {
      expect(indexNames(backend.db.sqlite)).toContain('entries_search');
      const book = await ghBook(backend, 3);
      const pages = book.pages.map((p) => ({ pageId: p.id }));
      const call = async (name: string, input: unknown) => {
        const response = await backend.dispatch(name, input, backend.localRequest);
        if (!response.ok) throw new Error(`${name}: ${JSON.stringify(response.error)}`);
        return response.result as { id: string; version: number };
      };
      const loaded = await backend.services.records.importMany(
        book.id,
        Array.from({ length: 30 }, (_, i) => ({
          data: { ...ghEntry, so: i === 29 ? 'không số' : `${i + 1}/2018`, trangSo: 1 + (i % 3) },
          pages: [pages[i % 3]!],
        })),
        { skipInvalid: false, pauseMs: 0 },
      );
      expect(loaded.rejected).toEqual([]);
      await backend.services.records.importMany(book.id, [{ data: { ...ghEntry, so: '1/2018' }, pages: [pages[0]!] }], {
        skipInvalid: true,
        pauseMs: 0,
      });
      const created = await call('records.create', { bookId: book.id, data: { ...ghEntry, so: '31/2018' }, pages });
      const updated = await call('records.update', {
        id: created.id,
        expectedVersion: created.version,
        data: { ...ghEntry, so: '32/2018', trangSo: 2 },
      });
      await call('records.delete', { id: created.id, expectedVersion: updated.version, reason: 'Nhập trùng' });
      await call('records.restore', { id: created.id, expectedVersion: updated.version + 1 });
      await call('records.get', { id: created.id });
      await call('records.history', { id: created.id });
      await call('records.list', { bookId: book.id });
      await call('records.duplicates', { bookId: book.id, so: '02/2018', quyenSo: '01/2018' });
      await call('records.duplicates', { bookId: book.id, so: 'không số' });
      for (const query of ['nguyen thi phuong', 'phuong', '1/2018', undefined]) {
        for (const sort of RECORD_SORTS) {
          for (const status of [undefined, ...RECORD_STATUSES]) {
            await call('records.search', { query, sort, status, descending: sort === 'name' });
          }
        }
      }
      await call('records.search', { query: 'nguyen', bookId: book.id, pageNo: 2, year: 2018, bookType: 'GH' });
      await call('books.get', { id: book.id });
      await call('books.list', {});
      await call('export.precheck', { bookId: book.id });
    } finally {
      stop();
      backend.close();
    }
    // Queries of the search, the duplicate check and the lists were explained, none with the index.
    const all = [...plans.entries()];
    expect(all.length).toBeGreaterThan(20);
    expect(all.some(([, lines]) => lines.some((l) => l.includes('entries_number_key')))).toBe(true);
    expect(
      all.some(([sql, lines]) => sql.includes('entries_fts MATCH') && lines.some((l) => l.includes('VIRTUAL TABLE'))),
    ).toBe(true);
    expect(all.filter(([, lines]) => lines.some((l) => l.includes('entries_search')))).toEqual([]);
  });

  it('removes the index from a database of 0014 and keeps its data; search still finds the entry', async () => {
    const { dataDir, old, book } = await backendWithEntryBefore(15);
    expect(indexNames(old.db.sqlite)).toContain('entries_search');
    const tables = ['entries', 'entry_pages', 'entry_search_keys', 'audit_log', 'outbox'];
    const before = tables.map((t) => old.db.sqlite.prepare(`SELECT * FROM ${t}`).all());
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    const errors: unknown[] = [];
    const now = await openBackend({
      dataDir,
      migrationsDir: await migrationsBefore(16),
      onInternalError: (e) => errors.push(e),
    });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(indexNames(now.db.sqlite)).toEqual(['entries_book', 'entries_number_key', 'entries_so_text']);
      expect(tables.map((t) => now.db.sqlite.prepare(`SELECT * FROM ${t}`).all())).toEqual(before);
      const found = await now.dispatch('records.search', { query: 'nguyen thi phuong' }, now.localRequest);
      expect(found).toMatchObject({ ok: true, result: { total: 1 } });
      const twin = await now.dispatch(
        'records.create',
        { bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] },
        now.localRequest,
      );
      expect(twin).toMatchObject({ ok: false, error: { message: 'Số này đã có trong sổ' } });
      expect(errors).toEqual([]);
    } finally {
      now.close();
    }
  });
});
