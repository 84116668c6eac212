/**
 * The KH book (đăng ký kết hôn) end to end on the backend: a book with scans and varied entries is
 * exported (Excel in the Ministry's KH column set, the zip of one PDF per entry, the acceptance
 * report), the folder verifies, and the exported Excel file imported into a fresh KH book gives
 * back the same entries. A row with a hard error is named by row and column in Vietnamese.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { KH_V1 } from '../../../shared/book-types/kh';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const META = {
  type: 'KH' as const,
  office: 'UBND xã Tân Lập',
  officeCode: '04567',
  volume: '01/2018',
  yearOpened: 2018,
};
const BASE = 'KH.04567.2018.01-2018';

const spouse = (hoTen: string, ngaySinh: string, extra: Record<string, unknown> = {}) => ({
  hoTen,
  ngaySinh,
  danToc: 'Kinh',
  quocTich: 'Việt Nam',
  loaiCuTru: '1',
  noiCuTru: 'Thôn Đông, xã Tân Lập, huyện Đan Phượng, thành phố Hà Nội',
  ...extra,
});

const registration = (so: string, trangSo: number, ngayDangKy: string) => ({
  so,
  quyenSo: '01/2018',
  trangSo,
  ngayDangKy,
  nguoiKy: 'Lê Văn Ký',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Trần Thị Hoa',
});

/** Four entries: every column filled; abroad over two pages; partial dates and marks; the bare minimum. */
const ENTRIES: { data: Record<string, unknown>; pages: number[] }[] = [
  {
    pages: [1],
    data: {
      ...registration('01/2018', 1, '2018-03-05'),
      ghiChu: '=SUM(A1:A2) Đã ghi chú hủy việc kết hôn',
      loaiDangKy: '1',
      ngayXacLapQuanHeHonNhan: '2018-03-05',
      chong: spouse('Nguyễn Văn Bình', '1990-02-01', {
        quocTichKhac: 'Pháp',
        giayTo: { loai: '4', so: '001090012345', ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH', khac: '' },
      }),
      vo: spouse('Đỗ Thị Lan', '1995-10-12', {
        loaiCuTru: '2',
        giayTo: { loai: '8', so: 'GX-15', ngayCap: '2017-01-03', noiCap: 'Trại giam Thanh Xuân', khac: 'Giấy ra trại' },
      }),
      tinhTrangKetHon: '2',
      huyKetHonNgayGhiChu: '2020-07-01',
      huyKetHonCanCu: 'Bản án số 12/2020/HNGĐ-ST của TAND huyện Đan Phượng',
      congNhanKetHonNgayGhiChu: '',
      congNhanKetHonCanCu: '',
    },
  },
  {
    // Registered in Korea first, written into the book on two facing pages.
    pages: [2, 3],
    data: {
      ...registration('02/2018', 2, '2018-04-10'),
      loaiDangKy: '3',
      ngayXacLapQuanHeHonNhan: '2017-11-20',
      chong: spouse('Kim Min-jun', '1985-06-30', {
        danToc: '',
        quocTich: 'Hàn Quốc',
        loaiCuTru: '0',
        noiCuTru: 'Suwon, Gyeonggi, Hàn Quốc',
        giayTo: { loai: '2', so: 'M12345678', ngayCap: '2015-02-02', noiCap: 'Bộ Ngoại giao Hàn Quốc' },
      }),
      vo: spouse('Trần Thị Thu', '1996-01-15', {
        giayTo: { loai: '1', so: '012345678', ngayCap: '2012-08-08', noiCap: 'Công an thành phố Hà Nội' },
      }),
      dangKyNuocNgoai: {
        so: '2017-0042',
        ngay: '2017-11-20',
        coQuan: 'Văn phòng quận Jangan, Suwon',
        quocGia: 'Hàn Quốc',
      },
      tinhTrangKetHon: '3',
      congNhanKetHonNgayGhiChu: '2019-05',
      congNhanKetHonCanCu: 'Quyết định công nhận số 7',
    },
  },
  {
    // An old marriage re-registered: dates the book gives only in part, readings flagged.
    pages: [3],
    data: {
      ...registration('03/2018', 3, '2018-06'),
      nguoiKy: '',
      loaiDangKy: '2',
      ngayXacLapQuanHeHonNhan: '1979',
      chong: spouse('Phạm Văn Tư', '1955'),
      vo: spouse('Lê Thị Năm', '1958-04'),
      danhDau: { 'chong.hoTen': { docChuaChac: true }, ngayXacLapQuanHeHonNhan: { docChuaChac: true } },
    },
  },
  {
    // Only what the rules require.
    pages: [5],
    data: {
      so: '04/2018',
      quyenSo: '01/2018',
      trangSo: 5,
      ngayDangKy: '2018-09-09',
      loaiDangKy: '1',
      chong: { hoTen: 'Hoàng Văn Năm', ngaySinh: '1992-12-12' },
      vo: { hoTen: 'Vũ Thị Sáu', ngaySinh: '1994-03-03' },
    },
  },
];

async function khBook(backend: Pick<Backend, 'services'>, pages = 6) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so-ket-hon.pdf'), pages);
  const report = await backend.services.books.importBook(META, [{ path: pdf, name: 'so-ket-hon.pdf' }]);
  return report.book;
}

