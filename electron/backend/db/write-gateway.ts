/**
 * The one door for every change to books, scan files, pages, entries, their page links, and the
 * per-user state (drafts, view state, preferences). A write:
 *  - checks the caller's role for what it changes (shared/accounts/write-permissions.ts);
 *  - runs in an IMMEDIATE transaction, so that the service's checks (versions, duplicates,
 *    existence) read what it is about to change while holding the write lock: no other
 *    connection or process can slip a change in between a check and the write;
 *  - appends its audit events (hash-chained) and an outbox row per event in that transaction.
 * Another process holding the lock longer than the busy timeout gives a Vietnamese BUSY error.
 * No service opens a write transaction or writes audit rows itself.
 */
import type Sqlite from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { PERMISSION_MESSAGES } from '../../../shared/accounts/permissions';
import { checkWritePermission, type WriteSubject } from '../../../shared/accounts/write-permissions';
import { auditEventHash, type AuditEvent, type AuditRow } from '../audit/audit';
import type { RequestContext } from '../context';
import type { Database, Orm } from './database';

export interface WriteTx {
  orm: Orm;
  sqlite: Sqlite.Database;
  /** The time of this write (one for all its rows). */
  at: string;
  /** The acting user's login name. */
  actor: string;
  request: RequestContext;
  /** Throws CONFLICT unless the stored version is the one the caller saw. */
  expectVersion(current: number, expected: number, message: string): void;
  /** Appends an audit event and its outbox row; returns the event's seq. */
  audit(event: AuditEvent): number;
  /**
   * Bumps a row's version and its updated stamps (this write's time and actor); returns the new
   * version. With `expected`, only from that version (CONFLICT with `conflict` otherwise); without,
   * NOT_FOUND when there is no such row. No service does version arithmetic itself.
   */
  /** `atLeast`: the new version is at least this (sync: a version above the hub's). */
  bumpVersion(
    table: VersionedTable,
    id: string,
    check?: { expected: number; conflict: string },
    atLeast?: number,
  ): number;
}

/** The tables whose rows carry a version (books, entries, accounts). */
export const VERSIONED_TABLES = ['books', 'entries', 'users'] as const;
export type VersionedTable = (typeof VERSIONED_TABLES)[number];

const NOT_FOUND_MESSAGES: Record<VersionedTable, string> = {
  books: 'Không tìm thấy sổ này',
  entries: 'Không tìm thấy trường hợp này',
  users: 'Không tìm thấy tài khoản',
};

export interface WriteHooks {
  /**
   * Called inside the transaction, before the service's checks: tests use it to drive another
   * connection at the exact point where a race would bite.
   */
  onBegin?(subject: WriteSubject, nested: boolean): void;
}

interface BumpParams {
  id: string;
  at: string;
  actor: string;
  expected: number | null;
  atLeast: number;
}

export const BUSY_MESSAGE =
  'Dữ liệu đang được một chương trình khác ghi (ví dụ lệnh sohoa chạy cùng lúc). Hãy đợi giây lát rồi thử lại; dữ liệu đã lưu không bị ảnh hưởng.';

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Maps SQLite's "database is locked" to the Vietnamese BUSY error; anything else unchanged. */
export function busyToAppError(error: unknown): unknown {
  return isBusy(error) ? new AppError('BUSY', BUSY_MESSAGE) : error;
}

export function createWriteGateway(options: {
  db: Database;
  request: () => RequestContext;
  now: () => string;
  hooks?: WriteHooks;
}) {
  const { sqlite, orm } = options.db;
  const lastEvent = sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insertEvent = sqlite.prepare(
    `INSERT INTO audit_log (seq, at, actor, user_id, device_id, action, entity_type, entity_id, version, before, after,
       content_hash, prev_hash, hash)
     VALUES (@seq, @at, @actor, @userId, @deviceId, @action, @entityType, @entityId, @version, @before, @after,
       @contentHash, @prevHash, @hash)`,
  );
  const insertOutbox = sqlite.prepare(
    `INSERT INTO outbox (entity_type, entity_id, version, content_hash, audit_seq, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  const bumps = Object.fromEntries(
    VERSIONED_TABLES.map((table) => [
      table,
      sqlite.prepare<BumpParams, { version: number }>(
        `UPDATE ${table} SET version = max(version + 1, @atLeast), updated_at = @at, updated_by = @actor
         WHERE id = @id AND (@expected IS NULL OR version = @expected) RETURNING version`,
      ),
    ]),
  ) as Record<VersionedTable, Sqlite.Statement<BumpParams, { version: number }>>;

  function append(request: RequestContext, at: string, event: AuditEvent): number {
    const last = lastEvent.get() as { seq: number; hash: string | null } | undefined;
    const row: AuditRow = {
      seq: (last?.seq ?? 0) + 1,
      at,
      actor: request.userName,
      userId: request.userId,
      deviceId: request.deviceId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      version: event.version ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      contentHash: event.contentHash ?? null,
      prevHash: last?.hash ?? null,
    };
    insertEvent.run({ ...row, hash: auditEventHash(row) });
    insertOutbox.run(row.entityType, row.entityId, row.version, row.contentHash, row.seq, at);
    return row.seq;
  }

  /** Runs `fn` as one write on `subject`, as the request in scope. */
  function write<T>(subject: WriteSubject, fn: (tx: WriteTx) => T): T {
    const request = options.request();
    const verdict = checkWritePermission(subject, request);
    if (verdict === 'unauthenticated') throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
    if (verdict === 'forbidden') throw new AppError('FORBIDDEN', PERMISSION_MESSAGES.forbidden);
    const at = options.now();
    const tx: WriteTx = {
      orm,
      sqlite,
      at,
      actor: request.userName,
      request,
      expectVersion(current, expected, message) {
        if (current !== expected) throw new AppError('CONFLICT', message, { currentVersion: current });
      },
      audit: (event) => append(request, at, event),
      bumpVersion(table, id, check, atLeast) {
        const row = bumps[table].get({
          id,
          at,
          actor: request.userName,
          expected: check?.expected ?? null,
          atLeast: atLeast ?? 0,
        });
        if (row) return row.version;
        if (check) throw new AppError('CONFLICT', check.conflict);
        throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGES[table]);
      },
    };
    const nested = sqlite.inTransaction;
    const run = sqlite.transaction(() => {
      options.hooks?.onBegin?.(subject, nested);
      return fn(tx);
    });
    // Nested in another write (a bulk load), it is a savepoint of that write's transaction.
    if (nested) return run();
    try {
      return run.immediate();
    } catch (error) {
      throw busyToAppError(error);
    }
  }

  return { write };
}

export type WriteGateway = ReturnType<typeof createWriteGateway>;
