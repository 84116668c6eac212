/**
 * Entries: every write is validated by the book type's shared schema, stored in canonical form
 * with a content hash, versioned, and recorded in the append-only audit log.
 */
import canonicalize from 'canonicalize';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError, issuesFromZod, type FieldIssue } from '../../../shared/api/errors';
import type { BookTypeCode } from '../../../shared/catalogs/book-types';
import { parseIsoPartialDate } from '../../../shared/dates/partial-date';
import { changedFields, type FieldChanges } from '../../../shared/records/diff';
import type {
  DuplicateEntry,
  PageRef,
  RecordDetail,
  RecordHistoryItem,
  RecordPage,
  RecordSearchResult,
  RecordSort,
  RecordSummary,
  searchRecordsInput,
} from '../../../shared/records/record';
import type { z } from '../../../shared/zod';
import { canonicalRecordData, recordTypeFor } from '../../../shared/records/registry';
import { parseSo } from '../../../shared/records/rules';
import { soOrderColumns } from '../../../shared/records/order';
import { currentSchemaVersion, upgradeRecordData } from '../../../shared/records/upgrades';
import { duplicateKey, numberSpellings } from '../../../shared/records/numbering';
import { peopleOf } from '../../../shared/records/people';
import { followPrintedPage, pageLinkWarning, usualPageOffset } from '../../../shared/records/page-links';
import { foldForSearch } from '../../../shared/text/normalize';
import type { BooksService } from '../books/books-service';
import type { DraftsService } from '../drafts/drafts-service';
import type { BackendContext } from '../context';
import type { WriteGateway, WriteTx } from '../db/write-gateway';
import { entries, entryPages } from '../db/schema';
import { pageNoSql } from '../books/page-sql';
import { entryDataLoader } from './entry-data';
import { auditReader } from '../audit/audit-reader';
import { importRunStatements } from './import-runs';

type EntryRow = typeof entries.$inferSelect;

const CHANGED_ELSEWHERE = 'Trường hợp này vừa được thay đổi ở nơi khác';

/** Entries per write of a bulk load (see importMany): each write holds the lock a short while. */
export const IMPORT_CHUNK = 200;
/**
 * Between two writes of a bulk load the write lock is left free this long, so that another
 * process waiting for it (SQLite's busy handler polls at most every 100 ms) gets in.
 */
export const IMPORT_PAUSE_MS = 150;
/** Why the entries of an all-or-nothing import that failed half-way were soft-deleted. */
export const CANCELLED_IMPORT_REASON = 'Nhập lô bị hủy';
/** Why the entries of an import whose process was killed half-way were soft-deleted. */
export const KILLED_IMPORT_REASON = (importId: string) =>
  `Nhập lô bị dừng giữa chừng (lô ${importId}); không có trường hợp nào của lô được giữ`;

export interface ImportOptions {
  /** Import the valid lines and report the others, instead of all or nothing. */
  skipInvalid: boolean;
  /** After each write: how many lines are written so far (progress). */
  onChunk?: (written: number, total: number) => void | Promise<void>;
  /** The pause between two writes (IMPORT_PAUSE_MS); 0 where no other process can be waiting (benchmarks). */
  pauseMs?: number;
}

export interface ImportResult {
  imported: RecordDetail[];
  rejected: { index: number; issues: FieldIssue[]; message: string }[];
  /** All or nothing, failed half-way: how many entries written by earlier writes were soft-deleted. */
  cancelled: number;
  importId: string;
}

/** The hub's version of an entry, as a sync conflict carries it (shared/sync/protocol.ts syncEntry). */
export interface SyncSide {
  schemaVersion: number;
  data: Record<string, unknown>;
  pages: { pageId: string; rect: { x: number; y: number; w: number; h: number } | null }[];
  deleted: { by: string; reason: string | null } | null;
}

export function contentHash(canonicalData: unknown): string {
  return createHash('sha256')
    .update(canonicalize(canonicalData) ?? '')
    .digest('hex');
}

/**
 * Turns what the clerk typed into an FTS5 query: every word must match, the last as a prefix;
 * a number matches however it is zero-padded ("1/2018" finds "01/2018"). Undefined when nothing
 * searchable was typed.
 */
export function ftsQuery(text: string): string | undefined {
  const words = foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  return words
    .map((w, i) => {
      const star = i === words.length - 1 ? '*' : '';
      const spellings = numberSpellings(w).map((s) => `"${s}"${star}`);
      return spellings.length === 1 ? spellings[0] : `(${spellings.join(' OR ')})`;
    })
    .join(' AND ');
}

/**
 * Search hits up to `sortOutright` are read and sorted outright; more take the walk of the sort
 * index (see searchMatching). Tests lower it to take both paths on small fixtures.
 */
export const SEARCH_TUNING = { sortOutright: 1000 };