/** An entry's data as the Excel file carries it: without the paths the column set leaves out. */
function canonical(data: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const { path: p } of KH_V1.notExported) delete copy[p];
  return copy;
}

function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => ({ so: r.so, data: r.data, pages: r.pages.map((p) => p.pageNo) }))
    .sort((a, b) => a.so.localeCompare(b.so));
}

describe('a KH book', () => {
  it('exports a package that verifies, and its Excel file imports back as the same entries', async () => {
    const source = await testBackend();
    const book = await khBook(source);
    const pageOf = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
    for (const { data, pages } of ENTRIES) {
      source.services.records.create({ bookId: book.id, data, pages: pages.map((no) => ({ pageId: pageOf(no) })) });
    }
    const original = entriesOf(source, book.id);
    expect(original.map((e) => e.pages)).toEqual([[1], [2, 3], [3], [5]]);

    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(source, out);
    const exported = await service.exportBook(book.id, out);
    expect(exported).toMatchObject({
      ok: true,
      baseName: BASE,
      counts: { entries: 4, excelRows: 4, pdfs: 4, pdfPages: 5, bookPages: 6 },
    });
    expect(exported.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect((await fs.readdir(out)).sort()).toEqual([
      `${BASE}.manifest.json`,
      `${BASE}.nghiem-thu.pdf`,
      `${BASE}.nghiem-thu.xlsx`,
      `${BASE}.xlsx`,
      `${BASE}.zip`,
    ]);
    const pdfs = await readZip(path.join(out, `${BASE}.zip`));
    expect(pdfs).toHaveLength(4);
    expect(pdfs.every((f) => f.name.startsWith('KH.') && f.name.endsWith('.pdf'))).toBe(true);

    // The Excel file: the KH template's header row, STT first, and the husband's name in its column.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${BASE}.xlsx`));
    const sheet = wb.getWorksheet('DL Import')!;
    const header = (sheet.getRow(1).values as unknown[])
      .slice(1)
      .map((v) =>
        typeof v === 'object' && v !== null && 'richText' in v
          ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
          : String(v),
      );
    expect(header.map((h) => h.split('\n')[0])).toEqual(KH_V1.columns.map((c) => c.column));
    expect(header).toHaveLength(45);
    const cell = (row: number, column: string) =>
      sheet.getRow(row).getCell(KH_V1.columns.findIndex((c) => c.column === column) + 1).text;
    expect(cell(3, 'chongHoTen')).toBe('Kim Min-jun');
    expect(cell(3, 'loaiDangKy')).toBe('3');
    expect(cell(3, 'qgNuocNgoaiDaDangKy')).toBe('Hàn Quốc');
    expect(cell(4, 'ngayDangKy')).toBe('06.2018');
    expect(cell(4, 'chongNgaySinh')).toBe('1955');

    // The code lists of the book, its own ones included, on the second sheet.
    const codes: string[] = [];
    wb.getWorksheet('Ghi chu')!.eachRow((row) => codes.push(row.values.toString()));
    for (const text of ['Loại đăng ký kết hôn', 'Đăng ký lại việc kết hôn', 'Tình trạng kết hôn', 'Loại cư trú']) {
      expect(codes.join('\n')).toContain(text);
    }

    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);

    const target = await testBackend();
    const fresh = await khBook(target);
    const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${BASE}.xlsx`), {
      skipInvalid: false,
      pauseMs: 0,
    });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
    const back = entriesOf(target, fresh.id);
    expect(back.map((e) => e.so)).toEqual(original.map((e) => e.so));
    expect(back.map((e) => e.data)).toEqual(original.map((e) => canonical(e.data)));
    // An imported row is linked to the page of its "Trang số" (the facing page is added by the clerk).
    expect(back.map((e) => e.pages)).toEqual([[1], [2], [3], [5]]);
  }, 180_000);

  it('refuses a file whose rows break the KH rules, naming row and column in Vietnamese', async () => {
    const backend = await testBackend();
    const book = await khBook(backend);
    const set = currentColumnSet('KH')!;
    expect(set).toBe(KH_V1);
    const bookValues = { office: META.office, officeCode: META.officeCode, volume: META.volume, yearOpened: 2018 };
    const rows = ENTRIES.map(({ data }, i) => entryCells(set, data, bookValues, i + 1));
    const at = (column: string) => set.columns.findIndex((c) => c.column === column);
    rows[1]![at('voHoTen')] = ''; // sheet row 3
    rows[3]![at('ngayXacLapQuanHeHonNhan')] = '10.10.2018'; // sheet row 5: after its registration (09.09.2018)
    const file = path.join(await tempDir(), 'kh-loi.xlsx');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DL Import');
    sheet.addRow(headerCells(set));
    for (const row of rows) sheet.addRow(row);
    await wb.xlsx.writeFile(file);

    const refused = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(refused.errors.map(cellErrorText)).toEqual([
      `Dòng 3, cột AD (Họ, chữ đệm, tên bên vợ): Bắt buộc nhập họ, chữ đệm, tên bên vợ, hoặc đánh dấu "Không đọc được"`,
      `Dòng 5, cột J (Ngày xác lập quan hệ hôn nhân): Ngày xác lập quan hệ hôn nhân không thể sau ngày đăng ký kết hôn`,
    ]);
    expect(refused).toMatchObject({ ok: false, imported: [] });
    expect(backend.services.records.list({ bookId: book.id })).toEqual([]);
  }, 120_000);
});
