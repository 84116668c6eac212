/**
 * Drafts: the entry being typed, saved every moment so that a crash or a power cut loses at most
 * the last second of typing. Not validated (half-typed entries are the point), never audited;
 * the entry itself is validated and audited when it is saved.
 */
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/api/errors';
import type { Draft } from '../../../shared/records/record';
import type { BackendContext } from '../context';
import type { WriteGateway } from '../db/write-gateway';
import { drafts } from '../db/schema';

const MAX_DRAFT_BYTES = 256 * 1024;

/** Whose ids a draft names, asked of their owners (books, records) through their services. */
export interface DraftOwners {
  bookExists(bookId: string): boolean;
  isPageOfBook(pageId: string, bookId: string): boolean;
  isEntryOfBook(entryId: string, bookId: string): boolean;
}

export function createDraftsService(ctx: BackendContext, gateway: WriteGateway) {
  const { orm } = ctx.db;
  const key = (bookId: string, entryId?: string) =>
    and(eq(drafts.actor, ctx.actor), eq(drafts.bookId, bookId), eq(drafts.entryId, entryId ?? ''));

  let owners: DraftOwners | undefined;
  function ownersOf(): DraftOwners {
    if (!owners) throw new Error('drafts service used before the records service attached the owners of its ids');
    return owners;
  }

  /** A draft belongs to one book: its entry and pages must be of that book. */
  function checkOwnership(draft: Omit<Draft, 'updatedAt'>): void {
    const { bookExists, isPageOfBook, isEntryOfBook } = ownersOf();
    if (!bookExists(draft.bookId)) throw new AppError('VALIDATION', 'Không tìm thấy sổ này');
    const issues: { path: string; message: string }[] = [];
    if (draft.entryId !== undefined && !isEntryOfBook(draft.entryId, draft.bookId)) {
      issues.push({ path: 'entryId', message: 'Trường hợp này không thuộc sổ đang mở' });
    }
    draft.pages.forEach((page, index) => {
      if (!isPageOfBook(page.pageId, draft.bookId)) {
        issues.push({ path: `pages.${index}.pageId`, message: 'Trang này không thuộc sổ đang mở' });
      }
    });
    if (issues.length > 0)
      throw new AppError('VALIDATION', 'Bản nháp trỏ tới trang hoặc trường hợp của sổ khác', { issues });
  }

  function save(draft: Omit<Draft, 'updatedAt'>): { updatedAt: string } {
    checkOwnership(draft);
    const data = JSON.stringify(draft.data);
    if (data.length > MAX_DRAFT_BYTES) throw new AppError('VALIDATION', 'Bản nháp quá lớn');
    return gateway.write('draft', (tx) => {
      const values = { data, pages: JSON.stringify(draft.pages), updatedAt: tx.at };
      tx.orm
        .insert(drafts)
        .values({ actor: tx.actor, bookId: draft.bookId, entryId: draft.entryId ?? '', ...values })
        .onConflictDoUpdate({ target: [drafts.actor, drafts.bookId, drafts.entryId], set: values })
        .run();
      return { updatedAt: tx.at };
    });
  }

  function get(bookId: string, entryId?: string): Draft | null {
    const row = orm.select().from(drafts).where(key(bookId, entryId)).get();
    if (!row) return null;
    return {
      bookId,
      ...(entryId ? { entryId } : {}),
      data: JSON.parse(row.data) as Record<string, unknown>,
      pages: JSON.parse(row.pages) as Draft['pages'],
      updatedAt: row.updatedAt,
    };
  }

  function discard(bookId: string, entryId?: string): void {
    gateway.write('draft', (tx) => {
      tx.orm.delete(drafts).where(key(bookId, entryId)).run();
    });
  }

  return {
    /** The books and records capabilities answer whose ids a draft names (see DraftOwners). */
    attachOwners(port: DraftOwners): void {
      owners = port;
    },
    save,
    get,
    discard,
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
