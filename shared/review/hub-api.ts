/**
 * The hub's review API for district staff in a browser: one contract table, like the desktop's
 * shared/api/contract.ts. Carried as `POST /api/review/call/<method>` with a JSON body (the input),
 * answered with `{ result }` or `{ error: { code, message } }` (Vietnamese message, shown as is).
 *
 * Sessions: `auth.login` sets an HttpOnly, SameSite=Strict cookie and returns a CSRF token; every
 * other call must send it in the `X-CSRF-Token` header. A session ends after HUB_IDLE_TIMEOUT_MS
 * without a call. `roles` lists who may call each method (empty: anybody, logged in or not).
 *
 * Binary resources (session cookie, GET, no CSRF needed):
 *   GET /api/review/files/:sha256                 a scan file (PDF or image) of a sampled entry's book
 *   GET /api/review/lots/:lotId/bien-ban.pdf      the acceptance minutes of a decided lot
 * The screens are served by the hub at /kiem-tra/ (built from renderer/hub).
 */
import { z } from '../zod';
import {
  aqlSchema,
  HUB_ROLES,
  LOT_STATES,
  VERDICTS,
  type CorrectionAnswerKind,
  type HubRole,
  type LotState,
  type SampleReason,
  type SamplingPlan,
  type Verdict,
} from './review';

export const HUB_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const CSRF_HEADER = 'X-CSRF-Token';
export const HUB_SESSION_COOKIE = 'sohoa_hub_session';

export const HUB_API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL',
] as const;
export type HubApiErrorCode = (typeof HUB_API_ERROR_CODES)[number];
export const hubApiError = z.object({ error: z.object({ code: z.enum(HUB_API_ERROR_CODES), message: z.string() }) });

const uuid = z.uuid('Mã không hợp lệ');
const nothing = z.object({}).strict();
const byLot = z.object({ lotId: uuid });
const byLotEntry = z.object({ lotId: uuid, entryId: uuid });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD');

export interface HubUserInfo {
  id: number;
  username: string;
  displayName: string;
  role: HubRole;
  disabled: boolean;
}
export interface HubSession {
  user: HubUserInfo;
  csrfToken: string;
  idleTimeoutMs: number;
}

export const hubLoginInput = z.object({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(64),
  password: z.string().min(1, 'Nhập mật khẩu').max(200),
});
export const hubChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(8, 'Mật khẩu mới tối thiểu 8 ký tự').max(200),
});
export const hubCreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,64}$/, 'Tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch'),
  displayName: z.string().trim().min(1, 'Nhập họ tên').max(200),
  role: z.enum(HUB_ROLES),
  password: z.string().min(8, 'Mật khẩu tối thiểu 8 ký tự').max(200),
});

export interface LotSummary {
  id: string;
  bookId: string;
  communeCode: string;
  communeName: string;
  bookType: string;
  /** "Quyển 01/2018 — UBND xã …", for lists. */
  bookLabel: string;
  state: LotState;
  /** Live entries in the lot. */
  lotSize: number;
  receivedAt: string;
  drawnAt: string | null;
  decidedAt: string | null;
  previousLotId: string | null;
  /** Sampled entries fully judged / sampled entries. */
  progress: { judged: number; sampled: number };
  defective: number;
}

export interface SampleItem {
  entryId: string;
  entryVersion: number;
  /** Position in the reviewer's order (random draws first in draw order, then the others). */
  order: number;
  reasons: SampleReason[];
  /** "Số 05/2018 — Nguyễn Văn A". */
  label: string;
  judged: boolean;
  defective: boolean;
}

export interface OperatingPoint {
  /** Lot percent defective. */
  percentDefective: number;
  /** Probability the plan accepts such a lot (0..1). */
  probabilityAccept: number;
}

export interface LotDetail extends LotSummary {
  plan: SamplingPlan;
  /** Chance of acceptance at 1% and 5% defective (and the rest of the OC curve for a chart). */
  operating: OperatingPoint[];
  /** The draw's seed (decimal string), null before the draw. */
  seed: string | null;
  sample: SampleItem[];
  /** Defective entries among the random draw: what the plan's numbers apply to. */
  defectiveRandom: number;
  /** What the plan says now: accept when defectiveRandom ≤ accept, reject when ≥ reject. */
  proposedDecision: 'accepted' | 'rejected' | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** The exchange with the commune: requests made from this lot and earlier lots of the book, with answers. */
  corrections: CorrectionWithAnswer[];
}

export interface ReviewPage {
  pageId: string;
  pageNo: number;
  scanSha256: string;
  mediaType: string;
  /** Page index inside its scan file (PDF page or TIFF frame), from 0. */
  indexInFile: number;
  rotation: number;
  width: number | null;
  height: number | null;
  /** The entry's box on the page, in page coordinates, when the clerk drew one. */
  rect: { x: number; y: number; w: number; h: number } | null;
}

export interface ReviewField {
  path: string;
  label: string;
  critical: boolean;
  /** The clerk's value as displayed; null while a critical field still awaits the blind read. */
  value: string | null;
  /** The clerk's mark on this field (đọc chưa chắc, không đọc được, âm lịch, ghi chú), as text. */
  mark: string | null;
  /** What the reviewer typed blind, once given. */
  blindValue: string | null;
  /** Set when the blind read and the clerk's value differ (to be settled against the image). */
  blindDisagrees: boolean;
  verdict: Verdict | null;
  readValue: string | null;
  note: string | null;
}

