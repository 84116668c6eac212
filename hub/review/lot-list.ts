/**
 * The list of lots (`sohoa-hub lots`, and what `lots.list` can answer): each lot with its commune,
 * book, state, size, sample progress and defective count, read from the hub's tables.
 *
 * Progress: a decided lot has every sampled entry judged; before the decision an entry counts as
 * judged once it has a verdict (the lot service alone knows an entry's full field list). Defective:
 * the count recorded with the decision, else the sampled entries with a field whose newest verdict
 * is "sai".
 */
import { and, count, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { LotSummary } from '../../shared/review/hub-api';
import type { LotState } from '../../shared/review/review';
import { books, communes, lotEntries, lots, reviewVerdicts } from '../db/schema';
import type { HubContext } from '../ingest';
import { newestVerdicts } from './newest-verdicts';

/** "Quyển 01/2018 — UBND xã Điện Phước". */
export function lotBookLabel(volume: string, office: string): string {
  return office ? `Quyển ${volume} — ${office}` : `Quyển ${volume}`;
}

export async function listLots(ctx: HubContext, filter: { state?: LotState } = {}): Promise<LotSummary[]> {
  const { db } = ctx;
  const lotRows = await db
    .select()
    .from(lots)
    .where(filter.state ? eq(lots.state, filter.state) : undefined)
    .orderBy(desc(lots.receivedAt), lots.id);
  if (lotRows.length === 0) return [];
  const lotIds = lotRows.map((l) => l.id);
  const bookIds = [...new Set(lotRows.map((l) => l.bookId))];
  const bookRows = await db.select({ id: books.id, data: books.data }).from(books).where(inArray(books.id, bookIds));
  const communeRows = await db.select().from(communes);
  const sampledRows = await db
    .select({ lotId: lotEntries.lotId, n: count() })
    .from(lotEntries)
    .where(and(inArray(lotEntries.lotId, lotIds), isNotNull(lotEntries.sampleOrder)))
    .groupBy(lotEntries.lotId);
  const sampledEntries = await db
    .select({ lotId: lotEntries.lotId, entryId: lotEntries.entryId })
    .from(lotEntries)
    .where(and(inArray(lotEntries.lotId, lotIds), isNotNull(lotEntries.sampleOrder)));
  const inSample = new Set(sampledEntries.map((e) => `${e.lotId}/${e.entryId}`));
  const verdicts = newestVerdicts(
    await db
      .select({
        id: reviewVerdicts.id,
        lotId: reviewVerdicts.lotId,
        entryId: reviewVerdicts.entryId,
        field: reviewVerdicts.field,
        verdict: reviewVerdicts.verdict,
      })
      .from(reviewVerdicts)
      .where(inArray(reviewVerdicts.lotId, lotIds)),
  ).filter((v) => inSample.has(`${v.lotId}/${v.entryId}`));

  const judged = new Map<string, Set<string>>();
  const defective = new Map<string, Set<string>>();
  for (const v of verdicts) {
    const add = (map: Map<string, Set<string>>) => {
      const set = map.get(v.lotId) ?? new Set<string>();
      set.add(v.entryId);
      map.set(v.lotId, set);
    };
    add(judged);
    if (v.verdict === 'wrong') add(defective);
  }
  const bookOf = new Map(bookRows.map((b) => [b.id, b.data]));
  const communeName = new Map(communeRows.map((c) => [c.code, c.name]));
  const sampledOf = new Map(sampledRows.map((r) => [r.lotId, Number(r.n)]));

  return lotRows.map((lot): LotSummary => {
    const book = bookOf.get(lot.bookId);
    const sampled = sampledOf.get(lot.id) ?? 0;
    const decided = lot.decision !== null;
    return {
      id: lot.id,
      bookId: lot.bookId,
      communeCode: lot.communeCode,
      communeName: communeName.get(lot.communeCode) ?? lot.communeCode,
      bookType: book?.type ?? '',
      bookLabel: book ? lotBookLabel(book.volume, book.office) : lot.bookId,
      state: lot.state,
      lotSize: lot.lotSize,
      receivedAt: lot.receivedAt.toISOString(),
      drawnAt: lot.drawnAt ? lot.drawnAt.toISOString() : null,
      decidedAt: lot.decidedAt ? lot.decidedAt.toISOString() : null,
      previousLotId: lot.previousLotId,
      progress: { judged: decided ? sampled : (judged.get(lot.id)?.size ?? 0), sampled },
      defective: lot.defectiveTotal ?? defective.get(lot.id)?.size ?? 0,
    };
  });
}
