/**
 * The district hub's PostgreSQL schema (drizzle pg dialect; the same on PGlite and on a server).
 * Migrations: `npm run hub:db:generate` (drizzle-kit, hub/drizzle.config.ts → hub/migrations),
 * applied at start by hub/db/open.ts.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { PasswordHash } from '../../electron/backend/accounts/passwords';
import type {
  BatchManifest,
  BatchPayload,
  Receipt,
  SyncBook,
  SyncEntry,
  SyncEvent,
  SyncPage,
  SyncScanFile,
} from '../../shared/sync/protocol';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The order of committed batches: the hub's sequence, never device clocks. */
export const hubBatchSeq = pgSequence('hub_batch_seq', { startWith: 1, increment: 1 });

export const communes = pgTable('communes', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    communeCode: text('commune_code')
      .notNull()
      .references(() => communes.code),
    /** Lowercase hex SHA-256 of the credential (electron/backend/sync/usb-proof.ts hashCredential). */
    credentialHash: text('credential_hash').notNull(),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    lastSeenAt: ts('last_seen_at'),
    /** Device clock − hub clock (ms) of the last batch, when beyond CLOCK_SKEW_LIMIT_MS; else null. */
    clockSkewMs: doublePrecision('clock_skew_ms'),
    clockSkewAt: ts('clock_skew_at'),
  },
  (t) => [uniqueIndex('devices_credential_hash').on(t.credentialHash)],
);

export const enrollCodes = pgTable('enroll_codes', {
  codeHash: text('code_hash').primaryKey(),
  communeCode: text('commune_code')
    .notNull()
    .references(() => communes.code),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  usedByDevice: text('used_by_device'),
});

export const hubAdmins = pgTable('hub_admins', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  password: jsonb('password').$type<PasswordHash>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const batches = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    communeCode: text('commune_code').notNull(),
    batchHash: text('batch_hash').notNull(),
    /** pending (manifest taken, files may be missing) | committed */
    state: text('state', { enum: ['pending', 'committed'] }).notNull(),
    /** network | usb: the route of the first arrival. */
    source: text('source', { enum: ['network', 'usb'] }).notNull(),
    hubSeq: bigint('hub_seq', { mode: 'number' }),
    manifest: jsonb('manifest').$type<BatchManifest>().notNull(),
    payload: jsonb('payload').$type<BatchPayload>().notNull(),
    receipt: jsonb('receipt').$type<Receipt>(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    committedAt: ts('committed_at'),
    error: text('error'),
  },
  (t) => [uniqueIndex('batches_hub_seq').on(t.hubSeq), index('batches_device').on(t.deviceId)],
);

/** Files the blob store holds (content-addressed), recorded when they arrive. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
  storedAt: ts('stored_at').notNull().defaultNow(),
});

export const books = pgTable('books', {
  id: text('id').primaryKey(),
  communeCode: text('commune_code')
    .notNull()
    .references(() => communes.code),
  version: integer('version').notNull(),
  data: jsonb('data').$type<SyncBook>().notNull(),
  hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
});

export const scanFiles = pgTable('scan_files', {
  id: text('id').primaryKey(),
  bookId: text('book_id').notNull(),
  sha256: text('sha256').notNull(),
  data: jsonb('data').$type<SyncScanFile>().notNull(),
  hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
});

/** Pages as last received. */
export const pages = pgTable('pages', {
  id: text('id').primaryKey(),
  bookId: text('book_id').notNull(),
  data: jsonb('data').$type<SyncPage>().notNull(),
  hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
});

/** The current version of each entry (tombstones included, `deleted`). */
export const entries = pgTable(
  'entries',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id').notNull(),
    communeCode: text('commune_code').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    deleted: boolean('deleted').notNull(),
    data: jsonb('data').$type<SyncEntry>().notNull(),
    deviceId: text('device_id').notNull(),
    batchId: text('batch_id').notNull(),
    hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('entries_book').on(t.bookId)],
);

/** Every entry version received, append-only; `applied` when it became the current version. */
export const entryVersions = pgTable(
  'entry_versions',
  {
    id: serial('id').primaryKey(),
    entryId: text('entry_id').notNull(),
    version: integer('version').notNull(),
    baseVersion: integer('base_version').notNull(),
    contentHash: text('content_hash').notNull(),
    data: jsonb('data').$type<SyncEntry>().notNull(),
    batchId: text('batch_id').notNull(),
    deviceId: text('device_id').notNull(),
    hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
    applied: boolean('applied').notNull(),
  },
  (t) => [uniqueIndex('entry_versions_batch_entry').on(t.batchId, t.entryId)],
);

/** An incoming version whose base was not the hub's current one: both kept whole. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: serial('id').primaryKey(),
    entryId: text('entry_id').notNull(),
    batchId: text('batch_id').notNull(),
    deviceId: text('device_id').notNull(),
    baseVersion: integer('base_version').notNull(),
    hubVersion: integer('hub_version').notNull(),
    incomingVersion: integer('incoming_version').notNull(),
    hubContentHash: text('hub_content_hash').notNull(),
    incomingContentHash: text('incoming_content_hash').notNull(),
    hubData: jsonb('hub_data').$type<SyncEntry>().notNull(),
    incomingData: jsonb('incoming_data').$type<SyncEntry>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [uniqueIndex('conflicts_batch_entry').on(t.batchId, t.entryId)],
);

/** The devices' audit events, append-only, each once by (device, seq). */
export const deviceEvents = pgTable(
  'device_events',
  {
    deviceId: text('device_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    batchId: text('batch_id').notNull(),
    data: jsonb('data').$type<SyncEvent>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.seq] })],
);

/** What was done on the hub itself (enrollments, commits, imports, admin verbs). */
export const hubAudit = pgTable('hub_audit', {
  id: serial('id').primaryKey(),
  at: ts('at')
    .notNull()
    .default(sql`now()`),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
});

