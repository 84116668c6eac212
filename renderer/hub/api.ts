/**
 * The review app's only way to the hub: `call(method, input)`, typed by shared/review/hub-api.ts.
 * Carried as `POST /api/review/call/<method>` (same-origin cookie session); every call but the
 * login sends the session's CSRF token. The token is kept in sessionStorage so that a reload of
 * the tab keeps the session it belongs to (the cookie alone is not enough to call).
 */
import {
  CSRF_HEADER,
  hubApiError,
  type HubApiInput,
  type HubApiMethod,
  type HubApiResult,
  type HubSession,
} from '../../shared/review/hub-api';

const CSRF_KEY = 'sohoa-hub-csrf';

/** Fired on window when a call is refused because the session ended (idle, logged out elsewhere). */
export const SESSION_ENDED_EVENT = 'sohoa-hub:session-ended';
export const SESSION_ENDED_MESSAGE = 'Phiên làm việc đã hết hạn, hãy đăng nhập lại';

/** A refused or failed call: the hub's code and its Vietnamese message (shown as is). */
export class HubCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HubCallError';
  }
}

function readCsrf(): string | null {
  try {
    return window.sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}
function writeCsrf(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(CSRF_KEY);
    else window.sessionStorage.setItem(CSRF_KEY, token);
  } catch {
    // Storage refused (private mode): the session then lasts as long as the page.
  }
}
let csrfToken: string | null = readCsrf();

function remember(session: HubSession): void {
  csrfToken = session.csrfToken;
  writeCsrf(session.csrfToken);
}
function forget(): void {
  csrfToken = null;
  writeCsrf(null);
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function call<M extends HubApiMethod>(method: M, input: HubApiInput<M>): Promise<HubApiResult<M>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/review/call/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(input),
    });
  } catch {
    throw new HubCallError('NETWORK', 'Không kết nối được máy chủ của huyện. Kiểm tra mạng rồi thử lại.');
  }
  const body = await parseBody(response);
  const refused = hubApiError.safeParse(body);
  if (refused.success) {
    const { code, message } = refused.data.error;
    if (code === 'UNAUTHENTICATED' && method !== 'auth.login') {
      forget();
      window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
    }
    throw new HubCallError(code, message);
  }
  if (!response.ok || body === null || typeof body !== 'object' || !('result' in body)) {
    throw new HubCallError('INTERNAL', `Máy chủ của huyện trả lời không đúng dạng (mã ${response.status}).`);
  }
  const result = (body as { result: HubApiResult<M> }).result;
  if (method === 'auth.login' || method === 'auth.me') remember(result as HubSession);
  if (method === 'auth.logout') forget();
  return result;
}

/** The Vietnamese message of any error, for the screen. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Đã xảy ra lỗi không mong muốn';
}

export function minutesUrl(lotId: string): string {
  return `/api/review/lots/${encodeURIComponent(lotId)}/bien-ban.pdf`;
}
