/**
 * The main-process side of the two IPC channels. Pure (no electron import): `main.ts` registers
 * these with `ipcMain.handle`. Both answer with an `ApiResponse` envelope and never throw, so
 * that no stack trace or exception object crosses the process boundary.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, type ApiResponse } from '../../shared/api/errors';
import type { RequestContext } from '../backend/context';
import { isAppUrl } from './navigation';

/** The part of the backend the IPC handlers use. */
export interface IpcBackend {
  dispatch(name: string, input: unknown, request: RequestContext): Promise<ApiResponse<unknown>>;
  /** Who the window acts as (until accounts: the OS user). */
  localRequest: RequestContext;
  staging: { stagePath(filePath: string): Promise<{ stagedId: string }> };
}

/** The part of `IpcMainInvokeEvent` the sender check reads. */
export interface IpcSenderEvent {
  senderFrame?: { url: string } | null;
}

const UNAUTHORIZED: ApiResponse<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'Yêu cầu không đến từ giao diện của ứng dụng' },
};

const INTERNAL: ApiResponse<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' },
};

/**
 * Only the app's own page (served from `app://bundle`) may call the backend. A frame that has
 * gone away (`senderFrame` null) or any other origin is refused.
 */
export function isTrustedSender(event: IpcSenderEvent | undefined | null): boolean {
  try {
    // Electron's getter can throw when the frame was disposed meanwhile: that is a refusal too.
    const frame = event?.senderFrame;
    return frame ? isAppUrl(frame.url) : false;
  } catch {
    return false;
  }
}

export async function handleInvoke(
  backend: IpcBackend,
  event: IpcSenderEvent,
  name: unknown,
  input: unknown,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResponse<unknown>> {
  if (!isTrustedSender(event)) return UNAUTHORIZED;
  if (typeof name !== 'string') {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Tên chức năng không hợp lệ' } };
  }
  try {
    return await backend.dispatch(name, input, backend.localRequest);
  } catch (error) {
    // dispatch() already turns service errors into envelopes; this is only a safety net.
    onInternalError(error);
    return INTERNAL;
  }
}

export async function handleStagePath(
  backend: IpcBackend,
  event: IpcSenderEvent,
  filePath: unknown,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResponse<{ stagedId: string }>> {
  if (!isTrustedSender(event)) return UNAUTHORIZED;
  if (typeof filePath !== 'string' || filePath === '' || filePath.includes('\0') || !path.isAbsolute(filePath)) {
    return { ok: false, error: { code: 'BAD_FILE', message: 'Không đọc được tệp đã chọn' } };
  }
  try {
    const { stagedId } = await backend.staging.stagePath(filePath);
    return { ok: true, result: { stagedId } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toShape() };
    onInternalError(error);
    return INTERNAL;
  }
}

/**
 * The export folder picked in the main process's dialog: its path, or null when the clerk
 * cancelled. `current` (an absolute path) is where the dialog opens.
 */
export async function handlePickFolder(
  event: IpcSenderEvent,
  current: unknown,
  pick: (defaultPath: string | undefined) => Promise<string | undefined>,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResponse<{ dir: string | null }>> {
  if (!isTrustedSender(event)) return UNAUTHORIZED;
  const defaultPath =
    typeof current === 'string' && current !== '' && !current.includes('\0') && path.isAbsolute(current)
      ? current
      : undefined;
  try {
    const dir = await pick(defaultPath);
    return { ok: true, result: { dir: dir ?? null } };
  } catch (error) {
    onInternalError(error);
    return INTERNAL;
  }
}

/**
 * Opens an existing folder in the file manager (`open`: Electron's shell.openPath, which
 * resolves with an error message, '' on success). Anything but an absolute path to a folder is
 * refused: a file would be launched, not shown.
 */
export async function handleOpenFolder(
  event: IpcSenderEvent,
  dir: unknown,
  open: (dir: string) => Promise<string>,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResponse<{ opened: true }>> {
  if (!isTrustedSender(event)) return UNAUTHORIZED;
  if (typeof dir !== 'string' || dir === '' || dir.includes('\0') || !path.isAbsolute(dir)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'Thư mục phải là đường dẫn đầy đủ' } };
  }
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) return { ok: false, error: { code: 'NOT_FOUND', message: `Không có thư mục ${dir}` } };
  try {
    const failure = await open(dir);
    if (failure) {
      return { ok: false, error: { code: 'INTERNAL', message: `Không mở được thư mục ${dir}: ${failure}` } };
    }
    return { ok: true, result: { opened: true } };
  } catch (error) {
    onInternalError(error);
    return INTERNAL;
  }
}
