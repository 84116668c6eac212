/**
 * The desktop's side of the district's correction requests ("Cần sửa"): what the clerk sees and
 * the inputs of its calls. A request arrives by sync (downlink or receipt); the clerk answers it by
 * correcting the entry (records.update with `correctionRequestIds`: a new version linked to the
 * request) or by keeping the value with a reason. The answer travels back in the next batch.
 */
import { safeText, z } from '../zod';
import type { CorrectionAnswerKind, CorrectionRequest } from './review';

export const CORRECTION_STATES = ['open', 'answered'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];

export interface DesktopCorrection extends CorrectionRequest {
  state: CorrectionState;
  /** The entry's current label ("Số 05/2018 — Nguyễn Văn A"); null when the entry is not here. */
  entryLabel: string | null;
  /** The entry's current value of the field, as displayed. */
  currentValue: string | null;
  /** The entry's first page (number in the book) and its box, to show the request beside them. */
  pageNo: number | null;
  pageId: string | null;
  rect: { x: number; y: number; w: number; h: number } | null;
  receivedAt: string;
  answer: null | {
    kind: CorrectionAnswerKind;
    reason: string;
    entryVersion: number | null;
    answeredAt: string;
    answeredBy: string;
    /** Whether the answer has reached the hub (acknowledged in a receipt). */
    sent: boolean;
  };
}

export const listCorrectionsInput = z
  .object({
    bookId: z.uuid('Mã sổ không hợp lệ').optional(),
    entryId: z.uuid('Mã trường hợp không hợp lệ').optional(),
    state: z.enum(CORRECTION_STATES).optional(),
  })
  .strict();

export const keepCorrectionInput = z.object({
  requestId: z.uuid('Mã yêu cầu sửa không hợp lệ'),
  // Multi-line like the other free texts; no control character (NUL) or broken encoding.
  reason: safeText(2000, { multiline: true }).min(1, 'Ghi lý do giữ nguyên giá trị'),
});
