/**
 * The bulk load writes chunk by chunk, looking the numbers of a whole chunk up at once and keeping
 * its own entries (twins, the book's page habit) in memory: what it writes and returns must be
 * exactly what saving the same lines one by one through the form's path gives, across chunk
 * borders too, and what it returns must be what reading the entries back gives.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import type { RecordDetail } from '../../../shared/records/record';
import { IMPORT_CHUNK } from '../../../electron/backend/records/records-service';
import path from 'node:path';
import { makeBookPdf } from '../../fixtures/scans';
import { ghBook, ghEntry, ghMetadata, tempDir, testBackend } from './helpers';

const NAMES = ['Nguyễn Thị Phượng', 'Sùng A Dính', 'Lò Văn Páo', 'Hà Thị Lan', 'Đỗ Ngọc Hùng'];

/** 450 lines over three chunks: twins with and without a reason in one chunk and across chunks, numbers without a year, texts, printed pages off their scan page. */
function lines(pageIds: string[]) {
  expect(IMPORT_CHUNK).toBe(200);
  return Array.from({ length: 450 }, (_, i) => {
    let so = `${i + 1}/2018`;
    let reason: string | undefined;
    if (i === 10) so = '4/2018'; // twin of line 3 in the same chunk, without a reason: refused
    if (i === 12) [so, reason] = ['4/2018', 'Sổ gốc ghi trùng số']; // with a reason: a warning naming both
    if (i === 250) [so, reason] = ['150/2018', 'Sổ gốc ghi trùng số']; // across chunks
    if (i === 260) so = '151/2018'; // across chunks, without a reason
    if (i === 20 || i === 30) [so, reason] = ['7/', 'Sổ gốc ghi trùng số']; // the year from the date: twins of 7/2018
    if (i === 40 || i === 41) [so, reason] = ['không rõ số', i === 41 ? 'Sổ gốc không ghi số' : undefined];
    const page = i % 3;
    // Most printed pages sit on their scan page; some are off, to meet the book's habit.
    const trangSo = i % 17 === 5 ? page + 3 : page + 1;
    const data: Record<string, unknown> = {
      ...ghEntry,
      so,
      trangSo,
      nguoiDuocGiamHo: { hoTen: NAMES[i % NAMES.length], ngaySinh: '2010-07-12' },
      ...(reason ? { trungSoLyDo: reason } : {}),
    };
    return { data, pages: [{ pageId: pageIds[page]! }] };
  });
}

/** What an entry is, without what differs between two books (ids, times). */
function essence(r: RecordDetail) {
  return {
    so: r.so,
    quyenSo: r.quyenSo,
    trangSo: r.trangSo,
    ngayDangKy: r.ngayDangKy,
    names: r.names,
    pages: r.pages.map((p) => ({ pageNo: p.pageNo, rect: p.rect })),
    warnings: r.warnings,
    data: r.data,
    contentHash: r.contentHash,
    version: r.version,
    bookType: r.bookType,
  };
}

describe('a bulk load, chunk by chunk', () => {
  it('writes and returns what saving each line through the form path gives, twins and page habit included', async () => {
    const backend = await testBackend();
    const bulkBook = await ghBook(backend);
    // Another office: its numbers are its own.
    const pdf = await makeBookPdf(path.join(await tempDir('sohoa-scans-'), 'so.pdf'), 3);
    const { book: formBook } = await backend.services.books.importBook({ ...ghMetadata, office: 'UBND xã Khác' }, [
      { path: pdf, name: 'so.pdf' },
    ]);

    const bulk = await backend.services.records.importMany(bulkBook.id, lines(bulkBook.pages.map((p) => p.id)), {
      skipInvalid: true,
      pauseMs: 0,
    });
    const formSaved: RecordDetail[] = [];
    const formRejected: { index: number; message: string; issues: unknown }[] = [];
    lines(formBook.pages.map((p) => p.id)).forEach((item, index) => {
      try {
        formSaved.push(backend.services.records.create({ bookId: formBook.id, ...item }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        formRejected.push({ index, message: error.message, issues: error.details?.issues ?? [] });
      }
    });

    expect(bulk.rejected.map((r) => r.index)).toEqual([10, 260]);
    expect(bulk.rejected).toEqual(formRejected);
    expect(bulk.imported.map(essence)).toEqual(formSaved.map(essence));
    // The cases the test is about did happen: twins kept with a reason, pages off the habit.
    const warned = (message: string) =>
      bulk.imported.filter((r) => r.warnings.some((w) => w.message.includes(message)));
    expect(warned('(đã ghi lý do)').map((r) => r.so)).toEqual(['4/2018', '7/', '7/', 'không rõ số', '150/2018']);
    expect(warned('không khớp trang scan').length).toBeGreaterThan(20);

    // What the import returned is what reading its entries back gives.
    for (const detail of bulk.imported) {
      expect(backend.services.records.get(detail.id)).toEqual(detail);
    }
    // And the rows stored (warnings included) are the form path's.
    const stored = (bookId: string) =>
      backend.db.sqlite
        .prepare(
          `SELECT so, so_number, so_year, quyen_so, trang_so, ngay_dang_ky, registration_year, primary_name,
             search_text, warnings, marked_count, data, content_hash, version, schema_version
           FROM entries WHERE book_id = ? ORDER BY rowid`,
        )
        .all(bookId);
    expect(stored(bulkBook.id)).toEqual(stored(formBook.id));
  });
});
