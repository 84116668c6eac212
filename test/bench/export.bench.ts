/**
 * Export bench: time and peak memory of the pre-import check, the export (Excel + zip of entry
 * PDFs, read back and checked, reports, manifest) and `verify`, through the real backend, each
 * beside its floor: an exceljs streaming write of the same rows (read from the same database in
 * chunks), measured in the same run. Every measured run is a fresh child process (this file run
 * with SOHOA_EXPORT_BENCH_CHILD set), so that its peak RSS is its own and not the data set-up's:
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
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBackend, type Backend } from '../../electron/backend/app';
import { backendContext } from '../../electron/backend/context';
import { createExportService, type ExportService } from '../../electron/backend/export/export-service';
import { standaloneControl } from '../../electron/backend/jobs/jobs';
import { MIGRATIONS_DIR } from '../../electron/backend/source-paths';
import { v7 as uuidv7 } from 'uuid';
import { contentHash } from '../../electron/backend/records/records-service';
import type { BookMetadata } from '../../shared/books/book';
import { currentColumnSet } from '../../shared/export/column-sets';
import { entryCells } from '../../shared/export/row-codec';
import { canonicalRecordData } from '../../shared/records/registry';
import { foldForSearch } from '../../shared/text/normalize';
import { makeBookPdf } from '../fixtures/scans';
import { ensureFixtures } from './fixtures';
import { MB, progress, withPeakRss, type BenchResult, type Figure, type FigureGroup } from './report';

const BOOK_ENTRIES = Number(process.env.BENCH_EXPORT_ENTRIES ?? 10_000);
const DB_ENTRIES = Number(process.env.BENCH_EXPORT_DB_ENTRIES ?? 100_000);
const SKIP_DB = process.env.BENCH_EXPORT_SKIP_DB === '1';
/** A single book of this many entries too (0: none), e.g. 100 000: one province-scale book. */
const BIG_BOOK = Number(process.env.BENCH_EXPORT_BIG_BOOK ?? 0);
const CHILD = 'SOHOA_EXPORT_BENCH_CHILD';
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

type ChildJob =
  | { op: 'precheck' | 'export' | 'floor'; dataDir: string; bookId: string; outDir: string }
  | { op: 'verify' | 'exportAll'; dataDir: string; outDir: string };

interface ChildResult {
  ms: number;
  peakRss: number;
  rssBefore: number;
  ok: boolean;
  entries?: number;
  pdfPages?: number;
  zipBytes?: number;
  failed?: string;
}

