/**
 * One registry of the typed-in book types: each type's schema, warnings and the fields that
 * become real columns (searched, sorted, checked for duplicates). Form, backend and CLI use it.
 */
import type { BookTypeCode } from '../catalogs/book-types';
import { nfc } from '../text/normalize';
import { defineRecordType, indexedRegistration as registrationColumns, type RecordType } from '../book-types/define';
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';
import { cdghRecordSchema, cdghWarnings } from './cdgh';
import { lhRecordSchema, lhWarnings } from './lh';
import { tdRecordSchema, tdWarnings } from './td';

export type { IndexedFields, RecordType } from '../book-types/define';

export const RECORD_TYPES = {
  GH: BOOK_TYPE_DEFINITIONS.GH.record,
  CDGH: defineRecordType({
    schema: cdghRecordSchema,
    warnings: cdghWarnings,
    indexed: (r) => registrationColumns(r, [r.nguoiDuocGiamHo?.hoTen, ...(r.nguoiGiamHo ?? []).map((g) => g?.hoTen)]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  LH: defineRecordType({
    schema: lhRecordSchema,
    warnings: lhWarnings,
    indexed: (r) => registrationColumns(r, [r.chong?.hoTen, r.vo?.hoTen]),
    registrationDateLabel: 'Ngày ghi chú',
  }),
  TD: defineRecordType({
    schema: tdRecordSchema,
    warnings: tdWarnings,
    indexed: (r) => registrationColumns(r, [r.nguoi?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
} satisfies Partial<Record<BookTypeCode, RecordType>>;

export type TypedInBookType = keyof typeof RECORD_TYPES;

export function recordTypeFor(code: string): RecordType | undefined {
  return (RECORD_TYPES as Partial<Record<string, RecordType>>)[code];
}

/**
 * The canonical form of an entry's data: NFC text, no empty strings, false, null or undefined
 * values, and no objects left empty by that (a blank identity document), so that the same entry
 * always hashes the same whoever typed it and however the form was laid out.
 */
export function canonicalRecordData(value: unknown): unknown {
  return clean(value) ?? (value && typeof value === 'object' && !Array.isArray(value) ? {} : value);
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return nfc(value);
  if (Array.isArray(value)) return value.map((item) => clean(item) ?? {});
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === '' || v === false || v === null) continue;
      const cleaned = clean(v);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}
