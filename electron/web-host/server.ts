/**
 * The HTTP transport: serves the built renderer and the same API contract as Electron's IPC,
 * on 127.0.0.1 only, behind a per-run token. Used by `npm run dev:web` and the Playwright tests.
 *
 * The doors, in order: the Host must be ours (DNS rebinding); the per-run token of the printed
 * address is traded once for a session cookie (HttpOnly, SameSite=Strict); every page and scan
 * needs that cookie. Another port of 127.0.0.1 is the same *site* and so gets the cookie too: every
 * state-changing request must therefore also carry our exact Origin, the right Content-Type and the
 * session's CSRF token in a header, which only a page of this origin can read (it is written into
 * index.html). Whatever fails a check is a 403 and reaches no handler. Then every browser session
 * logs in: the account gate turns the session's logged-in user into the request context.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiResponse, ErrorCode } from '../../shared/api/errors';
import type { Gate, Session } from '../backend/accounts/gate';
import { appErrorFrom } from '../backend/api/system-errors';
import { bundleContentType } from '../backend/files/bundle-types';
import { parseByteRange } from '../backend/files/byte-range';
import { SHA256_HEX } from '../backend/files/file-store';
import { CONTENT_SECURITY_POLICY } from '../backend/security-policy';

const SESSION_COOKIE = 'sohoa_session';
/** The header that carries the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-sohoa-csrf';
/** The meta tag of index.html the renderer reads the CSRF token from. */
export const CSRF_META = 'sohoa-csrf';
/** No contract call comes near this; a larger body is refused before it is read (413). */
export const MAX_JSON_BYTES = 1024 * 1024;

/** How an error code travels on the wire: the same code in the JSON body, a matching HTTP status. */
const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_FILE: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** Another process is writing: try again in a moment (nothing was written). */
  BUSY: 503,
  DB_TOO_NEW: 409,
  UNAUTHORIZED: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STORAGE_FULL: 507,
  STORAGE_READ_ONLY: 503,
  HUB_UNREACHABLE: 502,
  INTERNAL: 500,
};

/** The web host writes exports only under its data folder: `<data-dir>/xuat`, never elsewhere. */
export const WEB_EXPORT_FOLDER = 'xuat';

/** The backend options that pin the web host's export root (the gate's `backend` option). */
export function webHostExportFolder(dataDir: string): { exportDir: string; exportDirFixed: true } {
  return { exportDir: path.join(path.resolve(dataDir), WEB_EXPORT_FOLDER), exportDirFixed: true };
}

export interface WebHostOptions {
  gate: Gate;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  /** The address to open: it carries the token once, then a cookie does. */
  openUrl: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sessionCookie(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** Every response: never cached unless said otherwise, never read or embedded by another origin. */
const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** An API answer: the HTTP status follows the error code, so 4xx/5xx on the wire match the body. */
function sendApi(res: http.ServerResponse, response: ApiResponse<unknown>): void {
  sendJson(res, response.ok ? 200 : STATUS_OF[response.error.code], response);
}

class BodyTooLarge extends Error {}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_JSON_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  return text ? (JSON.parse(text) as unknown) : {};
}

/** The media type of a request, without parameters, lower-cased. */
function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { gate } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  /** Signs session ids into CSRF tokens: nothing to store per session but its id. */
  const csrfKey = randomBytes(32);
  /** Server-side sessions by cookie, handed out by this run: each browser session logs in on its own. */
  const sessions = new Map<string, Session>();
  const rendererDir = path.resolve(options.rendererDir);
  let origin = '';
  let hostName = '';

  const csrfFor = (sessionId: string) => createHmac('sha256', csrfKey).update(sessionId).digest('base64url');

  /** The session of a request, when its cookie names one of ours. */
  function sessionOf(req: http.IncomingMessage): string | undefined {
    const id = sessionCookie(req);
    return id !== undefined && sessions.has(id) ? id : undefined;
  }

  /** Fetch metadata, when the browser sends it: only our own pages (or the clerk typing the address). */
  function fromOurOrigin(req: http.IncomingMessage, allowNone: boolean): boolean {
    const site = header(req, 'sec-fetch-site');
    if (site === undefined) return true;
    return site === 'same-origin' || (allowNone && site === 'none');
  }

  /**
   * The checks of a state-changing request: a session, our exact Origin, the expected media type
   * (a cross-origin form can send none of application/json and the CSRF header without a CORS
   * preflight, which is never answered), and the session's CSRF token.
   */
  function mayChangeState(req: http.IncomingMessage, expectedType: string): boolean {
    const sessionId = sessionOf(req);
    if (sessionId === undefined) return false;
    if (header(req, 'origin') !== origin) return false;
    if (!fromOurOrigin(req, false)) return false;
    if (mediaType(req) !== expectedType) return false;
    const given = header(req, CSRF_HEADER);
    return given !== undefined && sameSecret(given, csrfFor(sessionId));
  }

