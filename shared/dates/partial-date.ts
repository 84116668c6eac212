/**
 * Partial dates: civil-status books give full dates, month+year or only a year.
 * Stored as ISO 8601 reduced-precision strings ("2018-03-05", "2018-03", "2018"), so the
 * precision travels with the value; shown and typed as dd/mm/yyyy, mm/yyyy or yyyy.
 */
import { foldForSearch } from '../text/normalize';

export type DatePrecision = 'day' | 'month' | 'year';

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

export const ISO_PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidParts(p: PartialDate): boolean {
  if (p.year < 1800 || p.year > 2200) return false;
  if (p.month === undefined) return p.day === undefined;
  if (p.month < 1 || p.month > 12) return false;
  if (p.day === undefined) return true;
  return p.day >= 1 && p.day <= daysInMonth(p.year, p.month);
}

export function precisionOf(p: PartialDate): DatePrecision {
  if (p.day !== undefined) return 'day';
  if (p.month !== undefined) return 'month';
  return 'year';
}

/** Parses a stored ISO partial date; undefined when the text is not one or not a real date. */
export function parseIsoPartialDate(iso: string): PartialDate | undefined {
  const m = ISO_PARTIAL_DATE.exec(iso);
  if (!m) return undefined;
  const parts: PartialDate = { year: Number(m[1]) };
  if (m[2] !== undefined) parts.month = Number(m[2]);
  if (m[3] !== undefined) parts.day = Number(m[3]);
  return isValidParts(parts) ? parts : undefined;
}

