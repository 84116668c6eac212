/**
 * Export methods of the API. The export itself runs as a job ('export.book'): the call returns
 * a job id at once; the renderer polls `jobs.get` for progress and may cancel.
 */
import type { HandlerTable } from '../api/handler-table';
import type { Jobs } from '../jobs/jobs';
import type { ExportService } from './export-service';

type ExportMethods = 'export.precheck' | 'export.book' | 'export.verify';

export function exportHandlers(service: ExportService, jobs: Jobs): HandlerTable<ExportMethods> {
  return {
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
