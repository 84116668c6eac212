/** Books: import from scan files, list with progress, read one with its files and pages. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError, issuesFromZod } from '../../../shared/api/errors';
import {
  bookMetadataSchema,
  type BookDetail,
  type BookImportReport,
  type BookMetadata,
  type BookSummary,
  type PageInfo,
  type Rotation,
  type ScanFileInfo,
  type ScanMediaType,
  type UpdateBookInput,
} from '../../../shared/books/book';
import { changedFields } from '../../../shared/records/diff';
import { legalPeriodForYear, type BookTypeCode, type LegalPeriodCode } from '../../../shared/catalogs/book-types';
import { canonicalRecordData } from '../../../shared/records/registry';
import type { BackendContext } from '../context';
import type { WriteGateway, WriteTx } from '../db/write-gateway';
import type { ViewerService } from '../viewer/viewer-service';
import { books, pages, scanFiles } from '../db/schema';
import { auditReader } from '../audit/audit-reader';
import { standaloneControl, type JobControl } from '../jobs/jobs';
import { insertScans, readScans, type ScanSource } from './scan-import';
import { pageRenditionsAgain } from './scan-inspect';

export type { ScanSource };

type BookRow = typeof books.$inferSelect;

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * What the books capability needs to know of entries (the records capability's tables), asked
 * through the records service (which attaches it when it is created).
 */
export interface BookEntries {
  /** Live entries of the book, and the pages they are linked to. */
  stats(bookId: string): { entryCount: number; linkedPageIds: ReadonlySet<string> };
  /** How many live entries are linked to any of these pages. */
  liveEntriesOnPages(pageIds: readonly string[]): number;
}

