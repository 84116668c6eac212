/**
 * Correction requests on their way to the commune and the answers on their way back (issue 11),
 * the hub's side of the sync protocol (shared/sync/protocol.ts):
 *  - down: every request of a commune without an answer, by `GET /api/sync/corrections` and in
 *    every receipt (so that a USB receipt file carries them too, within a byte budget);
 *  - up: `payload.corrections` of a batch, taken in the batch's commit transaction. An answer to a
 *    request that is not the device's commune's, or not of the answer's entry, is recorded in
 *    hub_audit and skipped (the batch still commits); the same answer again is harmless; a
 *    different answer to an answered request is never applied and is recorded loudly.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { CorrectionAnswer, CorrectionRequest } from '../../shared/review/review';
import { SYNC_PROTOCOL, type Downlink } from '../../shared/sync/protocol';
import type { HubDb, HubTx } from '../db/open';
import { correctionAnswers, correctionRequests, hubAudit, hubUsers } from '../db/schema';

/**
 * The most bytes of correction requests one receipt carries. A receipt file goes back by USB and
 * the app reads at most 2 MB of it (hub/ingest.ts RECEIPT_HUB_ENTRY_BUDGET keeps its conflicts
 * within 512 kB); the requests get as much again, oldest first, whole requests only. Those past
 * it reach the commune by the next receipt or by `GET /api/sync/corrections`.
 */
export const RECEIPT_CORRECTIONS_BUDGET = 512 * 1024;

/** Every request of the commune that the hub holds no answer for, oldest first. */
export async function openCorrectionsFor(db: HubDb | HubTx, communeCode: string): Promise<CorrectionRequest[]> {
  const rows = await db
    .select({ request: correctionRequests, reviewer: hubUsers.displayName })
    .from(correctionRequests)
    .leftJoin(correctionAnswers, eq(correctionAnswers.requestId, correctionRequests.id))
    .leftJoin(hubUsers, eq(hubUsers.id, correctionRequests.requestedBy))
    .where(and(eq(correctionRequests.communeCode, communeCode), isNull(correctionAnswers.requestId)))
    .orderBy(asc(correctionRequests.requestedAt), asc(correctionRequests.id));
  return rows.map(({ request: r, reviewer }) => correctionRequestOf(r, reviewer));
}

/** A stored request as it travels and is shown (the reviewer's name when the account is known). */
export function correctionRequestOf(
  r: typeof correctionRequests.$inferSelect,
  reviewerName: string | null | undefined,
): CorrectionRequest {
  return {
    id: r.id,
    lotId: r.lotId,
    bookId: r.bookId,
    entryId: r.entryId,
    entryVersion: r.entryVersion,
    field: r.field,
    fieldLabel: r.fieldLabel,
    typedValue: r.typedValue,
    readValue: r.readValue,
    note: r.note,
    requestedAt: r.requestedAt.toISOString(),
    requestedBy: reviewerName ?? `Kiểm tra viên (mã ${r.requestedBy})`,
  };
}

/** GET /api/sync/corrections: the device's commune's open requests. */
export async function downlinkFor(db: HubDb | HubTx, communeCode: string): Promise<Downlink> {
  return { protocol: SYNC_PROTOCOL, corrections: await openCorrectionsFor(db, communeCode) };
}