export interface ReviewEntry {
  lotId: string;
  entryId: string;
  entryVersion: number;
  bookType: string;
  reasons: SampleReason[];
  /** Critical fields awaiting the blind read: nothing else of the entry is shown before. */
  blindPending: boolean;
  fields: ReviewField[];
  pages: ReviewPage[];
  /** Warnings the rules give for this entry as typed. */
  warnings: string[];
  createdBy: string;
  updatedBy: string;
  previousEntryId: string | null;
  nextEntryId: string | null;
}

export const blindReadInput = z.object({
  lotId: uuid,
  entryId: uuid,
  reads: z
    .array(z.object({ path: z.string().min(1).max(200), value: z.string().max(2000) }))
    .min(1)
    .max(20),
});
export const verdictInput = z
  .object({
    lotId: uuid,
    entryId: uuid,
    path: z.string().min(1).max(200),
    verdict: z.enum(VERDICTS),
    /** wrong: what the reviewer reads on the page ('' when the page has nothing there). */
    readValue: z.string().max(2000).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((v) => v.verdict === 'ok' || v.readValue !== undefined, {
    message: 'Ô sai phải ghi giá trị đọc được trên trang (để trống nếu trang không ghi)',
    path: ['readValue'],
  });
export const drawInput = z.object({
  lotId: uuid,
  /** Decimal seed to repeat a draw; omitted: the hub picks one and records it. */
  seed: z
    .string()
    .regex(/^\d{1,20}$/, 'Hạt giống là số nguyên dương')
    .optional(),
});
export const decideInput = z.object({
  lotId: uuid,
  /** The decision the screen showed (must equal the plan's; refused otherwise). */
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().max(2000).optional(),
});
export const listLotsInput = z.object({ state: z.enum(LOT_STATES).optional() }).strict();
export const errorRatesInput = z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict();

export interface ErrorRateRow {
  key: string;
  label: string;
  entriesJudged: number;
  defectiveEntries: number;
  fieldsJudged: number;
  wrongFields: number;
  /** Defective entries per 100 judged entries. */
  defectivePer100: number;
  /** Wrong fields per 1 000 judged fields. */
  wrongPer1000: number;
}
export interface ErrorRates {
  from: string | null;
  to: string | null;
  byClerk: ErrorRateRow[];
  byBook: ErrorRateRow[];
  byField: ErrorRateRow[];
}

export interface CorrectionWithAnswer {
  id: string;
  lotId: string;
  entryId: string;
  entryVersion: number;
  field: string;
  fieldLabel: string;
  typedValue: string;
  readValue: string;
  note: string;
  requestedAt: string;
  requestedBy: string;
  answer: null | {
    kind: CorrectionAnswerKind;
    reason: string;
    entryVersion: number | null;
    answeredAt: string;
    answeredBy: string;
    receivedAt: string;
  };
}

export interface ReviewSettings {
  aql: number;
}

/** A method: input schema, result type as a phantom, the roles allowed (empty: public). */
interface HubMethod<S extends z.ZodType, R> {
  input: S;
  roles: readonly HubRole[];
  result?: R;
}
function method<R>(roles: readonly HubRole[]) {
  return <S extends z.ZodType>(input: S): HubMethod<S, R> => ({ input, roles });
}
const anyStaff = HUB_ROLES;
const admins = ['district_admin'] as const;

export const hubApiContract = {
  'auth.login': method<HubSession>([])(hubLoginInput),
  'auth.logout': method<{ loggedOut: true }>(anyStaff)(nothing),
  /** The session of the cookie (UNAUTHENTICATED when none or idle too long). */
  'auth.me': method<HubSession>(anyStaff)(nothing),
  'auth.changePassword': method<{ changed: true }>(anyStaff)(hubChangePasswordInput),
  'users.list': method<HubUserInfo[]>(admins)(nothing),
  'users.create': method<HubUserInfo>(admins)(hubCreateUserInput),
  'users.setDisabled': method<HubUserInfo>(admins)(z.object({ id: z.number().int(), disabled: z.boolean() })),
  'settings.get': method<ReviewSettings>(anyStaff)(nothing),
  'settings.setAql': method<ReviewSettings>(admins)(z.object({ aql: aqlSchema })),
  'lots.list': method<LotSummary[]>(anyStaff)(listLotsInput),
  'lots.get': method<LotDetail>(anyStaff)(byLot),
  /** Draws the sample (once per lot; the seed is recorded) and opens the lot for review. */
  'lots.draw': method<LotDetail>(anyStaff)(drawInput),
  /** Confirms the plan's decision once every sampled entry is judged; makes the correction requests. */
  'lots.decide': method<LotDetail>(anyStaff)(decideInput),
  /** One sampled entry for review (critical values hidden until the blind read). */
  'review.entry': method<ReviewEntry>(anyStaff)(byLotEntry),
  'review.blindRead': method<ReviewEntry>(anyStaff)(blindReadInput),
  'review.verdict': method<ReviewEntry>(anyStaff)(verdictInput),
  /** "Các ô còn lại đúng": every field still without a verdict (blind reads done) is marked đúng. */
  'review.markRestOk': method<ReviewEntry>(anyStaff)(byLotEntry),
  'stats.errorRates': method<ErrorRates>(anyStaff)(errorRatesInput),
};

export type HubApiContract = typeof hubApiContract;
export type HubApiMethod = keyof HubApiContract;
export type HubApiInput<M extends HubApiMethod> = z.input<HubApiContract[M]['input']>;
export type HubApiParsedInput<M extends HubApiMethod> = z.output<HubApiContract[M]['input']>;
export type HubApiResult<M extends HubApiMethod> = Exclude<HubApiContract[M]['result'], undefined>;
export function isHubApiMethod(name: string): name is HubApiMethod {
  return Object.prototype.hasOwnProperty.call(hubApiContract, name);
}
