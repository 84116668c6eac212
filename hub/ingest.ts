/**
 * The hub's one ingest path, used by the network endpoints and the USB import alike: enrollment,
 * device authentication, taking a batch (offer), and committing it in one transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { computeBatchHash } from '../electron/backend/sync/batch-hash';
import { hashCredential } from '../electron/backend/sync/usb-proof';
import {
  CLOCK_SKEW_LIMIT_MS,
  receipt,
  SYNC_PROTOCOL,
  type Batch,
  type BatchOffer,
  type EnrollRequest,
  type EnrollResponse,
  type Receipt,
  type SyncConflict,
  type SyncEntry,
  type SyncErrorCode,
  type SyncEvent,
} from '../shared/sync/protocol';
import type { BlobStore } from './blob-store';
import type { HubDb, HubTx } from './db/open';
import { openLotsForBatch } from './review/lot-open';
import {
  batches,
  blobs,
  books,
  communes,
  conflicts,
  deviceEvents,
  devices,
  enrollCodes,
  entries,
  entryVersions,
  hubAudit,
  pages,
  scanFiles,
} from './db/schema';

export interface HubContext {
  db: HubDb;
  blobs: BlobStore;
  hubName: string;
  /** The hub's clock (tests move it). */
  now?: () => Date;
}

export type DeviceRow = typeof devices.$inferSelect;

/** A refusal the device (or the CLI) acts on: HTTP status, protocol code, Vietnamese message. */
export class HubError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 500,
    readonly code: SyncErrorCode,
    message: string,
    readonly missing?: string[],
  ) {
    super(message);
  }

  toBody(): { error: { code: SyncErrorCode; message: string; missing?: string[] } } {
    return { error: { code: this.code, message: this.message, ...(this.missing ? { missing: this.missing } : {}) } };
  }
}

const now = (ctx: HubContext): Date => (ctx.now ? ctx.now() : new Date());

/** Rows per INSERT: far below PostgreSQL's 65 535 parameters for the widest table. */
const CHUNK = 500;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function audit(
  db: HubDb | HubTx,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await db.insert(hubAudit).values({ actor, action, detail });
}

// ---------------------------------------------------------------- enrollment and auth

