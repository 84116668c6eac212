/**
 * Entry data ↔ one row of the Excel export, by column set. Pure: used by the export writer, by
 * the read-back parser behind the verification, and by the round-trip tests.
 *
 * Entries are compared as their leaves: a map from dotted path ("nguoiGiamHo.0.hoTen") to a
 * string or number, empty values left out. Two entries are the same export when the leaves the
 * column set covers are equal.
 */
import { formatForExport, parseIsoPartialDate, parseTypedDate, toIso } from '../dates/partial-date';
import { codeListOf, fromExportCode, toExportCode } from './code-lists';
import type { BookField, ColumnDef, ColumnSet, EntryColumn } from './column-sets';

export type Leaf = string | number | boolean;
export type Leaves = Record<string, Leaf>;

/** The book values a row needs. */
export interface BookValues {
  office: string;
  officeCode?: string;
  volume: string;
  yearOpened: number;
}

function bookValue(book: BookValues, field: BookField): string {
  const value = book[field];
  return value === undefined ? '' : String(value);
}

/** Reads a dotted path; undefined when any step is missing. */
export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Writes a dotted path, creating objects (or arrays under a numeric key) on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current: Record<string, unknown> = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      current[key] = value;
      return;
    }
    if (current[key] === undefined || current[key] === null || typeof current[key] !== 'object') {
      current[key] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    }
    current = current[key] as Record<string, unknown>;
  });
}

/** Every non-empty leaf of the data, by dotted path. */
export function flattenLeaves(data: unknown, prefix = ''): Leaves {
  const out: Leaves = {};
  const walk = (value: unknown, path: string) => {
    if (value === undefined || value === null || value === '') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
    } else if (typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) walk(v, path ? `${path}.${key}` : key);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[path] = value;
    } else {
      out[path] = String(value);
    }
  };
  walk(data, prefix);
  return out;
}

/** Leaves back into nested data (numeric keys make lists). */
export function unflattenLeaves(leaves: Leaves): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(leaves)) setPath(out, path, value);
  return out;
}

/** Characters XML 1.0 cannot carry: an .xlsx cell cannot hold them. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function cellText(value: string): string {
  return value.replace(XML_INVALID, '');
}

/** True when a leaf path is the column's own value or, for a list of codes, one of its items. */
function covers(column: EntryColumn, path: string): boolean {
  if (column.kind === 'codes') return path === column.path || path.startsWith(`${column.path}.`);
  return path === column.path;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** The text of one cell for a stored value. */
function encode(column: ColumnDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  switch (column.kind) {
    case 'date': {
      const text = String(value);
      return cellText(parseIsoPartialDate(text) ? formatForExport(text) : text);
    }
    case 'code':
      return cellText(column.codeList ? toExportCode(column.codeList, String(value)) : String(value));
    case 'codes': {
      const items = Array.isArray(value) ? value : [value];
      return cellText(
        items
          .filter((v) => v !== undefined && v !== null && v !== '')
          .map((v) => (column.codeList ? toExportCode(column.codeList, String(v)) : String(v)))
          .join(','),
      );
    }
    default:
      return cellText(String(value));
  }
}

/** The stored value of one cell ('' stays undefined). */
function decode(column: ColumnDef, text: string): unknown {
  if (text === '') return undefined;
  switch (column.kind) {
    case 'int':
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'date': {
      const parsed = parseTypedDate(text);
      return parsed ? toIso(parsed) : text;
    }
    case 'code':
      return column.codeList ? fromExportCode(column.codeList, text) : text;
    case 'codes':
      return text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => (column.codeList ? fromExportCode(column.codeList, t) : t));
    default:
      return text;
  }
}

/** Header cells: the column name, with the allowed codes on a second line as BTP writes them. */
export function headerCells(set: ColumnSet): string[] {
  return set.columns.map((column) => {
    if (column.header !== undefined) return column.header;
    if ((column.kind === 'code' || column.kind === 'codes') && column.codeList) {
      const codes = codeListOf(column.codeList)
        .entries.map((e) => e.code)
        .join(',');
      return `${column.column}\ni=[${codes}]`;
    }
    return column.column;
  });
}

/**
 * The column name a header cell stands for: its first line, without the notes templates add
 * (an allowed-values note "i=[1,2]", a trailing "(*)" for a required column) and spaces.
 */
export function headerName(cell: string): string {
  return (cell.split(/\r?\n/)[0] ?? '')
    .replace(/\s*i\s*=\s*\[[^\]]*\]\s*$/, '')
    .replace(/\s*\(\*\)\s*$/, '')
    .replace(/\s+/g, '')
    .trim();
}

