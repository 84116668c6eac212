/**
 * Reading an exported Excel file back into entries, by column set: the parser behind the
 * round-trip tests and anyone who needs the entries of an export folder (streaming, any size).
 */
import type { ColumnSet } from '../../../shared/export/column-sets';
import {
  matchHeader,
  parseRow,
  unflattenLeaves,
  type HeaderMatch,
  type Leaves,
} from '../../../shared/export/row-codec';
import { rowCells } from './checks';
import { readSheetRows } from './xlsx';

export interface ReadBackEntry {
  /** Row of the sheet (the header is row 1). */
  sheetRow: number;
  /** The STT column. */
  rowNumber?: number;
  /** The entry's data as the row gives it (the fields the column set exports). */
  data: Record<string, unknown>;
  leaves: Leaves;
  /** Book columns as written (noiDangKy …). */
  book: Record<string, string>;
}

/** Calls `onEntry` for every data row of the entries sheet; returns how the header matched. */
export async function readExportedEntries(
  file: string,
  set: ColumnSet,
  onEntry: (entry: ReadBackEntry) => Promise<void> | void,
): Promise<HeaderMatch> {
  let match: HeaderMatch | undefined;
  const { found } = await readSheetRows(file, 1, async (row) => {
    if (!match) {
      match = matchHeader(set, row.cells);
      return;
    }
    const parsed = parseRow(set, match, rowCells(row.cells, set.columns.length));
    await onEntry({
      sheetRow: row.number,
      ...(parsed.rowNumber !== undefined ? { rowNumber: parsed.rowNumber } : {}),
      data: unflattenLeaves(parsed.leaves),
      leaves: parsed.leaves,
      book: parsed.book,
    });
  });
  if (!found || !match) throw new Error('Tệp Excel không có trang tính các trường hợp');
  return match;
}
