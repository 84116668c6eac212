/**
 * The part of the backend the everyday verbs need (books, entries, database checks), opened
 * without the export stack: `sohoa book list` must not load exceljs, pdf-lib or fontkit. The
 * export verbs open the whole backend (electron/backend/app.ts) instead.
 */
import { createWriteGateway } from '../backend/db/write-gateway';
import { createBooksService } from '../backend/books/books-service';
import { ensureDeviceId } from '../backend/accounts/device';
import { backendContext, type RequestContext } from '../backend/context';
import { openDatabase, type Database } from '../backend/db/database';
import { FileStore } from '../backend/files/file-store';
import { currentActor, dataLayout, defaultDataDir } from '../backend/paths';
import { createRecordsService } from '../backend/records/records-service';
import { createDraftsService } from '../backend/drafts/drafts-service';
import { createViewerService } from '../backend/viewer/viewer-service';
import { MIGRATIONS_DIR } from '../backend/source-paths';

export interface CliCore {
  db: Database;
  /** Who the command acts as (until accounts: the OS user doing the app's own work). */
  request: RequestContext;
  services: {
    books: ReturnType<typeof createBooksService>;
    records: ReturnType<typeof createRecordsService>;
  };
  close(): void;
}

export function openCore(dataDir: string | undefined): CliCore {
  const layout = dataLayout(dataDir ?? defaultDataDir());
  const db = openDatabase({ file: layout.database, migrationsDir: MIGRATIONS_DIR });
  const request: RequestContext = {
    userId: null,
    userName: currentActor(),
    role: 'system',
    deviceId: ensureDeviceId(db),
  };
  const ctx = backendContext({ db, files: new FileStore(layout.files), fallback: () => request });
  const gateway = createWriteGateway({ db, request: ctx.request, now: ctx.now });
  const books = createBooksService(ctx, gateway, createViewerService(ctx, gateway));
  const records = createRecordsService(ctx, books, gateway, createDraftsService(ctx, gateway));
  return { db, request, services: { books, records }, close: () => db.close() };
}

/**
 * The core backend, opened when a verb first uses it: a verb that stops at its command line
 * (a missing option value, say) never creates or migrates a database.
 */
export function lazyCore(dataDir: string | undefined): CliCore {
  let opened: CliCore | undefined;
  const open = () => (opened ??= openCore(dataDir));
  return {
    get db() {
      return open().db;
    },
    get services() {
      return open().services;
    },
    get request() {
      return open().request;
    },
    close: () => opened?.close(),
  };
}
