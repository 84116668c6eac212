/**
 * The order of a book's entries written once: the desktop sorts in SQL on the columns
 * `soOrderColumns` gives, the hub (exporting a lot's versions) with `compareEntryOrder`; both must
 * give the same order, or the hub's Excel rows and PDF names would not be the desktop's.
 */
import { describe, expect, it } from 'vitest';
import { compareEntryOrder, compareCodePoints, soOrderColumns } from '../../../shared/records/order';
import { createRecord, ghData } from '../../fixtures/export-book';
import { ghBook, testBackend } from '../backend/helpers';

describe('the order of entries', () => {
  it('is the same sorted by the desktop (SQLite) and by compareEntryOrder (the hub)', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend, 1);
    const page = [book.pages[0]!.id];
    const cases: [string, Record<string, unknown>][] = [
      ['10/2018', {}],
      ['9/2018', {}],
      ['2/2017', {}],
      ['3/', { ngayDangKy: '2016-01-02' }],
      ['3/', { ngayDangKy: '2019', trungSoLyDo: 'Sổ gốc ghi hai lần' }],
      ['Ă5', { ngayDangKy: '2016' }],
      ['B5', { ngayDangKy: '2016' }],
      ['A12', { ngayDangKy: '2016-05' }],
      ['1/2018', {}],
      ['1/2018', { trungSoLyDo: 'Sổ gốc ghi hai lần' }],
    ];
    for (const [so, extra] of cases) await createRecord(backend, book.id, ghData(so, 1, extra), page);
    const listed = backend.services.records.list({ bookId: book.id });
    const sorted = [...listed].sort((a, b) =>
      compareEntryOrder(
        { ...soOrderColumns(a.so, a.ngayDangKy), so: a.so, id: a.id },
        { ...soOrderColumns(b.so, b.ngayDangKy), so: b.so, id: b.id },
      ),
    );
    expect(sorted.map((e) => e.id)).toEqual(listed.map((e) => e.id));
    // Shuffled input gives the same order (the comparator decides, not the input order).
    const reversed = [...listed]
      .reverse()
      .sort((a, b) =>
        compareEntryOrder(
          { ...soOrderColumns(a.so, a.ngayDangKy), so: a.so, id: a.id },
          { ...soOrderColumns(b.so, b.ngayDangKy), so: b.so, id: b.id },
        ),
      );
    expect(reversed.map((e) => e.so)).toEqual(listed.map((e) => e.so));
    expect(listed.map((e) => e.so)).toEqual([
      'A12',
      'B5',
      'Ă5',
      '3/',
      '2/2017',
      '1/2018',
      '1/2018',
      '9/2018',
      '10/2018',
      '3/',
    ]);
  });

  it('compares text by code point, as SQLite compares UTF-8 bytes', () => {
    // U+FF21 (fullwidth A) against U+1F600 (an emoji, a surrogate pair in UTF-16): UTF-16 code
    // units put the emoji first, code points (and UTF-8 bytes) the other way round.
    expect(compareCodePoints('\uFF21', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF21' < '\u{1F600}').toBe(false);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('Ă', 'B')).toBeGreaterThan(0);
  });
});
