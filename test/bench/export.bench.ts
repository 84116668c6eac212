/**
 * Export bench: time and peak memory of the pre-import check, the export (Excel + zip of entry
 * PDFs, read back and checked, reports, manifest) and `verify`, through the real backend:
 *
 * - a book of 10 000 entries (BENCH_EXPORT_ENTRIES) on light vector pages: the cost of the
 *   pipeline itself;
 * - the 300-page fixture PDF of 300-dpi page images, one entry per page: the cost with real scans
 *   (each entry PDF carries its page image, so the zip is as large as the pages);
 * - a database of 100 000 entries (BENCH_EXPORT_DB_ENTRIES; BENCH_EXPORT_SKIP_DB=1 skips it) in
 *   books of 10 000: one book exported from the full database, then every book, then `verify`.
 *
 * Each book's first entry is saved through the records service; the rest are copies of its row
 * made with prepared statements (see bookWithEntries). Aims are not set by the issue: figures only.
 */
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openBackend, type Backend } from '../../electron/backend/app';
import { backendContext } from '../../electron/backend/context';
import { createExportService, type ExportService } from '../../electron/backend/export/export-service';
import { standaloneControl } from '../../electron/backend/jobs/jobs';
import { MIGRATIONS_DIR } from '../../electron/backend/source-paths';
import { v7 as uuidv7 } from 'uuid';
import { contentHash } from '../../electron/backend/records/records-service';
import type { BookMetadata } from '../../shared/books/book';
import { canonicalRecordData } from '../../shared/records/registry';
import { foldForSearch } from '../../shared/text/normalize';
import { makeBookPdf } from '../fixtures/scans';
import { ensureFixtures } from './fixtures';
import { MB, progress, withPeakRss, type BenchResult, type Figure, type FigureGroup } from './report';

const BOOK_ENTRIES = Number(process.env.BENCH_EXPORT_ENTRIES ?? 10_000);
const DB_ENTRIES = Number(process.env.BENCH_EXPORT_DB_ENTRIES ?? 100_000);
const SKIP_DB = process.env.BENCH_EXPORT_SKIP_DB === '1';
/** Pages of the light vector book; entries are spread evenly over them. */
const LIGHT_PAGES = 500;
const BATCH = 5000;

function guardianEntry(n: number, volume: string, trangSo: number): Record<string, unknown> {
  return {
    so: `${n}/2018`,
    quyenSo: volume,
    trangSo,
    ngayDangKy: '2018-03-05',
    loaiGiamHo: 'cu',
    nguoiKy: 'Lê Văn Ký',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
    nguoiGiamHo: [
      {
        hoTen: `Nguyễn Văn Bình ${n}`,
        ngaySinh: '1970-02-01',
        gioiTinh: '1',
        danToc: 'Kinh',
        quocTich: 'Việt Nam',
        giayTo: { loai: '4', so: '001070012345', ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
        noiCuTru: 'Thôn Đông, xã Tân Lập',
      },
    ],
    nguoiDuocGiamHo: { hoTen: `Nguyễn Thị Phượng ${n}`, ngaySinh: '2010-07-12', gioiTinh: '2', noiSinh: 'Xã Tân Lập' },
  };
}

/**
 * A book from `file` with `entries` entries spread over its pages. The first entry is saved
 * through the records service (so the bench fails loudly when the schema no longer accepts its
 * data); the others are copies of its row with their own id, số and names, inserted with prepared
 * statements in large transactions (the search index follows through the table's triggers).
 */
async function bookWithEntries(
  backend: Backend,
  metadata: BookMetadata,
  file: { path: string; name: string },
  entries: number,
): Promise<string> {
  const { book } = await backend.services.books.importBook(metadata, [file]);
  const pages = book.pages;
  const pageOf = (i: number) => pages[Math.floor((i * pages.length) / entries)]!;
  const first = backend.services.records.create({
    bookId: book.id,
    data: guardianEntry(1, metadata.volume, pageOf(0).pageNo),
    pages: [{ pageId: pageOf(0).id }],
  });
  const { sqlite } = backend.db;
  const columns = (sqlite.prepare('PRAGMA table_info(entries)').all() as { name: string }[]).map((c) => c.name);
  const own = ['id', 'so', 'so_number', 'trang_so', 'data', 'content_hash', 'primary_name', 'search_text'];
  const insert = sqlite.prepare(
    `INSERT INTO entries (${columns.join(', ')}) SELECT ${columns
      .map((c) => (own.includes(c) ? `@${c}` : c))
      .join(', ')} FROM entries WHERE id = @template`,
  );
  const link = sqlite.prepare('INSERT INTO entry_pages (entry_id, page_id, position) VALUES (?, ?, 0)');
  for (let start = 1; start < entries; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(entries, start + BATCH); i++) {
        const page = pageOf(i);
        const data = canonicalRecordData(guardianEntry(i + 1, metadata.volume, page.pageNo)) as Record<string, unknown>;
        const id = uuidv7();
        const ward = `Nguyễn Thị Phượng ${i + 1}`;
        insert.run({
          template: first.id,
          id,
          so: `${i + 1}/2018`,
          so_number: i + 1,
          trang_so: page.pageNo,
          data: JSON.stringify(data),
          content_hash: contentHash(data),
          primary_name: ward,
          search_text: foldForSearch(`${i + 1}/2018 ${ward} Nguyễn Văn Bình ${i + 1}`),
        });
        link.run(id, page.id);
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return book.id;
}

/** The cell values of every sheet of an xlsx file, read with exceljs's streaming reader. */
async function sheetRows(file: string): Promise<{ name: string; rows: ExcelJS.CellValue[][] }[]> {
  const sheets: { name: string; rows: ExcelJS.CellValue[][] }[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache' });
  for await (const sheet of reader) {
    const rows: ExcelJS.CellValue[][] = [];
    const named = sheet as unknown as { name?: string };
    for await (const row of sheet) rows.push((row.values as ExcelJS.CellValue[]).slice(1));
    sheets.push({ name: named.name ?? `Sheet${sheets.length + 1}`, rows });
  }
  return sheets;
}

/**
 * The floor of the export: exceljs's streaming writer writing the same rows (the cell values of
 * the Excel file the export wrote, read back first, untimed) to a file, nothing else: no PDFs,
 * zip, checks or reports. Returns the time of the write.
 */
async function excelStreamingFloor(file: string, out: string): Promise<number> {
  const sheets = await sheetRows(file);
  const started = performance.now();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(out), useSharedStrings: false });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row).commit();
    worksheet.commit();
  }
  await workbook.commit();
  return performance.now() - started;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(dir)) total += (await fs.stat(path.join(dir, name))).size;
  return total;
}

