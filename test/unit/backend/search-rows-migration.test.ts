/**
 * Migration 0014 on a database written before it: every entry gets its search row, deleted
 * entries move to their own full-text index, nothing stored changes, and search finds what it
 * found before (live and deleted).
 */
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations } from '../../../electron/backend/db/database';
import type { RecordDetail, RecordSearchResult } from '../../../shared/records/record';
import { backendWithEntryBefore, ghEntry, migrationsBefore } from './helpers';

describe('migration 0014: search rows', () => {
  it('fills search_rows from the entries of a database of 0013 and moves deleted ones to their index', async () => {
    const { dataDir, old, book, entry } = await backendWithEntryBefore(14);
    const second = await old.dispatch(
      'records.create',
      {
        bookId: book.id,
        data: { ...ghEntry, so: '02/2018', nguoiDuocGiamHo: { hoTen: 'Đinh Thị Xoan', ngaySinh: '2011' } },
        pages: [{ pageId: book.pages[0]!.id }],
      },
      old.localRequest,
    );
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    const gone = second.result as RecordDetail;
    const removed = await old.dispatch(
      'records.delete',
      { id: gone.id, expectedVersion: gone.version, reason: 'Nhập nhầm' },
      old.localRequest,
    );
    if (!removed.ok) throw new Error(JSON.stringify(removed.error));
    const tables = (db: typeof old.db) =>
      db.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE name IN ('search_rows', 'entries_fts_deleted') ORDER BY name")
        .pluck()
        .all();
    expect(tables(old.db)).toEqual([]);
    const before = old.db.sqlite.prepare('SELECT * FROM entries ORDER BY id').all();
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    const errors: unknown[] = [];
    const now = await openBackend({
      dataDir,
      migrationsDir: await migrationsBefore(15),
      onInternalError: (e) => errors.push(e),
    });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(tables(now.db)).toEqual(['entries_fts_deleted', 'search_rows']);
      expect(now.db.sqlite.prepare('SELECT * FROM entries ORDER BY id').all()).toEqual(before);
      expect(
        now.db.sqlite
          .prepare(
            `SELECT s.entry_id AS id, s.deleted, s.so, s.name_key AS nameKey, s.year FROM search_rows s
             JOIN entry_search_keys k ON k.key = s.key AND k.entry_id = s.entry_id ORDER BY s.so`,
          )
          .all(),
      ).toEqual([
        { id: entry.id, deleted: 0, so: '01/2018', nameKey: 'nguyen thi phuong', year: 2018 },
        { id: gone.id, deleted: 1, so: '02/2018', nameKey: 'dinh thi xoan', year: 2018 },
      ]);
      const search = async (input: object) => {
        const response = await now.dispatch('records.search', input, now.localRequest);
        if (!response.ok) throw new Error(JSON.stringify(response.error));
        return (response.result as RecordSearchResult).hits.map((h) => h.id);
      };
      expect(await search({ query: 'nguyen thi phuong' })).toEqual([entry.id]);
      expect(await search({ query: 'dinh thi xoan' })).toEqual([]);
      expect(await search({ query: 'dinh thi xoan', status: 'deleted' })).toEqual([gone.id]);
      expect(await search({ query: '2018', status: 'deleted' })).toEqual([gone.id]);
      expect(await search({ query: '', sort: 'name' })).toEqual([entry.id]);
      // Writes after the migration keep it in step: the entry restored is live again.
      const restored = await now.dispatch(
        'records.restore',
        { id: gone.id, expectedVersion: gone.version + 1 },
        now.localRequest,
      );
      if (!restored.ok) throw new Error(JSON.stringify(restored.error));
      expect(await search({ query: 'dinh thi xoan' })).toEqual([gone.id]);
      expect(await search({ query: 'dinh thi xoan', status: 'deleted' })).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      now.close();
    }
  });
});
