/**
 * The national export on the hub: for each ACCEPTED book of a commune (its newest decided lot
 * is `accepted`; changes received since wait in a newer lot and are not exported), the Excel + PDF-zip package written by the desktop's own export code
 * (electron/backend/export/book-exporter.ts), from the hub's tables at exactly the entry versions
 * the lot froze (lot_entries) and the scan files of the BlobStore. Books not accepted are listed
 * as skipped with their state. Every book goes into the one folder, as the desktop's
 * `sohoa export --all` does, so that `sohoa verify DIR` checks them all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../shared/api/errors';
import type { BookDetail, PageInfo, ScanFileInfo } from '../shared/books/book';
import type { BookTypeCode, LegalPeriodCode } from '../shared/catalogs/book-types';
import type { ExportResult } from '../shared/export/export';
import { DEFAULT_NAMING } from '../shared/export/naming';
import type { RecordSummary } from '../shared/records/record';
import { compareEntryOrder, soOrderColumns, type EntryOrderKey } from '../shared/records/order';
import { recordTypeFor, type IndexedFields } from '../shared/records/registry';
import { upgradeRecordData } from '../shared/records/upgrades';
import type { SyncEntry } from '../shared/sync/protocol';
import { z } from '../shared/zod';
import { createBookExporter, type ExportBookOptions } from '../electron/backend/export/book-exporter';
import type { ExportSource, OtherBookEntry } from '../electron/backend/export/source';
import { standaloneControl } from '../electron/backend/jobs/jobs';
import type { StoredEntry } from '../electron/backend/records/entry-data';
import type { BlobStore } from './blob-store';
import type { HubDb } from './db/open';
import { books, communes, entries, entryVersions, lotEntries, lots, pages, scanFiles } from './db/schema';
import { bookLabel, notAcceptedReason, type HubExportInput, type HubExportResult } from './export-schema';
import { audit, type HubContext } from './ingest';

/** Ids per query: PostgreSQL binds at most 65 535 parameters. */
const ID_SLICE = 5000;

let hubVersion: string | undefined;
function appVersion(): string {
  if (hubVersion === undefined) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
    const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    hubVersion = `sohoa-hub ${parsed.success ? parsed.data.version : 'không rõ'}`;
  }
  return hubVersion;
}

