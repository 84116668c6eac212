/**
 * Migration 0010 on a database written before it: the sync tables appear empty, nothing stored
 * changes, and entries from before sync are counted as waiting and carried by the first batch.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations, openDatabase } from '../../../electron/backend/db/database';
import { readBatches } from '../../../electron/backend/sync/batch-builder';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, migrationsBefore, tempDir } from './helpers';

describe('migration 0010: sync tables', () => {
  it('adds empty sync tables to a database of 0009 and keeps its data', async () => {
    const dataDir = await tempDir();
    // Today's backend on the migrations before 0010 (plaintext, as the migration tests do).
    const old = await openBackend({ dataDir, migrationsDir: await migrationsBefore(10), onInternalError: () => {} });
    const book = await ghBook(old, 1);
    const created = await old.dispatch(
      'records.create',
      { bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] },
      old.localRequest,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const tables = (db: typeof old.db) =>
      db.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%' ORDER BY name")
        .all();
    expect(tables(old.db)).toEqual([]);
    const before = old.db.sqlite.prepare('SELECT * FROM entries').all();
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    const db = openDatabase({ file: path.join(dataDir, 'sohoa.sqlite'), migrationsDir: MIGRATIONS_DIR });
    try {
      expect(appliedMigrations(db.sqlite).length).toBe(applied + 1);
      expect(tables(db).map((t) => (t as { name: string }).name)).toEqual([
        'sync_acks',
        'sync_batches',
        'sync_conflicts',
        'sync_settings',
      ]);
      for (const table of ['sync_acks', 'sync_batches', 'sync_conflicts', 'sync_settings']) {
        expect(db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
      expect(db.sqlite.prepare('SELECT * FROM entries').all()).toEqual(before);
      // The entry of before is in the outbox (0009 writes it there): the first batch carries it.
      const [first] = readBatches(
        { sqlite: db.sqlite, deviceId: 'd', communeCode: '20590', now: () => '2026-01-01T00:00:00Z' },
        0,
      );
      expect(first!.payload.entries.map((e) => e.id)).toEqual([(created.result as RecordDetail).id]);
    } finally {
      db.close();
    }
  });
});
