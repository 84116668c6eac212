/**
 * The database schema, in one place. drizzle-kit generates the SQL migrations in /migrations
 * from this file; hand-written migrations there add what drizzle cannot express (STRICT
 * tables, the audit table's append-only triggers).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Who and when, on every table that clerks change. Times are ISO 8601 UTC strings. */
const stamps = {
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
};

export const books = sqliteTable(
  'books',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    office: text('office').notNull(),
    officeCode: text('office_code'),
    volume: text('volume').notNull(),
    yearOpened: integer('year_opened').notNull(),
    openedOn: text('opened_on'),
    closedOn: text('closed_on'),
    period: text('period').notNull(),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [check('books_version_positive', sql`${t.version} >= 1`)],
);

/** Scan files as imported, in book order. The bytes live in the SHA-256 file store. */
export const scanFiles = sqliteTable(
  'scan_files',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id')
      .notNull()
      .references(() => books.id),
    sha256: text('sha256').notNull(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    pageCount: integer('page_count').notNull(),
    position: integer('position').notNull(),
    addedAt: text('added_at').notNull(),
    addedBy: text('added_by').notNull(),
    /** A removed file stays as a tombstone (its pages too): entries keep their references. */
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
  },
  (t) => [
    uniqueIndex('scan_files_book_sha')
      .on(t.bookId, t.sha256)
      .where(sql`${t.removedAt} is null`),
    check('scan_files_sha256_hex', sql`length(${t.sha256}) = 64`),
    check('scan_files_page_count_positive', sql`${t.pageCount} >= 1`),
  ],
);

/** Pages have stable ids and numbers: entries point at pages, never at positions in a file. */
export const pages = sqliteTable(
  'pages',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id')
      .notNull()
      .references(() => books.id),
    scanFileId: text('scan_file_id')
      .notNull()
      .references(() => scanFiles.id),
    indexInFile: integer('index_in_file').notNull(),
    pageNo: integer('page_no').notNull(),
    rotation: integer('rotation').notNull().default(0),
    /** For pages a browser cannot show as they are (TIFF): a rendition in the file store. */
    displaySha256: text('display_sha256'),
    /** A small preview for the thumbnail strip (image pages; PDF pages are drawn by pdf.js). */
    thumbSha256: text('thumb_sha256'),
    /**
     * A screen rendition made at import (at most VIEW_MAX_SIDE pixels on its long side, upright):
     * the viewer shows it first and loads the original only for zoom. Null for pages imported
     * before it existed, or a PDF page that is not one scanned image: the original is shown.
     */
    viewSha256: text('view_sha256'),
    width: integer('width'),
    height: integer('height'),
    /** Set when its scan file was removed: the page keeps its last number, out of the book's order. */
    removedAt: text('removed_at'),
  },
  (t) => [
    uniqueIndex('pages_book_page_no')
      .on(t.bookId, t.pageNo)
      .where(sql`${t.removedAt} is null`),
    uniqueIndex('pages_file_index').on(t.scanFileId, t.indexInFile),
    check('pages_rotation_quarter', sql`${t.rotation} IN (0, 90, 180, 270)`),
  ],
);

/**
 * Entries (trường hợp). `data` is the type's canonical JSON, validated by the shared schema on
 * every write; the fields that are searched, sorted or checked for duplicates are real columns.
 */
export const entries = sqliteTable(
  'entries',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id')
      .notNull()
      .references(() => books.id),
    bookType: text('book_type').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    data: text('data').notNull(),
    so: text('so').notNull(),
    soNumber: integer('so_number'),
    soYear: integer('so_year'),
    quyenSo: text('quyen_so'),
    trangSo: integer('trang_so').notNull(),
    ngayDangKy: text('ngay_dang_ky'),
    registrationYear: integer('registration_year'),
    primaryName: text('primary_name').notNull(),
    /** Names and số folded (no diacritics, lower case) for search. */
    searchText: text('search_text').notNull(),
    warnings: text('warnings').notNull().default('[]'),
    /** How many fields are marked unknown or illegible (for the reviewer's filter). */
    markedCount: integer('marked_count').notNull().default(0),
    ...stamps,
    deletedAt: text('deleted_at'),
    deletedBy: text('deleted_by'),
    deleteReason: text('delete_reason'),
    /** The version of the book type's field schema `data` was written in (shared/records/upgrades.ts). */
    schemaVersion: integer('schema_version').notNull().default(1),
  },
  (t) => [
    index('entries_book').on(t.bookId, t.soYear, t.soNumber),
    // The duplicate check looks entries up by (type, year, number), then compares office and quyển.
    index('entries_number_key').on(t.bookType, t.soYear, t.soNumber),
    index('entries_so_text').on(t.bookType, t.so),
    // No index on search_text: search goes through the FTS5 index (entries_fts), and no query
    // reads the column otherwise (migration 0015 dropped the one every insert kept up to date).
    check('entries_version_positive', sql`${t.version} >= 1`),
    check('entries_data_json', sql`json_valid(${t.data})`),
  ],
);

