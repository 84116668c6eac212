/**
 * Migration 0013 on a database written before it: the correction requests table appears empty,
 * nothing stored changes, and a request received afterwards is stored and answered.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations } from '../../../electron/backend/db/database';
import { backendWithEntryBefore, migrationsBefore } from './helpers';

describe('migration 0013: correction requests', () => {
  it('adds an empty correction_requests table to a database of 0012 and keeps its data', async () => {
    const { dataDir, old, entry } = await backendWithEntryBefore(13);
    const tables = (db: typeof old.db) =>
      (
        db.sqlite
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'correction_requests'")
          .all() as { name: string }[]
      ).map((t) => t.name);
    expect(tables(old.db)).toEqual([]);
    const before = ['entries', 'audit_log', 'outbox'].map((t) => old.db.sqlite.prepare(`SELECT * FROM ${t}`).all());
    const applied = appliedMigrations(old.db.sqlite).length;
    old.close();

    const errors: unknown[] = [];
    // 0013 alone (later migrations are tested in their own files).
    const now = await openBackend({
      dataDir,
      migrationsDir: await migrationsBefore(14),
      onInternalError: (e) => errors.push(e),
    });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(tables(now.db)).toEqual(['correction_requests']);
      expect(now.db.sqlite.prepare('SELECT count(*) FROM correction_requests').pluck().get()).toBe(0);
      expect(['entries', 'audit_log', 'outbox'].map((t) => now.db.sqlite.prepare(`SELECT * FROM ${t}`).all())).toEqual(
        before,
      );
      const id = uuidv7();
      const { corrections } = now.services;
      expect(
        corrections.receive([
          {
            id,
            lotId: uuidv7(),
            bookId: entry.bookId,
            entryId: entry.id,
            entryVersion: entry.version,
            field: 'so',
            fieldLabel: 'Số',
            typedValue: '01/2018',
            readValue: '07/2018',
            note: '',
            requestedAt: '2026-11-30T02:00:00.000Z',
            requestedBy: 'Trần Kiểm Tra',
          },
        ]),
      ).toBe(1);
      expect(corrections.keep({ requestId: id, reason: 'Sổ ghi số 01' })).toMatchObject({
        state: 'answered',
        answer: { kind: 'kept' },
      });
      // The table's checks hold: an answered row needs its kind and time.
      expect(() =>
        now.db.sqlite.prepare("UPDATE correction_requests SET answer_kind = 'maybe' WHERE id = ?").run(id),
      ).toThrow(/CHECK/);
      expect(errors).toEqual([]);
    } finally {
      now.close();
    }
  });
});
