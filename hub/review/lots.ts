/**
 * Lots of the district review (issue 11): one book as the hub received it.
 *
 * - A committed batch that changes a book's live entries opens a `waiting` lot for the book, or
 *   refreshes the waiting one (openLotsForBatch, called inside the commit's transaction: network
 *   and USB alike). A book has at most one lot `in_review`: entries arriving meanwhile open the
 *   next `waiting` lot, which can be drawn only once the one in review is decided.
 * - The draw freezes the lot (every live entry at its version), records the seed and the sample:
 *   the ISO 2859-1 random draw, plus the entries always inspected (warnings, uncertain or
 *   illegible marks, duplicates kept with a reason, entries edited after their first save).
 * - The decision follows the plan's numbers on the random draw only; the always-inspected entries
 *   are extra: their wrong fields become correction requests like any other, but they do not
 *   count against the acceptance number (that would change the plan's operating characteristic).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { describePath } from '../../shared/records/labels';
import type { CorrectionWithAnswer, HubUserInfo, LotDetail, LotSummary, SampleItem } from '../../shared/review/hub-api';
import { entryFacts } from '../../shared/review/inspect';
import { LOT_STATE_LABELS, type SampleReason } from '../../shared/review/review';
import type { HubDb } from '../db/open';
import {
  books,
  communes,
  correctionAnswers,
  correctionRequests,
  entries,
  hubUsers,
  lotEntries,
  lots,
} from '../db/schema';
import { audit, type HubContext } from '../ingest';
import { reviewHandlers } from './entry-review';
import { ReviewError, staffActor, type HubHandlers } from './handler';
import {
  byCodePoint,
  chunks,
  loadSample,
  lotOr404,
  sampleLabel,
  type Db,
  type LotRow,
  type SampledEntry,
} from './lot-data';
import { correctionRequestOf } from './corrections-sync';
import { openLotsForBatch, planColumns, planOf } from './lot-open';
import { drawRandom, freshSeed, MAX_SEED, operatingPoints, planFor } from './plan';

export { openLotsForBatch, planOf };

const nowOf = (ctx: HubContext): Date => (ctx.now ? ctx.now() : new Date());

// ---------------------------------------------------------------------------------------------
// Views

async function displayNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: hubUsers.id, displayName: hubUsers.displayName })
    .from(hubUsers)
    .where(inArray(hubUsers.id, wanted));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

interface BookInfo {
  bookType: string;
  bookLabel: string;
  communeName: string;
}

async function bookInfos(db: Db, lotRows: readonly LotRow[]): Promise<Map<string, BookInfo>> {
  const out = new Map<string, BookInfo>();
  const bookIds = [...new Set(lotRows.map((l) => l.bookId))];
  const communeRows = await db.select().from(communes);
  const communeName = new Map(communeRows.map((c) => [c.code, c.name]));
  for (const ids of chunks(bookIds)) {
    const rows = await db.select().from(books).where(inArray(books.id, ids));
    for (const row of rows) {
      const b = row.data;
      out.set(row.id, {
        bookType: b.type,
        bookLabel: `${b.type} — Quyển ${b.volume} — ${b.office}`,
        communeName: communeName.get(row.communeCode) ?? row.communeCode,
      });
    }
  }
  for (const lot of lotRows) {
    if (!out.has(lot.bookId)) {
      out.set(lot.bookId, {
        bookType: '',
        bookLabel: `Sổ ${lot.bookId}`,
        communeName: communeName.get(lot.communeCode) ?? lot.communeCode,
      });
    }
  }
  return out;
}

function isDecided(lot: LotRow): boolean {
  return lot.state === 'accepted' || lot.state === 'rejected' || lot.state === 'resent';
}

function summary(
  lot: LotRow,
  info: BookInfo,
  progress: { judged: number; sampled: number },
  defective: number,
): LotSummary {
  return {
    id: lot.id,
    bookId: lot.bookId,
    communeCode: lot.communeCode,
    communeName: info.communeName,
    bookType: info.bookType,
    bookLabel: info.bookLabel,
    state: lot.state,
    lotSize: lot.lotSize,
    receivedAt: lot.receivedAt.toISOString(),
    drawnAt: lot.drawnAt?.toISOString() ?? null,
    decidedAt: lot.decidedAt?.toISOString() ?? null,
    previousLotId: lot.previousLotId,
    progress,
    defective,
  };
}

/** Defective entries of the random draw and in the whole sample, and the plan's decision. */
function tally(lot: LotRow, sample: readonly SampledEntry[]) {
  const defectiveRandom = sample.filter((s) => s.defective && s.reasons.includes('random')).length;
  const defectiveTotal = sample.filter((s) => s.defective).length;
  const judged = sample.filter((s) => s.judged).length;
  const allJudged = sample.length > 0 && judged === sample.length;
  const proposed: 'accepted' | 'rejected' | null = allJudged
    ? defectiveRandom <= lot.acceptNo
      ? 'accepted'
      : 'rejected'
    : null;
  return { defectiveRandom, defectiveTotal, judged, allJudged, proposed };
}

