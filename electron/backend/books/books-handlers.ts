import type { HandlerTable } from '../api/handler-table';
import type { JobControl, Jobs } from '../jobs/jobs';
import type { Staging, StagedFile } from '../staging/staging';
import type { BooksService } from './books-service';

type BookMethods =
  | 'books.list'
  | 'books.get'
  | 'books.update'
  | 'books.create'
  | 'books.addFiles'
  | 'books.removeFile'
  | 'books.reorderFiles'
  | 'pages.setRotation';

export function booksHandlers(books: BooksService, staging: Staging, jobs: Jobs): HandlerTable<BookMethods> {
  /**
   * Resolves staged files now (an unknown id fails the call itself, not the job) and returns the
   * job's work, which releases them whatever the outcome.
   */
  function withStaged<T>(
    files: { stagedId: string }[],
    work: (sources: StagedFile[], control: JobControl) => Promise<T>,
  ) {
    const sources = files.map(({ stagedId }) => staging.resolve(stagedId));
    return async (control: JobControl) => {
      try {
        return await work(sources, control);
      } finally {
        await Promise.all(files.map(({ stagedId }) => staging.release(stagedId)));
      }
    };
  }

  return {
    'books.list': () => books.list(),
    'books.get': ({ id }) => books.get(id),
    'books.update': (input) => books.update(input),
    'books.create': ({ files, ...metadata }) =>
      jobs.start(
        'books.import',
        withStaged(files, (sources, control) => books.importBook(metadata, sources, control)),
      ),
    'books.addFiles': ({ bookId, files }) => {
      books.typeOf(bookId); // an unknown book fails the call, not the job
      return jobs.start(
        'books.import',
        withStaged(files, (sources, control) => books.addFiles(bookId, sources, control)),
      );
    },
    'books.removeFile': ({ bookId, scanFileId }) => books.removeFile(bookId, scanFileId),
    'books.reorderFiles': ({ bookId, scanFileIds }) => books.reorderFiles(bookId, scanFileIds),
    'pages.setRotation': ({ pageId, rotation }) => books.setRotation(pageId, rotation),
  };
}
