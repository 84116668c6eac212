/**
 * Verdicts are append-only (hub_review_verdicts): a reviewer who changes their mind adds a row.
 * What counts is the newest row per (lot, entry, field), newest by id (ids are the insertion order).
 */
export interface VerdictLike {
  id: number;
  lotId: string;
  entryId: string;
  field: string;
}

export function newestVerdicts<V extends VerdictLike>(rows: readonly V[]): V[] {
  const newest = new Map<string, V>();
  for (const row of rows) {
    const key = `${row.lotId}\u0000${row.entryId}\u0000${row.field}`;
    const seen = newest.get(key);
    if (!seen || row.id > seen.id) newest.set(key, row);
  }
  return [...newest.values()].sort((a, b) => a.id - b.id);
}
