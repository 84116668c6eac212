/** `sohoa book import|list` and `sohoa db check`, on the core backend (no export stack). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { issuesFromZod } from '../../shared/api/errors';
import { bookMetadataSchema } from '../../shared/books/book';
import { BOOK_TYPE_CODES, bookTypeName } from '../../shared/catalogs/book-types';
import { naturalCompare } from '../../shared/text/natural-sort';
import { checkDatabase } from '../backend/db/database';
import { MIGRATIONS_DIR } from '../backend/source-paths';
import type { CliCore } from './core';
import { parseOptions, UsageError } from './usage';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff']);

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

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

export async function bookImport(core: CliCore, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      volume: { type: 'string' },
      office: { type: 'string' },
      /** The office's mã ĐVHC (administrative unit code): the book's officeCode. */
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
    for (const issue of issuesFromZod(metadata.error.issues)) {
      console.error(`--${issue.path === 'officeCode' ? 'office-code' : issue.path}: ${issue.message}`);
    }
    console.error(`Loại sổ: ${BOOK_TYPE_CODES.join(', ')}. Năm mở sổ lấy từ --year hoặc từ quyển số dạng NN/yyyy.`);
    return 2;
  }
  await core.ready();
  const sources = await scanSources(positionals[0]!);
  const report = await core.services.books.importBook(metadata.data, sources);
  for (const skip of report.skipped) console.error(`Bỏ qua ${skip.name}: ${skip.message}`);
  console.error(
    `Đã tạo ${bookTypeName(report.book.type)}, quyển ${report.book.volume}: ${report.book.pageCount} trang`,
  );
  process.stdout.write(`${report.book.id}\n`);
  return 0;
}

export async function bookList(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  await core.ready();
  const books = core.services.books.list();
  if (values.json) printJson(books);
  else if (books.length === 0)
    console.log('Chưa có sổ nào. Nhập sổ: sohoa book import <tệp.pdf | thư mục ảnh> --type GH …');
  else
    for (const b of books)
      console.log(`${b.id}  ${b.type}  ${b.volume}  ${b.office}  ${b.pageCount} trang, ${b.entryCount} trường hợp`);
  return 0;
}

export async function dbCheck(core: CliCore, args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  await core.ready();
  const check = checkDatabase(core.db, MIGRATIONS_DIR);
  if (values.json) printJson(check);
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
