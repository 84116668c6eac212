import type { BooksService } from './books-service';
import type { Staging } from '../staging/staging';
import type { HandlerTable } from '../api/handler-table';

export function booksHandlers(
  books: BooksService,
  staging: Staging,
): HandlerTable<'books.list' | 'books.get' | 'books.create'> {
  return {
    'books.list': () => books.list(),
    'books.get': ({ id }) => books.get(id),
    'books.create': async ({ files, ...metadata }) => {
      const sources = files.map(({ stagedId }) => staging.resolve(stagedId));
      try {
        return await books.importBook(metadata, sources);
      } finally {
        await Promise.all(files.map(({ stagedId }) => staging.release(stagedId)));
      }
    },
  };
}
