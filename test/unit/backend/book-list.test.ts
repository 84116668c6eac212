/**
 * The book's list of entries on a 5 000-entry book: one page of rows at a time from the
 * database, sorted by số, date, scan page or name, filtered by warnings, marks, deleted, page.
 */
import { describe, expect, it } from 'vitest';
import type { RecordSearchResult } from '../../../shared/records/record';
import { ghEntry, ghMetadata, tempDir, testBackend } from './helpers';
import { makeBookPdf } from '../../fixtures/scans';
import path from 'node:path';

const ENTRIES = 5000;
const PAGES = 50;
const WARDS = ['Lò Thị Mai', 'Vàng Thị Sua', 'Hà Văn Tuấn', 'Đinh Văn Thắng', 'Nguyễn Thị Phượng'];

describe('the book list on a 5 000-entry book', () => {
  it('returns the expected order and filters, one page at a time', { timeout: 120_000 }, async () => {
    const backend = await testBackend();
    const dir = await tempDir('sohoa-scans-');
    const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), PAGES);
    const { book } = await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so.pdf' }]);
    // Entry n (1-based): số n/2018, on scan page ⌈n/100⌉, registered on day (n % 28) + 1 of March.
    const items = Array.from({ length: ENTRIES }, (_, i) => {
      const n = i + 1;
      const pageNo = Math.ceil(n / (ENTRIES / PAGES));
      return {
        data: {
          ...ghEntry,
          so: `${String(n).padStart(4, '0')}/2018`,
          trangSo: pageNo,
          ngayDangKy: `2018-03-${String((n % 28) + 1).padStart(2, '0')}`,
          nguoiDuocGiamHo: { hoTen: `${WARDS[n % WARDS.length]} ${n}`, ngaySinh: '2010' },
          // Every 500th entry has a field marked illegible.
          ...(n % 500 === 0 ? { danhDau: { 'nguoiDuocGiamHo.noiSinh': { khongDocDuoc: true } } } : {}),
        },
        pages: [{ pageId: book.pages[pageNo - 1]!.id }],
      };
    });
    const loaded = await backend.services.records.importMany(book.id, items, { skipInvalid: false, pauseMs: 0 });
    expect(loaded.rejected).toEqual([]);
    // One that disagrees with the book (a warning) and one deleted.
    const [odd] = (
      await backend.services.records.importMany(
        book.id,
        [{ data: { ...ghEntry, so: '5001/2017', trangSo: 50 }, pages: [{ pageId: book.pages[49]!.id }] }],
        { skipInvalid: false },
      )
    ).imported;
    const deleted = loaded.imported[41]!;
    backend.services.records.remove({ id: deleted.id, expectedVersion: 1, reason: 'Nhập trùng' });

    const list = async (input: object) => {
      const response = await backend.dispatch('records.search', { bookId: book.id, limit: 100, ...input });
      if (!response.ok) throw new Error(JSON.stringify(response.error));
      return response.result as RecordSearchResult;
    };

    const first = await list({ sort: 'so' });
    expect(first.total).toBe(ENTRIES);
    expect(first.hits).toHaveLength(100);
    expect(first.hits[0]!.so).toBe('5001/2017');
    expect(first.hits.slice(1, 4).map((h) => h.so)).toEqual(['0001/2018', '0002/2018', '0003/2018']);
    const last = await list({ sort: 'so', offset: ENTRIES - 2 });
    expect(last.hits.map((h) => h.so)).toEqual(['4999/2018', '5000/2018']);
    expect((await list({ sort: 'so', descending: true, limit: 2 })).hits.map((h) => h.so)).toEqual([
      '5000/2018',
      '4999/2018',
    ]);

    const byPage = await list({ sort: 'page', descending: true, limit: 3 });
    expect(byPage.hits.map((h) => h.pages[0]!.pageNo)).toEqual([50, 50, 50]);
    const onPage = await list({ pageNo: 7, sort: 'so' });
    expect(onPage.total).toBe(100);
    expect(onPage.hits[0]!.so).toBe('0601/2018');
    expect(onPage.hits.every((h) => h.pages.some((p) => p.pageNo === 7))).toBe(true);

    const byDate = await list({ sort: 'ngayDangKy', limit: 5 });
    expect(byDate.hits.every((h) => h.ngayDangKy === '2018-03-01')).toBe(true);
    const byName = await list({ sort: 'name', limit: 1 });
    expect(byName.hits[0]!.names[0]).toBe('Đinh Văn Thắng 1003');
    const lastByName = await list({ sort: 'name', descending: true, limit: 1 });
    expect(lastByName.hits[0]!.names[0]).toBe('Vàng Thị Sua 996');

    const warned = await list({ status: 'warnings' });
    expect(warned.hits.map((h) => h.id)).toEqual([odd!.id]);
    const marked = await list({ status: 'marked' });
    expect(marked.total).toBe(ENTRIES / 500);
    const gone = await list({ status: 'deleted' });
    expect(gone.hits).toMatchObject([{ id: deleted.id, deleted: true, deleteReason: 'Nhập trùng' }]);
  });
});
