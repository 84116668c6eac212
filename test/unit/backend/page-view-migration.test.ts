/**
 * Migration 0016 gives each page an optional display rendition (pages.view_sha256): on a database
 * of 0015 it adds the column empty, keeps every page and entry, and the book's pages still open
 * (a page without a rendition is shown from its original). Today's import writes the column, so
 * the database of 0015 is made by taking 0016 back out of a current one (column and journal row).
 */
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/app';
import { appliedMigrations } from '../../../electron/backend/db/database';
import type { BookDetail } from '../../../shared/books/book';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { ghBook, ghEntry, tempDir } from './helpers';
import type { RecordDetail } from '../../../shared/records/record';

describe('migration 0016 (page view rendition)', () => {
  it('adds pages.view_sha256 empty to a database of 0015 and keeps its pages and entries', async () => {
    const dataDir = await tempDir();
    const old = await openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, onInternalError: () => {} });
    const book = await ghBook(old, 2);
    const created = await old.dispatch(
      'records.create',
      { bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] },
      old.localRequest,
    );
    const entry = (created as { ok: true; result: RecordDetail }).result;
    // Back to 0015: the column and the journal's last row go.
    old.db.sqlite.exec('ALTER TABLE pages DROP COLUMN view_sha256');
    old.db.sqlite.exec(
      'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)',
    );
    const applied = appliedMigrations(old.db.sqlite).length;
    const pagesBefore = old.db.sqlite.prepare('SELECT id, book_id, page_no FROM pages ORDER BY page_no').all();
    const columnsBefore = old.db.sqlite.prepare('PRAGMA table_info(pages)').all() as { name: string }[];
    expect(columnsBefore.map((c) => c.name)).not.toContain('view_sha256');
    old.close();

    const errors: unknown[] = [];
    const now = await openBackend({
      dataDir,
      migrationsDir: MIGRATIONS_DIR,
      onInternalError: (e) => errors.push(e),
    });
    try {
      expect(appliedMigrations(now.db.sqlite).length).toBe(applied + 1);
      expect(now.db.sqlite.prepare('SELECT id, book_id, page_no FROM pages ORDER BY page_no').all()).toEqual(
        pagesBefore,
      );
      expect(now.db.sqlite.prepare('SELECT count(*) FROM pages WHERE view_sha256 IS NOT NULL').pluck().get()).toBe(0);
      const opened = await now.dispatch('books.get', { id: book.id }, now.localRequest);
      expect(opened.ok).toBe(true);
      const pages = (opened as { ok: true; result: BookDetail }).result.pages;
      expect(pages.map((p) => p.id)).toEqual(book.pages.map((p) => p.id));
      expect(pages.every((p) => !p.viewSha256)).toBe(true);
      const got = await now.dispatch('records.get', { id: entry.id }, now.localRequest);
      expect(got).toMatchObject({ ok: true, result: { id: entry.id } });
      expect(errors).toEqual([]);
    } finally {
      now.close();
    }
  });
});
