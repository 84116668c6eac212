/**
 * Entries: every write is validated by the book type's shared schema, stored in canonical form
 * with a content hash, versioned, and recorded in the append-only audit log.
 */
import canonicalize from 'canonicalize';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError, issuesFromZod, type FieldIssue } from '../../../shared/api/errors';
import type { BookTypeCode } from '../../../shared/catalogs/book-types';
import { parseIsoPartialDate } from '../../../shared/dates/partial-date';
import { changedFields } from '../../../shared/records/diff';
import type { PageRef, RecordDetail, RecordPage, RecordSummary } from '../../../shared/records/record';
import { canonicalRecordData, recordTypeFor } from '../../../shared/records/registry';
import { parseSo } from '../../../shared/records/rules';
import { foldForSearch } from '../../../shared/text/normalize';
import { appendAudit } from '../audit/audit';
import type { BooksService } from '../books/books-service';
import type { BackendContext } from '../context';
import { entries, entryPages, pages } from '../db/schema';

type EntryRow = typeof entries.$inferSelect;

export function contentHash(canonicalData: unknown): string {
  return createHash('sha256')
    .update(canonicalize(canonicalData) ?? '')
    .digest('hex');
}

export function createRecordsService(ctx: BackendContext, booksService: BooksService) {
  const { orm } = ctx.db;

  /** Validates data against the book type's schema; returns canonical data and derived columns. */
  function prepare(bookType: BookTypeCode, data: unknown) {
    const recordType = recordTypeFor(bookType);
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
    const warnings: FieldIssue[] = issuesFromZod(recordType.warnings(parsed.data));
    const indexed = recordType.indexed(parsed.data);
    const so = parseSo(indexed.so);
    const registered = indexed.ngayDangKy ? parseIsoPartialDate(indexed.ngayDangKy) : undefined;
    const columns = {
      data: JSON.stringify(canonical),
      contentHash: contentHash(canonical),
      so: indexed.so,
      soNumber: so.number ?? null,
      soYear: so.year ?? registered?.year ?? null,
      quyenSo: indexed.quyenSo || null,
      trangSo: indexed.trangSo,
      ngayDangKy: indexed.ngayDangKy ?? null,
      registrationYear: registered?.year ?? null,
      primaryName: indexed.names[0] ?? '',
      searchText: foldForSearch([indexed.so, ...indexed.names].join(' ')),
      warnings: JSON.stringify(warnings),
    };
    return { canonical, columns };
  }

  function checkPages(bookId: string, refs: PageRef[]): void {
    const ids = [...new Set(refs.map((r) => r.pageId))];
    if (ids.length !== refs.length) throw new AppError('VALIDATION', 'Một trang được gắn hai lần vào trường hợp');
    const found = orm
      .select({ id: pages.id })
      .from(pages)
      .where(and(eq(pages.bookId, bookId), inArray(pages.id, ids)))
      .all();
    if (found.length !== ids.length) throw new AppError('VALIDATION', 'Trang được chọn không thuộc sổ này');
  }

  function writePages(tx: Pick<typeof orm, 'insert' | 'delete'>, entryId: string, refs: PageRef[]): void {
    tx.delete(entryPages).where(eq(entryPages.entryId, entryId)).run();
    refs.forEach((ref, position) =>
      tx
        .insert(entryPages)
        .values({
          entryId,
          pageId: ref.pageId,
          position,
          rectX: ref.rect?.x ?? null,
          rectY: ref.rect?.y ?? null,
          rectW: ref.rect?.w ?? null,
          rectH: ref.rect?.h ?? null,
        })
        .run(),
    );
  }

  function pagesOf(entryIds: string[]): Map<string, RecordPage[]> {
    const byEntry = new Map<string, RecordPage[]>();
    if (entryIds.length === 0) return byEntry;
    const rows = orm
      .select({
        entryId: entryPages.entryId,
        pageId: entryPages.pageId,
        pageNo: pages.pageNo,
        x: entryPages.rectX,
        y: entryPages.rectY,
        w: entryPages.rectW,
        h: entryPages.rectH,
      })
      .from(entryPages)
      .innerJoin(pages, eq(pages.id, entryPages.pageId))
      .where(inArray(entryPages.entryId, entryIds))
      .orderBy(asc(entryPages.entryId), asc(entryPages.position))
      .all();
    for (const r of rows) {
      const list = byEntry.get(r.entryId) ?? [];
      const rect =
        r.x !== null && r.y !== null && r.w !== null && r.h !== null ? { x: r.x, y: r.y, w: r.w, h: r.h } : undefined;
      list.push({ pageId: r.pageId, pageNo: r.pageNo, ...(rect ? { rect } : {}) });
      byEntry.set(r.entryId, list);
    }
    return byEntry;
  }

  function toSummary(row: EntryRow, pageList: RecordPage[]): RecordSummary {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const recordType = recordTypeFor(row.bookType);
    return {
      id: row.id,
      bookId: row.bookId,
      bookType: row.bookType as BookTypeCode,
      version: row.version,
      so: row.so,
      quyenSo: row.quyenSo ?? undefined,
      trangSo: row.trangSo,
      ngayDangKy: row.ngayDangKy ?? undefined,
      names: recordType ? recordType.indexed(data as never).names : [row.primaryName],
      pages: pageList,
      warnings: JSON.parse(row.warnings) as FieldIssue[],
      updatedAt: row.updatedAt,
    };
  }

  function getRow(id: string): EntryRow {
    const row = orm.select().from(entries).where(eq(entries.id, id)).get();
    if (!row || row.deletedAt) throw new AppError('NOT_FOUND', 'Không tìm thấy trường hợp này');
    return row;
  }

  function get(id: string): RecordDetail {
    const row = getRow(id);
    return {
      ...toSummary(row, pagesOf([id]).get(id) ?? []),
      data: JSON.parse(row.data) as Record<string, unknown>,
      contentHash: row.contentHash,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      updatedBy: row.updatedBy,
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
    const bookType = booksService.typeOf(input.bookId);
    const { canonical, columns } = prepare(bookType, input.data);
    checkPages(input.bookId, input.pages);
    const id = uuidv7();
    const at = ctx.now();
    orm.transaction((tx) => {
      tx.insert(entries)
        .values({
          id,
          bookId: input.bookId,
          bookType,
          version: 1,
          ...columns,
          createdAt: at,
          createdBy: ctx.actor,
          updatedAt: at,
          updatedBy: ctx.actor,
        })
        .run();
      writePages(tx, id, input.pages);
      appendAudit(tx, {
        at,
        actor: ctx.actor,
        action: 'entry.create',
        entityType: 'entry',
        entityId: id,
        version: 1,
        after: { ...canonical, pages: input.pages },
      });
    });
    return get(id);
  }

  function update(input: { id: string; expectedVersion: number; data: unknown; pages?: PageRef[] }): RecordDetail {
    const current = getRow(input.id);
    if (current.version !== input.expectedVersion) {
      throw new AppError(
        'CONFLICT',
        'Trường hợp này vừa được thay đổi ở nơi khác; hãy mở lại để xem bản mới nhất trước khi sửa',
        { currentVersion: current.version },
      );
    }
    const { canonical, columns } = prepare(current.bookType as BookTypeCode, input.data);
    if (input.pages) checkPages(current.bookId, input.pages);
    const oldPages = pagesOf([input.id]).get(input.id) ?? [];
    const newPages = input.pages ?? oldPages.map(({ pageId, rect }) => ({ pageId, ...(rect ? { rect } : {}) }));
    const changes = changedFields(
      { ...(JSON.parse(current.data) as object), pages: oldPages.map(({ pageId, rect }) => ({ pageId, rect })) },
      { ...canonical, pages: newPages },
    );
    if (Object.keys(changes.after).length === 0) return get(input.id);
    const version = current.version + 1;
    const at = ctx.now();
    orm.transaction((tx) => {
      const updated = tx
        .update(entries)
        .set({ ...columns, version, updatedAt: at, updatedBy: ctx.actor })
        .where(and(eq(entries.id, input.id), eq(entries.version, current.version)))
        .run();
      if (updated.changes !== 1) throw new AppError('CONFLICT', 'Trường hợp này vừa được thay đổi ở nơi khác');
      writePages(tx, input.id, newPages);
      appendAudit(tx, {
        at,
        actor: ctx.actor,
        action: 'entry.update',
        entityType: 'entry',
        entityId: input.id,
        version,
        before: changes.before,
        after: changes.after,
      });
    });
    return get(input.id);
  }

  return { list, get, create, update };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
