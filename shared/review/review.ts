/**
 * District review (issue 11): the words shared by the hub's review service, its browser screens,
 * the sync downlink and the desktop's "Cần sửa". One copy; `shared/` imports nothing else.
 *
 * A lot is one book as the hub received it: its live entries at the received versions. The
 * reviewer draws an ISO 2859-1 sample (shared/review/iso2859.ts, seeded draw in
 * shared/review/draw.ts), judges each sampled entry field by field (critical fields blind first),
 * and the lot is accepted or rejected by the plan's numbers. Every field judged wrong becomes a
 * correction request that travels to the commune; the clerk corrects (a new entry version linked
 * to the request) or keeps the value with a reason; the book is sent again and becomes a new lot.
 */
import { z } from '../zod';

export const HUB_ROLES = ['reviewer', 'district_admin'] as const;
export type HubRole = (typeof HUB_ROLES)[number];
export const HUB_ROLE_LABELS: Record<HubRole, string> = {
  reviewer: 'Kiểm tra viên',
  district_admin: 'Quản trị huyện',
};

/**
 * waiting: received, sample not drawn yet; in_review: drawn, being judged; accepted / rejected:
 * decided; resent: a rejected lot whose book came back (the new lot carries `previousLotId`).
 */
export const LOT_STATES = ['waiting', 'in_review', 'accepted', 'rejected', 'resent'] as const;
export type LotState = (typeof LOT_STATES)[number];
export const LOT_STATE_LABELS: Record<LotState, string> = {
  waiting: 'Chờ kiểm tra',
  in_review: 'Đang kiểm tra',
  accepted: 'Đạt',
  rejected: 'Không đạt',
  resent: 'Đã gửi lại',
};

/** Why an entry is in the sample: the random draw, or one of the always-inspected reasons. */
export const SAMPLE_REASONS = ['random', 'warning', 'uncertain', 'duplicate', 'edited'] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];
export const SAMPLE_REASON_LABELS: Record<SampleReason, string> = {
  random: 'Chọn ngẫu nhiên',
  warning: 'Có cảnh báo',
  uncertain: 'Có ô đọc chưa chắc / không đọc được',
  duplicate: 'Trùng số, giữ lại có lý do',
  edited: 'Sửa sau lần lưu đầu',
};

export const VERDICTS = ['ok', 'wrong'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<Verdict, string> = { ok: 'Đúng', wrong: 'Sai' };

/** ISO 2859-1 preferred AQL values (percent nonconforming) the hub offers. */
export const AQL_VALUES = [0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10] as const;
export const DEFAULT_AQL = 1.0;
export const aqlSchema = z
  .number()
  .refine((v) => (AQL_VALUES as readonly number[]).includes(v), 'AQL phải là một giá trị của ISO 2859-1 (ví dụ 1.0)');

/** One ISO 2859-1 single sampling plan (normal inspection). */
export const samplingPlanSchema = z.object({
  inspectionLevel: z.literal('II'),
  aql: z.number(),
  codeLetter: z.string().regex(/^[A-R]$/),
  /** Entries drawn at random (never more than the lot: a lot smaller than n is inspected whole). */
  sampleSize: z.number().int().min(1),
  accept: z.number().int().min(0),
  reject: z.number().int().min(1),
});
export type SamplingPlan = z.infer<typeof samplingPlanSchema>;

/**
 * A correction request, as it travels to the commune (sync downlink, USB receipt) and as the
 * desktop keeps it. Append-only on the hub; the desktop stores it by id (a request delivered twice
 * is the same request).
 */
export const correctionRequestSchema = z.object({
  id: z.uuid(),
  lotId: z.uuid(),
  bookId: z.uuid(),
  entryId: z.uuid(),
  /** The entry version the reviewer judged. */
  entryVersion: z.number().int().min(1),
  /** Dotted field path in the entry's data (as marks use: "nguoi.hoTen", "nguoiGiamHo.1.hoTen"). */
  field: z.string().min(1).max(200),
  /** The field's Vietnamese label when the request was made (the desktop may relabel it). */
  fieldLabel: z.string().max(400),
  /** The clerk's value as the reviewer saw it (display text; '' when empty). */
  typedValue: z.string().max(2000),
  /** What the reviewer reads on the page ('' when the reviewer reads nothing there). */
  readValue: z.string().max(2000),
  note: z.string().max(2000),
  requestedAt: z.string().min(10).max(40),
  /** The reviewer's display name. */
  requestedBy: z.string().max(200),
});
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>;

export const CORRECTION_ANSWERS = ['corrected', 'kept'] as const;
export type CorrectionAnswerKind = (typeof CORRECTION_ANSWERS)[number];
export const CORRECTION_ANSWER_LABELS: Record<CorrectionAnswerKind, string> = {
  corrected: 'Đã sửa',
  kept: 'Giữ nguyên',
};

/** The clerk's answer to a request, carried to the hub in the next batch (payload.corrections). */
export const correctionAnswerSchema = z
  .object({
    requestId: z.uuid(),
    entryId: z.uuid(),
    answer: z.enum(CORRECTION_ANSWERS),
    /** corrected: the entry version that carries the correction. */
    entryVersion: z.number().int().min(1).nullable(),
    /** kept: why the value stays (required); corrected: optional remark. */
    reason: z.string().max(2000),
    answeredAt: z.string().min(10).max(40),
    answeredBy: z.string().max(64),
  })
  .refine((a) => a.answer !== 'kept' || a.reason.trim().length > 0, {
    message: 'Giữ nguyên giá trị cần ghi lý do',
    path: ['reason'],
  })
  .refine((a) => a.answer !== 'corrected' || a.entryVersion !== null, {
    message: 'Bản sửa phải ghi phiên bản của mục đã sửa',
    path: ['entryVersion'],
  });
export type CorrectionAnswer = z.infer<typeof correctionAnswerSchema>;
