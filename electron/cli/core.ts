/**
 * The part of the backend the everyday verbs need (books, entries, database checks), opened
 * without the export stack: `sohoa book list` must not load exceljs, pdf-lib or fontkit. The
 * export verbs open the whole backend (electron/backend/app.ts) instead.
 */
import { createBooksService } from '../backend/books/books-service';
import type { BackendContext } from '../backend/context';
import { openDatabase, type Database } from '../backend/db/database';
import { FileStore } from '../backend/files/file-store';
import { currentActor, dataLayout, defaultDataDir } from '../backend/paths';
import { createRecordsService } from '../backend/records/records-service';
import { MIGRATIONS_DIR } from '../backend/source-paths';

export interface CliCore {
  db: Database;
  services: {
    books: ReturnType<typeof createBooksService>;
    records: ReturnType<typeof createRecordsService>;
  };
  close(): void;
}

export function openCore(dataDir: string | undefined): CliCore {
  const layout = dataLayout(dataDir ?? defaultDataDir());
  const db = openDatabase({ file: layout.database, migrationsDir: MIGRATIONS_DIR });
  const ctx: BackendContext = {
    db,
    files: new FileStore(layout.files),
    actor: currentActor(),
    now: () => new Date().toISOString(),
  };
  const books = createBooksService(ctx);
  const records = createRecordsService(ctx, books);
  return { db, services: { books, records }, close: () => db.close() };
}

/** Runs a verb on the core backend and closes the database afterwards, whatever happens. */
export async function withCore<T>(dataDir: string | undefined, verb: (core: CliCore) => T | Promise<T>): Promise<T> {
  const core = openCore(dataDir);
  try {
    return await verb(core);
  } finally {
    core.close();
  }
}
