/**
 * Opens the SQLite database, encrypted at rest (SQLCipher format, through SQLite3 Multiple
 * Ciphers) with the data key a login unwrapped: WAL, foreign keys, synchronous=FULL (clerks' laptops lose power),
 * refuses a database written by a newer version of the app, then applies pending migrations.
 */
import Sqlite from 'better-sqlite3-multiple-ciphers';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { foldForSearch } from '../../../shared/text/normalize';
import { AUDIT_ROW_COLUMNS, auditEventHash, type AuditRow } from '../audit/audit';
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

/** The first 16 bytes of every unencrypted SQLite database. */
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `file` is an unencrypted SQLite database (an encrypted one starts with random bytes). */
export function isPlaintextDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.equals(PLAINTEXT_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Sets the cipher and key: must be the first statements on the connection. */
function applyKey(sqlite: Sqlite.Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('the data key must be 256 bits');
  sqlite.pragma(`cipher='sqlcipher'`);
  sqlite.pragma(`key="x'${key.toString('hex')}'"`);
}

function tableCounts(sqlite: Sqlite.Database): Record<string, number> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (sqlite.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n,
    ]),
  );
}

/**
 * Encrypts an existing plaintext database in place with `key`. A copy of the plaintext file is
 * kept beside it until the encrypted database has been opened with the key, passed SQLite's
 * integrity check and shown the same tables with the same row counts; only then is the copy
 * removed. If anything fails, the plaintext database is put back and the error is rethrown.
 */
export function encryptPlaintextDatabase(file: string, key: Buffer): void {
  const backup = `${file}.before-encryption`;
  let sqlite = new Sqlite(file);
  let before: Record<string, number>;
  try {
    // Everything into the main file, then out of WAL mode: the cipher rewrites the main file only.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    before = tableCounts(sqlite);
  } finally {
    sqlite.close();
  }
  fs.copyFileSync(file, backup);
  try {
    sqlite = new Sqlite(file);
    try {
      sqlite.pragma(`cipher='sqlcipher'`);
      sqlite.pragma(`rekey="x'${key.toString('hex')}'"`);
    } finally {
      sqlite.close();
    }
    if (isPlaintextDatabase(file)) throw new Error('the database is still unencrypted after rekey');
    sqlite = new Sqlite(file);
    try {
      applyKey(sqlite, key);
      const integrity = sqlite.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`integrity check after encryption: ${String(integrity)}`);
      const after = tableCounts(sqlite);
      if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error('row counts differ after encryption');
    } finally {
      sqlite.close();
    }
  } catch (error) {
    fs.copyFileSync(backup, file);
    fs.rmSync(backup);
    throw error;
  }
  fs.rmSync(backup);
}

/**
 * SQL functions the migrations use: `sohoa_content_hash(json)` is the entry's content hash (the
 * SHA-256 of its canonical JSON, RFC 8785), the same as the records service computes;
 * `fold_name(text)` is the text folded for search and sorting (no diacritics, lower case), which
 * the search table's triggers (migration 0014) call on every connection that writes entries.
 */
function registerFunctions(sqlite: Sqlite.Database): void {
  sqlite.function('fold_name', { deterministic: true }, (name: unknown) =>
    foldForSearch(typeof name === 'string' ? name : ''),
  );
  sqlite.function('sohoa_content_hash', { deterministic: true }, (json: unknown) =>
    createHash('sha256')
      .update(canonicalize(JSON.parse(String(json))) ?? '')
      .digest('hex'),
  );
  // `sohoa_audit_hash(prev_hash, seq, at, actor, user_id, device_id, action, entity_type, entity_id,
  // version, before, after, content_hash)`: an audit event's chained hash (migration 0009).
  sqlite.function('sohoa_audit_hash', { deterministic: true, varargs: true }, (...args: unknown[]) => {
    const [prevHash, seq, at, actor, userId, deviceId, action, entityType, entityId, version, before, after, hash] =
      args;
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return auditEventHash({
      prevHash: text(prevHash),
      seq: Number(seq),
      at: String(at),
      actor: String(actor),
      userId: text(userId),
      deviceId: text(deviceId),
      action: String(action),
      entityType: String(entityType),
      entityId: String(entityId),
      version: version === null || version === undefined ? null : Number(version),
      before: text(before),
      after: text(after),
      contentHash: text(hash),
    });
  });
}