/** Enrollment codes: 12 characters without look-alikes (0/O, 1/I/L), shown in groups of four. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLL_CODE_DAYS = 7;

export function normalizeEnrollCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
export function hashEnrollCode(code: string): string {
  return createHash('sha256').update(normalizeEnrollCode(code), 'utf8').digest('hex');
}

export async function makeEnrollCode(
  ctx: HubContext,
  communeCode: string,
  actor: string,
): Promise<{ code: string; commune: { code: string; name: string }; expiresAt: string }> {
  const [commune] = await ctx.db.select().from(communes).where(eq(communes.code, communeCode));
  if (!commune) {
    throw new HubError(404, 'NOT_FOUND', `Chưa có xã mã ${communeCode} trên máy chủ huyện: hãy thêm xã trước.`);
  }
  const bytes = randomBytes(12);
  let raw = '';
  for (const byte of bytes) raw += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  const expiresAt = new Date(now(ctx).getTime() + ENROLL_CODE_DAYS * 24 * 60 * 60 * 1000);
  await ctx.db.insert(enrollCodes).values({ codeHash: hashEnrollCode(code), communeCode, expiresAt });
  await audit(ctx.db, actor, 'enroll-code.create', { communeCode, expiresAt: expiresAt.toISOString() });
  return { code, commune: { code: commune.code, name: commune.name }, expiresAt: expiresAt.toISOString() };
}

export async function enrollDevice(ctx: HubContext, request: EnrollRequest): Promise<EnrollResponse> {
  const credential = randomBytes(32).toString('base64url');
  const at = now(ctx);
  return ctx.db.transaction(async (tx) => {
    const [code] = await tx
      .select()
      .from(enrollCodes)
      .where(eq(enrollCodes.codeHash, hashEnrollCode(request.code)))
      .for('update');
    if (!code) {
      throw new HubError(
        400,
        'ENROLL_CODE_INVALID',
        'Mã đăng ký không đúng. Hãy kiểm tra lại mã do huyện cấp (12 ký tự, ví dụ ABCD-EFGH-JKMN).',
      );
    }
    if (code.usedAt) {
      throw new HubError(
        400,
        'ENROLL_CODE_INVALID',
        'Mã đăng ký này đã được dùng. Mỗi mã chỉ dùng được một lần: hãy xin huyện một mã mới.',
      );
    }
    if (code.expiresAt.getTime() < at.getTime()) {
      throw new HubError(400, 'ENROLL_CODE_INVALID', 'Mã đăng ký đã hết hạn (7 ngày). Hãy xin huyện một mã mới.');
    }
    const [commune] = await tx.select().from(communes).where(eq(communes.code, code.communeCode));
    if (!commune) throw new HubError(500, 'INTERNAL', 'Xã của mã đăng ký không còn trên máy chủ huyện.');
    const [existing] = await tx.select().from(devices).where(eq(devices.id, request.deviceId)).for('update');
    if (existing && existing.communeCode !== commune.code) {
      throw new HubError(
        400,
        'ENROLL_CODE_INVALID',
        `Máy này đã đăng ký cho xã mã ${existing.communeCode}; mã đăng ký này dành cho ${commune.name}. Hãy liên hệ huyện.`,
      );
    }
    const credentialHash = hashCredential(credential);
    if (existing) {
      // Enrolling again (a new code from the district) replaces the credential and lifts a revocation.
      await tx
        .update(devices)
        .set({ credentialHash, name: request.deviceName, enrolledAt: at, revokedAt: null })
        .where(eq(devices.id, existing.id));
    } else {
      await tx.insert(devices).values({
        id: request.deviceId,
        name: request.deviceName,
        communeCode: commune.code,
        credentialHash,
        enrolledAt: at,
      });
    }
    await tx
      .update(enrollCodes)
      .set({ usedAt: at, usedByDevice: request.deviceId })
      .where(eq(enrollCodes.codeHash, code.codeHash));
    await audit(tx, `device:${request.deviceId}`, 'device.enroll', {
      communeCode: commune.code,
      deviceName: request.deviceName,
      again: Boolean(existing),
    });
    return { credential, commune: { code: commune.code, name: commune.name }, hubName: ctx.hubName };
  });
}

/** The device behind `Authorization: Bearer <credential>`. */
export async function authenticateDevice(ctx: HubContext, authorization: string | undefined): Promise<DeviceRow> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    throw new HubError(
      401,
      'UNAUTHENTICATED',
      'Máy chưa đăng ký với huyện: hãy nhập mã đăng ký (Cài đặt → Kết nối huyện).',
    );
  }
  const [device] = await ctx.db
    .select()
    .from(devices)
    .where(eq(devices.credentialHash, hashCredential(match[1])));
  if (!device) {
    throw new HubError(
      401,
      'UNAUTHENTICATED',
      'Máy chủ huyện không nhận ra máy này (khóa kết nối không đúng). Hãy đăng ký lại với mã mới của huyện.',
    );
  }
  if (device.revokedAt) {
    throw new HubError(
      401,
      'DEVICE_REVOKED',
      'Huyện đã thu hồi quyền gửi của máy này. Hãy liên hệ huyện để được cấp mã đăng ký mới.',
    );
  }
  return device;
}

export async function revokeDevice(ctx: HubContext, deviceId: string, actor: string): Promise<void> {
  const updated = await ctx.db
    .update(devices)
    .set({ revokedAt: now(ctx) })
    .where(eq(devices.id, deviceId))
    .returning({ id: devices.id });
  if (updated.length === 0) throw new HubError(404, 'NOT_FOUND', `Không có máy mã ${deviceId}.`);
  await audit(ctx.db, actor, 'device.revoke', { deviceId });
}

// ---------------------------------------------------------------- batches

/** Every file a batch needs on the hub: its manifest's files and the scan files it references. */
export function requiredFiles(b: Batch): string[] {
  const set = new Set(b.manifest.files.map((f) => f.sha256));
  for (const file of b.payload.scanFiles) if (!file.removedAt) set.add(file.sha256);
  return [...set].sort();
}

export async function missingFiles(ctx: HubContext, b: Batch): Promise<string[]> {
  const missing: string[] = [];
  for (const sha of requiredFiles(b)) if (!(await ctx.blobs.has(sha))) missing.push(sha);
  return missing;
}

