/** A browser-like session against a real web host: the cookie of the printed address and the page's CSRF token. */
import http from 'node:http';
import type { WebHost } from '../../../electron/web-host/server';
import { TEST_ADMIN } from './helpers';

export interface WebSession {
  cookie: string;
  csrf: string;
  origin: string;
  /** A contract call as the renderer's http-bridge makes it. */
  call(name: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** Request headers a page of the app sends on a state-changing request. */
  headers(type?: string): Record<string, string>;
}

/** A browser session of the printed address, logged in as the test administrator unless `login: false`. */
export async function openSession(
  host: Pick<WebHost, 'openUrl' | 'url'>,
  options: { login?: boolean } = {},
): Promise<WebSession> {
  const traded = await fetch(host.openUrl, { redirect: 'manual' });
  const cookie = traded.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${host.url}/`, { headers: { cookie } })).text();
  const csrf = /<meta name="sohoa-csrf" content="([^"]+)">/.exec(page)![1]!;
  const headers = (type = 'application/json') => ({
    cookie,
    origin: host.url,
    'content-type': type,
    'x-sohoa-csrf': csrf,
  });
  const session: WebSession = {
    cookie,
    csrf,
    origin: host.url,
    headers,
    async call(name, body) {
      const response = await fetch(`${host.url}/api/call/${name}`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
  };
  if (options.login !== false) {
    const login = await session.call('auth.login', { userName: TEST_ADMIN.userName, password: TEST_ADMIN.password });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  }
  return session;
}

/** A raw request with full control over headers fetch() would not let us set (Host, Origin). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
