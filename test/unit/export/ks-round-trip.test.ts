/**
 * A KS book end to end: entries typed in (partial dates, marks, an entry over two pages, empty
 * optional blocks), exported as the Excel file in the Ministry's template, the zip of one PDF per
 * entry and the acceptance report; the folder verifies; the Excel file imported into a fresh KS
 * book gives the same entries back; a bad cell is named by row and column in Vietnamese.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { cellErrorText, columnLetter } from '../../../shared/export/row-decode';
import { canonicalRecordData } from '../../../shared/records/registry';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const META = {
  type: 'KS' as const,
  office: 'UBND xã Tân Lập',
  officeCode: '04567',
  volume: '01/2018',
  yearOpened: 2018,
};

async function ksBook(backend: Pick<Backend, 'services'>, pages = 5) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), pages);
  return (await backend.services.books.importBook(META, [{ path: pdf, name: 'so.pdf' }])).book;
}

const registration = {
  quyenSo: '01/2018',
  nguoiKy: 'Lê Văn Ký',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Trần Thị Hoa',
};

/** Every column of the template filled in. */
const full = {
  ...registration,
  so: '01/2018',
  trangSo: 1,
  ngayDangKy: '2018-03-05',
  loaiDangKy: '3',
  ghiChu: '=SUM(A1:A2) ghi chú bên lề',
  nguoiKhaiSinh: {
    soDinhDanh: '001218012345',
    hoTen: 'Trần Minh An',
    gioiTinh: '1',
    ngaySinh: '2018-02-10',
    ngaySinhBangChu: 'Ngày mười tháng hai năm hai nghìn không trăm mười tám',
    noiSinh: 'Bệnh viện Tokyo',
    noiSinhDVHC: 'Tokyo',
    queQuan: 'Xã Tân Lập, huyện Đan Phượng, Hà Nội',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    quocTichStr: 'Việt Nam',
    quocTichKhac: 'Nhật Bản',
    quocTichKhacStr: 'Nhật',
    loaiKhaiSinh: '1',
  },
  matTich: {
    tinhTrang: '2',
    ngayGhiChuTuyenBo: '2019-02-01',
    canCuTuyenBo: 'Bản án 1/2019',
    ngayGhiChuHuyTuyenBo: '2020-01',
    canCuHuyTuyenBo: 'Bản án 2/2020',
  },
  hanCheNangLucHanhVi: {
    tinhTrang: '1',
    ngayGhiChuTuyenBo: '2021',
    canCuTuyenBo: 'Bản án 3/2021',
    ngayGhiChuHuyTuyenBo: '2022-05-06',
    canCuHuyTuyenBo: '05.2022',
  },
  me: {
    soDinhDanh: '001190012345',
    hoTen: 'Đỗ Thị Lan',
    ngaySinh: '1990-05-01',
    danToc: 'Ba-na',
    quocTich: 'Việt Nam',
    quocTichStr: 'VN',
    quocTichKhac: 'Lào',
    quocTichKhacStr: 'Lào',
    loaiCuTru: '2',
    noiCuTru: 'Tokyo, Nhật Bản',
    giayTo: { loai: '2', so: 'C1234567' },
  },
  cha: {
    soDinhDanh: '001088012345',
    hoTen: 'Trần Văn Bình',
    ngaySinh: '1988',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    quocTichStr: '',
    quocTichKhac: '',
    quocTichKhacStr: 'không',
    loaiCuTru: '1',
    noiCuTru: 'Tokyo, Nhật Bản',
    giayTo: { loai: '4', so: '001088012345' },
  },
  nguoiYeuCau: {
    hoTen: 'Trần Văn Bình',
    quanHe: 'Cha',
    giayTo: { loai: '8', khac: 'Giấy phép lái xe', so: 'B2-123', ngayCap: '2015-06', noiCap: 'Sở GTVT Hà Nội' },
  },
  dangKyNuocNgoai: { so: 'JP-7', ngay: '2018-02-20', coQuan: 'Tòa thị chính Tokyo', quocGia: 'Nhật Bản' },
};

/** Only what the book requires, a birth known to the year, a father not determined. */
const minimal = {
  ...registration,
  so: '02/2018',
  trangSo: 2,
  ngayDangKy: '2018-04',
  loaiDangKy: '4',
  nguoiKhaiSinh: { hoTen: 'Lò Văn Páo', ngaySinh: '2017', gioiTinh: '1', loaiKhaiSinh: '3' },
  me: { hoTen: 'Lò Thị Ín', ngaySinh: '1995', danToc: 'Thái', quocTich: 'Việt Nam' },
};

