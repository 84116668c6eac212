/**
 * KT (sổ đăng ký khai tử) end to end: a book with scans and varied entries exports to the
 * Ministry's KT column set (Excel, zip of one PDF per entry, acceptance reports), the folder
 * verifies, and the exported file imports into a fresh KT book as the same entries. A file of the
 * older template (without nktNgayChetGhiBangChu) imports too, and a bad row is named by row and
 * column in Vietnamese.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { KT_V1, KT_V2 } from '../../../shared/book-types/kt';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells, headerName } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { canonicalRecordData } from '../../../shared/records/registry';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const META = { office: 'UBND xã Chiềng Mung', officeCode: '04123', volume: '01/2019', yearOpened: 2019 };
const BOOK_VALUES = { office: META.office, officeCode: META.officeCode, volume: META.volume, yearOpened: 2019 };

async function ktBook(backend: Pick<Backend, 'services'>, pages = 5) {
  const dir = await tempDir('sohoa-kt-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so-khai-tu.pdf'), pages);
  return (await backend.services.books.importBook({ type: 'KT', ...META }, [{ path: pdf, name: 'so-khai-tu.pdf' }]))
    .book;
}

const deceased = {
  hoTen: 'Lò Văn Páo',
  ngaySinh: '1938',
  gioiTinh: '1',
  danToc: 'Thái',
  quocTich: 'Việt Nam',
  giayTo: { loai: '1', so: '050123456', ngayCap: '1995-06-02', noiCap: 'Công an tỉnh Sơn La' },
  loaiCuTru: '1',
  noiCuTru: 'Bản Nà Sản, xã Chiềng Mung, huyện Mai Sơn, tỉnh Sơn La',
};

/**
 * Five entries: full, partial dates, marks, a foreign registration, a declaration of death, blanks.
 * Each carries its quyển số, as the form carries it over (an empty one exports as the book's volume).
 */
