/** The browser transport: the same contract over HTTP to the local web host (dev:web, e2e tests). */
import type { SohoaBridge } from '../../shared/api/contract';
import type { ApiResponse } from '../../shared/api/errors';

const unreachable: ApiResponse<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Không kết nối được với phần xử lý dữ liệu của ứng dụng' },
};

async function postJson(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<ApiResponse<unknown>> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers, credentials: 'same-origin' });
    if (response.status === 401) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Phiên làm việc đã hết; hãy mở lại ứng dụng' } };
    }
    return (await response.json()) as ApiResponse<unknown>;
  } catch {
    return unreachable;
  }
}

export const httpBridge: SohoaBridge = {
  invoke: (name, input) =>
    postJson(`/api/call/${encodeURIComponent(name)}`, JSON.stringify(input ?? {}), {
      'content-type': 'application/json',
    }),
  async stageFile(file) {
    const response = await postJson(`/api/stage?name=${encodeURIComponent(file.name)}`, file, {
      'content-type': 'application/octet-stream',
    });
    if (!response.ok) throw new Error(response.error.message);
    return response.result as { stagedId: string };
  },
  scanUrl: (sha256) => `/scan/${sha256}`,
};
