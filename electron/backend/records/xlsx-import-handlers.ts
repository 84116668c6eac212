import type { HandlerTable } from '../api/handler-table';
import type { BooksService } from '../books/books-service';
import type { Staging } from '../staging/staging';
import type { RecordsService } from './records-service';
import { importXlsxFile } from './xlsx-import';

/** "Nhập từ Excel": the staged file is checked (dryRun) or imported, then released whatever the outcome. */
export function xlsxImportHandlers(
  services: { books: BooksService; records: RecordsService },
  staging: Staging,
): HandlerTable<'records.importXlsx'> {
  return {
    'records.importXlsx': async ({ bookId, stagedId, skipInvalid, dryRun }) => {
      const file = staging.resolve(stagedId);
      try {
        const report = await importXlsxFile(services, bookId, file.path, { skipInvalid, dryRun });
        const pages = new Set(report.imported.flatMap((r) => r.pages.map((p) => p.pageId))).size;
        return {
          ok: report.ok,
          imported: report.imported.length,
          skipped: report.skipped,
          errors: report.errors,
          ...(report.ready === undefined ? {} : { ready: report.ready }),
          ...(report.imported.length > 0 ? { pages } : {}),
        };
      } finally {
        await staging.release(stagedId);
      }
    },
  };
}