/** Takes a finished upload's file into the store (hash checked) and records it. */
export async function storeBlobFile(ctx: HubContext, sha256: string, file: string): Promise<void> {
  const { byteSize } = await ctx.blobs.putFile(sha256, file);
  await ctx.db.insert(blobs).values({ sha256, byteSize }).onConflictDoNothing();
}

/** Takes a blob into the store (hash checked) and records it. */
export async function storeBlob(ctx: HubContext, sha256: string, data: Readable): Promise<void> {
  const { byteSize } = await ctx.blobs.put(sha256, data);
  await ctx.db.insert(blobs).values({ sha256, byteSize }).onConflictDoNothing();
}

/** The manifest must describe the payload exactly: counts, entries, files, device and commune. */
function checkConsistency(b: Batch, device: DeviceRow): void {
  const { manifest: m, payload: p } = b;
  const bad = (message: string): never => {
    throw new HubError(400, 'BAD_REQUEST', `Lô ${m.batchId} không hợp lệ: ${message}`);
  };
  if (m.deviceId !== device.id) bad(`lô của máy ${m.deviceId}, không phải của máy đã đăng ký ${device.id}.`);
  const counts: [keyof typeof m.counts, number][] = [
    ['books', p.books.length],
    ['scanFiles', p.scanFiles.length],
    ['pages', p.pages.length],
    ['entries', p.entries.length],
    ['tombstones', p.entries.filter((e) => e.deletedAt !== null).length],
    ['events', p.events.length],
    ['files', m.files.length],
  ];
  for (const [key, actual] of counts) {
    if (m.counts[key] !== actual) bad(`bảng kê ghi ${m.counts[key]} ${key}, nội dung có ${actual}.`);
  }
  if (m.entries.length !== p.entries.length) bad('danh sách bản ghi trong bảng kê khác nội dung.');
  const listed = new Map(m.entries.map((e) => [e.id, e]));
  if (listed.size !== m.entries.length) bad('một bản ghi có mặt hai lần trong bảng kê.');
  for (const entry of p.entries) {
    const item = listed.get(entry.id);
    if (!item || item.version !== entry.version || item.contentHash !== entry.contentHash) {
      bad(`bản ghi ${entry.id} (phiên bản ${entry.version}) không khớp bảng kê.`);
    }
    if (entry.baseVersion >= entry.version) bad(`bản ghi ${entry.id}: phiên bản gốc phải nhỏ hơn phiên bản gửi.`);
  }
  const unique = <T>(items: T[], key: (t: T) => string, what: string): void => {
    if (new Set(items.map(key)).size !== items.length) bad(`${what} có mặt hai lần.`);
  };
  unique(p.entries, (x) => x.id, 'một bản ghi');
  unique(p.books, (x) => x.id, 'một sổ');
  unique(p.scanFiles, (x) => x.id, 'một tệp ảnh');
  unique(p.pages, (x) => x.id, 'một trang');
  unique(p.events, (x) => String(x.seq), 'một sự kiện nhật ký');
  unique(m.files, (x) => x.sha256, 'một tệp');
}