function quietControl(label: string) {
  let last = 0;
  return standaloneControl((p) => {
    if (performance.now() - last < 5000) return;
    last = performance.now();
    progress(`  ${label}: ${p.done}/${p.total} ${p.message}`);
  });
}

async function exportFigures(
  service: ExportService,
  key: string,
  bookId: string,
  outDir: string,
  errors: string[],
): Promise<Figure[]> {
  const pre = await withPeakRss(() => service.precheck(bookId));
  const run = await withPeakRss(() => service.exportBook(bookId, outDir, {}, quietControl(key)));
  if (!run.result.ok) {
    errors.push(
      `${key}: export checks failed: ${JSON.stringify(run.result.checks.filter((c) => c.status === 'fail'))}`,
    );
  }
  const zip = run.result.files.find((f) => f.role === 'zip')!;
  const excel = run.result.files.find((f) => f.role === 'excel');
  const floorMs = excel
    ? await excelStreamingFloor(path.join(outDir, excel.name), path.join(outDir, '..', `${key}-floor.xlsx`))
    : undefined;
  const check = await withPeakRss(() => service.verifyFolder(outDir));
  if (!check.result.ok) errors.push(`${key}: verify failed`);
  const entries = run.result.counts.entries;
  return [
    { key: `${key}.precheck_ms`, label: 'Pre-import check', value: pre.ms, unit: 'ms' },
    {
      key: `${key}.export_ms`,
      label: 'Export (write, read back and check, reports)',
      value: run.ms,
      unit: 'ms',
      note: `${((run.ms / entries) * 1000).toFixed(0)} µs per entry`,
      floor: { value: floorMs, what: 'exceljs streaming write of the same rows' },
    },
    {
      key: `${key}.export_peak_rss_mb`,
      label: 'Export: peak RSS of the Node process',
      value: run.peakRss / MB,
      unit: 'MB',
      note: `${(run.rssBefore / MB).toFixed(0)} MB before`,
    },
    {
      key: `${key}.zip_mb`,
      label: 'Size of the zip of entry PDFs',
      value: zip.size / MB,
      unit: 'MB',
      note: `${entries} PDFs, ${run.result.counts.pdfPages} pages`,
    },
    { key: `${key}.verify_ms`, label: 'verify (hashes, rows, names)', value: check.ms, unit: 'ms' },
    { key: `${key}.verify_peak_rss_mb`, label: 'verify: peak RSS', value: check.peakRss / MB, unit: 'MB' },
  ];
}

