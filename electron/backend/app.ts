/**
 * The backend: plain Node, never imports electron. The Electron shell, the web host and the CLI
 * all open it the same way and talk to it through `dispatch` (or, for the CLI, its services).
 */
import path from 'node:path';
import type { AppInfo } from '../../shared/api/contract';
import { openDatabase } from './db/database';
import { FileStore } from './files/file-store';
import { sweepAbandoned, type SweepReport } from './files/sweep';
import { appErrorFrom } from './api/system-errors';
import { booksHandlers } from './books/books-handlers';
import { createBooksService } from './books/books-service';
import { recordsHandlers } from './records/records-handlers';
import { createRecordsService } from './records/records-service';
import { recoverKilledImports } from './records/import-runs';
import { createStaging } from './staging/staging';
import { xlsxImportHandlers } from './records/xlsx-import-handlers';
import { createJobs } from './jobs/jobs';
import { jobsHandlers } from './jobs/jobs-handlers';
import { createViewerService } from './viewer/viewer-service';
import { createDraftsService } from './drafts/drafts-service';
import { createExportService } from './export/export-service';
import { exportHandlers } from './export/export-handlers';
import { defaultExportDir, ensureWritableDir, systemFolderOpener, type FolderOpener } from './export/folder';
import { viewerHandlers } from './viewer/viewer-handlers';
import { createDispatcher, type BackendHandlers } from './api/handler-table';
import { dataLayout } from './paths';
import { backendContext, type RequestContext } from './context';
import { ensureDeviceId } from './accounts/device';
import { createWriteGateway, type WriteHooks } from './db/write-gateway';
import { createSyncService, startSyncJob, type SyncServiceOptions } from './sync/sync-service';
import { syncHandlers } from './sync/sync-handlers';
import { createCorrectionsService } from './review/corrections-service';
import { correctionsHandlers } from './review/corrections-handlers';

export const APP_VERSION = '0.1.0';

export interface BackendOptions {
  dataDir: string;
  migrationsDir: string;
  /** The data key the login unwrapped (absent only for the plaintext databases of old tests). */
  key?: Buffer;
  /** Who acts outside any request (direct service calls), named in the audit log; 'system' by default. */
  actor?: string;
  now?: () => string;
  onInternalError?: (error: unknown) => void;
  /** The export folder until one is chosen in Electron's dialog (default: Documents/SoHoaHoTich). */
  exportDir?: string;
  /** Exports always go to `exportDir`, whatever is stored (the web host: `<data-dir>/xuat`). */
  exportDirFixed?: boolean;
  /** Opens a folder in the file manager (default: xdg-open / open / explorer, detached). */
  openFolder?: FolderOpener;
  /** Test seam of the write gateway (races driven to an exact interleaving). */
  writeHooks?: WriteHooks;
  /** The largest scan file accepted for staging (default MAX_STAGED_BYTES). */
  maxStagedBytes?: number;
  /** Pushes to the district hub every so many ms while enrolled (the app's background job); none when absent. */
  syncIntervalMs?: number;
  /** Test seams of the sync client (fetch, backoff). */
  sync?: SyncServiceOptions;
}

/** A data folder that cannot be written (or a full disk) is said plainly, not as a stack trace. */
function storageErrorsSaid<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    throw appErrorFrom(error) ?? error;
  }
}

