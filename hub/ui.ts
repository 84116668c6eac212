/**
 * The hub's browser side: security headers on every response, and the review screens (built from
 * renderer/hub by `npm run build:hub` into dist-hub/) served at /kiem-tra/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleContentType } from '../electron/backend/files/bundle-types';
import { fileURLToPath } from 'node:url';
import type { Hono, MiddlewareHandler } from 'hono';

/** Where `npm run build:hub` puts the review screens. */
export const DEFAULT_HUB_UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist-hub');

export const HUB_UI_PATH = '/kiem-tra/';

/**
 * Only the hub's own scripts (no inline script, no eval; WebAssembly compilation for pdf.js's
 * image decoders), images from the hub and blob: URLs (the page canvas), pdf.js's worker from the
 * hub or a blob:, never inside a frame.
 */
export const HUB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      c.res.headers.set('x-content-type-options', 'nosniff');
    } catch {
      // A response with immutable headers (Response.redirect, a fetched one): a mutable copy.
      c.res = new Response(c.res.body, c.res);
    }
    const set = (name: string, value: string) => {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    };
    set('content-security-policy', HUB_CSP);
    set('x-frame-options', 'DENY');
    set('x-content-type-options', 'nosniff');
    set('referrer-policy', 'no-referrer');
    set('cross-origin-opener-policy', 'same-origin');
  };
}

/** Hashed build output (vite's assets/): the same name never changes content. */
const HASHED = /(^|\/)assets\//;

function missingBuildPage(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chưa có màn hình kiểm tra</title></head><body>
<h1>Chưa có màn hình kiểm tra</h1>
<p>Máy chủ huyện chưa có bản dựng của màn hình kiểm tra. Trong thư mục dự án, chạy <code>npm run build:hub</code> rồi tải lại trang này.</p>
<p><a href="/">Về trang trạng thái máy chủ huyện</a></p>
</body></html>`;
}

/** Serves the review screens from `dir` at /kiem-tra/ (index.html for the screens' own routes). */
export function mountHubUi(app: Hono, dir: string): void {
  const root = path.resolve(dir);
  app.get('/kiem-tra', (c) => c.redirect(HUB_UI_PATH, 301));
  app.get('/kiem-tra/*', async (c) => {
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) {
      return c.html(missingBuildPage(), 503, { 'cache-control': 'no-store' });
    }
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice(HUB_UI_PATH.length));
    } catch {
      return c.text('Địa chỉ không hợp lệ.', 400);
    }
    const file = path.resolve(root, relative || 'index.html');
    const inside = file === root || file.startsWith(root + path.sep);
    if (!inside || relative.includes('\0')) return c.text('Địa chỉ không hợp lệ.', 400);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isFile()) {
      const type = bundleContentType(file);
      const cache = HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache';
      return c.body(await fs.promises.readFile(file), 200, { 'content-type': type, 'cache-control': cache });
    }
    // A file that is not there (a missing asset) is a 404; a screen's address is index.html.
    if (path.extname(relative) !== '') return c.text('Không có tệp này.', 404);
    return c.body(await fs.promises.readFile(index), 200, {
      'content-type': bundleContentType('index.html'),
      'cache-control': 'no-cache',
    });
  });
}
