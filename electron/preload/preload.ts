/**
 * The preload: runs sandboxed, in the isolated world, and exposes exactly `SohoaBridge` on
 * `window.sohoa`. The page never sees ipcRenderer, channel names or file paths it did not pick.
 * Bundled to `dist-electron/preload.cjs`; a sandboxed preload may only require('electron').
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { SohoaBridge } from '../../shared/api/contract';
import type { ApiResponse } from '../../shared/api/errors';
import { SCAN_SCHEME } from '../backend/security-policy';
import { IPC_INVOKE, IPC_PICK_EXPORT_FOLDER, IPC_STAGE_PATH } from '../main/ipc-channels';

const NO_PATH_MESSAGE = 'Không đọc được đường dẫn của tệp đã chọn; hãy chọn tệp có trên máy';
const STAGE_FAILED_MESSAGE = 'Không đọc được tệp đã chọn';
const PICK_FAILED_MESSAGE = 'Không mở được hộp chọn thư mục';

const bridge: SohoaBridge = {
  /** Resolves with the backend's `ApiResponse` envelope, unchanged. */
  invoke(name: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_INVOKE, name, input);
  },

  async stageFile(file: File): Promise<{ stagedId: string }> {
    const filePath = webUtils.getPathForFile(file);
    if (!filePath) throw new Error(NO_PATH_MESSAGE);
    const response = (await ipcRenderer.invoke(IPC_STAGE_PATH, filePath)) as
      ApiResponse<{ stagedId: string }> | undefined;
    if (!response || response.ok !== true) throw new Error(response?.error?.message || STAGE_FAILED_MESSAGE);
    return { stagedId: response.result.stagedId };
  },

  scanUrl(sha256: string): string {
    return `${SCAN_SCHEME}://files/${encodeURIComponent(sha256)}`;
  },

  /** Main shows its dialog and keeps the folder; nothing is sent from the page. */
  async pickExportFolder(): Promise<string | null> {
    const response = (await ipcRenderer.invoke(IPC_PICK_EXPORT_FOLDER)) as
      ApiResponse<{ dir: string | null }> | undefined;
    if (!response || response.ok !== true) throw new Error(response?.error?.message || PICK_FAILED_MESSAGE);
    return response.result.dir;
  },
};

contextBridge.exposeInMainWorld('sohoa', bridge);
