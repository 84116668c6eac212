/**
 * Field annotations (danhDau): the book is the truth, so instead of guessing the clerk marks a
 * field as read but uncertain (docChuaChac: the best reading is kept and flagged for the
 * reviewer), as illegible or not given (khongDocDuoc: the value stays empty), or as written as a
 * lunar / can-chi date (amLich: the original text). Keyed by the dotted path of the field, e.g.
 * "nguoiDuocGiamHo.ngaySinh", "nguoiGiamHo.1.hoTen". The reviewer gets the list.
 *
 * Before migration 0006 there were `khongRo` (empty, "not given") and `khongDocDuoc` (what was
 * legible was typed); the migration turned every mark with a value into docChuaChac and every
 * mark without one into khongDocDuoc.
 */
import { safeText, z } from '../zod';

export type FieldPath = readonly (string | number)[];

export interface FieldMark {
  /** "Đọc chưa chắc": the clerk typed the best reading and flags it for the reviewer. */
  docChuaChac?: boolean;
  /** "Không đọc được": illegible or not given by the book; the value stays empty (never guessed). */
  khongDocDuoc?: boolean;
  /** The book gives a lunar-calendar or can-chi date: its original text ("năm Giáp Thân"). */
  amLich?: string;
  /** The clerk's note on this field for the reviewer. */
  ghiChu?: string;
}

/** Dotted field path: names and list positions, e.g. "nguoiGiamHo.1.hoTen". */
const MARK_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

/** More marks than an entry has fields is never a clerk's doing; refused before any other check. */
export const MAX_MARKS = 300;
const MAX_MARK_PATH = 200;

export const fieldMarkSchema = z.object({
  // A checkbox sends false when unticked: accepted, and dropped when the entry is stored.
  docChuaChac: z.boolean().optional(),
  khongDocDuoc: z.boolean().optional(),
  // The mark of older files (before migration 0006): refused with what to write instead.
  khongRo: z
    .never({
      error:
        'Dấu "không rõ" (khongRo) không còn dùng: ghi docChuaChac ("Đọc chưa chắc", giữ giá trị đã đọc) hoặc khongDocDuoc ("Không đọc được", để trống)',
    })
    .optional(),
  amLich: safeText(1000).optional(),
  ghiChu: safeText(1000, { multiline: true }).optional(),
});

/** True when the mark says something (unticked boxes and empty texts do not). */
export function isMeaningful(mark: FieldMark | undefined): mark is FieldMark {
  return Boolean(mark && (mark.docChuaChac === true || mark.khongDocDuoc === true || mark.amLich || mark.ghiChu));
}

/**
 * The `danhDau` field of every entry. Input and output types are the same (no transform), so the
 * form's values and the parsed entry share one type; empty marks are harmless (markedPaths skips them).
 */
export const danhDauField = z
  .record(z.string().max(MAX_MARK_PATH).regex(MARK_PATH), fieldMarkSchema, {
    error: (issue) => (issue.code === 'invalid_key' ? 'Đường dẫn ô được đánh dấu không hợp lệ' : undefined),
  })
  .check((ctx) => {
    if (Object.keys(ctx.value).length > MAX_MARKS) {
      ctx.issues.push({ code: 'custom', message: `Tối đa ${MAX_MARKS} ô được đánh dấu`, input: ctx.value });
    }
  })
  .optional();

export function pathKey(path: FieldPath): string {
  return path.map(String).join('.');
}

/** "nguoiGiamHo.1.hoTen" → ["nguoiGiamHo", 1, "hoTen"]. */
export function pathFromKey(key: string): (string | number)[] {
  return key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path, read defensively: undefined when any step is missing or of the wrong kind. */
export function valueAt(record: unknown, path: FieldPath): unknown {
  let current: unknown = record;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isRecord(current) && typeof step === 'string') current = current[step];
    else return undefined;
  }
  return current;
}

/** A text value at a path, trimmed; '' when absent or not text. */
export function textAt(record: unknown, path: FieldPath): string {
  const value = valueAt(record, path);
  return typeof value === 'string' ? value.trim() : '';
}

/** The annotation of a field, if any (read defensively: the payload may be malformed). */
export function markOf(record: unknown, path: FieldPath): FieldMark | undefined {
  const marks = valueAt(record, ['danhDau']);
  if (!isRecord(marks)) return undefined;
  const mark = marks[pathKey(path)];
  return isRecord(mark) ? (mark as FieldMark) : undefined;
}

/** True when the field is marked "Không đọc được": a required field may then stay empty. */
export function isMarkedIllegible(record: unknown, path: FieldPath): boolean {
  return markOf(record, path)?.khongDocDuoc === true;
}

/** True when the field is marked uncertain or illegible: format checks on it become lenient. */
export function isMarkedUncertain(record: unknown, path: FieldPath): boolean {
  const mark = markOf(record, path);
  return mark?.docChuaChac === true || mark?.khongDocDuoc === true;
}

/** The two marks a clerk sets on any field, with their labels (form buttons, reports). */
export const MARK_KINDS = [
  { key: 'docChuaChac', label: 'Đọc chưa chắc' },
  { key: 'khongDocDuoc', label: 'Không đọc được' },
] as const;

/** Every annotated field of an entry, for the reviewer's list, in path order. */
export function markedPaths(record: unknown): { path: string; mark: FieldMark }[] {
  const marks = valueAt(record, ['danhDau']);
  if (!isRecord(marks)) return [];
  return Object.entries(marks)
    .filter((entry): entry is [string, FieldMark] => isRecord(entry[1]) && isMeaningful(entry[1] as FieldMark))
    .map(([path, mark]) => ({ path, mark }))
    .sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
