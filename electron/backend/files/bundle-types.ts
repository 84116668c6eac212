/**
 * The Content-Type of a file of a built web bundle (the renderer, the hub's review app, pdf.js's
 * assets), by extension: one list for Electron's app:// protocol, the local web host and the hub.
 */
import path from 'node:path';

export const BUNDLE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  // pdf.js's character maps, standard fonts and colour profiles.
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.icc': 'application/octet-stream',
};

/** The file's Content-Type; application/octet-stream when the extension is not a bundle's. */
export function bundleContentType(file: string): string {
  return BUNDLE_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
