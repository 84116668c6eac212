/**
 * The CMC book (nhận cha, mẹ, con) end to end: a book with scans and varied entries (partial
 * dates, marks, an entry over two pages, empty optional blocks, a registration recorded from
 * abroad) is exported — Excel file in the CMC column set, zip of one PDF per entry, acceptance
 * report — the folder verifies, and importing the Excel file into a fresh CMC book gives back the
 * same entries. A row breaking a CMC rule is reported by row and column in Vietnamese.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { headerCells } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const META = {
  type: 'CMC' as const,
  office: 'UBND xã Chiềng Pằn',
  officeCode: '04321',
  volume: '01/2019',
  yearOpened: 2019,
};
const BASE = 'CMC.04321.2019.01-2019';

/** A father acknowledging his child; the parent's residence read but not sure (a mark). */
const fatherAcknowledges = {
  so: '01/2019',
  quyenSo: '01/2019',
  trangSo: 1,
  ngayDangKy: '2019-05-14',
  loaiDangKy: '1',
  loaiXacNhan: '1',
  quyetDinhSo: '12/QĐ-UBND',
  nguoiKy: 'Lò Văn Pọm',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Cà Thị Lả',
  ghiChu: 'Đã ghi vào Sổ khai sinh',
  chaMe: {
    hoTen: 'Lò Văn Khánh',
    ngaySinh: '1985-02-03',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    queQuan: 'Xã Chiềng Pằn, huyện Yên Châu, tỉnh Sơn La',
    loaiCuTru: '1',
    noiCuTru: 'Bản Pằn, xã Chiềng Pằn',
    giayTo: { loai: '4', so: '014085001234', ngayCap: '2018-06-01', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
  },
  con: { hoTen: 'Lò Thị Mai', ngaySinh: '2012-08', danToc: 'Thái', quocTich: 'Việt Nam', loaiCuTru: '1' },
  nguoiDiDangKy: {
    hoTen: 'Lò Văn Khánh',
    quanHeNguoiDuocNhan: 'Cha',
    quanHeNguoiNhan: 'Bản thân',
    giayTo: { loai: '4', so: '014085001234', ngayCap: '2018-06-01', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
  },
  danhDau: { 'chaMe.noiCuTru': { docChuaChac: true } },
};

/** A child acknowledging the mother, over pages 2 and 3: partial dates, an "other" paper, no requester. */
const childAcknowledgesMother = {
  so: '02/2019',
  quyenSo: '01/2019',
  trangSo: 2,
  ngayDangKy: '2019-06',
  loaiDangKy: '2',
  loaiXacNhan: '4',
  chaMe: { hoTen: 'Hà Thị Sen', ngaySinh: '1980', danToc: 'Mường', quocTich: 'Việt Nam', quocTichKhac: 'Lào' },
  con: {
    hoTen: 'Hà Văn Tùng',
    ngaySinh: '2001-03',
    danToc: 'Mường',
    quocTich: 'Việt Nam',
    loaiCuTru: '2',
    noiCuTru: 'Tổ 3, thị trấn Yên Châu',
    giayTo: { loai: '8', khac: 'Giấy xác nhận của Công an xã', so: 'XN-07' },
  },
};

/** Recorded from abroad: the foreign registration block filled, a foreign parent. */
const recordedFromAbroad = {
  so: '03/2019',
  quyenSo: '01/2019',
  trangSo: 4,
  ngayDangKy: '2019-09-20',
  loaiDangKy: '3',
  loaiXacNhan: '3',
  chaMe: {
    hoTen: 'Tanaka Hiroshi',
    ngaySinh: '1978-11-02',
    quocTich: 'Nhật Bản',
    giayTo: { loai: '2', so: 'TK1234567' },
  },
  con: {
    hoTen: 'Tanaka Minh Anh',
    ngaySinh: '2010-01-15',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    quocTichKhac: 'Nhật Bản',
  },
  dangKyNuocNgoai: { so: 'A-2019-88', ngay: '2019-07-01', coQuan: 'Tòa thị chính Osaka', quocGia: 'Nhật Bản' },
};

/** Only what the rules require; the child's birth date marked "Không đọc được". */
const minimal = {
  so: '04/2019',
  quyenSo: '01/2019',
  trangSo: 4,
  ngayDangKy: '2019',
  loaiDangKy: '4',
  loaiXacNhan: '2',
  chaMe: { hoTen: 'Lường Thị Ín' },
  con: { hoTen: 'Lường Văn Bun' },
  danhDau: { 'con.ngaySinh': { khongDocDuoc: true } },
};

async function cmcBook(backend: Pick<Backend, 'services'>) {
  const pdf = await makeBookPdf(path.join(await tempDir('sohoa-scans-'), 'so-nhan-cha-me-con.pdf'), 4);
  return (await backend.services.books.importBook(META, [{ path: pdf, name: 'so-nhan-cha-me-con.pdf' }])).book;
}

function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => ({ so: r.so, data: r.data as Record<string, unknown>, pages: r.pages.map((p) => p.pageNo) }))
    .sort((a, b) => a.so.localeCompare(b.so));
}

