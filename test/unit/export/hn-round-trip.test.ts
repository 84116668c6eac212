/**
 * An HN book (sổ cấp giấy xác nhận tình trạng hôn nhân) end to end: entries typed beside the scans
 * are exported as the Ministry's 35 HN columns (with STT), the zip of one PDF per entry and the
 * acceptance report; `verify` passes on the folder; the exported Excel file imported into a fresh
 * HN book gives back the same entries; a row with a hard error is named by row and column.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells, uncoveredPaths } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { canonicalRecordData, recordTypeFor } from '../../../shared/records/registry';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';
import { pattern, schemaPaths } from './schema-paths';

const META = {
  type: 'HN' as const,
  office: 'UBND xã Chiềng Ly',
  officeCode: '04321',
  volume: '01/2019',
  yearOpened: 2019,
};
const BASE = 'HN.04321.2019.01-2019';

/** The Ministry's HN columns (vendor exporters list them as "35 cols"), after the row number. */
const HN_COLUMNS = [
  'so',
  'quyenSo',
  'trangSo',
  'ngayDangKy',
  'noiCap',
  'nguoiKy',
  'chucVuNguoiKy',
  'nguoiThucHien',
  'ghiChu',
  'nxnHoTen',
  'nxnGioiTinh',
  'nxnNgaySinh',
  'nxnDanToc',
  'nxnQuocTich',
  'nxnQuocTichKhac',
  'nxnLoaiCuTru',
  'nxnNoiCuTru',
  'nxnLoaiGiayToTuyThan',
  'nxnGiayToKhac',
  'nxnSoGiayToTuyThan',
  'nxnNgayCapGiayToTuyThan',
  'nxnNoiCapGiayToTuyThan',
  'nxnThoiGianCuTruTai',
  'nxnThoiGianCuTruTu',
  'nxnThoiGianCuTruDen',
  'nxnTinhTrangHonNhan',
  'nxnLoaiMucDichSuDung',
  'nxnMucDichSuDung',
  'nycHoTen',
  'nycQuanHe',
  'nycLoaiGiayToTuyThan',
  'nycGiayToKhac',
  'nycSoGiayToTuyThan',
  'nycNgayCapGiayToTuyThan',
  'nycNoiCapGiayToTuyThan',
];

/** Every field filled: the Excel file must carry each one. */
const complete = {
  so: '01/2019',
  quyenSo: '01/2019',
  trangSo: 1,
  ngayDangKy: '2019-03-05',
  nguoiKy: 'Lò Văn Sáng',
  chucVuNguoiKy: 'Phó Chủ tịch UBND xã',
  nguoiThucHien: 'Quàng Thị Hoa',
  ghiChu: '=SUM(A1:A2) ghi chú bên lề',
  nguoiDuocXacNhan: {
    hoTen: 'Lò Thị Xuân',
    gioiTinh: '2',
    ngaySinh: '1995-02-11',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    quocTichKhac: 'Lào',
    loaiCuTru: '1',
    noiCuTru: 'Bản Chiềng, xã Chiềng Ly, huyện Thuận Châu, tỉnh Sơn La',
    giayTo: {
      loai: '8',
      khac: 'Giấy xác nhận của Công an xã',
      so: 'XN-15',
      ngayCap: '2018-12-20',
      noiCap: 'Công an xã Chiềng Ly',
    },
  },
  thoiGianCuTru: { noiCuTru: 'Bản Chiềng, xã Chiềng Ly', tuNgay: '2013-02-11', denNgay: '2019-03-05' },
  tinhTrangHonNhan: 'Chưa đăng ký kết hôn với ai',
  loaiMucDichSuDung: 'ket-hon',
  mucDichSuDung: 'Để đăng ký kết hôn với anh Cầm Văn Dũng',
  nguoiYeuCau: {
    hoTen: 'Lò Văn Tiến',
    quanHe: 'Anh trai',
    giayTo: {
      loai: '4',
      so: '014090001234',
      ngayCap: '2017-05-02',
      noiCap: 'Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư',
    },
  },
};

