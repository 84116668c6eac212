/**
 * `sohoa record import --book ID FILE.xlsx`: an Excel file in the Ministry's format goes through
 * the same checked, all-or-nothing import as a JSONL file; errors by row and column in Vietnamese.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { makeBookPdf } from '../../fixtures/scans';
import { sohoa } from '../../fixtures/sohoa';
import { SAMPLES } from '../export/samples';
import { dataWithAdmin, tempDir } from '../backend/helpers';

const GH = currentColumnSet('GH')!;
const BOOK = { office: 'UBND xã Hòa Bình', volume: '01/2018', yearOpened: 2018 };

async function sheet(file: string, header: string[], rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DL Import');
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('sohoa record import FILE.xlsx', () => {
  it('refuses a file with a bad cell or wrong headers, writing nothing; --skip-invalid imports the good rows', async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'GH-2018.pdf'), 3);
    const book = await sohoa(
      'book',
      'import',
      pdf,
      '--type',
      'GH',
      '--volume',
      '01/2018',
      '--office',
      BOOK.office,
      '--data-dir',
      data,
    );
    expect(book.code).toBe(0);
    const bookId = book.stdout.trim();
    const rows = [1, 2, 3].map((n) => entryCells(GH, { ...SAMPLES.GH, so: `${n}/2018`, trangSo: n }, BOOK, n));
    rows[1]![GH.columns.findIndex((c) => c.column === 'ngayDangKy')] = '2018-13';
    const dir = await tempDir();
    const file = await sheet(path.join(dir, 'GH.xlsx'), headerCells(GH), rows);
    const list = async () =>
      JSON.parse((await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', data)).stdout) as {
        so: string;
        pages: { pageNo: number }[];
      }[];

    const refused = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Dòng 3, cột E (Ngày, tháng, năm đăng ký): "2018-13" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
    );
    expect(refused.stderr).toContain('Không nhập trường hợp nào.');
    expect(await list()).toEqual([]);

    const header = headerCells(GH).map((h) => (h === 'lyDo' ? 'lyDoKhac' : h));
    const wrong = await sheet(path.join(dir, 'sai-cot.xlsx'), header, rows);
    const refusedHeader = await sohoa(
      'record',
      'import',
      '--book',
      bookId,
      wrong,
      '--skip-invalid',
      '--data-dir',
      data,
    );
    expect(refusedHeader.code).toBe(1);
    expect(refusedHeader.stderr).toContain('thiếu cột lyDo; có cột không thuộc mẫu lyDoKhac');
    expect(await list()).toEqual([]);

    const skipped = await sohoa('record', 'import', '--book', bookId, file, '--skip-invalid', '--data-dir', data);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('Đã nhập 2 trường hợp, bỏ qua 1 dòng lỗi.');
    expect((await list()).map((r) => [r.so, r.pages.map((p) => p.pageNo)]).sort()).toEqual([
      ['1/2018', [1]],
      ['3/2018', [3]],
    ]);
  }, 180_000);
});
