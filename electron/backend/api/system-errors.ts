/**
 * The one place where failures of the machine (disk full, read-only data folder, no permission)
 * and of the database's own integrity checks (a foreign key that points nowhere) become errors
 * the clerk can act on: a code and a Vietnamese message. Used by the dispatcher, the jobs and the
 * file store, so that every door says the same thing.
 */
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

/**
 * The AppError a failure stands for, or undefined when it is a real bug (then INTERNAL). Looks
 * through `cause` chains (a library may wrap the system error).
 */
export function appErrorFrom(error: unknown): AppError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    const code = codeOf(current);
    if (code !== undefined) {
      const kind = primary(code);
      if (FULL_CODES.has(kind)) return new AppError('STORAGE_FULL', STORAGE_FULL_MESSAGE, { cause: code });
      if (READ_ONLY_CODES.has(kind))
        return new AppError('STORAGE_READ_ONLY', STORAGE_READ_ONLY_MESSAGE, { cause: code });
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
