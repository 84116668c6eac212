/**
 * Rules of the pre-import check that look at a whole book rather than one entry: duplicate
 * numbers, gaps in the numbering, and the fields a clerk marked uncertain. Pure functions.
 */
import { parseIsoPartialDate } from '../dates/partial-date';
import { parseSo } from '../records/rules';

export interface NumberedEntry {
  id: string;
  so: string;
  quyenSo?: string;
  ngayDangKy?: string;
}

/** The key numbering is unique by within one office and book type: quyển, year, number. */
export function numberingKey(entry: NumberedEntry): string {
  const so = parseSo(entry.so);
  const year = so.year ?? (entry.ngayDangKy ? parseIsoPartialDate(entry.ngayDangKy)?.year : undefined);
  const number = so.number !== undefined ? String(so.number) : `raw:${entry.so.trim()}`;
  return [entry.quyenSo ?? '', year ?? '', number].join('|');
}

/** Groups of two or more entries with the same key (numbering restarts every year). */
export function duplicateGroups<E extends NumberedEntry>(entries: readonly E[]): E[][] {
  const byKey = new Map<string, E[]>();
  for (const entry of entries) {
    const key = numberingKey(entry);
    const list = byKey.get(key) ?? [];
    list.push(entry);
    byKey.set(key, list);
  }
  return [...byKey.values()].filter((group) => group.length > 1);
}

export interface NumberingGap {
  quyenSo?: string;
  year?: number;
  /** First and last missing number. */
  from: number;
  to: number;
}

/** Numbers skipped between the smallest and largest number of each (quyển, year). */
export function numberingGaps(entries: readonly NumberedEntry[]): NumberingGap[] {
  const groups = new Map<string, { quyenSo?: string; year?: number; numbers: Set<number> }>();
  for (const entry of entries) {
    const so = parseSo(entry.so);
    if (so.number === undefined) continue;
    const year = so.year ?? (entry.ngayDangKy ? parseIsoPartialDate(entry.ngayDangKy)?.year : undefined);
    const key = `${entry.quyenSo ?? ''}|${year ?? ''}`;
    const group = groups.get(key) ?? { quyenSo: entry.quyenSo, year, numbers: new Set<number>() };
    group.numbers.add(so.number);
    groups.set(key, group);
  }
  const gaps: NumberingGap[] = [];
  for (const group of groups.values()) {
    const sorted = [...group.numbers].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1]!;
      const current = sorted[i]!;
      if (current - previous > 1) {
        gaps.push({
          ...(group.quyenSo !== undefined ? { quyenSo: group.quyenSo } : {}),
          ...(group.year !== undefined ? { year: group.year } : {}),
          from: previous + 1,
          to: current - 1,
        });
      }
    }
  }
  return gaps.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.from - b.from);
}

/** One annotation of a field (danhDau). */
export interface FieldMark {
  path: string;
  /** Read but uncertain: the value is the clerk's best reading. */
  docChuaChac: boolean;
  /** Illegible or not given: the value is empty. */
  khongDocDuoc: boolean;
  /** Written as a lunar / can-chi date: the original text when given ("năm Giáp Thân"). */
  amLich?: string | true;
  ghiChu?: string;
}

/**
 * The field annotations of an entry: `danhDau` maps a dotted path to
 * `{ docChuaChac?, khongDocDuoc?, amLich?, ghiChu? }` (amLich: the original text of a lunar date).
 * Read defensively: absent, older data or another shape gives no marks rather than an error.
 */
export function fieldMarks(data: unknown): FieldMark[] {
  if (!data || typeof data !== 'object') return [];
  const marks = (data as Record<string, unknown>).danhDau;
  if (!marks || typeof marks !== 'object' || Array.isArray(marks)) return [];
  const out: FieldMark[] = [];
  for (const [path, value] of Object.entries(marks as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const mark = value as Record<string, unknown>;
    const lunar =
      typeof mark.amLich === 'string' && mark.amLich.trim() ? mark.amLich.trim() : mark.amLich === true || undefined;
    const item: FieldMark = {
      path,
      docChuaChac: mark.docChuaChac === true,
      khongDocDuoc: mark.khongDocDuoc === true,
      ...(lunar !== undefined ? { amLich: lunar } : {}),
      ...(typeof mark.ghiChu === 'string' && mark.ghiChu.trim() ? { ghiChu: mark.ghiChu.trim() } : {}),
    };
    if (item.docChuaChac || item.khongDocDuoc || item.amLich || item.ghiChu) out.push(item);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** "đọc chưa chắc", "không đọc được" … for a message. */
export function describeMark(mark: FieldMark): string {
  const parts = [
    mark.docChuaChac ? 'đọc chưa chắc' : undefined,
    mark.khongDocDuoc ? 'không đọc được' : undefined,
    mark.amLich ? `ghi theo âm lịch${typeof mark.amLich === 'string' ? ` ("${mark.amLich}")` : ''}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'có ghi chú';
}

/** "4" or "4–6" (with the year: "4/2018" or "4–6/2018"). */
export function describeGap(gap: NumberingGap): string {
  const range = gap.from === gap.to ? `${gap.from}` : `${gap.from}–${gap.to}`;
  return gap.year !== undefined ? `${range}/${gap.year}` : range;
}