export const entryPages = sqliteTable(
  'entry_pages',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => entries.id),
    pageId: text('page_id')
      .notNull()
      .references(() => pages.id),
    position: integer('position').notNull(),
    rectX: real('rect_x'),
    rectY: real('rect_y'),
    rectW: real('rect_w'),
    rectH: real('rect_h'),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.pageId] }), index('entry_pages_page').on(t.pageId)],
);

/**
 * The narrow search table (migration 0014): one row per entry, keyed by the entry's integer search
 * key (entry_search_keys.key, which is also its row in the entries_fts index), holding only what
 * search filters and sorts on. A search counts and pages here (ORDER BY on an index, LIMIT before
 * anything wide is read) and reads from `entries` only the page's rows. Kept in step with
 * `entries` by the triggers of migration 0014, in the same statement as the write.
 */
export const searchRows = sqliteTable(
  'search_rows',
  {
    key: integer('key').primaryKey(),
    entryId: text('entry_id').notNull(),
    bookId: text('book_id').notNull(),
    bookType: text('book_type').notNull(),
    /** coalesce(so_year, registration_year): the year filter. */
    year: integer('year'),
    deleted: integer('deleted').notNull(),
    /** 1 when the entry has warnings. */
    warned: integer('warned').notNull(),
    /** 1 when fields are marked unknown or illegible. */
    marked: integer('marked').notNull(),
    soYear: integer('so_year'),
    soNumber: integer('so_number'),
    so: text('so').notNull(),
    ngayDangKy: text('ngay_dang_ky'),
    /** fold_name(primary_name): "Đinh" among the D's. */
    nameKey: text('name_key').notNull(),
    primaryName: text('primary_name').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('search_rows_so').on(t.deleted, t.soYear, t.soNumber, t.so, t.entryId),
    index('search_rows_name').on(t.deleted, t.nameKey, t.primaryName, t.entryId),
    index('search_rows_book').on(t.bookId, t.deleted, t.soYear, t.soNumber, t.so, t.entryId),
  ],
);

/** Append-only: triggers in the migrations refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    /** The account that acted (null for the app's own work and for rows from before accounts). */
    userId: text('user_id'),
    /** The installation it acted on (null for rows from before device ids). */
    deviceId: text('device_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version'),
    /** JSON of the changed fields before and after; null where there was no before/after. */
    before: text('before'),
    after: text('after'),
    /** The entry's content hash after this event (entry events; null for others). */
    contentHash: text('content_hash'),
    /** The hash of the event before this one (null for the first): the log is a hash chain. */
    prevHash: text('prev_hash'),
    /** SHA-256 of this event's canonical JSON, prev_hash included (electron/backend/audit/audit.ts). */
    hash: text('hash'),
  },
  (t) => [index('audit_entity').on(t.entityType, t.entityId)],
);

/**
 * What sync will send: one row per change, written by the write gateway in the same transaction
 * as the change and its audit event.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version'),
    contentHash: text('content_hash'),
    /** The audit event of the change. */
    auditSeq: integer('audit_seq')
      .notNull()
      .references(() => auditLog.seq),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('outbox_entity').on(t.entityType, t.entityId)],
);

/** Where each user left each book: the page and the zoom, restored when the book is opened again. */
export const viewStates = sqliteTable(
  'view_states',
  {
    actor: text('actor').notNull(),
    bookId: text('book_id')
      .notNull()
      .references(() => books.id),
    pageId: text('page_id'),
    zoom: text('zoom').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.bookId] })],
);

