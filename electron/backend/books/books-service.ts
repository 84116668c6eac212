/** Books: import from scan files, list with progress, read one with its files and pages. */
import { asc, eq } from 'drizzle-orm';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/api/errors';
import {
  bookMetadataSchema,
  type BookDetail,
  type BookImportReport,
  type BookMetadata,
  type BookSummary,
  type PageInfo,
  type ScanFileInfo,
  type SkippedFile,
} from '../../../shared/books/book';
import { legalPeriodForYear, type BookTypeCode, type LegalPeriodCode } from '../../../shared/catalogs/book-types';
import { canonicalRecordData } from '../../../shared/records/registry';
import { appendAudit } from '../audit/audit';
import type { BackendContext } from '../context';
import { books, pages, scanFiles } from '../db/schema';
import { inspectScan, type ScanInfo } from './scan-inspect';

export interface ScanSource {
  /** Where the bytes are now (a staged upload or a path given to the CLI). */
  path: string;
  /** The name the clerk knows the file by. */
  name: string;
}

type BookRow = typeof books.$inferSelect;

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function createBooksService(ctx: BackendContext) {
  const { orm, sqlite } = ctx.db;

  const progress = sqlite.prepare(`
    SELECT
      (SELECT count(*) FROM pages p WHERE p.book_id = @id) AS pageCount,
      (SELECT count(*) FROM entries e WHERE e.book_id = @id AND e.deleted_at IS NULL) AS entryCount,
      (SELECT count(*) FROM pages p WHERE p.book_id = @id AND NOT EXISTS (
         SELECT 1 FROM entry_pages ep JOIN entries e ON e.id = ep.entry_id
         WHERE ep.page_id = p.id AND e.deleted_at IS NULL)) AS pagesWithoutEntries
  `);

  function summary(row: BookRow): BookSummary {
    const counts = progress.get({ id: row.id }) as Pick<
      BookSummary,
      'pageCount' | 'entryCount' | 'pagesWithoutEntries'
    >;
    return {
      id: row.id,
      type: row.type as BookTypeCode,
      office: row.office,
      officeCode: optional(row.officeCode),
      volume: row.volume,
      yearOpened: row.yearOpened,
      period: row.period as LegalPeriodCode,
      createdAt: row.createdAt,
      ...counts,
    };
  }

  function list(): BookSummary[] {
    return orm
      .select()
      .from(books)
      .orderBy(asc(books.type), asc(books.yearOpened), asc(books.volume))
      .all()
      .map(summary);
  }

  function get(id: string): BookDetail {
    const row = orm.select().from(books).where(eq(books.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
    const files: ScanFileInfo[] = orm
      .select()
      .from(scanFiles)
      .where(eq(scanFiles.bookId, id))
      .orderBy(asc(scanFiles.position))
      .all()
      .map((f) => ({
        id: f.id,
        sha256: f.sha256,
        originalName: f.originalName,
        mediaType: f.mediaType as ScanFileInfo['mediaType'],
        byteSize: f.byteSize,
        pageCount: f.pageCount,
      }));
    const pageRows: PageInfo[] = orm
      .select({
        id: pages.id,
        pageNo: pages.pageNo,
        scanFileId: pages.scanFileId,
        sha256: scanFiles.sha256,
        mediaType: scanFiles.mediaType,
        indexInFile: pages.indexInFile,
        rotation: pages.rotation,
      })
      .from(pages)
      .innerJoin(scanFiles, eq(scanFiles.id, pages.scanFileId))
      .where(eq(pages.bookId, id))
      .orderBy(asc(pages.pageNo))
      .all()
      .map((p) => ({ ...p, mediaType: p.mediaType as PageInfo['mediaType'] }));
    return {
      ...summary(row),
      openedOn: optional(row.openedOn),
      closedOn: optional(row.closedOn),
      notes: optional(row.notes),
      files,
      pages: pageRows,
    };
  }

  /**
   * Creates a book from scan files in the given order. Unusable files are skipped and reported
   * (the rest of the book still imports); a book with no usable file is not created.
   */
  async function importBook(metadata: BookMetadata, sources: ScanSource[]): Promise<BookImportReport> {
    const meta = bookMetadataSchema.parse(canonicalRecordData(metadata));
    const accepted: { source: ScanSource; info: ScanInfo; sha256: string }[] = [];
    const skipped: SkippedFile[] = [];
    for (const source of sources) {
      try {
        const info = await inspectScan(source.path);
        const stored = await ctx.files.putFile(source.path);
        const twin = accepted.find((a) => a.sha256 === stored.sha256);
        if (twin) {
          skipped.push({ name: source.name, message: `Trùng nội dung với tệp "${twin.source.name}" đã có trong sổ` });
          continue;
        }
        accepted.push({ source, info, sha256: stored.sha256 });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped.push({ name: source.name, message: error.message });
      }
    }
    if (accepted.length === 0) {
      throw new AppError('BAD_FILE', 'Không có tệp scan nào dùng được; sổ chưa được tạo', { skipped });
    }

    const bookId = uuidv7();
    const at = ctx.now();
    const stamps = { createdAt: at, createdBy: ctx.actor, updatedAt: at, updatedBy: ctx.actor };
    orm.transaction((tx) => {
      tx.insert(books)
        .values({
          id: bookId,
          type: meta.type,
          office: meta.office,
          officeCode: meta.officeCode || null,
          volume: meta.volume,
          yearOpened: meta.yearOpened,
          openedOn: meta.openedOn || null,
          closedOn: meta.closedOn || null,
          period: meta.period ?? legalPeriodForYear(meta.yearOpened),
          notes: meta.notes || null,
          ...stamps,
        })
        .run();
      let pageNo = 0;
      accepted.forEach(({ source, info, sha256 }, position) => {
        const scanFileId = uuidv7();
        tx.insert(scanFiles)
          .values({
            id: scanFileId,
            bookId,
            sha256,
            originalName: path.basename(source.name),
            mediaType: info.mediaType,
            byteSize: info.byteSize,
            pageCount: info.pageCount,
            position,
            addedAt: at,
            addedBy: ctx.actor,
          })
          .run();
        for (let indexInFile = 0; indexInFile < info.pageCount; indexInFile++) {
          pageNo += 1;
          tx.insert(pages).values({ id: uuidv7(), bookId, scanFileId, indexInFile, pageNo }).run();
        }
      });
      appendAudit(tx, {
        at,
        actor: ctx.actor,
        action: 'book.create',
        entityType: 'book',
        entityId: bookId,
        version: 1,
        after: { ...meta, files: accepted.map((a) => ({ name: a.source.name, sha256: a.sha256 })) },
      });
    });
    return { book: get(bookId), skipped };
  }

  /** Throws NOT_FOUND unless the book exists; returns its type. */
  function typeOf(bookId: string): BookTypeCode {
    const row = orm.select({ type: books.type }).from(books).where(eq(books.id, bookId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
    return row.type as BookTypeCode;
  }

  return { list, get, importBook, typeOf };
}

export type BooksService = ReturnType<typeof createBooksService>;
