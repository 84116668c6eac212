/**
 * One registry of the typed-in book types: each type's schema, warnings and the fields that
 * become real columns (searched, sorted, checked for duplicates). Form, backend and CLI use it.
 */
import type { BookTypeCode } from '../catalogs/book-types';
import { nfc } from '../text/normalize';
import type { RecordType } from '../book-types/define';
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';

export type { IndexedFields, RecordType } from '../book-types/define';

type Definitions = typeof BOOK_TYPE_DEFINITIONS;

/** Each type's record type, from its one description (shared/book-types). */
export const RECORD_TYPES = Object.fromEntries(
  Object.entries(BOOK_TYPE_DEFINITIONS).map(([code, type]) => [code, type.record]),
) as { [K in keyof Definitions]: Definitions[K]['record'] } satisfies Partial<Record<BookTypeCode, RecordType>>;

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
