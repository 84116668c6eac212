/**
 * The backend: plain Node, never imports electron. The Electron shell, the web host and the CLI
 * all open it the same way and talk to it through `dispatch` (or, for the CLI, its services).
 */
import type { AppInfo } from '../../shared/api/contract';
import { openDatabase } from './db/database';
import { FileStore } from './files/file-store';
import { booksHandlers } from './books/books-handlers';
import { createBooksService } from './books/books-service';
import { recordsHandlers } from './records/records-handlers';
import { createRecordsService } from './records/records-service';
import { createStaging } from './staging/staging';
import { createJobs } from './jobs/jobs';
import { jobsHandlers } from './jobs/jobs-handlers';
import { createViewerService } from './viewer/viewer-service';
import { createDraftsService } from './drafts/drafts-service';
import { createExportService } from './export/export-service';
import { exportHandlers } from './export/export-handlers';
import { defaultExportDir, systemFolderOpener, type FolderOpener } from './export/folder';
import { viewerHandlers } from './viewer/viewer-handlers';
import { createDispatcher, type HandlerTable } from './api/handler-table';
import { dataLayout } from './paths';
import { backendContext, type RequestContext } from './context';
import { ensureDeviceId } from './accounts/device';
import { createWriteGateway, type WriteHooks } from './db/write-gateway';

export const APP_VERSION = '0.1.0';

export interface BackendOptions {
  dataDir: string;
  migrationsDir: string;
  /** Who acts outside any request (direct service calls), named in the audit log. */
  actor: string;
  now?: () => string;
  onInternalError?: (error: unknown) => void;
  /** The export folder until the clerk chooses one (default: Documents/SoHoaHoTich). */
  exportDir?: string;
  /** Opens a folder in the file manager (default: xdg-open / open / explorer, detached). */
  openFolder?: FolderOpener;
  /** Test seam of the write gateway (races driven to an exact interleaving). */
  writeHooks?: WriteHooks;
}

export async function openBackend(options: BackendOptions) {
  const layout = dataLayout(options.dataDir);
  const db = openDatabase({ file: layout.database, migrationsDir: options.migrationsDir });
  const deviceId = ensureDeviceId(db, options.now);
  /**
   * Until accounts exist every transport acts as this local request: the OS user, doing the
   * app's own work (no account id in the audit log, only the device).
   */
  const localRequest: RequestContext = { userId: null, userName: options.actor, role: 'system', deviceId };
  const ctx = backendContext({
    db,
    files: new FileStore(layout.files),
    fallback: () => localRequest,
    now: options.now,
  });
  const staging = createStaging(layout.staging);
  await staging.clearLeftovers();
  const onInternalError =
    options.onInternalError ?? ((error: unknown) => console.error('[backend] unexpected error', error));
  const jobs = createJobs(onInternalError);
  const gateway = createWriteGateway({ db, request: ctx.request, now: ctx.now, hooks: options.writeHooks });
  const exportDirDefault = options.exportDir ?? defaultExportDir();
  const viewer = createViewerService(ctx, gateway, { defaultExportDir: exportDirDefault });
  const drafts = createDraftsService(ctx, gateway);
  const books = createBooksService(ctx, gateway, viewer);
  const records = createRecordsService(ctx, books, gateway, drafts);
  const exportService = createExportService(ctx, books, records, {
    exportRoot: () => viewer.getPreferences().exportDir ?? exportDirDefault,
    appVersion: APP_VERSION,
  });
  const info: AppInfo = { version: APP_VERSION, dataDir: layout.root, actor: options.actor };

  const handlers: HandlerTable = {
    'app.info': () => info,
    ...booksHandlers(books, staging, jobs),
    ...recordsHandlers(records, drafts, books),
    ...jobsHandlers(jobs),
    ...viewerHandlers(viewer),
    ...exportHandlers(exportService, jobs, options.openFolder ?? systemFolderOpener),
  };
  const dispatch = createDispatcher(handlers, onInternalError);

  return {
    dispatch,
    deviceId,
    localRequest,
    services: { books, records, viewer, drafts, exports: exportService },
    jobs,
    staging,
    files: ctx.files,
    db,
    layout,
    close: () => db.close(),
  };
}

export type Backend = Awaited<ReturnType<typeof openBackend>>;
