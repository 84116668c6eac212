/**
 * Export methods of the API. The export itself runs as a job ('export.book'): the call returns
 * a job id at once; the renderer polls `jobs.get` for progress and may cancel.
 */
import type { HandlerTable } from '../api/handler-table';
import type { Jobs } from '../jobs/jobs';
import type { ExportService } from './export-service';
import { openExportFolder, type FolderOpener } from './folder';

type ExportMethods = 'export.precheck' | 'export.book' | 'export.verify' | 'export.openFolder';

export function exportHandlers(
  service: ExportService,
  jobs: Jobs,
  openFolder: FolderOpener,
): HandlerTable<ExportMethods> {
  return {
    'export.openFolder': async ({ dir }) => {
      await openExportFolder(dir, openFolder);
      return { opened: true as const };
    },
    'export.precheck': ({ bookId }) => service.precheck(bookId),
    'export.book': async ({ bookId, outDir, naming, confirmNoOfficeCode, replace }) => {
      const dir = outDir ?? service.exportRoot();
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
    'export.verify': ({ dir }) => service.verifyFolder(dir ?? service.exportRoot()),
  };
}
