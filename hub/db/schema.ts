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
