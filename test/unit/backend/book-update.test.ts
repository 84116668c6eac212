/** Book details corrected after import: checked like a new book, version-checked, audited. */
import { describe, expect, it } from 'vitest';
import type { BookDetail } from '../../../shared/books/book';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, testBackend } from './helpers';

describe('editing a book after import', () => {
  it('changes office, mã ĐVHC, volume, year, dates and period with a version check and an audit entry', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    expect(book.version).toBe(1);
    const response = await backend.dispatch('books.update', {
      id: book.id,
      expectedVersion: 1,
      office: 'UBND xã Tân Lập, huyện Mộc Châu',
      officeCode: '04567',
      volume: '02/2018',
      yearOpened: 2005,
      openedOn: '2005-12-30',
      closedOn: '2006-12',
      period: '',
      notes: 'Bìa rách',
    });
    expect(response).toMatchObject({
      ok: true,
      result: {
        id: book.id,
        version: 2,
        type: 'GH',
        office: 'UBND xã Tân Lập, huyện Mộc Châu',
        officeCode: '04567',
        volume: '02/2018',
        yearOpened: 2005,
        openedOn: '2005-12-30',
        closedOn: '2006-12',
        period: '1999-2005',
        notes: 'Bìa rách',
      },
    });
    const updated = (response as { result: BookDetail }).result;
    // The pages stay as they were.
    expect(updated.pages.map((p) => p.id)).toEqual(book.pages.map((p) => p.id));

    const audit = backend.db.sqlite
      .prepare("SELECT action, version, before, after FROM audit_log WHERE entity_id = ? AND action = 'book.update'")
      .all(book.id) as { action: string; version: number; before: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.version).toBe(2);
    expect(JSON.parse(audit[0]!.before)).toMatchObject({ volume: '01/2018', officeCode: null, yearOpened: 2018 });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({
      volume: '02/2018',
      officeCode: '04567',
      yearOpened: 2005,
      period: '1999-2005',
    });

    // Someone holding version 1 is told the book changed, and nothing is written.
    expect(await backend.dispatch('books.update', { ...updated, expectedVersion: 1, volume: '09/2018' })).toMatchObject(
      { ok: false, error: { code: 'CONFLICT' } },
    );
    expect(backend.services.books.get(book.id).volume).toBe('02/2018');
  });

  it('refuses bad details with Vietnamese messages, and the office follows into the duplicate check', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const base = { id: book.id, expectedVersion: 1, office: book.office, volume: book.volume, yearOpened: 2018 };
    expect(await backend.dispatch('books.update', { ...base, officeCode: '12' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ path: 'officeCode', message: 'Mã đơn vị hành chính gồm 5 chữ số' }] },
      },
    });
    expect(await backend.dispatch('books.update', { ...base, office: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'office' }] } },
    });
    expect(backend.services.books.get(book.id).version).toBe(1);

    const created = await backend.dispatch('records.create', {
      bookId: book.id,
      data: ghEntry,
      pages: [{ pageId: book.pages[0]!.id }],
    });
    const entry = (created as { result: RecordDetail }).result;
    const renamed = await backend.dispatch('books.update', { ...base, office: 'UBND xã Tân Lập Mới' });
    expect(renamed).toMatchObject({ ok: true, result: { office: 'UBND xã Tân Lập Mới', entryCount: 1 } });
    const twins = await backend.dispatch('records.duplicates', { bookId: book.id, so: '1/2018', quyenSo: '01/2018' });
    expect(twins).toMatchObject({ ok: true, result: [{ id: entry.id }] });
  });
});
