/**
 * The CMC book (nhận cha, mẹ, con) through the `sohoa` CLI: a file in the CMC import format is
 * refused with the row and column of a row breaking a CMC rule, imported once it is good, and the
 * book then exports and verifies.
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

const CMC = currentColumnSet('CMC')!;
const BOOK = { office: 'UBND xã Chiềng Pằn', officeCode: '04321', volume: '01/2019', yearOpened: 2019 };

const entry = (n: number, parentBorn: string) => ({
  so: `0${n}/2019`,
  trangSo: n,
  ngayDangKy: '2019-05-14',
  loaiDangKy: '1',
  loaiXacNhan: '2',
  chaMe: { hoTen: `Cà Thị Xuân ${n}`, ngaySinh: parentBorn, danToc: 'Thái', quocTich: 'Việt Nam' },
  con: { hoTen: `Lò Thị Mai ${n}`, ngaySinh: '2012-08', danToc: 'Thái', quocTich: 'Việt Nam' },
  nguoiDiDangKy: { hoTen: `Cà Thị Xuân ${n}`, quanHeNguoiDuocNhan: 'Mẹ', quanHeNguoiNhan: 'Bản thân' },
});

async function sheet(file: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DL Import');
  ws.addRow(headerCells(CMC));
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('sohoa with a CMC book', () => {
  it('imports the CMC Excel format with the CMC rules, then exports a package that verifies', async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'CMC-2019.pdf'), 2);
    const book = await sohoa(
      ...['book', 'import', pdf, '--type', 'CMC', '--volume', BOOK.volume, '--office', BOOK.office],
      ...['--office-code', BOOK.officeCode, '--data-dir', data],
    );
    expect(book.code).toBe(0);
    const bookId = book.stdout.trim();
    const dir = await tempDir();

    // Row 2: the mother born after her child.
    const bad = await sheet(path.join(dir, 'CMC-loi.xlsx'), [
      entryCells(CMC, entry(1, '2015'), BOOK, 1),
      entryCells(CMC, entry(2, '1990-04-30'), BOOK, 2),
    ]);
    const refused = await sohoa('record', 'import', '--book', bookId, bad, '--data-dir', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Dòng 2, cột O (Ngày sinh cha, mẹ): Mẹ không thể sinh sau con');
    expect(refused.stderr).toContain('Không nhập trường hợp nào.');

    const good = await sheet(path.join(dir, 'CMC.xlsx'), [
      entryCells(CMC, entry(1, '1988'), BOOK, 1),
      entryCells(CMC, entry(2, '1990-04-30'), BOOK, 2),
    ]);
    const imported = await sohoa('record', 'import', '--book', bookId, good, '--data-dir', data);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = JSON.parse(
      (await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', data)).stdout,
    ) as { so: string; data: { chaMe: { hoTen: string }; nguoiDiDangKy: Record<string, string> } }[];
    expect(listed.map((r) => [r.so, r.data.chaMe.hoTen]).sort()).toEqual([
      ['01/2019', 'Cà Thị Xuân 1'],
      ['02/2019', 'Cà Thị Xuân 2'],
    ]);
    expect(listed[0]!.data.nguoiDiDangKy).toMatchObject({ quanHeNguoiDuocNhan: 'Mẹ', quanHeNguoiNhan: 'Bản thân' });

    const out = path.join(dir, 'xuat');
    await fs.mkdir(out);
    const exported = await sohoa('export', '--book', bookId, '--out', out, '--data-dir', data);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = await sohoa('verify', out, '--data-dir', data);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Kết quả: ĐẠT — 1 sổ');
  }, 240_000);
});
