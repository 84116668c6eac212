/**
 * One registry of the typed-in book types: each type's schema, warnings and the fields that
 * become real columns (searched, sorted, checked for duplicates). Form, backend and CLI use it.
 */
import type { z } from '../zod';
import type { BookTypeCode } from '../catalogs/book-types';
import { nfc } from '../text/normalize';
import { ghRecordSchema } from './gh';
import { guardianshipWarnings, type RuleIssue } from './rules';

export interface IndexedFields {
  so: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
  /** Names of the people on the entry, the first being the one the entry is about. */
  names: string[];
}

export interface RecordType<S extends z.ZodType = z.ZodType> {
  schema: S;
  warnings: (record: z.output<S>) => RuleIssue[];
  indexed: (record: z.output<S>) => IndexedFields;
}

function defineRecordType<S extends z.ZodType>(type: RecordType<S>): RecordType<S> {
  return type;
}

export const RECORD_TYPES = {
  GH: defineRecordType({
    schema: ghRecordSchema,
    warnings: guardianshipWarnings,
    indexed: (r) => ({
      so: r.so,
      quyenSo: r.quyenSo,
      trangSo: r.trangSo,
      ngayDangKy: r.ngayDangKy || undefined,
      names: [r.nguoiDuocGiamHo.hoTen, ...r.nguoiGiamHo.map((g) => g.hoTen)],
    }),
  }),
} satisfies Partial<Record<BookTypeCode, RecordType>>;

export type TypedInBookType = keyof typeof RECORD_TYPES;

export function recordTypeFor(code: string): RecordType | undefined {
  return (RECORD_TYPES as Partial<Record<string, RecordType>>)[code];
}

/**
 * The canonical form of an entry's data: NFC text, no empty strings or undefined values,
 * so that the same entry always hashes the same whoever typed it.
 */
export function canonicalRecordData(value: unknown): unknown {
  if (typeof value === 'string') return nfc(value);
  if (Array.isArray(value)) return value.map(canonicalRecordData);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === '' || v === false || v === null) continue;
      out[key] = canonicalRecordData(v);
    }
    return out;
  }
  return value;
}
