/**
 * `sohoa export` and `sohoa verify`: export books for the national database and re-check an
 * export folder. Each returns the process exit code: 0 when everything adds up, 1 when something
 * failed (said in Vietnamese on stderr/stdout), 2 for a wrong command line.
 *
 *   sohoa export --book ID [--out DIR] [--naming TEMPLATE] [--replace] [--confirm-no-office-code] [--json]
 *   sohoa export --all [--out DIR] [--naming TEMPLATE] [--replace] [--confirm-no-office-code] [--json]
 *
 * --replace: replace an earlier export of the same book in the folder (refused without it);
 * --confirm-no-office-code: export books without mã ĐVHC (their names keep an empty segment).
 *   sohoa verify [DIR] [--json]
 */
import path from 'node:path';
import { AppError, issuesFromZod } from '../../shared/api/errors';
import { STATUS_TEXT, type AcceptanceCheck, type ExportResult, type VerifyReport } from '../../shared/export/export';
import { DEFAULT_NAMING, NAMING_PLACEHOLDERS, namingTemplate } from '../../shared/export/naming';
import type { Backend } from '../backend/app';
import { standaloneControl } from '../backend/jobs/jobs';
import { EXPORT_USAGE, parseOptions } from './usage';

export { EXPORT_USAGE };

class ExportUsageError extends Error {}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printChecks(checks: AcceptanceCheck[], onlyProblems: boolean): void {
  for (const check of checks) {
    if (onlyProblems && check.status === 'pass') continue;
    const values =
      check.expected !== undefined || check.actual !== undefined
        ? ` (cần ${check.expected ?? '—'}, có ${check.actual ?? '—'})`
        : '';
    console.log(`  [${STATUS_TEXT[check.status]}] ${check.label}${values}`);
    for (const detail of check.details ?? []) console.log(`      - ${detail}`);
  }
}

function printExport(result: ExportResult): void {
  const excel = result.files.find((f) => f.role === 'excel')!;
  const zip = result.files.find((f) => f.role === 'zip')!;
  const { counts, precheck } = result;
  console.log(
    `${result.ok ? 'ĐẠT' : 'KHÔNG ĐẠT'}: ${counts.entries} trường hợp, ${counts.excelRows} dòng Excel, ` +
      `${counts.pdfs} tệp PDF (${counts.pdfPages} trang)`,
  );
  console.log(`  ${path.join(result.outDir, excel.name)}  sha256 ${excel.sha256}`);
  console.log(`  ${path.join(result.outDir, zip.name)}  sha256 ${zip.sha256}`);
  console.log(`  Báo cáo nghiệm thu: ${result.baseName}.nghiem-thu.pdf, ${result.baseName}.nghiem-thu.xlsx`);
  console.log(
    `  Kiểm tra trước khi nhập: ${precheck.errors} lỗi, ${precheck.warnings} cảnh báo, ${precheck.infos} lưu ý`,
  );
  printChecks(result.checks, true);
}

function progressPrinter() {
  let last = 0;
  return standaloneControl((p) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    process.stderr.write(`  … ${p.total ? `${p.done}/${p.total} ` : ''}${p.message}\n`);
  });
}

/** The whole backend, opened (after the login) once the command line is known good. */
export interface LazyBackend {
  ready(): Promise<Backend>;
  close(): void;
}

