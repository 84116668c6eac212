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
import { AppError } from '../../../shared/api/errors';
import type { CorrectionAnswer } from '../../../shared/review/review';
import { AUDIT_ROW_COLUMNS } from '../audit/audit';
import { CORRECTION_ANSWER_ACTIONS } from '../review/corrections-service';
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

/**
 * The next segment of the outbox after `after`: rows in order until MAX_BATCH_EVENTS rows or one
 * more distinct entry than `maxEntries` (read lazily: a long outbox is not loaded whole).
 */
function nextSegment(sqlite: Sqlite.Database, after: number, maxEntries: number, upTo?: number): OutboxRow[] {
  const rows: OutboxRow[] = [];
  const entries = new Set<string>();
  const iterator = sqlite
    .prepare(
      `SELECT seq, entity_type AS entityType, entity_id AS entityId, audit_seq AS auditSeq
       FROM outbox WHERE seq > ? AND seq <= ? ORDER BY seq`,
    )
    .iterate(after, upTo ?? Number.MAX_SAFE_INTEGER) as IterableIterator<OutboxRow>;
  for (const row of iterator) {
    const isNewEntry = row.entityType === 'entry' && !entries.has(row.entityId);
    if ((isNewEntry && entries.size >= maxEntries) || rows.length >= MAX_BATCH_EVENTS) {
      iterator.return?.();
      break;
    }
    rows.push(row);
    if (row.entityType === 'entry') entries.add(row.entityId);
  }
  return rows;
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
  const corrections = answersOf(sqlite, rows);
  // Absent when there is none: the hash of a batch without answers is what it always was.
  return { books, scanFiles, pages, entries, events, ...(corrections.length > 0 ? { corrections } : {}) };
}

interface AnswerRow {
  requestId: string;
  entryId: string;
  answer: 'corrected' | 'kept';
  entryVersion: number | null;
  reason: string | null;
  answeredAt: string;
  answeredBy: string | null;
}

/**
 * The answers to the district's correction requests whose answer event is among the outbox rows
 * (one per request, as stored: a request is answered once).
 */
function answersOf(sqlite: Sqlite.Database, rows: OutboxRow[]): CorrectionAnswer[] {
  // Most batches carry no answer: nothing is prepared for them (nor asked of correction_requests).
  if (!rows.some((row) => row.entityType === 'correction')) return [];
  const actionStmt = sqlite.prepare('SELECT action FROM audit_log WHERE seq = ?').pluck();
  const answerStmt = sqlite.prepare(
    `SELECT id AS requestId, entry_id AS entryId, answer_kind AS answer, answered_version AS entryVersion,
            answer_reason AS reason, answered_at AS answeredAt, answered_by AS answeredBy
     FROM correction_requests WHERE id = ? AND state = 'answered'`,
  );
  const answers = new Map<string, CorrectionAnswer>();
  for (const row of rows) {
    if (row.entityType !== 'correction' || answers.has(row.entityId)) continue;
    const action = actionStmt.get(row.auditSeq) as string | undefined;
    if (!(CORRECTION_ANSWER_ACTIONS as readonly (string | undefined)[]).includes(action)) continue;
    const a = answerStmt.get(row.entityId) as AnswerRow | undefined;
    if (!a) continue;
    answers.set(a.requestId, {
      requestId: a.requestId,
      entryId: a.entryId,
      answer: a.answer,
      entryVersion: a.entryVersion,
      reason: a.reason ?? '',
      answeredAt: a.answeredAt,
      answeredBy: a.answeredBy ?? '',
    });
  }
  return [...answers.values()];
}

/** Every distinct scan file of the batch's books, by SHA-256 (the hub answers which it lacks). */
function filesOf(payload: BatchPayload): SyncFileRef[] {
  const files = new Map<string, SyncFileRef>();
  for (const f of payload.scanFiles) {
    if (!files.has(f.sha256)) files.set(f.sha256, { sha256: f.sha256, byteSize: f.byteSize, mediaType: f.mediaType });
  }
  return [...files.values()].sort((a, b) => a.sha256.localeCompare(b.sha256));
}

