/**
 * The KS export against the Ministry's real template (mau-import-khai-sinh-BTP.xlsx, beside the
 * repository in ../shared/reference): the same sheet names, every header cell of "DL Import" (its
 * text with trailing spaces and the allowed-values note after the line break) and every cell of
 * "Ghi chu" in the same place; and the template's own sample rows import into a KS book.
 */
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { cellErrorText } from '../../../shared/export/row-decode';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor } from './helpers';

/**
 * The template beside the repository: `../shared/reference/` from its root (a CI clone, the main
 * checkout), or from a folder further up (a git worktree inside the project's folder).
 */
function templateFile(): string {
  const name = path.join('shared', 'reference', 'mau-import-khai-sinh-BTP.xlsx');
  let dir = path.resolve(__dirname, '../../../..');
  for (;;) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Không tìm thấy mẫu ../${name} của Bộ Tư pháp cạnh kho mã`);
    dir = parent;
  }
}
const TEMPLATE = templateFile();
const META = {
  type: 'KS' as const,
  office: 'UBND xã An Nhơn',
  officeCode: '42817',
  volume: '02/2018',
  yearOpened: 2018,
};

async function ksBook(backend: Pick<Backend, 'services'>, pages: number) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), pages);
  return (await backend.services.books.importBook(META, [{ path: pdf, name: 'so.pdf' }])).book;
}

async function workbook(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A cell's text, rich text joined; numbers stay numbers. */
function cellValue(cell: ExcelJS.Cell): string | number | null {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return JSON.stringify(value);
}

/** Every non-empty cell of a sheet by address (merged cells read through their master). */
function cellsOf(sheet: ExcelJS.Worksheet): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  sheet.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      out[cell.address] = cellValue(cell);
    }),
  );
  return out;
}

/** The part of a rich-text header after the line break (the allowed-values note), or undefined. */
function noteOf(cell: ExcelJS.Cell): string | undefined {
  const value = cell.value;
  if (!value || typeof value !== 'object' || !('richText' in value)) return undefined;
  return value.richText
    .map((r) => r.text)
    .join('')
    .split('\n')[1];
}

/** How a rich-text cell is split into runs, and which runs are the italic note. */
function runsOf(cell: ExcelJS.Cell): { text: string; italic: boolean }[] | undefined {
  const value = cell.value;
  if (!value || typeof value !== 'object' || !('richText' in value)) return undefined;
  return value.richText.map((r) => ({ text: r.text, italic: r.font?.italic === true }));
}

async function exportedKs(): Promise<string> {
  const backend = await testBackend();
  const book = await ksBook(backend, 2);
  backend.services.records.create({
    bookId: book.id,
    data: {
      so: '01/2018',
      quyenSo: '02/2018',
      trangSo: 1,
      ngayDangKy: '2018-03-05',
      loaiDangKy: '1',
      nguoiKhaiSinh: { hoTen: 'Phạm Anh Đài', ngaySinh: '2018-02-01', gioiTinh: '2' },
    },
    pages: [{ pageId: book.pages[0]!.id }],
  });
  const out = await tempDir('sohoa-export-');
  const exported = await exportServiceFor(backend, out).exportBook(book.id, out);
  expect(exported.ok).toBe(true);
  return path.join(out, `${exported.baseName}.xlsx`);
}

describe('the KS export and the Ministry’s template', () => {
  it('have the same sheets, header cells and "Ghi chu" cells', async () => {
    const template = await workbook(TEMPLATE);
    const ours = await workbook(await exportedKs());
    expect(ours.worksheets.map((s) => s.name)).toEqual(template.worksheets.map((s) => s.name));
    expect(ours.worksheets.map((s) => s.name)).toEqual(['DL Import', 'Ghi chu']);

    const theirs = template.getWorksheet('DL Import')!;
    const mine = ours.getWorksheet('DL Import')!;
    expect(mine.getRow(1).cellCount).toBe(theirs.getRow(1).cellCount);
    expect(theirs.getRow(1).cellCount).toBe(70);
    for (let c = 1; c <= 70; c++) {
      const expected = theirs.getRow(1).getCell(c);
      const actual = mine.getRow(1).getCell(c);
      expect(cellValue(actual), expected.address).toBe(cellValue(expected));
      expect(noteOf(actual), expected.address).toBe(noteOf(expected));
      expect(runsOf(actual), expected.address).toEqual(runsOf(expected));
    }

    const codesTheirs = template.getWorksheet('Ghi chu')!;
    const codesMine = ours.getWorksheet('Ghi chu')!;
    expect(cellsOf(codesMine)).toEqual(cellsOf(codesTheirs));
    const merges = (sheet: ExcelJS.Worksheet) => [...(sheet.model.merges ?? [])].sort();
    expect(merges(codesMine)).toEqual(merges(codesTheirs));
    expect(Object.keys(cellsOf(codesTheirs))).toHaveLength(46);
  }, 120_000);

  it('imports the template’s own sample rows (dates with slashes, "Ba Na", trailing spaces, numbers)', async () => {
    const backend = await testBackend();
    const book = await ksBook(backend, 55);
    const report = await importXlsxFile(backend.services, book.id, TEMPLATE, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report.ok).toBe(true);
    const bySo = Object.fromEntries(report.imported.map((r) => [r.so, r]));
    expect(Object.keys(bySo).sort()).toEqual(['01/2018', '02/2018', '03/2008']);
    expect(bySo['01/2018']!.pages.map((p) => p.pageNo)).toEqual([55]);
    expect(bySo['01/2018']!.data).toMatchObject({
      ngayDangKy: '2008-10-27',
      loaiDangKy: '1',
      nguoiKhaiSinh: { hoTen: 'Phạm Anh Đài', gioiTinh: '2', ngaySinh: '2008-09-01', danToc: 'Kinh' },
      me: { hoTen: 'Nguyễn Thị Lan', ngaySinh: '1981-10-10', loaiCuTru: '1', giayTo: { loai: '1', so: '165415511' } },
      cha: { hoTen: 'Hoàng Đức Minh', ngaySinh: '1981-10-10', danToc: 'Ba-na', quocTich: 'Việt Nam' },
      nguoiYeuCau: { hoTen: 'Hoàng Đức Minh', quanHe: 'cha' },
    });
    expect(bySo['02/2018']!.data).toMatchObject({ nguoiKhaiSinh: { danToc: 'Ba-na' }, me: { danToc: 'Ba-na' } });
    expect(bySo['03/2008']!.data).toMatchObject({
      nguoiKhaiSinh: { quocTichKhac: 'Nhật Bản', queQuan: 'Nhật Bản', noiSinhDVHC: 'thành phố Hải Phòng' },
      matTich: { tinhTrang: '2', ngayGhiChuTuyenBo: '2019-02-01', ngayGhiChuHuyTuyenBo: '2019-01' },
      hanCheNangLucHanhVi: { tinhTrang: '1', canCuHuyTuyenBo: '05.2019' },
      cha: { hoTen: 'Fukunda Yaruo', quocTich: 'Nhật Bản', quocTichKhac: 'Việt Nam', giayTo: { loai: '6' } },
      nguoiYeuCau: { giayTo: { loai: '1', so: '141742143', ngayCap: '2007-01-29' } },
    });
    // What the Ministry's sample gets wrong is a warning, not a refusal: số 01/2018 registered in 2008.
    expect(bySo['01/2018']!.warnings.map((w) => w.message)).toContain('Năm trong số (2018) khác năm đăng ký (2008)');
  }, 180_000);
});
