/**
 * Export of a book for the national database, and its acceptance check (nghiệm thu):
 *
 *   precheck(bookId)            what the national import would reject or a reviewer question
 *   exportBook(bookId, outDir)  one .xlsx of entries + one .zip of one PDF per entry, re-read and
 *                               checked, an acceptance report (.xlsx and .pdf) and a manifest
 *   verifyFolder(dir)           re-checks an export folder against its manifests
 *
 * The files are written by book-exporter.ts from the desktop's data (source.ts
 * desktopExportSource); the district hub writes the same files from its own (hub/export.ts).
 */
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { bookTypeName } from '../../../shared/catalogs/book-types';
import { currentColumnSet } from '../../../shared/export/column-sets';
import type { ExportAllResult, ExportResult, PrecheckReport } from '../../../shared/export/export';
import { DEFAULT_NAMING } from '../../../shared/export/naming';
import { recordTypeFor } from '../../../shared/records/registry';
import type { BooksService } from '../books/books-service';
import type { BackendContext } from '../context';
import { standaloneControl, type JobControl } from '../jobs/jobs';
import type { RecordsService } from '../records/records-service';
import { assertTypeExportable, createBookExporter, type ExportBookOptions } from './book-exporter';
import { recoverSwitches } from './files';
import type { ReportFonts } from './pdf-text';
import { runPrecheck } from './precheck';
import { desktopExportSource } from './source';
import { verifyFolder as verifyExportFolder } from './verify';

export type { ExportBookOptions } from './book-exporter';
export { bookDataUpdatedAt } from './source';

export interface ExportServiceOptions {
  /**
   * Where exports go when no folder is given: the folder the clerk chose (preferences), else a
   * default. A function, so that a change of preference applies to the next export.
   */
  exportRoot?: string | (() => string);
  /** Recorded in the manifest and the reports. */
  appVersion?: string;
  /** Fonts of the PDF report (need Vietnamese glyphs). */
  fonts?: ReportFonts;
}

export function createExportService(
  ctx: BackendContext,
  books: BooksService,
  records: RecordsService,
  options: ExportServiceOptions = {},
) {
  const rootOption = options.exportRoot ?? path.join(path.dirname(ctx.files.root), 'exports');
  const exportRoot = () => (typeof rootOption === 'function' ? rootOption() : rootOption);
  const appVersion = options.appVersion ?? 'không rõ';
  const running = new Set<string>();
  const source = desktopExportSource(books, records, ctx.files);
  const exporter = createBookExporter(source, {
    now: () => ctx.now(),
    get actor() {
      return ctx.actor;
    },
    appVersion,
    ...(options.fonts ? { fonts: options.fonts } : {}),
  });

  /** Throws NOT_FOUND for an unknown book, VALIDATION for a type without a column set. */
  function assertExportable(bookId: string): void {
    assertTypeExportable(books.typeOf(bookId));
  }

  async function precheck(bookId: string, control?: JobControl): Promise<PrecheckReport> {
    return (await runPrecheck(source, () => ctx.now(), bookId, control)).report;
  }

  async function checkStart(bookId: string, outDir: string, exportOptions: ExportBookOptions = {}): Promise<void> {
    return exporter.checkStart(bookId, outDir, exportOptions);
  }

  async function exportBook(
    bookId: string,
    outDir: string = exportRoot(),
    exportOptions: ExportBookOptions = {},
    control: JobControl = standaloneControl(),
  ): Promise<ExportResult> {
    const dir = path.resolve(outDir);
    const lock = `${dir}\n${bookId}`;
    if (running.has(lock)) throw new AppError('CONFLICT', 'Sổ này đang được xuất vào thư mục này');
    running.add(lock);
    try {
      await exporter.checkStart(bookId, dir, exportOptions);
      return await exporter.exportLocked(bookId, dir, exportOptions.naming ?? DEFAULT_NAMING, control);
    } finally {
      running.delete(lock);
    }
  }

  /** Every book that has a column set and entries, one after the other into `outDir`. */
  async function exportAll(
    outDir: string = exportRoot(),
    exportOptions: ExportBookOptions = {},
    control: JobControl = standaloneControl(),
    onBook?: (book: { id: string; label: string }, index: number, count: number) => void,
  ): Promise<ExportAllResult> {
    const result: ExportAllResult = { exported: [], skipped: [] };
    const all = books.list();
    for (const [index, book] of all.entries()) {
      const label = `${book.type} quyển ${book.volume} — ${book.office}`;
      if (!currentColumnSet(book.type) || !recordTypeFor(book.type)) {
        result.skipped.push({
          bookId: book.id,
          label,
          kind: 'unsupported',
          reason: `${bookTypeName(book.type)} chưa có mẫu xuất Excel`,
        });
        continue;
      }
      if (book.entryCount === 0) {
        result.skipped.push({ bookId: book.id, label, kind: 'empty', reason: 'Sổ chưa có trường hợp nào' });
        continue;
      }
      onBook?.({ id: book.id, label }, index, all.length);
      try {
        result.exported.push(await exportBook(book.id, outDir, exportOptions, control));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const confirm = error.details?.confirm;
        result.skipped.push({
          bookId: book.id,
          label,
          kind: 'failed',
          reason: error.message,
          ...(confirm === 'replace' || confirm === 'noOfficeCode' ? { confirm } : {}),
        });
      }
    }
    return result;
  }

  async function verifyFolder(dir: string = exportRoot()) {
    // An export killed after its switch was committed is completed first.
    await recoverSwitches(path.resolve(dir));
    return verifyExportFolder(dir, ctx.now);
  }

  return { exportRoot, assertExportable, checkStart, precheck, exportBook, exportAll, verifyFolder };
}

export type ExportService = ReturnType<typeof createExportService>;