export async function listLots(db: HubDb, state?: LotRow['state']): Promise<LotSummary[]> {
  const rows = await db
    .select()
    .from(lots)
    .where(state ? eq(lots.state, state) : undefined)
    .orderBy(desc(lots.receivedAt), asc(lots.id));
  const infos = await bookInfos(db, rows);
  const sampledCounts = new Map<string, number>();
  for (const ids of chunks(rows.filter(isDecided).map((l) => l.id))) {
    const counted = await db
      .select({ lotId: lotEntries.lotId, n: count() })
      .from(lotEntries)
      .where(and(inArray(lotEntries.lotId, ids), isNotNull(lotEntries.sampleOrder)))
      .groupBy(lotEntries.lotId);
    for (const c of counted) sampledCounts.set(c.lotId, c.n);
  }
  const out: LotSummary[] = [];
  for (const lot of rows) {
    const info = infos.get(lot.bookId)!;
    if (lot.state === 'in_review') {
      const sample = await loadSample(db, lot);
      const t = tally(lot, sample);
      out.push(summary(lot, info, { judged: t.judged, sampled: sample.length }, t.defectiveTotal));
    } else if (isDecided(lot)) {
      const sampled = sampledCounts.get(lot.id) ?? 0;
      out.push(summary(lot, info, { judged: sampled, sampled }, lot.defectiveTotal ?? 0));
    } else {
      out.push(summary(lot, info, { judged: 0, sampled: 0 }, 0));
    }
  }
  return out;
}

/** The requests made from the lots of a book so far, with the commune's answers. */
async function correctionsOfBook(db: Db, bookId: string): Promise<CorrectionWithAnswer[]> {
  const rows = await db
    .select({ request: correctionRequests, answer: correctionAnswers })
    .from(correctionRequests)
    .leftJoin(correctionAnswers, eq(correctionAnswers.requestId, correctionRequests.id))
    .where(eq(correctionRequests.bookId, bookId))
    .orderBy(asc(correctionRequests.requestedAt), asc(correctionRequests.entryId), asc(correctionRequests.field));
  const names = await displayNames(
    db,
    rows.map((r) => r.request.requestedBy),
  );
  return rows.map(({ request: r, answer: a }) => ({
    ...correctionRequestOf(r, names.get(r.requestedBy)),
    answer: a
      ? {
          kind: a.answer,
          reason: a.reason,
          entryVersion: a.entryVersion,
          answeredAt: a.answeredAt,
          answeredBy: a.answeredBy,
          receivedAt: a.receivedAt.toISOString(),
        }
      : null,
  }));
}

export async function lotDetail(db: Db, lotId: string): Promise<LotDetail> {
  const lot = await lotOr404(db, lotId);
  const info = (await bookInfos(db, [lot])).get(lot.bookId)!;
  const sample = await loadSample(db, lot);
  const t = tally(lot, sample);
  const names = await displayNames(db, [lot.decidedBy]);
  const plan = planOf(lot);
  const items: SampleItem[] = sample.map((s) => ({
    entryId: s.row.entryId,
    entryVersion: s.row.entryVersion,
    order: s.row.sampleOrder ?? 0,
    reasons: s.reasons,
    label: sampleLabel(s),
    judged: s.judged,
    defective: s.defective,
  }));
  const decided = isDecided(lot);
  return {
    ...summary(
      lot,
      info,
      { judged: t.judged, sampled: sample.length },
      decided ? (lot.defectiveTotal ?? t.defectiveTotal) : t.defectiveTotal,
    ),
    plan,
    operating: operatingPoints(plan, lot.lotSize),
    seed: lot.seed,
    sample: items,
    defectiveRandom: decided ? (lot.defectiveRandom ?? t.defectiveRandom) : t.defectiveRandom,
    proposedDecision: decided ? lot.decision : t.proposed,
    decidedBy: lot.decidedBy === null ? null : (names.get(lot.decidedBy) ?? String(lot.decidedBy)),
    decisionNote: lot.decisionNote,
    corrections: await correctionsOfBook(db, lot.bookId),
  };
}

