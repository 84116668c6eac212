/**
 * The one place where failures of the machine (disk full, read-only data folder, no permission)
 * and of the database's own integrity checks (a foreign key that points nowhere) become errors
 * the clerk can act on: a code and a Vietnamese message. Used by the dispatcher, the jobs and the
 * file store, so that every door says the same thing.
 */
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';

export const STORAGE_FULL_MESSAGE =
  'Ổ đĩa chứa dữ liệu đã đầy: chưa lưu được gì. Hãy giải phóng dung lượng ổ đĩa rồi thử lại; dữ liệu đã lưu trước đó không bị ảnh hưởng.';
export const STORAGE_READ_ONLY_MESSAGE =
  'Thư mục dữ liệu chỉ cho phép đọc (hoặc không có quyền ghi): chưa lưu được gì. Hãy kiểm tra ổ đĩa và quyền ghi của thư mục dữ liệu; dữ liệu đã lưu trước đó không bị ảnh hưởng.';
export const MISSING_REFERENCE_MESSAGE =
  'Dữ liệu trỏ tới một mục không tồn tại (ví dụ trang hoặc sổ đã bị xóa): chưa lưu gì. Hãy tải lại sổ rồi thử lại.';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL']);
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** SQLite's extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE …) by their primary code. */
function primary(code: string): string {
  if (code.startsWith('SQLITE_READONLY')) return 'SQLITE_READONLY';
  return code;
}

/** The file a system error is about, when it names one outside the data folder (an export folder, a picked scan). */
function outsidePath(error: unknown, dataRoot: string | undefined): string | undefined {
  if (dataRoot === undefined || typeof error !== 'object' || error === null || !('path' in error)) return undefined;
  const { path: file } = error as { path: unknown };
  if (typeof file !== 'string') return undefined;
  const relative = path.relative(path.resolve(dataRoot), path.resolve(file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : undefined;
}

/**
 * The AppError a failure stands for, or undefined when it is a real bug (then INTERNAL). Looks
 * through `cause` chains (a library may wrap the system error). With `dataRoot`, a failure on a
 * file outside the data folder (an export to a full or read-only USB stick, a picked scan that
 * cannot be read) names that file instead of blaming the data folder.
 */
export function appErrorFrom(error: unknown, dataRoot?: string): AppError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    const code = codeOf(current);
    if (code !== undefined) {
      const kind = primary(code);
      const elsewhere = outsidePath(current, dataRoot);
      if (FULL_CODES.has(kind)) {
        const message = elsewhere
          ? `Ổ đĩa chứa "${elsewhere}" đã đầy: chưa ghi được. Hãy giải phóng dung lượng hoặc chọn nơi khác rồi thử lại.`
          : STORAGE_FULL_MESSAGE;
        return new AppError('STORAGE_FULL', message, { cause: code });
      }
      if (READ_ONLY_CODES.has(kind)) {
        const message = elsewhere
          ? `Không có quyền đọc hoặc ghi "${elsewhere}" (hoặc ổ đĩa chỉ cho phép đọc). Hãy kiểm tra quyền hoặc chọn nơi khác rồi thử lại.`
          : STORAGE_READ_ONLY_MESSAGE;
        return new AppError('STORAGE_READ_ONLY', message, { cause: code });
      }
      // SQLite reports a full disk during a write as an I/O error with errno ENOSPC.
      if (kind === 'SQLITE_IOERR_WRITE' || kind === 'SQLITE_IOERR_FSYNC' || kind === 'SQLITE_IOERR_SHMSIZE') {
        const message = current instanceof Error ? current.message : '';
        if (/full|space/i.test(message)) return new AppError('STORAGE_FULL', STORAGE_FULL_MESSAGE, { cause: code });
      }
      if (kind === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        return new AppError('VALIDATION', MISSING_REFERENCE_MESSAGE, { cause: code });
      }
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
