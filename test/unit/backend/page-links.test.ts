/**
 * Page links can be changed after saving, and the export cuts the entry's PDF from the links of
 * the moment: a second (facing) page, a move to another page, a redrawn or cleared box, and a
 * corrected "Trang số" that moves the links with it. A printed page off the book's usual offset
 * is a warning.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BookDetail } from '../../../shared/books/book';
import type { RecordDetail, RecordHistoryItem } from '../../../shared/records/record';
import { makeBookPdf } from '../../fixtures/scans';
import { exportServiceFor, pdfText, readZip } from '../export/helpers';
import { ghEntry, ghMetadata, tempDir, testBackend } from './helpers';

type Backend = Awaited<ReturnType<typeof testBackend>>;

async function call<T>(backend: Backend, method: string, input: object): Promise<T> {
  const response = await backend.dispatch(method as never, input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

/** A book of `pages` pages whose first scan is a cover: printed page n is scan page n + 1. */
async function coveredBook(backend: Backend, pages: number): Promise<BookDetail> {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), pages);
  const report = await backend.services.books.importBook({ ...ghMetadata, officeCode: '04567' }, [
    { path: pdf, name: 'so.pdf' },
  ]);
  return report.book;
}

async function entry(backend: Backend, book: BookDetail, so: string, trangSo: number, scanPageNo: number) {
  return call<RecordDetail>(backend, 'records.create', {
    bookId: book.id,
    data: { ...ghEntry, so, trangSo },
    pages: [{ pageId: book.pages[scanPageNo - 1]!.id, rect: { x: 0.1, y: 0.1, w: 0.5, h: 0.2 } }],
  });
}

/** The text of each exported entry PDF ("TRANG n" is printed on scan page n), by file name. */
async function exportedPages(backend: Backend, book: BookDetail): Promise<Record<string, string>> {
  const out = await tempDir('sohoa-export-');
  const result = await exportServiceFor(backend, out).exportBook(book.id, out);
  const zip = await readZip(path.join(out, `${result.baseName}.zip`));
  const texts: Record<string, string> = {};
  for (const file of zip) {
    const where = path.join(out, `read-${file.name}`);
    await fs.writeFile(where, file.bytes);
    texts[file.name.replace(`${result.baseName}.`, '')] = (await pdfText(where)).replace(/\s+/g, ' ').trim();
  }
  return texts;
}

describe('page links after saving', () => {
  it('warns when the printed page is off the book’s usual offset', async () => {
    const backend = await testBackend();
    const book = await coveredBook(backend, 6);
    expect((await entry(backend, book, '01/2018', 1, 2)).warnings).toEqual([]);
    expect((await entry(backend, book, '02/2018', 2, 3)).warnings).toEqual([]);
    expect((await entry(backend, book, '03/2018', 3, 4)).warnings).toEqual([]);
    const off = await entry(backend, book, '04/2018', 3, 6);
    expect(off.warnings).toEqual([
      {
        path: 'trangSo',
        message:
          'Trang số 3 không khớp trang scan 6: theo sổ phải là trang scan 4 (các trường hợp khác của sổ lệch 1 trang)',
      },
    ]);
  });

  it('adds a facing page, moves, redraws and clears the box; the export cuts the current pages', async () => {
    const backend = await testBackend();
    const book = await coveredBook(backend, 6);
    await entry(backend, book, '01/2018', 1, 2);
    const second = await entry(backend, book, '02/2018', 2, 3);
    const page = (no: number) => book.pages[no - 1]!.id;

    // Across facing pages 3 and 4.
    const facing = await call<RecordDetail>(backend, 'records.update', {
      id: second.id,
      expectedVersion: 1,
      data: second.data,
      pages: [{ pageId: page(3), rect: { x: 0.1, y: 0.1, w: 0.5, h: 0.2 } }, { pageId: page(4) }],
    });
    expect(facing.version).toBe(2);
    expect(facing.pages.map((p) => p.pageNo)).toEqual([3, 4]);
    expect(facing.warnings).toEqual([]);
    expect((await exportedPages(backend, book))['02-2018.pdf']).toBe('TRANG 3 TRANG 4');

    // Redrawn, then cleared.
    const redrawn = await call<RecordDetail>(backend, 'records.update', {
      id: second.id,
      expectedVersion: 2,
      data: second.data,
      pages: [{ pageId: page(3), rect: { x: 0.2, y: 0.5, w: 0.6, h: 0.3 } }, { pageId: page(4) }],
    });
    expect(redrawn.pages[0]!.rect).toEqual({ x: 0.2, y: 0.5, w: 0.6, h: 0.3 });
    const cleared = await call<RecordDetail>(backend, 'records.update', {
      id: second.id,
      expectedVersion: 3,
      data: second.data,
      pages: [{ pageId: page(3) }, { pageId: page(4) }],
    });
    expect(cleared.pages[0]!.rect).toBeUndefined();

    // Moved to another page (with its printed page): the PDF follows.
    const moved = await call<RecordDetail>(backend, 'records.update', {
      id: second.id,
      expectedVersion: 4,
      data: { ...second.data, trangSo: 4 },
      pages: [{ pageId: page(5) }],
    });
    expect(moved.pages.map((p) => p.pageNo)).toEqual([5]);
    expect(moved.warnings).toEqual([]);
    expect((await exportedPages(backend, book))['02-2018.pdf']).toBe('TRANG 5');

    const history = await call<RecordHistoryItem[]>(backend, 'records.history', { id: second.id });
    expect(history.at(-1)!.after).toMatchObject({ 'pages.0.pageId': page(5), trangSo: 4 });
  });

  it('moves the links with a corrected "Trang số", so the Excel row and the PDF tell the same page', async () => {
    const backend = await testBackend();
    const book = await coveredBook(backend, 6);
    await entry(backend, book, '01/2018', 1, 2);
    const typo = await entry(backend, book, '02/2018', 2, 3);
    // Only the printed page is corrected in the form (no pages sent): the scan page follows.
    const corrected = await call<RecordDetail>(backend, 'records.update', {
      id: typo.id,
      expectedVersion: 1,
      data: { ...typo.data, trangSo: 4 },
    });
    expect(corrected.trangSo).toBe(4);
    expect(corrected.pages.map((p) => p.pageNo)).toEqual([5]);
    // The box belonged to the old page: it is not carried to another one.
    expect(corrected.pages[0]!.rect).toBeUndefined();
    expect((await exportedPages(backend, book))['02-2018.pdf']).toBe('TRANG 5');

    // A "Trang số" that was the mistake (its links were right) is corrected without a move.
    const wrongPrinted = await entry(backend, book, '03/2018', 5, 4);
    expect(wrongPrinted.warnings.map((w) => w.path)).toEqual(['trangSo']);
    const fixed = await call<RecordDetail>(backend, 'records.update', {
      id: wrongPrinted.id,
      expectedVersion: 1,
      data: { ...wrongPrinted.data, trangSo: 3 },
    });
    expect(fixed.pages.map((p) => p.pageNo)).toEqual([4]);
    expect(fixed.warnings).toEqual([]);
  });
});
