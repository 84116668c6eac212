/**
 * The part of the backend the everyday verbs need (books, entries, database checks), opened
 * without the export stack: `sohoa book list` must not load exceljs, pdf-lib or fontkit. The
 * export verbs open the whole backend (records/import-runs.ts) instead.
 *
 * The database is encrypted: it opens only after the account's login (credentials.ts) has
 * unwrapped its key, and everything the verb writes is audited as that account on this device.
 */
import { openGate, type GateBackend } from '../backend/accounts/gate';
import { createWriteGateway, type WriteGateway } from '../backend/db/write-gateway';
import { ensureDeviceId } from '../backend/accounts/device';
import { createBooksService } from '../backend/books/books-service';
import { backendContext, runAsRequest, type BackendContext, type RequestContext } from '../backend/context';
import { openDatabase, type Database } from '../backend/db/database';
import { FileStore } from '../backend/files/file-store';
import { dataLayout, defaultDataDir } from '../backend/paths';
import { createRecordsService } from '../backend/records/records-service';
import { createDraftsService } from '../backend/drafts/drafts-service';
import { createViewerService } from '../backend/viewer/viewer-service';
import { MIGRATIONS_DIR } from '../backend/source-paths';
import { recoverKilledImports } from '../backend/records/import-runs';
import type { Credentials } from './credentials';

export interface CliCore {
  db: Database;
  /** Who the command acts as: the logged-in account. */
  request: RequestContext;
  services: {
    books: ReturnType<typeof createBooksService>;
    records: ReturnType<typeof createRecordsService>;
  };
  /** What other services (sync) are built on: the context, the write gateway, this installation's id. */
  ctx: BackendContext;
  gateway: WriteGateway;
  deviceId: string;
  /** Logs in and opens the database; verbs call it once their command line is known good. */
  ready(): Promise<void>;
  close(): void;
}

type Opened = Omit<CliCore, 'ready'>;

export async function openCore(dataDir: string | undefined, login: () => Promise<Credentials>): Promise<Opened> {
  const layout = dataLayout(dataDir ?? defaultDataDir());
  const gate = await openGate<GateBackend>({
    dataDir: layout.root,
    migrationsDir: MIGRATIONS_DIR,
    open: async (key) => {
      const db = openDatabase({ file: layout.database, migrationsDir: MIGRATIONS_DIR, key });
      return { db, deviceId: ensureDeviceId(db), close: () => db.close() };
    },
  });
  try {
    const session = { user: null };
    await gate.login(await login(), session);
    const db = gate.backend()!.db;
    const request = gate.requestFor(session);
    const ctx = backendContext({ db, files: new FileStore(layout.files), fallback: () => request });
    const gateway = createWriteGateway({ db, request: ctx.request, now: ctx.now });
    const books = createBooksService(ctx, gateway, createViewerService(ctx, gateway));
    const records = createRecordsService(ctx, books, gateway, createDraftsService(ctx, gateway));
    // An import killed half-way (its process gone) leaves nothing live (records/import-runs.ts).
    await recoverKilledImports(records, (error) => console.error(error));
    return {
      db,
      request,
      services: { books, records },
      ctx,
      gateway,
      deviceId: gate.backend()!.deviceId,
      close: () => gate.close(),
    };
  } catch (error) {
    gate.close();
    throw error;
  }
}

/**
 * The core backend, opened when a verb calls `ready()`: a verb that stops at its command line
 * (a missing option value, say) never asks for a password nor opens the database.
 */
export function lazyCore(dataDir: string | undefined, login: () => Promise<Credentials>): CliCore {
  let opened: Opened | undefined;
  const open = () => {
    if (!opened) throw new Error('the command used the database before ready()');
    return opened;
  };
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
    get ctx() {
      return open().ctx;
    },
    get gateway() {
      return open().gateway;
    },
    get deviceId() {
      return open().deviceId;
    },
    ready: async () => {
      opened ??= await openCore(dataDir, login);
    },
    close: () => opened?.close(),
  };
}

export { runAsRequest };
