/**
 * Reading a lot's sample as the reviewer judges it: each sampled entry at the lot's version, the
 * fields judged, blind reads and the newest verdict per field, and whether the entry is judged and
 * defective. Shared by the lot views, the decision and the review of one entry.
 */
import { reviewEntryLabel } from '../../shared/review/entry-label';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { flatten } from '../../shared/records/diff';
import { criticalFieldPaths } from '../../shared/review/critical';
import type { SampleReason } from '../../shared/review/review';
import { entryFacts, reviewFieldPaths, type EntryFacts } from '../../shared/review/inspect';
import type { SyncEntry } from '../../shared/sync/protocol';
import type { HubDb, HubTx } from '../db/open';
import { blindReads, books, entries, entryVersions, lotEntries, lots, reviewVerdicts } from '../db/schema';
import { ReviewError } from './handler';

export type Db = HubDb | HubTx;
export type LotRow = typeof lots.$inferSelect;
export type LotEntryRow = typeof lotEntries.$inferSelect;
export type VerdictRow = typeof reviewVerdicts.$inferSelect;
export type BlindReadRow = typeof blindReads.$inferSelect;

const CHUNK = 500;
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Ids in code-point order (the same on PGlite and on any PostgreSQL collation). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function lotOr404(db: Db, lotId: string, forUpdate = false): Promise<LotRow> {
  const query = db.select().from(lots).where(eq(lots.id, lotId));
  const [lot] = forUpdate ? await query.for('update') : await query;
  if (!lot) throw new ReviewError(404, 'NOT_FOUND', 'Không tìm thấy lô này trên máy chủ huyện.');
  return lot;
}

/**
 * Entries at the given versions: the current row when it still is that version, else the version
 * received in entry_versions. An entry whose version is nowhere (never expected) is left out.
 */
export async function entriesAt(
  db: Db,
  wanted: readonly { entryId: string; entryVersion: number; contentHash: string }[],
): Promise<Map<string, SyncEntry>> {
  const out = new Map<string, SyncEntry>();
  const want = new Map(wanted.map((w) => [w.entryId, w]));
  for (const ids of chunks([...want.keys()])) {
    const rows = await db
      .select({ id: entries.id, version: entries.version, contentHash: entries.contentHash, data: entries.data })
      .from(entries)
      .where(inArray(entries.id, ids));
    for (const row of rows) {
      const w = want.get(row.id);
      if (w && row.version === w.entryVersion && row.contentHash === w.contentHash) out.set(row.id, row.data);
    }
  }
  const rest = [...want.values()].filter((w) => !out.has(w.entryId));
  for (const part of chunks(rest)) {
    const rows = await db
      .select({
        entryId: entryVersions.entryId,
        version: entryVersions.version,
        contentHash: entryVersions.contentHash,
        data: entryVersions.data,
      })
      .from(entryVersions)
      .where(
        inArray(
          entryVersions.entryId,
          part.map((w) => w.entryId),
        ),
      );
    for (const row of rows) {
      const w = want.get(row.entryId);
      if (w && row.version === w.entryVersion && row.contentHash === w.contentHash) out.set(row.entryId, row.data);
    }
  }
  return out;
}

/** One sampled entry and where its judging stands. */
export interface SampledEntry {
  row: LotEntryRow;
  reasons: SampleReason[];
  entry: SyncEntry;
  facts: EntryFacts;
  /** Flattened upgraded data (dotted paths). */
  flat: Record<string, unknown>;
  /** The fields judged, critical first. */
  fields: string[];
  critical: string[];
  blind: Map<string, BlindReadRow>;
  /** The newest verdict per field. */
  newest: Map<string, VerdictRow>;
  blindPending: boolean;
  judged: boolean;
  defective: boolean;
}

export function reasonsOf(row: LotEntryRow): SampleReason[] {
  return row.reasons as SampleReason[];
}

/** Builds the judging state of one sampled entry from its rows. */
export function sampledEntry(
  bookType: string,
  row: LotEntryRow,
  entry: SyncEntry,
  blind: readonly BlindReadRow[],
  verdicts: readonly VerdictRow[],
  bookOpenedOn: string | null,
): SampledEntry {
  const facts = entryFacts({
    bookType,
    schemaVersion: entry.schemaVersion,
    version: entry.version,
    data: entry.data,
    bookOpenedOn,
  });
  const fields = reviewFieldPaths(bookType, facts.data);
  const critical = criticalFieldPaths(bookType);
  const blindMap = new Map(blind.map((b) => [b.field, b]));
  const newest = new Map<string, VerdictRow>();
  for (const v of [...verdicts].sort((a, b) => a.id - b.id)) newest.set(v.field, v);
  const judged = fields.every((f) => newest.has(f));
  const defective = [...newest.values()].some((v) => v.verdict === 'wrong');
  return {
    row,
    reasons: reasonsOf(row),
    entry,
    facts,
    flat: flatten(facts.data),
    fields,
    critical,
    blind: blindMap,
    newest,
    blindPending: critical.some((p) => !blindMap.has(p)),
    judged,
    defective,
  };
}

/** A sampled entry's label for lists; it names số and person only once the blind reads are done. */
export function sampleLabel(s: SampledEntry): string {
  const page = s.facts.data.trangSo;
  const pageText = typeof page === 'number' ? ` — trang ${page}` : '';
  if (s.blindPending) return `Trường hợp thứ ${(s.row.sampleOrder ?? 0) + 1}${pageText}`;
  return `${reviewEntryLabel(s.entry.bookType, s.facts.data)}${pageText}`;
}

/** Every sampled entry of a lot (in the reviewer's order), or only `entryIds`. */
export async function loadSample(db: Db, lot: LotRow, entryIds?: readonly string[]): Promise<SampledEntry[]> {
  const [book] = await db.select({ data: books.data }).from(books).where(eq(books.id, lot.bookId));
  const bookType = book?.data.type ?? '';
  const rows = await db
    .select()
    .from(lotEntries)
    .where(
      and(
        eq(lotEntries.lotId, lot.id),
        isNotNull(lotEntries.sampleOrder),
        entryIds ? inArray(lotEntries.entryId, [...entryIds]) : undefined,
      ),
    )
    .orderBy(asc(lotEntries.sampleOrder));
  if (rows.length === 0) return [];
  const data = await entriesAt(db, rows);
  const blind = await db
    .select()
    .from(blindReads)
    .where(and(eq(blindReads.lotId, lot.id), entryIds ? inArray(blindReads.entryId, [...entryIds]) : undefined));
  const verdicts = await db
    .select()
    .from(reviewVerdicts)
    .where(
      and(eq(reviewVerdicts.lotId, lot.id), entryIds ? inArray(reviewVerdicts.entryId, [...entryIds]) : undefined),
    );
  const out: SampledEntry[] = [];
  for (const row of rows) {
    const entry = data.get(row.entryId);
    if (!entry) {
      throw new ReviewError(500, 'INTERNAL', `Không còn phiên bản ${row.entryVersion} của trường hợp ${row.entryId}.`);
    }
    out.push(
      sampledEntry(
        bookType || entry.bookType,
        row,
        entry,
        blind.filter((b) => b.entryId === row.entryId),
        verdicts.filter((v) => v.entryId === row.entryId),
        book?.data.openedOn ?? null,
      ),
    );
  }
  return out;
}
