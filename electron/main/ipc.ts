/**
 * The main-process side of the two IPC channels. Pure (no electron import): `main.ts` registers
 * these with `ipcMain.handle`. Both answer with an `ApiResponse` envelope and never throw, so
 * that no stack trace or exception object crosses the process boundary.
 */
import path from 'node:path';
import { AppError, type ApiResponse } from '../../shared/api/errors';
import { isAppUrl } from './navigation';

/** The part of the backend the IPC handlers use. */
export interface IpcBackend {
  dispatch(name: string, input: unknown): Promise<ApiResponse<unknown>>;
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
    return await backend.dispatch(name, input);
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

/** What choosing the export folder needs of main: its dialog, and the backend's export folder. */
export interface ExportFolderChooser {
  /** The logged-in user's export folder, where the dialog opens (throws when nobody is logged in). */
  current(): string | Promise<string>;
  /** The main process's folder dialog: the chosen folder, undefined when cancelled. */
  pick(defaultPath: string | undefined): Promise<string | undefined>;
  /** Keeps the folder as the logged-in user's export folder (checked writable); the stored path. */
  store(dir: string): Promise<string>;
}

/**
 * "Chọn thư mục…" in Electron: main's dialog chooses, main stores it through the backend. The
 * page sends nothing (an argument it passes is ignored): no path comes from the renderer.
 * Resolves with the stored folder, or null when the clerk cancelled.
 */
export async function handlePickExportFolder(
  event: IpcSenderEvent,
  chooser: ExportFolderChooser,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResponse<{ dir: string | null }>> {
  if (!isTrustedSender(event)) return UNAUTHORIZED;
  try {
    const current = await chooser.current();
    const picked = await chooser.pick(current);
    if (picked === undefined) return { ok: true, result: { dir: null } };
    return { ok: true, result: { dir: await chooser.store(picked) } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toShape() };
    onInternalError(error);
    return INTERNAL;
  }
}
