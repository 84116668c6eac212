/**
 * "Nhập từ Excel" checks a file before importing it: records.importXlsx with `dryRun` reads and
 * checks every row as the import does (cells, schemas and rules, numbers repeated in the file),
 * lists the errors by row and column and how many rows are ready, and writes nothing. The import
 * that follows says how many entries came in and how many book pages they are linked to.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { entryCells, headerCells } from '../../../shared/export/row-codec';
import { cellErrorText } from '../../../shared/export/row-decode';
import type { ImportXlsxResult } from '../../../shared/records/xlsx-import';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { SAMPLES } from './samples';

const GH = currentColumnSet('GH')!;
const BOOK = { office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 };
const index = (column: string) => GH.columns.findIndex((c) => c.column === column);

async function ghBook() {
  const backend = await testBackend();
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), 4);
  const report = await backend.services.books.importBook({ type: 'GH', ...BOOK }, [{ path: pdf, name: 'so.pdf' }]);
  return { backend, book: report.book };
}

/** A GH sheet: rows numbered 1/2018… on pages 1, 2, 3, 4, 1, … */
async function ghFile(name: string, count: number, edit: (rows: string[][]) => void = () => {}) {
  const rows = Array.from({ length: count }, (_, i) =>
    entryCells(GH, { ...SAMPLES.GH, so: `${i + 1}/2018`, trangSo: (i % 4) + 1 }, BOOK, i + 1),
  );
  edit(rows);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('DL Import');
  sheet.addRow(headerCells(GH));
  for (const row of rows) sheet.addRow(row);
  const file = path.join(await tempDir(), name);
  await wb.xlsx.writeFile(file);
  return file;
}

type Backend = Awaited<ReturnType<typeof testBackend>>;
const count = (backend: Backend, sql: string, ...args: unknown[]) =>
  (backend.db.sqlite.prepare(sql).get(...args) as { n: number }).n;

async function call(backend: Backend, input: Record<string, unknown>): Promise<ImportXlsxResult> {
  const answer = await backend.dispatch('records.importXlsx', input);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.result as ImportXlsxResult;
}

describe('records.importXlsx with dryRun (Nhập từ Excel: kiểm tra trước)', () => {
  it('lists the errors by row and column and the rows ready, writes nothing, and releases the file', async () => {
    const { backend, book } = await ghBook();
    const file = await ghFile('tra-ve.xlsx', 5, (rows) => {
      rows[1]![index('ngayDangKy')] = '30.02.2018'; // sheet row 3: no such date
      rows[3]![index('so')] = '1/2018'; // sheet row 5: the number of row 2 again
    });
    const entriesBefore = count(backend, 'SELECT count(*) AS n FROM entries');
    const auditBefore = count(backend, 'SELECT count(*) AS n FROM audit_log');

    const staged = await backend.staging.stagePath(file);
    const checked = await call(backend, { bookId: book.id, stagedId: staged.stagedId, dryRun: true });
    expect(checked).toMatchObject({ ok: false, imported: 0, skipped: 2, ready: 3 });
    expect(checked.pages).toBeUndefined();
    expect(checked.errors.map(cellErrorText)).toEqual([
      'Dòng 3, cột E (Ngày, tháng, năm đăng ký): "30.02.2018" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
      expect.stringMatching(/^Dòng 5, cột \w+ \(Số\): Trùng số 1\/2018 với một dòng trước trong tệp/),
    ]);
    expect(count(backend, 'SELECT count(*) AS n FROM entries')).toBe(entriesBefore);
    expect(count(backend, 'SELECT count(*) AS n FROM import_runs')).toBe(0);
    expect(count(backend, 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
    expect(() => backend.staging.resolve(staged.stagedId)).toThrow();

    // The same check with skipInvalid says the same; then the import writes the 3 ready rows.
    const again = await backend.staging.stagePath(file);
    expect(await call(backend, { bookId: book.id, stagedId: again.stagedId, dryRun: true, skipInvalid: true })).toEqual(
      checked,
    );
    expect(count(backend, 'SELECT count(*) AS n FROM entries')).toBe(entriesBefore);

    const real = await backend.staging.stagePath(file);
    const imported = await call(backend, { bookId: book.id, stagedId: real.stagedId, skipInvalid: true });
    expect(imported).toMatchObject({ ok: true, imported: 3, skipped: 2, pages: 2 }); // pages 1 and 3
    expect(imported.ready).toBeUndefined();
    const linked = backend.services.records
      .list({ bookId: book.id })
      .map((s) => backend.services.records.get(s.id))
      .map((r) => [r.so, r.pages.map((p) => p.pageNo)])
      .sort();
    expect(linked).toEqual([
      ['1/2018', [1]],
      ['3/2018', [3]],
      ['5/2018', [1]],
    ]);
  }, 120_000);

  it('says a clean file is ready in full, and the entries already in the book count as errors', async () => {
    const { backend, book } = await ghBook();
    const file = await ghFile('sach.xlsx', 4);
    const staged = await backend.staging.stagePath(file);
    expect(await call(backend, { bookId: book.id, stagedId: staged.stagedId, dryRun: true })).toEqual({
      ok: true,
      imported: 0,
      skipped: 0,
      errors: [],
      ready: 4,
    });
    expect(count(backend, 'SELECT count(*) AS n FROM entries WHERE book_id = ?', book.id)).toBe(0);

    const real = await backend.staging.stagePath(file);
    expect(await call(backend, { bookId: book.id, stagedId: real.stagedId })).toEqual({
      ok: true,
      imported: 4,
      skipped: 0,
      errors: [],
      pages: 4,
    });

    // The same file again: every number is already in the book.
    const twice = await backend.staging.stagePath(file);
    const checked = await call(backend, { bookId: book.id, stagedId: twice.stagedId, dryRun: true });
    expect(checked).toMatchObject({ ok: false, ready: 0, skipped: 4 });
    expect(checked.errors.map((e) => e.row)).toEqual([2, 3, 4, 5]);
    expect(count(backend, 'SELECT count(*) AS n FROM entries WHERE book_id = ?', book.id)).toBe(4);
  }, 120_000);
});
