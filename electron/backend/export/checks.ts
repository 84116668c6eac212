/**
 * Re-reading an export: the Excel file row by row and the zip entry by entry, compared with what
 * should be there. Used right after writing (against the database) and by `verify` (against the
 * manifest). Every mismatch becomes a failed check with the first problems spelled out.
 */
import { createHash, type Hash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { ColumnSet } from '../../../shared/export/column-sets';
import type { AcceptanceCheck, CheckStatus } from '../../../shared/export/export';
import { headerCells, matchHeader, parseRow, type Leaves } from '../../../shared/export/row-codec';
import { sha256Json } from './files';
import { readSheetRows } from './xlsx';
import { readZipEntries, scanZipEntries } from './zip';
import { columnLetter } from '../../../shared/export/row-decode';

/** Problems listed per check; the rest are counted. */
const MAX_DETAILS = 10;

export class CheckList {
  readonly checks: AcceptanceCheck[] = [];

  add(
    id: string,
    label: string,
    status: CheckStatus,
    values: { expected?: string | number; actual?: string | number; details?: string[] } = {},
  ): void {
    const details = values.details ?? [];
    const shown =
      details.length > MAX_DETAILS
        ? [...details.slice(0, MAX_DETAILS), `… và ${details.length - MAX_DETAILS} chỗ khác`]
        : details;
    this.checks.push({
      id,
      label,
      status,
      ...(values.expected !== undefined ? { expected: String(values.expected) } : {}),
      ...(values.actual !== undefined ? { actual: String(values.actual) } : {}),
      ...(shown.length > 0 ? { details: shown } : {}),
    });
  }

  /** Pass when `problems` is empty, else fail (or warn) with them as details. */
  expect(
    id: string,
    label: string,
    problems: string[],
    values: { expected?: string | number; actual?: string | number; severity?: 'fail' | 'warn' } = {},
  ): void {
    const { severity = 'fail', ...rest } = values;
    this.add(id, label, problems.length === 0 ? 'pass' : severity, { ...rest, details: problems });
  }

  get ok(): boolean {
    return this.checks.every((c) => c.status !== 'fail');
  }
}

export interface ExpectedEntry {
  row: number;
  so: string;
  /** SHA-256 of the row's cells (JSON array of strings, one per column). */
  rowSha256: string;
  pdf: string;
  pdfSha256: string;
  pdfPages: number;
  /** SHA-256 of the entry's leaves as the columns give them (export time only). */
  leavesSha256?: string;
}

/** "A" for the first column, "AB" for the 28th (0-based index in); written once in shared/. */
export { columnLetter };

/**
 * One SHA-256 per column over the data rows, in row order (each cell as a JSON string and a
 * newline). With the rows' hashes it locates a changed cell: its row and its column.
 */
export class ColumnHasher {
  private readonly hashes: Hash[];

  constructor(columns: number) {
    this.hashes = Array.from({ length: columns }, () => createHash('sha256'));
  }

  add(cells: string[]): void {
    this.hashes.forEach((hash, i) => hash.update(`${JSON.stringify(cells[i] ?? '')}\n`));
  }

  digest(): string[] {
    return this.hashes.map((hash) => hash.digest('hex'));
  }
}

/** Rows whose content differs kept to name their cells; the rest are only counted. */
const MAX_KEPT_ROWS = 200;

export interface OutputCheckOptions {
  set: ColumnSet;
  excelFile: string;
  zipFile: string;
  expected: ExpectedEntry[];
  /** Count the pages of every PDF (export time); `verify` relies on the hashes instead. */
  countPages: boolean;
  /** The columns' hashes at export (ColumnHasher), to name the cell of a row that differs. */
  columnSha256?: string[];
  /** Explains a row whose content differs (export time: compared with the database). */
  explainRow?: (entry: ExpectedEntry, cells: string[], leaves: Leaves) => string[];
  /** Between rows and entries: progress and cancel. */
  tick?: () => Promise<void>;
}

/** "STT 3, số 03/2018" */
const entryRef = (e: Pick<ExpectedEntry, 'row' | 'so'>) => `STT ${e.row}, số ${e.so || '(trống)'}`;
/** "dòng 4 (STT 3, số 03/2018)": the sheet row of an entry (row 1 is the header). */
const rowLabel = (e: Pick<ExpectedEntry, 'row' | 'so'>) => `dòng ${e.row + 1} (${entryRef(e)})`;

/** The cells of a row as written: one string per column, trailing empty cells included. */
export function rowCells(cells: string[], columns: number): string[] {
  return Array.from({ length: Math.max(columns, cells.length) }, (_, i) => cells[i] ?? '');
}

export async function checkExcel(list: CheckList, options: OutputCheckOptions): Promise<void> {
  const { set, expected } = options;
  const header = headerCells(set);
  const headerProblems: string[] = [];
  const textProblems: string[] = [];
  const contentProblems: string[] = [];
  const leavesProblems: string[] = [];
  let headerSeen = false;
  let match = matchHeader(set, header);
  let dataRows = 0;
  /** 1-based columns written as numbers (STT): not text, on purpose. */
  const numberColumns = new Set(set.columns.flatMap((c, i) => (c.source === 'rowNumber' ? [i + 1] : [])));
  const columns = new ColumnHasher(set.columns.length);
  /** Rows that differ from the export, without an explanation yet (verify). */
  const differing: { entry: ExpectedEntry; number: number; cells: string[] }[] = [];
  let differingCount = 0;
  try {
    const { found } = await readSheetRows(options.excelFile, 1, async (row) => {
      if (!headerSeen) {
        headerSeen = true;
        match = matchHeader(set, row.cells);
        if (row.number !== 1) headerProblems.push('Dòng tiêu đề không ở dòng 1');
        if (!match.exact) {
          if (match.missing.length) headerProblems.push(`Thiếu cột: ${match.missing.join(', ')}`);
          if (match.unknown.length) headerProblems.push(`Cột không có trong bộ cột: ${match.unknown.join(', ')}`);
          if (!match.missing.length && !match.unknown.length) headerProblems.push('Các cột không đúng thứ tự');
        }
        return;
      }
      dataRows += 1;
      const entry = expected[dataRows - 1];
      const where = entry ? rowLabel(entry) : `dòng ${row.number}`;
      if (row.formulas.length) textProblems.push(`${where}: có công thức ở cột ${row.formulas.join(', ')}`);
      const nonText = row.nonText.filter((c) => !numberColumns.has(c));
      if (nonText.length) textProblems.push(`${where}: ô không phải dạng chữ ở cột ${nonText.join(', ')}`);
      if (!entry) {
        contentProblems.push(`Dòng ${row.number} thừa: không có trường hợp nào tương ứng`);
        return;
      }
      if (row.number !== entry.row + 1) {
        contentProblems.push(`${where}: nằm ở dòng ${row.number} của trang tính (có dòng trống phía trước?)`);
      }
      const cells = rowCells(row.cells, set.columns.length);
      columns.add(cells);
      const parsed = parseRow(set, match, cells);
      if (parsed.rowNumber !== entry.row)
        contentProblems.push(`${where}: cột STT ghi ${parsed.rowNumber ?? '(trống)'}`);
      if (sha256Json(cells) !== entry.rowSha256) {
        if (options.explainRow) contentProblems.push(...options.explainRow(entry, cells, parsed.leaves));
        else {
          differingCount += 1;
          if (differing.length < MAX_KEPT_ROWS) differing.push({ entry, number: row.number, cells });
          else contentProblems.push(`${where}: nội dung khác với lúc xuất`);
        }
      } else if (entry.leavesSha256 && sha256Json(parsed.leaves) !== entry.leavesSha256) {
        leavesProblems.push(
          ...(options.explainRow?.(entry, cells, parsed.leaves) ?? [`${where}: đọc lại không ra dữ liệu đã nhập`]),
        );
      }
      if (dataRows % 500 === 0) await options.tick?.();
    });
    if (!found) throw new Error('no sheet');
  } catch (error) {
    list.add('excel.readable', 'Đọc lại được tệp Excel', 'fail', {
      details: [`Không đọc được tệp Excel: ${(error as Error).message}`],
    });
    return;
  }
  list.add('excel.readable', 'Đọc lại được tệp Excel', 'pass');
  if (differing.length > 0) {
    contentProblems.unshift(...describeDifferingRows(set, differing, differingCount, columns, options.columnSha256));
  }
  list.expect('excel.header', `Dòng tiêu đề đúng bộ cột ${set.bookType} phiên bản ${set.version}`, headerProblems, {
    expected: `${set.columns.length} cột`,
    actual: `${match.indexes.filter((i) => i >= 0).length} cột khớp`,
  });
  const missingRows =
    dataRows < expected.length
      ? [`Thiếu ${expected.length - dataRows} dòng, từ ${rowLabel(expected[dataRows]!)} trở đi`]
      : [];
  list.expect(
    'excel.rows',
    'Số dòng trong tệp Excel bằng số trường hợp',
    dataRows === expected.length
      ? []
      : [...missingRows, ...(dataRows > expected.length ? [`Thừa ${dataRows - expected.length} dòng`] : [])],
    { expected: expected.length, actual: dataRows },
  );
  list.expect('excel.text', 'Mọi ô là chữ (trừ cột STT là số), không có công thức', textProblems);
  list.expect('excel.content', 'Nội dung từng dòng khớp với dữ liệu đã xuất', [...contentProblems, ...leavesProblems]);
}

/**
 * Names the cells of rows that differ from the export. A column whose hash changed holds a
 * changed cell: when one row differs, or one column, the cells are exactly those; otherwise each
 * row lists the cells that may have changed.
 */
function describeDifferingRows(
  set: ColumnSet,
  rows: { entry: ExpectedEntry; number: number; cells: string[] }[],
  count: number,
  columns: ColumnHasher,
  expected: string[] | undefined,
): string[] {
  const actual = columns.digest();
  const changed =
    expected && expected.length === actual.length ? actual.flatMap((h, i) => (h === expected[i] ? [] : [i])) : [];
  const cell = (number: number, i: number) =>
    `${columnLetter(i)}${number} (cột ${set.columns[i]?.column ?? columnLetter(i)})`;
  return rows.map(({ entry, number, cells }) => {
    const where = rowLabel(entry);
    if (changed.length === 0) return `${where}: nội dung khác với lúc xuất`;
    if (count === 1 || changed.length === 1) {
      return `${where}: ${changed.map((i) => `ô ${cell(number, i)} ghi "${cells[i] ?? ''}"`).join(', ')} — khác với lúc xuất`;
    }
    return `${where}: nội dung khác với lúc xuất, ở một trong các ô ${changed.map((i) => cell(number, i)).join(', ')}`;
  });
}

export async function checkZip(list: CheckList, options: OutputCheckOptions): Promise<void> {
  const { expected } = options;
  const byName = new Map(expected.map((e) => [e.pdf, e]));
  const seen = new Map<string, number>();
  const hashProblems: string[] = [];
  const pageProblems: string[] = [];
  const pathProblems: string[] = [];
  let count = 0;
  let pdfPages = 0;
  try {
    await readZipEntries(
      options.zipFile,
      async (entry) => {
        count += 1;
        seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
        if (entry.unsafe) {
          pathProblems.push(`Mục "${entry.name}" trong tệp nén có đường dẫn không an toàn: ${entry.unsafe}`);
          return;
        }
        const want = byName.get(entry.name);
        if (!want) return;
        if (entry.sha256 !== want.pdfSha256) {
          hashProblems.push(`${entry.name} (${entryRef(want)}): nội dung khác với lúc xuất (SHA-256 không khớp)`);
        }
        if (entry.bytes) {
          try {
            const doc = await PDFDocument.load(entry.bytes, { updateMetadata: false });
            const pages = doc.getPageCount();
            pdfPages += pages;
            if (pages !== want.pdfPages) {
              pageProblems.push(`${entry.name}: có ${pages} trang, trường hợp gắn với ${want.pdfPages} trang`);
            }
          } catch {
            pageProblems.push(`${entry.name}: không mở được tệp PDF`);
          }
        }
        if (count % 200 === 0) await options.tick?.();
      },
      () => options.countPages,
    );
  } catch (error) {
    list.add('zip.readable', 'Đọc lại được tệp nén', 'fail', {
      details: [`Không đọc được tệp nén: ${(error as Error).message}`],
    });
    return;
  }
  list.add('zip.readable', 'Đọc lại được tệp nén', 'pass');
  list.expect(
    'zip.paths',
    'Mọi mục trong tệp nén là tên tệp an toàn (không có đường dẫn tuyệt đối, không có "..")',
    pathProblems,
  );
  list.expect(
    'zip.count',
    'Số tệp PDF trong tệp nén bằng số trường hợp',
    count === expected.length ? [] : [`Có ${count} tệp, cần ${expected.length}`],
    { expected: expected.length, actual: count },
  );
  const nameProblems = [
    ...expected.filter((e) => !seen.has(e.pdf)).map((e) => `Thiếu tệp ${e.pdf} (${entryRef(e)})`),
    ...[...seen.keys()].filter((name) => !byName.has(name)).map((name) => `Tệp thừa: ${name}`),
    ...[...seen.entries()].filter(([, n]) => n > 1).map(([name, n]) => `Tệp ${name} có ${n} lần`),
  ];
  list.expect('zip.names', 'Tên tệp PDF đúng danh sách, không thiếu, không thừa, không trùng', nameProblems);
  list.expect('zip.hash', 'Nội dung từng tệp PDF khớp lúc xuất (SHA-256)', hashProblems);
  if (options.countPages) {
    const expectedPages = expected.reduce((n, e) => n + e.pdfPages, 0);
    list.expect('pdf.pages', 'Số trang của từng PDF bằng số trang scan gắn với trường hợp', pageProblems, {
      expected: expectedPages,
      actual: pdfPages,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Export time at province scale: hashes taken while writing, and an independent read of a sample.

/** Rows (and PDFs) read back in full: every one of a book this small, else a sample this big. */
export const SAMPLE_SIZE = 256;

/**
 * The entries (1-based rows) read back in full: all of a book of SAMPLE_SIZE entries or fewer;
 * else the first and last 32 and an even spread between (the last rows prove none is missing).
 */
export function sampleRows(total: number, size = SAMPLE_SIZE): Set<number> {
  const rows = new Set<number>();
  if (total <= size) {
    for (let row = 1; row <= total; row++) rows.add(row);
    return rows;
  }
  const edge = Math.floor(size / 8);
  for (let i = 1; i <= edge; i++) {
    rows.add(i);
    rows.add(total + 1 - i);
  }
  const spread = size - 2 * edge;
  for (let i = 0; i < spread; i++) rows.add(edge + 1 + Math.floor(((i + 0.5) * (total - 2 * edge)) / spread));
  return rows;
}

/** SHA-256 over a sequence of names (each a JSON string and a newline): the zip's list in order. */
export class NamesHasher {
  private readonly hash = createHash('sha256');
  count = 0;

  add(name: string): void {
    this.hash.update(`${JSON.stringify(name)}\n`);
    this.count += 1;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface SampleCheckOptions {
  set: ColumnSet;
  excelFile: string;
  zipFile: string;
  /** Rows written. */
  total: number;
  /** The entries read back in full, by row (sampleRows). */
  sample: Map<number, ExpectedEntry>;
  /** The PDFs' names in row order, hashed while writing (NamesHasher). */
  namesSha256: string;
  /** Problems the export found while writing (a row whose cells do not read back as the data). */
  contentProblems?: string[];
  tick?: () => Promise<void>;
}

/**
 * The Excel file read back: its header, the row count, and the sampled rows in full (cells as
 * written, STT, text cells). The whole file's integrity rests on its SHA-256, taken after writing.
 * Returns false when a sampled row differs (the caller then checks every row to name them).
 */
export async function checkExcelSample(list: CheckList, options: SampleCheckOptions): Promise<boolean> {
  const { set, sample, total } = options;
  const headerProblems: string[] = [];
  const textProblems: string[] = [];
  const contentProblems: string[] = [...(options.contentProblems ?? [])];
  let match = matchHeader(set, headerCells(set));
  const numberColumns = new Set(set.columns.flatMap((c, i) => (c.source === 'rowNumber' ? [i + 1] : [])));
  let dataRows: number;
  let read = 0;
  let differs = false;
  let headerSeen = false;
  try {
    const { found, rows } = await readSheetRows(
      options.excelFile,
      1,
      async (row) => {
        if (!headerSeen) {
          headerSeen = true;
          match = matchHeader(set, row.cells);
          if (row.number !== 1) headerProblems.push('Dòng tiêu đề không ở dòng 1');
          if (!match.exact) {
            if (match.missing.length) headerProblems.push(`Thiếu cột: ${match.missing.join(', ')}`);
            if (match.unknown.length) headerProblems.push(`Cột không có trong bộ cột: ${match.unknown.join(', ')}`);
            if (!match.missing.length && !match.unknown.length) headerProblems.push('Các cột không đúng thứ tự');
          }
          return;
        }
        read += 1;
        const entry = sample.get(row.number - 1);
        if (!entry) {
          contentProblems.push(`Dòng ${row.number} không phải dòng cần đọc lại (có dòng trống hoặc dòng thừa?)`);
          differs = true;
          return;
        }
        const where = rowLabel(entry);
        if (row.formulas.length) textProblems.push(`${where}: có công thức ở cột ${row.formulas.join(', ')}`);
        const nonText = row.nonText.filter((c) => !numberColumns.has(c));
        if (nonText.length) textProblems.push(`${where}: ô không phải dạng chữ ở cột ${nonText.join(', ')}`);
        const cells = rowCells(row.cells, set.columns.length);
        const parsed = parseRow(set, match, cells);
        if (parsed.rowNumber !== entry.row) {
          contentProblems.push(`${where}: cột STT ghi ${parsed.rowNumber ?? '(trống)'}`);
        }
        if (sha256Json(cells) !== entry.rowSha256) differs = true;
        if (read % 50 === 0) await options.tick?.();
      },
      // The header, then the sampled rows (XML rows are in sheet order: row n + 1 holds entry n).
      { rows: (index) => index === 1 || sample.has(index - 1) },
    );
    if (!found) throw new Error('no sheet');
    dataRows = Math.max(0, (rows ?? 0) - 1);
  } catch (error) {
    list.add('excel.readable', 'Đọc lại được tệp Excel', 'fail', {
      details: [`Không đọc được tệp Excel: ${(error as Error).message}`],
    });
    return true;
  }
  if (differs) return false;
  list.add('excel.readable', 'Đọc lại được tệp Excel', 'pass');
  list.expect('excel.header', `Dòng tiêu đề đúng bộ cột ${set.bookType} phiên bản ${set.version}`, headerProblems, {
    expected: `${set.columns.length} cột`,
    actual: `${match.indexes.filter((i) => i >= 0).length} cột khớp`,
  });
  const missingRead = [...sample.values()].filter((e) => e.row <= total).length - read;
  list.expect(
    'excel.rows',
    'Số dòng trong tệp Excel bằng số trường hợp',
    [
      ...(dataRows < total ? [`Thiếu ${total - dataRows} dòng`] : []),
      ...(dataRows > total ? [`Thừa ${dataRows - total} dòng`] : []),
      ...(missingRead > 0 ? [`${missingRead} dòng cần đọc lại không có trong tệp`] : []),
    ],
    { expected: total, actual: dataRows },
  );
  list.expect('excel.text', 'Mọi ô là chữ (trừ cột STT là số), không có công thức', textProblems);
  list.expect('excel.content', 'Nội dung từng dòng khớp với dữ liệu đã xuất', contentProblems, {
    actual: `đọc lại ${read}/${total} dòng`,
  });
  return true;
}

/**
 * The zip read back: every entry's name from the central directory (safe paths, the list in
 * order as hashed while writing), and the sampled PDFs in full (SHA-256, pages counted).
 * Returns false when the names differ (the caller then checks every entry to name them).
 */
export async function checkZipSample(list: CheckList, options: SampleCheckOptions): Promise<boolean> {
  const { total } = options;
  const byName = new Map([...options.sample.values()].map((e) => [e.pdf, e]));
  const names = new NamesHasher();
  const pathProblems: string[] = [];
  const hashProblems: string[] = [];
  const pageProblems: string[] = [];
  let pdfPages = 0;
  let expectedPages = 0;
  let read = 0;
  try {
    await scanZipEntries(
      options.zipFile,
      async (entry) => {
        names.add(entry.name);
        if (entry.unsafe) {
          pathProblems.push(`Mục "${entry.name}" trong tệp nén có đường dẫn không an toàn: ${entry.unsafe}`);
          return;
        }
        const want = byName.get(entry.name);
        if (!want || entry.sha256 === undefined) return;
        read += 1;
        expectedPages += want.pdfPages;
        if (entry.sha256 !== want.pdfSha256) {
          hashProblems.push(`${entry.name} (${entryRef(want)}): nội dung khác với lúc xuất (SHA-256 không khớp)`);
        }
        try {
          const doc = await PDFDocument.load(entry.bytes!, { updateMetadata: false });
          const pages = doc.getPageCount();
          pdfPages += pages;
          if (pages !== want.pdfPages) {
            pageProblems.push(`${entry.name}: có ${pages} trang, trường hợp gắn với ${want.pdfPages} trang`);
          }
        } catch {
          pageProblems.push(`${entry.name}: không mở được tệp PDF`);
        }
        if (read % 50 === 0) await options.tick?.();
      },
      (name) => byName.has(name),
      (name) => byName.has(name),
    );
  } catch (error) {
    list.add('zip.readable', 'Đọc lại được tệp nén', 'fail', {
      details: [`Không đọc được tệp nén: ${(error as Error).message}`],
    });
    return true;
  }
  if (names.count !== total || names.digest() !== options.namesSha256) return false;
  list.add('zip.readable', 'Đọc lại được tệp nén', 'pass');
  list.expect(
    'zip.paths',
    'Mọi mục trong tệp nén là tên tệp an toàn (không có đường dẫn tuyệt đối, không có "..")',
    pathProblems,
  );
  list.expect('zip.count', 'Số tệp PDF trong tệp nén bằng số trường hợp', [], { expected: total, actual: names.count });
  list.expect('zip.names', 'Tên tệp PDF đúng danh sách, không thiếu, không thừa, không trùng', []);
  const unread = byName.size - read;
  list.expect(
    'zip.hash',
    'Nội dung từng tệp PDF khớp lúc xuất (SHA-256)',
    [...hashProblems, ...(unread > 0 ? [`${unread} tệp PDF cần đọc lại không đọc được`] : [])],
    { actual: `đọc lại ${read}/${total} tệp` },
  );
  list.expect('pdf.pages', 'Số trang của từng PDF bằng số trang scan gắn với trường hợp', pageProblems, {
    expected: expectedPages,
    actual: pdfPages,
  });
  return true;
}
