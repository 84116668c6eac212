/**
 * The HTTP transport: serves the built renderer and the same API contract as Electron's IPC,
 * on 127.0.0.1 only, behind a per-run token. Used by `npm run dev:web` and the Playwright tests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Backend } from '../backend/app';
import { parseByteRange } from '../backend/files/byte-range';
import { SHA256_HEX } from '../backend/files/file-store';
import { CONTENT_SECURITY_POLICY } from '../backend/security-policy';

const TOKEN_COOKIE = 'sohoa_token';
const MAX_JSON_BYTES = 20 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.icc': 'application/octet-stream',
};

export interface WebHostOptions {
  backend: Backend;
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

function cookieToken(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, body: unknown): void {
  send(res, 200, JSON.stringify(body), 'application/json; charset=utf-8');
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { backend } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let origin = '';

  const authorized = (req: http.IncomingMessage) => {
    const given = cookieToken(req) ?? (req.headers['x-sohoa-token'] as string | undefined);
    return given !== undefined && sameSecret(given, token);
  };

  async function serveStatic(res: http.ServerResponse, pathname: string): Promise<void> {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(rendererDir, `.${relative}`);
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 403, 'Forbidden');
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return send(res, 404, 'Không tìm thấy');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  }

  async function serveScan(req: http.IncomingMessage, res: http.ServerResponse, sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return send(res, 404, 'Không tìm thấy');
    const file = backend.files.pathFor(sha256);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return send(res, 404, 'Không tìm thấy');
    const headers = {
      'content-type': 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      // Content-addressed: the bytes behind a hash never change.
      'cache-control': 'private, max-age=31536000, immutable',
    };
    const range = parseByteRange(req.headers.range, stat.size);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${stat.size}` });
      return void res.end();
    }
    if (range.kind === 'partial') {
      res.writeHead(206, {
        ...headers,
        'content-length': range.end - range.start + 1,
        'content-range': `bytes ${range.start}-${range.end}/${stat.size}`,
      });
      return void createReadStream(file, { start: range.start, end: range.end }).pipe(res);
    }
    res.writeHead(200, { ...headers, 'content-length': stat.size });
    createReadStream(file).pipe(res);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host name reaches the app.
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host) return send(res, 421, 'Misdirected request');
    const url = new URL(req.url ?? '/', origin);

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) return send(res, 401, 'Mã truy cập không đúng');
      res.writeHead(302, {
        location: '/',
        'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (!authorized(req)) {
      return send(res, 401, 'Hãy mở ứng dụng bằng địa chỉ có mã truy cập được in ra khi chạy "npm run dev:web".');
    }

    if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
      const name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      let input: unknown;
      try {
        input = await readJson(req);
      } catch {
        return sendJson(res, { ok: false, error: { code: 'VALIDATION', message: 'Yêu cầu không đọc được' } });
      }
      return sendJson(res, await backend.dispatch(name, input, backend.localRequest));
    }
    if (req.method === 'POST' && url.pathname === '/api/stage') {
      const name = url.searchParams.get('name') ?? 'tep-scan';
      try {
        return sendJson(res, { ok: true, result: await backend.staging.stageStream(name, req) });
      } catch (error) {
        const message = error instanceof Error ? error.message : 'Không nhận được tệp';
        return sendJson(res, { ok: false, error: { code: 'BAD_FILE', message } });
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/scan/')) {
      return serveScan(req, res, url.pathname.slice('/scan/'.length));
    }
    if (req.method === 'GET') return serveStatic(res, url.pathname);
    return send(res, 405, 'Method not allowed');
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