/** One row of cells for an entry; `rowNumber` is 1-based. */
export function entryCells(set: ColumnSet, data: unknown, book: BookValues, rowNumber: number): string[] {
  return set.columns.map((column) => {
    switch (column.source) {
      case 'rowNumber':
        return String(rowNumber);
      case 'book':
        return cellText(bookValue(book, column.bookField));
      case 'entry': {
        const value = getPath(data, column.path);
        const empty = value === undefined || value === null || value === '';
        if (empty && column.fallback) return cellText(bookValue(book, column.fallback));
        return encode(column, value);
      }
    }
  });
}

export interface HeaderMatch {
  /** Index of each column of the set in the row, -1 when missing. */
  indexes: number[];
  missing: string[];
  unknown: string[];
  /** True when the header is exactly the set's columns in the set's order. */
  exact: boolean;
}

/** Finds the set's columns in a header row, by name after trimming. */
export function matchHeader(set: ColumnSet, header: string[]): HeaderMatch {
  const names = header.map(headerName);
  const indexes = set.columns.map((c) => names.indexOf(c.column));
  const known = new Set(set.columns.map((c) => c.column));
  const missing = set.columns.filter((_, i) => indexes[i] === -1).map((c) => c.column);
  const unknown = names.filter((n) => n !== '' && !known.has(n));
  const exact = names.length === set.columns.length && set.columns.every((c, i) => names[i] === c.column);
  return { indexes, missing, unknown, exact };
}

export interface ParsedRow {
  rowNumber?: number;
  /** The entry's leaves as the row gives them. */
  leaves: Leaves;
  /** The book columns as written (noiDangKy …), by column name. */
  book: Record<string, string>;
}

/** Reads one data row back: the entry's leaves, the row number and the book columns. */
export function parseRow(set: ColumnSet, match: HeaderMatch, row: string[]): ParsedRow {
  const leaves: Leaves = {};
  const book: Record<string, string> = {};
  let rowNumber: number | undefined;
  set.columns.forEach((column, i) => {
    const index = match.indexes[i]!;
    const text = index >= 0 ? (row[index] ?? '') : '';
    if (column.source === 'rowNumber') {
      rowNumber = /^\d+$/.test(text) ? Number(text) : undefined;
    } else if (column.source === 'book') {
      book[column.column] = text;
    } else {
      const value = decode(column, text);
      if (value === undefined) return;
      if (Array.isArray(value)) value.forEach((v, j) => (leaves[`${column.path}.${j}`] = v as Leaf));
      else leaves[column.path] = value as Leaf;
    }
  });
  return { ...(rowNumber !== undefined ? { rowNumber } : {}), leaves, book };
}

/**
 * The leaves an exported row must give back for this entry: the stored leaves the columns cover,
 * with the book's value where a column falls back to it.
 */
export function expectedLeaves(set: ColumnSet, data: unknown, book: BookValues): Leaves {
  const all = flattenLeaves(data);
  const out: Leaves = {};
  const columns = set.columns.filter((c): c is EntryColumn => c.source === 'entry');
  for (const [path, value] of Object.entries(all)) {
    if (columns.some((c) => covers(c, path))) out[path] = value;
  }
  for (const column of columns) {
    if (column.fallback && !(column.path in out)) {
      const value = bookValue(book, column.fallback);
      if (value !== '') out[column.path] = column.kind === 'int' && /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  return out;
}

/** Leaves of the entry no column holds and no `notExported` rule explains: they would be lost. */
export function uncoveredPaths(set: ColumnSet, data: unknown): string[] {
  const columns = set.columns.filter((c): c is EntryColumn => c.source === 'entry');
  return Object.keys(flattenLeaves(data)).filter(
    (path) => !columns.some((c) => covers(c, path)) && !set.notExported.some((n) => isUnder(path, n.path)),
  );
}

/** Differences between two leaf maps, as "path: expected → actual" for messages. */
export function diffLeaves(expected: Leaves, actual: Leaves): { path: string; expected?: Leaf; actual?: Leaf }[] {
  const paths = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const out: { path: string; expected?: Leaf; actual?: Leaf }[] = [];
  for (const path of [...paths].sort()) {
    if (expected[path] !== actual[path]) {
      out.push({
        path,
        ...(expected[path] !== undefined ? { expected: expected[path] } : {}),
        ...(actual[path] !== undefined ? { actual: actual[path] } : {}),
      });
    }
  }
  return out;
}

/** The Vietnamese label of a data path ("nguoiGiamHo.0.hoTen" → "Họ, chữ đệm, tên người giám hộ thứ nhất"). */
export function fieldLabel(set: ColumnSet | undefined, path: string): string {
  const column = set?.columns.find((c) => c.source === 'entry' && (c.path === path || path.startsWith(`${c.path}.`)));
  if (column) return column.label;
  const registration: Record<string, string> = {
    ngayDangKy: 'Ngày đăng ký',
    so: 'Số',
    trangSo: 'Trang số',
  };
  return registration[path] ?? path;
}
