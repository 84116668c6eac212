/**
 * A NCN book (sổ đăng ký nuôi con nuôi) end to end: entered with scans, exported (Excel file, zip
 * of one PDF per entry, acceptance reports), verified, and imported back from its Excel file into
 * a fresh book as the same entries; a row with a hard error is reported by row and column.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { makeBookPdf } from '../../fixtures/scans';
import { sohoa } from '../../fixtures/sohoa';
import { dataWithAdmin, tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const META = {
  type: 'NCN' as const,
  office: 'UBND xã Tân Lập',
  officeCode: '04567',
  volume: '01/2018',
  yearOpened: 2018,
};
const BASE = 'NCN.04567.2018.01-2018';

async function bookOf(backend: Pick<Backend, 'services'>, pages = 5) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so-nuoi-con-nuoi.pdf'), pages);
  const report = await backend.services.books.importBook(META, [{ path: pdf, name: 'so-nuoi-con-nuoi.pdf' }]);
  return report.book;
}

const person = (hoTen: string, ngaySinh: string, gioiTinh: string, extra: Record<string, unknown> = {}) => ({
  hoTen,
  ngaySinh,
  gioiTinh,
  danToc: 'Kinh',
  quocTich: 'Việt Nam',
  loaiCuTru: '1',
  noiCuTru: 'Thôn Đông, xã Tân Lập',
  ...extra,
});

// quyenSo is carried over on every entry (an empty one is exported as the book's volume).
const signer = { nguoiKy: 'Lê Văn Ký', chucVuNguoiKy: 'Chủ tịch UBND xã', nguoiThucHien: 'Trần Thị Hoa' };

/** Four entries, varied: a couple with the birth parents, a single mother over two pages, one from abroad, a minimal one. */
const ENTRIES: { data: Record<string, unknown>; pages: number[] }[] = [
  {
    pages: [1],
    data: {
      so: '01/2018',
      quyenSo: '01/2018',
      trangSo: 1,
      ngayDangKy: '2018-03-05',
      ...signer,
      ghiChu: '=SUM(A1:A2) ghi chú bên lề',
      loaiDangKy: 'dang-ky',
      chaNuoi: person('Trần Văn Nam', '1980-02-01', '1', {
        soDinhDanh: '001080012345',
        quocTichKhac: 'Nhật Bản',
        giayTo: { loai: '4', so: '001080012345', ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
      }),
      meNuoi: person('Lê Thị Hoa', '1983-06', '2', {
        giayTo: { loai: '8', khac: 'Giấy xác nhận nhân thân', so: 'XN-12', noiCap: 'Công an xã Tân Lập' },
      }),
      conNuoi: person('Nguyễn Thị Bé', '2015-01-20', '2', { noiSinh: 'Trạm y tế xã Tân Lập' }),
      quanHeNhanNuoi: 'khac',
      chaDe: person('Nguyễn Văn Đức', '1990', '1', { loaiCuTru: '0' }),
      meDe: person('Phạm Thị Hạnh', '1995-11', '2'),
      loaiNguoiGiao: 'cha-me-de',
      lyDo: 'Cha mẹ đẻ không đủ điều kiện nuôi con',
      nguoiYeuCau: {
        hoTen: 'Trần Văn Nam',
        quanHe: 'Cha nuôi',
        giayTo: { loai: '4', so: '001080012345', ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
      },
    },
  },
  {
    pages: [2, 3],
    data: {
      so: '02/2018',
      quyenSo: '01/2018',
      trangSo: 2,
      ngayDangKy: '2018-04',
      ...signer,
      loaiDangKy: 'dang-ky',
      meNuoi: person('Hoàng Thị Lan', '1975', '2'),
      conNuoi: { hoTen: 'Hoàng Văn An', ngaySinh: '2016', gioiTinh: '1', noiSinh: 'Bệnh viện huyện' },
      quanHeNhanNuoi: 'ho-hang',
      loaiNguoiGiao: 'nguoi-giam-ho',
      nguoiGiamHo: { hoTen: 'Hoàng Văn Tư', quanHe: 'Ông nội', giayTo: { loai: '1', so: '012345678' } },
      // Marks travel with the entry, not in the Excel file (listed in the acceptance report instead).
      danhDau: { 'conNuoi.noiSinh': { docChuaChac: true, ghiChu: 'Chữ bị nhòe' } },
    },
  },
  {
    pages: [4],
    data: {
      so: '03/2018',
      quyenSo: '01/2018',
      trangSo: 4,
      ngayDangKy: '2018',
      loaiDangKy: 'ghi-vao-so',
      chaNuoi: person('Yamada Taro', '1970-08-15', '1', { danToc: '', quocTich: 'Nhật Bản', noiCuTru: 'Tokyo' }),
      conNuoi: person('Lê Minh Khang', '2012-02-29', '1'),
      loaiNguoiGiao: 'co-so-nuoi-duong',
      coSoNuoiDuong: {
        tenCoSo: 'Trung tâm Bảo trợ xã hội tỉnh',
        diaChi: 'Phường Hai Bà Trưng',
        nguoiDaiDien: 'Đỗ Văn Tâm',
        chucVuNguoiDaiDien: 'Giám đốc',
      },
      dangKyNuocNgoai: { so: 'A-17/2017', ngay: '2017-12-01', coQuan: 'Tòa án quận Shinjuku', quocGia: 'Nhật Bản' },
    },
  },
  {
    pages: [5],
    data: {
      so: '04/2018',
      quyenSo: '01/2018',
      trangSo: 5,
      ngayDangKy: '2018-05-02',
      loaiDangKy: 'dang-ky-lai',
      chaNuoi: { hoTen: 'Vũ Văn Hải' },
      conNuoi: { hoTen: 'Vũ Thị Mơ', ngaySinh: '1999-09' },
      danhDau: { 'chaNuoi.ngaySinh': { khongDocDuoc: true } },
    },
  },
];

function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => ({ so: r.so, data: r.data as Record<string, unknown>, pages: r.pages.map((p) => p.pageNo) }))
    .sort((a, b) => a.so.localeCompare(b.so));
}

