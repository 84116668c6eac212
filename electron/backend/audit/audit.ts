/** Appends to the audit log (append-only: the database's triggers refuse UPDATE and DELETE). */
import type { Orm } from '../db/database';
import { auditLog } from '../db/schema';

export interface AuditEvent {
  at: string;
  actor: string;
  action:
    | 'book.create'
    | 'book.files.add'
    | 'book.files.remove'
    | 'book.files.reorder'
    | 'page.rotate'
    | 'entry.create'
    | 'entry.update'
    | 'entry.delete';
  entityType: 'book' | 'page' | 'entry';
  entityId: string;
  version?: number;
  before?: unknown;
  after?: unknown;
}

export function appendAudit(orm: Pick<Orm, 'insert'>, event: AuditEvent): void {
  orm
    .insert(auditLog)
    .values({
      at: event.at,
      actor: event.actor,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      version: event.version ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    })
    .run();
}