/** Per-user interface preferences (split size, layout), as JSON values. */
export const preferences = sqliteTable(
  'preferences',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] }), check('preferences_value_json', sql`json_valid(${t.value})`)],
);

/**
 * The entry a clerk is typing, saved while they type so that a crash or power cut loses at most
 * the last second. One per user and book for a new entry (`entry_id` ''), one per edited entry.
 */
export const drafts = sqliteTable(
  'drafts',
  {
    actor: text('actor').notNull(),
    bookId: text('book_id')
      .notNull()
      .references(() => books.id),
    entryId: text('entry_id').notNull().default(''),
    data: text('data').notNull(),
    pages: text('pages').notNull().default('[]'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.actor, t.bookId, t.entryId] }),
    check('drafts_data_json', sql`json_valid(${t.data}) AND json_valid(${t.pages})`),
  ],
);

/** This installation: one row, created with the database; its id names the device in the audit log. */
export const installation = sqliteTable(
  'installation',
  {
    singleton: integer('singleton').primaryKey().default(1),
    deviceId: text('device_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [check('installation_single_row', sql`${t.singleton} = 1`)],
);

/**
 * The app's accounts: quản trị (admin) and cán bộ nhập (clerk). The password is kept only as a
 * scrypt hash with its own salt and parameters; a disabled account cannot log in.
 */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    userName: text('user_name').notNull(),
    fullName: text('full_name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordSalt: text('password_salt').notNull(),
    /** JSON {N, r, p, keyLength} of the scrypt call that made the hash. */
    passwordParams: text('password_params').notNull(),
    disabledAt: text('disabled_at'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    uniqueIndex('users_user_name').on(t.userName),
    check('users_role', sql`${t.role} IN ('admin', 'clerk')`),
    check('users_password_params_json', sql`json_valid(${t.passwordParams})`),
  ],
);

/**
 * Sync with the district hub: this device's enrollment (one row). The database is encrypted, so
 * the device credential is kept here.
 */
export const syncSettings = sqliteTable(
  'sync_settings',
  {
    singleton: integer('singleton').primaryKey().default(1),
    hubUrl: text('hub_url').notNull(),
    /** Sent as `Authorization: Bearer …`; the hub keeps only its hash. */
    credential: text('credential').notNull(),
    communeCode: text('commune_code').notNull(),
    communeName: text('commune_name').notNull(),
    hubName: text('hub_name').notNull(),
    enrolledAt: text('enrolled_at').notNull(),
    /** The time of the last receipt applied. */
    lastSuccessAt: text('last_success_at'),
    /** The last probe of the hub: when, and whether it answered (1) or not (0). */
    lastProbeAt: text('last_probe_at'),
    online: integer('online'),
  },
  (t) => [check('sync_settings_single_row', sql`${t.singleton} = 1`)],
);

/**
 * Batches as built: frozen (manifest and payload JSON kept as sent), so that a retry sends exactly
 * the same bytes. Sent in `outbox_from` order; a batch set aside after a 4xx blocks no other. Once
 * committed, the payload is dropped ('{}'): the manifest and the receipt stay.
 */
export const syncBatches = sqliteTable(
  'sync_batches',
  {
    batchId: text('batch_id').primaryKey(),
    outboxFrom: integer('outbox_from').notNull(),
    outboxTo: integer('outbox_to').notNull(),
    batchHash: text('batch_hash').notNull(),
    manifest: text('manifest').notNull(),
    payload: text('payload').notNull(),
    /** building | pending | committed | set_aside */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this time (backoff after a network error or a 5xx); null: at once. */
    nextAttemptAt: text('next_attempt_at'),
    /** The last failure, in Vietnamese, and when. */
    lastError: text('last_error'),
    lastErrorAt: text('last_error_at'),
    /** The hub's receipt (JSON) once committed. */
    receipt: text('receipt'),
    /** tus upload URLs by SHA-256 (JSON object): a restarted app resumes its uploads. */
    uploads: text('uploads').notNull().default('{}'),
    createdAt: text('created_at').notNull(),
    committedAt: text('committed_at'),
  },
  (t) => [
    index('sync_batches_order').on(t.state, t.outboxFrom),
    check('sync_batches_state', sql`${t.state} IN ('building', 'pending', 'committed', 'set_aside')`),
    check(
      'sync_batches_json',
      sql`json_valid(${t.manifest}) AND json_valid(${t.payload}) AND json_valid(${t.uploads})`,
    ),
  ],
);

/**
 * What the hub has acknowledged: per entry its last version and content hash; per scan file
 * (`entity_type` 'file', `entity_id` the SHA-256) that the hub holds it.
 */
export const syncAcks = sqliteTable(
  'sync_acks',
  {
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    hubSeq: integer('hub_seq').notNull(),
    ackedAt: text('acked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId] })],
);

/** Entry versions the hub kept as conflicts (not applied there), shown to the clerk. */
export const syncConflicts = sqliteTable('sync_conflicts', {
  entryId: text('entry_id').primaryKey(),
  batchId: text('batch_id').notNull(),
  baseVersion: integer('base_version').notNull(),
  hubVersion: integer('hub_version').notNull(),
  incomingVersion: integer('incoming_version').notNull(),
  hubContentHash: text('hub_content_hash').notNull(),
  incomingContentHash: text('incoming_content_hash').notNull(),
  at: text('at').notNull(),
  /** The hub's current version of the entry (a SyncEntry as JSON), from the receipt; null before 0011. */
  hubEntry: text('hub_entry'),
});

/**
 * A bulk load (`sohoa record import`) under way or done: written before its first chunk, marked
 * finished with its last. A run left `running` by a process that is no longer alive was killed
 * half-way: the next backend to open soft-deletes its entries (records-service recoverKilledImports).
 */
export const importRuns = sqliteTable(
  'import_runs',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id').notNull(),
    /** The importing process, and the machine it runs on (a pid means nothing elsewhere). */
    pid: integer('pid').notNull(),
    host: text('host').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    cancelledAt: text('cancelled_at'),
    /** running | finished | cancelled */
    state: text('state').notNull(),
  },
  (t) => [
    index('import_runs_state').on(t.state),
    check('import_runs_state_check', sql`${t.state} IN ('running', 'finished', 'cancelled')`),
  ],
);

/** The entries each import run wrote, inserted in the same transaction as the entries. */
export const importRunEntries = sqliteTable(
  'import_run_entries',
  {
    importId: text('import_id').notNull(),
    entryId: text('entry_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.entryId] })],
);

/**
 * The district's correction requests (issue 11), as the hub sent them (sync downlink or receipt),
 * one row per request id (a request delivered twice is the same row), with the clerk's answer:
 * corrected (the entry version that carries it) or kept (with a reason). `answer_sent_at` is set
 * when the receipt of the batch that carried the answer arrives.
 */
export const correctionRequests = sqliteTable(
  'correction_requests',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id').notNull(),
    bookId: text('book_id').notNull(),
    entryId: text('entry_id').notNull(),
    entryVersion: integer('entry_version').notNull(),
    field: text('field').notNull(),
    fieldLabel: text('field_label').notNull(),
    typedValue: text('typed_value').notNull(),
    readValue: text('read_value').notNull(),
    note: text('note').notNull(),
    requestedAt: text('requested_at').notNull(),
    requestedBy: text('requested_by').notNull(),
    receivedAt: text('received_at').notNull(),
    /** open | answered */
    state: text('state').notNull().default('open'),
    /** corrected | kept (null while open) */
    answerKind: text('answer_kind'),
    answerReason: text('answer_reason'),
    /** corrected: the entry version that carries the correction. */
    answeredVersion: integer('answered_version'),
    answeredAt: text('answered_at'),
    answeredBy: text('answered_by'),
    answerSentAt: text('answer_sent_at'),
  },
  (t) => [
    index('correction_requests_entry').on(t.entryId),
    index('correction_requests_book').on(t.bookId, t.state),
    check('correction_requests_state', sql`${t.state} IN ('open', 'answered')`),
    check(
      'correction_requests_answer',
      sql`(${t.state} = 'open' AND ${t.answerKind} IS NULL) OR (${t.state} = 'answered' AND ${t.answerKind} IN ('corrected', 'kept') AND ${t.answeredAt} IS NOT NULL)`,
    ),
  ],
);
