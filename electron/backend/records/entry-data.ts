/**
 * The stored data of many entries at once, for the export's passes over a book: one query per
 * chunk instead of one `records.get` per entry. Part of the records capability (it reads its
 * table); others reach it through the records service (`records.loadStored`).
 */
import { upgradeRecordData } from '../../../shared/records/upgrades';
import type { BackendContext } from '../context';

export interface StoredEntry {
  id: string;
  version: number;
  data: Record<string, unknown>;
}

export const DATA_CHUNK = 200;

export function entryDataLoader(ctx: BackendContext) {
  const select = ctx.db.sqlite.prepare(
    `SELECT id, version, data, book_type AS bookType, schema_version AS schemaVersion FROM entries
     WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  );
  /** The stored data of the given entries, by id (an entry deleted meanwhile is absent). */
  return (ids: readonly string[]): Map<string, StoredEntry> => {
    const rows = select.all(JSON.stringify(ids)) as {
      id: string;
      version: number;
      data: string;
      bookType: string;
      schemaVersion: number;
    }[];
    // In the current field schema, as the records service reads them.
    const dataOf = (r: (typeof rows)[number]) =>
      upgradeRecordData(r.bookType, r.schemaVersion, JSON.parse(r.data) as Record<string, unknown>).data;
    return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, data: dataOf(r) }]));
  };
}
