/**
 * "Nhập từ Excel": importing a book's entries from an Excel file in the Ministry's format (the
 * type's export column set, shared/export/column-sets.ts). The file comes through the staging
 * area (`stageFile`); the answer lists every cell or row that was not imported.
 */
import type { CellError } from '../export/row-decode';
import { z } from '../zod';

export const importXlsxInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  stagedId: z.uuid('Mã tệp tạm không hợp lệ'),
  /** Import the good rows and list the others, instead of all or nothing. */
  skipInvalid: z.boolean().default(false),
  /** Check only: every row read and checked as for the import, nothing written ("ready" says how many would be). */
  dryRun: z.boolean().default(false),
});
export type ImportXlsxInput = z.input<typeof importXlsxInput>;

export interface ImportXlsxResult {
  /** False: nothing was imported (a row has an error, and the clerk did not choose to skip). */
  ok: boolean;
  imported: number;
  /** Rows left out because of their errors (skipInvalid); in a dry run, the rows that have errors. */
  skipped: number;
  /** Every cell or row not imported, in sheet order ("Dòng 7, cột E (…): …" with cellErrorText). */
  errors: CellError[];
  /** Dry run: the rows without error, i.e. what the import would write (all rows, or the valid ones with skipInvalid). */
  ready?: number;
  /** The book pages the imported entries are linked to (by their "Trang số"), when some were imported. */
  pages?: number;
}
