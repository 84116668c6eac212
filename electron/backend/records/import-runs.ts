/**
 * Runs of a bulk load (`sohoa record import`), so that one killed half-way leaves nothing live:
 * the run is written before its first chunk, each chunk adds its entry ids in its own
 * transaction, and the last one marks the run finished. A run still `running` whose process is
 * gone (on this machine) was killed: the next backend to open cancels it (records-service).
 */
import os from 'node:os';
import type Sqlite from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';

export interface ImportRun {
  id: string;
  bookId: string;
  pid: number;
  host: string;
  startedAt: string;
}

/** Whether a process of this machine is alive: `kill(pid, 0)` fails with ESRCH only when it is not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}

/**
 * The statements on the run tables, prepared on first use: a backend opened on the migrations of
 * before 0012 (the migration tests) has no such tables, and no killed run to look for.
 */
export function importRunStatements(sqlite: Sqlite.Database) {
  let prepared: ReturnType<typeof prepare> | undefined;
  const $ = () => (prepared ??= prepare(sqlite));
  const hasTables = () =>
    sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'import_runs'").get() !== undefined;
  return {
    /** Records the run of this process (inside a write). */
    begin(id: string, bookId: string, at: string): void {
      $().insertRun.run(id, bookId, process.pid, os.hostname(), at);
    },
    /** Records that the run wrote these entries (inside the write that wrote them). */
    wrote(id: string, entryIds: readonly string[]): void {
      for (const entryId of entryIds) $().insertEntry.run(id, entryId);
    },
    finish(id: string, at: string): void {
      $().setState.run({ id, at, state: 'finished' });
    },
    cancel(id: string, at: string): void {
      $().setState.run({ id, at, state: 'cancelled' });
    },
    isRunning(id: string): boolean {
      return $().stateOf.pluck().get(id) === 'running';
    },
    entriesOf(id: string): string[] {
      return $().entryIds.pluck().all(id);
    },
    /**
     * Runs left `running` by a process of this machine that is gone. A run of this very process is
     * never among them, nor one of another machine (its pid says nothing here).
     */
    killed(): ImportRun[] {
      if (!prepared && !hasTables()) return [];
      const host = os.hostname();
      return $()
        .running.all()
        .filter((r) => r.host === host && r.pid !== process.pid && !processAlive(r.pid));
    },
  };
}

function prepare(sqlite: Sqlite.Database) {
  const insertRun = sqlite.prepare(
    `INSERT INTO import_runs (id, book_id, pid, host, started_at, state) VALUES (?, ?, ?, ?, ?, 'running')`,
  );
  const insertEntry = sqlite.prepare('INSERT INTO import_run_entries (import_id, entry_id) VALUES (?, ?)');
  const setState = sqlite.prepare(
    `UPDATE import_runs SET state = @state,
       finished_at = CASE WHEN @state = 'finished' THEN @at ELSE finished_at END,
       cancelled_at = CASE WHEN @state = 'cancelled' THEN @at ELSE cancelled_at END
     WHERE id = @id AND state = 'running'`,
  );
  const running = sqlite.prepare<[], ImportRun>(
    `SELECT id, book_id AS bookId, pid, host, started_at AS startedAt FROM import_runs WHERE state = 'running'
     ORDER BY started_at`,
  );
  const entryIds = sqlite.prepare<[string], string>(
    'SELECT entry_id FROM import_run_entries WHERE import_id = ? ORDER BY rowid',
  );
  const stateOf = sqlite.prepare<[string], string>('SELECT state FROM import_runs WHERE id = ?');
  return { insertRun, insertEntry, setState, running, entryIds, stateOf };
}

/**
 * Cancels the imports killed half-way (records-service recoverKilledImports), when a backend opens
 * (the app, the web host, the command line). Opening never fails for it: a data folder busy with
 * another writer, or any other trouble, leaves the runs to the next open.
 */
export async function recoverKilledImports(
  records: { recoverKilledImports(): Promise<unknown> },
  onInternalError: (error: unknown) => void,
): Promise<void> {
  try {
    await records.recoverKilledImports();
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'BUSY')) onInternalError(error);
  }
}