export function isValidIsoPartialDate(iso: string): boolean {
  return parseIsoPartialDate(iso) !== undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function toIso(p: PartialDate): string {
  if (p.month === undefined) return pad(p.year, 4);
  if (p.day === undefined) return `${pad(p.year, 4)}-${pad(p.month)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

const TYPED_SHAPES: [RegExp, (keyof PartialDate)[]][] = [
  [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, ['day', 'month', 'year']],
  [/^(\d{1,2})[/.-](\d{4})$/, ['month', 'year']],
  [/^(\d{2})(\d{2})(\d{4})$/, ['day', 'month', 'year']],
  [/^(\d{2})(\d{4})$/, ['month', 'year']],
  [/^(\d{4})$/, ['year']],
];

/**
 * Parses what a clerk types: "05/03/2018", "5.3.2018", "03/2018", "2018", or digits only
 * ("05032018", "032018"). Returns undefined when the text is not a real date.
 */
export function parseTypedDate(text: string): PartialDate | undefined {
  const t = text.trim();
  if (ISO_PARTIAL_DATE.test(t)) return parseIsoPartialDate(t);
  for (const [pattern, fields] of TYPED_SHAPES) {
    const m = pattern.exec(t);
    if (!m) continue;
    const parts: PartialDate = { year: 0 };
    fields.forEach((field, i) => (parts[field] = Number(m[i + 1])));
    return isValidParts(parts) ? parts : undefined;
  }
  return undefined;
}

const FORMAT_HINT = 'nhập dd/mm/yyyy, mm/yyyy hoặc yyyy';

/**
 * What is wrong with a date as stored (ISO) or as typed, in words a clerk understands ("tháng 2
 * năm 2018 không có ngày 31"); undefined when it is a real date. Every layer reports bad dates
 * with it (the form, the write path, the CLI loaders).
 */
export function dateProblem(text: string): string | undefined {
  const t = text.trim();
  let parts: PartialDate | undefined;
  const iso = ISO_PARTIAL_DATE.exec(t);
  if (iso) {
    parts = { year: Number(iso[1]) };
    if (iso[2] !== undefined) parts.month = Number(iso[2]);
    if (iso[3] !== undefined) parts.day = Number(iso[3]);
  } else {
    for (const [pattern, fields] of TYPED_SHAPES) {
      const m = pattern.exec(t);
      if (!m) continue;
      parts = { year: 0 };
      for (const [i, field] of fields.entries()) parts[field] = Number(m[i + 1]);
      break;
    }
  }
  if (!parts) return `Ngày không hợp lệ: ${FORMAT_HINT}`;
  if (isValidParts(parts)) return undefined;
  if (parts.year < 1800 || parts.year > 2200) return `Năm ${parts.year} không hợp lệ: năm phải từ 1800 đến 2200`;
  if (parts.month !== undefined && (parts.month < 1 || parts.month > 12)) {
    return `Ngày không hợp lệ: không có tháng ${parts.month} (tháng chỉ từ 1 đến 12)`;
  }
  if (parts.month !== undefined && parts.day !== undefined) {
    const days = daysInMonth(parts.year, parts.month);
    return parts.day < 1
      ? `Ngày không hợp lệ: không có ngày ${parts.day}`
      : `Ngày không hợp lệ: tháng ${parts.month} năm ${parts.year} không có ngày ${parts.day} (tháng này chỉ có ${days} ngày)`;
  }
  return `Ngày không hợp lệ: ${FORMAT_HINT}`;
}

/** dd/mm/yyyy, mm/yyyy or yyyy for the form. */
export function formatForDisplay(iso: string): string {
  const p = parseIsoPartialDate(iso);
  if (!p) return iso;
  if (p.month === undefined) return pad(p.year, 4);
  if (p.day === undefined) return `${pad(p.month)}/${pad(p.year, 4)}`;
  return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;
}

/** dd.mm.yyyy, mm.yyyy or yyyy as the BTP Excel templates write dates. */
export function formatForExport(iso: string): string {
  return formatForDisplay(iso).replace(/\//g, '.');
}

function bounds(p: PartialDate): [number, number] {
  const firstMonth = p.month ?? 1;
  const lastMonth = p.month ?? 12;
  const start = Date.UTC(p.year, firstMonth - 1, p.day ?? 1);
  const end = Date.UTC(p.year, lastMonth - 1, p.day ?? daysInMonth(p.year, lastMonth));
  return [start, end];
}

/**
 * True only when `a` is certainly after `b` (every day `a` may mean lies after every day `b`
 * may mean). "2003" is not certainly after "2003-05-01", so partial dates never raise false errors.
 */
export function isCertainlyAfter(a: PartialDate, b: PartialDate): boolean {
  return bounds(a)[0] > bounds(b)[1];
}

export function todayAsPartialDate(now: Date = new Date()): PartialDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

/** Whole years between two dates when both are known to the day, else undefined. */
export function fullYearsBetween(from: PartialDate, to: PartialDate): number | undefined {
  if (from.day === undefined || to.day === undefined || from.month === undefined || to.month === undefined) {
    return undefined;
  }
  let years = to.year - from.year;
  if (to.month < from.month || (to.month === from.month && to.day < from.day)) years -= 1;
  return years;
}

/** The earliest and latest day a partial date may mean, as {year, month, day}. */
function firstAndLastDay(p: PartialDate): [Required<PartialDate>, Required<PartialDate>] {
  const lastMonth = p.month ?? 12;
  return [
    { year: p.year, month: p.month ?? 1, day: p.day ?? 1 },
    { year: p.year, month: lastMonth, day: p.day ?? daysInMonth(p.year, lastMonth) },
  ];
}

/**
 * The age in whole years at `at` of someone born `born`, as the smallest and largest value the
 * two partial dates allow: born "2000", at "2018-03-05" gives [17, 18]. Rules warn only on what
 * is certain (min ≥ 18, max < 18), so partial dates never raise false warnings.
 */
export function ageRange(born: PartialDate, at: PartialDate): { min: number; max: number } {
  const [bornFirst, bornLast] = firstAndLastDay(born);
  const [atFirst, atLast] = firstAndLastDay(at);
  return {
    min: Math.max(0, fullYearsBetween(bornLast, atFirst) ?? 0),
    max: Math.max(0, fullYearsBetween(bornFirst, atLast) ?? 0),
  };
}

/** True when both are known to the day and are the same day. */
export function isSameDay(a: PartialDate, b: PartialDate): boolean {
  return a.day !== undefined && b.day !== undefined && a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Words a clerk may type in a date box to say the book gives no date ("không rõ", "kr", "?"). */
const UNKNOWN_WORDS = new Set(['khong ro', 'kr', 'k ro', '?', 'khong ghi', 'khong co']);

export type DateEntry =
  { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'unknown' } | { kind: 'invalid'; text: string };

/**
 * Reads what was typed in a date box: a date in one of the three precisions, "không rõ" (the
 * form then sets the field's khongDocDuoc mark), nothing, or something else (kept for the message).
 */
export function readDateEntry(text: string): DateEntry {
  const t = text.trim();
  if (!t) return { kind: 'empty' };
  if (UNKNOWN_WORDS.has(foldForSearch(t))) return { kind: 'unknown' };
  const parsed = parseTypedDate(t);
  return parsed ? { kind: 'date', iso: toIso(parsed) } : { kind: 'invalid', text: t };
}
