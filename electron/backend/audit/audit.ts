/** Appends to the audit log (append-only: the database's triggers refuse UPDATE and DELETE). */
import type Sqlite from 'better-sqlite3';
import { activeRequest } from '../context';

export interface AuditEvent {
  at: string;
  actor: string;
  /** The acting account and device; taken from the request in scope when not given. */
  userId?: string | null;
  deviceId?: string | null;
  action:
    | 'book.create'
    | 'book.files.add'
    | 'book.files.remove'
    | 'book.files.reorder'
    | 'page.rotate'
    | 'entry.create'
    | 'entry.update'
    | 'entry.delete'
    | 'entry.restore'
    | 'book.update';
  entityType: 'book' | 'page' | 'entry';
  entityId: string;
  version?: number;
  before?: unknown;
  after?: unknown;
}

const statements = new WeakMap<Sqlite.Database, Sqlite.Statement>();

/**
 * Appends one event. Runs on the connection itself (so inside whatever transaction is open on
 * it) with a statement prepared once per connection: entries are saved at typing speed, and
 * bulk loads save thousands.
 */
export function appendAudit(sqlite: Sqlite.Database, event: AuditEvent): void {
  let insert = statements.get(sqlite);
  if (!insert) {
    insert = sqlite.prepare(
      `INSERT INTO audit_log (at, actor, user_id, device_id, action, entity_type, entity_id, version, before, after)
       VALUES (@at, @actor, @userId, @deviceId, @action, @entityType, @entityId, @version, @before, @after)`,
    );
    statements.set(sqlite, insert);
  }
  const request = activeRequest();
  insert.run({
    at: event.at,
    actor: event.actor,
    userId: event.userId !== undefined ? event.userId : (request?.userId ?? null),
    deviceId: event.deviceId !== undefined ? event.deviceId : (request?.deviceId ?? null),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    version: event.version ?? null,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
  });
}
