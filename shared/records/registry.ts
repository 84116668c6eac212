/**
 * One registry of the typed-in book types: each type's schema, warnings and the fields that
 * become real columns (searched, sorted, checked for duplicates). Form, backend and CLI use it.
 */
import type { z } from '../zod';
import type { BookTypeCode } from '../catalogs/book-types';
import { nfc } from '../text/normalize';
import { cdghRecordSchema, cdghWarnings } from './cdgh';
import { ghRecordSchema, ghWarnings } from './gh';
import { lhRecordSchema, lhWarnings } from './lh';
import type { RuleIssue, WarningContext } from './rules';
import { tdRecordSchema, tdWarnings } from './td';

export interface IndexedFields {
  so: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
  /**
   * Names of the people on the entry, the first being the one the entry is about ('' when that
   * name is marked unknown or illegible); the others only when written.
   */
  names: string[];
}

export interface RecordType<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Warnings to show and save with a valid entry. */
  warnings: (record: z.output<S>, context?: WarningContext) => RuleIssue[];
  indexed: (record: z.output<S>) => IndexedFields;
  /** The label of ngayDangKy in this book ("Ngày đăng ký", or "Ngày ghi chú" in LH). */
  registrationDateLabel: string;
}

function defineRecordType<S extends z.ZodType>(type: RecordType<S>): RecordType<S> {
  return type;
}

interface Registration {
  so?: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
}

/** Column values of the registration fields, read defensively (stored data may be older). */
function registrationColumns(r: Registration, names: (string | undefined)[]): IndexedFields {
  const [first, ...others] = names;
  return {
    so: r.so ?? '',
    quyenSo: r.quyenSo || undefined,
    trangSo: r.trangSo,
    ngayDangKy: r.ngayDangKy || undefined,
    names: [first ?? '', ...others.filter((n): n is string => Boolean(n))],
  };
}

export const RECORD_TYPES = {
  GH: defineRecordType({
    schema: ghRecordSchema,
    warnings: ghWarnings,
    indexed: (r) => registrationColumns(r, [r.nguoiDuocGiamHo?.hoTen, ...(r.nguoiGiamHo ?? []).map((g) => g?.hoTen)]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
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
