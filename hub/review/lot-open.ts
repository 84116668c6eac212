/**
 * Lots from commits (issue 11): called by the hub's one commit path (hub/ingest.ts commitOnce,
 * network and USB alike) inside the commit's transaction. Imports nothing of the ingest, so that
 * the ingest can import it.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq } from 'drizzle-orm';
import type { SamplingPlan } from '../../shared/review/review';
import type { HubTx } from '../db/open';
import { books, entries, lots } from '../db/schema';
import { byCodePoint, type LotRow } from './lot-data';
import { planFor } from './plan';
import { currentAql } from './settings';

export function planColumns(plan: SamplingPlan) {
  return {
    aql: plan.aql,
    codeLetter: plan.codeLetter,
    sampleSize: plan.sampleSize,
    acceptNo: plan.accept,
    rejectNo: plan.reject,
  };
}

export function planOf(lot: LotRow): SamplingPlan {
  return {
    inspectionLevel: 'II',
    aql: lot.aql,
    codeLetter: lot.codeLetter,
    sampleSize: lot.sampleSize,
    accept: lot.acceptNo,
    reject: lot.rejectNo,
  };
}

/**
 * After a batch's entries are written (same transaction): for each book whose live entries the
 * batch changed, refresh its `waiting` lot or open a new one after a decided or in-review lot.
 * A `rejected` lot whose book comes back becomes `resent`.
 */
export async function openLotsForBatch(
  tx: HubTx,
  batch: { bookIds: Iterable<string>; hubSeq: number; at: Date },
): Promise<void> {
  const bookIds = [...new Set(batch.bookIds)].sort(byCodePoint);
  if (bookIds.length === 0) return;
  const aql = await currentAql(tx);
  for (const bookId of bookIds) {
    // The book row is the lot's lock: commits and draws of one book take their turns.
    const [book] = await tx.select().from(books).where(eq(books.id, bookId)).for('update');
    if (!book) continue;
    const [live] = await tx
      .select({ n: count() })
      .from(entries)
      .where(and(eq(entries.bookId, bookId), eq(entries.deleted, false)));
    const lotSize = live?.n ?? 0;
    // A book without live entries has nothing to inspect (a waiting lot is refused at the draw).
    if (lotSize === 0) continue;
    const plan = planFor(lotSize, aql);
    const [newest] = await tx
      .select()
      .from(lots)
      .where(eq(lots.bookId, bookId))
      .orderBy(desc(lots.hubSeq), desc(lots.receivedAt))
      .limit(1)
      .for('update');
    if (newest?.state === 'waiting') {
      await tx
        .update(lots)
        .set({ lotSize, hubSeq: batch.hubSeq, ...planColumns(plan) })
        .where(eq(lots.id, newest.id));
      // Opened while its predecessor was in review, which was then rejected: the book came back.
      if (newest.previousLotId) {
        await tx
          .update(lots)
          .set({ state: 'resent' })
          .where(and(eq(lots.id, newest.previousLotId), eq(lots.state, 'rejected')));
      }
      continue;
    }
    await tx.insert(lots).values({
      id: randomUUID(),
      bookId,
      communeCode: book.communeCode,
      state: 'waiting',
      hubSeq: batch.hubSeq,
      lotSize,
      ...planColumns(plan),
      previousLotId: newest?.id ?? null,
      receivedAt: batch.at,
    });
    if (newest?.state === 'rejected') {
      await tx.update(lots).set({ state: 'resent' }).where(eq(lots.id, newest.id));
    }
  }
}
