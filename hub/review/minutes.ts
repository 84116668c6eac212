/**
 * The acceptance minutes (biên bản nghiệm thu) of a lot, as a PDF in Vietnamese: the book, the
 * lot, the ISO 2859-1 plan and its seed, the sampled entries with why each was sampled, the
 * findings (every field judged wrong: typed value against what the reviewer read), the counts,
 * the decision and the signature lines. Read from the hub's tables only.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { defaultReportFonts, PdfTextWriter, type ReportFonts } from '../../electron/backend/export/pdf-text';
import { bookTypeName, type BookTypeCode } from '../../shared/catalogs/book-types';
import { describePath } from '../../shared/records/labels';
import { reviewEntryLabel } from '../../shared/review/entry-label';
import { probabilityOfAcceptance } from '../../shared/review/iso2859';
import {
  LOT_STATE_LABELS,
  SAMPLE_REASON_LABELS,
  SAMPLE_REASONS,
  type LotState,
  type SampleReason,
  type SamplingPlan,
} from '../../shared/review/review';
import {
  books,
  communes,
  correctionRequests,
  entries,
  entryVersions,
  hubUsers,
  lotEntries,
  lots,
  reviewVerdicts,
} from '../db/schema';
import type { HubContext } from '../ingest';
import { ReviewError } from './handler';
import { newestVerdicts } from './newest-verdicts';

export interface MinutesEntry {
  order: number;
  entryId: string;
  entryVersion: number;
  label: string;
  reasons: SampleReason[];
  fieldsJudged: number;
  wrongFields: number;
  defective: boolean;
}

export interface MinutesFinding {
  entryId: string;
  entryLabel: string;
  field: string;
  fieldLabel: string;
  critical: boolean;
  typedValue: string;
  readValue: string;
  note: string;
}

export interface MinutesData {
  hubName: string;
  lotId: string;
  previousLotId: string | null;
  state: LotState;
  book: {
    id: string;
    type: string;
    typeName: string;
    volume: string;
    office: string;
    officeCode: string | null;
    yearOpened: number | null;
  };
  commune: { code: string; name: string };
  lotSize: number;
  plan: SamplingPlan;
  /** Chance the plan accepts a lot 1 % and 5 % defective (hypergeometric over this lot). */
  acceptAt1: number;
  acceptAt5: number;
  seed: string | null;
  receivedAt: string;
  drawnAt: string | null;
  drawnBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decision: 'accepted' | 'rejected' | null;
  decisionNote: string | null;
  /** Everyone who gave a verdict in this lot. */
  reviewers: string[];
  sample: MinutesEntry[];
  findings: MinutesFinding[];
  counts: {
    sampled: number;
    randomSampled: number;
    /** Defective entries among the random draw: what the plan's numbers apply to. */
    defectiveRandom: number;
    /** Defective entries in the whole sample (random and always-inspected). */
    defectiveTotal: number;
    fieldsJudged: number;
    wrongFields: number;
    correctionRequests: number;
  };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function isReason(s: string): s is SampleReason {
  return (SAMPLE_REASONS as readonly string[]).includes(s);
}