/** Marks on fields the file carries (read uncertain, a lunar birth date), over pages 3 and 4. */
const marked = {
  ...registration,
  so: '03/2018',
  trangSo: 3,
  ngayDangKy: '2018-05-02',
  loaiDangKy: '2',
  nguoiKhaiSinh: {
    hoTen: 'Nguyễn Thị Hồng',
    ngaySinh: '1960-03',
    gioiTinh: '2',
    noiSinh: 'Xóm Trại',
    danToc: 'Mông',
    quocTich: 'Việt Nam',
  },
  cha: { hoTen: 'Nguyễn Văn Tư', ngaySinh: '1930', quocTich: 'Việt Nam' },
  danhDau: {
    'nguoiKhaiSinh.noiSinh': { docChuaChac: true, ghiChu: 'Mờ' },
    'nguoiKhaiSinh.ngaySinh': { amLich: 'tháng 2 năm Canh Tý' },
  },
};

function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .sort((a, b) => a.so.localeCompare(b.so));
}

/** The data as the Excel file can carry it: canonical, without the marks (listed in the report). */
function comparable(data: unknown) {
  const { danhDau: _marks, ...rest } = canonicalRecordData(data) as Record<string, unknown>;
  return rest;
}

async function exportedKsBook() {
  const source = await testBackend();
  const book = await ksBook(source);
  const page = (no: number) => ({ pageId: book.pages.find((p) => p.pageNo === no)!.id });
  source.services.records.create({ bookId: book.id, data: full, pages: [page(1)] });
  source.services.records.create({ bookId: book.id, data: minimal, pages: [page(2)] });
  source.services.records.create({ bookId: book.id, data: marked, pages: [page(3), page(4)] });
  const out = await tempDir('sohoa-export-');
  const service = exportServiceFor(source, out);
  const exported = await service.exportBook(book.id, out);
  return { source, book, out, service, exported, xlsx: path.join(out, `${exported.baseName}.xlsx`) };
}

describe('a KS book', () => {
  it('exports Excel, one PDF per entry and the report; verifies; and imports back as the same entries', async () => {
    const { source, book, out, service, exported, xlsx } = await exportedKsBook();
    expect(exported.ok).toBe(true);
    const files = (await fs.readdir(out)).sort();
    expect(files).toEqual(
      expect.arrayContaining(
        ['xlsx', 'zip', 'nghiem-thu.xlsx', 'nghiem-thu.pdf'].map((e) => `${exported.baseName}.${e}`),
      ),
    );
    const pdfs = await readZip(path.join(out, `${exported.baseName}.zip`));
    expect(pdfs.map((f) => f.name)).toHaveLength(3);

    const verified = await service.verifyFolder(out);
    expect(verified.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'))).toEqual([]);
    expect(verified.ok).toBe(true);

    const target = await testBackend();
    const fresh = await ksBook(target);
    const report = await importXlsxFile(target.services, fresh.id, xlsx, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
    const original = entriesOf(source, book.id);
    const back = entriesOf(target, fresh.id);
    expect(original.map((e) => e.pages.map((p) => p.pageNo))).toEqual([[1], [2], [3, 4]]);
    expect(back.map((e) => e.pages.map((p) => p.pageNo))).toEqual([[1], [2], [3]]);
    expect(back.map((e) => comparable(e.data))).toEqual(original.map((e) => comparable(e.data)));
    // The full entry comes back whole, marks aside: nothing of the template's 70 columns is lost.
    expect(comparable(back[0]!.data)).toEqual(comparable(full));
  }, 180_000);

  it('refuses a row with a hard error, naming its row and column in Vietnamese', async () => {
    const { xlsx } = await exportedKsBook();
    const set = currentColumnSet('KS')!;
    const column = set.columns.findIndex((c) => c.column === 'nksNgaySinh');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    wb.getWorksheet('DL Import')!.getCell(3, column + 1).value = '31.02.2017';
    const bad = path.join(await tempDir(), 'bad.xlsx');
    await wb.xlsx.writeFile(bad);

    const target = await testBackend();
    const fresh = await ksBook(target);
    const report = await importXlsxFile(target.services, fresh.id, bad, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([
      `Dòng 3, cột ${columnLetter(column)} (Ngày sinh người được khai sinh): "31.02.2017" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)`,
    ]);
    expect(columnLetter(column)).toBe('O');
    expect(report).toMatchObject({ ok: false, imported: [] });
    expect(target.services.records.list({ bookId: fresh.id })).toEqual([]);
  }, 180_000);
});