  async function serveStatic(res: http.ServerResponse, pathname: string, sessionId: string): Promise<void> {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return send(res, 400, 'Địa chỉ không hợp lệ');
    }
    const file = path.resolve(rendererDir, `.${relative}`);
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 403, 'Forbidden');
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return send(res, 404, 'Không tìm thấy');
    const headers = {
      ...BASE_HEADERS,
      'content-type': bundleContentType(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
    };
    if (file === path.join(rendererDir, 'index.html')) {
      // The page carries its session's CSRF token; only a page of this origin can read it.
      const meta = `<meta name="${CSRF_META}" content="${csrfFor(sessionId)}">`;
      const source = await fs.readFile(file, 'utf8');
      const html = /<head[^>]*>/i.test(source)
        ? source.replace(/<head[^>]*>/i, (tag) => tag + meta)
        : source.replace(/^(<!doctype[^>]*>)?/i, (doctype) => doctype + meta);
      res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
      return void res.end(html);
    }
    res.writeHead(200, { ...headers, 'content-length': stat.size, 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  }

  async function serveScan(req: http.IncomingMessage, res: http.ServerResponse, sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return send(res, 404, 'Không tìm thấy');
    // Opened once, never through a symlink; the bytes are streamed from this very handle.
    const opened = await gate.files.open(sha256);
    if (!opened) return send(res, 404, 'Không tìm thấy');
    const { handle } = opened;
    const stat = { size: opened.size };
    const headers = {
      ...BASE_HEADERS,
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      // Content-addressed: the bytes behind a hash never change.
      'cache-control': 'private, max-age=31536000, immutable',
    };
    const range = parseByteRange(req.headers.range, stat.size);
    if (range.kind === 'unsatisfiable') {
      await handle.close();
      res.writeHead(416, { ...headers, 'content-range': `bytes */${stat.size}` });
      return void res.end();
    }
    if (range.kind === 'partial') {
      res.writeHead(206, {
        ...headers,
        'content-length': range.end - range.start + 1,
        'content-range': `bytes ${range.start}-${range.end}/${stat.size}`,
      });
      return void handle.createReadStream({ start: range.start, end: range.end }).pipe(res);
    }
    res.writeHead(200, { ...headers, 'content-length': stat.size });
    handle.createReadStream({ start: 0 }).pipe(res);
  }

  async function handleCall(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
    session: Session,
  ): Promise<void> {
    let name: string;
    let input: unknown;
    try {
      name = decodeURIComponent(pathname.slice('/api/call/'.length));
      input = await readJson(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendJson(res, 413, {
          ok: false,
          error: { code: 'VALIDATION', message: 'Yêu cầu quá lớn; dữ liệu chưa được lưu' },
        });
      }
      return sendApi(res, { ok: false, error: { code: 'VALIDATION', message: 'Yêu cầu không đọc được' } });
    }
    return sendApi(res, await gate.dispatch(name, input, session));
  }

  async function handleStage(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    session: Session,
  ): Promise<void> {
    const name = url.searchParams.get('name') ?? 'tep-scan';
    let staging: ReturnType<Gate['staging']>;
    try {
      staging = gate.staging(session); // logged-in sessions only
    } catch (error) {
      const known = appErrorFrom(error);
      if (known) return sendApi(res, { ok: false, error: known.toShape() });
      throw error;
    }
    try {
      staging.checkDeclaredSize(name, Number(req.headers['content-length'] ?? 0));
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Tệp quá lớn';
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { ok: false, error: { code: 'BAD_FILE', message } });
    }
    try {
      return sendApi(res, { ok: true, result: await staging.stageStream(name, req) });
    } catch (error) {
      const known = appErrorFrom(error);
      if (known) return sendApi(res, { ok: false, error: known.toShape() });
      return sendApi(res, { ok: false, error: { code: 'BAD_FILE', message: 'Không nhận được tệp' } });
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host name reaches the app.
    if (req.headers.host !== hostName) return send(res, 403, 'Forbidden');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return send(res, 400, 'Địa chỉ không hợp lệ');
    }

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) return send(res, 401, 'Mã truy cập không đúng');
      // A second tab opened with the address keeps the session (and CSRF token) of the first.
      let sessionId = sessionOf(req);
      if (sessionId === undefined) {
        sessionId = randomBytes(24).toString('base64url');
        sessions.set(sessionId, { user: null });
      }
      res.writeHead(302, {
        ...BASE_HEADERS,
        location: '/',
        'set-cookie': `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    const sessionId = sessionOf(req);
    const session = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (sessionId === undefined || session === undefined) {
      return send(res, 401, 'Hãy mở ứng dụng bằng địa chỉ có mã truy cập được in ra khi chạy "npm run dev:web".');
    }

    if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
      if (!mayChangeState(req, 'application/json')) return send(res, 403, 'Forbidden');
      return handleCall(req, res, url.pathname, session);
    }
    if (req.method === 'POST' && url.pathname === '/api/stage') {
      if (!mayChangeState(req, 'application/octet-stream')) return send(res, 403, 'Forbidden');
      return handleStage(req, res, url, session);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/scan/')) {
      // Read-only, but not for other origins' eyes (nor their <img>/<embed>): cookie, fetch
      // metadata, an Origin (when sent) of ours, no CORS headers ever.
      const requestOrigin = header(req, 'origin');
      if (!fromOurOrigin(req, false) || (requestOrigin !== undefined && requestOrigin !== origin)) {
        return send(res, 403, 'Forbidden');
      }
      if (!session.user) return send(res, 401, 'Hãy đăng nhập');
      return serveScan(req, res, url.pathname.slice('/scan/'.length));
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!fromOurOrigin(req, true) && header(req, 'sec-fetch-mode') !== 'navigate') return send(res, 403, 'Forbidden');
      return serveStatic(res, url.pathname, sessionId);
    }
    return send(res, 403, 'Forbidden');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[web-host]', error);
      if (!res.headersSent) send(res, 500, 'Lỗi máy chủ cục bộ');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hostName = `127.0.0.1:${port}`;

  return {
    url: origin,
    openUrl: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