const withoutMarks = ({ danhDau: _marks, ...data }: Record<string, unknown>) => data;

describe('a NCN book', () => {
  it('exports a package that verifies, and its Excel file imports back as the same entries', async () => {
    const source = await testBackend();
    const book = await bookOf(source);
    const pageOf = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
    for (const { data, pages } of ENTRIES) {
      source.services.records.create({ bookId: book.id, data, pages: pages.map((no) => ({ pageId: pageOf(no) })) });
    }

    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(source, out);
    const exported = await service.exportBook(book.id, out);
    expect(exported.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(exported).toMatchObject({
      ok: true,
      baseName: BASE,
      counts: { entries: 4, excelRows: 4, pdfs: 4, pdfPages: 5, bookPages: 5 },
    });
    expect((await fs.readdir(out)).sort()).toEqual([
      `${BASE}.manifest.json`,
      `${BASE}.nghiem-thu.pdf`,
      `${BASE}.nghiem-thu.xlsx`,
      `${BASE}.xlsx`,
      `${BASE}.zip`,
    ]);
    expect((await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name)).toEqual(
      ['01-2018', '02-2018', '03-2018', '04-2018'].map((so) => `${BASE}.${so}.pdf`),
    );
    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);

    const target = await testBackend();
    const fresh = await bookOf(target);
    const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${BASE}.xlsx`), {
      skipInvalid: false,
      pauseMs: 0,
    });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
    expect(report.imported).toHaveLength(4);

    const original = entriesOf(source, book.id);
    const imported = entriesOf(target, fresh.id);
    expect(original.map((e) => e.pages)).toEqual([[1], [2, 3], [4], [5]]);
    // The Excel file gives one page per entry, its "Trang số"; a second page is linked again by hand.
    expect(imported.map((e) => e.pages)).toEqual([[1], [2], [4], [5]]);
    expect(imported.map((e) => ({ so: e.so, data: e.data }))).toEqual(
      original.map((e) => ({ so: e.so, data: withoutMarks(e.data) })),
    );
    // The exported data are what was typed (canonical form: empty values left out).
    expect(original[1]!.data).toMatchObject({ ngayDangKy: '2018-04', conNuoi: { ngaySinh: '2016' } });
    expect(original[2]!.data.dangKyNuocNgoai).toEqual(ENTRIES[2]!.data.dangKyNuocNgoai);
  }, 180_000);

  it('reports a row with a hard error by row and column in Vietnamese, and imports nothing', async () => {
    const backend = await testBackend();
    const book = await bookOf(backend);
    const set = currentColumnSet('NCN')!;
    const at = (column: string) => set.columns.findIndex((c) => c.column === column);
    const bookValues = { office: META.office, officeCode: META.officeCode, volume: META.volume, yearOpened: 2018 };
    const rows = ENTRIES.map((e, i) => entryCells(set, e.data, bookValues, i + 1));
    rows[1]![at('cnNgaySinh')] = '31.02.2016'; // sheet row 3
    rows[2]![at('cnHoTen')] = ''; // sheet row 4: the child's name is required
    rows[3]![at('loaiDangKy')] = '9'; // sheet row 5: not a code of the list
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet(set.sheetName);
    sheet.addRow(headerCells(set));
    for (const row of rows) sheet.addRow(row);
    const file = path.join(await tempDir(), 'ncn-loi.xlsx');
    await wb.xlsx.writeFile(file);

    const column = (name: string) => sheet.getColumn(at(name) + 1).letter;
    const report = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([
      `Dòng 3, cột ${column('cnNgaySinh')} (Ngày sinh con nuôi): "31.02.2016" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)`,
      `Dòng 4, cột ${column('cnHoTen')} (Họ, chữ đệm, tên con nuôi): Bắt buộc nhập họ, chữ đệm, tên của con nuôi, hoặc đánh dấu "Không đọc được"`,
      expect.stringMatching(/^Dòng 5, cột F \(Loại đăng ký\): mã "9" không có trong danh sách/),
    ]);
    expect(report).toMatchObject({ ok: false, imported: [] });
    expect(backend.services.records.list({ bookId: book.id })).toEqual([]);
  }, 120_000);

  it('goes through the command line: record import (JSONL), export, verify, record import (Excel)', async () => {
    const data = await dataWithAdmin();
    // The Excel file goes into a fresh data folder (the same book twice in one folder would be duplicates).
    const fresh = await dataWithAdmin();
    const scans = await tempDir('sohoa-scans-');
    const newBook = async (name: string, dataDir = data) => {
      const pdf = await makeBookPdf(path.join(scans, name), 5);
      const run = await sohoa(
        ...['book', 'import', pdf, '--type', 'NCN', '--volume', META.volume, '--office', META.office],
        ...['--office-code', META.officeCode, '--year', '2018', '--data-dir', dataDir],
      );
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim();
    };
    const list = async (bookId: string, dataDir = data) =>
      (
        JSON.parse((await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', dataDir)).stdout) as {
          so: string;
          data: Record<string, unknown>;
        }[]
      )
        .map((r) => ({ so: r.so, data: withoutMarks(r.data) }))
        .sort((a, b) => a.so.localeCompare(b.so));

    const source = await newBook('nguon.pdf');
    const jsonl = path.join(scans, 'ncn.jsonl');
    await fs.writeFile(
      jsonl,
      ENTRIES.map((e) => JSON.stringify({ data: e.data, pages: e.pages.map((pageNo) => ({ pageNo })) })).join('\n'),
    );
    const loaded = await sohoa('record', 'import', '--book', source, jsonl, '--data-dir', data);
    expect(loaded.code, loaded.stderr).toBe(0);

    const out = await tempDir('sohoa-export-');
    const exported = await sohoa('export', '--book', source, '--out', out, '--data-dir', data);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = await sohoa('verify', out, '--data-dir', data);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Kết quả: ĐẠT — 1 sổ');

    const target = await newBook('dich.pdf', fresh);
    const imported = await sohoa(
      'record',
      'import',
      '--book',
      target,
      path.join(out, `${BASE}.xlsx`),
      '--data-dir',
      fresh,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const typed = await list(source);
    expect(typed.map((e) => e.so)).toEqual(['01/2018', '02/2018', '03/2018', '04/2018']);
    expect(await list(target, fresh)).toEqual(typed);
  }, 240_000);
});