const ENTRIES: { data: Record<string, unknown>; pages: number[] }[] = [
  {
    pages: [1],
    data: {
      so: '01/2019',
      quyenSo: '01/2019',
      trangSo: 1,
      ngayDangKy: '2019-03-12',
      loaiDangKy: 'dung-han',
      nguoiKy: 'Lò Văn Thắng',
      chucVuNguoiKy: 'Phó Chủ tịch UBND xã',
      nguoiThucHien: 'Cầm Thị Hoa',
      ghiChu: 'Ghi chú bên lề',
      nguoiChet: deceased,
      ngayChet: '2019-03-02',
      ngayChetBangChu: 'Ngày hai tháng ba năm hai nghìn không trăm mười chín',
      gioPhutChet: '05 giờ 30 phút',
      noiChet: 'Tại nhà, bản Nà Sản',
      nguyenNhanChet: 'Già yếu',
      giayBaoTu: { loai: 'cong-an', so: '12/GXN', ngay: '2019-03-05', coQuanCap: 'Công an xã Chiềng Mung' },
      nguoiYeuCau: {
        hoTen: 'Lò Văn Sáng',
        quanHe: 'Con',
        giayTo: { loai: '8', khac: 'Sổ hộ khẩu', so: 'HK-123', ngayCap: '2010-01-04', noiCap: 'Công an huyện Mai Sơn' },
      },
    },
  },
  {
    // Partial dates, a field marked unreadable and one read uncertainly, no requester.
    pages: [2],
    data: {
      so: '02/2019',
      quyenSo: '01/2019',
      trangSo: 2,
      ngayDangKy: '2019-04',
      loaiDangKy: 'qua-han',
      nguoiChet: { hoTen: 'Quàng Thị Én', ngaySinh: '1950-07', gioiTinh: '2', danToc: 'Thái', quocTich: 'Việt Nam' },
      ngayChet: '2018',
      noiChet: 'Bệnh viện đa khoa tỉnh Sơn La',
      danhDau: {
        nguyenNhanChet: { khongDocDuoc: true },
        'nguoiChet.hoTen': { docChuaChac: true },
      },
    },
  },
  {
    // Over two pages; recorded from a registration abroad.
    pages: [3, 4],
    data: {
      so: '03/2019',
      quyenSo: '01/2019',
      trangSo: 3,
      ngayDangKy: '2019-06-20',
      loaiDangKy: 'ghi-vao-so',
      nguoiChet: {
        hoTen: 'Nguyễn Văn Hùng',
        ngaySinh: '1960-02-14',
        gioiTinh: '1',
        danToc: 'Kinh',
        quocTich: 'Việt Nam',
        quocTichKhac: 'Lào',
        giayTo: { loai: '2', so: 'B1234567' },
        loaiCuTru: '2',
        noiCuTru: 'Viêng Chăn, Lào',
      },
      ngayChet: '2019-05-01',
      noiChet: 'Viêng Chăn',
      dangKyNuocNgoai: { so: 'LA-2019-88', ngay: '2019-05-03', coQuan: 'Phòng hộ tịch Viêng Chăn', quocGia: 'Lào' },
    },
  },
  {
    // A court's declaration of death recorded, then cancelled.
    pages: [4],
    data: {
      so: '04/2019',
      quyenSo: '01/2019',
      trangSo: 4,
      ngayDangKy: '2019-07-01',
      loaiDangKy: 'lai',
      nguoiChet: { hoTen: 'Hà Văn Minh', ngaySinh: '1970-10-10', gioiTinh: '1', danToc: 'Mường', quocTich: 'Việt Nam' },
      ngayChet: '2015-09-09',
      tuyenBoChet: {
        tinhTrang: 'huy-tuyen-bo',
        ngayGhiChu: '2019-07-01',
        canCu: 'Quyết định 05/2019/QĐST-DS',
        ngayGhiChuHuy: '2020-02',
        canCuHuy: 'Quyết định 01/2020/QĐST-DS',
      },
    },
  },
  {
    // Only what is required; the empty optional blocks of the form.
    pages: [5],
    data: {
      so: '05/2019',
      quyenSo: '01/2019',
      trangSo: 5,
      ngayDangKy: '2019-08-02',
      loaiDangKy: 'khong-xac-dinh',
      nguoiChet: { hoTen: 'Vì Thị Lả', quocTich: 'Việt Nam' },
      ngayChet: '2019-07-30',
      giayBaoTu: { loai: '', so: '', ngay: '', coQuanCap: '' },
      tuyenBoChet: { tinhTrang: '', ngayGhiChu: '', canCu: '', ngayGhiChuHuy: '', canCuHuy: '' },
      nguoiYeuCau: { hoTen: '', quanHe: '', giayTo: { loai: '', so: '', ngayCap: '', noiCap: '', khac: '' } },
      dangKyNuocNgoai: { so: '', ngay: '', coQuan: '', quocGia: '' },
    },
  },
];

/** The entries of a book as comparable data: số, canonical data without marks, page numbers. */
function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => ({ so: r.so, data: canonicalRecordData(r.data), pages: r.pages.map((p) => p.pageNo) }))
    .sort((a, b) => a.so.localeCompare(b.so));
}

/** Marks (danhDau) are listed in the acceptance report, not exported: the rest comes back. */
function withoutMarks(entries: ReturnType<typeof entriesOf>) {
  return entries.map(({ so, data }) => {
    const { danhDau: _marks, ...rest } = data as Record<string, unknown>;
    return { so, data: rest };
  });
}