/**
 * Reads the next batch after outbox row `after` (null: nothing changed since), in one read
 * transaction; nothing is written. An entry goes in the batch of its last outbox row (its newest
 * version is there): one with a later row is left to a later batch. `alsoSent` adds the entry
 * versions of batches made but not frozen yet (readBatches). `upTo` bounds the outbox rows read
 * (rebuilding a set-aside batch over its own range).
 */
export function readNextBatch(
  ctx: BuildContext,
  after: number,
  maxEntries = MAX_BATCH_ENTRIES,
  alsoSent: Map<string, number> = new Map(),
  upTo?: number,
): BuiltBatch | null {
  const { sqlite } = ctx;
  const read = sqlite.transaction((): BuiltBatch | null => {
    const rows = nextSegment(sqlite, after, maxEntries, upTo);
    if (rows.length === 0) return null;
    const outboxTo = rows[rows.length - 1]!.seq;
    const lastRow = sqlite.prepare("SELECT max(seq) AS last FROM outbox WHERE entity_type = 'entry' AND entity_id = ?");
    const entryIds = [...new Set(rows.filter((r) => r.entityType === 'entry').map((r) => r.entityId))].filter(
      (id) => (lastRow.get(id) as { last: number }).last <= outboxTo,
    );
    entryIds.sort();
    const base = baseVersions(sqlite);
    for (const [id, version] of alsoSent) base.set(id, Math.max(base.get(id) ?? 0, version));
    const payload = readSegment(sqlite, rows, entryIds, base);
    const files = filesOf(payload);
    const batchId = uuidv7();
    const unsigned: Omit<BatchManifest, 'batchHash'> = {
      protocol: SYNC_PROTOCOL,
      batchId,
      deviceId: ctx.deviceId,
      communeCode: ctx.communeCode,
      createdAt: ctx.now(),
      outboxFrom: rows[0]!.seq,
      outboxTo,
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
    const checked = batchSchema.safeParse({ manifest, payload });
    if (!checked.success) {
      const where = checked.error.issues[0]?.path.join('.') ?? '';
      throw new AppError(
        'VALIDATION',
        `Chưa tạo được lô dữ liệu để gửi lên huyện: một giá trị không đúng giao thức đồng bộ (${where}). Hãy báo cán bộ CNTT; dữ liệu đã lưu không bị ảnh hưởng.`,
        { issues: checked.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
      );
    }
    return {
      batchId,
      manifest,
      payload,
      manifestJson: JSON.stringify(manifest),
      payloadJson: JSON.stringify(payload),
    };
  });
  return read.deferred();
}

/** Every batch the outbox after `after` would make, read only (tests, tools). */
export function readBatches(ctx: BuildContext, after: number, maxEntries = MAX_BATCH_ENTRIES): BuiltBatch[] {
  const built: BuiltBatch[] = [];
  const sent = new Map<string, number>();
  for (let next = readNextBatch(ctx, after, maxEntries); next;) {
    built.push(next);
    for (const e of next.manifest.entries) sent.set(e.id, e.version);
    next = readNextBatch(ctx, next.manifest.outboxTo, maxEntries, sent);
  }
  return built;
}

/**
 * Freezes, as pending, a batch after another for the outbox rows no batch covers yet. Each is read
 * and written in its own short transactions, and the event loop is let go in between, so that a
 * large first sync never holds the app for long. Returns how many were made.
 */
export async function buildBatches(
  ctx: BuildContext,
  gateway: WriteGateway,
  maxEntries = MAX_BATCH_ENTRIES,
): Promise<number> {
  let made = 0;
  for (;;) {
    const after = coveredOutbox(ctx.sqlite);
    const next = readNextBatch(ctx, after, maxEntries);
    if (!next) return made;
    const frozen = gateway.write('sync', (tx) => {
      // Another process (the app and a `sohoa` call) may have frozen these rows meanwhile.
      if (coveredOutbox(tx.sqlite) !== after) return false;
      tx.sqlite
        .prepare(
          `INSERT INTO sync_batches (batch_id, outbox_from, outbox_to, batch_hash, manifest, payload, state, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(
          next.batchId,
          next.manifest.outboxFrom,
          next.manifest.outboxTo,
          next.manifest.batchHash,
          next.manifestJson,
          next.payloadJson,
          tx.at,
        );
      return true;
    });
    if (frozen) made++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
