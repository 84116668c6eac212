/**
 * Export and verify at province scale: the manifest streamed to disk in the format earlier
 * versions wrote, a sample of the sheet read without parsing every row, and a book larger than
 * the sample checked from the hashes taken while writing plus an independent read of a sample
 * (a changed file is still read in full, to name what changed).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_SIZE, sampleRows } from '../../../electron/backend/export/checks';
import { writeManifest, type ManifestEntry } from '../../../electron/backend/export/manifest-stream';
import { openStreamingWorkbook, readSheetRows, RowFilter, type ReadRow } from '../../../electron/backend/export/xlsx';
import { exportManifestSchema, type ExportManifest } from '../../../shared/export/export';
import { makeBookPdf } from '../../fixtures/scans';
import { createRecord, EXPORT_BOOK_METADATA, ghData } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

const hash = (n: number) => n.toString(16).padStart(64, '0');

function manifestOf(entries: ManifestEntry[]): ExportManifest {
  const file = { name: 'x', size: 1, sha256: hash(1) };
  return {
    format: 'sohoa-hotich-export',
    formatVersion: 1,
    appVersion: '0.1.0-test',
    dataUpdatedAt: '2026-11-30T06:00:00.000Z',
    exportedBy: 'can-bo',
    book: { id: 'b', type: 'GH', office: 'UBND xã "Tân Lập"', volume: '01/2018', yearOpened: 2018, pageCount: 3 },
    columnSet: { bookType: 'GH', version: 1 },
    naming: '{LOAI}.{so}',
    files: {
      excel: { ...file, rows: entries.length, columnSha256: [hash(2), hash(3)] },
      zip: { ...file, entries: entries.length },
      reportExcel: file,
      reportPdf: file,
    },
    counts: { entries: entries.length, excelRows: 0, pdfs: 0, pdfPages: 0, bookPages: 3, pagesWithoutEntries: 0 },
    precheck: { errors: 0, warnings: 1, infos: 0 },
    entries: [],
    acceptance: { ok: true, checks: [{ id: 'a', label: 'Đủ "tệp"\n', status: 'pass', details: ['x'] }] },
  };
}

async function* each<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('the manifest, streamed', () => {
  it('is byte for byte what JSON.stringify(manifest, null, 1) wrote, with and without entries', async () => {
    const dir = await tempDir('sohoa-manifest-');
    const entries: ManifestEntry[] = [1, 2, 3].map((row) => ({
      row,
      entryId: `e${row}`,
      version: row,
      so: `0${row}/2018 "trùng"`,
      rowSha256: hash(row + 10),
      pdf: `GH.${row}.pdf`,
      pdfSha256: hash(row + 20),
      pdfPages: 1,
    }));
    for (const list of [entries, []]) {
      const file = path.join(dir, `m${list.length}.json`);
      const size = await writeManifest(file, manifestOf([]), each(list));
      const text = await fs.readFile(file, 'utf8');
      expect(text).toBe(`${JSON.stringify({ ...manifestOf([]), entries: list }, null, 1)}\n`);
      expect(size).toBe(Buffer.byteLength(text));
      expect(exportManifestSchema.parse(JSON.parse(text)).entries).toEqual(list);
    }
  });
});

describe('reading a sample of a sheet', () => {
  it('parses only the rows asked for, counts them all, wherever the text is cut', async () => {
    const file = path.join(await tempDir('sohoa-xlsx-'), 'big.xlsx');
    const book = await openStreamingWorkbook(file, { name: 'DL Import', header: ['so', 'hoTen'] });
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `${i + 1}/2018`,
      `Nguyễn Thị Phượng <${i}> & ${'ễ'.repeat(i % 5)}`,
    ]);
    for (const row of rows) book.addRow(row);
    await book.finish();

    const wanted = sampleRows(rows.length, 100);
    const read: ReadRow[] = [];
    const result = await readSheetRows(file, 1, (r) => void read.push(r), {
      rows: (index) => index === 1 || wanted.has(index - 1),
    });
    expect(result).toEqual({ found: true, rows: 3001 });
    expect(read.map((r) => r.number)).toEqual([1, ...[...wanted].sort((a, b) => a - b).map((n) => n + 1)]);
    for (const r of read.slice(1)) expect(r.cells).toEqual(rows[r.number - 2]);

    // The filter on its own, fed one character at a time.
    const xml = `<sheetData><row r="1"><c><v>1</v></c></row><row r="2"/><rows/><row r="3" s="1"><c t="inlineStr"><is><t>a&lt;row b</t></is></c></row></sheetData>`;
    const filter = new RowFilter((index) => index !== 2);
    let out = '';
    for (const ch of xml) out += filter.push(ch);
    out += filter.end();
    expect(out).toBe(xml.replace('<row r="2"/>', ''));
    expect(filter.count).toBe(3);
  });

  it('samples every row of a small book, and the first, last and a spread of a large one', () => {
    expect([...sampleRows(5)]).toEqual([1, 2, 3, 4, 5]);
    const large = sampleRows(100_000);
    expect(large.size).toBe(SAMPLE_SIZE);
    for (const row of [1, 2, 32, 99_969, 100_000]) expect(large.has(row)).toBe(true);
    // Between the edges, no gap wider than twice the even spacing.
    const sorted = [...large].sort((a, b) => a - b);
    const widest = Math.max(...sorted.slice(1).map((row, i) => row - sorted[i]!));
    expect(widest).toBeLessThanOrEqual((2 * 100_000) / (SAMPLE_SIZE - 64));
    expect([...large].every((row) => row >= 1 && row <= 100_000)).toBe(true);
  });
});

describe('a book larger than the sample', () => {
  it('is checked at export and by verify from hashes and a sample; a changed PDF outside it is still found', async () => {
    const backend = await testBackend();
    const scans = await tempDir('sohoa-scans-');
    const { book } = await backend.services.books.importBook(EXPORT_BOOK_METADATA, [
      { path: await makeBookPdf(path.join(scans, 'so.pdf'), 3), name: 'so.pdf' },
    ]);
    const total = SAMPLE_SIZE + 44;
    for (let n = 1; n <= total; n++) {
      const page = book.pages[Math.floor(((n - 1) * book.pages.length) / total)]!;
      await createRecord(backend, book.id, ghData(`${n}/2018`, page.pageNo), [page.id]);
    }
    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(backend, out);
    const load = vi.spyOn(PDFDocument, 'load');
    const result = await service.exportBook(book.id, out);
    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ entries: total, excelRows: total, pdfs: total, pdfPages: total });
    // The PDFs are not all parsed again: the sample is, plus the scan file once.
    expect(load.mock.calls.length).toBeLessThanOrEqual(SAMPLE_SIZE + 1);
    expect(load.mock.calls.length).toBeGreaterThanOrEqual(SAMPLE_SIZE);
    const checks = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    expect(checks['zip.hash']).toMatchObject({ status: 'pass', actual: `đọc lại ${SAMPLE_SIZE}/${total} tệp` });
    expect(checks['excel.content']).toMatchObject({ status: 'pass', actual: `đọc lại ${SAMPLE_SIZE}/${total} dòng` });
    expect(checks['excel.rows']).toMatchObject({ status: 'pass', actual: String(total) });
    expect(checks['pdf.pages']).toMatchObject({ status: 'pass', actual: String(SAMPLE_SIZE) });

    const manifestName = result.files.find((f) => f.role === 'manifest')!.name;
    const manifest = exportManifestSchema.parse(JSON.parse(await fs.readFile(path.join(out, manifestName), 'utf8')));
    expect(manifest.entries.map((e) => e.row)).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    load.mockClear();
    const intact = await service.verifyFolder(out);
    expect(intact.ok).toBe(true);
    expect(load.mock.calls.length).toBeLessThanOrEqual(SAMPLE_SIZE);

    // A PDF outside the sample, one byte changed: the zip's hash differs, every PDF is read.
    const outside = manifest.entries.find((e) => !sampleRows(total).has(e.row))!;
    const zipFile = path.join(out, manifest.files.zip.name);
    const bytes = await fs.readFile(zipFile);
    const at = bytes.indexOf('%PDF-', bytes.indexOf(outside.pdf)) + 40;
    bytes[at] = bytes[at]! ^ 0xff;
    await fs.writeFile(zipFile, bytes);
    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    const failedChecks = report.books[0]!.checks.filter((c) => c.status === 'fail');
    expect(failedChecks.find((c) => c.id === 'zip.hash')!.details).toEqual([
      `${outside.pdf} (STT ${outside.row}, số ${outside.so}): nội dung khác với lúc xuất (SHA-256 không khớp)`,
    ]);
  }, 240_000);
});
