/** The pre-import check: what the national import would reject or a reviewer question. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../electron/backend/records/records-service';
import type { PrecheckItem } from '../../../shared/export/export';
import { createRecord, ghData, makeExportBook } from '../../fixtures/export-book';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor } from './helpers';

type Backend = Awaited<ReturnType<typeof testBackend>>;

/** Changes an entry's stored data behind the schema's back, as an older app version could have. */
function rewriteStored(backend: Backend, id: string, change: (data: Record<string, unknown>) => void): void {
  const row = backend.db.sqlite.prepare('SELECT data FROM entries WHERE id = ?').get(id) as { data: string };
  const data = JSON.parse(row.data) as Record<string, unknown>;
  change(data);
  backend.db.sqlite
    .prepare('UPDATE entries SET data = ?, content_hash = ? WHERE id = ?')
    .run(JSON.stringify(data), contentHash(data), id);
}

const brief = (items: PrecheckItem[]) => items.map((i) => `${i.severity} ${i.kind}: ${i.message}`);

describe('pre-import check', () => {
  it('lists duplicates, gaps, pages without entries and uncertain fields of a book', async () => {
    const backend = await testBackend();
    const { book, entries, page } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const out = await tempDir('sohoa-export-');
    const report = await exportServiceFor(backend, out).precheck(book.id);
    expect(report).toMatchObject({
      bookId: book.id,
      bookType: 'GH',
      volume: '01/2018',
      columnSetVersion: 1,
      ok: true,
      counts: { entries: 5, pages: 8, pagesWithoutEntries: 2, errors: 0, warnings: 4, infos: 2 },
    });
    const [, , third, fourth, fifth] = entries;
    expect(report.items).toEqual([
      {
        kind: 'uncertain',
        severity: 'warning',
        message:
          'Số 05/2018 (Nguyễn Thị Phượng 05/2018): Ngày sinh người được giám hộ được đánh dấu đọc chưa chắc — Chữ bị nhòe',
        entryId: fifth!.id,
        so: '05/2018',
        field: 'nguoiDuocGiamHo.ngaySinh',
      },
      {
        kind: 'gap',
        severity: 'warning',
        message: 'Thiếu số 4/2018 (quyển 01/2018): kiểm tra lại sổ gốc xem có bỏ sót trường hợp nào không',
      },
      {
        kind: 'pageWithoutEntry',
        severity: 'warning',
        message: 'Trang 4 chưa gắn với trường hợp nào (trang trắng, bìa hay còn sót?)',
        pageId: page(4),
      },
      {
        kind: 'pageWithoutEntry',
        severity: 'warning',
        message: 'Trang 8 chưa gắn với trường hợp nào (trang trắng, bìa hay còn sót?)',
        pageId: page(8),
      },
      // The reason is written on the fourth entry only: it explains the pair, so both pass.
      {
        kind: 'duplicate',
        severity: 'info',
        message:
          'Số 03/2018 (Nguyễn Thị Phượng 03/2018): trùng số với Số 03/2018 (Nguyễn Thị Phượng 03/2018) trong cùng sổ; lý do đã ghi ở Số 03/2018 (Nguyễn Thị Phượng 03/2018): Sổ gốc ghi hai lần số 03',
        entryId: third!.id,
        so: '03/2018',
      },
      {
        kind: 'duplicate',
        severity: 'info',
        message:
          'Số 03/2018 (Nguyễn Thị Phượng 03/2018): trùng số với Số 03/2018 (Nguyễn Thị Phượng 03/2018) trong cùng sổ; lý do đã ghi: Sổ gốc ghi hai lần số 03',
        entryId: fourth!.id,
        so: '03/2018',
      },
    ]);
  });

  it("accepts a duplicate's reason written on either entry of the pair", async () => {
    const backend = await testBackend();
    const scans = await tempDir('sohoa-scans-');
    const { book } = await backend.services.books.importBook(
      { type: 'GH', office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 },
      [{ path: await makeBookPdf(path.join(scans, 'so.pdf'), 4), name: 'so.pdf' }],
    );
    const pages = book.pages.map((p) => p.id);
    // 01/2018: the reason on the first entry saved; 02/2018: no reason at all.
    const first = await createRecord(backend, book.id, ghData('01/2018', 1, { trungSoLyDo: 'Sổ gốc ghi trùng' }), [
      pages[0]!,
    ]);
    // Saving a duplicate asks for a reason: the second ones lose theirs behind the schema's back.
    const second = await createRecord(backend, book.id, ghData('01/2018', 2, { trungSoLyDo: 'tạm' }), [pages[1]!]);
    await createRecord(backend, book.id, ghData('02/2018', 3), [pages[2]!]);
    const fourth = await createRecord(backend, book.id, ghData('02/2018', 4, { trungSoLyDo: 'tạm' }), [pages[3]!]);
    for (const id of [second.id, fourth.id]) rewriteStored(backend, id, (data) => delete data.trungSoLyDo);
    const report = await exportServiceFor(backend, await tempDir()).precheck(book.id);
    const duplicates = report.items.filter((i) => i.kind === 'duplicate');
    expect(duplicates.map((i) => [i.severity, i.so, i.entryId === first.id || i.entryId === second.id])).toEqual([
      ['warning', '02/2018', false],
      ['warning', '02/2018', false],
      ['info', '01/2018', true],
      ['info', '01/2018', true],
    ]);
    expect(duplicates.find((i) => i.entryId === second.id)!.message).toContain(
      'lý do đã ghi ở Số 01/2018 (Nguyễn Thị Phượng 01/2018): Sổ gốc ghi trùng',
    );
  });

  it('re-validates stored data with the current schema and finds data no column would export', async () => {
    const backend = await testBackend();
    const { book, entries } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    rewriteStored(backend, entries[0]!.id, (data) => {
      data.loaiGiamHo = 'khong-co';
      data.truongMoi = 'giá trị';
    });
    rewriteStored(backend, entries[1]!.id, (data) => {
      data.danhDau = { 'nguoiGiamHo.0.ngaySinh': { amLich: 'năm Canh Tuất' } };
    });
    const report = await exportServiceFor(backend, await tempDir()).precheck(book.id);
    expect(report.ok).toBe(false);
    expect(report.counts.errors).toBe(2);
    // Errors come first.
    expect(brief(report.items.slice(0, 2))).toEqual([
      'error invalid: Số 01/2018 (Nguyễn Thị Phượng 01/2018): Loại đăng ký giám hộ: Chọn loại giám hộ trong danh sách',
      'error notExported: Số 01/2018 (Nguyễn Thị Phượng 01/2018): trường "truongMoi" không có cột trong tệp Excel (bộ cột GH phiên bản 1); dữ liệu này sẽ không được xuất',
    ]);
    expect(report.items.find((i) => i.kind === 'uncertain' && i.severity === 'info')).toMatchObject({
      kind: 'uncertain',
      severity: 'info',
      message:
        'Số 02/2018 (Nguyễn Thị Phượng 02/2018): Ngày sinh người giám hộ thứ nhất được đánh dấu ghi theo âm lịch ("năm Canh Tuất")',
    });
  });

  it('shows as a failure what cannot be written to Excel as stored, never hides it', async () => {
    const backend = await testBackend();
    const { book, entries } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    rewriteStored(backend, entries[0]!.id, (data) => {
      data.ghiChu = 'Ghi chú\u0007 có ký tự chuông';
    });
    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(backend, out);
    const report = await service.precheck(book.id);
    expect(brief(report.items)).toContain(
      'warning warning: Số 01/2018 (Nguyễn Thị Phượng 01/2018): Ghi chú có ký tự điều khiển không ghi được vào Excel; các ký tự này sẽ bị bỏ',
    );
    const result = await service.exportBook(book.id, out);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.id === 'excel.content')).toMatchObject({
      status: 'fail',
      details: [
        'dòng 2 (STT 1, số 01/2018), ghiChu: đọc lại được "Ghi chú có ký tự chuông" thay vì "Ghi chú\u0007 có ký tự chuông"',
      ],
    });
  });

  it('reports the book itself: no commune code, no entries', async () => {
    const backend = await testBackend();
    const scans = await tempDir('sohoa-scans-');
    const service = exportServiceFor(backend, await tempDir());
    const gh = await backend.services.books.importBook(
      { type: 'GH', office: 'UBND xã Hòa Bình', volume: '02/2019', yearOpened: 2019 },
      [{ path: await makeBookPdf(path.join(scans, 'a.pdf'), 1), name: 'a.pdf' }],
    );
    expect(brief((await service.precheck(gh.book.id)).items)).toEqual([
      'error book: Sổ chưa có trường hợp nào để xuất',
      'warning book: Sổ chưa có mã đơn vị hành chính (mã ĐVHC) của cơ quan đăng ký; phần mã này trong tên các tệp xuất sẽ để trống (ví dụ GH..2018.01-2018.xlsx). Hãy nhập mã ĐVHC cho sổ, hoặc xác nhận xuất khi chưa có mã',
      'warning pageWithoutEntry: Trang 1 chưa gắn với trường hợp nào (trang trắng, bìa hay còn sót?)',
    ]);
    await expect(service.exportBook(gh.book.id)).rejects.toThrow('Sổ chưa có trường hợp nào để xuất');
  });

  it('finds a number already used in another book of the same office and type', async () => {
    const backend = await testBackend();
    const scans = await tempDir('sohoa-scans-');
    const metadata = { type: 'GH' as const, office: 'UBND xã Hòa Bình', officeCode: '01234', yearOpened: 2018 };
    const first = await backend.services.books.importBook({ ...metadata, volume: '01/2018' }, [
      { path: await makeBookPdf(path.join(scans, 'a.pdf'), 1), name: 'a.pdf' },
    ]);
    const second = await backend.services.books.importBook({ ...metadata, volume: '01/2018-bis' }, [
      { path: await makeBookPdf(path.join(scans, 'b.pdf'), 1), name: 'b.pdf' },
    ]);
    await createRecord(backend, first.book.id, ghData('01/2018', 1), [first.book.pages[0]!.id]);
    await createRecord(backend, second.book.id, ghData('01/2018', 1, { trungSoLyDo: 'Chép lại từ quyển cũ' }), [
      second.book.pages[0]!.id,
    ]);
    const report = await exportServiceFor(backend, await tempDir()).precheck(second.book.id);
    expect(brief(report.items)).toContain(
      'warning duplicate: Số 01/2018 (Nguyễn Thị Phượng 01/2018): trùng số với một trường hợp của sổ khác cùng cơ quan (quyển 01/2018)',
    );
  });
});
