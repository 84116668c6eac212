/**
 * The order of a book's entries (its list and its export): the year of the số (else of the
 * registration date), then the number of the số, then the số as written, then the id. The desktop
 * keeps the first two as columns and sorts in SQL; the district hub, exporting the versions a lot
 * froze, sorts with `compareEntryOrder`, which follows SQLite's rules (a missing year or number
 * first, text by code point as SQLite's BINARY collation compares UTF-8).
 */
import { parseIsoPartialDate } from '../dates/partial-date';
import { parseSo } from './rules';

export interface EntryOrderKey {
  soYear: number | null;
  soNumber: number | null;
  so: string;
  id: string;
}

/** The year and number the order uses, from the số and the registration date. */
export function soOrderColumns(so: string, ngayDangKy: string | undefined): Pick<EntryOrderKey, 'soYear' | 'soNumber'> {
  const parsed = parseSo(so);
  const registered = ngayDangKy ? parseIsoPartialDate(ngayDangKy) : undefined;
  return { soYear: parsed.year ?? registered?.year ?? null, soNumber: parsed.number ?? null };
}

function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/** Text by Unicode code point (the order of UTF-8 bytes). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function compareEntryOrder(a: EntryOrderKey, b: EntryOrderKey): number {
  return (
    compareNullable(a.soYear, b.soYear) ||
    compareNullable(a.soNumber, b.soNumber) ||
    compareCodePoints(a.so, b.so) ||
    compareCodePoints(a.id, b.id)
  );
}
