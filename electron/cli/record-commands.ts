/**
 * `sohoa record list|import`: entries as JSON with the shared schema's field names, so that
 * what `list` prints, `import` loads back.
 */
import fs from 'node:fs/promises';
import type { PageRef, RecordDetail } from '../../shared/records/record';
import { AppError } from '../../shared/api/errors';
import { cellErrorText } from '../../shared/export/row-decode';
import { describePath } from '../../shared/records/labels';
import { importXlsxFile, type XlsxImportReport } from '../backend/records/xlsx-import';
import type { CliCore } from './core';
import { parseOptions, UsageError } from './usage';

/** An entry as the CLI prints and reads it: the entry's data, and its pages by book page number. */
interface EntryLine {
  id?: string;
  data?: Record<string, unknown>;
  pages?: { pageNo?: number; pageId?: string; rect?: PageRef['rect'] }[];
  warnings?: unknown;
  [field: string]: unknown;
}

export async function recordList(backend: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({
    args,
    options: {
      book: { type: 'string' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
  });
  await backend.ready();
  const records: RecordDetail[] = backend.services.records
    .list({ bookId: values.book })
    .map((r) => backend.services.records.get(r.id));
  if (values.jsonl) for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
  else if (values.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else for (const r of records) console.log(`${r.id}  ${r.bookType}  ${r.so}  ${r.names.join(' / ')}`);
  return 0;
}

/**
 * Test seam: with SOHOA_TEST_IMPORT_STALL_AFTER_CHUNKS=n, the import stops for good after its n-th
 * write and says IMPORT_STALLED on stderr, so that a test can kill it half-way at a known point.
 */
function stallForTests(): (() => Promise<void>) | undefined {
  const after = Number(process.env.SOHOA_TEST_IMPORT_STALL_AFTER_CHUNKS ?? '0');
  if (!Number.isInteger(after) || after <= 0) return undefined;
  let chunks = 0;
  return async () => {
    if (++chunks < after) return;
    console.error('IMPORT_STALLED');
    await new Promise<never>(() => setInterval(() => {}, 60_000));
  };
}

export async function recordImport(backend: CliCore, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: { book: { type: 'string' }, 'skip-invalid': { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  if (!values.book || positionals.length !== 1) throw new UsageError('Cần --book ID và đúng một tệp .jsonl hoặc .xlsx');
  await backend.ready();
  if (/\.xlsx$/i.test(positionals[0]!)) {
    return importXlsx(backend, values.book, positionals[0]!, values['skip-invalid'] === true);
  }
  const book = backend.services.books.get(values.book);
  const pageByNo = new Map(book.pages.map((p) => [p.pageNo, p.id]));
  const text = await fs.readFile(positionals[0]!, 'utf8').catch(() => {
    throw new UsageError(`Không đọc được tệp ${positionals[0]}`);
  });

  const items: { data: unknown; pages: PageRef[] }[] = [];
  const lineOf: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const lineNo = i + 1;
    let line: EntryLine;
    try {
      line = JSON.parse(raw) as EntryLine;
    } catch {
      problems.push(`Dòng ${lineNo}: không phải JSON hợp lệ`);
      return;
    }
    // A line is either what `record list` prints ({ data, pages, … }) or the entry's fields alone.
    const data = (line.data ?? line) as Record<string, unknown>;
    const refs = line.pages?.length ? line.pages : [{ pageNo: Number(data.trangSo) }];
    const pages: PageRef[] = [];
    for (const ref of refs) {
      const pageId = ref.pageNo !== undefined ? pageByNo.get(ref.pageNo) : ref.pageId;
      if (!pageId) {
        problems.push(`Dòng ${lineNo}: sổ không có trang ${ref.pageNo ?? ref.pageId ?? '(không ghi)'}`);
        return;
      }
      pages.push({ pageId, ...(ref.rect ? { rect: ref.rect } : {}) });
    }
    items.push({ data, pages });
    lineOf.push(lineNo);
  });

  const skipInvalid = values['skip-invalid'] === true;
  if (problems.length > 0 && !skipInvalid) {
    for (const p of problems) console.error(p);
    console.error('Không nhập trường hợp nào. Sửa các dòng trên, hoặc chạy lại với --skip-invalid để bỏ qua chúng.');
    return 1;
  }
  // All or nothing unless --skip-invalid: checked first, then written in short transactions that
  // leave the app beside it free to save (records-service importMany).
  const result = await backend.services.records.importMany(book.id, items, { skipInvalid, onChunk: stallForTests() });
  for (const p of problems) console.error(p);
  for (const r of result.rejected) {
    const details = r.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`).join('; ');
    console.error(`Dòng ${lineOf[r.index]}: ${r.message}${details ? ` — ${details}` : ''}`);
  }
  result.imported.forEach((record) => {
    for (const w of record.warnings) console.error(`Cảnh báo, số ${record.so}: ${describePath(w.path)}: ${w.message}`);
  });
  if (result.rejected.length > 0 && !skipInvalid) {
    if (result.cancelled > 0) {
      console.error(
        `Đã hủy ${result.cancelled} trường hợp vừa ghi của lô này (xóa mềm với lý do "Nhập lô bị hủy (lô ${result.importId})", vẫn xem được trong mục đã xóa).`,
      );
    }
    console.error('Không nhập trường hợp nào. Sửa các dòng trên, hoặc chạy lại với --skip-invalid để bỏ qua chúng.');
    return 1;
  }
  const skipped = result.rejected.length + problems.length;
  console.error(`Đã nhập ${result.imported.length} trường hợp${skipped ? `, bỏ qua ${skipped} dòng lỗi` : ''}.`);
  return 0;
}

/** `sohoa record import --book ID FILE.xlsx`: an Excel file in the Ministry's format (xlsx-import.ts). */
async function importXlsx(backend: CliCore, bookId: string, file: string, skipInvalid: boolean): Promise<number> {
  const NOTHING = 'Không nhập trường hợp nào.';
  let report: XlsxImportReport;
  try {
    report = await importXlsxFile(backend.services, bookId, file, { skipInvalid, onChunk: stallForTests() });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
    console.error(error.message);
    console.error(NOTHING);
    return 1;
  }
  for (const e of report.errors) console.error(cellErrorText(e));
  report.imported.forEach((record) => {
    for (const w of record.warnings) console.error(`Cảnh báo, số ${record.so}: ${describePath(w.path)}: ${w.message}`);
  });
  if (!report.ok) {
    if (report.cancelled > 0) {
      console.error(
        `Đã hủy ${report.cancelled} trường hợp vừa ghi của lô này (xóa mềm với lý do "Nhập lô bị hủy (lô ${report.importId})", vẫn xem được trong mục đã xóa).`,
      );
    }
    console.error(`${NOTHING} Sửa các dòng trên, hoặc chạy lại với --skip-invalid để bỏ qua chúng.`);
    return 1;
  }
  console.error(
    `Đã nhập ${report.imported.length} trường hợp${report.skipped ? `, bỏ qua ${report.skipped} dòng lỗi` : ''}.`,
  );
  return 0;
}