/** The open requests a receipt carries: oldest first, as many whole ones as fit the budget. */
export async function receiptCorrections(
  db: HubDb | HubTx,
  communeCode: string,
  budget = RECEIPT_CORRECTIONS_BUDGET,
): Promise<CorrectionRequest[]> {
  const out: CorrectionRequest[] = [];
  let bytes = 0;
  for (const request of await openCorrectionsFor(db, communeCode)) {
    const size = Buffer.byteLength(JSON.stringify(request), 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    out.push(request);
  }
  return out;
}

export interface AnswerIngest {
  accepted: number;
  repeated: number;
  unknown: number;
  diverged: number;
}

/** Whether a stored answer is the same answer as an incoming one. */
function sameAnswer(held: typeof correctionAnswers.$inferSelect, a: CorrectionAnswer): boolean {
  return (
    held.answer === a.answer &&
    held.entryVersion === a.entryVersion &&
    held.reason === a.reason &&
    held.answeredAt === a.answeredAt &&
    held.answeredBy === a.answeredBy
  );
}

/**
 * Takes a batch's answers inside its commit transaction `tx` (see the module comment). Returns
 * the counts; everything skipped is in hub_audit.
 */
export async function ingestAnswers(
  tx: HubTx,
  batch: { batchId: string; deviceId: string; communeCode: string; at: Date },
  answers: readonly CorrectionAnswer[],
): Promise<AnswerIngest> {
  const result: AnswerIngest = { accepted: 0, repeated: 0, unknown: 0, diverged: 0 };
  if (answers.length === 0) return result;
  const actor = `device:${batch.deviceId}`;
  const ids = [...new Set(answers.map((a) => a.requestId))];
  const requests = new Map(
    (await tx.select().from(correctionRequests).where(inArray(correctionRequests.id, ids))).map((r) => [r.id, r]),
  );
  const held = new Map(
    (await tx.select().from(correctionAnswers).where(inArray(correctionAnswers.requestId, ids)).for('update')).map(
      (a) => [a.requestId, a],
    ),
  );
  const unknown: { answer: CorrectionAnswer; why: string }[] = [];
  const diverged: { answer: CorrectionAnswer; held: typeof correctionAnswers.$inferSelect }[] = [];
  for (const answer of answers) {
    const request = requests.get(answer.requestId);
    if (!request || request.communeCode !== batch.communeCode) {
      unknown.push({ answer, why: 'Huyện không có yêu cầu sửa này cho xã của máy gửi.' });
      continue;
    }
    if (request.entryId !== answer.entryId) {
      unknown.push({
        answer,
        why: `Yêu cầu sửa này thuộc trường hợp ${request.entryId}, không phải ${answer.entryId}.`,
      });
      continue;
    }
    const before = held.get(answer.requestId);
    if (before) {
      if (sameAnswer(before, answer)) result.repeated++;
      else diverged.push({ answer, held: before });
      continue;
    }
    const row = {
      requestId: answer.requestId,
      answer: answer.answer,
      entryVersion: answer.entryVersion,
      reason: answer.reason,
      answeredAt: answer.answeredAt,
      answeredBy: answer.answeredBy,
      batchId: batch.batchId,
      deviceId: batch.deviceId,
      receivedAt: batch.at,
    };
    await tx.insert(correctionAnswers).values(row).onConflictDoNothing();
    held.set(answer.requestId, row);
    result.accepted++;
  }
  if (result.accepted > 0) {
    await tx.insert(hubAudit).values({
      actor,
      action: 'correction.answers',
      detail: {
        batchId: batch.batchId,
        accepted: result.accepted,
        requests: answers.filter((a) => requests.has(a.requestId)).map((a) => a.requestId),
      },
    });
  }
  if (unknown.length > 0) {
    result.unknown = unknown.length;
    await tx.insert(hubAudit).values({
      actor,
      action: 'correction.answer-unknown',
      detail: {
        batchId: batch.batchId,
        message:
          'Câu trả lời cho yêu cầu sửa không có trên máy chủ huyện (hoặc không thuộc xã, trường hợp này): bỏ qua.',
        answers: unknown,
      },
    });
  }
  if (diverged.length > 0) {
    result.diverged = diverged.length;
    await tx.insert(hubAudit).values({
      actor,
      action: 'correction.answer-diverged',
      detail: {
        batchId: batch.batchId,
        message:
          'XÃ GỬI MỘT CÂU TRẢ LỜI KHÁC cho yêu cầu sửa đã được trả lời: câu trả lời đầu được giữ, câu mới không được áp dụng (được ghi ở đây).',
        answers: diverged,
      },
    });
  }
  return result;
}
