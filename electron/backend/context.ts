/** What every backend service is given: the database, the file store, who acts, and the clock. */
import type { Database } from './db/database';
import type { FileStore } from './files/file-store';

export interface BackendContext {
  db: Database;
  files: FileStore;
  actor: string;
  /** ISO 8601 UTC; injectable so that tests can pin time. */
  now(): string;
}