async function readBlob(blobs: BlobStore, sha256: string): Promise<Buffer> {
  let stream;
  try {
    stream = await blobs.read(sha256);
  } catch {
    throw new AppError('BAD_FILE', `Máy chủ huyện không có tệp scan ${sha256.slice(0, 12)}…`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The fields an entry is listed and numbered by, read as the desktop reads them when it saves. */
function indexedOf(bookType: string, data: Record<string, unknown>): IndexedFields {
  const recordType = recordTypeFor(bookType);
  const parsed = recordType?.schema.safeParse(data);
  if (recordType && parsed?.success) {
    try {
      return recordType.indexed(parsed.data as never);
    } catch {
      // Fall through to the defensive reading below.
    }
  }
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    so: text(data.so) ?? '',
    ...(text(data.quyenSo) ? { quyenSo: text(data.quyenSo) } : {}),
    trangSo: typeof data.trangSo === 'number' ? data.trangSo : 0,
    ...(text(data.ngayDangKy) ? { ngayDangKy: text(data.ngayDangKy) } : {}),
    names: [],
  };
}

/** An entry version's data in the current field schema, as the desktop reads stored data. */
function currentData(version: SyncEntry): Record<string, unknown> {
  return upgradeRecordData(version.bookType, version.schemaVersion, version.data).data;
}

const latest = (times: (string | null | undefined)[]): string =>
  times.filter((t): t is string => !!t).reduce((a, b) => (b > a ? b : a), '');

/**
 * The export source of one lot: the book and its live pages as the hub holds them, its entries
 * at the versions the lot froze (tombstones left out), scan files from the blob store.
 */
export async function lotExportSource(db: HubDb, blobs: BlobStore, lotId: string): Promise<ExportSource> {
  const [lot] = await db.select().from(lots).where(eq(lots.id, lotId));
  if (!lot) throw new AppError('NOT_FOUND', `Không tìm thấy lô ${lotId}`);
  const [bookRow] = await db.select().from(books).where(eq(books.id, lot.bookId));
  if (!bookRow) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
  const sync = bookRow.data;

  const fileRows = (await db.select().from(scanFiles).where(eq(scanFiles.bookId, sync.id)))
    .map((r) => r.data)
    .sort((a, b) => a.position - b.position);
  const liveFiles = new Map(fileRows.filter((f) => f.removedAt === null).map((f) => [f.id, f]));
  const pageRows = (await db.select().from(pages).where(eq(pages.bookId, sync.id))).map((r) => r.data);
  const livePages: PageInfo[] = pageRows
    .filter((p) => p.removedAt === null && liveFiles.has(p.scanFileId))
    .sort((a, b) => a.pageNo - b.pageNo)
    .map((p) => {
      const file = liveFiles.get(p.scanFileId)!;
      return {
        id: p.id,
        pageNo: p.pageNo,
        scanFileId: p.scanFileId,
        sha256: file.sha256,
        mediaType: file.mediaType as PageInfo['mediaType'],
        indexInFile: p.indexInFile,
        rotation: p.rotation as PageInfo['rotation'],
        ...(p.width !== null ? { width: p.width } : {}),
        ...(p.height !== null ? { height: p.height } : {}),
      };
    });
  const pageNoById = new Map(pageRows.map((p) => [p.id, p.pageNo]));

  // The entries at the lot's versions: each version as received (entry_versions), matched by
  // version and content hash.
  const frozen = await db.select().from(lotEntries).where(eq(lotEntries.lotId, lot.id));
  const ids = frozen.map((f) => f.entryId);
  const versions: (typeof entryVersions.$inferSelect)[] = [];
  for (let i = 0; i < ids.length; i += ID_SLICE) {
    const slice = ids.slice(i, i + ID_SLICE);
    versions.push(...(await db.select().from(entryVersions).where(inArray(entryVersions.entryId, slice))));
  }
  const byKey = new Map(versions.map((v) => [`${v.entryId}\n${v.version}\n${v.contentHash}`, v.data]));
  const rows: { key: EntryOrderKey; summary: RecordSummary; stored: StoredEntry; updatedAt: string }[] = [];
  for (const f of frozen) {
    const version = byKey.get(`${f.entryId}\n${f.entryVersion}\n${f.contentHash}`);
    if (!version) {
      throw new AppError(
        'CONFLICT',
        `Máy chủ huyện không còn phiên bản ${f.entryVersion} của trường hợp ${f.entryId} mà lô ${lot.id} đã chốt`,
      );
    }
    if (version.deletedAt !== null) continue;
    const data = currentData(version);
    const indexed = indexedOf(version.bookType, data);
    const summary: RecordSummary = {
      id: version.id,
      bookId: version.bookId,
      bookType: version.bookType as BookTypeCode,
      version: version.version,
      so: indexed.so,
      ...(indexed.quyenSo ? { quyenSo: indexed.quyenSo } : {}),
      trangSo: indexed.trangSo,
      ...(indexed.ngayDangKy ? { ngayDangKy: indexed.ngayDangKy } : {}),
      names: indexed.names,
      pages: [...version.pages]
        .sort((a, b) => a.position - b.position)
        .map((p) => ({
          pageId: p.pageId,
          pageNo: pageNoById.get(p.pageId) ?? 0,
          ...(p.rect ? { rect: p.rect } : {}),
        })),
      warnings: [],
      updatedAt: version.updatedAt,
    };
    rows.push({
      key: { ...soOrderColumns(indexed.so, indexed.ngayDangKy), so: indexed.so, id: version.id },
      summary,
      stored: { id: version.id, version: version.version, data },
      updatedAt: version.updatedAt,
    });
  }
  rows.sort((a, b) => compareEntryOrder(a.key, b.key));
  const summaries = rows.map((r) => r.summary);
  const stored = new Map(rows.map((r) => [r.stored.id, r.stored]));

  const linked = new Set(summaries.flatMap((s) => s.pages.map((p) => p.pageId)));
  const files: ScanFileInfo[] = [...liveFiles.values()].map((f) => ({
    id: f.id,
    sha256: f.sha256,
    originalName: f.originalName,
    mediaType: f.mediaType as ScanFileInfo['mediaType'],
    byteSize: f.byteSize,
    pageCount: f.pageCount,
  }));
  const book: BookDetail = {
    id: sync.id,
    type: sync.type as BookTypeCode,
    office: sync.office,
    ...(sync.officeCode ? { officeCode: sync.officeCode } : {}),
    volume: sync.volume,
    yearOpened: sync.yearOpened,
    period: sync.period as LegalPeriodCode,
    pageCount: livePages.length,
    entryCount: summaries.length,
    pagesWithoutEntries: livePages.filter((p) => !linked.has(p.id)).length,
    createdAt: sync.createdAt,
    version: sync.version,
    ...(sync.openedOn ? { openedOn: sync.openedOn } : {}),
    ...(sync.closedOn ? { closedOn: sync.closedOn } : {}),
    ...(sync.notes ? { notes: sync.notes } : {}),
    files,
    pages: livePages,
  };
  const dataUpdatedAt = latest([
    sync.updatedAt,
    ...fileRows.flatMap((f) => [f.addedAt, f.removedAt]),
    ...pageRows.map((p) => p.removedAt),
    ...rows.map((r) => r.updatedAt),
  ]);

  // The office's other books of the same type in the commune, as the hub holds them now.
  const others: OtherBookEntry[] = [];
  const otherBooks = (await db.select().from(books).where(eq(books.communeCode, bookRow.communeCode))).filter(
    (b) => b.id !== sync.id && b.data.office === sync.office && b.data.type === sync.type,
  );
  const volumeOf = new Map(otherBooks.map((b) => [b.id, b.data.volume]));
  for (const other of otherBooks) {
    const live = await db
      .select()
      .from(entries)
      .where(and(eq(entries.bookId, other.id), eq(entries.deleted, false)));
    for (const row of live) {
      const indexed = indexedOf(row.data.bookType, currentData(row.data));
      others.push({
        id: row.id,
        so: indexed.so,
        quyenSo: indexed.quyenSo ?? null,
        ngayDangKy: indexed.ngayDangKy ?? null,
        volume: volumeOf.get(row.bookId) ?? '',
      });
    }
  }

  const own = (bookId: string) => {
    if (bookId !== book.id) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
  };
  return {
    book: (bookId) => (own(bookId), book),
    entries: (bookId) => (own(bookId), summaries),
    loadStored: (wanted) => new Map(wanted.flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : []))),
    otherBooksEntries: () => others,
    dataUpdatedAt: (bookId) => (own(bookId), dataUpdatedAt),
    files: { read: (sha256) => readBlob(blobs, sha256) },
  };
}