export function openDatabase(options: { file: string; migrationsDir: string; key?: Buffer }): Database {
  fs.mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
  const sqlite = new Sqlite(options.file);
  try {
    if (options.key) applyKey(sqlite, options.key);
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
  audit: {
    rows: number;
    triggers: string[];
    gaps: number;
    /** The first event whose hash or link to the one before does not match (edited behind the app). */
    firstBrokenEvent?: number;
  };
  /** The first entry whose data does not match its content hash, or the hash its last event recorded. */
  firstBrokenEntry?: { id: string; so: string };
  problems: string[];
}

/** Walks the audit chain in order; returns the seq of the first event that does not match. */
export function firstBrokenAuditEvent(sqlite: Sqlite.Database): number | undefined {
  let prev: string | null = null;
  for (const raw of sqlite.prepare(`SELECT ${AUDIT_ROW_COLUMNS}, hash FROM audit_log ORDER BY seq`).iterate()) {
    const row = raw as AuditRow & { hash: string | null };
    if (row.prevHash !== prev || row.hash !== auditEventHash(row)) return row.seq;
    prev = row.hash;
  }
  return undefined;
}

/**
 * Recomputes every entry's content hash from its data, and compares it with the stored hash and
 * with the one its latest audit event recorded; returns the first entry that does not match.
 */
export function firstBrokenEntry(sqlite: Sqlite.Database): { id: string; so: string } | undefined {
  const rows = sqlite.prepare(
    `SELECT e.id, e.so, e.data, e.content_hash AS stored,
       (SELECT a.content_hash FROM audit_log a WHERE a.entity_type = 'entry' AND a.entity_id = e.id
          AND a.content_hash IS NOT NULL ORDER BY a.seq DESC LIMIT 1) AS audited
     FROM entries e ORDER BY e.id`,
  );
  for (const raw of rows.iterate()) {
    const row = raw as { id: string; so: string; data: string; stored: string; audited: string | null };
    let actual: string | undefined;
    try {
      actual = createHash('sha256')
        .update(canonicalize(JSON.parse(row.data)) ?? '')
        .digest('hex');
    } catch {
      actual = undefined;
    }
    if (actual !== row.stored || (row.audited !== null && row.audited !== row.stored)) {
      return { id: row.id, so: row.so };
    }
  }
  return undefined;
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
  // AUTOINCREMENT remembers the highest seq ever written: rows cut from the end show there.
  const highest =
    (db.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined)
      ?.seq ?? 0;
  const truncated = Math.max(0, highest - maxSeq);
  const firstBrokenEvent = firstBrokenAuditEvent(db.sqlite);
  const brokenEntry = firstBrokenEntry(db.sqlite);

  const problems: string[] = [];
  if (pending.length > 0) problems.push(`Còn ${pending.length} bước cập nhật cơ sở dữ liệu chưa áp dụng`);
  if (integrity.length !== 1 || integrity[0] !== 'ok') problems.push('Kiểm tra toàn vẹn SQLite báo lỗi');
  if (foreignKeyViolations > 0) problems.push(`${foreignKeyViolations} liên kết khóa ngoại bị hỏng`);
  for (const name of ['audit_log_no_delete', 'audit_log_no_update']) {
    if (!triggers.includes(name)) problems.push(`Thiếu trigger bảo vệ nhật ký: ${name}`);
  }
  if (gaps !== 0) problems.push(`Nhật ký thay đổi bị thiếu ${gaps} dòng`);
  if (truncated > 0) problems.push(`Nhật ký thay đổi bị cắt mất ${truncated} dòng cuối`);
  if (firstBrokenEvent !== undefined) {
    problems.push(`Nhật ký thay đổi đã bị sửa ngoài ứng dụng: sự kiện số ${firstBrokenEvent} không khớp mã băm`);
  }
  if (brokenEntry) {
    problems.push(
      `Dữ liệu trường hợp số ${brokenEntry.so} (mã ${brokenEntry.id}) đã bị sửa ngoài ứng dụng: không khớp mã băm`,
    );
  }
  return {
    ok: problems.length === 0,
    migrations: { known: journal.length, applied: applied.size, pending },
    integrity,
    foreignKeyViolations,
    audit: { rows, triggers, gaps, ...(firstBrokenEvent !== undefined ? { firstBrokenEvent } : {}) },
    ...(brokenEntry ? { firstBrokenEntry: brokenEntry } : {}),
    problems,
  };
}