export async function exportCommand(lazy: LazyBackend, args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseOptions({
      args,
      allowPositionals: false,
      options: {
        book: { type: 'string' },
        all: { type: 'boolean' },
        out: { type: 'string' },
        naming: { type: 'string' },
        replace: { type: 'boolean' },
        'confirm-no-office-code': { type: 'boolean' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
    }));
    if (!values.book === !values.all) throw new ExportUsageError('Cần đúng một trong hai: --book ID hoặc --all');
    if (values.out === '') throw new ExportUsageError('--out cần một thư mục');
  } catch (error) {
    console.error((error as Error).message);
    console.error(`Cách dùng:\n${EXPORT_USAGE}`);
    return 2;
  }
  let naming = DEFAULT_NAMING;
  if (values.naming !== undefined) {
    const parsed = namingTemplate.safeParse(values.naming);
    if (!parsed.success) {
      for (const issue of issuesFromZod(parsed.error.issues)) console.error(`--naming: ${issue.message}`);
      console.error(
        `Các phần dùng được: ${Object.entries(NAMING_PLACEHOLDERS)
          .map(([k, v]) => `{${k}} ${v}`)
          .join('; ')}`,
      );
      return 2;
    }
    naming = parsed.data;
  }
  const backend = await lazy.ready();
  try {
    return await runExport(backend, {
      book: values.book,
      out: values.out,
      json: values.json === true,
      naming,
      replace: values.replace === true,
      confirmNoOfficeCode: values['confirm-no-office-code'] === true,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`Không xuất được: ${error.message}`);
    if (error.details?.confirm === 'replace') console.error('Thêm --replace để thay bản xuất trước.');
    if (error.details?.confirm === 'noOfficeCode') {
      console.error('Thêm --confirm-no-office-code để xuất khi sổ chưa có mã ĐVHC.');
    }
    return 1;
  }
}

async function runExport(
  backend: Backend,
  values: {
    book?: string;
    out?: string;
    json: boolean;
    naming: string;
    replace: boolean;
    confirmNoOfficeCode: boolean;
  },
): Promise<number> {
  const options = {
    naming: values.naming,
    ...(values.replace ? { replace: true } : {}),
    ...(values.confirmNoOfficeCode ? { confirmNoOfficeCode: true } : {}),
  };
  const service = backend.services.exports;
  const outDir = path.resolve(values.out ?? service.exportRoot());
  const control = progressPrinter();

  if (values.book) {
    const book = backend.services.books.get(values.book); // NOT_FOUND → exit 1 with the message
    console.error(`Đang xuất ${book.type} quyển ${book.volume} (${book.office}) vào ${outDir} …`);
    const result = await service.exportBook(book.id, outDir, options, control);
    if (values.json) printJson(result);
    else printExport(result);
    return result.ok ? 0 : 1;
  }

  const all = await service.exportAll(outDir, options, control, (book, index, count) =>
    console.error(`[${index + 1}/${count}] Đang xuất ${book.label} …`),
  );
  if (values.json) printJson(all);
  else {
    for (const result of all.exported) {
      const book = backend.services.books.get(result.bookId);
      console.log(`${book.type} quyển ${book.volume} — ${book.office}:`);
      printExport(result);
    }
    for (const skip of all.skipped) console.log(`Bỏ qua ${skip.label}: ${skip.reason}`);
    if (all.skipped.some((s) => s.confirm === 'replace')) console.log('Thêm --replace để thay các bản xuất trước.');
    if (all.skipped.some((s) => s.confirm === 'noOfficeCode')) {
      console.log('Thêm --confirm-no-office-code để xuất cả các sổ chưa có mã ĐVHC.');
    }
    const failed = all.exported.filter((r) => !r.ok).length;
    console.log(
      `Kết quả: đã xuất ${all.exported.length} sổ vào ${outDir}` +
        (failed ? `, ${failed} sổ KHÔNG ĐẠT` : '') +
        (all.skipped.length ? `, bỏ qua ${all.skipped.length} sổ` : ''),
    );
  }
  const errors = all.skipped.filter((s) => s.kind === 'failed').length;
  return all.exported.every((r) => r.ok) && errors === 0 && all.exported.length > 0 ? 0 : 1;
}

function printVerify(report: VerifyReport): void {
  console.log(`Kiểm tra thư mục xuất: ${report.dir}`);
  for (const problem of report.problems) console.log(`LỖI: ${problem}`);
  for (const book of report.books) {
    const passed = book.checks.filter((c) => c.status !== 'fail').length;
    console.log(`${book.label}: ${book.ok ? 'ĐẠT' : 'KHÔNG ĐẠT'} (${passed}/${book.checks.length} mục đạt)`);
    printChecks(book.checks, true);
  }
  for (const note of report.notes) console.log(`Lưu ý: ${note}`);
  const count = report.books.length;
  console.log(
    report.ok
      ? `Kết quả: ĐẠT — ${count} sổ; số dòng, số tệp, tên tệp và mã SHA-256 đều khớp tệp kê khai`
      : `Kết quả: KHÔNG ĐẠT — ${report.books.filter((b) => !b.ok).length + (report.problems.length ? 1 : 0)} chỗ không khớp, xem các dòng "Không đạt" ở trên`,
  );
}

export async function verifyCommand(lazy: LazyBackend, args: string[]): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
    }));
    if (positionals.length > 1) throw new ExportUsageError('Chỉ kiểm tra một thư mục mỗi lần');
  } catch (error) {
    console.error((error as Error).message);
    console.error(`Cách dùng:\n${EXPORT_USAGE}`);
    return 2;
  }
  const report = positionals[0]
    ? // A folder given: only its files are read, so no account or data folder is needed (the
      // district checks the hub's export, or a USB copy, on any machine).
      await verifyGivenFolder(path.resolve(positionals[0]))
    : await (await lazy.ready()).services.exports.verifyFolder();
  if (values.json) printJson(report);
  else printVerify(report);
  return report.ok ? 0 : 1;
}

/** `sohoa verify DIR`: the folder's files checked against their manifests, as the app does. */
async function verifyGivenFolder(dir: string) {
  const [{ recoverSwitches }, { verifyFolder }] = await Promise.all([
    import('../backend/export/files'),
    import('../backend/export/verify'),
  ]);
  // An export killed after its switch was committed is completed first (as the service does).
  await recoverSwitches(dir);
  return verifyFolder(dir, () => new Date().toISOString());
}