export async function runExportBench(): Promise<BenchResult> {
  const errors: string[] = [];
  const groups: FigureGroup[] = [];
  const info: Record<string, unknown> = { bookEntries: BOOK_ENTRIES, dbEntries: SKIP_DB ? 0 : DB_ENTRIES };
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-export-'));
  progress(`work dir ${work}`);
  const backend = await openBackend({
    dataDir: path.join(work, 'data'),
    migrationsDir: MIGRATIONS_DIR,
    actor: 'bench',
  });
  const service = createExportService(
    backendContext({ db: backend.db, files: backend.files, fallback: () => backend.localRequest }),
    backend.services.books,
    backend.services.records,
    { exportRoot: path.join(work, 'exports'), appVersion: 'bench' },
  );
  const metadata = (i: number): BookMetadata => ({
    type: 'GH',
    office: 'UBND xã Bench',
    officeCode: '01234',
    volume: `${String(i).padStart(2, '0')}/2018`,
    yearOpened: 2018,
  });
  try {
    const light = { path: await makeBookPdf(path.join(work, 'light.pdf'), LIGHT_PAGES), name: 'light.pdf' };
    info.lightPages = LIGHT_PAGES;

    progress(`book of ${BOOK_ENTRIES} entries on ${LIGHT_PAGES} vector pages…`);
    const created = await withPeakRss(() => bookWithEntries(backend, metadata(1), light, BOOK_ENTRIES));
    groups.push({
      title: `Book of ${BOOK_ENTRIES} entries (light vector pages)`,
      figures: [
        {
          key: 'book.create_entries_ms',
          label: 'Import of the pages and filling the entries',
          value: created.ms,
          unit: 'ms',
        },
        ...(await exportFigures(service, 'book', created.result, path.join(work, 'out-book'), errors)),
      ],
    });

    progress('the 300-page fixture PDF of page images, one entry per page…');
    const fixtures = await ensureFixtures();
    const scanned = await bookWithEntries(
      backend,
      metadata(2),
      { path: fixtures.pdf.path, name: fixtures.pdf.name },
      fixtures.pdf.pageCount,
    );
    info.scannedPdf = { pages: fixtures.pdf.pageCount, bytes: fixtures.pdf.byteSize };
    groups.push({
      title: `Book of ${fixtures.pdf.pageCount} entries on 300-dpi page images (${(fixtures.pdf.byteSize / MB).toFixed(0)} MB of scans)`,
      figures: await exportFigures(service, 'scanned', scanned, path.join(work, 'out-scanned'), errors),
    });
    await fs.rm(path.join(work, 'out-scanned'), { recursive: true, force: true });

    if (!SKIP_DB) {
      const books = Math.max(1, Math.round(DB_ENTRIES / BOOK_ENTRIES));
      progress(`database of ${DB_ENTRIES} entries: ${books - 1} more books…`);
      for (let i = 2; i <= books; i++) {
        await bookWithEntries(backend, metadata(i + 1), light, BOOK_ENTRIES);
        progress(`  ${i}/${books} books`);
      }
      const total = (backend.db.sqlite.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
      info.dbEntriesCreated = total;
      const one = await exportFigures(service, 'db.one_book', created.result, path.join(work, 'out-one'), errors);
      const outAll = path.join(work, 'out-all');
      const all = await withPeakRss(() => service.exportAll(outAll, {}, quietControl('db.all')));
      const check = await withPeakRss(() => service.verifyFolder(outAll));
      if (!check.result.ok) errors.push('db.all: verify failed');
      if (all.result.exported.some((r) => !r.ok)) errors.push('db.all: an export had failed checks');
      groups.push({
        title: `Database of ${total} entries (${books} books of ${BOOK_ENTRIES}, plus the scanned one)`,
        figures: [
          ...one,
          {
            key: 'db.all.export_ms',
            label: `Export of every book (${all.result.exported.length})`,
            value: all.ms,
            unit: 'ms',
          },
          {
            key: 'db.all.export_peak_rss_mb',
            label: 'Export of every book: peak RSS',
            value: all.peakRss / MB,
            unit: 'MB',
          },
          {
            key: 'db.all.output_mb',
            label: 'Export folder size',
            value: (await dirSize(outAll)) / MB,
            unit: 'MB',
          },
          { key: 'db.all.verify_ms', label: 'verify of the whole folder', value: check.ms, unit: 'ms' },
          {
            key: 'db.all.verify_peak_rss_mb',
            label: 'verify of the whole folder: peak RSS',
            value: check.peakRss / MB,
            unit: 'MB',
          },
        ],
      });
    }
  } catch (error) {
    errors.push((error as Error).stack ?? String(error));
  } finally {
    backend.close();
    await fs.rm(work, { recursive: true, force: true });
  }
  return { name: 'export', groups, errors, info };
}