// ---------------------------------------------------------------------------------------------
// The draw

function parseSeed(seed: string | undefined): string {
  if (seed === undefined) return freshSeed();
  const value = BigInt(seed);
  if (value > MAX_SEED) {
    throw new ReviewError(400, 'BAD_REQUEST', `Hạt giống phải là số nguyên từ 0 đến ${MAX_SEED.toString()}.`);
  }
  return value.toString();
}

function notWaiting(lot: LotRow): ReviewError {
  if (lot.drawnAt) {
    return new ReviewError(
      409,
      'CONFLICT',
      'Lô này đã rút mẫu (hạt giống đã ghi lại): mẫu đã rút không rút lại được. Hãy mở lô để kiểm tra tiếp.',
    );
  }
  return new ReviewError(
    409,
    'CONFLICT',
    `Lô này đang ở trạng thái "${LOT_STATE_LABELS[lot.state]}": chỉ rút mẫu cho lô đang chờ kiểm tra.`,
  );
}

export async function drawLot(
  ctx: HubContext,
  input: { lotId: string; seed?: string | undefined },
  user: HubUserInfo,
): Promise<void> {
  const seed = parseSeed(input.seed);
  await ctx.db.transaction(async (tx) => {
    const first = await lotOr404(tx, input.lotId);
    // The book row first (the commit's order), then the lot.
    const [book] = await tx.select().from(books).where(eq(books.id, first.bookId)).for('update');
    const lot = await lotOr404(tx, input.lotId, true);
    if (lot.state !== 'waiting') throw notWaiting(lot);
    if (!book) throw new ReviewError(404, 'NOT_FOUND', 'Không tìm thấy sổ của lô này trên máy chủ huyện.');
    const [busy] = await tx
      .select({ id: lots.id })
      .from(lots)
      .where(and(eq(lots.bookId, lot.bookId), eq(lots.state, 'in_review'), ne(lots.id, lot.id)))
      .limit(1);
    if (busy) {
      throw new ReviewError(
        409,
        'CONFLICT',
        'Sổ này còn một lô đang kiểm tra: hãy kết luận lô đó trước khi rút mẫu lô nhận sau.',
      );
    }
    const live = (
      await tx
        .select()
        .from(entries)
        .where(and(eq(entries.bookId, lot.bookId), eq(entries.deleted, false)))
    ).sort((a, b) => byCodePoint(a.id, b.id));
    if (live.length === 0) {
      throw new ReviewError(
        409,
        'CONFLICT',
        'Sổ này không còn trường hợp nào (tất cả đã xóa): không có gì để kiểm tra.',
      );
    }
    const plan = live.length === lot.lotSize ? planOf(lot) : planFor(live.length, lot.aql);
    const n = Math.min(plan.sampleSize, live.length);
    const random = drawRandom(
      seed,
      live.map((e) => e.id),
      n,
    );
    const randomIndex = new Map(random.map((id, i) => [id, i]));
    const reasons = new Map<string, SampleReason[]>();
    for (const e of live) {
      const facts = entryFacts({
        bookType: book.data.type || e.data.bookType,
        schemaVersion: e.data.schemaVersion,
        version: e.version,
        data: e.data.data,
        bookOpenedOn: book.data.openedOn,
      });
      const own: SampleReason[] = randomIndex.has(e.id) ? ['random', ...facts.reasons] : facts.reasons;
      reasons.set(e.id, own);
    }
    const order = new Map<string, number>();
    for (const id of random) order.set(id, order.size);
    for (const e of live) if (!order.has(e.id) && (reasons.get(e.id) ?? []).length > 0) order.set(e.id, order.size);
    const at = nowOf(ctx);
    for (const part of chunks(live)) {
      await tx.insert(lotEntries).values(
        part.map((e) => ({
          lotId: lot.id,
          entryId: e.id,
          entryVersion: e.version,
          contentHash: e.contentHash,
          sampleOrder: order.get(e.id) ?? null,
          reasons: reasons.get(e.id) ?? [],
          clerk: e.data.updatedBy,
        })),
      );
    }
    await tx
      .update(lots)
      .set({
        state: 'in_review',
        seed,
        drawnAt: at,
        drawnBy: user.id,
        lotSize: live.length,
        ...planColumns(plan),
      })
      .where(eq(lots.id, lot.id));
    await audit(tx, staffActor(user), 'lot.draw', {
      lotId: lot.id,
      bookId: lot.bookId,
      seed,
      lotSize: live.length,
      random: random.length,
      sampled: order.size,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The decision

const DECISION_LABELS = { accepted: 'Đạt', rejected: 'Không đạt' } as const;

export async function decideLot(
  ctx: HubContext,
  input: { lotId: string; decision: 'accepted' | 'rejected'; note?: string | undefined },
  user: HubUserInfo,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const lot = await lotOr404(tx, input.lotId, true);
    if (lot.state !== 'in_review') {
      throw new ReviewError(
        409,
        'CONFLICT',
        lot.state === 'waiting'
          ? 'Lô này chưa rút mẫu: chưa kết luận được.'
          : `Lô này đã kết luận ("${LOT_STATE_LABELS[lot.state]}"): không kết luận lại được.`,
      );
    }
    const sample = await loadSample(tx, lot);
    const t = tally(lot, sample);
    if (!t.allJudged || !t.proposed) {
      const left = sample.length - t.judged;
      throw new ReviewError(
        409,
        'CONFLICT',
        `Còn ${left} trường hợp trong mẫu chưa kiểm tra xong: hãy kết luận mọi ô của chúng trước khi kết luận lô.`,
      );
    }
    if (t.proposed !== input.decision) {
      throw new ReviewError(
        409,
        'CONFLICT',
        `Theo phương án lấy mẫu, lô này "${DECISION_LABELS[t.proposed]}": mẫu ngẫu nhiên có ${t.defectiveRandom} trường hợp sai ` +
          `(đạt khi không quá ${lot.acceptNo}, không đạt khi từ ${lot.rejectNo} trở lên). Không ghi được kết luận "${DECISION_LABELS[input.decision]}".`,
      );
    }
    const at = nowOf(ctx);
    const note = input.note?.trim() ? input.note.trim() : null;
    await tx
      .update(lots)
      .set({
        state: input.decision,
        decision: input.decision,
        decisionNote: note,
        decidedAt: at,
        decidedBy: user.id,
        defectiveRandom: t.defectiveRandom,
        defectiveTotal: t.defectiveTotal,
      })
      .where(eq(lots.id, lot.id));
    const requests: (typeof correctionRequests.$inferInsert)[] = [];
    for (const s of sample) {
      for (const field of s.fields) {
        const v = s.newest.get(field);
        if (v?.verdict !== 'wrong') continue;
        requests.push({
          id: randomUUID(),
          lotId: lot.id,
          bookId: lot.bookId,
          communeCode: lot.communeCode,
          entryId: s.row.entryId,
          entryVersion: s.row.entryVersion,
          field,
          fieldLabel: describePath(field, s.entry.bookType),
          typedValue: v.typedValue,
          readValue: v.readValue ?? '',
          note: v.note ?? '',
          requestedAt: at,
          requestedBy: user.id,
        });
      }
    }
    for (const part of chunks(requests)) await tx.insert(correctionRequests).values(part);
    await audit(tx, staffActor(user), 'lot.decide', {
      lotId: lot.id,
      bookId: lot.bookId,
      decision: input.decision,
      defectiveRandom: t.defectiveRandom,
      defectiveTotal: t.defectiveTotal,
      corrections: requests.length,
    });
  });
}

export const lotHandlers: Pick<
  HubHandlers,
  | 'lots.list'
  | 'lots.get'
  | 'lots.draw'
  | 'lots.decide'
  | 'review.entry'
  | 'review.blindRead'
  | 'review.verdict'
  | 'review.markRestOk'
> = {
  'lots.list': (input, { ctx }) => listLots(ctx.db, input.state),
  'lots.get': (input, { ctx }) => lotDetail(ctx.db, input.lotId),
  'lots.draw': async (input, { ctx, user }) => {
    await drawLot(ctx, input, user);
    return lotDetail(ctx.db, input.lotId);
  },
  'lots.decide': async (input, { ctx, user }) => {
    await decideLot(ctx, input, user);
    return lotDetail(ctx.db, input.lotId);
  },
  ...reviewHandlers,
};