/** Reads everything the minutes of a lot show. */
export async function minutesData(ctx: HubContext, lotId: string): Promise<MinutesData> {
  const { db } = ctx;
  const [lot] = await db.select().from(lots).where(eq(lots.id, lotId));
  if (!lot) throw new ReviewError(404, 'NOT_FOUND', 'Không tìm thấy lô kiểm tra này.');
  const [book] = await db.select().from(books).where(eq(books.id, lot.bookId));
  const [commune] = await db.select().from(communes).where(eq(communes.code, lot.communeCode));
  const members = await db
    .select()
    .from(lotEntries)
    .where(eq(lotEntries.lotId, lotId))
    .orderBy(asc(lotEntries.sampleOrder));
  const sampledMembers = members.filter((m) => m.sampleOrder !== null);
  const verdicts = newestVerdicts(
    await db.select().from(reviewVerdicts).where(eq(reviewVerdicts.lotId, lotId)).orderBy(asc(reviewVerdicts.id)),
  );
  const requests = await db.select().from(correctionRequests).where(eq(correctionRequests.lotId, lotId));

  // The entries' data at the judged versions (for their labels), the current data as a fallback.
  const ids = sampledMembers.map((m) => m.entryId);
  const versionRows = ids.length
    ? await db
        .select({ entryId: entryVersions.entryId, version: entryVersions.version, data: entryVersions.data })
        .from(entryVersions)
        .where(inArray(entryVersions.entryId, ids))
    : [];
  const currentRows = ids.length
    ? await db.select({ id: entries.id, data: entries.data }).from(entries).where(inArray(entries.id, ids))
    : [];
  const bookType = book?.data.type ?? '';
  const labelOf = (entryId: string, version: number): string => {
    const atVersion = versionRows.find((r) => r.entryId === entryId && r.version === version)?.data;
    const data = atVersion ?? currentRows.find((r) => r.id === entryId)?.data;
    return data ? reviewEntryLabel(bookType, data.data) : entryId;
  };

  const userIds = [
    ...new Set([lot.drawnBy, lot.decidedBy, ...verdicts.map((v) => v.reviewerId)].filter((id) => id !== null)),
  ];
  const users = userIds.length
    ? await db
        .select({ id: hubUsers.id, displayName: hubUsers.displayName })
        .from(hubUsers)
        .where(inArray(hubUsers.id, userIds))
    : [];
  const nameOf = (id: number | null): string | null =>
    id === null ? null : (users.find((u) => u.id === id)?.displayName ?? `#${id}`);

  const sample: MinutesEntry[] = sampledMembers.map((m, i) => {
    const own = verdicts.filter((v) => v.entryId === m.entryId);
    const wrong = own.filter((v) => v.verdict === 'wrong').length;
    return {
      order: m.sampleOrder ?? i,
      entryId: m.entryId,
      entryVersion: m.entryVersion,
      label: labelOf(m.entryId, m.entryVersion),
      reasons: m.reasons.filter(isReason),
      fieldsJudged: own.length,
      wrongFields: wrong,
      defective: wrong > 0,
    };
  });
  const labels = new Map(sample.map((s) => [s.entryId, s.label]));
  const orderOf = new Map(sample.map((s) => [s.entryId, s.order]));
  const findings: MinutesFinding[] = verdicts
    .filter((v) => v.verdict === 'wrong')
    .sort((a, b) => (orderOf.get(a.entryId) ?? 0) - (orderOf.get(b.entryId) ?? 0) || a.id - b.id)
    .map((v) => ({
      entryId: v.entryId,
      entryLabel: labels.get(v.entryId) ?? v.entryId,
      field: v.field,
      fieldLabel: describePath(v.field, bookType),
      critical: v.critical,
      typedValue: v.typedValue,
      readValue: v.readValue ?? '',
      note: v.note ?? '',
    }));

  const random = sample.filter((s) => s.reasons.includes('random'));
  const plan: SamplingPlan = {
    inspectionLevel: 'II',
    aql: lot.aql,
    codeLetter: lot.codeLetter,
    sampleSize: lot.sampleSize,
    accept: lot.acceptNo,
    reject: lot.rejectNo,
  };
  return {
    hubName: ctx.hubName,
    lotId: lot.id,
    previousLotId: lot.previousLotId,
    state: lot.state,
    book: {
      id: lot.bookId,
      type: bookType,
      typeName: book ? bookTypeName(book.data.type as BookTypeCode) : '',
      volume: book?.data.volume ?? '',
      office: book?.data.office ?? '',
      officeCode: book?.data.officeCode ?? null,
      yearOpened: book?.data.yearOpened ?? null,
    },
    commune: { code: lot.communeCode, name: commune?.name ?? lot.communeCode },
    lotSize: lot.lotSize,
    plan,
    acceptAt1: probabilityOfAcceptance(plan, 1, lot.lotSize),
    acceptAt5: probabilityOfAcceptance(plan, 5, lot.lotSize),
    seed: lot.seed,
    receivedAt: lot.receivedAt.toISOString(),
    drawnAt: iso(lot.drawnAt),
    drawnBy: nameOf(lot.drawnBy),
    decidedAt: iso(lot.decidedAt),
    decidedBy: nameOf(lot.decidedBy),
    decision: lot.decision,
    decisionNote: lot.decisionNote,
    reviewers: [...new Set(verdicts.map((v) => nameOf(v.reviewerId) ?? ''))].filter(Boolean),
    sample,
    findings,
    counts: {
      sampled: sample.length,
      randomSampled: random.length,
      // The numbers recorded with the decision are what it rested on; before it, as judged now.
      defectiveRandom: lot.defectiveRandom ?? random.filter((s) => s.defective).length,
      defectiveTotal: lot.defectiveTotal ?? sample.filter((s) => s.defective).length,
      fieldsJudged: verdicts.length,
      wrongFields: findings.length,
      correctionRequests: requests.length,
    },
  };
}

