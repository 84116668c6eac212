/**
 * The two privileged schemes against real folders: a real FileStore with a real stored scan, a
 * real built-renderer folder, and secrets next to both that must never be served.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../../electron/backend/files/file-store';
import { CONTENT_SECURITY_POLICY } from '../../../electron/backend/security-policy';
import { serveBundle, serveScan, sniffScanType } from '../../../electron/main/protocol-responses';
import { resolveBundleRequest, resolveScanRequest } from '../../../electron/main/scan-protocol';

const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const SECRET = 'bí mật: không bao giờ được phục vụ';

let tmp: string;
let store: FileStore;
let sha: string;
let storedPath: string;
let bundleRoot: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-scan-protocol-'));
  // data folder: files/ (the store) and a secret beside it
  const dataDir = path.join(tmp, 'data');
  store = new FileStore(path.join(dataDir, 'files'));
  const source = path.join(tmp, 'so-khai-sinh-1999.pdf');
  await fs.writeFile(source, PDF_BYTES);
  const stored = await store.putFile(source);
  sha = stored.sha256;
  storedPath = stored.path;
  await fs.writeFile(path.join(dataDir, 'secret.txt'), SECRET);
  await fs.writeFile(path.join(dataDir, 'files', 'secret.txt'), SECRET);
  // app folder: dist-renderer/ and a secret beside it
  bundleRoot = path.join(tmp, 'app', 'dist-renderer');
  await fs.mkdir(path.join(bundleRoot, 'assets'), { recursive: true });
  await fs.writeFile(path.join(bundleRoot, 'index.html'), '<!doctype html><title>Số hóa Hộ tịch</title>');
  await fs.writeFile(path.join(bundleRoot, 'assets', 'index-abc123.js'), 'console.log("app");');
  await fs.writeFile(path.join(tmp, 'app', 'secret.txt'), SECRET);
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('resolveScanRequest', () => {
  it('serves a stored scan by its sha256, from inside the file store', async () => {
    expect(sha).toBe(createHash('sha256').update(PDF_BYTES).digest('hex'));
    const result = resolveScanRequest(`sohoa-scan://files/${sha}`, store);
    expect(result).toEqual({ path: storedPath });
    if (!('path' in result)) throw new Error('unreachable');
    expect(path.relative(store.root, result.path).startsWith('..')).toBe(false);
    expect(await fs.readFile(result.path)).toEqual(PDF_BYTES);
  });

  const upper = () => sha.toUpperCase();
  const cases: [string, () => string, 403 | 404][] = [
    ['plain traversal', () => 'sohoa-scan://files/../secret.txt', 403],
    ['traversal to a sibling inside the store', () => 'sohoa-scan://files/../files/secret.txt', 403],
    ['traversal after a valid hash', () => `sohoa-scan://files/${sha}/../../secret.txt`, 403],
    ['encoded traversal %2e%2e%2f', () => 'sohoa-scan://files/%2e%2e%2fsecret.txt', 403],
    ['encoded traversal, upper case', () => 'sohoa-scan://files/%2E%2E%2Fsecret.txt', 403],
    ['half-encoded traversal ..%2f', () => 'sohoa-scan://files/..%2fsecret.txt', 403],
    ['half-encoded traversal %2e%2e/', () => 'sohoa-scan://files/%2e%2e/secret.txt', 403],
    ['encoded backslash', () => 'sohoa-scan://files/..%5csecret.txt', 403],
    ['raw backslash', () => 'sohoa-scan://files/..\\secret.txt', 403],
    ['overlong UTF-8 dot', () => 'sohoa-scan://files/%c0%ae%c0%ae/secret.txt', 403],
    ['absolute path via empty segment', () => 'sohoa-scan://files//etc/passwd', 403],
    ['absolute path, encoded', () => 'sohoa-scan://files/%2Fetc%2Fpasswd', 403],
    ['absolute path of the secret', () => `sohoa-scan://files/${path.join(tmp, 'data', 'secret.txt')}`, 403],
    ['windows drive letter', () => 'sohoa-scan://files/C:/Windows/win.ini', 403],
    ['NUL byte', () => `sohoa-scan://files/${sha}%00`, 403],
    ['raw control character', () => `sohoa-scan://files/${sha}\n`, 403],
    ['two segments', () => `sohoa-scan://files/${sha.slice(0, 2)}/${sha}`, 403],
    ['another host', () => `sohoa-scan://evil/${sha}`, 403],
    ['a look-alike host', () => `sohoa-scan://files.evil.example/${sha}`, 403],
    ['a port', () => `sohoa-scan://files:443/${sha}`, 403],
    ['credentials', () => `sohoa-scan://user@files/${sha}`, 403],
    ['another scheme', () => `app://files/${sha}`, 403],
    ['file: URL', () => `file://${storedPath}`, 403],
    ['https URL', () => `https://files/${sha}`, 403],
    ['query trick', () => `sohoa-scan://files/${sha}?../../secret.txt`, 403],
    ['query after a valid hash', () => `sohoa-scan://files/${sha}?download=1`, 403],
    ['fragment', () => `sohoa-scan://files/${sha}#page=2`, 403],
    ['non-hex name', () => 'sohoa-scan://files/secret.txt', 404],
    ['64 non-hex characters', () => `sohoa-scan://files/${'z'.repeat(64)}`, 404],
    ['upper-case hash', () => `sohoa-scan://files/${upper()}`, 404],
    ['short hash', () => `sohoa-scan://files/${sha.slice(0, 63)}`, 404],
    ['long hash', () => `sohoa-scan://files/${sha}0`, 404],
    ['double-encoded traversal (stays literal, not a hash)', () => 'sohoa-scan://files/%252e%252e%252fsecret.txt', 404],
    ['no name', () => 'sohoa-scan://files/', 404],
  ];
  it.each(cases)('refuses %s', (_label, url, status) => {
    expect(resolveScanRequest(url(), store)).toEqual({ status });
  });

  it('keeps the result inside the store even if pathFor were to point outside', () => {
    const rogue = { root: store.root, pathFor: () => path.join(tmp, 'data', 'secret.txt') };
    expect(resolveScanRequest(`sohoa-scan://files/${sha}`, rogue)).toEqual({ status: 403 });
  });

  it('checks the name itself, without relying on pathFor to reject non-hashes', async () => {
    const permissive = { root: store.root, pathFor: (name: string) => path.join(store.root, name) };
    expect(await fs.readFile(permissive.pathFor('secret.txt'), 'utf8')).toBe(SECRET);
    expect(resolveScanRequest('sohoa-scan://files/secret.txt', permissive)).toEqual({ status: 404 });
    expect(resolveScanRequest(`sohoa-scan://files/${sha}`, permissive)).toEqual({
      path: path.join(store.root, sha),
    });
  });

  it('turns a throwing pathFor into 404', () => {
    const throwing = {
      root: store.root,
      pathFor: (): string => {
        throw new Error('not a sha256');
      },
    };
    expect(resolveScanRequest(`sohoa-scan://files/${sha}`, throwing)).toEqual({ status: 404 });
  });
});

describe('resolveBundleRequest', () => {
  it('serves files of the built renderer', () => {
    expect(resolveBundleRequest('app://bundle/index.html', bundleRoot)).toEqual({
      path: path.join(bundleRoot, 'index.html'),
    });
    expect(resolveBundleRequest('app://bundle/assets/index-abc123.js', bundleRoot)).toEqual({
      path: path.join(bundleRoot, 'assets', 'index-abc123.js'),
    });
  });

  it('serves index.html for the root and for client-side routes', () => {
    const index = { path: path.join(bundleRoot, 'index.html') };
    expect(resolveBundleRequest('app://bundle/', bundleRoot)).toEqual(index);
    expect(resolveBundleRequest('app://bundle', bundleRoot)).toEqual(index);
    expect(resolveBundleRequest('app://bundle/so/123', bundleRoot)).toEqual(index);
  });

  it('ignores the query string and fragment when picking the file', () => {
    expect(resolveBundleRequest('app://bundle/index.html?../../secret.txt#x', bundleRoot)).toEqual({
      path: path.join(bundleRoot, 'index.html'),
    });
  });

  const refused: [string, string][] = [
    ['plain traversal', 'app://bundle/../secret.txt'],
    ['nested traversal', 'app://bundle/assets/../../secret.txt'],
    ['dot segments, even when they stay inside', 'app://bundle/assets/../index.html'],
    ['encoded traversal %2e%2e%2f', 'app://bundle/%2e%2e%2fsecret.txt'],
    ['half-encoded traversal ..%2f', 'app://bundle/..%2fsecret.txt'],
    ['half-encoded traversal %2e%2e/', 'app://bundle/%2e%2e/secret.txt'],
    ['encoded traversal inside a folder', 'app://bundle/assets/..%2f..%2fsecret.txt'],
    // Would decode to an existing asset: encoded separators are refused as such.
    ['an encoded slash', 'app://bundle/assets%2findex-abc123.js'],
    ['backslash traversal', 'app://bundle/..\\secret.txt'],
    ['absolute path via empty segment', 'app://bundle//etc/passwd'],
    ['absolute path, encoded', 'app://bundle/%2Fetc%2Fpasswd'],
    ['windows drive letter', 'app://bundle/C:/Windows/win.ini'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://bundle.evil.example/index.html'],
    ['a port', 'app://bundle:8080/index.html'],
    ['credentials', 'app://user:pw@bundle/index.html'],
    ['another scheme', 'https://bundle/index.html'],
    ['file: URL', 'file:///etc/passwd'],
  ];
  it.each(refused)('refuses %s with 403', (_label, url) => {
    expect(resolveBundleRequest(url, bundleRoot)).toEqual({ status: 403 });
  });
});

describe('serveScan (Request → Response)', () => {
  it('streams the stored bytes with the scan type, CORS for the app and the CSP', async () => {
    const response = await serveScan(new Request(`sohoa-scan://files/${sha}`), store);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF_BYTES);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(PDF_BYTES.length));
    expect(response.headers.get('access-control-allow-origin')).toBe('app://bundle');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves byte ranges so pdf.js can read a large book page by page', async () => {
    const request = new Request(`sohoa-scan://files/${sha}`, { headers: { Range: 'bytes=5-9' } });
    const response = await serveScan(request, store);
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF_BYTES.subarray(5, 10));
    expect(response.headers.get('content-range')).toBe(`bytes 5-9/${PDF_BYTES.length}`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
    const beyond = new Request(`sohoa-scan://files/${sha}`, { headers: { Range: `bytes=${PDF_BYTES.length}-` } });
    expect((await serveScan(beyond, store)).status).toBe(416);
  });

  it('answers HEAD without a body', async () => {
    const response = await serveScan(new Request(`sohoa-scan://files/${sha}`, { method: 'HEAD' }), store);
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
  });

  it('gives 404 for a well-formed hash that is not stored', async () => {
    const response = await serveScan(new Request(`sohoa-scan://files/${'0'.repeat(64)}`), store);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('does not serve the secret through traversal, whatever URL normalisation does', async () => {
    for (const url of [
      'sohoa-scan://files/../secret.txt',
      'sohoa-scan://files/%2e%2e%2fsecret.txt',
      'sohoa-scan://files/..%2fsecret.txt',
      'sohoa-scan://files/secret.txt',
    ]) {
      const response = await serveScan(new Request(url), store);
      expect([403, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('bí mật');
    }
  });

  it('refuses writes and requests initiated by another origin', async () => {
    const post = await serveScan(new Request(`sohoa-scan://files/${sha}`, { method: 'POST', body: 'x' }), store);
    expect(post.status).toBe(405);
    const foreign = Object.assign(new Request(`sohoa-scan://files/${sha}`), {
      initiatorOrigin: 'https://evil.example',
    });
    expect((await serveScan(foreign, store)).status).toBe(403);
    const own = Object.assign(new Request(`sohoa-scan://files/${sha}`), { initiatorOrigin: 'app://bundle' });
    expect((await serveScan(own, store)).status).toBe(200);
  });
});

describe('serveBundle (Request → Response)', () => {
  it('serves index.html and assets with their types and the CSP', async () => {
    const page = await serveBundle(new Request('app://bundle/index.html'), bundleRoot);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Số hóa Hộ tịch');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const script = await serveBundle(new Request('app://bundle/assets/index-abc123.js'), bundleRoot);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("app");');
    // Same-origin only: the bundle is never readable cross-origin.
    expect(script.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives 404 (with the CSP) for a missing asset and never serves the secret', async () => {
    const missing = await serveBundle(new Request('app://bundle/assets/missing.js'), bundleRoot);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const url of [
      'app://bundle/../secret.txt',
      'app://bundle/%2e%2e%2fsecret.txt',
      'app://bundle/..%2fsecret.txt',
    ]) {
      const response = await serveBundle(new Request(url), bundleRoot);
      expect(await response.text(), url).not.toContain('bí mật');
    }
  });
});

describe('sniffScanType', () => {
  it('recognises the scan formats by their first bytes', () => {
    expect(sniffScanType(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
    expect(sniffScanType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffScanType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffScanType(Buffer.from([0x49, 0x49, 0x2a, 0x00]))).toBe('image/tiff');
    expect(sniffScanType(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))).toBe('image/tiff');
    expect(sniffScanType(Buffer.from('<html>'))).toBe('application/octet-stream');
    expect(sniffScanType(new Uint8Array(0))).toBe('application/octet-stream');
  });
});