/** Runs one measured job in a fresh Node process (this file, in child mode). */
async function inChild(job: ChildJob): Promise<ChildResult> {
  const file = fileURLToPath(import.meta.url);
  // BENCH_EXPORT_CPU_PROF=DIR writes a CPU profile of each export child there (node --cpu-prof).
  const profile = process.env.BENCH_EXPORT_CPU_PROF;
  const flags =
    profile && (job.op === 'export' || job.op === 'verify') ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', file], {
    env: { ...process.env, [CHILD]: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${job.op} child exited ${code}: ${out.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as ChildResult;
}

function serviceOn(backend: Backend, exportRoot: string): ExportService {
  return createExportService(
    backendContext({ db: backend.db, files: backend.files, fallback: () => backend.localRequest }),
    backend.services.books,
    backend.services.records,
    { exportRoot, appVersion: 'bench' },
  );
}

/**
 * The floor: the same rows (same database, same column set and cells) written with exceljs'
 * streaming writer and nothing else; entries read in chunks of 500 by keyset.
 */
async function writeFloor(backend: Backend, bookId: string, file: string): Promise<number> {
  const book = backend.services.books.get(bookId);
  const set = currentColumnSet(book.type)!;
  const values = {
    office: book.office,
    officeCode: book.officeCode ?? '',
    volume: book.volume,
    yearOpened: book.yearOpened,
  };
  const ids = backend.services.records.list({ bookId }).map((e) => e.id);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(set.sheetName);
  sheet.addRow(set.columns.map((c) => c.column)).commit();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = backend.services.records.loadStored(ids.slice(i, i + 500));
    for (const [j, id] of ids.slice(i, i + 500).entries()) {
      sheet.addRow(entryCells(set, chunk.get(id)!.data, values, i + j + 1)).commit();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  return ids.length;
}

/** Child mode: open the data, run the job, print `RESULT {…}`. */
async function runChild(job: ChildJob): Promise<void> {
  const backend = await openBackend({ dataDir: job.dataDir, migrationsDir: MIGRATIONS_DIR, actor: 'bench' });
  try {
    const service = serviceOn(backend, job.outDir);
    let result: ChildResult;
    if (job.op === 'precheck') {
      const run = await withPeakRss(() => service.precheck(job.bookId));
      result = { ...run, ok: run.result.counts.errors === 0 };
    } else if (job.op === 'export') {
      const run = await withPeakRss(() => service.exportBook(job.bookId, job.outDir, {}, quietControl('export')));
      result = {
        ...run,
        ok: run.result.ok,
        entries: run.result.counts.entries,
        pdfPages: run.result.counts.pdfPages,
        zipBytes: run.result.files.find((f) => f.role === 'zip')!.size,
        ...(run.result.ok ? {} : { failed: JSON.stringify(run.result.checks.filter((c) => c.status === 'fail')) }),
      };
    } else if (job.op === 'floor') {
      await fs.mkdir(job.outDir, { recursive: true });
      const run = await withPeakRss(() => writeFloor(backend, job.bookId, path.join(job.outDir, 'floor.xlsx')));
      result = { ...run, ok: true, entries: run.result };
    } else if (job.op === 'verify') {
      const run = await withPeakRss(() => service.verifyFolder(job.outDir));
      result = { ...run, ok: run.result.ok };
    } else {
      const run = await withPeakRss(() => service.exportAll(job.outDir, {}, quietControl('db.all')));
      result = { ...run, ok: run.result.exported.every((r) => r.ok) && run.result.skipped.length === 0 };
    }
    const { ms, peakRss, rssBefore, ok } = result;
    process.stdout.write(`RESULT ${JSON.stringify({ ...result, ms, peakRss, rssBefore, ok, result: undefined })}\n`);
  } finally {
    backend.close();
  }
}

const ratio = (app: number, floor: number) => `${(app / floor).toFixed(2)}× the floor`;

async function exportFigures(
  dataDir: string,
  key: string,
  bookId: string,
  outDir: string,
  errors: string[],
  aims: { exportMs?: (floorMs: number) => number; aimText?: string } = {},
): Promise<Figure[]> {
  const pre = await inChild({ op: 'precheck', dataDir, bookId, outDir });
  const floor = await inChild({ op: 'floor', dataDir, bookId, outDir: `${outDir}-floor` });
  await fs.rm(`${outDir}-floor`, { recursive: true, force: true });
  const run = await inChild({ op: 'export', dataDir, bookId, outDir });
  if (!run.ok) errors.push(`${key}: export checks failed: ${run.failed ?? ''}`);
  const check = await inChild({ op: 'verify', dataDir, outDir });
  if (!check.ok) errors.push(`${key}: verify failed`);
  const entries = run.entries ?? 0;
  const exportAim = aims.exportMs?.(floor.ms);
  return [
    { key: `${key}.precheck_ms`, label: 'Pre-import check', value: pre.ms, unit: 'ms' },
    {
      key: `${key}.floor_ms`,
      label: 'Floor: exceljs streaming write of the same rows',
      value: floor.ms,
      unit: 'ms',
    },
    { key: `${key}.floor_peak_rss_mb`, label: 'Floor: peak RSS', value: floor.peakRss / MB, unit: 'MB' },
    {
      key: `${key}.export_ms`,
      label: 'Export (write, read back and check, reports)',
      value: run.ms,
      unit: 'ms',
      ...(exportAim !== undefined ? { aim: { max: exportAim, text: aims.aimText ?? '' } } : {}),
      note: `${((run.ms / Math.max(1, entries)) * 1000).toFixed(0)} µs per entry, ${ratio(run.ms, floor.ms)}`,
      floor: { value: floor.ms, what: 'exceljs streaming write of the same rows' },
    },
    {
      key: `${key}.export_peak_rss_mb`,
      label: 'Export: peak RSS of a fresh Node process',
      value: run.peakRss / MB,
      unit: 'MB',
      aim: { max: 300, text: '≤ 300 MB' },
      note: `${(run.rssBefore / MB).toFixed(0)} MB before; floor ${(floor.peakRss / MB).toFixed(0)} MB`,
    },
    {
      key: `${key}.zip_mb`,
      label: 'Size of the zip of entry PDFs',
      value: (run.zipBytes ?? 0) / MB,
      unit: 'MB',
      note: `${entries} PDFs, ${run.pdfPages ?? 0} pages`,
    },
    {
      key: `${key}.verify_ms`,
      label: 'verify (hashes, counts, names, a sample read in full)',
      value: check.ms,
      unit: 'ms',
      ...(entries >= 100_000 ? { aim: { max: 15_000, text: '≤ 15 s at 100 000 entries' } } : {}),
    },
    { key: `${key}.verify_peak_rss_mb`, label: 'verify: peak RSS', value: check.peakRss / MB, unit: 'MB' },
  ];
}

export async function runExportBench(): Promise<BenchResult> {
  const errors: string[] = [];
  const groups: FigureGroup[] = [];
  const info: Record<string, unknown> = { bookEntries: BOOK_ENTRIES, dbEntries: SKIP_DB ? 0 : DB_ENTRIES };
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-export-'));
  progress(`work dir ${work}`);
  const dataDir = path.join(work, 'data');
  let backend = await openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, actor: 'bench' });
  /** Closes the set-up's backend so that the children read a quiet database; reopens for more set-up. */
  const measuring = async <T>(work: () => Promise<T>): Promise<T> => {
    backend.close();
    try {
      return await work();
    } finally {
      backend = await openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, actor: 'bench' });
    }
  };
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
        ...(await measuring(() =>
          exportFigures(dataDir, 'book', created.result, path.join(work, 'out-book'), errors, {
            exportMs: () => 5000,
            aimText: '≤ 5 s at 10 000 entries',
          }),
        )),
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
      figures: await measuring(() =>
        exportFigures(dataDir, 'scanned', scanned, path.join(work, 'out-scanned'), errors),
      ),
    });
    await fs.rm(path.join(work, 'out-scanned'), { recursive: true, force: true });

    if (BIG_BOOK > 0) {
      progress(`one book of ${BIG_BOOK} entries on ${LIGHT_PAGES} vector pages…`);
      const big = await bookWithEntries(backend, metadata(99), light, BIG_BOOK);
      groups.push({
        title: `One book of ${BIG_BOOK} entries (light vector pages)`,
        figures: await measuring(() =>
          exportFigures(dataDir, 'big', big, path.join(work, 'out-big'), errors, {
            exportMs: (floorMs) => 1.5 * floorMs,
            aimText: '≤ 1.5× the floor',
          }),
        ),
      });
      await fs.rm(path.join(work, 'out-big'), { recursive: true, force: true });
    }

    if (!SKIP_DB) {
      const books = Math.max(1, Math.round(DB_ENTRIES / BOOK_ENTRIES));
      progress(`database of ${DB_ENTRIES} entries: ${books - 1} more books…`);
      for (let i = 2; i <= books; i++) {
        await bookWithEntries(backend, metadata(i + 1), light, BOOK_ENTRIES);
        progress(`  ${i}/${books} books`);
      }
      const total = (backend.db.sqlite.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
      info.dbEntriesCreated = total;
      const outAll = path.join(work, 'out-all');
      const { one, all, check } = await measuring(async () => ({
        one: await exportFigures(dataDir, 'db.one_book', created.result, path.join(work, 'out-one'), errors),
        all: await inChild({ op: 'exportAll', dataDir, outDir: outAll }),
        check: await inChild({ op: 'verify', dataDir, outDir: outAll }),
      }));
      if (!check.ok) errors.push('db.all: verify failed');
      if (!all.ok) errors.push('db.all: an export had failed checks');
      groups.push({
        title: `Database of ${total} entries (${books} books of ${BOOK_ENTRIES}, plus the scanned one)`,
        figures: [
          ...one,
          {
            key: 'db.all.export_ms',
            label: `Export of every book (${books + 1})`,
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

const childJob = process.env[CHILD];
if (childJob) {
  runChild(JSON.parse(childJob) as ChildJob).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
