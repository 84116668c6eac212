/**
 * Entries carry the version of the field schema their data was written in (entries.schema_version).
 * Stored JSON of an older version is upgraded when it is read, step by step (n → n + 1), by the
 * upgraders registered here per book type; saving it again stores the current version.
 *
 * Versions: 1 — field marks "không rõ" / "không đọc được" (before migration 0006);
 *           2 — "Đọc chưa chắc" (docChuaChac) / "Không đọc được" (khongDocDuoc), the current one.
 */
import { BOOK_TYPE_CODES, type BookTypeCode } from '../catalogs/book-types';
import { pathFromKey, valueAt } from './marks';

export type RecordData = Record<string, unknown>;
/** Turns data of version n into data of version n + 1. */
export type RecordUpgrader = (data: RecordData) => RecordData;

export interface SchemaHistory {
  /** The version new entries are written in. */
  current: number;
  /** steps[n] upgrades version n to n + 1, for every n below `current`. */
  steps: Record<number, RecordUpgrader>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the field holds a reading (what migration 0006 asked of the stored JSON). */
function holdsValue(value: unknown): boolean {
  if (value === undefined || value === null || isObject(value)) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Version 1 → 2, the same rule as migration 0006: a "không rõ" or "không đọc được" mark becomes
 * "Đọc chưa chắc" when its field holds a reading, else "Không đọc được"; lunar dates and notes stay.
 */
export const splitFieldMarks: RecordUpgrader = (data) => {
  const marks = data.danhDau;
  if (!isObject(marks)) return data;
  const next: Record<string, unknown> = {};
  for (const [key, mark] of Object.entries(marks)) {
    if (!isObject(mark)) {
      next[key] = mark;
      continue;
    }
    const { khongRo, khongDocDuoc, docChuaChac, ...rest } = mark;
    if (khongRo === true || khongDocDuoc === true) {
      next[key] = holdsValue(valueAt(data, pathFromKey(key)))
        ? { ...rest, docChuaChac: true }
        : { ...rest, khongDocDuoc: true };
    } else {
      next[key] = {
        ...rest,
        ...(docChuaChac !== undefined ? { docChuaChac } : {}),
        ...(khongDocDuoc !== undefined ? { khongDocDuoc } : {}),
      };
    }
  }
  return { ...data, danhDau: next };
};

const MARKS_SPLIT: SchemaHistory = { current: 2, steps: { 1: splitFieldMarks } };

/** Every book type's schema history (all types share the marks split so far). */
export const RECORD_SCHEMAS: Record<BookTypeCode, SchemaHistory> = Object.fromEntries(
  BOOK_TYPE_CODES.map((code) => [code, MARKS_SPLIT]),
) as Record<BookTypeCode, SchemaHistory>;

export function currentSchemaVersion(
  bookType: string,
  schemas: Record<string, SchemaHistory> = RECORD_SCHEMAS,
): number {
  return schemas[bookType]?.current ?? 1;
}

/**
 * Upgrades stored data of `version` to the current version of its book type. Data of a newer
 * version than this app knows is returned as it is (`newer: true`), never rewritten.
 */
export function upgradeRecordData(
  bookType: string,
  version: number,
  data: RecordData,
  schemas: Record<string, SchemaHistory> = RECORD_SCHEMAS,
): { data: RecordData; version: number; newer: boolean } {
  const history = schemas[bookType];
  if (!history || version >= history.current) {
    return { data, version, newer: history !== undefined && version > history.current };
  }
  let upgraded = data;
  for (let v = version; v < history.current; v++) {
    const step = history.steps[v];
    if (!step) throw new Error(`no upgrader for ${bookType} schema version ${v}`);
    upgraded = step(upgraded);
  }
  return { data: upgraded, version: history.current, newer: false };
}