async function writeSheet(file: string, header: string[], rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('DL Import');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('a KT book', () => {
  it('exports to the KT column set, verifies, and imports back as the same entries', async () => {
    const source = await testBackend();
    const book = await ktBook(source);
    const pageOf = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
    for (const { data, pages } of ENTRIES) {
      source.services.records.create({ bookId: book.id, data, pages: pages.map((no) => ({ pageId: pageOf(no) })) });
    }

    const out = await tempDir('sohoa-kt-export-');
    const service = exportServiceFor(source, out);
    const exported = await service.exportBook(book.id, out);
    expect(exported.ok).toBe(true);
    expect(exported.checks.filter((c) => c.status === 'fail')).toEqual([]);

    // The Excel file: the newer KT template's header (STT and the 48 columns), one row per entry.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${exported.baseName}.xlsx`));
    const sheet = wb.getWorksheet('DL Import')!;
    const header: string[] = [];
    sheet.getRow(1).eachCell((cell) => header.push(headerName(cell.text)));
    expect(header).toEqual(KT_V2.columns.map((c) => c.column));
    expect(header).toHaveLength(49);
    expect(header.slice(0, 2)).toEqual(['STT', 'so']);
    expect(header).toContain('nktNgayChetGhiBangChu');
    expect(sheet.actualRowCount).toBe(1 + ENTRIES.length);

    // One PDF per entry in the zip; the acceptance reports beside it; the folder verifies.
    const zip = await readZip(path.join(out, `${exported.baseName}.zip`));
    expect(zip.filter((f) => f.name.endsWith('.pdf'))).toHaveLength(ENTRIES.length);
    const names = await fs.readdir(out);
    expect(names.filter((n) => /\.(xlsx|pdf|json)$/.test(n)).length).toBeGreaterThanOrEqual(4);
    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);

    // Imported into a fresh KT book: the same entries, on the pages of their "Trang số".
    const target = await testBackend();
    const fresh = await ktBook(target);
    const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${exported.baseName}.xlsx`), {
      skipInvalid: false,
      pauseMs: 0,
    });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
    expect(report.imported).toHaveLength(ENTRIES.length);
    const original = entriesOf(source, book.id);
    const back = entriesOf(target, fresh.id);
    expect(withoutMarks(back)).toEqual(withoutMarks(original));
    // The entry over two pages comes back on its first page ("Trang số"); the others on theirs.
    expect(original.map((e) => e.pages)).toEqual([[1], [2], [3, 4], [4], [5]]);
    expect(back.map((e) => e.pages)).toEqual([[1], [2], [3], [4], [5]]);
  }, 180_000);

  it('imports a file of the older template, without nktNgayChetGhiBangChu', async () => {
    expect(currentColumnSet('KT')).toBe(KT_V2);
    expect(KT_V1.columns.map((c) => c.column)).toEqual(
      KT_V2.columns.map((c) => c.column).filter((c) => c !== 'nktNgayChetGhiBangChu'),
    );
    const backend = await testBackend();
    const book = await ktBook(backend);
    const rows = ENTRIES.slice(0, 3).map(({ data }, i) => entryCells(KT_V1, data, BOOK_VALUES, i + 1));
    const file = await writeSheet(path.join(await tempDir(), 'kt-v1.xlsx'), headerCells(KT_V1), rows);
    const report = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report.imported.map((r) => r.so)).toEqual(['01/2019', '02/2019', '03/2019']);
    const first = report.imported.find((r) => r.so === '01/2019')!.data;
    expect(first).toMatchObject({ ngayChet: '2019-03-02', nguoiChet: { hoTen: 'Lò Văn Páo' } });
    expect(first).not.toHaveProperty('ngayChetBangChu');

    // And a file of the newer template into a KT book of another installation.
    const other = await testBackend();
    const newer = await ktBook(other);
    const file2 = await writeSheet(path.join(await tempDir(), 'kt-v2.xlsx'), headerCells(KT_V2), [
      entryCells(KT_V2, ENTRIES[0]!.data, BOOK_VALUES, 1),
    ]);
    const report2 = await importXlsxFile(other.services, newer.id, file2, { skipInvalid: false, pauseMs: 0 });
    expect(report2.errors.map(cellErrorText)).toEqual([]);
    expect(report2.imported[0]!.data).toMatchObject({ ngayChetBangChu: ENTRIES[0]!.data.ngayChetBangChu });
  }, 180_000);

  it('names a row with a hard error by row and column in Vietnamese, and imports nothing', async () => {
    const backend = await testBackend();
    const book = await ktBook(backend);
    const rows = ENTRIES.slice(0, 3).map(({ data }, i) => entryCells(KT_V2, data, BOOK_VALUES, i + 1));
    const at = (column: string) => KT_V2.columns.findIndex((c) => c.column === column);
    rows[1]![at('nktNgayChet')] = '01.05.2019'; // sheet row 3: death after the registration (04.2019)
    const file = await writeSheet(path.join(await tempDir(), 'kt-bad.xlsx'), headerCells(KT_V2), rows);
    const report = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([
      expect.stringMatching(/^Dòng 3, cột \w+ \(Ngày chết\): Ngày chết không thể sau ngày đăng ký khai tử$/),
    ]);
    expect(report).toMatchObject({ ok: false, imported: [] });
    expect(backend.services.records.list({ bookId: book.id })).toHaveLength(0);
  }, 180_000);
});
