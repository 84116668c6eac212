/**
 * Which capability owns which table. A capability (a folder of electron/backend) reads and writes
 * only its own tables; it reads another's through that capability's service (or, where a per-row
 * call would cost one query per entry, through a named SQL fragment the owner exports, so that the
 * text touching the table stays in the owner's folder). test/unit/backend/table-ownership.test.ts
 * scans every folder for table names of other capabilities.
 */
export const TABLE_OWNERS = {
  books: 'books',
  scan_files: 'books',
  pages: 'books',
  entries: 'records',
  entry_pages: 'records',
  entry_search_keys: 'records',
  entries_fts: 'records',
  search_rows: 'records',
  entries_fts_deleted: 'records',
  drafts: 'drafts',
  view_states: 'viewer',
  preferences: 'viewer',
  users: 'accounts',
  installation: 'accounts',
  audit_log: 'audit',
  outbox: 'audit',
  sync_settings: 'sync',
  sync_batches: 'sync',
  sync_acks: 'sync',
  sync_conflicts: 'sync',
  import_runs: 'records',
  import_run_entries: 'records',
  correction_requests: 'review',
} as const;

export type OwnedTable = keyof typeof TABLE_OWNERS;

/**
 * Folders that are not capabilities and may name any table: `db` (schema, migrations, the write
 * gateway that appends audit and outbox rows, `sohoa db check`, which recomputes every entry's
 * hash) and `sync` (a batch is a read-only snapshot of every table).
 */
export const INFRASTRUCTURE_FOLDERS = ['db', 'sync'] as const;

/** Folders that belong to a capability without carrying its name. */
export const FOLDER_CAPABILITY: Record<string, string> = {
  // The content-addressed scan store and its sweep are the books capability's files.
  files: 'books',
};