export async function openBackend(options: BackendOptions) {
  const startedAt = Date.now();
  const layout = dataLayout(options.dataDir);
  const db = storageErrorsSaid(() =>
    openDatabase({ file: layout.database, migrationsDir: options.migrationsDir, key: options.key }),
  );
  const deviceId = ensureDeviceId(db, options.now);
  /** Who acts outside any request: the app itself (no account id in the audit log, only the device). */
  const localRequest: RequestContext = { userId: null, userName: options.actor ?? 'system', role: 'system', deviceId };
  /** Who direct service calls act as: the app itself, or the account a command line logged in. */
  let serviceRequest = localRequest;
  const ctx = backendContext({
    db,
    files: new FileStore(layout.files),
    fallback: () => serviceRequest,
    now: options.now,
  });
  const staging = createStaging(layout.staging, { maxBytes: options.maxStagedBytes });
  try {
    await staging.clearLeftovers();
  } catch (error) {
    db.close();
    throw appErrorFrom(error) ?? error;
  }
  const onInternalError =
    options.onInternalError ?? ((error: unknown) => console.error('[backend] unexpected error', error));
  // What a killed import left in files/ goes, in the background: listing a large store takes a while.
  const maintenance: Promise<SweepReport | undefined> = sweepAbandoned(ctx.files, db.sqlite, { startedAt }).catch(
    (error: unknown) => {
      if (db.sqlite.open) onInternalError(error); // closed meanwhile: the next start sweeps again
      return undefined;
    },
  );
  const jobs = createJobs(onInternalError, layout.root);
  const gateway = createWriteGateway({ db, request: ctx.request, now: ctx.now, hooks: options.writeHooks });
  const exportDirDefault = options.exportDir ?? defaultExportDir();
  const viewer = createViewerService(ctx, gateway, {
    defaultExportDir: exportDirDefault,
    ...(options.exportDirFixed ? { fixedExportDir: path.resolve(exportDirDefault) } : {}),
  });
  const drafts = createDraftsService(ctx, gateway);
  const books = createBooksService(ctx, gateway, viewer);
  // A page's rendition missing from the store is made again from its original when asked for.
  ctx.files.rebuildMissing = (sha256) => books.rebuildDerivedFile(sha256);
  const records = createRecordsService(ctx, books, gateway, drafts);
  // An import killed half-way (its process gone) leaves nothing live: cancelled before anything reads.
  await recoverKilledImports(records, onInternalError);
  const exportService = createExportService(ctx, books, records, {
    exportRoot: () => viewer.exportRoot() ?? exportDirDefault,
    appVersion: APP_VERSION,
  });
  const corrections = createCorrectionsService(ctx, gateway, records);
  const sync = createSyncService(ctx, gateway, ctx.files, deviceId, options.sync, corrections);
  const syncJob =
    options.syncIntervalMs && options.syncIntervalMs > 0
      ? startSyncJob(sync, { intervalMs: options.syncIntervalMs, request: localRequest, onError: onInternalError })
      : undefined;
  const info: AppInfo = { version: APP_VERSION, dataDir: layout.root, actor: localRequest.userName };

  const handlers: BackendHandlers = {
    'app.info': (_input, request) => ({ ...info, actor: request.userName }),
    ...booksHandlers(books, staging, jobs),
    ...recordsHandlers(records, drafts, books, corrections),
    ...xlsxImportHandlers({ books, records }, staging),
    ...jobsHandlers(jobs),
    ...viewerHandlers(viewer),
    ...exportHandlers(exportService, jobs, options.openFolder ?? systemFolderOpener),
    ...syncHandlers(sync, layout.root, records),
    ...correctionsHandlers(corrections),
  };
  const dispatch = createDispatcher(handlers, onInternalError, layout.root);

  return {
    dispatch,
    handlers,
    deviceId,
    localRequest,
    /** Makes direct service calls (the CLI's, the tests') act as `request`. */
    actAs: (request: RequestContext) => {
      serviceRequest = request;
    },
    services: { books, records, viewer, drafts, exports: exportService, sync, corrections },
    /**
     * The export folder of the acting user: where it is, and (Electron's main process only, after
     * its own dialog) choosing another. Never reached from the renderer.
     */
    exportFolder: {
      current: (): string => exportService.exportRoot(),
      choose: async (dir: string): Promise<string> => {
        if (options.exportDirFixed) return viewer.setExportDir(dir).exportDir!; // refused
        const resolved = await ensureWritableDir(dir);
        viewer.setExportDir(resolved);
        return resolved;
      },
    },
    jobs,
    staging,
    files: ctx.files,
    db,
    layout,
    /** The sweep of abandoned files started with the backend; resolves when it is done. */
    maintenance,
    close: () => {
      syncJob?.stop();
      db.close();
    },
  };
}

export type Backend = Awaited<ReturnType<typeof openBackend>>;