export function createBooksService(
  ctx: BackendContext,
  gateway: WriteGateway,
  viewer: Pick<ViewerService, 'forgetPages' | 'attachBooks'>,
) {
  const { orm, sqlite } = ctx.db;
  const audit = auditReader(sqlite);

  let entriesPort: BookEntries | undefined;
  function entriesOf(): BookEntries {
    if (!entriesPort) throw new Error('books service used before the records service attached its entries');
    return entriesPort;
  }

  const livePageIds = sqlite.prepare<[string], string>('SELECT id FROM pages WHERE book_id = ? AND removed_at IS NULL');

  function progress(bookId: string): Pick<BookSummary, 'pageCount' | 'entryCount' | 'pagesWithoutEntries'> {
    const live = livePageIds.pluck().all(bookId);
    const { entryCount, linkedPageIds } = entriesOf().stats(bookId);
    return {
      pageCount: live.length,
      entryCount,
      pagesWithoutEntries: live.filter((id) => !linkedPageIds.has(id)).length,
    };
  }

  function summary(row: BookRow): BookSummary {
    const counts = progress(row.id);
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
      .where(and(eq(scanFiles.bookId, id), isNull(scanFiles.removedAt)))
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
        displaySha256: pages.displaySha256,
        thumbSha256: pages.thumbSha256,
        viewSha256: pages.viewSha256,
        width: pages.width,
        height: pages.height,
      })
      .from(pages)
      .innerJoin(scanFiles, eq(scanFiles.id, pages.scanFileId))
      .where(and(eq(pages.bookId, id), isNull(pages.removedAt)))
      .orderBy(asc(pages.pageNo))
      .all()
      .map((p) => ({
        id: p.id,
        pageNo: p.pageNo,
        scanFileId: p.scanFileId,
        sha256: p.sha256,
        mediaType: p.mediaType as PageInfo['mediaType'],
        indexInFile: p.indexInFile,
        rotation: p.rotation as Rotation,
        displaySha256: optional(p.displaySha256),
        thumbSha256: optional(p.thumbSha256),
        viewSha256: optional(p.viewSha256),
        width: optional(p.width),
        height: optional(p.height),
      }));
    return {
      ...summary(row),
      version: row.version,
      openedOn: optional(row.openedOn),
      closedOn: optional(row.closedOn),
      notes: optional(row.notes),
      files,
      pages: pageRows,
    };
  }

  /**
   * Creates a book from scan files in the given order. Unusable files are skipped and reported
   * (the rest of the book still imports); a book with no usable file is not created. Nothing is
   * written to the database until every file has been read, so a cancel leaves no half book.
   */
  async function importBook(
    metadata: BookMetadata,
    sources: ScanSource[],
    control: JobControl = standaloneControl(),
  ): Promise<BookImportReport> {
    const meta = bookMetadataSchema.parse(canonicalRecordData(metadata));
    const { accepted, skipped } = await readScans(ctx, sources, new Map(), control);
    if (accepted.length === 0) {
      throw new AppError('BAD_FILE', 'Không có tệp scan nào dùng được; sổ chưa được tạo', { skipped });
    }
    control.checkpoint();
    const bookId = uuidv7();
    gateway.write('book', (tx) => {
      const at = tx.at;
      const stamps = { createdAt: at, createdBy: tx.actor, updatedAt: at, updatedBy: tx.actor };
      tx.orm
        .insert(books)
        .values({
          id: bookId,
          type: meta.type,
          office: meta.office,
          officeCode: meta.officeCode || null,
          volume: meta.volume,
          yearOpened: meta.yearOpened,
          openedOn: meta.openedOn || null,
          closedOn: meta.closedOn || null,
          period: meta.period || legalPeriodForYear(meta.yearOpened),
          notes: meta.notes || null,
          ...stamps,
        })
        .run();
      insertScans(tx.orm, ctx, bookId, accepted, { position: 0, pageNo: 0 }, at);
      tx.audit({
        action: 'book.create',
        entityType: 'book',
        entityId: bookId,
        version: 1,
        after: { ...meta, files: accepted.map((a) => ({ name: a.name, sha256: a.sha256 })) },
      });
    });
    return { book: get(bookId), skipped };
  }

  /** Corrects a book's details (not its type), checked like a new book's, versioned and audited. */
  function update(input: UpdateBookInput): BookDetail {
    gateway.write('book', (tx) => updateIn(tx, input));
    return get(input.id);
  }

  function updateIn(tx: WriteTx, input: UpdateBookInput): void {
    const { id, expectedVersion, ...fields } = input;
    const row = tx.orm.select().from(books).where(eq(books.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
    tx.expectVersion(
      row.version,
      expectedVersion,
      'Sổ này vừa được thay đổi ở nơi khác; hãy mở lại để xem bản mới nhất trước khi sửa',
    );
    const parsed = bookMetadataSchema.safeParse(canonicalRecordData({ ...fields, type: row.type }));
    if (!parsed.success) {
      throw new AppError('VALIDATION', 'Thông tin sổ chưa hợp lệ, hãy sửa các ô được đánh dấu', {
        issues: issuesFromZod(parsed.error.issues),
      });
    }
    const meta = parsed.data;
    const next = {
      office: meta.office,
      officeCode: meta.officeCode || null,
      volume: meta.volume,
      yearOpened: meta.yearOpened,
      openedOn: meta.openedOn || null,
      closedOn: meta.closedOn || null,
      period: meta.period || legalPeriodForYear(meta.yearOpened),
      notes: meta.notes || null,
    };
    const previous = {
      office: row.office,
      officeCode: row.officeCode,
      volume: row.volume,
      yearOpened: row.yearOpened,
      openedOn: row.openedOn,
      closedOn: row.closedOn,
      period: row.period,
      notes: row.notes,
    };
    const changes = changedFields(previous, next);
    if (Object.keys(changes.after).length === 0) return;
    const version = tx.bumpVersion('books', id, {
      expected: row.version,
      conflict: 'Sổ này vừa được thay đổi ở nơi khác',
    });
    tx.orm.update(books).set(next).where(eq(books.id, id)).run();
    tx.audit({
      action: 'book.update',
      entityType: 'book',
      entityId: id,
      version,
      before: changes.before,
      after: changes.after,
    });
  }

  /** Appends scan files to a book; existing pages keep their numbers. */
  async function addFiles(
    bookId: string,
    sources: ScanSource[],
    control: JobControl = standaloneControl(),
  ): Promise<BookImportReport> {
    const before = get(bookId);
    const known = new Map(before.files.map((f) => [f.sha256, f.originalName]));
    const { accepted, skipped } = await readScans(ctx, sources, known, control);
    if (accepted.length === 0) {
      throw new AppError('BAD_FILE', 'Không có tệp scan nào dùng được; sổ không thay đổi', { skipped });
    }
    control.checkpoint();
    gateway.write('book', (tx) => {
      const at = tx.at;
      const last = sqlite
        .prepare(
          `SELECT coalesce(max(position), -1) AS position, coalesce(max(page_no), 0) AS pageNo
           FROM scan_files f LEFT JOIN pages p ON p.scan_file_id = f.id AND p.removed_at IS NULL
           WHERE f.book_id = ? AND f.removed_at IS NULL`,
        )
        .get(bookId) as { position: number; pageNo: number };
      // A file removed earlier comes back as it was: its pages (and the entries on them) return.
      const tombstones = new Map(
        (
          sqlite
            .prepare('SELECT id, sha256 FROM scan_files WHERE book_id = ? AND removed_at IS NOT NULL')
            .all(bookId) as { id: string; sha256: string }[]
        ).map((f) => [f.sha256, f.id]),
      );
      const revived = accepted.filter((a) => tombstones.has(a.sha256));
      const fresh = accepted.filter((a) => !tombstones.has(a.sha256));
      revived.forEach((scan, i) => {
        const fileId = tombstones.get(scan.sha256)!;
        sqlite
          .prepare('UPDATE scan_files SET removed_at = NULL, removed_by = NULL, position = ? WHERE id = ?')
          .run(last.position + 1 + i, fileId);
        // Out of the live numbers' way (rowids are unique); renumbered below.
        sqlite.prepare('UPDATE pages SET removed_at = NULL, page_no = -rowid WHERE scan_file_id = ?').run(fileId);
      });
      insertScans(
        tx.orm,
        ctx,
        bookId,
        fresh,
        { position: last.position + 1 + revived.length, pageNo: last.pageNo },
        at,
      );
      if (revived.length > 0) renumberPages(bookId);
      const version = bumpVersion(tx, bookId);
      tx.audit({
        version,
        action: 'book.files.add',
        entityType: 'book',
        entityId: bookId,
        after: { files: accepted.map((a) => ({ name: a.name, sha256: a.sha256 })) },
      });
    });
    return { book: get(bookId), skipped };
  }

  function bumpVersion(tx: WriteTx, bookId: string): number {
    return tx.bumpVersion('books', bookId);
  }

  /** Numbers the book's pages 1..n in file order (entries point at page ids, so they follow their image). */
  function renumberPages(bookId: string): void {
    const ordered = sqlite
      .prepare(
        `SELECT p.id FROM pages p JOIN scan_files f ON f.id = p.scan_file_id
         WHERE p.book_id = ? AND p.removed_at IS NULL ORDER BY f.position, p.index_in_file`,
      )
      .all(bookId) as { id: string }[];
    // Two passes: page numbers are unique per book, so move them out of the way first.
    // (rowids are unique and the live numbers positive, so these never collide.)
    sqlite
      .prepare('UPDATE pages SET page_no = -1000000000 - rowid WHERE book_id = ? AND removed_at IS NULL')
      .run(bookId);
    const set = sqlite.prepare('UPDATE pages SET page_no = ? WHERE id = ?');
    ordered.forEach((page, i) => set.run(i + 1, page.id));
  }

  function entriesOnFile(scanFileId: string): number {
    const pageIds = sqlite.prepare('SELECT id FROM pages WHERE scan_file_id = ?').pluck().all(scanFileId) as string[];
    return entriesOf().liveEntriesOnPages(pageIds);
  }

  /** Removes a scan file whose pages no entry points at; later pages move up. */
  function removeFile(bookId: string, scanFileId: string): BookDetail {
    gateway.write('book', (tx) => removeFileIn(tx, bookId, scanFileId));
    return get(bookId);
  }

  function removeFileIn(tx: WriteTx, bookId: string, scanFileId: string): void {
    const book = get(bookId);
    const file = book.files.find((f) => f.id === scanFileId);
    if (!file) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp này trong sổ');
    if (book.files.length === 1) throw new AppError('CONFLICT', 'Không thể xóa tệp scan duy nhất của sổ');
    const used = entriesOnFile(scanFileId);
    if (used > 0) {
      throw new AppError(
        'CONFLICT',
        `Không thể xóa: ${used} trường hợp đang gắn với các trang của tệp này. Hãy chuyển các trường hợp sang trang khác trước.`,
        { entries: used },
      );
    }
    {
      const pageIds = sqlite.prepare('SELECT id FROM pages WHERE scan_file_id = ?').all(scanFileId) as { id: string }[];
      viewer.forgetPages(pageIds.map((p) => p.id));
      // A tombstone, not a hole: (deleted) entries keep pointing at these pages, and history reads.
      sqlite.prepare('UPDATE pages SET removed_at = ? WHERE scan_file_id = ?').run(tx.at, scanFileId);
      sqlite
        .prepare('UPDATE scan_files SET removed_at = ?, removed_by = ? WHERE id = ?')
        .run(tx.at, tx.actor, scanFileId);
      const rest = book.files.filter((f) => f.id !== scanFileId);
      const setPosition = sqlite.prepare('UPDATE scan_files SET position = ? WHERE id = ?');
      rest.forEach((f, i) => setPosition.run(i, f.id));
      renumberPages(bookId);
      const version = bumpVersion(tx, bookId);
      tx.audit({
        version,
        action: 'book.files.remove',
        entityType: 'book',
        entityId: bookId,
        before: { file: { name: file.originalName, sha256: file.sha256 } },
      });
    }
  }

  /** Puts the book's files in a new order and renumbers the pages; entries stay on their images. */
  function reorderFiles(bookId: string, scanFileIds: string[]): BookDetail {
    gateway.write('book', (tx) => reorderFilesIn(tx, bookId, scanFileIds));
    return get(bookId);
  }

  function reorderFilesIn(tx: WriteTx, bookId: string, scanFileIds: string[]): void {
    const book = get(bookId);
    const current = book.files.map((f) => f.id);
    if (
      scanFileIds.length !== current.length ||
      new Set(scanFileIds).size !== current.length ||
      !scanFileIds.every((id) => current.includes(id))
    ) {
      throw new AppError('VALIDATION', 'Thứ tự mới phải gồm đúng các tệp của sổ, mỗi tệp một lần');
    }
    {
      const setPosition = sqlite.prepare('UPDATE scan_files SET position = ? WHERE id = ?');
      // Move out of the way first, like page numbers.
      scanFileIds.forEach((id, i) => setPosition.run(-1 - i, id));
      scanFileIds.forEach((id, i) => setPosition.run(i, id));
      renumberPages(bookId);
      const version = bumpVersion(tx, bookId);
      tx.audit({
        version,
        action: 'book.files.reorder',
        entityType: 'book',
        entityId: bookId,
        before: { files: current },
        after: { files: scanFileIds },
      });
    }
  }

  /** Saves the clerk's rotation of a page (phone photos come in sideways). */
  function setRotation(pageId: string, rotation: Rotation): PageInfo {
    const bookId = gateway.write('page', (tx) => {
      const page = tx.orm
        .select({ bookId: pages.bookId, rotation: pages.rotation })
        .from(pages)
        .where(and(eq(pages.id, pageId), isNull(pages.removedAt)))
        .get();
      if (!page) throw new AppError('NOT_FOUND', 'Không tìm thấy trang này');
      if (page.rotation !== rotation) {
        tx.orm.update(pages).set({ rotation }).where(eq(pages.id, pageId)).run();
        tx.audit({
          action: 'page.rotate',
          entityType: 'page',
          entityId: pageId,
          before: { rotation: page.rotation },
          after: { rotation },
        });
      }
      return page.bookId;
    });
    return get(bookId).pages.find((p) => p.id === pageId)!;
  }

  const selectLivePage = sqlite.prepare(
    `SELECT id, page_no AS pageNo FROM pages
     WHERE book_id = @bookId AND removed_at IS NULL AND (id = @pageId OR page_no = @pageNo)`,
  );
  /** A page of the book that is not removed, by id or by number (for other capabilities' checks). */
  function livePage(
    bookId: string,
    key: { pageId: string } | { pageNo: number },
  ): { id: string; pageNo: number } | undefined {
    return selectLivePage.get({
      bookId,
      pageId: 'pageId' in key ? key.pageId : null,
      pageNo: 'pageNo' in key ? key.pageNo : null,
    }) as { id: string; pageNo: number } | undefined;
  }

  /** What the entry write path needs of a book, without its files and pages. */
  const selectEssentials = orm
    .select({ type: books.type, office: books.office, openedOn: books.openedOn })
    .from(books)
    .where(eq(books.id, sql.placeholder('id')))
    .prepare();
  function essentials(bookId: string): { type: BookTypeCode; office: string; openedOn?: string } {
    const row = selectEssentials.get({ id: bookId });
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
    return { type: row.type as BookTypeCode, office: row.office, openedOn: optional(row.openedOn) };
  }

  const selectPagesByIds = sqlite.prepare<
    [string],
    { id: string; bookId: string; pageNo: number; removedAt: string | null }
  >(
    `SELECT id, book_id AS bookId, page_no AS pageNo, removed_at AS removedAt FROM pages
     WHERE id IN (SELECT value FROM json_each(?))`,
  );
  /** Pages by id, removed ones too (for other capabilities: the page numbers of an entry's links). */
  function pagesByIds(
    ids: readonly string[],
  ): Map<string, { bookId: string; pageNo: number; removedAt: string | null }> {
    const found = new Map<string, { bookId: string; pageNo: number; removedAt: string | null }>();
    for (let i = 0; i < ids.length; i += 5000) {
      for (const row of selectPagesByIds.all(JSON.stringify(ids.slice(i, i + 5000)))) {
        found.set(row.id, { bookId: row.bookId, pageNo: row.pageNo, removedAt: row.removedAt });
      }
    }
    return found;
  }

  /** The live pages numbered `pageNo`: of one book, or of every book. */
  function livePagesNumbered(pageNo: number, bookId?: string): string[] {
    return (
      bookId
        ? sqlite
            .prepare('SELECT id FROM pages WHERE page_no = ? AND book_id = ? AND removed_at IS NULL')
            .pluck()
            .all(pageNo, bookId)
        : sqlite.prepare('SELECT id FROM pages WHERE page_no = ? AND removed_at IS NULL').pluck().all(pageNo)
    ) as string[];
  }

  /** Ids of the books of an office (of one type when given). */
  function bookIdsOf(office: string, type?: BookTypeCode): string[] {
    return (
      type
        ? sqlite.prepare('SELECT id FROM books WHERE office = ? AND type = ?').pluck().all(office, type)
        : sqlite.prepare('SELECT id FROM books WHERE office = ?').pluck().all(office)
    ) as string[];
  }

  /** Volume and office of books by id, for showing a list of entries of several books. */
  function labelsOf(ids: readonly string[]): Map<string, { volume: string; office: string }> {
    const rows = sqlite
      .prepare('SELECT id, volume, office FROM books WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...new Set(ids)])) as { id: string; volume: string; office: string }[];
    return new Map(rows.map((r) => [r.id, { volume: r.volume, office: r.office }]));
  }

  function exists(bookId: string): boolean {
    return sqlite.prepare('SELECT 1 FROM books WHERE id = ?').get(bookId) !== undefined;
  }

  /** Whether the page (removed or not) belongs to the book. */
  function isPageOfBook(pageId: string, bookId: string): boolean {
    return sqlite.prepare('SELECT 1 FROM pages WHERE id = ? AND book_id = ?').get(pageId, bookId) !== undefined;
  }

  /**
   * The latest change of the book itself (ISO 8601), null for an unknown book: its row, its scan
   * files, and what the audit log records about it (files added, removed, reordered) and its pages
   * (rotation).
   */
  function dataUpdatedAt(bookId: string): string | null {
    const row = sqlite
      .prepare(
        `SELECT b.updated_at AS updatedAt, (SELECT max(added_at) FROM scan_files WHERE book_id = b.id) AS addedAt
         FROM books b WHERE b.id = ?`,
      )
      .get(bookId) as { updatedAt: string; addedAt: string | null } | undefined;
    if (!row) return null;
    const pageIds = sqlite.prepare('SELECT id FROM pages WHERE book_id = ?').pluck().all(bookId) as string[];
    const times = [row.updatedAt, row.addedAt, audit.latestAt('book', [bookId]), audit.latestAt('page', pageIds)];
    return times.filter((t): t is string => t !== null).reduce((a, b) => (b > a ? b : a));
  }

  /** Throws NOT_FOUND unless the book exists; returns its type. */
  function typeOf(bookId: string): BookTypeCode {
    const row = orm.select({ type: books.type }).from(books).where(eq(books.id, bookId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
    return row.type as BookTypeCode;
  }

  const derivedOf = sqlite.prepare<
    [string, string, string],
    { original: string; mediaType: ScanMediaType; indexInFile: number; pageCount: number }
  >(
    `SELECT f.sha256 AS original, f.media_type AS mediaType, p.index_in_file AS indexInFile, f.page_count AS pageCount
       FROM pages p JOIN scan_files f ON f.id = p.scan_file_id
      WHERE p.view_sha256 = ? OR p.thumb_sha256 = ? OR p.display_sha256 = ? LIMIT 1`,
  );

  /**
   * Makes a page's rendition (view, thumbnail or TIFF display) missing from the store again from
   * its original, and stores it when it comes out byte for byte the same (content-addressed: a
   * different sharp may encode otherwise; then the viewer keeps showing the original).
   */
  async function rebuildDerivedFile(sha256: string): Promise<void> {
    const row = derivedOf.get(sha256, sha256, sha256);
    if (!row || !(await ctx.files.has(row.original))) return;
    const made = await pageRenditionsAgain(
      ctx.files.pathFor(row.original),
      row.mediaType,
      row.indexInFile,
      row.pageCount,
    );
    for (const bytes of [made?.view, made?.thumb, made?.display]) {
      if (bytes && createHash('sha256').update(bytes).digest('hex') === sha256) await ctx.files.putBuffer(bytes);
    }
  }

  viewer.attachBooks({ exists, isPageOfBook });

  return {
    /** The records service gives the books service what it needs of entries (see BookEntries). */
    attachEntries(port: BookEntries): void {
      entriesPort = port;
    },
    list,
    get,
    update,
    essentials,
    livePage,
    pagesByIds,
    livePagesNumbered,
    bookIdsOf,
    labelsOf,
    exists,
    isPageOfBook,
    dataUpdatedAt,
    importBook,
    addFiles,
    removeFile,
    reorderFiles,
    setRotation,
    typeOf,
    rebuildDerivedFile,
  };
}

export type BooksService = ReturnType<typeof createBooksService>;