function summarize(result: ExportResult, lotId: string, label: string): HubExportResult['exported'][number] {
  return {
    bookId: result.bookId,
    lotId,
    label,
    outDir: result.outDir,
    baseName: result.baseName,
    ok: result.ok,
    entries: result.counts.entries,
    pdfPages: result.counts.pdfPages,
    files: result.files.map((f) => ({
      role: f.role,
      name: f.name,
      size: f.size,
      ...(f.sha256 ? { sha256: f.sha256 } : {}),
    })),
  };
}

/**
 * Exports the commune's accepted books (or the one book asked for) into `input.out`, one after
 * the other; a book not accepted, or one whose export fails, is listed as skipped with why.
 */
export async function exportAcceptedBooks(
  ctx: HubContext,
  input: HubExportInput,
  actor: string,
): Promise<HubExportResult> {
  const outDir = path.resolve(input.out);
  const result: HubExportResult = { commune: null, outDir, exported: [], skipped: [] };
  const [commune] = await ctx.db.select().from(communes).where(eq(communes.code, input.commune));
  if (!commune) return result;
  result.commune = { code: commune.code, name: commune.name };
  const bookRows = (await ctx.db.select().from(books).where(eq(books.communeCode, commune.code)))
    .filter((b) => input.bookId === null || b.id === input.bookId)
    .sort(
      (a, b) =>
        a.data.type.localeCompare(b.data.type) ||
        a.data.yearOpened - b.data.yearOpened ||
        a.data.volume.localeCompare(b.data.volume, 'vi') ||
        a.id.localeCompare(b.id),
    );
  const options: ExportBookOptions = {
    naming: DEFAULT_NAMING,
    ...(input.replace ? { replace: true } : {}),
    ...(input.confirmNoOfficeCode ? { confirmNoOfficeCode: true } : {}),
  };
  const now = () => (ctx.now?.() ?? new Date()).toISOString();
  for (const row of bookRows) {
    const label = bookLabel(row.data);
    // The newest DECIDED lot says whether the book passed: a lot still waiting or in review after
    // an acceptance holds later changes not yet inspected, and the accepted versions are exported.
    const bookLots = await ctx.db
      .select()
      .from(lots)
      .where(eq(lots.bookId, row.id))
      .orderBy(desc(lots.receivedAt), desc(lots.id));
    const lot = bookLots.find((l) => l.state !== 'waiting' && l.state !== 'in_review') ?? bookLots[0];
    if (!lot || lot.state !== 'accepted') {
      const state = lot ? lot.state : 'none';
      result.skipped.push({ bookId: row.id, label, state, reason: notAcceptedReason(label, state) });
      continue;
    }
    try {
      const source = await lotExportSource(ctx.db, ctx.blobs, lot.id);
      const exporter = createBookExporter(source, { now, actor, appVersion: appVersion() });
      await exporter.checkStart(row.id, outDir, options);
      const exported = await exporter.exportLocked(row.id, outDir, DEFAULT_NAMING, standaloneControl());
      result.exported.push(summarize(exported, lot.id, label));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const hint =
        error.details?.confirm === 'replace'
          ? ' (thêm --replace để thay bản xuất trước)'
          : error.details?.confirm === 'noOfficeCode'
            ? ' (thêm --confirm-no-office-code để xuất khi sổ chưa có mã ĐVHC)'
            : '';
      result.skipped.push({ bookId: row.id, label, state: 'failed', reason: `Sổ ${label}: ${error.message}${hint}` });
    }
  }
  await audit(ctx.db, actor, 'export.national', {
    commune: commune.code,
    outDir,
    exported: result.exported.map((e) => ({ bookId: e.bookId, lotId: e.lotId, baseName: e.baseName })),
    skipped: result.skipped.map((s) => ({ bookId: s.bookId, state: s.state })),
  });
  return result;
}
