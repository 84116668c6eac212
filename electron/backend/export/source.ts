/**
 * What an export reads, as a plain data source: the book with its pages, its entries in export
 * order with their data at the exported versions, the scan files' bytes by SHA-256. The export
 * (book-exporter.ts) writes the same files from any source: the desktop's own SQLite database
 * (`desktopExportSource`, below) or the district hub's tables at the versions a lot froze
 * (hub/export.ts).
 */
import { AppError } from '../../../shared/api/errors';
import type { BookDetail } from '../../../shared/books/book';
import type { RecordSummary } from '../../../shared/records/record';
import type { BooksService } from '../books/books-service';
import type { RecordsService } from '../records/records-service';
import type { StoredEntry } from '../records/entry-data';

/** Scan file bytes by SHA-256 (the desktop's FileStore, the hub's BlobStore). */
export interface ScanReader {
  read(sha256: string): Promise<Buffer>;
}

/** Numbering keys of an entry of another book of the same office and type (duplicates across books). */
export interface OtherBookEntry {
  id: string;
  so: string;
  quyenSo: string | null;
  ngayDangKy: string | null;
  volume: string;
}

export interface ExportSource {
  /** The book with its live scan files and pages (by page number); NOT_FOUND when unknown. */
  book(bookId: string): BookDetail;
  /** The book's live entries to export, in export order (year and number of the số, its text, id). */
  entries(bookId: string): RecordSummary[];
  /** The data of these entries at the exported versions, by id (one gone meanwhile is absent). */
  loadStored(ids: readonly string[]): Map<string, StoredEntry>;
  /** Entries of the office's other books of the same type. */
  otherBooksEntries(book: BookDetail): OtherBookEntry[];
  /** The latest change of the book's data (ISO 8601): the files carry this time, never the clock. */
  dataUpdatedAt(bookId: string): string;
  files: ScanReader;
}

/**
 * The latest change of a book's data (ISO 8601): the book, its scan files, files added, removed,
 * reordered and pages rotated (the books service), and its entries, a deletion too (the records
 * service). Exports write this time, never the clock, so that the same data gives the same bytes.
 */
export function bookDataUpdatedAt(books: BooksService, records: RecordsService, bookId: string): string {
  const book = books.dataUpdatedAt(bookId);
  if (book === null) throw new AppError('NOT_FOUND', 'Không tìm thấy sổ này');
  const entries = records.latestChange(bookId);
  return entries !== null && entries > book ? entries : book;
}

/** The desktop's data: the books and records services over its SQLite database and file store. */
export function desktopExportSource(books: BooksService, records: RecordsService, files: ScanReader): ExportSource {
  return {
    book: (bookId) => books.get(bookId),
    entries: (bookId) => records.list({ bookId }),
    loadStored: (ids) => records.loadStored(ids),
    otherBooksEntries(book) {
      const others = books.bookIdsOf(book.office, book.type).filter((id) => id !== book.id);
      const labels = books.labelsOf(others);
      return records
        .liveEntriesOfBooks(others)
        .map(({ bookId, ...entry }) => ({ ...entry, volume: labels.get(bookId)?.volume ?? '' }));
    },
    dataUpdatedAt: (bookId) => bookDataUpdatedAt(books, records, bookId),
    files,
  };
}
