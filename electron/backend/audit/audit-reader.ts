/**
 * Reading the audit log (written only by the write gateway): the one place outside the gateway
 * and `db check` that names its table, for the capabilities that show or use their history.
 */
import type Sqlite from 'better-sqlite3';

export interface AuditEntityEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  version: number | null;
  before: string | null;
  after: string | null;
}

export function auditReader(sqlite: Sqlite.Database) {
  const eventsOf = sqlite.prepare<[string, string], AuditEntityEvent>(
    'SELECT seq, at, actor, action, version, before, after FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq',
  );
  const latestOf = sqlite.prepare<[string, string], { at: string | null }>(
    'SELECT max(at) AS at FROM audit_log WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?))',
  );
  const mentioning = sqlite.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM audit_log WHERE before LIKE ? OR after LIKE ? LIMIT 1',
  );
  return {
    /** Every event of one entity, oldest first. */
    eventsOf: (entityType: string, entityId: string): AuditEntityEvent[] => eventsOf.all(entityType, entityId),
    /** The time of the latest event of any of these entities, or null. */
    latestAt: (entityType: string, entityIds: readonly string[]): string | null =>
      entityIds.length === 0 ? null : (latestOf.get(entityType, JSON.stringify(entityIds))?.at ?? null),
    /** Whether any event's before or after names this text (a removed file's hash: kept as evidence). */
    mentions: (text: string): boolean => mentioning.get(`%${text}%`, `%${text}%`) !== undefined,
  };
}

export type AuditReader = ReturnType<typeof auditReader>;
