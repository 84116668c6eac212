/**
 * `sohoa`: the command line for district IT staff and scripts. It calls the same backend
 * services as the app (never through the renderer); every verb takes --data-dir.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, issuesFromZod } from '../../shared/api/errors';
import { bookMetadataSchema } from '../../shared/books/book';
import { BOOK_TYPE_CODES, bookTypeName } from '../../shared/catalogs/book-types';
import { naturalCompare } from '../../shared/text/natural-sort';
import { openBackend, type Backend } from '../backend/app';
import { checkDatabase } from '../backend/db/database';
import { currentActor, defaultDataDir } from '../backend/paths';
import { MIGRATIONS_DIR } from '../backend/source-paths';
import { EXPORT_USAGE, exportCommand, verifyCommand } from './export-commands';
import { recordImport, recordList, UsageError } from './record-commands';

const USAGE = `Cách dùng: sohoa <lệnh> [tùy chọn] [--data-dir THƯ_MỤC]

  book import <tệp.pdf | thư-mục-ảnh> --type GH --volume 01/2018 --office "UBND xã …" [--year 2018]
  book list [--json]
  record list [--book ID] [--json | --jsonl]
  record import --book ID TỆP.jsonl [--skip-invalid]
  db check [--json]
${EXPORT_USAGE}`;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff']);

/** A PDF, several PDFs, or a folder of page images ordered by natural sort (2 before 10). */
async function scanSources(target: string) {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new UsageError(`Không tìm thấy: ${target}`);
  if (stat.isFile()) return [{ path: path.resolve(target), name: path.basename(target) }];
  const names = (await fs.readdir(target, { withFileTypes: true }))
    .filter((d) => d.isFile() && (IMAGE_EXTENSIONS.has(path.extname(d.name).toLowerCase()) || /\.pdf$/i.test(d.name)))
    .map((d) => d.name)
    .sort(naturalCompare);
  if (names.length === 0) throw new UsageError(`Thư mục không có tệp PDF hoặc ảnh: ${target}`);
  return names.map((name) => ({ path: path.resolve(target, name), name }));
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function bookImport(backend: Backend, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      volume: { type: 'string' },
      office: { type: 'string' },
      'office-code': { type: 'string' },
      year: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp PDF hoặc một thư mục ảnh');
  const volume = values.volume ?? '';
  const yearFromVolume = /\/(\d{4})$/.exec(volume)?.[1];
  const metadata = bookMetadataSchema.safeParse({
    type: values.type?.toUpperCase(),
    office: values.office ?? '',
    officeCode: values['office-code'],
    volume,
    yearOpened: Number(values.year ?? yearFromVolume ?? NaN),
  });
  if (!metadata.success) {
    for (const issue of issuesFromZod(metadata.error.issues)) console.error(`--${issue.path}: ${issue.message}`);
    console.error(`Loại sổ: ${BOOK_TYPE_CODES.join(', ')}. Năm mở sổ lấy từ --year hoặc từ quyển số dạng NN/yyyy.`);
    return 2;
  }
  const report = await backend.services.books.importBook(metadata.data, await scanSources(positionals[0]!));
  for (const skip of report.skipped) console.error(`Bỏ qua ${skip.name}: ${skip.message}`);
  console.error(
    `Đã tạo ${bookTypeName(report.book.type)}, quyển ${report.book.volume}: ${report.book.pageCount} trang`,
  );
  process.stdout.write(`${report.book.id}\n`);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (!noun || noun === 'help' || noun === '--help') {
    process.stdout.write(USAGE);
    return noun ? 0 : 2;
  }
  const { values: common } = parseArgs({
    args: argv.slice(1),
    strict: false,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
  });
  const dataDir = typeof common['data-dir'] === 'string' ? common['data-dir'] : defaultDataDir();
  const json = common.json === true;
  const backend = await openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, actor: currentActor() });
  try {
    if (noun === 'export') return await exportCommand(backend, argv.slice(1));
    if (noun === 'verify') return await verifyCommand(backend, argv.slice(1));
    switch (`${noun} ${verb ?? ''}`) {
      case 'book import':
        return await bookImport(backend, rest);
      case 'book list': {
        const books = backend.services.books.list();
        if (json) printJson(books);
        else
          for (const b of books)
            console.log(
              `${b.id}  ${b.type}  ${b.volume}  ${b.office}  ${b.pageCount} trang, ${b.entryCount} trường hợp`,
            );
        return 0;
      }
      case 'record list':
        return recordList(backend, rest);
      case 'record import':
        return await recordImport(backend, rest);
      case 'db check': {
        const check = checkDatabase(backend.db, MIGRATIONS_DIR);
        if (json) printJson(check);
        else {
          console.log(`Cập nhật cơ sở dữ liệu: ${check.migrations.applied}/${check.migrations.known}`);
          console.log(`Toàn vẹn SQLite: ${check.integrity.join(', ')}`);
          console.log(
            `Nhật ký thay đổi: ${check.audit.rows} dòng, trigger: ${check.audit.triggers.join(', ') || 'không có'}`,
          );
          for (const p of check.problems) console.log(`LỖI: ${p}`);
          console.log(check.ok ? 'Kết quả: tốt' : 'Kết quả: có lỗi');
        }
        return check.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`Lệnh không rõ: ${argv.slice(0, 2).join(' ')}`);
    }
  } finally {
    backend.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    console.error(USAGE);
    process.exitCode = 2;
  } else if (error instanceof AppError) {
    console.error(error.message);
    const skipped = error.details?.skipped as { name: string; message: string }[] | undefined;
    for (const skip of skipped ?? []) console.error(`  ${skip.name}: ${skip.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