// ---------------------------------------------------------------------------------------------
// District review (issue 11). Lots, samples, verdicts and corrections are append-only records of
// decisions: a later verdict on the same field supersedes an earlier one for the counts, but both
// stay.

/** District staff who log in with a browser (created by the hub's administrator or a district admin). */
export const hubUsers = pgTable('hub_users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['reviewer', 'district_admin'] }).notNull(),
  password: jsonb('password').$type<PasswordHash>().notNull(),
  disabledAt: ts('disabled_at'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
});

/** Browser sessions: only the SHA-256 of the cookie's token is kept. */
export const hubSessions = pgTable(
  'hub_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => hubUsers.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
    remoteAddress: text('remote_address'),
  },
  (t) => [index('hub_sessions_user').on(t.userId)],
);

/** Hub-wide review settings (one hub serves one district), one row per key. */
export const reviewSettings = pgTable('review_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** A lot: one book as received. The entries (at their versions) are in lot_entries. */
export const lots = pgTable(
  'lots',
  {
    id: text('id').primaryKey(),
    bookId: text('book_id').notNull(),
    communeCode: text('commune_code').notNull(),
    state: text('state', { enum: ['waiting', 'in_review', 'accepted', 'rejected', 'resent'] }).notNull(),
    /** The hub sequence of the newest batch that touched the book when the lot was opened/refreshed. */
    hubSeq: bigint('hub_seq', { mode: 'number' }).notNull(),
    lotSize: integer('lot_size').notNull(),
    aql: doublePrecision('aql').notNull(),
    codeLetter: text('code_letter').notNull(),
    sampleSize: integer('sample_size').notNull(),
    acceptNo: integer('accept_no').notNull(),
    rejectNo: integer('reject_no').notNull(),
    /** Decimal string (up to 64 bits), recorded at the draw. */
    seed: text('seed'),
    previousLotId: text('previous_lot_id'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    drawnAt: ts('drawn_at'),
    drawnBy: integer('drawn_by'),
    decidedAt: ts('decided_at'),
    decidedBy: integer('decided_by'),
    decision: text('decision', { enum: ['accepted', 'rejected'] }),
    decisionNote: text('decision_note'),
    defectiveRandom: integer('defective_random'),
    defectiveTotal: integer('defective_total'),
  },
  (t) => [index('lots_book').on(t.bookId), index('lots_state').on(t.state)],
);

/** The entries of a lot at the versions received, frozen when the sample is drawn. */
export const lotEntries = pgTable(
  'lot_entries',
  {
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    entryId: text('entry_id').notNull(),
    entryVersion: integer('entry_version').notNull(),
    contentHash: text('content_hash').notNull(),
    /** Position in the reviewer's order; null when not sampled. */
    sampleOrder: integer('sample_order'),
    /** Why sampled: 'random' and/or the always-inspected reasons; empty when not sampled. */
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    /** The entry's author on the commune (desktop user id) of the judged version. */
    clerk: text('clerk').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.entryId] })],
);

/** What the reviewer typed for a critical field before seeing the clerk's value. */
export const blindReads = pgTable(
  'blind_reads',
  {
    id: serial('id').primaryKey(),
    lotId: text('lot_id').notNull(),
    entryId: text('entry_id').notNull(),
    field: text('field').notNull(),
    value: text('value').notNull(),
    matches: boolean('matches').notNull(),
    reviewerId: integer('reviewer_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('blind_reads_field').on(t.lotId, t.entryId, t.field)],
);

/** A reviewer's verdict on one field (append-only; the newest per field counts). */
export const reviewVerdicts = pgTable(
  'review_verdicts',
  {
    id: serial('id').primaryKey(),
    lotId: text('lot_id').notNull(),
    entryId: text('entry_id').notNull(),
    entryVersion: integer('entry_version').notNull(),
    field: text('field').notNull(),
    critical: boolean('critical').notNull(),
    verdict: text('verdict', { enum: ['ok', 'wrong'] }).notNull(),
    typedValue: text('typed_value').notNull(),
    readValue: text('read_value'),
    note: text('note'),
    /** 'blind-match' when recorded by the blind check agreeing, else 'reviewer'. */
    source: text('source', { enum: ['reviewer', 'blind-match'] }).notNull(),
    reviewerId: integer('reviewer_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('review_verdicts_lot_entry').on(t.lotId, t.entryId)],
);

/** A correction request sent to the commune (made when a lot is decided, one per wrong field). */
export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id').notNull(),
    bookId: text('book_id').notNull(),
    communeCode: text('commune_code').notNull(),
    entryId: text('entry_id').notNull(),
    entryVersion: integer('entry_version').notNull(),
    field: text('field').notNull(),
    fieldLabel: text('field_label').notNull(),
    typedValue: text('typed_value').notNull(),
    readValue: text('read_value').notNull(),
    note: text('note').notNull(),
    requestedAt: ts('requested_at').notNull().defaultNow(),
    requestedBy: integer('requested_by').notNull(),
  },
  (t) => [index('correction_requests_commune').on(t.communeCode), index('correction_requests_entry').on(t.entryId)],
);

/** The commune's answer to a request, as received in a batch (once per request). */
export const correctionAnswers = pgTable('correction_answers', {
  requestId: text('request_id')
    .primaryKey()
    .references(() => correctionRequests.id),
  answer: text('answer', { enum: ['corrected', 'kept'] }).notNull(),
  entryVersion: integer('entry_version'),
  reason: text('reason').notNull(),
  answeredAt: text('answered_at').notNull(),
  answeredBy: text('answered_by').notNull(),
  batchId: text('batch_id').notNull(),
  deviceId: text('device_id').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
});
