import type { HandlerTable } from '../api/handler-table';
import type { BooksService } from '../books/books-service';
import type { DraftsService } from '../drafts/drafts-service';
import type { RecordsService } from './records-service';

/** The review capability's side of an edit that answers correction requests (one write with the update). */
export interface CorrectionAnswering {
  updateAnswering(
    input: Parameters<RecordsService['update']>[0] & { correctionRequestIds: readonly string[] },
  ): ReturnType<RecordsService['update']>;
}

type RecordMethods =
  | 'records.list'
  | 'records.get'
  | 'records.create'
  | 'records.update'
  | 'records.delete'
  | 'records.restore'
  | 'records.history'
  | 'records.search'
  | 'records.duplicates'
  | 'drafts.save'
  | 'drafts.get'
  | 'drafts.discard';

export function recordsHandlers(
  records: RecordsService,
  drafts: DraftsService,
  books: BooksService,
  corrections?: CorrectionAnswering,
): HandlerTable<RecordMethods> {
  return {
    'records.list': (input) => records.list(input),
    'records.get': ({ id, includeDeleted }) => records.get(id, { includeDeleted }),
    'records.create': (input) => records.create(input),
    'records.update': ({ correctionRequestIds, ...input }) => {
      if (!correctionRequestIds?.length) return records.update(input);
      if (!corrections) throw new Error('records.update with correctionRequestIds needs the review capability');
      return corrections.updateAnswering({ ...input, correctionRequestIds });
    },
    'records.delete': (input) => {
      records.remove(input);
      return { deleted: true };
    },
    'records.restore': (input) => records.restore(input),
    'records.history': ({ id }) => records.history(id),
    'records.search': (input) => records.search(input),
    'records.duplicates': ({ bookId, excludeId, ...fields }) =>
      records.duplicatesOf(books.essentials(bookId), fields, excludeId),
    'drafts.save': (draft) => drafts.save(draft),
    'drafts.get': ({ bookId, entryId }) => drafts.get(bookId, entryId),
    'drafts.discard': ({ bookId, entryId }) => {
      drafts.discard(bookId, entryId);
      return { discarded: true };
    },
  };
}
