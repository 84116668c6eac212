import Sqlite from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { checkDatabase, openDatabase, readJournal } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { tempDir } from './helpers';

async function freshDb() {
  const file = path.join(await tempDir(), 'sohoa.sqlite');
  return { file, db: openDatabase({ file, migrationsDir: MIGRATIONS_DIR }) };
}

describe('opening the database', () => {
  it('applies every migration to a new file and sets durable pragmas', async () => {
    const { db } = await freshDb();
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['audit_log', 'books', 'entries', 'entry_pages', 'pages', 'scan_files']),
    );
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(checkDatabase(db, MIGRATIONS_DIR)).toMatchObject({ ok: true, migrations: { pending: [] } });
    db.close();
  });

  it('opens an existing database again without re-applying migrations', async () => {
    const { file, db } = await freshDb();
    db.close();
    const again = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    const applied = again.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(readJournal(MIGRATIONS_DIR).length);
    again.close();
  });

  it('uses STRICT tables that refuse a value of the wrong type', async () => {
    const { db } = await freshDb();
    expect(() =>
      db.sqlite
        .prepare(
          `INSERT INTO books (id, type, office, volume, year_opened, period, created_at, created_by, updated_at, updated_by)
           VALUES ('b', 'GH', 'x', '1', 'hai nghìn', '2016-2019', 't', 'u', 't', 'u')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('keeps the audit log append-only', async () => {
    const { db } = await freshDb();
    db.sqlite
      .prepare("INSERT INTO audit_log (at, actor, action, entity_type, entity_id) VALUES ('t', 'a', 'x', 'entry', 'e')")
      .run();
    expect(() => db.sqlite.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((db.sqlite.prepare('SELECT actor FROM audit_log').get() as { actor: string }).actor).toBe('a');
    db.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', async () => {
    const { file, db } = await freshDb();
    db.sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-the-future', Date.now() + 10 * 365 * 24 * 3600 * 1000);
    db.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_TOO_NEW');
    expect((error as AppError).message).toMatch(/phiên bản mới hơn/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('db check finds a removed audit trigger and rows removed behind its back', async () => {
    const { file, db } = await freshDb();
    const insert = db.sqlite.prepare(
      "INSERT INTO audit_log (at, actor, action, entity_type, entity_id) VALUES ('t', 'a', 'x', 'entry', 'e')",
    );
    insert.run();
    insert.run();
    db.close();
    // Someone with a SQLite tool drops the trigger and deletes history.
    const raw = new Sqlite(file);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.exec('DELETE FROM audit_log WHERE seq = 1');
    raw.close();
    const reopened = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    const check = checkDatabase(reopened, MIGRATIONS_DIR);
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      'Thiếu trigger bảo vệ nhật ký: audit_log_no_delete',
      'Nhật ký thay đổi bị thiếu 1 dòng',
      // Rows written behind the app's back carry no hash: the chain breaks at the first one left.
      'Nhật ký thay đổi đã bị sửa ngoài ứng dụng: sự kiện số 2 không khớp mã băm',
    ]);
    reopened.close();
  });
});
