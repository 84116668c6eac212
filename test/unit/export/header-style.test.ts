/**
 * The Excel file of entries looks like the BTP import template: the header row's font,
 * alignment, borders and height, the allowed-values note in italics, and STT as a number.
 * Compared with the template itself (mau-import-khai-sinh-BTP.xlsx), read with exceljs.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExcel, CheckList, rowCells } from '../../../electron/backend/export/checks';
import { sha256Json } from '../../../electron/backend/export/files';
import { openEntriesWorkbook } from '../../../electron/backend/export/xlsx';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells } from '../../../shared/export/row-codec';
import { tempDir } from '../backend/helpers';
import { SAMPLES } from './samples';

/** The Ministry's khai sinh import template, as published (a copy of shared/reference's). */
const TEMPLATE = path.resolve(import.meta.dirname, '../../fixtures/files/mau-import-khai-sinh-BTP.xlsx');

async function templateSheet(): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(TEMPLATE);
  return wb.getWorksheet('DL Import')!;
}

const BOOK = { office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 };

describe('the header row of the Excel file', () => {
  it('has the fonts, alignment, borders, height and italic notes of the BTP template; STT is a number', async () => {
    const set = currentColumnSet('GH')!;
    const file = path.join(await tempDir('sohoa-xlsx-'), 'GH.xlsx');
    const workbook = await openEntriesWorkbook(file, set);
    const written = [entryCells(set, SAMPLES.GH, BOOK, 1), entryCells(set, SAMPLES.GH, BOOK, 2)];
    for (const cells of written) workbook.addRow(cells);
    await workbook.finish();

    const template = await templateSheet();
    const templateHeader = template.getRow(1);
    // The template's plain header cell ("so ") and a header cell with a note ("loaiDangKy \ni=[…]").
    const plain = templateHeader.getCell(2);
    const noted = templateHeader.getCell(6);
    const notedValue = noted.value as ExcelJS.CellRichTextValue;

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    const header = sheet.getRow(1);
    expect(header.height).toBe(templateHeader.height);
    let notes = 0;
    for (let c = 1; c <= set.columns.length; c++) {
      const cell = header.getCell(c);
      expect(cell.font, cell.address).toMatchObject({
        name: plain.font.name,
        size: plain.font.size,
        bold: plain.font.bold,
      });
      expect(cell.alignment, cell.address).toEqual({
        horizontal: plain.alignment.horizontal,
        vertical: plain.alignment.vertical,
        wrapText: plain.alignment.wrapText,
      });
      for (const side of ['top', 'left', 'bottom', 'right'] as const) {
        expect(cell.border[side]?.style, `${cell.address} ${side}`).toBe(plain.border[side]?.style);
      }
      if (cell.type === ExcelJS.ValueType.RichText) {
        notes += 1;
        const [name, note] = (cell.value as ExcelJS.CellRichTextValue).richText;
        expect(name!.text.endsWith('\n')).toBe(true);
        expect(note!.text).toMatch(/^i=\[/);
        expect(note!.font).toMatchObject({
          name: notedValue.richText[1]!.font!.name,
          size: notedValue.richText[1]!.font!.size,
          italic: true,
        });
      }
    }
    expect(notes).toBe(set.columns.filter((c) => c.source === 'entry' && c.codeList).length);
    expect(notes).toBeGreaterThan(0);

    // STT is a number cell, as in the template's data rows; everything else stays text.
    const stt = set.columns.findIndex((c) => c.source === 'rowNumber') + 1;
    expect(template.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(2).getCell(stt).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(3).getCell(stt).value).toBe(2);
    expect(sheet.getRow(2).getCell(stt + 1).type).toBe(ExcelJS.ValueType.String);

    // The export's own check accepts the number in STT and nowhere else.
    const list = new CheckList();
    await checkExcel(list, {
      set,
      excelFile: file,
      zipFile: '',
      countPages: false,
      expected: written.map((cells, i) => ({
        row: i + 1,
        so: '07/2018',
        rowSha256: sha256Json(rowCells(cells, set.columns.length)),
        pdf: `${i}.pdf`,
        pdfSha256: '0'.repeat(64),
        pdfPages: 1,
      })),
    });
    expect(list.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });
});
