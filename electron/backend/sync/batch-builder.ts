/**
 * Makes sync batches from the outbox (shared/sync/protocol.ts says what a batch is). Reads in one
 * short read transaction, then freezes the batches in sync_batches through the write gateway: a
 * frozen batch is sent as stored, so that every retry carries exactly the same bytes and hash.
 *
 * A run covers the outbox rows after the last row any batch covers. Each changed entry travels
 * once, at its newest version, in the batch of its last outbox row of the run (a run larger than
 * MAX_BATCH_ENTRIES entries is split at outbox rows); each batch carries the books it touches,
 * whole, with all their scan files and pages, and the audit events of its outbox rows.
 */
import { v7 as uuidv7 } from 'uuid';
import type Sqlite from 'better-sqlite3';
import {
  SYNC_PROTOCOL,
  batch as batchSchema,
  type BatchManifest,
  type BatchPayload,
  type SyncBook,
  type SyncEntry,
  type SyncEvent,
  type SyncFileRef,
  type SyncPage,
  type SyncScanFile,
} from '../../../shared/sync/protocol';
import { AUDIT_ROW_COLUMNS } from '../audit/audit';
import type { WriteGateway } from '../db/write-gateway';
import { computeBatchHash } from './batch-hash';

/** The protocol's cap on entries per batch. */
export const MAX_BATCH_ENTRIES = 5000;
/** The protocol's cap on events per batch (one per outbox row). */
export const MAX_BATCH_EVENTS = 50_000;

interface OutboxRow {
  seq: number;
  entityType: string;
  entityId: string;
  auditSeq: number;
}

export interface BuiltBatch {
  batchId: string;
  manifest: BatchManifest;
  payload: BatchPayload;
  /** The JSON texts as frozen and sent. */
  manifestJson: string;
  payloadJson: string;
}

export interface BuildContext {
  sqlite: Sqlite.Database;
  deviceId: string;
  communeCode: string;
  now: () => string;
}

/** The last outbox row any batch covers (0: none yet). */
export function coveredOutbox(sqlite: Sqlite.Database): number {
  const row = sqlite.prepare('SELECT max(outbox_to) AS last FROM sync_batches').get() as { last: number | null };
  return row.last ?? 0;
}

