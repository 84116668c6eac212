/**
 * Opens the SQLite database: WAL, foreign keys, synchronous=FULL (clerks' laptops lose power),
 * refuses a database written by a newer version of the app, then applies pending migrations.
 */
import Sqlite from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import * as schema from './schema';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Database {
  sqlite: Sqlite.Database;
  orm: Orm;
  close(): void;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

export function readJournal(migrationsDir: string): JournalEntry[] {
  const file = path.join(migrationsDir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** Creation times of the migrations recorded as applied in this database. */
export function appliedMigrations(sqlite: Sqlite.Database): number[] {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATIONS_TABLE);
  if (!table) return [];
  return sqlite
    .prepare(`SELECT created_at AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY created_at`)
    .all()
    .map((row) => Number((row as { createdAt: number | bigint }).createdAt));
}

function refuseNewerDatabase(sqlite: Sqlite.Database, journal: JournalEntry[]): void {
  const known = new Set(journal.map((e) => e.when));
  const unknown = appliedMigrations(sqlite).filter((when) => !known.has(when));
  const newestKnown = Math.max(0, ...known);
  if (unknown.some((when) => when > newestKnown)) {
    throw new AppError(
      'DB_TOO_NEW',
      'Dữ liệu này được tạo bởi một phiên bản mới hơn của Số hóa Hộ tịch. Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.',
      { unknownMigrations: unknown.length },
    );
  }
}

/**
 * SQL functions the migrations use: `sohoa_content_hash(json)` is the entry's content hash (the
 * SHA-256 of its canonical JSON, RFC 8785), the same as the records service computes.
 */
function registerFunctions(sqlite: Sqlite.Database): void {
  sqlite.function('sohoa_content_hash', { deterministic: true }, (json: unknown) =>
    createHash('sha256')
      .update(canonicalize(JSON.parse(String(json))) ?? '')
      .digest('hex'),
  );
}

export function openDatabase(options: { file: string; migrationsDir: string }): Database {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new Sqlite(options.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    refuseNewerDatabase(sqlite, readJournal(options.migrationsDir));
    registerFunctions(sqlite);
    const orm = drizzle(sqlite, { schema });
    migrate(orm, { migrationsFolder: options.migrationsDir });
    return { sqlite, orm, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export interface DatabaseCheck {
  ok: boolean;
  migrations: { known: number; applied: number; pending: string[] };
  integrity: string[];
  foreignKeyViolations: number;
  audit: { rows: number; triggers: string[]; gaps: number };
  problems: string[];
}

/** What `sohoa db check` reports: migrations, integrity, and that the audit log is intact. */
export function checkDatabase(db: Database, migrationsDir: string): DatabaseCheck {
  const journal = readJournal(migrationsDir);
  const applied = new Set(appliedMigrations(db.sqlite));
  const pending = journal.filter((e) => !applied.has(e.when)).map((e) => e.tag);
  const integrity = db.sqlite
    .prepare('PRAGMA integrity_check')
    .all()
    .map((row) => String(Object.values(row as object)[0]));
  const foreignKeyViolations = db.sqlite.prepare('PRAGMA foreign_key_check').all().length;
  const triggers = db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name")
    .all()
    .map((row) => (row as { name: string }).name);
  const { rows, maxSeq } = db.sqlite
    .prepare('SELECT count(*) AS rows, coalesce(max(seq), 0) AS maxSeq FROM audit_log')
    .get() as { rows: number; maxSeq: number };
  // Rows can only be appended, so sequence numbers have no gaps unless someone bypassed the triggers.
  const gaps = maxSeq - rows;

  const problems: string[] = [];
  if (pending.length > 0) problems.push(`Còn ${pending.length} bước cập nhật cơ sở dữ liệu chưa áp dụng`);
  if (integrity.length !== 1 || integrity[0] !== 'ok') problems.push('Kiểm tra toàn vẹn SQLite báo lỗi');
  if (foreignKeyViolations > 0) problems.push(`${foreignKeyViolations} liên kết khóa ngoại bị hỏng`);
  for (const name of ['audit_log_no_delete', 'audit_log_no_update']) {
    if (!triggers.includes(name)) problems.push(`Thiếu trigger bảo vệ nhật ký: ${name}`);
  }
  if (gaps !== 0) problems.push(`Nhật ký thay đổi bị thiếu ${gaps} dòng`);
  return {
    ok: problems.length === 0,
    migrations: { known: journal.length, applied: applied.size, pending },
    integrity,
    foreignKeyViolations,
    audit: { rows, triggers, gaps },
    problems,
  };
}
