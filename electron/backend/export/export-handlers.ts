/**
 * Export methods of the API. The export itself runs as a job ('export.book'): the call returns
 * a job id at once; the renderer polls `jobs.get` for progress and may cancel.
 */
import type { HandlerTable } from '../api/handler-table';
import type { Jobs } from '../jobs/jobs';
import type { VerifyReport } from '../../../shared/export/export';
import type { ExportService } from './export-service';
import { openExportFolder, type FolderOpener } from './folder';

type ExportMethods = 'export.precheck' | 'export.book' | 'export.verify' | 'export.openFolder';

export function exportHandlers(
  service: ExportService,
  jobs: Jobs,
  openFolder: FolderOpener,
): HandlerTable<ExportMethods> {
  return {
    // No folder comes from the renderer: the export root of the backend (its preference or fixed).
    'export.openFolder': async () => {
      await openExportFolder(service.exportRoot(), openFolder);
      return { opened: true as const };
    },
    'export.precheck': ({ bookId }) => service.precheck(bookId),
    'export.book': async ({ bookId, naming, confirmNoOfficeCode, replace }) => {
      const dir = service.exportRoot();
      const options = {
        ...(naming ? { naming } : {}),
        ...(confirmNoOfficeCode ? { confirmNoOfficeCode } : {}),
        ...(replace ? { replace } : {}),
      };
      // An unknown or unexportable book, a missing confirmation or an unusable folder fails the
      // call itself (with details.confirm when the clerk can confirm), not the job.
      await service.checkStart(bookId, dir, options);
      return jobs.start('export.book', (control) => service.exportBook(bookId, dir, options, control));
    },
    'export.verify': async ({ bookId }) => {
      const report = await service.verifyFolder(service.exportRoot());
      return bookId ? onlyBook(report, bookId) : report;
    },
  };
}

/**
 * The report of one book's export in the folder: its manifests, and the problems of the folder as
 * a whole (a stray file would be uploaded with it).
 */
export function onlyBook(report: VerifyReport, bookId: string): VerifyReport {
  const books = report.books.filter((b) => b.bookId === bookId);
  const problems =
    books.length === 0 ? [...report.problems, 'Thư mục xuất chưa có bản xuất của sổ này'] : report.problems;
  return { ...report, books, problems, ok: problems.length === 0 && books.every((b) => b.ok) };
}
