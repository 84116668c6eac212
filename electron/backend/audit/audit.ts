/**
 * The audit log's events and their hash chain. Events are appended only by the write gateway
 * (electron/backend/db/write-gateway.ts); the database's triggers refuse UPDATE and DELETE, and
 * each event's hash covers the one before it, so that a row edited behind the app's back (the
 * triggers dropped in the sqlite3 shell) breaks the chain and `sohoa db check` names it.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export type AuditAction =
  | 'book.create'
  | 'book.files.add'
  | 'book.files.remove'
  | 'book.files.reorder'
  | 'page.rotate'
  | 'entry.create'
  | 'entry.update'
  | 'entry.delete'
  | 'entry.restore'
  | 'book.update'
  /** The first administrator, created at first start (the actor is that administrator). */
  | 'account.setup'
  | 'account.create'
  /** By an administrator; also re-opens a locked account. */
  | 'account.password.reset'
  /** By the account itself. */
  | 'account.password.change'
  /** With the printed recovery key (the app itself acts). */
  | 'account.recover'
  | 'account.disable'
  /** A district correction request stored here (received by sync or USB receipt; once per request). */
  | 'correction.receive'
  /** A correction request answered by a new version of its entry (records.update, same write). */
  | 'correction.correct'
  /** A correction request answered "giữ nguyên", with the clerk's reason. */
  | 'correction.keep';

export interface AuditEvent {
  action: AuditAction;
  /** 'user': an account (its events never carry a password, hash or key). */
  entityType: 'book' | 'page' | 'entry' | 'user' | 'correction';
  entityId: string;
  version?: number;
  before?: unknown;
  after?: unknown;
  /** The entry's content hash after this event (entry events). */
  contentHash?: string;
}

/** An audit row as stored: what its hash covers. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  userId: string | null;
  deviceId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  version: number | null;
  /** JSON text as stored (hashed as text, so that the hash never depends on re-serializing). */
  before: string | null;
  after: string | null;
  contentHash: string | null;
  prevHash: string | null;
}

/** SHA-256 (hex) of the row's canonical JSON (RFC 8785), prev_hash included. */
export function auditEventHash(row: AuditRow): string {
  const canonical = canonicalize({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    userId: row.userId,
    deviceId: row.deviceId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    version: row.version,
    before: row.before,
    after: row.after,
    contentHash: row.contentHash,
    prevHash: row.prevHash,
  });
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

/** The SELECT list that reads an audit row as an AuditRow. */
export const AUDIT_ROW_COLUMNS = `seq, at, actor, user_id AS userId, device_id AS deviceId, action,
  entity_type AS entityType, entity_id AS entityId, version, before, after,
  content_hash AS contentHash, prev_hash AS prevHash`;
