/**
 * The export of one book for the national database from any data source (source.ts): one .xlsx
 * of entries and one .zip of one PDF per entry, re-read and checked, an acceptance report (.xlsx
 * and .pdf) and a manifest. The desktop's export service and the district hub's national export
 * (hub/export.ts) both write through here, so the same data gives the same files.
 *
 * Files are written under temporary names and renamed only when everything is written and
 * checked (the manifest last), so a cancelled or failed export never replaces a complete one.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import type { BookDetail, PageInfo } from '../../../shared/books/book';
import { bookTypeName, type BookTypeCode } from '../../../shared/catalogs/book-types';
import { parseIsoPartialDate } from '../../../shared/dates/partial-date';
import { currentColumnSet, type ColumnSet } from '../../../shared/export/column-sets';
import {
  MANIFEST_FORMAT,
  MANIFEST_SUFFIX,
  type ExportConfirmation,
  exportManifestSchema,
  type ExportCounts,
  type ExportManifest,
  type ExportResult,
  type OutputFile,
} from '../../../shared/export/export';
import { entryNamingValues, fillTemplate, uniqueNamer, bookBaseName } from '../../../shared/export/naming';
import {
  diffLeaves,
  entryCells,
  expectedLeaves,
  headerCells,
  matchHeader,
  parseRow,
  type BookValues,
  type Leaves,
} from '../../../shared/export/row-codec';
import { parseSo } from '../../../shared/records/rules';
import type { RecordSummary } from '../../../shared/records/record';
import { recordTypeFor } from '../../../shared/records/registry';
import type { JobControl } from '../jobs/jobs';
import { DATA_CHUNK, type StoredEntry } from '../records/entry-data';
import {
  CheckList,
  ColumnHasher,
  NamesHasher,
  checkExcel,
  checkExcelSample,
  checkZip,
  checkZipSample,
  rowCells,
  sampleRows,
  type ExpectedEntry,
} from './checks';
import { EntryPdfBuilder } from './entry-pdf';
import { recoverSwitches, StagedFiles, sha256File, sha256Hex, sha256Json } from './files';
import { ensureWritableDir } from './folder';
import { EntrySpool, writeManifest, type ManifestEntry } from './manifest-stream';
import { defaultReportFonts, type ReportFonts } from './pdf-text';
import { NO_OFFICE_CODE_MESSAGE, entryLabel, runPrecheck } from './precheck';
import { writeReportExcel, writeReportPdf, type AcceptanceReportData } from './report';
import type { ExportSource } from './source';
import { openEntriesWorkbook } from './xlsx';
import { openZipWriter } from './zip';

/** Who exports, when, with which program: recorded in the manifest and the reports. */
export interface ExportEnv {
  /** ISO 8601 UTC. */
  now(): string;
  /** The acting account's login name. */
  readonly actor: string;
  appVersion: string;
  /** Fonts of the PDF report (need Vietnamese glyphs). */
  fonts?: ReportFonts;
}

export interface ExportBookOptions {
  naming?: string;
  /** Export a book without mã ĐVHC (its file names keep an empty segment). */
  confirmNoOfficeCode?: boolean;
  /** Replace an earlier export of the same book in the folder. */
  replace?: boolean;
}

/** Throws VALIDATION for a book type without a column set (nothing to write its rows with). */
export function assertTypeExportable(type: BookTypeCode): void {
  if (!currentColumnSet(type) || !recordTypeFor(type)) {
    throw new AppError('VALIDATION', `${bookTypeName(type)} chưa có mẫu xuất Excel trong ứng dụng`);
  }
}