/** A device sends only its own commune's books (a book without office code is taken as its commune's). */
async function checkCommune(ctx: HubContext, b: Batch, device: DeviceRow): Promise<void> {
  const [commune] = await ctx.db.select().from(communes).where(eq(communes.code, device.communeCode));
  const communeName = commune?.name ?? device.communeCode;
  const wrong = (message: string): never => {
    throw new HubError(403, 'WRONG_COMMUNE', message);
  };
  if (b.manifest.communeCode !== device.communeCode) {
    wrong(
      `Lô ghi mã xã ${b.manifest.communeCode}, nhưng máy này đăng ký cho ${communeName} (${device.communeCode}). Huyện không nhận dữ liệu của xã khác.`,
    );
  }
  for (const book of b.payload.books) {
    if (book.officeCode !== null && book.officeCode !== device.communeCode) {
      wrong(
        `Sổ "${book.volume}" (${book.office}) thuộc xã mã ${book.officeCode}, nhưng máy này đăng ký cho ${communeName} (${device.communeCode}). Huyện không nhận sổ của xã khác.`,
      );
    }
  }
  const inBatch = new Set(b.payload.books.map((x) => x.id));
  const referenced = new Set<string>([
    ...b.payload.books.map((x) => x.id),
    ...b.payload.entries.map((x) => x.bookId),
    ...b.payload.scanFiles.map((x) => x.bookId),
    ...b.payload.pages.map((x) => x.bookId),
  ]);
  const known = new Map<string, string>();
  for (const ids of chunks([...referenced])) {
    const rows = await ctx.db
      .select({ id: books.id, communeCode: books.communeCode })
      .from(books)
      .where(inArray(books.id, ids));
    for (const row of rows) known.set(row.id, row.communeCode);
  }
  // An entry already on the hub stays with its commune: no device of another one may change it.
  for (const ids of chunks(b.payload.entries.map((e) => e.id))) {
    const [foreign] = await ctx.db
      .select({ id: entries.id, communeCode: entries.communeCode })
      .from(entries)
      .where(and(inArray(entries.id, ids), ne(entries.communeCode, device.communeCode)))
      .limit(1);
    if (foreign) {
      wrong(`Bản ghi ${foreign.id} trên máy chủ huyện thuộc xã mã ${foreign.communeCode}, không phải ${communeName}.`);
    }
  }
  for (const id of referenced) {
    const hubCommune = known.get(id);
    if (hubCommune !== undefined && hubCommune !== device.communeCode) {
      wrong(`Sổ ${id} trên máy chủ huyện thuộc xã mã ${hubCommune}, không phải ${communeName}.`);
    }
    if (hubCommune === undefined && !inBatch.has(id)) {
      throw new HubError(
        400,
        'BAD_REQUEST',
        `Lô ${b.manifest.batchId} không hợp lệ: sổ ${id} không có trong lô và chưa có trên máy chủ huyện.`,
      );
    }
  }
}

/**
 * A receipt with its keys in the protocol's order: PostgreSQL's jsonb does not keep key order, so
 * without this a replayed receipt (or a receipt file written again) would differ byte for byte.
 */
function canonicalReceipt(stored: Receipt): Receipt {
  const parsed = receipt.parse(stored);
  return {
    ...parsed,
    conflicts: parsed.conflicts.map((c) =>
      c.hubEntry ? { ...c, hubEntry: { ...c.hubEntry, data: sortedKeys(c.hubEntry.data) } } : c,
    ),
  };
}