/** Over pages 2 and 3; partial dates; another purpose; marks (kept out of the Excel file). */
const twoPages = {
  so: '02/2019',
  quyenSo: '01/2019',
  trangSo: 2,
  ngayDangKy: '2019-04-10',
  nguoiKy: 'Lò Văn Sáng',
  nguoiDuocXacNhan: { hoTen: 'Cầm Văn Dũng', gioiTinh: '1', ngaySinh: '1990', danToc: 'Thái', quocTich: 'Việt Nam' },
  thoiGianCuTru: { noiCuTru: 'Xã Phổng Lái', tuNgay: '2008-05', denNgay: '2019' },
  tinhTrangHonNhan: 'Đã ly hôn, hiện chưa kết hôn với ai',
  loaiMucDichSuDung: 'khac',
  mucDichSuDung: 'Bổ sung hồ sơ vay vốn ngân hàng',
  danhDau: {
    'nguoiDuocXacNhan.hoTen': { docChuaChac: true },
    'nguoiDuocXacNhan.noiCuTru': { khongDocDuoc: true },
  },
};

/** The bare minimum: no requester, no residence period, a month-only date. */
const minimal = {
  so: '03/2019',
  quyenSo: '01/2019',
  trangSo: 4,
  ngayDangKy: '2019-06',
  nguoiDuocXacNhan: { hoTen: 'Quàng Thị Mai', ngaySinh: '1998-09-30' },
  tinhTrangHonNhan: 'Chưa kết hôn',
  loaiMucDichSuDung: 'ket-hon',
};

async function hnBook(backend: Pick<Backend, 'services'>) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so-hn.pdf'), 4);
  return (await backend.services.books.importBook(META, [{ path: pdf, name: 'so-hn.pdf' }])).book;
}

/** The entries of a book by số: their data as stored, without the marks (not an Excel column). */
function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => {
      const { danhDau: _marks, ...data } = r.data as Record<string, unknown>;
      return { so: r.so, data: canonicalRecordData(data), pages: r.pages.map((p) => p.pageNo) };
    })
    .sort((a, b) => a.so.localeCompare(b.so));
}

async function sheetRows(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const text = (value: ExcelJS.CellValue) =>
    value === null || value === undefined
      ? ''
      : typeof value === 'object' && 'richText' in value
        ? value.richText.map((r) => r.text).join('')
        : String(value);
  return wb.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(text)));
    return { name: sheet.name, rows };
  });
}

