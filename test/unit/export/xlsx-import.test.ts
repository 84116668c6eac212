/**
 * Importing an Excel file in the Ministry's format: a book exported by this app comes back as the
 * same entries (data and page links) for every typed-in type; header notes and spaces are
 * accepted, wrong headers refused by name, bad cells reported by row and column, and nothing is
 * written unless every row is good or the clerk skips the bad ones.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/backend/app';
import { importXlsxFile } from '../../../electron/backend/records/xlsx-import';
import { AppError } from '../../../shared/api/errors';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor } from './helpers';
import { SAMPLES } from './samples';

const TYPES = ['GH', 'CDGH', 'LH', 'TD'] as const;
type Type = (typeof TYPES)[number];
const META = { office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 };
const BOOK_VALUES = { office: META.office, officeCode: META.officeCode, volume: META.volume, yearOpened: 2018 };

async function bookOf(backend: Pick<Backend, 'services'>, type: Type, pages = 4) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), pages);
  const report = await backend.services.books.importBook({ type, ...META }, [{ path: pdf, name: 'so.pdf' }]);
  return report.book;
}

/** Three entries of the type, varied: numbers, pages (page 3 left empty), fields left out, partial dates. */
function variants(type: Type): Record<string, unknown>[] {
  const base = structuredClone(SAMPLES[type]);
  const year = String(base.so).split('/')[1];
  const second = structuredClone(base);
  delete second.ghiChu;
  delete second.nguoiKy;
  const third = structuredClone(base);
  third.ngayDangKy = String(base.ngayDangKy).slice(0, 7);
  if (type === 'GH' || type === 'CDGH') third.nguoiGiamHo = (base.nguoiGiamHo as unknown[]).slice(0, 1);
  if (type === 'TD') second.thayDoi = (base.thayDoi as unknown[]).slice(0, 2);
  return [base, second, third].map((data, i) => ({ ...data, so: `0${i + 1}/${year}`, trangSo: [1, 2, 4][i] }));
}

function entriesOf(backend: Pick<Backend, 'services'>, bookId: string) {
  return backend.services.records
    .list({ bookId })
    .map((s) => backend.services.records.get(s.id))
    .map((r) => ({ so: r.so, data: r.data, pages: r.pages.map((p) => p.pageNo) }))
    .sort((a, b) => a.so.localeCompare(b.so));
}

const liveCount = (backend: Awaited<ReturnType<typeof testBackend>>, bookId: string) =>
  (
    backend.db.sqlite
      .prepare('SELECT count(*) AS n FROM entries WHERE book_id = ? AND deleted_at IS NULL')
      .get(bookId) as { n: number }
  ).n;

describe('importing an exported book', () => {
  for (const type of TYPES) {
    it(`gives back the same ${type} entries, linked to the pages of their "Trang số"`, async () => {
      const source = await testBackend();
      const book = await bookOf(source, type);
      const pageOf = (no: number) => book.pages.find((p) => p.pageNo === no)!.id;
      for (const data of variants(type)) {
        source.services.records.create({ bookId: book.id, data, pages: [{ pageId: pageOf(Number(data.trangSo)) }] });
      }
      const out = await tempDir('sohoa-export-');
      const exported = await exportServiceFor(source, out).exportBook(book.id, out);
      expect(exported.ok).toBe(true);

      const target = await testBackend();
      const fresh = await bookOf(target, type);
      const report = await importXlsxFile(target.services, fresh.id, path.join(out, `${exported.baseName}.xlsx`), {
        skipInvalid: false,
        pauseMs: 0,
      });
      expect(report.errors.map(cellErrorText)).toEqual([]);
      expect(report).toMatchObject({ ok: true, skipped: 0, cancelled: 0 });
      expect(report.imported).toHaveLength(3);
      const original = entriesOf(source, book.id);
      expect(original.map((e) => e.pages)).toEqual([[1], [2], [4]]);
      expect(entriesOf(target, fresh.id)).toEqual(original);
    }, 120_000);
  }
});

/** A GH sheet written by hand: the given header cells and rows of cells. */
async function writeSheet(file: string, header: string[], rows: string[][], sheetName = 'DL Import') {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(sheetName);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  await wb.xlsx.writeFile(file);
  return file;
}

const GH = currentColumnSet('GH')!;
const ghRows = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    entryCells(GH, { ...SAMPLES.GH, so: `${i + 1}/2018`, trangSo: (i % 4) + 1 }, BOOK_VALUES, i + 1),
  );
const index = (column: string) => GH.columns.findIndex((c) => c.column === column);

async function ghTarget() {
  const backend = await testBackend();
  const book = await bookOf(backend, 'GH');
  return { backend, book };
}

