/** The browser transport: the same contract over HTTP to the local web host (dev:web, e2e tests). */
import type { SohoaBridge } from '../../shared/api/contract';
import type { ApiResponse } from '../../shared/api/errors';

const unreachable: ApiResponse<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Không kết nối được với phần xử lý dữ liệu của ứng dụng' },
};

const refused: ApiResponse<never> = {
  ok: false,
  error: {
    code: 'UNAUTHORIZED',
    message: 'Phiên làm việc không còn hợp lệ; hãy mở lại ứng dụng bằng địa chỉ được in ra',
  },
};

/** The session's CSRF token, which the web host writes into index.html (see electron/web-host/server.ts). */
function csrfToken(): string {
  return document.querySelector('meta[name="sohoa-csrf"]')?.getAttribute('content') ?? '';
}

async function postJson(url: string, body: BodyInit, contentType: string): Promise<ApiResponse<unknown>> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, 'x-sohoa-csrf': csrfToken() },
      credentials: 'same-origin',
    });
    // Errors of the backend come as 4xx/5xx with the same {ok, error} body (a wrong password is a
    // 401 too, with its own message); the host's own refusals are plain text.
    if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
      return (await response.json()) as ApiResponse<unknown>;
    }
    if (response.status === 401) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Phiên làm việc đã hết; hãy mở lại ứng dụng' } };
    }
    if (response.status === 403) return refused;
    return unreachable;
  } catch {
    return unreachable;
  }
}

export const httpBridge: SohoaBridge = {
  invoke: (name, input) =>
    postJson(`/api/call/${encodeURIComponent(name)}`, JSON.stringify(input ?? {}), 'application/json'),
  async stageFile(file) {
    const response = await postJson(
      `/api/stage?name=${encodeURIComponent(file.name)}`,
      file,
      'application/octet-stream',
    );
    if (!response.ok) throw new Error(response.error.message);
    return response.result as { stagedId: string };
  },
  scanUrl: (sha256) => `/scan/${sha256}`,
};