/** The data as the Excel file carries it: marks are listed in the acceptance report, not in columns. */
function withoutMarks(data: Record<string, unknown>): Record<string, unknown> {
  const { danhDau: _marks, ...rest } = data;
  return rest;
}

async function exportedCmcBook() {
  const source = await testBackend();
  const book = await cmcBook(source);
  const pageOf = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
  const pagesOf: Record<string, number[]> = { '01/2019': [1], '02/2019': [2, 3], '03/2019': [4], '04/2019': [4] };
  for (const data of [fatherAcknowledges, childAcknowledgesMother, recordedFromAbroad, minimal]) {
    source.services.records.create({
      bookId: book.id,
      data,
      pages: pagesOf[data.so]!.map((no) => ({ pageId: pageOf(no) })),
    });
  }
  const out = await tempDir('sohoa-export-');
  const service = exportServiceFor(source, out);
  const result = await service.exportBook(book.id, out);
  return { source, book, out, service, result };
}

describe('a CMC book exported, verified and imported back', () => {
  it('exports the Excel file, one PDF per entry and the acceptance report, and the folder verifies', async () => {
    const { out, service, result } = await exportedCmcBook();
    expect(result).toMatchObject({
      baseName: BASE,
      ok: true,
      counts: { entries: 4, excelRows: 4, pdfs: 4, pdfPages: 5, bookPages: 4 },
    });
    const names = await fs.readdir(out);
    expect(names).toEqual(expect.arrayContaining([`${BASE}.xlsx`, `${BASE}.zip`, `${BASE}.nghiem-thu.pdf`]));
    const pdfs = (await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name).sort();
    expect(pdfs).toEqual(['01-2019', '02-2019', '03-2019', '04-2019'].map((so) => `${BASE}.${so}.pdf`));

    // The header row is the CMC column set's, and the code sheet carries CMC's own lists.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${BASE}.xlsx`));
    const headerRow = wb.getWorksheet('DL Import')!.getRow(1);
    const header = Array.from({ length: headerRow.cellCount }, (_, i) => headerRow.getCell(i + 1).text);
    expect(header).toEqual(headerCells(currentColumnSet('CMC')!));
    expect(header).toHaveLength(51);
    const codes = JSON.stringify(wb.getWorksheet('Ghi chu')!.getSheetValues());
    expect(codes).toContain('Loại xác nhận (nhận cha, mẹ, con)');
    expect(codes).toContain('Con nhận mẹ');

    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);
  }, 180_000);

  it('gives back the same entries when its Excel file is imported into a fresh CMC book', async () => {
    const { source, book, out, result } = await exportedCmcBook();
    const target = await testBackend();
    const fresh = await cmcBook(target);
    const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${result.baseName}.xlsx`), {
      skipInvalid: false,
      pauseMs: 0,
    });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });

    const original = entriesOf(source, book.id);
    expect(original.map((e) => e.pages)).toEqual([[1], [2, 3], [4], [4]]);
    expect(original[0]!.data.danhDau).toEqual({ 'chaMe.noiCuTru': { docChuaChac: true } });
    const imported = entriesOf(target, fresh.id);
    expect(imported.map((e) => e.data)).toEqual(original.map((e) => withoutMarks(e.data)));
    // Imported rows are linked to the page of their "Trang số".
    expect(imported.map((e) => e.pages)).toEqual([[1], [2], [4], [4]]);
  }, 180_000);

  it('reports a row whose parent is born after the child by row and column, in Vietnamese', async () => {
    const { out, result } = await exportedCmcBook();
    const file = path.join(out, `${result.baseName}.xlsx`);
    const set = currentColumnSet('CMC')!;
    const column = set.columns.findIndex((c) => c.column === 'cmNgaySinh') + 1;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet('DL Import')!.getRow(2).getCell(column).value = '01.01.2015';
    const broken = path.join(await tempDir(), 'cmc-loi.xlsx');
    await wb.xlsx.writeFile(broken);

    const target = await testBackend();
    const fresh = await cmcBook(target);
    const report = await importXlsxFile(target.services, fresh.id, broken, { skipInvalid: false, pauseMs: 0 });
    const letter = String.fromCharCode('A'.charCodeAt(0) + column - 1);
    expect(report.errors.map(cellErrorText)).toEqual([
      `Dòng 2, cột ${letter} (Ngày sinh cha, mẹ): Cha không thể sinh sau con: kiểm tra lại ngày sinh`,
    ]);
    expect(report).toMatchObject({ ok: false, imported: [] });
    expect(entriesOf(target, fresh.id)).toEqual([]);
  }, 180_000);
});
