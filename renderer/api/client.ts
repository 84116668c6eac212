/**
 * The renderer's only way to the backend: `api.call(name, input)`, typed by the contract.
 * Electron's preload provides the bridge on window.sohoa; the browser build falls back to HTTP.
 */
import type { ApiInput, ApiMethod, ApiResult, SohoaBridge } from '../../shared/api/contract';
import { ApiCallError, type ApiResponse } from '../../shared/api/errors';
import { httpBridge } from './http-bridge';

declare global {
  interface Window {
    sohoa?: SohoaBridge;
  }
}

const bridge: SohoaBridge = window.sohoa ?? httpBridge;

/** Fired on window when a call is refused because nobody is logged in any more. */
export const UNAUTHENTICATED_EVENT = 'sohoa:unauthenticated';

export const api = {
  async call<M extends ApiMethod>(name: M, input: ApiInput<M>): Promise<ApiResult<M>> {
    const response = (await bridge.invoke(name, input)) as ApiResponse<ApiResult<M>>;
    if (!response.ok) {
      // The session ended (logged out elsewhere, account disabled): the login screen takes over.
      if (response.error.code === 'UNAUTHENTICATED' && !name.startsWith('auth.')) {
        window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
      }
      throw new ApiCallError(response.error);
    }
    return response.result;
  },
  stageFile: (file: File) => bridge.stageFile(file),
  scanUrl: (sha256: string) => bridge.scanUrl(sha256),
  /**
   * Electron: the main process's dialog chooses (and keeps) the export folder. Absent in the
   * browser, whose exports always go to the data folder's "xuat".
   */
  pickExportFolder: bridge.pickExportFolder ? () => bridge.pickExportFolder!() : undefined,
};

/** The Vietnamese message of any error, for showing to the clerk. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiCallError) {
    // Say what is wrong, not only that something is.
    const issues = error.details?.issues ?? [];
    return issues.length > 0 ? `${error.message}: ${issues.map((i) => i.message).join('; ')}` : error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Đã xảy ra lỗi không mong muốn';
}