export function createRecordsService(
  ctx: BackendContext,
  booksService: BooksService,
  gateway: WriteGateway,
  draftsService: Pick<DraftsService, 'discard' | 'attachOwners'>,
) {
  const { orm } = ctx.db;
  const audit = auditReader(ctx.db.sqlite);
  const runs = importRunStatements(ctx.db.sqlite);
  const $ = (name: string) => sql.placeholder(name);

  // The save path runs at typing speed and thousands of times in a bulk load: its statements
  // are prepared once instead of being built and compiled on every call.
  const insertEntry = orm
    .insert(entries)
    .values({
      id: $('id'),
      bookId: $('bookId'),
      bookType: $('bookType'),
      version: 1,
      contentHash: $('contentHash'),
      data: $('data'),
      so: $('so'),
      soNumber: $('soNumber'),
      soYear: $('soYear'),
      quyenSo: $('quyenSo'),
      trangSo: $('trangSo'),
      ngayDangKy: $('ngayDangKy'),
      registrationYear: $('registrationYear'),
      primaryName: $('primaryName'),
      searchText: $('searchText'),
      warnings: $('warnings'),
      markedCount: $('markedCount'),
      schemaVersion: $('schemaVersion'),
      createdAt: $('at'),
      createdBy: $('actor'),
      updatedAt: $('at'),
      updatedBy: $('actor'),
    })
    .prepare();
  const insertEntryPage = orm
    .insert(entryPages)
    .values({
      entryId: $('entryId'),
      pageId: $('pageId'),
      position: $('position'),
      rectX: $('x'),
      rectY: $('y'),
      rectW: $('w'),
      rectH: $('h'),
    })
    .prepare();
  const deleteEntryPages = orm
    .delete(entryPages)
    .where(eq(entryPages.entryId, $('entryId')))
    .prepare();
  const selectEntry = orm
    .select()
    .from(entries)
    .where(eq(entries.id, $('id')))
    .prepare();
  // The book's habit: scan page minus printed page of its other entries. The last 200 by number
  // tell it well enough, and keep the save path fast in a book of thousands.
  const selectPageOffsets = ctx.db.sqlite.prepare(`
    SELECT (SELECT min(${pageNoSql('ep.page_id')}) FROM entry_pages ep WHERE ep.entry_id = e.id)
      - e.trang_so AS d
    FROM entries e
    WHERE e.book_id = @bookId AND e.deleted_at IS NULL AND e.id != @excludeId
    ORDER BY e.so_year DESC, e.so_number DESC LIMIT 200`);

  function usualOffsetOf(bookId: string, excludeId: string): number | undefined {
    const rows = selectPageOffsets.all({ bookId, excludeId }) as { d: number | null }[];
    return usualPageOffset(rows.flatMap((r) => (r.d === null ? [] : [r.d])));
  }

  /** The warning when the printed page and the scan pages disagree beyond the book's habit. */
  function withPageWarning(
    warnings: FieldIssue[],
    bookId: string,
    excludeId: string,
    trangSo: number,
    pageNos: number[],
  ) {
    const issue = pageLinkWarning(trangSo, pageNos, usualOffsetOf(bookId, excludeId));
    return issue ? [...warnings, issue] : warnings;
  }

  /** Validates data against the book type's schema; returns canonical data and derived columns. */
  function prepare(book: { type: BookTypeCode; openedOn?: string }, data: unknown) {
    const recordType = recordTypeFor(book.type);
    if (!recordType) {
      throw new AppError('VALIDATION', 'Loại sổ này chưa có mẫu nhập trong ứng dụng');
    }
    const parsed = recordType.schema.safeParse(data);
    if (!parsed.success) {
      throw new AppError('VALIDATION', 'Dữ liệu chưa hợp lệ, hãy sửa các ô được đánh dấu', {
        issues: issuesFromZod(parsed.error.issues),
      });
    }
    const canonical = canonicalRecordData(parsed.data) as Record<string, unknown>;
    const warnings: FieldIssue[] = issuesFromZod(recordType.warnings(parsed.data, { bookOpenedOn: book.openedOn }));
    const marks = canonical.danhDau;
    const markedCount = marks && typeof marks === 'object' ? Object.keys(marks).length : 0;
    const indexed = recordType.indexed(parsed.data);
    const order = soOrderColumns(indexed.so, indexed.ngayDangKy);
    const registered = indexed.ngayDangKy ? parseIsoPartialDate(indexed.ngayDangKy) : undefined;
    const columns = {
      data: JSON.stringify(canonical),
      contentHash: contentHash(canonical),
      so: indexed.so,
      soNumber: order.soNumber,
      soYear: order.soYear,
      quyenSo: indexed.quyenSo || null,
      trangSo: indexed.trangSo,
      ngayDangKy: indexed.ngayDangKy ?? null,
      registrationYear: registered?.year ?? null,
      primaryName: indexed.names[0] ?? '',
      searchText: foldForSearch([indexed.so, ...indexed.names].join(' ')),
      warnings: JSON.stringify(warnings),
      markedCount,
    };
    return { canonical, columns, warnings };
  }

  // Two shapes so that each uses its index: numbers "n/yyyy" by (type, year, number), others by text.
  const duplicateColumns = `e.id, e.book_id AS bookId, e.so, e.book_type AS bookType, e.data,
    e.schema_version AS schemaVersion, e.ngay_dang_ky AS ngayDangKy`;
  // The office's books (of the type) come from the books service, as a JSON list of ids.
  const sameBookAndQuyen = `e.deleted_at IS NULL AND e.id != @excludeId
      AND e.book_id IN (SELECT value FROM json_each(@bookIds)) AND coalesce(e.quyen_so, '') = @quyenSo`;
  const duplicatesByNumber = ctx.db.sqlite.prepare(`
    SELECT ${duplicateColumns} FROM entries e
    WHERE e.book_type = @bookType AND e.so_year IS @year AND e.so_number = @number AND ${sameBookAndQuyen}
    ORDER BY e.created_at`);
  const duplicatesByText = ctx.db.sqlite.prepare(`
    SELECT ${duplicateColumns} FROM entries e
    WHERE e.book_type = @bookType AND e.so = @so AND ${sameBookAndQuyen}
    ORDER BY e.created_at`);

  /**
   * Entries with the same (office, book type, quyển, year, số): numbering restarts each year, so
   * this is the key of an entry. "01/2018" and "1/2018" are the same number.
   */
  function duplicatesOf(
    book: { type: BookTypeCode; office: string },
    fields: { so: string; quyenSo?: string; ngayDangKy?: string },
    excludeId = '',
  ): DuplicateEntry[] {
    const so = parseSo(fields.so);
    const registered = fields.ngayDangKy ? parseIsoPartialDate(fields.ngayDangKy) : undefined;
    const bookIds = JSON.stringify(booksService.bookIdsOf(book.office, book.type));
    const common = { bookIds, bookType: book.type, quyenSo: fields.quyenSo ?? '', excludeId };
    const rows = (
      so.number !== undefined
        ? duplicatesByNumber.all({ ...common, number: so.number, year: so.year ?? registered?.year ?? null })
        : duplicatesByText.all({ ...common, so: fields.so.trim() })
    ) as {
      id: string;
      bookId: string;
      so: string;
      bookType: string;
      data: string;
      schemaVersion: number;
      ngayDangKy: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      bookId: r.bookId,
      so: r.so,
      names: namesOf(r.bookType, dataOf(r), ''),
      ...(r.ngayDangKy ? { ngayDangKy: r.ngayDangKy } : {}),
    }));
  }

  /**
   * A number already used is refused unless the clerk says why: the source book itself can hold
   * a real duplicate. With a reason it is saved, and the duplicate stays a warning for review.
   */
  function duplicateGate(
    book: { type: BookTypeCode; office: string },
    canonical: Record<string, unknown>,
    warnings: FieldIssue[],
    excludeId?: string,
  ) {
    const twins = duplicatesOf(
      book,
      {
        so: String(canonical.so ?? ''),
        quyenSo: typeof canonical.quyenSo === 'string' ? canonical.quyenSo : undefined,
        ngayDangKy: typeof canonical.ngayDangKy === 'string' ? canonical.ngayDangKy : undefined,
      },
      excludeId,
    );
    return gateOn(
      twins.map((t) => ({ ...t, ngayDangKy: t.ngayDangKy ?? null })),
      canonical,
      warnings,
    );
  }

  /** The draft an entry was typed in goes in the same transaction that saves the entry. */
  function discardDraft(bookId: string, entryId: string): void {
    // The drafts capability owns its table (nested in this write, as a savepoint).
    draftsService.discard(bookId, entryId || undefined);
  }

  /** Checks the pages belong to the book, once each; returns their page numbers. */
  function checkPages(bookId: string, refs: PageRef[]): number[] {
    const ids = [...new Set(refs.map((r) => r.pageId))];
    if (ids.length !== refs.length) throw new AppError('VALIDATION', 'Một trang được gắn hai lần vào trường hợp');
    return refs.map(({ pageId }) => {
      const found = booksService.livePage(bookId, { pageId });
      if (!found) throw new AppError('VALIDATION', 'Trang được chọn không thuộc sổ này');
      return found.pageNo;
    });
  }

  function writePages(entryId: string, refs: PageRef[]): void {
    deleteEntryPages.run({ entryId });
    refs.forEach((ref, position) =>
      insertEntryPage.run({
        entryId,
        pageId: ref.pageId,
        position,
        x: ref.rect?.x ?? null,
        y: ref.rect?.y ?? null,
        w: ref.rect?.w ?? null,
        h: ref.rect?.h ?? null,
      }),
    );
  }

  const pageColumns = {
    entryId: entryPages.entryId,
    pageId: entryPages.pageId,
    x: entryPages.rectX,
    y: entryPages.rectY,
    w: entryPages.rectW,
    h: entryPages.rectH,
  };
  const selectPagesOfEntry = orm
    .select(pageColumns)
    .from(entryPages)
    .where(eq(entryPages.entryId, $('entryId')))
    .orderBy(asc(entryPages.position))
    .prepare();

  /** SQLite caps the number of bound values; long lists are read in slices. */
  const ID_SLICE = 5000;

  function pagesOf(entryIds: string[]): Map<string, RecordPage[]> {
    const byEntry = new Map<string, RecordPage[]>();
    if (entryIds.length === 0) return byEntry;
    const rows: ReturnType<typeof selectPagesOfEntry.all> = [];
    if (entryIds.length === 1) rows.push(...selectPagesOfEntry.all({ entryId: entryIds[0] }));
    for (let i = 0; entryIds.length > 1 && i < entryIds.length; i += ID_SLICE) {
      const slice = entryIds.slice(i, i + ID_SLICE);
      rows.push(
        ...orm
          .select(pageColumns)
          .from(entryPages)
          .where(inArray(entryPages.entryId, slice))
          .orderBy(asc(entryPages.entryId), asc(entryPages.position))
          .all(),
      );
    }
    // Page numbers from the books capability, which owns the pages.
    const numbers = booksService.pagesByIds([...new Set(rows.map((r) => r.pageId))]);
    for (const r of rows) {
      const list = byEntry.get(r.entryId) ?? [];
      const rect =
        r.x !== null && r.y !== null && r.w !== null && r.h !== null ? { x: r.x, y: r.y, w: r.w, h: r.h } : undefined;
      list.push({ pageId: r.pageId, pageNo: numbers.get(r.pageId)?.pageNo ?? 0, ...(rect ? { rect } : {}) });
      byEntry.set(r.entryId, list);
    }
    return byEntry;
  }

  /** The people of an entry, read through its type's registry (stored data is canonical). */
  function namesOf(bookType: string, data: Record<string, unknown>, fallback: string): string[] {
    const recordType = recordTypeFor(bookType);
    try {
      return recordType ? recordType.indexed(data as never).names : [fallback];
    } catch {
      // Data written by an older schema: show the stored name rather than fail the list.
      return [fallback];
    }
  }

  function toSummary(row: EntryRow, pageList: RecordPage[]): RecordSummary {
    const data = dataOf(row);
    return {
      id: row.id,
      bookId: row.bookId,
      bookType: row.bookType as BookTypeCode,
      version: row.version,
      so: row.so,
      quyenSo: row.quyenSo ?? undefined,
      trangSo: row.trangSo,
      ngayDangKy: row.ngayDangKy ?? undefined,
      names: namesOf(row.bookType, data, row.primaryName),
      pages: pageList,
      warnings: JSON.parse(row.warnings) as FieldIssue[],
      updatedAt: row.updatedAt,
    };
  }

  /** The entry's data in the current field schema (stored JSON of an older one is upgraded). */
  function dataOf(row: { bookType: string; schemaVersion: number; data: string }): Record<string, unknown> {
    return upgradeRecordData(row.bookType, row.schemaVersion, JSON.parse(row.data) as Record<string, unknown>).data;
  }

  function getRow(id: string, includeDeleted = false): EntryRow {
    const row = selectEntry.get({ id });
    if (!row || (row.deletedAt && !includeDeleted)) throw new AppError('NOT_FOUND', 'Không tìm thấy trường hợp này');
    return row;
  }

  function get(id: string, options: { includeDeleted?: boolean } = {}): RecordDetail {
    const row = getRow(id, options.includeDeleted);
    const deleted =
      row.deletedAt !== null
        ? { deleted: { at: row.deletedAt, by: row.deletedBy ?? '', reason: row.deleteReason ?? '' } }
        : {};
    return {
      ...toSummary(row, pagesOf([id]).get(id) ?? []),
      data: dataOf(row),
      contentHash: row.contentHash,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      updatedBy: row.updatedBy,
      ...deleted,
    };
  }

  function list(filter: { bookId?: string }): RecordSummary[] {
    const rows = orm
      .select()
      .from(entries)
      .where(and(isNull(entries.deletedAt), filter.bookId ? eq(entries.bookId, filter.bookId) : undefined))
      .orderBy(asc(entries.bookId), asc(entries.soYear), asc(entries.soNumber), asc(entries.so), asc(entries.id))
      .all();
    const pageMap = pagesOf(rows.map((r) => r.id));
    return rows.map((r) => toSummary(r, pageMap.get(r.id) ?? []));
  }

  function create(input: { bookId: string; data: unknown; pages: PageRef[] }): RecordDetail {
    // Checked inside the write: a twin saved by another process a moment before is seen.
    const id = gateway.write('entry', (tx) => {
      const book = booksService.essentials(input.bookId);
      const bookType = book.type;
      const { canonical, columns, warnings } = prepare(book, input.data);
      const pageNos = checkPages(input.bookId, input.pages);
      columns.warnings = JSON.stringify(
        withPageWarning(duplicateGate(book, canonical, warnings), input.bookId, '', columns.trangSo, pageNos),
      );
      const newId = uuidv7();
      insertEntry.run({
        id: newId,
        bookId: input.bookId,
        bookType,
        ...columns,
        schemaVersion: currentSchemaVersion(bookType),
        at: tx.at,
        actor: tx.actor,
      });
      writePages(newId, input.pages);
      discardDraft(input.bookId, '');
      tx.audit({
        action: 'entry.create',
        entityType: 'entry',
        entityId: newId,
        version: 1,
        after: { ...canonical, pages: input.pages },
        contentHash: columns.contentHash,
      });
      return newId;
    });
    return get(id);
  }

  function update(input: { id: string; expectedVersion: number; data: unknown; pages?: PageRef[] }): RecordDetail {
    gateway.write('entry', (tx) => updateIn(tx, input));
    return get(input.id);
  }

  function updateIn(tx: WriteTx, input: { id: string; expectedVersion: number; data: unknown; pages?: PageRef[] }) {
    const current = getRow(input.id);
    tx.expectVersion(
      current.version,
      input.expectedVersion,
      'Trường hợp này vừa được thay đổi ở nơi khác; hãy mở lại để xem bản mới nhất trước khi sửa',
    );
    const book = booksService.essentials(current.bookId);
    const { canonical, columns, warnings } = prepare(book, input.data);
    const oldPages = pagesOf([input.id]).get(input.id) ?? [];
    let newPages = input.pages ?? oldPages.map(({ pageId, rect }) => ({ pageId, ...(rect ? { rect } : {}) }));
    let pageNos = input.pages ? checkPages(current.bookId, input.pages) : oldPages.map((p) => p.pageNo);
    const offset = usualOffsetOf(current.bookId, current.id);
    if (!input.pages) {
      // "Trang số" corrected alone: the scan pages follow it when they matched the old one, so
      // the Excel row and the entry's PDF never tell two different pages.
      const moved = followPrintedPage(current.trangSo, columns.trangSo, pageNos, offset);
      const ids = moved?.map((pageNo) => booksService.livePage(current.bookId, { pageNo })?.id);
      if (moved && ids?.every((id) => id !== undefined)) {
        newPages = ids.map((pageId) => ({ pageId }));
        pageNos = moved;
      }
    }
    const issue = pageLinkWarning(columns.trangSo, pageNos, offset);
    const checked = duplicateGate(book, canonical, warnings, current.id);
    columns.warnings = JSON.stringify(issue ? [...checked, issue] : checked);
    const changes = changedFields(
      { ...dataOf(current), pages: oldPages.map(({ pageId, rect }) => ({ pageId, rect })) },
      { ...canonical, pages: newPages },
    );
    if (Object.keys(changes.after).length === 0) {
      // Nothing changed, but the edit is over: its draft must not reopen.
      discardDraft(current.bookId, input.id);
      return;
    }
    const version = tx.bumpVersion('entries', input.id, { expected: current.version, conflict: CHANGED_ELSEWHERE });
    tx.orm
      .update(entries)
      .set({ ...columns, schemaVersion: currentSchemaVersion(current.bookType) })
      .where(eq(entries.id, input.id))
      .run();
    writePages(input.id, newPages);
    discardDraft(current.bookId, input.id);
    tx.audit({
      action: 'entry.update',
      entityType: 'entry',
      entityId: input.id,
      version,
      before: changes.before,
      after: changes.after,
      contentHash: columns.contentHash,
    });
  }

  /**
   * A sync conflict settled by the clerk: a new version of the entry, numbered at least `atLeast`
   * (above the hub's, so that the hub takes it as its next version), audited as an edit that names
   * the choice (`note`). With `hub`, the hub's data, state and scan pages (when this book has them
   * all) become the entry's; without it, the entry stays as it is here and is sent again as is.
   */
  function takeSyncVersion(input: { id: string; atLeast: number; note: string; hub?: SyncSide }): RecordDetail {
    gateway.write('entry', (tx) => {
      const current = getRow(input.id, true);
      const oldPages = (pagesOf([input.id]).get(input.id) ?? []).map(({ pageId, rect }) => ({ pageId, rect }));
      const changes: FieldChanges = { before: {}, after: {} };
      let hash = current.contentHash;
      let apply = () => {};
      if (input.hub) {
        const hub = input.hub;
        const book = booksService.essentials(current.bookId);
        const hubData = upgradeRecordData(current.bookType, hub.schemaVersion, hub.data).data;
        const { canonical, columns, warnings } = prepare(book, hubData);
        const hubPagesHere = hub.pages.every((p) => booksService.livePage(current.bookId, { pageId: p.pageId }));
        const newPages: PageRef[] =
          hubPagesHere && hub.pages.length > 0
            ? hub.pages.map(({ pageId, rect }) => ({ pageId, ...(rect ? { rect } : {}) }))
            : oldPages.map(({ pageId, rect }) => ({ pageId, ...(rect ? { rect } : {}) }));
        const pageNos = checkPages(current.bookId, newPages);
        const checked = hub.deleted ? warnings : duplicateGate(book, canonical, warnings, current.id);
        columns.warnings = JSON.stringify(
          withPageWarning(checked, current.bookId, current.id, columns.trangSo, pageNos),
        );
        Object.assign(
          changes,
          changedFields(
            { ...dataOf(current), pages: oldPages },
            { ...canonical, pages: newPages.map(({ pageId, rect }) => ({ pageId, rect })) },
          ),
        );
        const state = (deleted: { reason: string | null } | null) =>
          deleted ? `Đã xóa${deleted.reason ? ` (lý do: ${deleted.reason})` : ''}` : 'Còn hiệu lực';
        const before = state(current.deletedAt === null ? null : { reason: current.deleteReason });
        const after = state(hub.deleted);
        if (before !== after) {
          changes.before.tinhTrang = before;
          changes.after.tinhTrang = after;
        }
        hash = columns.contentHash;
        apply = () => {
          tx.orm
            .update(entries)
            .set({
              ...columns,
              schemaVersion: currentSchemaVersion(current.bookType),
              deletedAt: hub.deleted ? (current.deletedAt ?? tx.at) : null,
              deletedBy: hub.deleted ? (current.deletedBy ?? hub.deleted.by) : null,
              deleteReason: hub.deleted ? hub.deleted.reason : null,
            })
            .where(eq(entries.id, input.id))
            .run();
          writePages(input.id, newPages);
        };
      }
      changes.before.xungDotDongBo = null;
      changes.after.xungDotDongBo = input.note;
      const version = tx.bumpVersion(
        'entries',
        input.id,
        { expected: current.version, conflict: CHANGED_ELSEWHERE },
        input.atLeast,
      );
      apply();
      discardDraft(current.bookId, input.id);
      tx.audit({
        action: 'entry.update',
        entityType: 'entry',
        entityId: input.id,
        version,
        before: changes.before,
        after: changes.after,
        contentHash: hash,
      });
    });
    return get(input.id, { includeDeleted: true });
  }

  /** Soft delete: the entry stays in the database with who, when and why. */
  function remove(input: { id: string; expectedVersion: number; reason: string }): void {
    gateway.write('entry', (tx) => {
      // Read inside the write: the delete is acknowledged only when this very version is deleted.
      const current = getRow(input.id);
      tx.expectVersion(
        current.version,
        input.expectedVersion,
        'Trường hợp này vừa được thay đổi ở nơi khác; hãy mở lại trước khi xóa',
      );
      const version = tx.bumpVersion('entries', input.id, { expected: current.version, conflict: CHANGED_ELSEWHERE });
      tx.orm
        .update(entries)
        .set({ deletedAt: tx.at, deletedBy: tx.actor, deleteReason: input.reason })
        .where(eq(entries.id, input.id))
        .run();
      tx.audit({
        action: 'entry.delete',
        entityType: 'entry',
        entityId: input.id,
        version,
        after: { lyDoXoa: input.reason },
        contentHash: current.contentHash,
      });
    });
  }

  /**
   * Undoes a soft delete: the entry is back in its book, in search and in the export, with a new
   * version. A number taken again in the meantime is kept as a warning on the entry.
   */
  function restore(input: { id: string; expectedVersion: number }): RecordDetail {
    gateway.write('entry', (tx) => restoreIn(tx, input));
    return get(input.id);
  }

  function restoreIn(tx: WriteTx, input: { id: string; expectedVersion: number }): void {
    const current = getRow(input.id, true);
    if (current.deletedAt === null) throw new AppError('VALIDATION', 'Trường hợp này chưa bị xóa');
    const linkedIds = selectPagesOfEntry.all({ entryId: input.id }).map((r) => r.pageId);
    const linkedPages = booksService.pagesByIds(linkedIds);
    const removedPages = linkedIds.flatMap((id) => {
      const page = linkedPages.get(id);
      return page && page.removedAt !== null ? [{ pageNo: page.pageNo }] : [];
    });
    if (removedPages.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Không khôi phục được: tệp scan chứa trang ${removedPages.map((p) => p.pageNo).join(', ')} của trường hợp này đã bị gỡ khỏi sổ. Hãy thêm lại đúng tệp scan đó vào sổ trước.`,
      );
    }
    tx.expectVersion(
      current.version,
      input.expectedVersion,
      'Trường hợp này vừa được thay đổi ở nơi khác; hãy mở lại trước khi khôi phục',
    );
    const book = booksService.essentials(current.bookId);
    const { canonical, warnings } = prepare(book, dataOf(current));
    const twins = duplicatesOf(
      book,
      {
        so: String(canonical.so ?? ''),
        quyenSo: typeof canonical.quyenSo === 'string' ? canonical.quyenSo : undefined,
        ngayDangKy: typeof canonical.ngayDangKy === 'string' ? canonical.ngayDangKy : undefined,
      },
      current.id,
    );
    const restoredWarnings =
      twins.length === 0
        ? warnings
        : [
            ...warnings,
            {
              path: 'so',
              message: `Trùng số với ${twins.map((t) => `số ${t.so} (${t.names[0] ?? 'không tên'})`).join(', ')}`,
            },
          ];
    const linked = (pagesOf([input.id]).get(input.id) ?? []).map((p) => p.pageNo);
    const allWarnings = withPageWarning(restoredWarnings, current.bookId, current.id, current.trangSo, linked);
    const version = tx.bumpVersion('entries', input.id, { expected: current.version, conflict: CHANGED_ELSEWHERE });
    tx.orm
      .update(entries)
      .set({ deletedAt: null, deletedBy: null, deleteReason: null, warnings: JSON.stringify(allWarnings) })
      .where(eq(entries.id, input.id))
      .run();
    tx.audit({
      action: 'entry.restore',
      entityType: 'entry',
      entityId: input.id,
      version,
      before: { lyDoXoa: current.deleteReason, xoaLuc: current.deletedAt, nguoiXoa: current.deletedBy },
      contentHash: current.contentHash,
    });
  }

  function history(id: string): RecordHistoryItem[] {
    const exists = orm.select({ id: entries.id }).from(entries).where(eq(entries.id, id)).get();
    if (!exists) throw new AppError('NOT_FOUND', 'Không tìm thấy trường hợp này');
    const rows = audit.eventsOf('entry', id);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      ...(r.version !== null ? { version: r.version } : {}),
      ...(r.before ? { before: JSON.parse(r.before) as Record<string, unknown> } : {}),
      ...(r.after ? { after: JSON.parse(r.after) as Record<string, unknown> } : {}),
    }));
  }

  /**
   * Search reads the narrow table `search_rows` (migration 0014): one row per entry keyed by the
   * integer that is also its entries_fts rowid, with the filters and sort keys. The count and
   * the page of keys come from there; only the page's entries are read from `entries`.
   * Sort columns per sort; ties are broken by the entry id, ascending, whatever the direction.
   */
  const SORT_COLUMNS: Record<RecordSort, string[]> = {
    so: ['s.so_year', 's.so_number', 's.so'],
    ngayDangKy: ['s.ngay_dang_ky'],
    // Folded, so that "Đinh" sorts among the D's, not after "Z" as its code point would.
    name: ['s.name_key', 's.primary_name'],
    updatedAt: ['s.updated_at'],
    // The first scan page the entry is linked to, then the printed page number.
    page: [`(SELECT min(${pageNoSql('ep.page_id')}) FROM entry_pages ep WHERE ep.entry_id = s.entry_id)`, 'e.trang_so'],
  };
  /** Sorts an index of search_rows answers in order (walked, not sorted, when hits are many). */
  const INDEXED_SORTS: ReadonlySet<RecordSort> = new Set(['so', 'name']);
  /**
   * Search statements by their text: a handful of shapes, compiled once each, on first use (a
   * backend on the migrations before 0014, as the migration tests run, has no search table).
   */
  const searchStatements = new Map<string, ReturnType<typeof ctx.db.sqlite.prepare>>();
  const searchSql = (text: string) => {
    let statement = searchStatements.get(text);
    if (!statement) {
      statement = ctx.db.sqlite.prepare(text);
      searchStatements.set(text, statement);
    }
    return statement;
  };

  interface SearchPlan {
    /** The search_rows condition, on alias `s`. */
    filters: string;
    /** The full-text index to read: live entries, or deleted ones (migration 0014). */
    fts: 'entries_fts' | 'entries_fts_deleted';
    /** No filter but the state: every hit of the full-text index counts, no join needed. */
    stateOnly: boolean;
    order: string;
    params: Record<string, unknown>;
  }

  /**
   * Count and page of a full-text search. Live and deleted entries have their own full-text
   * index, so with no filter but the state the count is the index's own count. Few hits are read
   * and sorted. Many hits, with a sort that has an index: the first rows of that index, about
   * twice as many as the hit rate says the page needs, are checked against the full-text index
   * within their range of keys (entries typed together have neighbouring keys, so the range is
   * narrow), without sorting the thousands of hits.
   */
  function searchMatching(
    plan: SearchPlan,
    input: z.output<typeof searchRecordsInput>,
    wide: string,
  ): { total: number; ids: string[] } {
    const { filters, fts, order, params } = plan;
    const total = searchSql(
      plan.stateOnly
        ? `SELECT count(*) FROM ${fts} WHERE ${fts} MATCH @match`
        : // CROSS JOIN: the FTS index drives, each hit looked up by its integer key.
          `SELECT count(*) FROM ${fts} f CROSS JOIN search_rows s ON s.key = f.rowid WHERE ${fts} MATCH @match AND ${filters}`,
    )
      .pluck()
      .get(params) as number;
    if (total === 0) return { total, ids: [] };
    const wanted = input.offset + input.limit;
    const sortAll = () =>
      searchSql(
        `SELECT s.entry_id FROM ${fts} f CROSS JOIN search_rows s ON s.key = f.rowid ${wide}
         WHERE ${fts} MATCH @match AND ${filters} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
        .pluck()
        .all({ ...params, limit: input.limit, offset: input.offset }) as string[];
    if (!INDEXED_SORTS.has(input.sort) || total <= SEARCH_TUNING.sortOutright) return { total, ids: sortAll() };
    const rows = (searchSql('SELECT max(key) FROM search_rows').pluck().get() as number | null) ?? 0;
    const k = Math.max(2 * wanted, Math.ceil((2 * wanted * rows) / total));
    // Worth it while it reads at most twice as many rows of the sort index as there are hits to
    // sort (a row of the index costs a fraction of a hit looked up and sorted).
    if (k > 2 * total) return { total, ids: sortAll() };
    const candidates = searchSql(
      `SELECT s.key, s.entry_id FROM search_rows s WHERE ${filters} ORDER BY ${order} LIMIT @k`,
    )
      .raw()
      .all({ ...params, k }) as [number, string][];
    let lo = Infinity;
    let hi = -Infinity;
    for (const [key] of candidates) {
      lo = Math.min(lo, key);
      hi = Math.max(hi, key);
    }
    const matched = new Set(
      searchSql(
        `SELECT rowid FROM ${fts} WHERE ${fts} MATCH @match AND rowid BETWEEN @lo AND @hi
         AND +rowid IN (SELECT s.key FROM search_rows s WHERE ${filters} ORDER BY ${order} LIMIT @k)`,
      )
        .pluck()
        .all({ ...params, k, lo, hi }) as number[],
    );
    const inOrder = candidates.filter(([key]) => matched.has(key)).map(([, id]) => id);
    // Complete when the page is full, or when the candidates were every row there is.
    if (inOrder.length >= wanted || candidates.length < k) return { total, ids: inOrder.slice(input.offset, wanted) };
    return { total, ids: sortAll() };
  }

  function search(input: z.output<typeof searchRecordsInput>): RecordSearchResult {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const match = input.query ? ftsQuery(input.query) : undefined;
    if (match) params.match = match;
    if (input.bookId) {
      where.push('s.book_id = @bookId');
      params.bookId = input.bookId;
    }
    if (input.pageNo !== undefined) {
      // The live pages of that number (an entry links only pages of its own book).
      where.push(
        's.entry_id IN (SELECT ep.entry_id FROM entry_pages ep WHERE ep.page_id IN (SELECT value FROM json_each(@pageIds)))',
      );
      params.pageIds = JSON.stringify(booksService.livePagesNumbered(input.pageNo, input.bookId));
    }
    if (input.bookType) {
      where.push('s.book_type = @bookType');
      params.bookType = input.bookType;
    }
    if (input.year) {
      where.push('s.year = @year');
      params.year = input.year;
    }
    const otherFilters = where.length;
    switch (input.status) {
      case 'deleted':
        where.push('s.deleted = 1');
        break;
      case 'warnings':
        where.push('s.deleted = 0 AND s.warned = 1');
        break;
      case 'marked':
        where.push('s.deleted = 0 AND s.marked = 1');
        break;
      case 'ok':
        where.push('s.deleted = 0 AND s.warned = 0 AND s.marked = 0');
        break;
      default:
        where.push('s.deleted = 0');
    }
    const filters = where.join(' AND ');
    const direction = input.descending ? 'DESC' : 'ASC';
    const order = `${SORT_COLUMNS[input.sort].map((c) => `${c} ${direction}`).join(', ')}, s.entry_id`;
    // The page sort reads the printed page from `entries`: only then is the wide row joined.
    const wide = input.sort === 'page' ? 'JOIN entries e ON e.id = s.entry_id' : '';
    let total: number;
    let ids: string[];
    if (!match) {
      total = searchSql(`SELECT count(*) FROM search_rows s WHERE ${filters}`).pluck().get(params) as number;
      ids = searchSql(
        `SELECT s.entry_id FROM search_rows s ${wide} WHERE ${filters} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
        .pluck()
        .all({ ...params, limit: input.limit, offset: input.offset }) as string[];
    } else {
      const fts = input.status === 'deleted' ? 'entries_fts_deleted' : 'entries_fts';
      const stateOnly = otherFilters === 0 && (input.status === undefined || input.status === 'deleted');
      ({ total, ids } = searchMatching({ filters, fts, stateOnly, order, params }, input, wide));
    }
    const byId = new Map(
      ids.length === 0
        ? []
        : orm
            .select()
            .from(entries)
            .where(inArray(entries.id, ids))
            .all()
            .map((r) => [r.id, r]),
    );
    const rows = ids.map((id) => byId.get(id)!);
    const labels = booksService.labelsOf(rows.map((r) => r.bookId));
    const pageMap = pagesOf(ids);
    const hits = rows.map((row) => ({
      ...toSummary(row, pageMap.get(row.id) ?? []),
      bookVolume: labels.get(row.bookId)?.volume ?? '',
      office: labels.get(row.bookId)?.office ?? '',
      marked: row.markedCount,
      deleted: row.deletedAt !== null,
      ...(row.deleteReason !== null ? { deleteReason: row.deleteReason } : {}),
      people: peopleOf(row.bookType, dataOf(row)),
    }));
    return { total, hits };
  }

  /** One import line made ready to write: checked by its type's schema and rules, derived columns computed. */
  interface PreparedLine {
    index: number;
    pages: PageRef[];
    pageNos: number[];
    canonical: Record<string, unknown>;
    columns: ReturnType<typeof prepare>['columns'];
    warnings: FieldIssue[];
    names: string[];
    /** What duplicatesOf looks the number up by (from the canonical data, as duplicateGate does). */
    lookup: DuplicateLookup;
  }

  /** An entry with the number key of a line: stored ones from the database, this write's from memory. */
  interface Twin {
    id: string;
    bookId: string;
    so: string;
    names: string[];
    ngayDangKy: string | null;
  }

  type DuplicateLookup = { quyenSo: string } & (
    { kind: 'number'; year: number | null; number: number } | { kind: 'text'; so: string }
  );

  function lookupOf(canonical: Record<string, unknown>): DuplicateLookup {
    const soText = String(canonical.so ?? '');
    const quyenSo = typeof canonical.quyenSo === 'string' ? canonical.quyenSo : '';
    const so = parseSo(soText);
    const registered = typeof canonical.ngayDangKy === 'string' ? parseIsoPartialDate(canonical.ngayDangKy) : undefined;
    return so.number !== undefined
      ? { kind: 'number', quyenSo, year: so.year ?? registered?.year ?? null, number: so.number }
      : { kind: 'text', quyenSo, so: soText.trim() };
  }

  /** The map key of a lookup (quyển compared apart): the entries a number key finds. */
  const lookupKey = (l: DuplicateLookup) => (l.kind === 'number' ? `n|${l.year ?? ''}|${l.number}` : `t|${l.so}`);

  // The numbers of many lines looked up at once (set-based), by the same indexes as duplicatesOf:
  // (type, year, number) for "n/yyyy", (type, so) for the others; quyển compared after. CROSS JOIN
  // keeps the list of keys outside: each key is one index search (the planner would otherwise
  // scan every entry of the type and probe the list).
  const twinColumns = `e.id, e.book_id AS bookId, e.so, e.book_type AS bookType, e.data,
    e.schema_version AS schemaVersion, e.ngay_dang_ky AS ngayDangKy, e.quyen_so AS quyenSo,
    e.so_year AS soYear, e.so_number AS soNumber`;
  const liveInBooks = `e.deleted_at IS NULL AND e.book_id IN (SELECT value FROM json_each(@bookIds))`;
  const twinsByNumbers = ctx.db.sqlite.prepare(`
    SELECT ${twinColumns} FROM json_each(@keys) k
    CROSS JOIN entries e ON e.book_type = @bookType AND e.so_year = k.value ->> 0 AND e.so_number = k.value ->> 1
    WHERE ${liveInBooks}
    ORDER BY e.created_at, e.rowid`);
  const twinsByYearlessNumbers = ctx.db.sqlite.prepare(`
    SELECT ${twinColumns} FROM json_each(@numbers) k
    CROSS JOIN entries e ON e.book_type = @bookType AND e.so_year IS NULL AND e.so_number = k.value
    WHERE ${liveInBooks}
    ORDER BY e.created_at, e.rowid`);
  const twinsByTexts = ctx.db.sqlite.prepare(`
    SELECT ${twinColumns} FROM json_each(@texts) k
    CROSS JOIN entries e ON e.book_type = @bookType AND e.so = k.value
    WHERE ${liveInBooks}
    ORDER BY e.created_at, e.rowid`);

  /**
   * The live entries of the office's books (of the type) that share a number key with any of
   * `lookups`: three queries for the lot, grouped by lookupKey, each group oldest first.
   */
  function storedTwins(
    book: { type: BookTypeCode; office: string },
    lookups: readonly DuplicateLookup[],
  ): Map<string, (Twin & { quyenSo: string })[]> {
    const found = new Map<string, (Twin & { quyenSo: string })[]>();
    if (lookups.length === 0) return found;
    const numbers = new Map<string, [number, number]>();
    const yearless = new Set<number>();
    const texts = new Set<string>();
    for (const l of lookups) {
      if (l.kind === 'text') texts.add(l.so);
      else if (l.year === null) yearless.add(l.number);
      else numbers.set(`${l.year}|${l.number}`, [l.year, l.number]);
    }
    const common = { bookType: book.type, bookIds: JSON.stringify(booksService.bookIdsOf(book.office, book.type)) };
    type Row = {
      id: string;
      bookId: string;
      so: string;
      bookType: string;
      data: string;
      schemaVersion: number;
      ngayDangKy: string | null;
      quyenSo: string | null;
      soYear: number | null;
      soNumber: number | null;
    };
    const rows: { key: string; row: Row }[] = [];
    const seen = new Set<string>();
    const add = (key: string, row: Row) => {
      if (seen.has(`${key}#${row.id}`)) return;
      seen.add(`${key}#${row.id}`);
      rows.push({ key, row });
    };
    for (let i = 0; i < Math.max(numbers.size, yearless.size, texts.size); i += ID_SLICE) {
      const slice = <T>(values: Iterable<T>) => JSON.stringify([...values].slice(i, i + ID_SLICE));
      if (i < numbers.size) {
        for (const row of twinsByNumbers.all({ ...common, keys: slice(numbers.values()) }) as Row[]) {
          add(`n|${row.soYear}|${row.soNumber}`, row);
        }
      }
      if (i < yearless.size) {
        for (const row of twinsByYearlessNumbers.all({ ...common, numbers: slice(yearless) }) as Row[]) {
          add(`n||${row.soNumber}`, row);
        }
      }
      if (i < texts.size) {
        for (const row of twinsByTexts.all({ ...common, texts: slice(texts) }) as Row[]) add(`t|${row.so}`, row);
      }
    }
    for (const { key, row } of rows) {
      const list = found.get(key) ?? [];
      list.push({
        id: row.id,
        bookId: row.bookId,
        so: row.so,
        names: namesOf(row.bookType, dataOf(row), ''),
        ngayDangKy: row.ngayDangKy,
        quyenSo: row.quyenSo ?? '',
      });
      found.set(key, list);
    }
    return found;
  }

  /** The duplicate rule of duplicateGate, on twins already found. */
  function gateOn(twins: readonly Twin[], canonical: Record<string, unknown>, warnings: FieldIssue[]): FieldIssue[] {
    if (twins.length === 0) return warnings;
    const described = twins.map((t) => `số ${t.so} (${t.names[0] ?? 'không tên'})`).join(', ');
    if (!canonical.trungSoLyDo) {
      throw new AppError('VALIDATION', 'Số này đã có trong sổ', {
        issues: [
          {
            path: 'so',
            message: `Trùng với trường hợp đã nhập: ${described}. Nếu sổ gốc thật sự trùng số, ghi lý do trùng số.`,
          },
        ],
        duplicates: twins.map((t) => ({
          id: t.id,
          bookId: t.bookId,
          so: t.so,
          names: t.names,
          ...(t.ngayDangKy ? { ngayDangKy: t.ngayDangKy } : {}),
        })),
      });
    }
    return [...warnings, { path: 'so', message: `Trùng số với ${described} (đã ghi lý do)` }];
  }

  /**
   * The checks of one import line that need no other line: its type's schema and rules, and its
   * pages (live pages of the book, from `livePages`, each once).
   */
  function prepareLine(
    book: { type: BookTypeCode; office: string; openedOn?: string },
    item: { data: unknown; pages: PageRef[] },
    index: number,
    livePages: ReadonlyMap<string, number>,
  ): PreparedLine {
    const { canonical, columns, warnings } = prepare(book, item.data);
    if (new Set(item.pages.map((r) => r.pageId)).size !== item.pages.length) {
      throw new AppError('VALIDATION', 'Một trang được gắn hai lần vào trường hợp');
    }
    const pageNos = item.pages.map(({ pageId }) => {
      const pageNo = livePages.get(pageId);
      if (pageNo === undefined) throw new AppError('VALIDATION', 'Trang được chọn không thuộc sổ này');
      return pageNo;
    });
    return {
      index,
      pages: item.pages,
      pageNos,
      canonical,
      columns,
      warnings,
      names: namesOf(book.type, canonical, columns.primaryName),
      lookup: lookupOf(canonical),
    };
  }

  /** The live pages of the book among those the lines name (one query per slice), by id. */
  function livePagesOf(bookId: string, items: readonly { pages: PageRef[] }[]): Map<string, number> {
    const ids = [...new Set(items.flatMap((item) => item.pages.map((p) => p.pageId)))];
    const live = new Map<string, number>();
    for (const [id, page] of booksService.pagesByIds(ids)) {
      if (page.bookId === bookId && page.removedAt === null) live.set(id, page.pageNo);
    }
    return live;
  }

  /**
   * Checks every line of an all-or-nothing import (or a dry run): each line's schema, rules and
   * pages, a number already used in the database (looked up for all lines at once), and a number
   * used twice in the file. The first error of a line is its rejection.
   */
  function checkLines(
    bookId: string,
    items: readonly { data: unknown; pages: PageRef[] }[],
  ): { prepared: PreparedLine[]; rejected: ImportResult['rejected'] } {
    const book = booksService.essentials(bookId);
    const livePages = livePagesOf(bookId, items);
    const rejected: ImportResult['rejected'] = [];
    const lines: (PreparedLine | AppError)[] = items.map((item, index) => {
      try {
        return prepareLine(book, item, index, livePages);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return error;
      }
    });
    const prepared = lines.filter((l): l is PreparedLine => !(l instanceof AppError));
    const stored = storedTwins(
      book,
      prepared.map((p) => p.lookup),
    );
    const seen = new Set<string>();
    const ok: PreparedLine[] = [];
    lines.forEach((line, index) => {
      try {
        if (line instanceof AppError) throw line;
        const twins = (stored.get(lookupKey(line.lookup)) ?? []).filter((t) => t.quyenSo === line.lookup.quyenSo);
        gateOn(twins, line.canonical, line.warnings);
        const { columns, canonical } = line;
        const key = duplicateKey(
          { office: book.office, bookType: book.type, quyenSo: columns.quyenSo ?? undefined, so: columns.so },
          columns.registrationYear ?? undefined,
        );
        if (seen.has(key) && !canonical.trungSoLyDo) {
          throw new AppError('VALIDATION', 'Số này đã có trong sổ', {
            issues: [
              {
                path: 'so',
                message: `Trùng số ${columns.so} với một dòng trước trong tệp. Nếu sổ gốc thật sự trùng số, ghi lý do trùng số.`,
              },
            ],
          });
        }
        seen.add(key);
        ok.push(line);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        rejected.push({ index, message: error.message, issues: error.details?.issues ?? [] });
      }
    });
    return { prepared: ok, rejected };
  }

  /**
   * What an all-or-nothing import can check before taking the write lock: each line's schema,
   * rules and pages, a number already used in the database, and a number used twice in the file.
   * Reads only (no lock); the writes check again inside their transactions.
   */
  function precheckImport(bookId: string, items: { data: unknown; pages: PageRef[] }[]): ImportResult['rejected'] {
    return checkLines(bookId, items).rejected;
  }

  /**
   * Soft-deletes the entries an import wrote before it failed, through the gateway (audited: each
   * is an 'entry.delete' with the reason, so nothing vanishes silently), in short writes too.
   */
  async function cancelImported(
    ids: string[],
    importId: string,
    reason: string,
    pauseForOthers: () => Promise<void>,
  ): Promise<number> {
    let cancelled = 0;
    let from = 0;
    do {
      if (from > 0) await pauseForOthers();
      const slice = ids.slice(from, from + IMPORT_CHUNK);
      const last = from + IMPORT_CHUNK >= ids.length;
      cancelled += gateway.write('entry', (tx) => {
        let n = 0;
        for (const id of slice) {
          const current = getRow(id, true);
          if (current.deletedAt !== null) continue;
          remove({ id, expectedVersion: current.version, reason });
          n++;
        }
        // The run is cancelled with its last entries: a run still running has some left live.
        if (last) runs.cancel(importId, tx.at);
        return n;
      });
      from += IMPORT_CHUNK;
    } while (from < ids.length);
    return cancelled;
  }

  /**
   * Cancels the imports whose process was killed half-way (see import-runs.ts): their entries
   * still live are soft-deleted through the gateway with KILLED_IMPORT_REASON (audited, as any
   * delete), and the run is marked cancelled. Called when a backend opens; returns the runs.
   */
  async function recoverKilledImports(
    options: { pauseMs?: number } = {},
  ): Promise<{ importId: string; cancelled: number }[]> {
    const pauseMs = options.pauseMs ?? IMPORT_PAUSE_MS;
    const pauseForOthers = () => new Promise<void>((resolve) => setTimeout(resolve, pauseMs));
    const recovered: { importId: string; cancelled: number }[] = [];
    for (const run of runs.killed()) {
      if (!runs.isRunning(run.id)) continue; // another process recovered it meanwhile
      const ids = runs.entriesOf(run.id);
      const cancelled = await cancelImported(ids, run.id, KILLED_IMPORT_REASON(run.id), pauseForOthers);
      recovered.push({ importId: run.id, cancelled });
    }
    return recovered;
  }

  // The book's page habit (usualOffsetOf) at the start of a write, with each entry's number so
  // that the entries this write adds can join it in memory, in the same order.
  const selectRecentOffsets = ctx.db.sqlite.prepare(`
    SELECT e.so_year AS year, e.so_number AS number,
      (SELECT min(${pageNoSql('ep.page_id')}) FROM entry_pages ep WHERE ep.entry_id = e.id) - e.trang_so AS d
    FROM entries e
    WHERE e.book_id = @bookId AND e.deleted_at IS NULL
    ORDER BY e.so_year DESC, e.so_number DESC LIMIT 200`);
  type Recent = { year: number | null; number: number | null; d: number | null };
  // The bulk load's inserts, as raw statements: the same rows as insertEntry / insertEntryPage,
  // without the query builder's per-call mapping of placeholders.
  const bulkInsertEntry = ctx.db.sqlite.prepare(`
    INSERT INTO entries (id, book_id, book_type, version, content_hash, data, so, so_number, so_year, quyen_so,
      trang_so, ngay_dang_ky, registration_year, primary_name, search_text, warnings, marked_count, schema_version,
      created_at, created_by, updated_at, updated_by)
    VALUES (@id, @bookId, @bookType, 1, @contentHash, @data, @so, @soNumber, @soYear, @quyenSo,
      @trangSo, @ngayDangKy, @registrationYear, @primaryName, @searchText, @warnings, @markedCount, @schemaVersion,
      @at, @actor, @at, @actor)`);
  const bulkInsertEntryPage = ctx.db.sqlite.prepare(`
    INSERT INTO entry_pages (entry_id, page_id, position, rect_x, rect_y, rect_w, rect_h)
    VALUES (@entryId, @pageId, @position, @x, @y, @w, @h)`);
  /** ORDER BY so_year DESC, so_number DESC (NULLs last, as SQLite sorts them). */
  const newerFirst = (a: Recent, b: Recent) => {
    const desc = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : y - x);
    return desc(a.year, b.year) || desc(a.number, b.number);
  };

  /**
   * Writes one chunk of prepared lines in the current write transaction, as create() would write
   * each (the same rows, checks and audit events), but set-based: the numbers of the whole chunk
   * are looked up at once and the chunk's own entries are checked in memory, the page habit is
   * read once and kept up to date in memory, and the details returned are made from what was
   * inserted instead of read back.
   */
  function writeChunk(
    tx: WriteTx,
    bookId: string,
    book: { type: BookTypeCode; office: string },
    lines: readonly PreparedLine[],
    onRejected: (line: PreparedLine, error: AppError) => void,
  ): RecordDetail[] {
    // Re-checked inside the write: a page removed or a twin saved since the check is seen.
    const livePages = livePagesOf(bookId, lines);
    const stored = storedTwins(
      book,
      lines.map((l) => l.lookup),
    );
    const written = new Map<string, (Twin & { quyenSo: string })[]>();
    const recent = selectRecentOffsets.all({ bookId }) as Recent[];
    const schemaVersion = currentSchemaVersion(book.type);
    const details: RecordDetail[] = [];
    discardDraft(bookId, '');
    for (const line of lines) {
      const { canonical, columns } = line;
      let warnings: FieldIssue[];
      try {
        if (line.pages.some((p) => !livePages.has(p.pageId))) {
          throw new AppError('VALIDATION', 'Trang được chọn không thuộc sổ này');
        }
        const key = lookupKey(line.lookup);
        const twins = [...(stored.get(key) ?? []), ...(written.get(key) ?? [])].filter(
          (t) => t.quyenSo === line.lookup.quyenSo,
        );
        warnings = gateOn(twins, canonical, line.warnings);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        onRejected(line, error);
        continue;
      }
      const pageNos = line.pages.map((p) => livePages.get(p.pageId)!);
      const issue = pageLinkWarning(
        columns.trangSo,
        pageNos,
        usualPageOffset(recent.flatMap((r) => (r.d === null ? [] : [r.d]))),
      );
      if (issue) warnings = [...warnings, issue];
      const id = uuidv7();
      const stamped = { ...columns, warnings: JSON.stringify(warnings) };
      bulkInsertEntry.run({ id, bookId, bookType: book.type, ...stamped, schemaVersion, at: tx.at, actor: tx.actor });
      line.pages.forEach((ref, position) =>
        bulkInsertEntryPage.run({
          entryId: id,
          pageId: ref.pageId,
          position,
          x: ref.rect?.x ?? null,
          y: ref.rect?.y ?? null,
          w: ref.rect?.w ?? null,
          h: ref.rect?.h ?? null,
        }),
      );
      tx.audit({
        action: 'entry.create',
        entityType: 'entry',
        entityId: id,
        version: 1,
        after: { ...canonical, pages: line.pages },
        contentHash: columns.contentHash,
      });
      // What the following lines of this write see of this one: a twin, and a page habit.
      for (const k of new Set([
        columns.soNumber !== null ? `n|${columns.soYear ?? ''}|${columns.soNumber}` : '',
        `t|${columns.so}`,
      ])) {
        if (!k) continue;
        const list = written.get(k) ?? [];
        list.push({
          id,
          bookId,
          so: columns.so,
          names: line.names,
          ngayDangKy: columns.ngayDangKy,
          quyenSo: columns.quyenSo ?? '',
        });
        written.set(k, list);
      }
      const entry: Recent = {
        year: columns.soYear,
        number: columns.soNumber,
        d: pageNos.length === 0 ? null : Math.min(...pageNos) - columns.trangSo,
      };
      let at = recent.findIndex((r) => newerFirst(entry, r) < 0);
      if (at === -1) at = recent.length;
      recent.splice(at, 0, entry);
      if (recent.length > 200) recent.length = 200;
      details.push({
        id,
        bookId,
        bookType: book.type,
        version: 1,
        so: columns.so,
        quyenSo: columns.quyenSo ?? undefined,
        trangSo: columns.trangSo,
        ngayDangKy: columns.ngayDangKy ?? undefined,
        names: line.names,
        pages: line.pages.map((ref, i) => ({
          pageId: ref.pageId,
          pageNo: pageNos[i]!,
          ...(ref.rect ? { rect: { x: ref.rect.x, y: ref.rect.y, w: ref.rect.w, h: ref.rect.h } } : {}),
        })),
        warnings,
        updatedAt: tx.at,
        data: JSON.parse(columns.data) as Record<string, unknown>,
        contentHash: columns.contentHash,
        createdAt: tx.at,
        createdBy: tx.actor,
        updatedBy: tx.actor,
      });
    }
    return details;
  }

  /**
   * A bulk load (`sohoa record import`). All or nothing (the default): every line is checked
   * before the write lock is taken, and a hard error anywhere writes nothing; then the entries are
   * written in short IMMEDIATE transactions of IMPORT_CHUNK, with a pause between them so that
   * another process (the app beside it) can write meanwhile. Should a later write fail (a twin
   * saved by another process in between), the earlier writes are undone by soft-deleting their
   * entries (reason "Nhập lô bị hủy (lô …)"): nothing stays live, nothing vanishes from the log.
   * With `skipInvalid`, the valid lines are imported and the others reported.
   * Each line is checked by its type's schema and rules once; each write checks the numbers of
   * its whole chunk at once (writeChunk).
   */
  async function importMany(
    bookId: string,
    items: { data: unknown; pages: PageRef[] }[],
    options: ImportOptions,
  ): Promise<ImportResult> {
    booksService.typeOf(bookId);
    const importId = uuidv7();
    const pauseMs = options.pauseMs ?? IMPORT_PAUSE_MS;
    const pauseForOthers = () => new Promise<void>((resolve) => setTimeout(resolve, pauseMs));
    const imported: RecordDetail[] = [];
    const rejected: ImportResult['rejected'] = [];
    const book = booksService.essentials(bookId);
    // Each line's own checks, once: all of them before any write unless skipInvalid (then a
    // line failing them is reported and the others go on).
    const lines: PreparedLine[] = [];
    if (!options.skipInvalid) {
      const checked = checkLines(bookId, items);
      if (checked.rejected.length > 0) return { imported: [], rejected: checked.rejected, cancelled: 0, importId };
      lines.push(...checked.prepared);
    } else {
      const livePages = livePagesOf(bookId, items);
      items.forEach((item, index) => {
        try {
          lines.push(prepareLine(book, item, index, livePages));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          rejected.push({ index, message: error.message, issues: error.details?.issues ?? [] });
        }
      });
    }
    class RollBack extends Error {}
    const byIndex = () => rejected.sort((a, b) => a.index - b.index);
    if (items.length === 0) return { imported, rejected, cancelled: 0, importId };
    // Recorded before the first chunk: should this process be killed half-way, the next backend
    // to open finds the run unfinished and cancels what it wrote (recoverKilledImports).
    gateway.write('entry', (tx) => runs.begin(importId, bookId, tx.at));
    let next = 0; // the first prepared line of the chunk (lines are in file order)
    for (let from = 0; from < items.length; from += IMPORT_CHUNK) {
      if (from > 0) await pauseForOthers();
      const first = next;
      while (next < lines.length && lines[next]!.index < from + IMPORT_CHUNK) next++;
      const chunkLines = lines.slice(first, next);
      try {
        const written = gateway.write('entry', (tx) => {
          const chunk = writeChunk(tx, bookId, book, chunkLines, (line, error) => {
            rejected.push({ index: line.index, message: error.message, issues: error.details?.issues ?? [] });
            if (!options.skipInvalid) throw new RollBack();
          });
          runs.wrote(
            importId,
            chunk.map((r) => r.id),
          );
          if (from + IMPORT_CHUNK >= items.length) runs.finish(importId, tx.at);
          return chunk;
        });
        imported.push(...written);
      } catch (error) {
        if (options.skipInvalid) {
          // What was written stays (the valid lines are kept); the run is over, not killed. Should
          // even that write fail, the run stays unfinished and the next open cancels it.
          try {
            gateway.write('entry', (tx) => runs.finish(importId, tx.at));
          } catch {
            // the error that stopped the import is the one to report
          }
          throw error;
        }
        // All or nothing: what earlier writes saved goes too.
        const cancelled = await cancelImported(
          imported.map((r) => r.id),
          importId,
          `${CANCELLED_IMPORT_REASON} (lô ${importId})`,
          pauseForOthers,
        );
        if (error instanceof RollBack) return { imported: [], rejected: byIndex(), cancelled, importId };
        throw error;
      }
      await options.onChunk?.(Math.min(from + IMPORT_CHUNK, items.length), items.length);
    }
    return { imported, rejected: byIndex(), cancelled: 0, importId };
  }

  // What the books capability needs to know of entries (counts on its list, files in use).
  const liveCount = ctx.db.sqlite.prepare<[string], number>(
    'SELECT count(*) FROM entries WHERE book_id = ? AND deleted_at IS NULL',
  );
  const linkedPages = ctx.db.sqlite.prepare<[string], string>(
    `SELECT DISTINCT ep.page_id FROM entry_pages ep JOIN entries e ON e.id = ep.entry_id
     WHERE e.book_id = ? AND e.deleted_at IS NULL`,
  );
  const onPages = ctx.db.sqlite.prepare<[string], number>(
    `SELECT count(DISTINCT e.id) FROM entries e JOIN entry_pages ep ON ep.entry_id = e.id
     WHERE ep.page_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL`,
  );
  draftsService.attachOwners({
    bookExists: (bookId) => booksService.exists(bookId),
    isPageOfBook: (pageId, bookId) => booksService.isPageOfBook(pageId, bookId),
    isEntryOfBook: (entryId, bookId) => isEntryOfBook(entryId, bookId),
  });
  booksService.attachEntries({
    stats: (bookId) => ({
      entryCount: liveCount.pluck().get(bookId) ?? 0,
      linkedPageIds: new Set(linkedPages.pluck().all(bookId)),
    }),
    liveEntriesOnPages: (pageIds) => (pageIds.length === 0 ? 0 : (onPages.pluck().get(JSON.stringify(pageIds)) ?? 0)),
  });

  /** The latest change to the book's entries (a deletion too), null when it has none. */
  function latestChange(bookId: string): string | null {
    const row = ctx.db.sqlite
      .prepare('SELECT max(updated_at) AS updated, max(deleted_at) AS deleted FROM entries WHERE book_id = ?')
      .get(bookId) as { updated: string | null; deleted: string | null };
    if (row.updated === null) return row.deleted;
    return row.deleted !== null && row.deleted > row.updated ? row.deleted : row.updated;
  }

  /** Numbering keys of the live entries of these books (duplicates across an office's books). */
  function liveEntriesOfBooks(
    bookIds: readonly string[],
  ): { id: string; bookId: string; so: string; quyenSo: string | null; ngayDangKy: string | null }[] {
    if (bookIds.length === 0) return [];
    return ctx.db.sqlite
      .prepare(
        `SELECT id, book_id AS bookId, so, quyen_so AS quyenSo, ngay_dang_ky AS ngayDangKy FROM entries
         WHERE deleted_at IS NULL AND book_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(bookIds)) as {
      id: string;
      bookId: string;
      so: string;
      quyenSo: string | null;
      ngayDangKy: string | null;
    }[];
  }

  /** Whether the entry (deleted or not) belongs to the book. */
  function isEntryOfBook(entryId: string, bookId: string): boolean {
    return (
      ctx.db.sqlite.prepare('SELECT 1 FROM entries WHERE id = ? AND book_id = ?').get(entryId, bookId) !== undefined
    );
  }

  return {
    list,
    get,
    create,
    update,
    remove,
    restore,
    takeSyncVersion,
    history,
    search,
    duplicatesOf,
    importMany,
    precheckImport,
    recoverKilledImports,
    loadStored: entryDataLoader(ctx),
    latestChange,
    liveEntriesOfBooks,
    isEntryOfBook,
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
