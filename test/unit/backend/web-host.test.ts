import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWebHost } from '../../../electron/web-host/server';
import { makeBookPdf } from '../../fixtures/scans';
import { ghMetadata, tempDir, TEST_ADMIN, testBackend } from './helpers';
import { waitForJob } from './jobs';

async function hostWithRenderer() {
  const backend = await testBackend();
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const host = await startWebHost({ gate: backend.gate, rendererDir, token: 'test-token' });
  return { backend, host, rendererDir };
}

const withToken = { 'x-sohoa-token': 'test-token' };

/** A browser session logged in as the test administrator: the token and its session cookie. */
async function loggedIn(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/call/auth.login`, {
    method: 'POST',
    headers: withToken,
    body: JSON.stringify({ userName: TEST_ADMIN.userName, password: TEST_ADMIN.password }),
  });
  expect(await response.json()).toMatchObject({ ok: true, result: { userName: TEST_ADMIN.userName } });
  return { ...withToken, cookie: response.headers.get('set-cookie')!.split(';')[0]! };
}

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

  it('makes every browser session log in, and forgets the login at logout', async () => {
    const { host } = await hostWithRenderer();
    try {
      const call = (name: string, headers: Record<string, string>) =>
        fetch(`${host.url}/api/call/${name}`, { method: 'POST', headers, body: '{}' }).then((r) => r.json());
      expect(await call('books.list', withToken)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      const alice = await loggedIn(host.url);
      expect(await call('books.list', alice)).toEqual({ ok: true, result: [] });
      // Another browser (no session cookie, or a made-up one) is not logged in by the first one's login.
      expect(await call('books.list', withToken)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await call('books.list', { ...withToken, cookie: 'sohoa_session=made-up' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(await call('auth.logout', alice)).toEqual({ ok: true, result: { loggedOut: true } });
      expect(await call('books.list', alice)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await host.close();
    }
  });

  it('carries the same contract as IPC, including validation errors', async () => {
    const { host } = await hostWithRenderer();
    try {
      const headers = await loggedIn(host.url);
      const call = (name: string, body: unknown) =>
        fetch(`${host.url}/api/call/${name}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) =>
          r.json(),
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
      expect((await fetch(`${host.url}/scan/${'0'.repeat(64)}`, { headers: withToken })).status).toBe(401);
      const withSession = await loggedIn(host.url);
      const pdf = await fs.readFile(await makeBookPdf(path.join(await tempDir(), 's.pdf'), 2));
      const staged = await fetch(`${host.url}/api/stage?name=s.pdf`, {
        method: 'POST',
        headers: withSession,
        body: pdf,
      });
      const { result } = (await staged.json()) as { result: { stagedId: string } };
      const started = await fetch(`${host.url}/api/call/books.create`, {
        method: 'POST',
        headers: withSession,
        body: JSON.stringify({ ...ghMetadata, files: [result] }),
      }).then((r) => r.json());
      const job = await waitForJob(backend, started);
      if (job.state !== 'done') throw new Error(`import ${job.state}`);
      const sha = job.result.book.files[0]!.sha256;
      const scan = await fetch(`${host.url}/scan/${sha}`, { headers: withSession });
      expect(Buffer.from(await scan.arrayBuffer()).equals(pdf)).toBe(true);
      expect(scan.headers.get('accept-ranges')).toBe('bytes');
      const part = await fetch(`${host.url}/scan/${sha}`, { headers: { ...withSession, range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${pdf.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(pdf.subarray(100, 200))).toBe(true);
      expect((await fetch(`${host.url}/scan/..%2F..%2Fsohoa.sqlite`, { headers: withSession })).status).toBe(404);
      expect((await fetch(`${host.url}/scan/${sha.toUpperCase()}`, { headers: withSession })).status).toBe(404);
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
