/**
 * An HN book from the command line: `sohoa book import --type HN`, `sohoa record import FILE.xlsx`
 * of a file in the Ministry's HN columns (refused with the bad cell named, then imported),
 * `sohoa export` and `sohoa verify` on the folder.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { makeBookPdf } from '../../fixtures/scans';
import { sohoa } from '../../fixtures/sohoa';
import { dataWithAdmin, tempDir } from '../backend/helpers';

const HN = currentColumnSet('HN')!;
const BOOK = { office: 'UBND xã Chiềng Ly', officeCode: '04321', volume: '01/2019', yearOpened: 2019 };

const entry = (n: number) => ({
  so: `${n}/2019`,
  quyenSo: '01/2019',
  trangSo: n,
  ngayDangKy: `2019-0${n}-10`,
  nguoiDuocXacNhan: { hoTen: `Lò Thị Xuân ${n}`, gioiTinh: '2', ngaySinh: '1995-02-11', danToc: 'Thái' },
  tinhTrangHonNhan: 'Chưa đăng ký kết hôn với ai',
  loaiMucDichSuDung: n === 2 ? 'khac' : 'ket-hon',
  mucDichSuDung: n === 2 ? 'Xin việc' : '',
});

async function sheet(file: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DL Import');
  ws.addRow(headerCells(HN));
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('an HN book from the command line', () => {
  it('imports the Ministry-format file (refusing a bad cell by row and column), exports and verifies', async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'HN-2019.pdf'), 3);
    const book = await sohoa(
      ...['book', 'import', pdf, '--type', 'HN', '--volume', BOOK.volume, '--office', BOOK.office],
      ...['--office-code', BOOK.officeCode, '--data-dir', data],
    );
    expect(book.code).toBe(0);
    const bookId = book.stdout.trim();
    const dir = await tempDir();
    const rows = [1, 2, 3].map((n) => entryCells(HN, entry(n), BOOK, n));

    const bad = rows.map((row) => [...row]);
    bad[1]![HN.columns.findIndex((c) => c.column === 'nxnLoaiMucDichSuDung')] = '9';
    const badFile = await sheet(path.join(dir, 'loi.xlsx'), bad);
    const refused = await sohoa('record', 'import', '--book', bookId, badFile, '--data-dir', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Dòng 3, cột AB \(Loại mục đích sử dụng\): mã "9" không có trong danh sách/);
    expect(refused.stderr).toContain('Không nhập trường hợp nào.');

    const file = await sheet(path.join(dir, 'HN.xlsx'), rows);
    const imported = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', data);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('Đã nhập 3 trường hợp.');

    const out = await tempDir('sohoa-export-');
    const exported = await sohoa('export', '--book', bookId, '--out', out, '--data-dir', data);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('ĐẠT: 3 trường hợp');
    expect((await fs.readdir(out)).filter((n) => n.startsWith('HN.04321.2019.01-2019'))).toHaveLength(5);
    const verified = await sohoa('verify', out, '--data-dir', data);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Kết quả: ĐẠT');
  }, 180_000);
});