describe('an Excel file in the Ministry format', () => {
  it('is accepted with notes, line breaks, "(*)" and extra spaces in its header cells', async () => {
    const { backend, book } = await ghTarget();
    const header = headerCells(GH).map((cell, i) =>
      i % 3 === 0 ? `  ${cell} ` : i % 3 === 1 ? `${cell.split('\n')[0]} (*)` : `${cell}\r\nghi chú thêm`,
    );
    header[index('loaiDangKy')] = 'loaiDangKy i=[1,2]';
    const file = await writeSheet(path.join(await tempDir(), 'notes.xlsx'), header, ghRows(3));
    const report = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(report.errors.map(cellErrorText)).toEqual([]);
    expect(report.imported.map((r) => [r.so, r.pages[0]!.pageNo])).toEqual([
      ['1/2018', 1],
      ['2/2018', 2],
      ['3/2018', 3],
    ]);
    expect(report.imported[0]!.data).toMatchObject({ loaiGiamHo: 'cu', nguoiGiamHo: [{ gioiTinh: '1' }, {}] });
  }, 120_000);

  it('is refused, naming the missing and unknown headers, when its columns are not the type’s', async () => {
    const { backend, book } = await ghTarget();
    const header = headerCells(GH);
    header[index('ngh1HoTen')] = 'ngh1Ten';
    const rows = ghRows(2);
    const without = (cells: string[]) => cells.filter((_, i) => i !== index('lyDo'));
    const file = await writeSheet(path.join(await tempDir(), 'wrong.xlsx'), without(header), rows.map(without));
    const error = await importXlsxFile(backend.services, book.id, file, { skipInvalid: true, pauseMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      'Các cột của tệp không khớp mẫu nhập sổ GH (phiên bản 1): thiếu cột ngh1HoTen, lyDo; có cột không thuộc mẫu ngh1Ten.',
    );
    expect(liveCount(backend, book.id)).toBe(0);
  }, 120_000);

  it('reports bad cells by row and column and writes nothing; with skip-invalid imports the other rows', async () => {
    const { backend, book } = await ghTarget();
    const rows = ghRows(8);
    rows[5]![index('ngayDangKy')] = '31.02.2018'; // sheet row 7, column E
    rows[2]![index('trangSo')] = '99'; // sheet row 4: the book has 4 pages
    rows[3]![index('ngh1GioiTinh')] = '7'; // sheet row 5: not a code of the list
    rows[6]![index('ndghHoTen')] = ''; // sheet row 8: the schema wants the ward's name
    const file = await writeSheet(path.join(await tempDir(), 'bad.xlsx'), headerCells(GH), rows);
    const expected = [
      'Dòng 4, cột D (Trang số): Sổ không có trang 99',
      expect.stringMatching(/^Dòng 5, cột \w+ \(Giới tính người giám hộ thứ nhất\): mã "7" không có trong danh sách/),
      'Dòng 7, cột E (Ngày, tháng, năm đăng ký): "31.02.2018" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
      expect.stringMatching(/^Dòng 8, cột \w+ \(Họ, chữ đệm, tên người được giám hộ\): /),
    ];

    const refused = await importXlsxFile(backend.services, book.id, file, { skipInvalid: false, pauseMs: 0 });
    expect(refused.errors.map(cellErrorText)).toEqual(expected);
    expect(refused).toMatchObject({ ok: false, imported: [] });
    expect(liveCount(backend, book.id)).toBe(0);

    const skipped = await importXlsxFile(backend.services, book.id, file, { skipInvalid: true, pauseMs: 0 });
    expect(skipped.errors.map(cellErrorText)).toEqual(expected);
    expect(skipped).toMatchObject({ ok: true, skipped: 4 });
    expect(skipped.imported.map((r) => r.so).sort()).toEqual(['1/2018', '2/2018', '5/2018', '8/2018']);
    expect(liveCount(backend, book.id)).toBe(4);
  }, 120_000);
});

describe('records.importXlsx (Nhập từ Excel)', () => {
  it('imports a staged file through the API, lists the errors by cell, and releases the file', async () => {
    const { backend, book } = await ghTarget();
    const rows = ghRows(3);
    rows[1]![index('ngayDangKy')] = 'mai';
    const file = await writeSheet(path.join(await tempDir(), 'api.xlsx'), headerCells(GH), rows);

    const first = await backend.staging.stagePath(file);
    const refused = await backend.dispatch('records.importXlsx', { bookId: book.id, stagedId: first.stagedId });
    expect(refused).toEqual({
      ok: true,
      result: {
        ok: false,
        imported: 0,
        skipped: 0,
        errors: [
          {
            row: 3,
            column: 'E',
            header: 'ngayDangKy',
            label: 'Ngày, tháng, năm đăng ký',
            message: '"mai" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
          },
        ],
      },
    });
    expect(liveCount(backend, book.id)).toBe(0);
    expect(() => backend.staging.resolve(first.stagedId)).toThrow();

    const second = await backend.staging.stagePath(file);
    const skipped = await backend.dispatch('records.importXlsx', {
      bookId: book.id,
      stagedId: second.stagedId,
      skipInvalid: true,
    });
    expect(skipped).toMatchObject({ ok: true, result: { ok: true, imported: 2, skipped: 1 } });
    expect(liveCount(backend, book.id)).toBe(2);

    const wrong = await writeSheet(path.join(await tempDir(), 'sai.xlsx'), ['STT', 'hoTen'], rows);
    const third = await backend.staging.stagePath(wrong);
    const refusedFile = await backend.dispatch('records.importXlsx', { bookId: book.id, stagedId: third.stagedId });
    expect(refusedFile).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('có cột không thuộc mẫu hoTen') },
    });
    expect(liveCount(backend, book.id)).toBe(2);
  }, 120_000);
});