const TITLE = 'BIÊN BẢN NGHIỆM THU';
const SUBTITLE = 'Kết quả kiểm tra chọn mẫu dữ liệu số hóa sổ hộ tịch';
const TZ = 'Asia/Ho_Chi_Minh';

function parts(isoTime: string): Record<'day' | 'month' | 'year' | 'hour' | 'minute', string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out = { day: '', month: '', year: '', hour: '', minute: '' };
  for (const p of fmt.formatToParts(new Date(isoTime))) {
    if (p.type in out) out[p.type as keyof typeof out] = p.value;
  }
  return out;
}

/** "14:05 ngày 30/11/2026" (Vietnam time). */
export function formatVnTime(isoTime: string | null): string {
  if (!isoTime) return '—';
  const p = parts(isoTime);
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}

/** "ngày 30 tháng 11 năm 2026" (Vietnam time). */
function formatVnDateWords(isoTime: string): string {
  const p = parts(isoTime);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

const percent = (x: number): string => `${(x * 100).toFixed(1).replace('.', ',')} %`;
const aqlText = (aql: number): string => aql.toLocaleString('vi-VN', { minimumFractionDigits: 1 });

export function decisionText(decision: MinutesData['decision']): string {
  if (decision === 'accepted') return 'ĐẠT — lô được nghiệm thu';
  if (decision === 'rejected') return 'KHÔNG ĐẠT — trả lại xã để sửa và gửi lại';
  return 'CHƯA CÓ QUYẾT ĐỊNH';
}

/** The minutes as PDF bytes (A4, DejaVu Sans embedded; several pages when the lot is long). */
export async function renderMinutesPdf(
  data: MinutesData,
  fonts: ReportFonts = defaultReportFonts(),
): Promise<Uint8Array> {
  const bookLine = `${data.book.type} quyển ${data.book.volume}, ${data.book.office || data.commune.name}`;
  const pdf = await PdfTextWriter.create(fonts, `${TITLE} — ${bookLine}`, `${TITLE} — ${bookLine} — lô ${data.lotId}`);
  pdf.paragraph('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 10, bold: true });
  pdf.paragraph('Độc lập - Tự do - Hạnh phúc', { size: 10, bold: true });
  pdf.gap(10);
  pdf.title(TITLE);
  pdf.paragraph(SUBTITLE, { size: 11 });
  pdf.gap(4);
  const tone = data.decision === 'accepted' ? 'good' : data.decision === 'rejected' ? 'bad' : 'warn';
  pdf.paragraph(`KẾT LUẬN: ${decisionText(data.decision)}`, { size: 12, bold: true, tone });

  pdf.heading('1. Sổ được kiểm tra');
  pdf.fields([
    ['Loại sổ', `${data.book.type} — ${data.book.typeName}`],
    ['Quyển số', data.book.volume],
    ['Cơ quan đăng ký', data.book.office],
    ['Xã', `${data.commune.name} (mã ${data.commune.code})`],
    ['Năm mở sổ', data.book.yearOpened === null ? '—' : String(data.book.yearOpened)],
    ['Mã sổ', data.book.id],
  ]);

  pdf.heading('2. Lô và phương án lấy mẫu');
  pdf.fields([
    ['Mã lô', data.lotId],
    ...(data.previousLotId ? ([['Lô trước (bị trả lại)', data.previousLotId]] as [string, string][]) : []),
    ['Tình trạng', LOT_STATE_LABELS[data.state]],
    ['Cỡ lô', `${data.lotSize} bản ghi`],
    ['Tiêu chuẩn', 'ISO 2859-1: lấy mẫu một lần, kiểm tra thường'],
    ['Mức kiểm tra', data.plan.inspectionLevel],
    ['AQL', aqlText(data.plan.aql)],
    ['Mã chữ cỡ mẫu', data.plan.codeLetter],
    ['Cỡ mẫu (n)', `${data.plan.sampleSize}${data.plan.sampleSize >= data.lotSize ? ' (kiểm tra toàn bộ lô)' : ''}`],
    ['Số chấp nhận (Ac)', String(data.plan.accept)],
    ['Số loại bỏ (Re)', String(data.plan.reject)],
    ['Xác suất chấp nhận', `lô có 1 % lỗi: ${percent(data.acceptAt1)}; lô có 5 % lỗi: ${percent(data.acceptAt5)}`],
    ['Hạt giống rút mẫu', data.seed ?? '(chưa rút mẫu)'],
    ['Nhận sổ lúc', formatVnTime(data.receivedAt)],
    ['Rút mẫu lúc', `${formatVnTime(data.drawnAt)}${data.drawnBy ? `, bởi ${data.drawnBy}` : ''}`],
  ]);

  pdf.heading('3. Các bản ghi được kiểm tra');
  if (data.sample.length === 0) pdf.paragraph('Chưa rút mẫu.');
  else {
    pdf.table(
      ['TT', 'Bản ghi', 'Lý do chọn', 'Số ô đã xét', 'Kết quả'],
      data.sample.map((s, i) => ({
        cells: [
          String(i + 1),
          `${s.label} (phiên bản ${s.entryVersion})`,
          s.reasons.map((r) => SAMPLE_REASON_LABELS[r]).join('; '),
          String(s.fieldsJudged),
          s.fieldsJudged === 0 ? 'Chưa kiểm tra' : s.defective ? `Lỗi (${s.wrongFields} ô sai)` : 'Đúng',
        ],
        tone: s.defective ? 'bad' : s.fieldsJudged === 0 ? 'warn' : 'good',
      })),
      [6, 38, 30, 10, 16],
    );
  }

  pdf.heading('4. Các ô sai phát hiện');
  if (data.findings.length === 0) pdf.paragraph('Không phát hiện ô nào sai.');
  else {
    pdf.table(
      ['Bản ghi', 'Ô', 'Đã nhập', 'Đọc trên trang', 'Ghi chú'],
      data.findings.map((f) => ({
        cells: [
          f.entryLabel,
          `${f.fieldLabel}${f.critical ? ' (trọng yếu)' : ''}`,
          f.typedValue || '(trống)',
          f.readValue || '(trống)',
          f.note,
        ],
        tone: 'bad',
      })),
      [24, 20, 20, 20, 16],
      { toneColumn: 3 },
    );
  }

  pdf.heading('5. Tổng hợp');
  const c = data.counts;
  pdf.fields([
    ['Bản ghi được kiểm tra', `${c.sampled} (trong đó ${c.randomSampled} chọn ngẫu nhiên)`],
    ['Bản ghi lỗi (mẫu ngẫu nhiên)', String(c.defectiveRandom)],
    ['Bản ghi lỗi (toàn bộ mẫu)', String(c.defectiveTotal)],
    ['Số ô đã xét', String(c.fieldsJudged)],
    ['Số ô sai', String(c.wrongFields)],
    ['Yêu cầu sửa gửi về xã', String(c.correctionRequests)],
    [
      'Quy tắc',
      `Chấp nhận khi số bản ghi lỗi trong mẫu ngẫu nhiên ≤ ${data.plan.accept}; không đạt khi ≥ ${data.plan.reject}.`,
    ],
  ]);

  pdf.heading('6. Quyết định');
  pdf.fields([
    ['Quyết định', decisionText(data.decision)],
    ['Người quyết định', data.decidedBy ?? '—'],
    ['Thời điểm', formatVnTime(data.decidedAt)],
    ['Kiểm tra viên', data.reviewers.join(', ') || '—'],
    ...(data.decisionNote ? ([['Ghi chú', data.decisionNote]] as [string, string][]) : []),
  ]);
  pdf.gap(14);
  pdf.paragraph(`${data.hubName}, ${formatVnDateWords(data.decidedAt ?? data.receivedAt)}`, { indent: 260 });
  pdf.gap(8);
  pdf.signatures(['KIỂM TRA VIÊN', 'ĐẠI DIỆN UBND XÃ', 'QUẢN TRỊ HUYỆN']);
  return pdf.save();
}

/** A file name safe everywhere: bien-ban-nghiem-thu_<type>_<volume>_<commune>_<lot>.pdf. */
export function minutesFileName(data: Pick<MinutesData, 'book' | 'commune' | 'lotId'>): string {
  const safe = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  return `bien-ban-nghiem-thu_${safe(data.book.type)}_${safe(data.book.volume)}_${safe(data.commune.code)}_${data.lotId.slice(0, 8)}.pdf`;
}

/** Both the data and the PDF bytes of a lot's minutes (the route that serves them uses this). */
export async function lotMinutesPdf(
  ctx: HubContext,
  lotId: string,
): Promise<{ fileName: string; bytes: Uint8Array; data: MinutesData }> {
  const data = await minutesData(ctx, lotId);
  return { fileName: minutesFileName(data), bytes: await renderMinutesPdf(data), data };
}