/** An entry's free-form data with its object keys sorted at every depth (jsonb keeps no order). */
function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortedKeys(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

function contentMismatch(batchId: string): HubError {
  return new HubError(
    409,
    'BATCH_CONTENT_MISMATCH',
    `Lô ${batchId} đã nhận với nội dung khác: huyện không ghi đè một lô đã nhận. Hãy tạo lô mới cho các thay đổi.`,
  );
}

/**
 * Takes a batch as pending (or finds it again): validated, hash recomputed, consistency and
 * commune checked. Answers the files the hub still lacks, or the receipt of a committed batch.
 */
export async function offerBatch(
  ctx: HubContext,
  device: DeviceRow,
  b: Batch,
  source: 'network' | 'usb',
): Promise<BatchOffer> {
  const hash = computeBatchHash(b.manifest, b.payload);
  if (hash !== b.manifest.batchHash) {
    throw new HubError(
      400,
      'BATCH_HASH_MISMATCH',
      `Mã kiểm tra của lô ${b.manifest.batchId} không khớp nội dung (lô bị hỏng trên đường truyền?). Hãy gửi lại.`,
    );
  }
  const known = await findBatch(ctx, b.manifest.batchId);
  if (known) {
    if (known.batchHash !== hash || known.deviceId !== device.id) throw contentMismatch(b.manifest.batchId);
    return answerFor(ctx, known);
  }
  checkConsistency(b, device);
  await checkCommune(ctx, b, device);
  await ctx.db
    .insert(batches)
    .values({
      id: b.manifest.batchId,
      deviceId: device.id,
      communeCode: device.communeCode,
      batchHash: hash,
      state: 'pending',
      source,
      manifest: b.manifest,
      payload: b.payload,
      receivedAt: now(ctx),
    })
    .onConflictDoNothing();
  await ctx.db
    .update(devices)
    .set({ lastSeenAt: now(ctx) })
    .where(eq(devices.id, device.id));
  const row = await findBatch(ctx, b.manifest.batchId);
  if (!row) throw new HubError(500, 'INTERNAL', 'Không lưu được lô.');
  // A racing offer of the same id may have won the insert: it must have been the same content.
  if (row.batchHash !== hash || row.deviceId !== device.id) throw contentMismatch(b.manifest.batchId);
  return answerFor(ctx, row);
}

type BatchRow = typeof batches.$inferSelect;

async function findBatch(ctx: HubContext, batchId: string): Promise<BatchRow | undefined> {
  const [row] = await ctx.db.select().from(batches).where(eq(batches.id, batchId));
  return row;
}

async function answerFor(ctx: HubContext, row: BatchRow): Promise<BatchOffer> {
  if (row.state === 'committed' && row.receipt)
    return { state: 'committed', batchId: row.id, receipt: canonicalReceipt(row.receipt) };
  return { state: 'pending', batchId: row.id, missing: await missingFiles(ctx, row) };
}

/** Whether a batch is committed (false for an unknown one). */
export async function isCommitted(ctx: HubContext, batchId: string): Promise<boolean> {
  return (await findBatch(ctx, batchId))?.state === 'committed';
}

/** GET /api/sync/batches/:id */
export async function batchState(ctx: HubContext, device: DeviceRow, batchId: string): Promise<BatchOffer> {
  const row = await findBatch(ctx, batchId);
  if (!row || row.deviceId !== device.id) throw new HubError(404, 'NOT_FOUND', `Huyện chưa nhận lô ${batchId}.`);
  return answerFor(ctx, row);
}

/** The SHA-256s a device may upload: files of its own batches (pending or not). */
export async function batchNeedsFile(
  ctx: HubContext,
  device: DeviceRow,
  batchId: string,
  sha256: string,
): Promise<boolean> {
  const row = await findBatch(ctx, batchId);
  return Boolean(row && row.deviceId === device.id && requiredFiles(row).includes(sha256));
}

/**
 * Commits a pending batch in one transaction: the next hub sequence, books, scan files, pages,
 * entries (or conflicts), events, the receipt. A committed batch answers its stored receipt.
 */
export async function commitBatch(ctx: HubContext, device: DeviceRow, batchId: string): Promise<Receipt> {
  const first = await findBatch(ctx, batchId);
  if (!first || first.deviceId !== device.id) {
    throw new HubError(404, 'NOT_FOUND', `Huyện chưa nhận lô ${batchId}: hãy gửi bảng kê trước.`);
  }
  if (first.state === 'committed' && first.receipt) return canonicalReceipt(first.receipt);
  const missing = await missingFiles(ctx, first);
  if (missing.length > 0) {
    throw new HubError(
      409,
      'FILES_MISSING',
      `Lô ${batchId} còn thiếu ${missing.length} tệp ảnh trên máy chủ huyện: hãy gửi nốt các tệp rồi xác nhận lại.`,
      missing,
    );
  }
  // Two commits touching the same rows may deadlock on PostgreSQL (rows are locked in id order
  // to make that rare); the loser is rolled back whole and tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(ctx, batchId);
    } catch (error) {
      const code =
        (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/**
 * The most bytes of the hub's entry versions one receipt carries with its conflicts: a receipt
 * file goes back by USB and is handed to the app (which takes 2 MB at most); conflicts past it
 * carry no `hubEntry` (the device shows them without the hub's values).
 */
export const RECEIPT_HUB_ENTRY_BUDGET = 512 * 1024;

async function commitOnce(ctx: HubContext, batchId: string): Promise<Receipt> {
  const committed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(batches).where(eq(batches.id, batchId)).for('update');
    if (!row) throw new HubError(404, 'NOT_FOUND', `Huyện chưa nhận lô ${batchId}.`);
    if (row.state === 'committed' && row.receipt) return canonicalReceipt(row.receipt);
    const at = now(ctx);
    const [seqRow] = await tx
      .update(batches)
      .set({ state: 'committed', hubSeq: sql`nextval('hub_batch_seq')`, committedAt: at })
      .where(and(eq(batches.id, batchId), eq(batches.state, 'pending')))
      .returning({ hubSeq: batches.hubSeq });
    const hubSeq = seqRow?.hubSeq;
    if (hubSeq === null || hubSeq === undefined) throw new HubError(500, 'INTERNAL', 'Không cấp được số thứ tự lô.');
    const { manifest: m } = row;
    const byId = <T extends { id: string }>(items: T[]): T[] =>
      [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const p = {
      ...row.payload,
      books: byId(row.payload.books),
      scanFiles: byId(row.payload.scanFiles),
      pages: byId(row.payload.pages),
      entries: byId(row.payload.entries),
    };

    for (const part of chunks(p.books)) {
      await tx
        .insert(books)
        .values(
          part.map((data) => ({ id: data.id, communeCode: row.communeCode, version: data.version, data, hubSeq })),
        )
        .onConflictDoUpdate({
          target: books.id,
          set: { version: sql`excluded.version`, data: sql`excluded.data`, hubSeq: sql`excluded.hub_seq` },
          setWhere: sql`excluded.version >= ${books.version}`,
        });
    }
    for (const part of chunks(p.scanFiles)) {
      await tx
        .insert(scanFiles)
        .values(part.map((data) => ({ id: data.id, bookId: data.bookId, sha256: data.sha256, data, hubSeq })))
        .onConflictDoUpdate({
          target: scanFiles.id,
          set: { bookId: sql`excluded.book_id`, sha256: sql`excluded.sha256`, data: sql`excluded.data`, hubSeq },
        });
    }
    for (const part of chunks(p.pages)) {
      await tx
        .insert(pages)
        .values(part.map((data) => ({ id: data.id, bookId: data.bookId, data, hubSeq })))
        .onConflictDoUpdate({
          target: pages.id,
          set: { bookId: sql`excluded.book_id`, data: sql`excluded.data`, hubSeq },
        });
    }

    // Entries: the current versions, locked, then one decision per incoming version.
    const current = new Map<string, typeof entries.$inferSelect>();
    for (const ids of chunks(p.entries.map((e) => e.id))) {
      const rows = await tx.select().from(entries).where(inArray(entries.id, ids)).orderBy(entries.id).for('update');
      for (const r of rows) current.set(r.id, r);
    }
    const applied: (typeof entries.$inferInsert)[] = [];
    const versions: (typeof entryVersions.$inferInsert)[] = [];
    const kept: (typeof conflicts.$inferInsert)[] = [];
    const receiptConflicts: SyncConflict[] = [];
    let hubEntryBytes = 0;
    const withinBudget = (entry: SyncEntry): boolean => {
      const size = Buffer.byteLength(JSON.stringify(entry), 'utf8');
      if (hubEntryBytes + size > RECEIPT_HUB_ENTRY_BUDGET) return false;
      hubEntryBytes += size;
      return true;
    };
    for (const e of p.entries) {
      const hub = current.get(e.id);
      if (hub && hub.version === e.version && hub.contentHash === e.contentHash) continue; // already current
      const version = {
        entryId: e.id,
        version: e.version,
        baseVersion: e.baseVersion,
        contentHash: e.contentHash,
        data: e,
        batchId,
        deviceId: row.deviceId,
        hubSeq,
      };
      // Unknown to the hub: nothing to overwrite, whatever base the device names.
      if (!hub || hub.version === e.baseVersion) {
        applied.push({
          id: e.id,
          bookId: e.bookId,
          communeCode: row.communeCode,
          version: e.version,
          contentHash: e.contentHash,
          deleted: e.deletedAt !== null,
          data: e,
          deviceId: row.deviceId,
          batchId,
          hubSeq,
        });
        versions.push({ ...version, applied: true });
      } else {
        versions.push({ ...version, applied: false });
        kept.push({
          entryId: e.id,
          batchId,
          deviceId: row.deviceId,
          baseVersion: e.baseVersion,
          hubVersion: hub.version,
          incomingVersion: e.version,
          hubContentHash: hub.contentHash,
          incomingContentHash: e.contentHash,
          hubData: hub.data,
          incomingData: e,
        });
        receiptConflicts.push({
          entryId: e.id,
          baseVersion: e.baseVersion,
          hubVersion: hub.version,
          incomingVersion: e.version,
          hubContentHash: hub.contentHash,
          incomingContentHash: e.contentHash,
          // Whole, so that the device shows both values (stored once with the receipt), while the
          // receipt stays small enough for a USB receipt file.
          ...(withinBudget(hub.data) ? { hubEntry: hub.data } : {}),
        });
      }
    }
    for (const part of chunks(applied)) {
      await tx
        .insert(entries)
        .values(part)
        .onConflictDoUpdate({
          target: entries.id,
          set: {
            bookId: sql`excluded.book_id`,
            version: sql`excluded.version`,
            contentHash: sql`excluded.content_hash`,
            deleted: sql`excluded.deleted`,
            data: sql`excluded.data`,
            deviceId: sql`excluded.device_id`,
            batchId: sql`excluded.batch_id`,
            hubSeq: sql`excluded.hub_seq`,
          },
        });
    }
    // A device's later version taken as current settles the conflicts that device had on the entry.
    for (const ids of chunks(applied.map((a) => a.id))) {
      await tx
        .update(conflicts)
        .set({ resolvedAt: at })
        .where(
          and(inArray(conflicts.entryId, ids), eq(conflicts.deviceId, row.deviceId), isNull(conflicts.resolvedAt)),
        );
    }
    for (const part of chunks(versions)) await tx.insert(entryVersions).values(part);
    for (const part of chunks(kept)) await tx.insert(conflicts).values(part);
    // District review: the books whose live entries changed get a waiting lot (hub/review/lots.ts).
    await openLotsForBatch(tx, {
      bookIds: applied.flatMap((a) => [a.bookId, current.get(a.id)?.bookId ?? a.bookId]),
      hubSeq,
      at,
    });
    // Each event once by (device, seq). A seq the hub already holds with another hash means the
    // device's log went back (a data folder restored from a backup): the events are kept in the
    // hub's audit, loudly, never dropped.
    const diverged: SyncEvent[] = [];
    for (const part of chunks(p.events)) {
      const inserted = await tx
        .insert(deviceEvents)
        .values(part.map((data) => ({ deviceId: row.deviceId, seq: data.seq, batchId, data })))
        .onConflictDoNothing()
        .returning({ seq: deviceEvents.seq });
      if (inserted.length === part.length) continue;
      const taken = new Set(inserted.map((e) => e.seq));
      const skipped = part.filter((e) => !taken.has(e.seq));
      const held = await tx
        .select({ seq: deviceEvents.seq, data: deviceEvents.data })
        .from(deviceEvents)
        .where(
          and(
            eq(deviceEvents.deviceId, row.deviceId),
            inArray(
              deviceEvents.seq,
              skipped.map((e) => e.seq),
            ),
          ),
        );
      const heldHash = new Map(held.map((e) => [e.seq, e.data.hash]));
      diverged.push(...skipped.filter((e) => heldHash.get(e.seq) !== e.hash));
    }
    if (diverged.length > 0) {
      await audit(tx, `device:${row.deviceId}`, 'device.events.diverged', {
        batchId,
        message:
          'Nhật ký của máy này đi lùi (có thể dữ liệu đã được khôi phục từ bản sao lưu): các sự kiện cùng số thứ tự nhưng khác nội dung được giữ ở đây.',
        events: diverged,
      });
    }

    // Clock skew against the time the batch first arrived. A USB package may travel for days,
    // so for it only a clock ahead of the hub counts.
    const skew = Date.parse(m.createdAt) - row.receivedAt.getTime();
    const skewed =
      Number.isFinite(skew) &&
      (row.source === 'usb' ? skew > CLOCK_SKEW_LIMIT_MS : Math.abs(skew) > CLOCK_SKEW_LIMIT_MS);
    if (skewed) {
      await tx.update(devices).set({ clockSkewMs: skew, clockSkewAt: at }).where(eq(devices.id, row.deviceId));
    }
    const result: Receipt = {
      protocol: SYNC_PROTOCOL,
      batchId,
      deviceId: row.deviceId,
      hubSeq,
      batchHash: row.batchHash,
      committedAt: at.toISOString(),
      accepted: applied.length,
      conflicts: receiptConflicts,
      clockSkewMs: skewed ? skew : null,
    };
    await tx.update(batches).set({ receipt: result }).where(eq(batches.id, batchId));
    await audit(tx, `device:${row.deviceId}`, 'batch.commit', {
      batchId,
      hubSeq,
      source: row.source,
      accepted: applied.length,
      conflicts: receiptConflicts.length,
    });
    return canonicalReceipt(result);
  });
  return committed;
}
