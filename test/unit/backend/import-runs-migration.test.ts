/**
 * Migration 0012 on a database written before it: the import run tables appear empty, nothing
 * stored changes, and an import afterwards records its run.
 */
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations } from '../../../electron/backend/db/database';
import { backendWithEntryBefore, ghEntry, migrationsBefore } from './helpers';

describe('migration 0012: import runs', () => {
  it('adds empty import run tables to a database of 0011 and keeps its data', async () => {
    const { dataDir, old, book } = await backendWithEntryBefore(12);
    const tables = (db: typeof old.db) =>
      (
        db.sqlite
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import_run%' ORDER BY name")
          .all() as { name: string }[]
      ).map((t) => t.name);
    expect(tables(old.db)).toEqual([]);
    const before = old.db.sqlite.prepare('SELECT * FROM entries').all();
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    const errors: unknown[] = [];
    // 0012 alone (later migrations are tested in their own files).
    const now = await openBackend({
      dataDir,
      migrationsDir: await migrationsBefore(13),
      onInternalError: (e) => errors.push(e),
    });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(tables(now.db)).toEqual(['import_run_entries', 'import_runs']);
      expect(now.db.sqlite.prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(0);
      expect(now.db.sqlite.prepare('SELECT * FROM entries').all()).toEqual(before);
      const result = await now.services.records.importMany(
        book.id,
        [{ data: { ...ghEntry, so: '02/2018' }, pages: [{ pageId: book.pages[0]!.id }] }],
        { skipInvalid: false, pauseMs: 0 },
      );
      expect(result.imported).toHaveLength(1);
      expect(now.db.sqlite.prepare('SELECT id, state FROM import_runs').all()).toEqual([
        { id: result.importId, state: 'finished' },
      ]);
      expect(errors).toEqual([]);
    } finally {
      now.close();
    }
  });
});
