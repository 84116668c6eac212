/**
 * An Excel row in a type's column set → the type's entry data, for importing a file in the
 * Ministry's format (ours, or one that comes back from the police's entry process): the inverse
 * of the export's encoding (row-codec.ts), strict where the export is lenient, with one error per
 * cell that cannot be read ("Dòng 7, cột E (Ngày sinh …): …"). What the row gives is then checked
 * by the type's schema and rules like a typed entry; their issues are placed on cells too
 * (`cellOfPath`).
 */
import { findEthnicity } from '../catalogs/ethnicities';
import { findNationality } from '../catalogs/nationalities';
import { parseTypedDate, toIso } from '../dates/partial-date';
import { codeListOf, type CodeListRef } from './code-lists';
import type { ColumnDef, ColumnSet, EntryColumn } from './column-sets';
import { unflattenLeaves, type HeaderMatch, type Leaf, type Leaves } from './row-codec';

/** "A" for the first column, "AB" for the 28th (0-based index in). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** One cell that cannot be imported, or one issue of the row's entry placed on its cell. */
export interface CellError {
  /** Row of the sheet, 1-based (the header is a row too). */
  row: number;
  /** Column letter ("E"); absent when the issue belongs to no column of the file. */
  column?: string;
  /** The column's header name ("ngh1NgaySinh"). */
  header?: string;
  /** What the column holds, in Vietnamese ("Ngày sinh người giám hộ thứ nhất"). */
  label?: string;
  message: string;
}

/** "Dòng 7, cột E (Ngày sinh người giám hộ thứ nhất): …", or "Dòng 7: …" for a row-wide issue. */
export function cellErrorText(error: CellError): string {
  const where = error.column ? `, cột ${error.column} (${error.label ?? error.header ?? ''})` : '';
  return `Dòng ${error.row}${where}: ${error.message}`;
}

/** The header of a file does not carry the type's columns: nothing can be imported. */
export function headerProblem(set: ColumnSet, match: HeaderMatch): string | undefined {
  if (match.missing.length === 0 && match.unknown.length === 0) return undefined;
  const parts: string[] = [];
  if (match.missing.length > 0) parts.push(`thiếu cột ${match.missing.join(', ')}`);
  if (match.unknown.length > 0) parts.push(`có cột không thuộc mẫu ${match.unknown.join(', ')}`);
  return `Các cột của tệp không khớp mẫu nhập sổ ${set.bookType} (phiên bản ${set.version}): ${parts.join('; ')}.`;
}

/** Days from Excel's day 0 (1899-12-30, counting its false 1900-02-29) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/** A date cell Excel stored as a serial number (a clerk typed it as a date): dd.mm.yyyy. */
function excelSerialDate(text: string): string | undefined {
  if (!/^\d{4,6}(\.\d+)?$/.test(text)) return undefined;
  const serial = Math.floor(Number(text));
  if (serial < 61) return undefined;
  const date = new Date((serial - EXCEL_EPOCH_DAYS) * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

function allowedCodes(list: CodeListRef): string {
  return codeListOf(list)
    .entries.map((e) => e.code)
    .join(', ');
}

/** A code of the list → its stored value; also the stored value itself (an older file). */
function codeValue(list: CodeListRef, code: string): string | undefined {
  const entries = codeListOf(list).entries;
  return entries.find((e) => e.code === code)?.value ?? entries.find((e) => e.value === code)?.value;
}

type Decoded = { ok: true; value: Leaf | Leaf[] | undefined } | { ok: false; message: string };

/** The stored value of one cell, or why it cannot be one. `numeric`: Excel stored a number. */
export function decodeCell(column: ColumnDef, raw: string, numeric = false): Decoded {
  const text = raw.trim();
  if (text === '') return { ok: true, value: undefined };
  switch (column.kind) {
    case 'int': {
      const m = /^(\d+)(\.0+)?$/.exec(text);
      return m ? { ok: true, value: Number(m[1]) } : { ok: false, message: `"${text}" không phải số nguyên` };
    }
    case 'date': {
      const parsed = parseTypedDate((numeric ? excelSerialDate(text) : undefined) ?? text);
      return parsed
        ? { ok: true, value: toIso(parsed) }
        : { ok: false, message: `"${text}" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)` };
    }
    case 'code':
    case 'codes': {
      if (!column.codeList) return { ok: true, value: text };
      const list = column.codeList;
      const codes =
        column.kind === 'code'
          ? [text]
          : text
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean);
      const values: string[] = [];
      for (const code of codes) {
        const value = codeValue(list, code);
        if (value === undefined) {
          return { ok: false, message: `mã "${code}" không có trong danh sách (${allowedCodes(list)})` };
        }
        values.push(value);
      }
      return { ok: true, value: column.kind === 'code' ? values[0] : values };
    }
    default: {
      // A catalog column keeps what it cannot find (the schema then names the cell).
      const found =
        column.lookup === 'ethnicity'
          ? findEthnicity(text)
          : column.lookup === 'nationality'
            ? findNationality(text)
            : undefined;
      return { ok: true, value: found ? found.name : raw };
    }
  }
}

export interface DecodedRow {
  /** The entry's data as the row gives it; the file's STT and book columns are not entry data. */
  data: Record<string, unknown>;
  leaves: Leaves;
  errors: CellError[];
}

/**
 * Decodes one data row. `cells` are the row's texts by 0-based column of the sheet, `numeric`
 * the 1-based columns Excel stored as numbers (ReadRow.nonText), `row` the sheet row.
 */
export function decodeRow(
  set: ColumnSet,
  match: HeaderMatch,
  cells: readonly string[],
  row: number,
  numeric: readonly number[] = [],
): DecodedRow {
  const leaves: Leaves = {};
  const errors: CellError[] = [];
  set.columns.forEach((column, i) => {
    if (column.source !== 'entry') return;
    const index = match.indexes[i]!;
    if (index < 0) return;
    const decoded = decodeCell(column, cells[index] ?? '', numeric.includes(index + 1));
    if (!decoded.ok) {
      errors.push({
        row,
        column: columnLetter(index),
        header: column.column,
        label: column.label,
        message: decoded.message,
      });
      return;
    }
    const { value } = decoded;
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((v, j) => (leaves[`${column.path}.${j}`] = v));
    else leaves[column.path] = value;
  });
  return { data: unflattenLeaves(leaves), leaves, errors };
}

/**
 * The cell an issue of the entry's schema or rules is about: the column of its path, or for an
 * issue on a group ("nguoiGiamHo.0") its first column. Undefined when no column holds it.
 */
export function cellOfPath(
  set: ColumnSet,
  match: HeaderMatch,
  path: string,
): { column: string; header: string; label: string } | undefined {
  const entries = set.columns
    .map((column, i) => ({ column, index: match.indexes[i]! }))
    .filter((c): c is { column: EntryColumn; index: number } => c.column.source === 'entry' && c.index >= 0);
  const found =
    entries.find(({ column }) => column.path === path) ??
    entries.find(({ column }) => path.startsWith(`${column.path}.`)) ??
    (path === '' ? undefined : entries.find(({ column }) => column.path.startsWith(`${path}.`)));
  if (!found) return undefined;
  return { column: columnLetter(found.index), header: found.column.column, label: found.column.label };
}