/** Splits the run into segments of at most MAX_BATCH_ENTRIES distinct entries and MAX_BATCH_EVENTS rows. */
function segment(rows: OutboxRow[], maxEntries: number): OutboxRow[][] {
  const segments: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let entries = new Set<string>();
  for (const row of rows) {
    const isNewEntry = row.entityType === 'entry' && !entries.has(row.entityId);
    if (current.length > 0 && ((isNewEntry && entries.size >= maxEntries) || current.length >= MAX_BATCH_EVENTS)) {
      segments.push(current);
      current = [];
      entries = new Set();
    }
    current.push(row);
    if (row.entityType === 'entry') entries.add(row.entityId);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

interface EntryRow {
  id: string;
  bookId: string;
  bookType: string;
  version: number;
  contentHash: string;
  schemaVersion: number;
  data: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  deletedAt: string | null;
  deletedBy: string | null;
  deleteReason: string | null;
}

interface EntryPageRow {
  entryId: string;
  pageId: string;
  position: number;
  rectX: number | null;
  rectY: number | null;
  rectW: number | null;
  rectH: number | null;
}

/**
 * The version the hub will hold for each entry when a new batch arrives: what it acknowledged,
 * or what an earlier batch still waiting to be sent carries (batches are sent in order).
 */
function baseVersions(sqlite: Sqlite.Database): Map<string, number> {
  const base = new Map<string, number>();
  for (const row of sqlite
    .prepare("SELECT entity_id AS id, version FROM sync_acks WHERE entity_type = 'entry'")
    .all()) {
    const { id, version } = row as { id: string; version: number };
    base.set(id, version);
  }
  const pending = sqlite
    .prepare("SELECT manifest FROM sync_batches WHERE state = 'pending' ORDER BY outbox_from")
    .all() as { manifest: string }[];
  for (const { manifest } of pending) {
    for (const entry of (JSON.parse(manifest) as BatchManifest).entries) {
      base.set(entry.id, Math.max(base.get(entry.id) ?? 0, entry.version));
    }
  }
  return base;
}

function readSegment(
  sqlite: Sqlite.Database,
  rows: OutboxRow[],
  entryIds: string[],
  base: Map<string, number>,
): BatchPayload {
  const entryStmt = sqlite.prepare(
    `SELECT id, book_id AS bookId, book_type AS bookType, version, content_hash AS contentHash,
            schema_version AS schemaVersion, data, created_at AS createdAt, created_by AS createdBy,
            updated_at AS updatedAt, updated_by AS updatedBy, deleted_at AS deletedAt, deleted_by AS deletedBy,
            delete_reason AS deleteReason
     FROM entries WHERE id = ?`,
  );
  const linksStmt = sqlite.prepare(
    `SELECT entry_id AS entryId, page_id AS pageId, position, rect_x AS rectX, rect_y AS rectY, rect_w AS rectW,
            rect_h AS rectH
     FROM entry_pages WHERE entry_id = ? ORDER BY position`,
  );
  const bookIds = new Set<string>();
  const entries: SyncEntry[] = [];
  for (const id of entryIds) {
    const row = entryStmt.get(id) as EntryRow | undefined;
    if (!row) continue;
    bookIds.add(row.bookId);
    const links = linksStmt.all(id) as EntryPageRow[];
    entries.push({
      id: row.id,
      bookId: row.bookId,
      bookType: row.bookType,
      version: row.version,
      baseVersion: base.get(row.id) ?? 0,
      contentHash: row.contentHash,
      schemaVersion: row.schemaVersion,
      data: JSON.parse(row.data) as Record<string, unknown>,
      pages: links.map((l) => ({
        pageId: l.pageId,
        position: l.position,
        rect:
          l.rectX === null || l.rectY === null || l.rectW === null || l.rectH === null
            ? null
            : { x: l.rectX, y: l.rectY, w: l.rectW, h: l.rectH },
      })),
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      deletedAt: row.deletedAt,
      deletedBy: row.deletedBy,
      deleteReason: row.deleteReason,
    });
  }
  // Book and page changes of the run: the book (of the page) travels whole.
  const pageBook = sqlite.prepare('SELECT book_id AS bookId FROM pages WHERE id = ?');
  for (const row of rows) {
    if (row.entityType === 'book') bookIds.add(row.entityId);
    if (row.entityType === 'page') {
      const page = pageBook.get(row.entityId) as { bookId: string } | undefined;
      if (page) bookIds.add(page.bookId);
    }
  }
  const books: SyncBook[] = [];
  const scanFiles: SyncScanFile[] = [];
  const pages: SyncPage[] = [];
  const bookStmt = sqlite.prepare(
    `SELECT id, type, office, office_code AS officeCode, volume, year_opened AS yearOpened, opened_on AS openedOn,
            closed_on AS closedOn, period, notes, version, created_at AS createdAt, created_by AS createdBy,
            updated_at AS updatedAt, updated_by AS updatedBy
     FROM books WHERE id = ?`,
  );
  const filesStmt = sqlite.prepare(
    `SELECT id, book_id AS bookId, sha256, original_name AS originalName, media_type AS mediaType,
            byte_size AS byteSize, page_count AS pageCount, position, added_at AS addedAt, added_by AS addedBy,
            removed_at AS removedAt, removed_by AS removedBy
     FROM scan_files WHERE book_id = ? ORDER BY position, id`,
  );
  const pagesStmt = sqlite.prepare(
    `SELECT id, book_id AS bookId, scan_file_id AS scanFileId, index_in_file AS indexInFile, page_no AS pageNo,
            rotation, width, height, removed_at AS removedAt
     FROM pages WHERE book_id = ? ORDER BY page_no, id`,
  );
  for (const bookId of [...bookIds].sort()) {
    const book = bookStmt.get(bookId) as SyncBook | undefined;
    if (!book) continue;
    books.push(book);
    scanFiles.push(...(filesStmt.all(bookId) as SyncScanFile[]));
    pages.push(...(pagesStmt.all(bookId) as SyncPage[]));
  }
  const eventStmt = sqlite.prepare(`SELECT ${AUDIT_ROW_COLUMNS}, hash FROM audit_log WHERE seq = ?`);
  const seenEvents = new Set<number>();
  const events: SyncEvent[] = [];
  for (const row of rows) {
    if (seenEvents.has(row.auditSeq)) continue;
    seenEvents.add(row.auditSeq);
    const event = eventStmt.get(row.auditSeq) as SyncEvent | undefined;
    if (event) events.push(event);
  }
  events.sort((a, b) => a.seq - b.seq);
  return { books, scanFiles, pages, entries, events };
}

/** Every distinct scan file of the batch's books, by SHA-256 (the hub answers which it lacks). */
function filesOf(payload: BatchPayload): SyncFileRef[] {
  const files = new Map<string, SyncFileRef>();
  for (const f of payload.scanFiles) {
    if (!files.has(f.sha256)) files.set(f.sha256, { sha256: f.sha256, byteSize: f.byteSize, mediaType: f.mediaType });
  }
  return [...files.values()].sort((a, b) => a.sha256.localeCompare(b.sha256));
}

/** Reads the outbox after `after` and makes the batches (nothing written). */
export function readBatches(ctx: BuildContext, after: number, maxEntries = MAX_BATCH_ENTRIES): BuiltBatch[] {
  const { sqlite } = ctx;
  const read = sqlite.transaction(() => {
    const rows = sqlite
      .prepare(
        `SELECT seq, entity_type AS entityType, entity_id AS entityId, audit_seq AS auditSeq
         FROM outbox WHERE seq > ? ORDER BY seq`,
      )
      .all(after) as OutboxRow[];
    if (rows.length === 0) return [];
    const segments = segment(rows, maxEntries);
    // Each entry goes in the batch of its last outbox row of the run (its newest version is there).
    const lastSegment = new Map<string, number>();
    segments.forEach((rowsOf, i) => {
      for (const row of rowsOf) if (row.entityType === 'entry') lastSegment.set(row.entityId, i);
    });
    const base = baseVersions(sqlite);
    const createdAt = ctx.now();
    return segments.map((rowsOf, i): BuiltBatch => {
      const entryIds = [...lastSegment].filter(([, s]) => s === i).map(([id]) => id);
      entryIds.sort();
      const payload = readSegment(sqlite, rowsOf, entryIds, base);
      const files = filesOf(payload);
      const batchId = uuidv7();
      const unsigned: Omit<BatchManifest, 'batchHash'> = {
        protocol: SYNC_PROTOCOL,
        batchId,
        deviceId: ctx.deviceId,
        communeCode: ctx.communeCode,
        createdAt,
        outboxFrom: rowsOf[0]!.seq,
        outboxTo: rowsOf[rowsOf.length - 1]!.seq,
        counts: {
          books: payload.books.length,
          scanFiles: payload.scanFiles.length,
          pages: payload.pages.length,
          entries: payload.entries.length,
          tombstones: payload.entries.filter((e) => e.deletedAt !== null).length,
          events: payload.events.length,
          files: files.length,
        },
        entries: payload.entries.map((e) => ({ id: e.id, version: e.version, contentHash: e.contentHash })),
        files,
      };
      const manifest: BatchManifest = { ...unsigned, batchHash: computeBatchHash(unsigned, payload) };
      // What leaves the device is checked against the protocol here, once, before it is frozen.
      batchSchema.parse({ manifest, payload });
      return {
        batchId,
        manifest,
        payload,
        manifestJson: JSON.stringify(manifest),
        payloadJson: JSON.stringify(payload),
      };
    });
  });
  return read.deferred();
}

/**
 * Builds the batches for the outbox rows no batch covers yet and freezes them as pending. Returns
 * how many were made (0 when nothing changed, or when another process froze the same rows first).
 */
export function buildBatches(ctx: BuildContext, gateway: WriteGateway): number {
  const after = coveredOutbox(ctx.sqlite);
  const built = readBatches(ctx, after);
  if (built.length === 0) return 0;
  return gateway.write('sync', (tx) => {
    // Another process (the app and a `sohoa` call) may have frozen these rows meanwhile.
    if (coveredOutbox(tx.sqlite) !== after) return 0;
    const insert = tx.sqlite.prepare(
      `INSERT INTO sync_batches (batch_id, outbox_from, outbox_to, batch_hash, manifest, payload, state, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    for (const b of built) {
      insert.run(
        b.batchId,
        b.manifest.outboxFrom,
        b.manifest.outboxTo,
        b.manifest.batchHash,
        b.manifestJson,
        b.payloadJson,
        tx.at,
      );
    }
    return built.length;
  });
}
