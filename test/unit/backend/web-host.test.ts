import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWebHost } from '../../../electron/web-host/server';
import { makeBookPdf } from '../../fixtures/scans';
import { ghMetadata, tempDir, testBackend } from './helpers';
import { waitForJob } from './jobs';

async function hostWithRenderer() {
  const backend = await testBackend();
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const host = await startWebHost({ backend, rendererDir, token: 'test-token' });
  return { backend, host, rendererDir };
}

const withToken = { 'x-sohoa-token': 'test-token' };

describe('the HTTP transport', () => {
  it('serves nothing without the run token', async () => {
    const { host } = await hostWithRenderer();
    try {
      expect((await fetch(`${host.url}/`)).status).toBe(401);
      expect((await fetch(`${host.url}/api/call/books.list`, { method: 'POST', body: '{}' })).status).toBe(401);
      expect((await fetch(`${host.url}/?token=wrong`)).status).toBe(401);
    } finally {
      await host.close();
    }
  });

  it('trades the token in the address for a strict HttpOnly cookie', async () => {
    const { host } = await hostWithRenderer();
    try {
      const response = await fetch(host.openUrl, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
      const cookie = response.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const page = await fetch(`${host.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    } finally {
      await host.close();
    }
  });

  it('listens on 127.0.0.1 only and refuses other Host names (DNS rebinding)', async () => {
    const { host } = await hostWithRenderer();
    try {
      expect(new URL(host.url).hostname).toBe('127.0.0.1');
      const http = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${host.url}/`, { headers: { ...withToken, host: 'evil.example:80' } }, (res) =>
          resolve(res.statusCode!),
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(421);
    } finally {
      await host.close();
    }
  });

  it('carries the same contract as IPC, including validation errors', async () => {
    const { host } = await hostWithRenderer();
    try {
      const call = (name: string, body: unknown) =>
        fetch(`${host.url}/api/call/${name}`, { method: 'POST', headers: withToken, body: JSON.stringify(body) }).then(
          (r) => r.json(),
        );
      expect(await call('books.list', {})).toEqual({ ok: true, result: [] });
      expect(await call('books.get', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    } finally {
      await host.close();
    }
  });

  it('stages an uploaded scan, imports it, and serves it back by hash only', async () => {
    const { host, backend } = await hostWithRenderer();
    try {
      const pdf = await fs.readFile(await makeBookPdf(path.join(await tempDir(), 's.pdf'), 2));
      const staged = await fetch(`${host.url}/api/stage?name=s.pdf`, { method: 'POST', headers: withToken, body: pdf });
      const { result } = (await staged.json()) as { result: { stagedId: string } };
      const started = await fetch(`${host.url}/api/call/books.create`, {
        method: 'POST',
        headers: withToken,
        body: JSON.stringify({ ...ghMetadata, files: [result] }),
      }).then((r) => r.json());
      const job = await waitForJob(backend, started);
      if (job.state !== 'done') throw new Error(`import ${job.state}`);
      const sha = job.result.book.files[0]!.sha256;
      const scan = await fetch(`${host.url}/scan/${sha}`, { headers: withToken });
      expect(Buffer.from(await scan.arrayBuffer()).equals(pdf)).toBe(true);
      expect(scan.headers.get('accept-ranges')).toBe('bytes');
      const part = await fetch(`${host.url}/scan/${sha}`, { headers: { ...withToken, range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${pdf.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(pdf.subarray(100, 200))).toBe(true);
      expect((await fetch(`${host.url}/scan/..%2F..%2Fsohoa.sqlite`, { headers: withToken })).status).toBe(404);
      expect((await fetch(`${host.url}/scan/${sha.toUpperCase()}`, { headers: withToken })).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('never serves a file outside the renderer folder', async () => {
    const { host } = await hostWithRenderer();
    try {
      for (const probe of ['/..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/../package.json']) {
        const status = (await fetch(`${host.url}${probe}`, { headers: withToken })).status;
        expect([403, 404]).toContain(status);
      }
    } finally {
      await host.close();
    }
  });
});
