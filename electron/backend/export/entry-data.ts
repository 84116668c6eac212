/**
 * The stored data of many entries at once, for the export's passes over a book: one query per
 * chunk instead of one `records.get` per entry (the list of entries, with their pages, comes from
 * the records service).
 */
import type { BackendContext } from '../context';

export interface StoredEntry {
  id: string;
  version: number;
  data: Record<string, unknown>;
}

export const DATA_CHUNK = 200;

export function entryDataLoader(ctx: BackendContext) {
  const select = ctx.db.sqlite.prepare(
    `SELECT id, version, data FROM entries
     WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  );
  /** The stored data of the given entries, by id (an entry deleted meanwhile is absent). */
  return (ids: readonly string[]): Map<string, StoredEntry> => {
    const rows = select.all(JSON.stringify(ids)) as { id: string; version: number; data: string }[];
    return new Map(
      rows.map((r) => [r.id, { id: r.id, version: r.version, data: JSON.parse(r.data) as Record<string, unknown> }]),
    );
  };
}
