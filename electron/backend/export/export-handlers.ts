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
    'export.book': ({ bookId, outDir, naming }) => {
      service.assertExportable(bookId); // an unknown or unexportable book fails the call, not the job
      return jobs.start('export.book', (control) =>
        service.exportBook(bookId, outDir ?? service.exportRoot, naming ? { naming } : {}, control),
      );
    },
    'export.verify': ({ dir }) => service.verifyFolder(dir ?? service.exportRoot),
  };
}