describe('an HN book', () => {
  it('has a column, or a stated reason, for every field of its schema', () => {
    const set = currentColumnSet('HN')!;
    const columns = set.columns.flatMap((c) => (c.source === 'entry' ? [pattern(c.path)] : []));
    const leaves = [...schemaPaths(recordTypeFor('HN')!.schema).leaves];
    const covered = (leaf: string) =>
      columns.includes(leaf) || set.notExported.some((n) => leaf === n.path || leaf.startsWith(`${n.path}.`));
    expect(leaves.filter((leaf) => !covered(leaf))).toEqual([]);
    expect(columns.filter((c) => !leaves.includes(c))).toEqual([]);
    expect(set.columns).toHaveLength(36);
  });

  it('exports the Ministry columns, a PDF per entry and the report, verifies, and imports back the same entries', async () => {
    const source = await testBackend();
    const book = await hnBook(source);
    const page = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
    for (const [data, pages] of [
      [complete, [1]],
      [twoPages, [2, 3]],
      [minimal, [4]],
    ] as const) {
      source.services.records.create({ bookId: book.id, data, pages: pages.map((no) => ({ pageId: page(no) })) });
    }

    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(source, out);
    const exported = await service.exportBook(book.id, out);
    expect(exported.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(exported).toMatchObject({
      ok: true,
      baseName: BASE,
      counts: { entries: 3, excelRows: 3, pdfs: 3, pdfPages: 4, bookPages: 4, pagesWithoutEntries: 0 },
    });
    expect(exported.files.map((f) => f.name).sort()).toEqual(
      [
        `${BASE}.manifest.json`,
        `${BASE}.nghiem-thu.pdf`,
        `${BASE}.nghiem-thu.xlsx`,
        `${BASE}.xlsx`,
        `${BASE}.zip`,
      ].sort(),
    );
    expect((await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name)).toEqual([
      `${BASE}.01-2019.pdf`,
      `${BASE}.02-2019.pdf`,
      `${BASE}.03-2019.pdf`,
    ]);

    // The sheet: STT and the 35 HN columns, one text row per entry; the purpose's code list beside it.
    const [entries, codes] = await sheetRows(path.join(out, `${BASE}.xlsx`));
    expect(entries!.name).toBe('DL Import');
    // Code columns carry their allowed values as a note, as in the KS template ("loaiDangKy\ni=[…]").
    expect(entries!.rows[0]!.map((header) => header.split('\n')[0])).toEqual(['STT', ...HN_COLUMNS]);
    expect(entries!.rows[0]![HN_COLUMNS.indexOf('nxnLoaiMucDichSuDung') + 1]).toBe('nxnLoaiMucDichSuDung\ni=[1,2]');
    expect(entries!.rows).toHaveLength(4);
    const cell = (row: number, column: string) => entries!.rows[row]![HN_COLUMNS.indexOf(column) + 1];
    expect(cell(1, 'noiCap')).toBe('UBND xã Chiềng Ly');
    expect(cell(1, 'nxnLoaiMucDichSuDung')).toBe('1');
    expect(cell(2, 'nxnLoaiMucDichSuDung')).toBe('2');
    expect(cell(2, 'nxnNgaySinh')).toBe('1990');
    expect(cell(2, 'nxnThoiGianCuTruTu')).toBe('05.2008');
    expect(cell(3, 'ngayDangKy')).toBe('06.2019');
    expect(cell(3, 'quyenSo')).toBe('01/2019');
    expect(codes!.rows.flat()).toEqual(
      expect.arrayContaining(['Loại mục đích sử dụng giấy xác nhận tình trạng hôn nhân', 'Kết hôn', 'Mục đích khác']),
    );
    // Every field of the complete entry has a column.
    expect(uncoveredPaths(currentColumnSet('HN')!, canonicalRecordData(complete) as Record<string, unknown>)).toEqual(
      [],
    );

    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);

    const target = await testBackend();
    const fresh = await hnBook(target);
    const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${BASE}.xlsx`), {
      skipInvalid: false,
      pauseMs: 0,
    });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
    const original = entriesOf(source, book.id);
    expect(original.map((e) => e.pages)).toEqual([[1], [2, 3], [4]]);
    // The import links each entry to the page of its "Trang số" (the second page is the clerk's to add).
    expect(entriesOf(target, fresh.id)).toEqual(original.map((e) => ({ ...e, pages: e.pages.slice(0, 1) })));
  }, 180_000);

  it('names a row with a hard error by row and column, in Vietnamese, and imports nothing', async () => {
    const backend = await testBackend();
    const book = await hnBook(backend);
    const set = currentColumnSet('HN')!;
    const values = { office: META.office, officeCode: META.officeCode, volume: META.volume, yearOpened: 2019 };
    const rows = [complete, minimal].map((data, i) => entryCells(set, data, values, i + 1));
    const at = (column: string) => set.columns.findIndex((c) => c.column === column);
    rows[1]![at('nxnThoiGianCuTruTu')] = '01.01.2018';
    rows[1]![at('nxnThoiGianCuTruDen')] = '31.12.2016';
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DL Import');
    sheet.addRow(headerCells(set));
    for (const row of rows) sheet.addRow(row);
    const file = path.join(await tempDir(), 'hn-loi.xlsx');
    await wb.xlsx.writeFile(file);

    const report = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([
      'Dòng 3, cột Z (Thời gian cư trú đến ngày): Thời gian cư trú: "đến ngày" không thể trước "từ ngày"',
    ]);
    expect(report).toMatchObject({ ok: false, imported: [] });
    expect(backend.services.records.list({ bookId: book.id })).toEqual([]);
  }, 120_000);
});