/** The year of registration, for {namDangKy}: from the date, else from the số. */
function yearOf(summary: RecordSummary): { namDangKy?: number } {
  const year = summary.ngayDangKy ? parseIsoPartialDate(summary.ngayDangKy)?.year : parseSo(summary.so).year;
  return year !== undefined ? { namDangKy: year } : {};
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function bookValues(book: BookDetail): BookValues {
  return {
    office: book.office,
    ...(book.officeCode ? { officeCode: book.officeCode } : {}),
    volume: book.volume,
    yearOpened: book.yearOpened,
  };
}

/** What must not change while a book is exported: its pages and its entries' versions and pages. */
function fingerprint(book: BookDetail, entries: RecordSummary[]): string {
  return sha256Json({
    pages: book.pages.map((p) => [p.id, p.pageNo, p.sha256, p.indexInFile, p.rotation, p.displaySha256 ?? '']),
    entries: entries.map((e) => [e.id, e.version, e.pages.map((p) => p.pageId)]),
  });
}

/** The files of one export, by base name: Excel, zip, the two reports, the manifest (last). */
function outputNames(base: string): string[] {
  return [
    `${base}.xlsx`,
    `${base}.zip`,
    `${base}.nghiem-thu.xlsx`,
    `${base}.nghiem-thu.pdf`,
    `${base}${MANIFEST_SUFFIX}`,
  ];
}

/** The export of books from `source` as `env` says (see the file's comment). */
export function createBookExporter(source: ExportSource, env: ExportEnv) {
  /**
   * The base name of the book's files in `dir`: `{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}`, with
   * ".2", ".3" … when another book already exported there has the same name. `earlier` names the
   * file of an earlier export of this book (or an unlisted file of that name) the export would
   * replace.
   */
  async function baseNameIn(dir: string, book: BookDetail): Promise<{ base: string; earlier?: string }> {
    const base = bookBaseName(book);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}.${n}`;
      const manifestName = `${candidate}${MANIFEST_SUFFIX}`;
      const existing = await fs.readFile(path.join(dir, manifestName), 'utf8').catch(() => undefined);
      if (existing === undefined) {
        // No manifest: free, unless a data file of that name is there without one.
        const taken = await firstExisting(dir, outputNames(candidate));
        if (!taken) return { base: candidate };
        if (n === 1) return { base: candidate, earlier: taken };
        continue;
      }
      let parsed: ReturnType<typeof exportManifestSchema.safeParse> | undefined;
      try {
        parsed = exportManifestSchema.safeParse(JSON.parse(existing));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success || parsed.data.book.id === book.id) return { base: candidate, earlier: manifestName };
    }
  }

  async function firstExisting(dir: string, names: string[]): Promise<string | undefined> {
    for (const name of names) {
      const found = await fs
        .access(path.join(dir, name))
        .then(() => true)
        .catch(() => false);
      if (found) return name;
    }
    return undefined;
  }

  /**
   * What must hold before an export starts, so that the call fails at once with a Vietnamese
   * message (and `details.confirm` when the clerk can confirm and try again): an exportable book,
   * mã ĐVHC or its confirmation, a folder that is absolute and writable, and no earlier export of
   * the book there unless replacing it is confirmed.
   */
  async function checkStart(bookId: string, outDir: string, exportOptions: ExportBookOptions = {}): Promise<void> {
    const book = source.book(bookId);
    assertTypeExportable(book.type);
    if (book.entryCount === 0) throw new AppError('VALIDATION', 'Sổ chưa có trường hợp nào để xuất');
    if (!book.officeCode && !exportOptions.confirmNoOfficeCode) {
      throw new AppError('VALIDATION', NO_OFFICE_CODE_MESSAGE, {
        confirm: 'noOfficeCode' satisfies ExportConfirmation,
      });
    }
    const dir = await ensureWritableDir(outDir);
    await recoverSwitches(dir);
    if (exportOptions.replace) return;
    const { earlier } = await baseNameIn(dir, book);
    if (earlier) {
      throw new AppError(
        'CONFLICT',
        `Thư mục ${dir} đã có bản xuất trước của sổ này (${earlier}). Xác nhận thay thế để xuất lại; bản cũ sẽ bị ghi đè`,
        { confirm: 'replace' satisfies ExportConfirmation, existing: earlier },
      );
    }
  }

  async function exportLocked(bookId: string, dir: string, naming: string, control: JobControl): Promise<ExportResult> {
    control.report({ done: 0, total: 0, message: 'Đang kiểm tra sổ trước khi xuất' });
    const { report: pre, book, entries } = await runPrecheck(source, () => env.now(), bookId, control);
    const set = currentColumnSet(book.type);
    if (!set || !recordTypeFor(book.type)) {
      throw new AppError(
        'VALIDATION',
        `${bookTypeName(book.type as BookTypeCode)} chưa có mẫu xuất Excel trong ứng dụng`,
      );
    }
    if (entries.length === 0) throw new AppError('VALIDATION', 'Sổ chưa có trường hợp nào để xuất');
    const before = fingerprint(book, entries);
    const exportedAt = env.now();
    const dataUpdatedAt = source.dataUpdatedAt(bookId);
    const dataDate = new Date(dataUpdatedAt);
    const values = bookValues(book);

    await fs.mkdir(dir, { recursive: true });
    // An export killed after it committed is completed first: the names below see it.
    await recoverSwitches(dir);
    const { base } = await baseNameIn(dir, book);
    const [excelName, zipName, reportExcelName, reportPdfName, manifestName] = outputNames(base) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const names = {
      excel: excelName,
      zip: zipName,
      reportExcel: reportExcelName,
      reportPdf: reportPdfName,
      manifest: manifestName,
    };
    const staged = new StagedFiles(dir, base);
    await staged.removeLeftovers();
    const total = entries.length * 2 + 4;
    let done = 0;
    const step = (message?: string) => {
      done += 1;
      control.report({ done, total, ...(message ? { message } : {}) });
    };
    let spool: EntrySpool | undefined;
    try {
      // 1. Excel rows and entry PDFs, entry by entry. What the manifest lists of each entry goes
      // to a spool file as it is written (nothing per entry is kept for the whole book); the
      // hashes of the rows, columns and PDF names are taken while writing.
      const excelTmp = staged.temp(names.excel);
      const zipTmp = staged.temp(names.zip);
      const excel = await openEntriesWorkbook(excelTmp, set, { date: dataDate });
      const zip = openZipWriter(zipTmp, dataDate);
      const spooled = await EntrySpool.create();
      spool = spooled;
      let columnSha256: string[] = [];
      const pageById = new Map(book.pages.map((p) => [p.id, p]));
      const builder = new EntryPdfBuilder(source.files);
      const nameOf = uniqueNamer();
      const columnHashes = new ColumnHasher(set.columns.length);
      const pdfNames = new NamesHasher();
      const sampled = sampleRows(entries.length);
      const sample = new Map<number, ExpectedEntry>();
      const header = matchHeader(set, headerCells(set));
      const roundTripProblems: string[] = [];
      let pdfPages = 0;
      control.report({ done, total, message: `Đang ghi ${entries.length} trường hợp` });
      try {
        const load = source.loadStored;
        let chunk = new Map<string, StoredEntry>();
        for (const [index, summary] of entries.entries()) {
          control.checkpoint();
          const row = index + 1;
          if (index % DATA_CHUNK === 0) chunk = load(entries.slice(index, index + DATA_CHUNK).map((e) => e.id));
          const stored = chunk.get(summary.id);
          if (!stored) {
            throw new AppError('CONFLICT', `${entryLabel(summary)} vừa bị xóa trong lúc xuất; hãy xuất lại`);
          }
          const { data, version } = stored;
          const cells = entryCells(set, data, values, row);
          excel.addRow(cells);
          const written = rowCells(cells, set.columns.length);
          columnHashes.add(written);
          // The row must read back as the data: the codec's round trip, on every row.
          const wanted = expectedLeaves(set, data, values);
          const leafDiffs = diffLeaves(wanted, parseRow(set, header, written).leaves);
          if (leafDiffs.length > 0) {
            const where = `dòng ${row + 1} (STT ${row}, số ${summary.so})`;
            roundTripProblems.push(
              ...leafDiffs.map(
                (d) => `${where}, ${d.path}: đọc lại được "${d.actual ?? ''}" thay vì "${d.expected ?? ''}"`,
              ),
            );
          }
          const pages = summary.pages.map((p) => pageById.get(p.pageId)).filter((p): p is PageInfo => !!p);
          const pdf = nameOf(
            fillTemplate(
              naming,
              entryNamingValues(book, {
                so: summary.so,
                trangSo: summary.trangSo,
                row,
                ...yearOf(summary),
              }),
            ),
          );
          let bytes: Uint8Array;
          try {
            bytes = await builder.build(pages, { title: pdf });
          } catch (error) {
            if (error instanceof AppError) {
              throw new AppError(error.code, `${entryLabel(summary)}: ${error.message}`, error.details);
            }
            throw error;
          }
          const pdfSha256 = sha256Hex(bytes);
          await zip.add(pdf, bytes);
          pdfNames.add(pdf);
          const entry: ManifestEntry = {
            row,
            entryId: summary.id,
            version,
            so: summary.so,
            rowSha256: sha256Json(written),
            pdf,
            pdfSha256,
            pdfPages: pages.length,
          };
          pdfPages += pages.length;
          await spooled.add(entry);
          if (sampled.has(row)) sample.set(row, entry);
          step(`Đã ghi ${row}/${entries.length}: ${entryLabel(summary)}`);
          if (index % 50 === 49) {
            await excel.drain();
            await yieldToEventLoop();
          }
        }
        control.checkpoint();
        control.report({ message: 'Đang hoàn tất tệp Excel và tệp nén' });
        await excel.finish();
        await zip.finish();
        await spooled.finish();
        columnSha256 = columnHashes.digest();
      } catch (error) {
        excel.abort();
        await zip.abort();
        await spooled.abort();
        throw error;
      }

      // 2. Read both back: the header, the counts and the list of names in full, and a sample of
      // rows and PDFs in full (their hashes against those taken while writing). Should anything
      // differ, every row and PDF is checked, to name them.
      control.report({ message: 'Đang đọc lại tệp Excel và tệp nén để kiểm tra' });
      const list = new CheckList();
      const tick = async () => {
        control.checkpoint();
        await yieldToEventLoop();
      };
      const sampleOptions = {
        set,
        excelFile: excelTmp,
        zipFile: zipTmp,
        total: entries.length,
        sample,
        namesSha256: pdfNames.digest(),
        contentProblems: roundTripProblems,
        tick,
      };
      const fullOptions = async () => {
        const expected = await spooled.readAll();
        const byRow = new Map(expected.map((e) => [e.row, e]));
        return {
          set,
          excelFile: excelTmp,
          zipFile: zipTmp,
          expected,
          countPages: true,
          explainRow: (entry: ExpectedEntry, cells: string[], leaves: Leaves) =>
            explainRow(set, values, byRow.get(entry.row)!.entryId, entry, cells, leaves),
          tick,
        };
      };
      if (!(await checkExcelSample(list, sampleOptions))) {
        const options = await fullOptions();
        await checkExcel(list, options);
      }
      done += Math.floor(entries.length / 2);
      control.report({ done });
      if (!(await checkZipSample(list, sampleOptions))) await checkZip(list, await fullOptions());
      done += Math.ceil(entries.length / 2);
      control.report({ done });
      const unpaged = entries.filter((e) => e.pages.length === 0).map((e) => `${entryLabel(e)} chưa gắn trang scan`);
      list.expect('entries.pages', 'Mọi trường hợp đều có trang scan', unpaged);
      list.expect(
        'pages.linked',
        'Mọi trang scan đều đã gắn với trường hợp',
        pre.items.filter((i) => i.kind === 'pageWithoutEntry').map((i) => i.message),
        { severity: 'warn', expected: 0, actual: pre.counts.pagesWithoutEntries },
      );
      list.expect(
        'precheck.errors',
        'Không có lỗi ở bước kiểm tra trước khi nhập',
        pre.items.filter((i) => i.severity === 'error').map((i) => i.message),
        { expected: 0, actual: pre.counts.errors },
      );
      list.expect(
        'precheck.warnings',
        'Không có cảnh báo cần người duyệt xem lại',
        pre.items.filter((i) => i.severity === 'warning' && i.kind !== 'pageWithoutEntry').map((i) => i.message),
        { severity: 'warn', expected: 0, actual: pre.counts.warnings - pre.counts.pagesWithoutEntries },
      );

      // 3. Nothing changed meanwhile: else this export is not one state of the book.
      control.checkpoint();
      const after = fingerprint(source.book(bookId), source.entries(bookId));
      if (after !== before) {
        throw new AppError(
          'CONFLICT',
          'Dữ liệu của sổ đã thay đổi trong lúc xuất (có người sửa trường hợp hoặc trang); hãy xuất lại',
        );
      }

      // 4. Hashes, reports, manifest.
      const excelFile = await sha256File(excelTmp);
      const zipFile = await sha256File(zipTmp);
      const counts: ExportCounts = {
        entries: entries.length,
        excelRows: spooled.count,
        pdfs: spooled.count,
        pdfPages,
        bookPages: book.pages.length,
        pagesWithoutEntries: pre.counts.pagesWithoutEntries,
      };
      const dataFiles: OutputFile[] = [
        { role: 'excel', name: names.excel, ...excelFile },
        { role: 'zip', name: names.zip, ...zipFile },
      ];
      const manifestBook: ExportManifest['book'] = {
        id: book.id,
        type: book.type,
        office: book.office,
        ...(book.officeCode ? { officeCode: book.officeCode } : {}),
        volume: book.volume,
        yearOpened: book.yearOpened,
        pageCount: book.pages.length,
      };
      const reportData: AcceptanceReportData = {
        book: manifestBook,
        dataUpdatedAt,
        exportedBy: env.actor,
        appVersion: env.appVersion,
        columnSetVersion: set.version,
        naming,
        counts,
        checks: list.checks,
        ok: list.ok,
        precheck: pre,
        files: dataFiles,
        entries: () => spooled.entries(),
      };
      control.report({ message: 'Đang lập báo cáo nghiệm thu' });
      const reportExcelTmp = staged.temp(names.reportExcel);
      await writeReportExcel(reportExcelTmp, reportData);
      const reportPdfTmp = staged.temp(names.reportPdf);
      await writeReportPdf(reportPdfTmp, reportData, env.fonts ?? defaultReportFonts());
      const reportExcel = await sha256File(reportExcelTmp);
      const reportPdf = await sha256File(reportPdfTmp);
      const manifest: ExportManifest = {
        format: MANIFEST_FORMAT,
        formatVersion: 1,
        appVersion: env.appVersion,
        dataUpdatedAt,
        exportedBy: env.actor,
        book: manifestBook,
        columnSet: { bookType: set.bookType, version: set.version },
        naming,
        files: {
          excel: { name: names.excel, ...excelFile, rows: counts.excelRows, columnSha256 },
          zip: { name: names.zip, ...zipFile, entries: counts.pdfs },
          reportExcel: { name: names.reportExcel, ...reportExcel },
          reportPdf: { name: names.reportPdf, ...reportPdf },
        },
        counts,
        precheck: { errors: pre.counts.errors, warnings: pre.counts.warnings, infos: pre.counts.infos },
        entries: [],
        acceptance: { ok: list.ok, checks: list.checks },
      };
      const manifestSize = await writeManifest(staged.temp(names.manifest), manifest, spooled.entries());

      // 5. The last moment a cancel is honoured; then the renames, the manifest last.
      control.checkpoint();
      await staged.commit([names.excel, names.zip, names.reportExcel, names.reportPdf, names.manifest]);
      control.report({ done: total, total, message: 'Đã xuất xong' });
      return {
        bookId,
        outDir: dir,
        baseName: base,
        exportedAt,
        dataUpdatedAt,
        files: [
          ...dataFiles,
          { role: 'reportExcel', name: names.reportExcel, ...reportExcel },
          { role: 'reportPdf', name: names.reportPdf, ...reportPdf },
          { role: 'manifest', name: names.manifest, size: manifestSize },
        ],
        counts,
        precheck: manifest.precheck,
        checks: list.checks,
        ok: list.ok,
      };
    } finally {
      await spool?.remove();
      await staged.discard();
    }
  }

  /** A row that does not read back as the database says: which fields differ. */
  function explainRow(
    set: ColumnSet,
    values: BookValues,
    entryId: string,
    entry: ExpectedEntry,
    cells: string[],
    leaves: Leaves,
  ): string[] {
    const where = `dòng ${entry.row + 1} (STT ${entry.row}, số ${entry.so})`;
    const data = source.loadStored([entryId]).get(entryId)?.data;
    if (!data) return [`${where}: trường hợp không còn trong cơ sở dữ liệu`];
    const written = rowCells(entryCells(set, data, values, entry.row), set.columns.length);
    const cellDiffs = set.columns
      .map((c, i) => ({ column: c.column, want: written[i] ?? '', got: cells[i] ?? '' }))
      .filter((d) => d.want !== d.got)
      .map((d) => `${where}, cột ${d.column}: "${d.got}" thay vì "${d.want}"`);
    if (cellDiffs.length > 0) return cellDiffs;
    const leafDiffs = diffLeaves(expectedLeaves(set, data, values), leaves).map(
      (d) => `${where}, ${d.path}: đọc lại được "${d.actual ?? ''}" thay vì "${d.expected ?? ''}"`,
    );
    return leafDiffs.length > 0 ? leafDiffs : [`${where}: nội dung khác với dữ liệu đã nhập`];
  }

  return { checkStart, exportLocked };
}

export type BookExporter = ReturnType<typeof createBookExporter>;
