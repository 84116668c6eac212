/**
 * Error rates of the district review (issue 11): per clerk, per book and per field, over the lots
 * decided in a period. Only what reviewers judged counts, and per (lot, entry, field) only the
 * newest verdict (verdicts are append-only).
 *
 *   entries judged      sampled entries of the lot with at least one verdict
 *   defective entry     an entry with at least one field judged wrong
 *   defectivePer100     defective entries per 100 judged entries
 *   wrongPer1000        wrong fields per 1 000 judged fields
 *
 * Per field, list positions are folded ("nguoiGiamHo.0.hoTen" and "nguoiGiamHo.1.hoTen" are one
 * field, "Người giám hộ › Họ, chữ đệm, tên"); an entry counts once per field (defective for the
 * field when any of its positions is wrong). The period is by decision date, Vietnam time, both
 * ends included. A lot re-inspected after resending counts again: each inspection is a new lot.
 */
import { and, eq, gte, isNotNull, lt } from 'drizzle-orm';
import { describePath } from '../../shared/records/labels';
import type { ErrorRateRow, ErrorRates, HubApiParsedInput } from '../../shared/review/hub-api';
import { books, communes, lotEntries, lots, reviewVerdicts } from '../db/schema';
import type { HubContext } from '../ingest';
import { ReviewError, type HubHandlers } from './handler';
import { newestVerdicts } from './newest-verdicts';

/** Vietnam has no daylight saving time: UTC+7 all year. */
const VN_OFFSET = '+07:00';

/** The instant a Vietnam calendar day starts; a day that does not exist is refused in Vietnamese. */
function dayStart(day: string, what: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new ReviewError(400, 'BAD_REQUEST', `${what} không có thật: ${day}`);
  }
  return new Date(`${day}T00:00:00${VN_OFFSET}`);
}

/** Folds list positions out of a dotted field path: "nguoiGiamHo.1.hoTen" → "nguoiGiamHo.hoTen". */
export function foldFieldPath(path: string): string {
  return path
    .split('.')
    .filter((step) => !/^\d+$/.test(step))
    .join('.');
}

interface Tally {
  key: string;
  label: string;
  entries: Set<string>;
  defective: Set<string>;
  fields: number;
  wrong: number;
}

function tally(map: Map<string, Tally>, key: string, label: () => string): Tally {
  let t = map.get(key);
  if (!t) {
    t = { key, label: label(), entries: new Set(), defective: new Set(), fields: 0, wrong: 0 };
    map.set(key, t);
  }
  return t;
}

function toRow(t: Tally): ErrorRateRow {
  const entriesJudged = t.entries.size;
  const defectiveEntries = t.defective.size;
  return {
    key: t.key,
    label: t.label,
    entriesJudged,
    defectiveEntries,
    fieldsJudged: t.fields,
    wrongFields: t.wrong,
    defectivePer100: entriesJudged ? (defectiveEntries * 100) / entriesJudged : 0,
    wrongPer1000: t.fields ? (t.wrong * 1000) / t.fields : 0,
  };
}

const byLabel = (a: ErrorRateRow, b: ErrorRateRow): number =>
  a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key);

export async function errorRates(ctx: HubContext, period: { from?: string; to?: string }): Promise<ErrorRates> {
  const from = period.from ? dayStart(period.from, 'Ngày bắt đầu') : null;
  const toDay = period.to ? dayStart(period.to, 'Ngày kết thúc') : null;
  if (from && toDay && from > toDay) {
    throw new ReviewError(400, 'BAD_REQUEST', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
  }
  const toExclusive = toDay ? new Date(toDay.getTime() + 24 * 60 * 60 * 1000) : null;

  const rows = await ctx.db
    .select({
      id: reviewVerdicts.id,
      lotId: reviewVerdicts.lotId,
      entryId: reviewVerdicts.entryId,
      field: reviewVerdicts.field,
      verdict: reviewVerdicts.verdict,
      bookId: lots.bookId,
      communeCode: lots.communeCode,
      clerk: lotEntries.clerk,
    })
    .from(reviewVerdicts)
    .innerJoin(lots, eq(lots.id, reviewVerdicts.lotId))
    .leftJoin(
      lotEntries,
      and(eq(lotEntries.lotId, reviewVerdicts.lotId), eq(lotEntries.entryId, reviewVerdicts.entryId)),
    )
    .where(
      and(
        isNotNull(lots.decidedAt),
        isNotNull(lots.decision),
        from ? gte(lots.decidedAt, from) : undefined,
        toExclusive ? lt(lots.decidedAt, toExclusive) : undefined,
      ),
    );
  const verdicts = newestVerdicts(rows);

  const bookRows = await ctx.db.select({ id: books.id, data: books.data }).from(books);
  const bookOf = new Map(bookRows.map((b) => [b.id, b.data]));
  const communeRows = await ctx.db.select().from(communes);
  const communeName = new Map(communeRows.map((c) => [c.code, c.name]));
  const nameOfCommune = (code: string): string => communeName.get(code) ?? code;

  const clerks = new Map<string, Tally>();
  const bookTallies = new Map<string, Tally>();
  const fields = new Map<string, Tally>();
  for (const v of verdicts) {
    const entryKey = `${v.lotId}/${v.entryId}`;
    const wrong = v.verdict === 'wrong';
    const book = bookOf.get(v.bookId);
    const clerk = v.clerk ?? '';
    const folded = foldFieldPath(v.field);
    const targets = [
      tally(clerks, `${v.communeCode}:${clerk}`, () => `${clerk || '(không rõ)'} — ${nameOfCommune(v.communeCode)}`),
      tally(bookTallies, v.bookId, () =>
        book
          ? `${book.type} quyển ${book.volume} — ${nameOfCommune(v.communeCode)}`
          : `Sổ ${v.bookId} — ${nameOfCommune(v.communeCode)}`,
      ),
      tally(fields, folded, () => describePath(folded)),
    ];
    for (const t of targets) {
      t.entries.add(entryKey);
      t.fields += 1;
      if (wrong) {
        t.defective.add(entryKey);
        t.wrong += 1;
      }
    }
  }
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    byClerk: [...clerks.values()].map(toRow).sort(byLabel),
    byBook: [...bookTallies.values()].map(toRow).sort(byLabel),
    // The worst fields first.
    byField: [...fields.values()].map(toRow).sort((a, b) => b.wrongFields - a.wrongFields || byLabel(a, b)),
  };
}

export const statsHandlers: Pick<HubHandlers, 'stats.errorRates'> = {
  'stats.errorRates': (input: HubApiParsedInput<'stats.errorRates'>, request) => errorRates(request.ctx, input),
};
