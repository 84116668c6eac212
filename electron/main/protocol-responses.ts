/**
 * The `protocol.handle` handlers for `app://` and `sohoa-scan://`, written against the standard
 * `Request`/`Response` so that they run (and are tested) in plain Node. Files are streamed from
 * disk (Electron's fs also reads inside app.asar); every response carries the app's CSP.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BUNDLE_CONTENT_TYPES } from '../backend/files/bundle-types';
import { parseByteRange } from '../backend/files/byte-range';
import { openRegularFile, type OpenedFile } from '../backend/files/file-store';
import { CONTENT_SECURITY_POLICY } from '../backend/security-policy';
import { APP_ORIGIN } from './navigation';
import { resolveBundleRequest, resolveScanRequest, type Resolution, type ScanFiles } from './scan-protocol';

/** Sent on every response of both schemes, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Scans are stored without an extension: their type comes from their first bytes. */
export function sniffScanType(head: Uint8Array): string {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  return 'application/octet-stream';
}

function statusResponse(status: number, extra: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...SECURITY_HEADERS, ...extra } });
}

async function regularFileSize(filePath: string): Promise<number | undefined> {
  const stat = await fs.stat(filePath).catch(() => undefined);
  return stat?.isFile() ? stat.size : undefined;
}

async function readHead(filePath: string, length: number): Promise<Uint8Array> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function fileBody(request: Request, filePath: string, range?: { start: number; end: number }): BodyInit | null {
  if (request.method === 'HEAD') return null;
  return Readable.toWeb(createReadStream(filePath, range)) as unknown as ReadableStream<Uint8Array>;
}

/** What a response reads from: a path (the bundle, possibly inside app.asar) or an opened scan. */
interface Source {
  size: number;
  head(length: number): Promise<Uint8Array>;
  body(request: Request, range?: { start: number; end: number }): BodyInit | null;
  /** Releases what was opened when no body will read it. */
  discard(): Promise<void>;
}

async function pathSource(filePath: string): Promise<Source | undefined> {
  const size = await regularFileSize(filePath);
  if (size === undefined) return undefined;
  return {
    size,
    head: (length) => readHead(filePath, length),
    body: (request, range) => fileBody(request, filePath, range),
    discard: async () => {},
  };
}

/** A stored scan, opened once without following symlinks; the body streams from that handle. */
async function scanSource(filePath: string): Promise<Source | undefined> {
  const opened: OpenedFile | undefined = await openRegularFile(filePath);
  if (!opened) return undefined;
  const { handle, size } = opened;
  return {
    size,
    async head(length) {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    },
    body(request, range) {
      if (request.method === 'HEAD') {
        void handle.close();
        return null;
      }
      const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : { start: 0 });
      return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
    },
    discard: () => handle.close(),
  };
}

async function serveResolved(
  request: Request,
  resolution: Resolution,
  headersFor: (filePath: string, source: Source) => Promise<Record<string, string>>,
  extra: Record<string, string>,
  open: (filePath: string) => Promise<Source | undefined> = pathSource,
): Promise<Response> {
  if ('status' in resolution) return statusResponse(resolution.status, extra);
  const source = await open(resolution.path);
  if (source === undefined) return statusResponse(404, extra);
  const { size } = source;
  const headers = {
    ...SECURITY_HEADERS,
    ...extra,
    ...(await headersFor(resolution.path, source)),
    'Accept-Ranges': 'bytes',
  };
  // pdf.js asks for byte ranges of large books rather than loading them whole.
  const range = parseByteRange(request.headers.get('range'), size);
  if (range.kind === 'unsatisfiable') {
    await source.discard();
    return statusResponse(416, { ...extra, 'Content-Range': `bytes */${size}` });
  }
  if (range.kind === 'partial') {
    return new Response(source.body(request, range), {
      status: 206,
      headers: {
        ...headers,
        'Content-Length': String(range.end - range.start + 1),
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      },
    });
  }
  return new Response(source.body(request), {
    status: 200,
    headers: { ...headers, 'Content-Length': String(size) },
  });
}

function methodAllowed(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/** `app://bundle/…` → the built renderer in `bundleRoot`. */
export async function serveBundle(request: Request, bundleRoot: string): Promise<Response> {
  if (!methodAllowed(request)) return statusResponse(405, { Allow: 'GET, HEAD' });
  return serveResolved(
    request,
    resolveBundleRequest(request.url, bundleRoot),
    async (filePath) => {
      const ext = path.extname(filePath).toLowerCase();
      return {
        'Content-Type': BUNDLE_CONTENT_TYPES[ext] ?? 'application/octet-stream',
        // Local files: nothing to gain from caching, and nothing stale after an update.
        'Cache-Control': 'no-cache',
      };
    },
    {},
  );
}

/**
 * `sohoa-scan://files/<sha256>` → a stored scan. Readable by the app's page only (CORS for
 * pdf.js, which fetches from `app://bundle`); a request that another origin initiated is refused.
 */
export async function serveScan(request: Request, files: ScanFiles): Promise<Response> {
  const cors = {
    'Access-Control-Allow-Origin': APP_ORIGIN,
    // pdf.js reads these to decide whether it may fetch a book in ranges.
    'Access-Control-Expose-Headers': 'Accept-Ranges, Content-Range, Content-Length',
    Vary: 'Origin',
  };
  if (!methodAllowed(request)) return statusResponse(405, { ...cors, Allow: 'GET, HEAD' });
  // Electron adds `initiatorOrigin` to protocol requests made by web content (absent when the
  // browser itself started the request). Anything but the app's own page is refused.
  const initiator = (request as Request & { initiatorOrigin?: string }).initiatorOrigin;
  if (initiator !== undefined && initiator !== APP_ORIGIN) return statusResponse(403, cors);
  return serveResolved(
    request,
    resolveScanRequest(request.url, files),
    async (_filePath, source) => ({
      'Content-Type': sniffScanType(await source.head(8)),
      // Content-addressed and never rewritten: the bytes behind a URL cannot change.
      'Cache-Control': 'private, max-age=31536000, immutable',
    }),
    cors,
    scanSource,
  );
}
