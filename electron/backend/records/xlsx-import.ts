/**
 * Importing an Excel file in the Ministry's format (the type's column set) into a book: the sheet
 * and its header row found, the header matched by name (notes dropped), every row decoded
 * (shared/export/row-decode.ts) and linked to the book's page of its "Trang số", then checked and
 * written by the same path as the JSONL import (records-service importMany: schemas and rules,
 * chunked writes, import run, audit). All or nothing unless `skipInvalid`.
 */
import { AppError } from '../../../shared/api/errors';
import { COLUMN_SETS, type ColumnSet } from '../../../shared/export/column-sets';
import { matchHeader, type HeaderMatch } from '../../../shared/export/row-codec';
import { cellOfPath, decodeRow, headerProblem, type CellError } from '../../../shared/export/row-decode';
import type { PageRef, RecordDetail } from '../../../shared/records/record';
import type { BooksService } from '../books/books-service';
import { readSheetNames, readSheetRows } from '../export/xlsx';
import type { ImportOptions, RecordsService } from './records-service';

/** Rows looked at for the header (templates may put a title above it). */
const HEADER_SEARCH_ROWS = 10;

export interface XlsxRows {
  set: ColumnSet;
  match: HeaderMatch;
  /** The rows that decoded and found their page, with their sheet row. */
  items: { data: Record<string, unknown>; pages: PageRef[]; row: number }[];
  /** Cells that cannot be read, rows whose page the book lacks. */
  errors: CellError[];
}

/** Reads and decodes the entries of a file; throws a VALIDATION AppError when the file cannot be used. */
export async function readXlsxRows(file: string, set: ColumnSet, pageByNo: Map<number, string>): Promise<XlsxRows> {
  let names: string[];
  try {
    names = await readSheetNames(file);
  } catch {
    throw new AppError('VALIDATION', 'Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải tệp Excel');
  }
  const named = names.indexOf(set.sheetName);
  if (names.length === 0) throw new AppError('VALIDATION', 'Tệp Excel không có trang tính nào');
  const sheetIndex = named >= 0 ? named + 1 : 1;

  let match: HeaderMatch | undefined;
  let firstMatch: HeaderMatch | undefined;
  let looked = 0;
  const items: XlsxRows['items'] = [];
  const errors: CellError[] = [];
  const enough = Math.ceil(set.columns.length / 2);
  await readSheetRows(file, sheetIndex, (row) => {
    if (!match) {
      if (looked++ >= HEADER_SEARCH_ROWS) return;
      const candidate = matchHeader(set, row.cells);
      firstMatch ??= candidate;
      if (set.columns.length - candidate.missing.length >= enough) match = candidate;
      return;
    }
    const decoded = decodeRow(set, match, row.cells, row.number, row.nonText);
    if (decoded.errors.length > 0) {
      errors.push(...decoded.errors);
      return;
    }
    const trangSo = decoded.data.trangSo;
    const cell = cellOfPath(set, match, 'trangSo');
    if (typeof trangSo !== 'number') {
      errors.push({ row: row.number, ...cell, message: 'Trống: cần trang số để gắn trường hợp với trang scan của sổ' });
      return;
    }
    const pageId = pageByNo.get(trangSo);
    if (!pageId) {
      errors.push({ row: row.number, ...cell, message: `Sổ không có trang ${trangSo}` });
      return;
    }
    items.push({ data: decoded.data, pages: [{ pageId }], row: row.number });
  });
  const header = match ?? firstMatch;
  if (!header) throw new AppError('VALIDATION', `Trang tính "${names[sheetIndex - 1]}" của tệp Excel trống`);
  const problem = headerProblem(set, header);
  if (problem) throw new AppError('VALIDATION', problem);
  return { set, match: header, items, errors };
}

/**
 * Reads a file written in any version of the type's column set (templates drift: KT exists with
 * and without nktNgayChetGhiBangChu), the newest first; when none fits, the newest one's refusal.
 */
async function readAnyVersion(
  file: string,
  versions: readonly ColumnSet[],
  pageByNo: Map<number, string>,
): Promise<XlsxRows> {
  let newest: unknown;
  for (const set of [...versions].reverse()) {
    try {
      return await readXlsxRows(file, set, pageByNo);
    } catch (error) {
      if (!(error instanceof AppError) || versions.length === 1) throw error;
      newest ??= error;
    }
  }
  throw newest;
}

export interface XlsxImportReport {
  /** True when entries were written (all of them, or the valid ones with skipInvalid). */
  ok: boolean;
  imported: RecordDetail[];
  /** Every cell or row that was not imported, in sheet order. */
  errors: CellError[];
  /** Rows with errors left out (skipInvalid). */
  skipped: number;
  /** All or nothing, failed half-way: entries of earlier writes soft-deleted. */
  cancelled: number;
  importId?: string;
  /** Dry run: how many rows have no error (what the import writes: all rows, or the valid ones with skipInvalid). */
  ready?: number;
}

/**
 * Imports an .xlsx into a book (see the module comment). Throws a VALIDATION AppError for a file it
 * refuses. With `dryRun`, every row is read and checked the same way and nothing is written: the
 * report lists the errors, the rows that would be skipped and how many are `ready`.
 */
export async function importXlsxFile(
  services: { books: BooksService; records: RecordsService },
  bookId: string,
  file: string,
  options: ImportOptions & { dryRun?: boolean },
): Promise<XlsxImportReport> {
  const book = services.books.get(bookId);
  const versions = (COLUMN_SETS as Partial<Record<string, readonly ColumnSet[]>>)[book.type] ?? [];
  if (versions.length === 0) throw new AppError('VALIDATION', `Sổ loại ${book.type} chưa có mẫu Excel để nhập`);
  const pageByNo = new Map(book.pages.map((p) => [p.pageNo, p.id]));
  const { set, match, items, errors } = await readAnyVersion(file, versions, pageByNo);

  const issuesOf = (rejected: { index: number; message: string; issues: { path: string; message: string }[] }[]) =>
    rejected.flatMap(({ index, message, issues }): CellError[] => {
      const row = items[index]!.row;
      if (issues.length === 0) return [{ row, message }];
      return issues.map((issue) => ({ row, ...cellOfPath(set, match, issue.path), message: issue.message }));
    });
  const sorted = (list: CellError[]) => [...list].sort((a, b) => a.row - b.row);

  if (options.dryRun) {
    const rejected = services.records.precheckImport(bookId, items);
    const all = sorted([...errors, ...issuesOf(rejected)]);
    return {
      ok: all.length === 0,
      imported: [],
      errors: all,
      skipped: new Set(all.map((e) => e.row)).size,
      cancelled: 0,
      ready: items.length - rejected.length,
    };
  }
  if (!options.skipInvalid) {
    const rejected = services.records.precheckImport(bookId, items);
    if (errors.length > 0 || rejected.length > 0) {
      return { ok: false, imported: [], errors: sorted([...errors, ...issuesOf(rejected)]), skipped: 0, cancelled: 0 };
    }
  }
  const result = await services.records.importMany(bookId, items, options);
  const all = sorted([...errors, ...issuesOf(result.rejected)]);
  const failed = !options.skipInvalid && result.rejected.length > 0;
  return {
    ok: !failed,
    imported: failed ? [] : result.imported,
    errors: all,
    skipped: options.skipInvalid ? new Set(all.map((e) => e.row)).size : 0,
    cancelled: result.cancelled,
    importId: result.importId,
  };
}
