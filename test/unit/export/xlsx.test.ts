/** The streaming .xlsx writer and reader of the export. */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStreamingWorkbook, readSheetRows, type ReadRow } from '../../../electron/backend/export/xlsx';
import { tempDir } from '../backend/helpers';

describe('xlsx streaming', () => {
  it('reads back every Vietnamese letter of a large sheet, wherever the stream is cut', async () => {
    const file = path.join(await tempDir('sohoa-xlsx-'), 'big.xlsx');
    const book = await openStreamingWorkbook(file, { name: 'DL Import', header: ['so', 'hoTen', 'noiCuTru'] });
    const rows = Array.from({ length: 6000 }, (_, i) => [
      `${i + 1}/2018`,
      `Nguyễn Thị Phượng ${'ễ'.repeat(i % 7)} ${i}`,
      `Xã Tân Lập, huyện Đan Phượng, thành phố Hà Nội — ${'ặ'.repeat(i % 5)}`,
    ]);
    for (const row of rows) book.addRow(row);
    await book.finish();
    const read: ReadRow[] = [];
    expect(await readSheetRows(file, 1, (r) => void read.push(r))).toEqual({ found: true });
    expect(read[0]!.cells).toEqual(['so', 'hoTen', 'noiCuTru']);
    expect(read.slice(1).map((r) => r.cells)).toEqual(rows);
    expect(read.every((r) => r.nonText.length === 0 && r.formulas.length === 0)).toBe(true);
    expect(await readSheetRows(file, 2, () => {})).toEqual({ found: false });
  });

  it('tells formulas, numbers and shared strings apart in a file saved by another program', async () => {
    const file = path.join(await tempDir('sohoa-xlsx-'), 'other.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Bìa');
    const sheet = wb.addWorksheet('DL Import');
    sheet.addRow(['so', 'trangSo', 'ghiChu']);
    sheet.addRow(['01/2018', 5, { formula: 'A1&"x"', result: 'sox' }]);
    sheet.addRow([]);
    sheet.addRow(['02/2018', '6', { richText: [{ text: 'Ghi ' }, { text: 'chú', font: { bold: true } }] }]);
    await wb.xlsx.writeFile(file);
    const read: ReadRow[] = [];
    await readSheetRows(file, 2, (r) => void read.push(r));
    expect(read).toEqual([
      { number: 1, cells: ['so', 'trangSo', 'ghiChu'], nonText: [], formulas: [] },
      { number: 2, cells: ['01/2018', '5', 'sox'], nonText: [2], formulas: [3] },
      { number: 4, cells: ['02/2018', '6', 'Ghi chú'], nonText: [], formulas: [] },
    ]);
  });

  it('refuses a file that is not a workbook', async () => {
    const file = path.join(await tempDir('sohoa-xlsx-'), 'x.xlsx');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'không phải tệp Excel'));
    await expect(readSheetRows(file, 1, () => {})).rejects.toThrow();
  });
});
