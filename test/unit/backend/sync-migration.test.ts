/**
 * Migration 0010 on a database written before it: the sync tables appear empty, nothing stored
 * changes, and entries from before sync are counted as waiting and carried by the first batch.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations, openDatabase } from '../../../electron/backend/db/database';
import { readBatches } from '../../../electron/backend/sync/batch-builder';
import { backendWithEntryBefore, migrationsBefore } from './helpers';

describe('migration 0010: sync tables', () => {
  it('adds empty sync tables to a database of 0009 and keeps its data', async () => {
    const { dataDir, old, entry } = await backendWithEntryBefore(10);
    const tables = (db: typeof old.db) =>
      db.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%' ORDER BY name")
        .all();
    expect(tables(old.db)).toEqual([]);
    const before = old.db.sqlite.prepare('SELECT * FROM entries').all();
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    // 0010 alone (later migrations are tested below).
    const db = openDatabase({ file: path.join(dataDir, 'sohoa.sqlite'), migrationsDir: await migrationsBefore(11) });
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
      expect(first!.payload.entries.map((e) => e.id)).toEqual([entry.id]);
    } finally {
      db.close();
    }
  });
});

describe('migration 0011: the hub version of a sync conflict', () => {
  it("adds an empty hub_entry to the conflicts kept before it, which still show (without the hub's values)", async () => {
    const { dataDir, old, entry } = await backendWithEntryBefore(11);
    const entryId = entry.id;
    // A conflict as 0010 kept it: the hub's version by its number and hash only.
    old.db.sqlite
      .prepare(
        `INSERT INTO sync_conflicts (entry_id, batch_id, base_version, hub_version, incoming_version, hub_content_hash,
           incoming_content_hash, at) VALUES (?, ?, 0, 2, 1, ?, ?, '2026-11-30T00:00:00.000Z')`,
      )
      .run(entryId, '0190aaaa-0000-7000-8000-000000000000', 'a'.repeat(64), 'b'.repeat(64));
    const columns = (db: typeof old.db) =>
      (db.sqlite.prepare('PRAGMA table_info(sync_conflicts)').all() as { name: string }[]).map((c) => c.name);
    expect(columns(old.db)).not.toContain('hub_entry');
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    // 0011 alone (later migrations are tested in their own files).
    const now = await openBackend({ dataDir, migrationsDir: await migrationsBefore(12), onInternalError: () => {} });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(columns(now.db)).toContain('hub_entry');
      expect(
        now.db.sqlite
          .prepare('SELECT entry_id AS entryId, hub_version AS hubVersion, hub_entry AS hubEntry FROM sync_conflicts')
          .all(),
      ).toEqual([{ entryId, hubVersion: 2, hubEntry: null }]);
      expect(now.services.sync.status().conflicts).toEqual([
        expect.objectContaining({ entryId, hubVersion: 2, localVersion: 1, fields: [] }),
      ]);
    } finally {
      now.close();
    }
  });
});
