import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, startWebHost } from '../../../electron/web-host/server';
import { makeBookPdf } from '../../fixtures/scans';
import { ghMetadata, tempDir, testBackend } from './helpers';
import { waitForJob } from './jobs';
import { openSession, rawRequest } from './web-session';

async function hostWithRenderer() {
  const backend = await testBackend();
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const host = await startWebHost({ gate: backend.gate, rendererDir, token: 'test-token' });
  return { backend, host, rendererDir };
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
      const session = await openSession(host);
      const page = await rawRequest(`${host.url}/`, { headers: { cookie: session.cookie, host: 'evil.example:80' } });
      expect(page.status).toBe(403);
    } finally {
      await host.close();
    }
  });

  it('makes every browser session log in, and forgets the login at logout', async () => {
    const { host } = await hostWithRenderer();
    try {
      const stranger = await openSession(host, { login: false });
      expect(await stranger.call('books.list', {})).toMatchObject({
        status: 401,
        body: { ok: false, error: { code: 'UNAUTHENTICATED' } },
      });
      const alice = await openSession(host);
      expect(await alice.call('books.list', {})).toEqual({ status: 200, body: { ok: true, result: [] } });
      // Another browser session is not logged in by the first one's login.
      expect(await stranger.call('books.list', {})).toMatchObject({ body: { error: { code: 'UNAUTHENTICATED' } } });
      // A made-up session cookie reaches nothing.
      const madeUp = await fetch(`${host.url}/api/call/books.list`, {
        method: 'POST',
        headers: { ...alice.headers(), cookie: 'sohoa_session=made-up' },
        body: '{}',
      });
      expect(madeUp.status).toBe(401);
      // Scans too are for logged-in sessions only.
      const scan = await rawRequest(`${host.url}/scan/${'0'.repeat(64)}`, { headers: { cookie: stranger.cookie } });
      expect(scan.status).toBe(401);
      expect(await alice.call('auth.logout', {})).toEqual({
        status: 200,
        body: { ok: true, result: { loggedOut: true } },
      });
      expect(await alice.call('books.list', {})).toMatchObject({ status: 401 });
    } finally {
      await host.close();
    }
  });

  it('carries the same contract as IPC, with the error code mirrored in the HTTP status', async () => {
    const { host, backend } = await hostWithRenderer();
    try {
      const session = await openSession(host);
      expect(await session.call('books.list', {})).toEqual({ status: 200, body: { ok: true, result: [] } });
      expect(await session.call('books.get', { id: 'x' })).toMatchObject({
        status: 400,
        body: { ok: false, error: { code: 'VALIDATION' } },
      });
      expect(await session.call('books.get', { id: '0190a0a0-0000-7000-8000-000000000000' })).toMatchObject({
        status: 404,
        body: { ok: false, error: { code: 'NOT_FOUND' } },
      });
      expect(await session.call('no.such', {})).toMatchObject({
        status: 404,
        body: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
      });
      const broken = await fetch(`${host.url}/api/call/books.list`, {
        method: 'POST',
        headers: session.headers(),
        body: '{not json',
      });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      // An internal failure is a 500 on the wire too, with the plain message in the body.
      backend.db.sqlite.exec('DROP TABLE preferences');
      const internal = await session.call('prefs.get', {});
      expect(internal).toMatchObject({ status: 500, body: { ok: false, error: { code: 'INTERNAL' } } });
    } finally {
      await host.close();
    }
  });

  it('answers a malformed address with 400, not 500', async () => {
    const { host } = await hostWithRenderer();
    try {
      const session = await openSession(host);
      for (const probe of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
        expect((await rawRequest(`${host.url}${probe}`, { headers: { cookie: session.cookie } })).status).toBe(400);
      }
      const call = await rawRequest(`${host.url}/api/call/%`, {
        method: 'POST',
        headers: session.headers(),
        body: '{}',
      });
      expect(call.status).toBe(400);
    } finally {
      await host.close();
    }
  });

  it('refuses a body larger than the cap with 413 before reading it', async () => {
    const { host } = await hostWithRenderer();
    try {
      const session = await openSession(host);
      const big = JSON.stringify({ splitRatio: 0.5, padding: 'x'.repeat(MAX_JSON_BYTES) });
      const response = await fetch(`${host.url}/api/call/prefs.set`, {
        method: 'POST',
        headers: session.headers(),
        body: big,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await session.call('prefs.get', {})).toMatchObject({ body: { result: { splitRatio: 0.55 } } });
    } finally {
      await host.close();
    }
  });

  it('stages an uploaded scan, imports it, and serves it back by hash only', async () => {
    const { host, backend } = await hostWithRenderer();
    try {
      const pdf = await fs.readFile(await makeBookPdf(path.join(await tempDir(), 's.pdf'), 2));
      const session = await openSession(host);
      const withToken = { cookie: session.cookie };
      const staged = await fetch(`${host.url}/api/stage?name=s.pdf`, {
        method: 'POST',
        headers: session.headers('application/octet-stream'),
        body: pdf,
      });
      const { result } = (await staged.json()) as { result: { stagedId: string } };
      const started = (await session.call('books.create', { ...ghMetadata, files: [result] })).body;
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
      const withToken = { cookie: (await openSession(host)).cookie };
      for (const probe of ['/..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/../package.json']) {
        const status = (await fetch(`${host.url}${probe}`, { headers: withToken })).status;
        expect([403, 404]).toContain(status);
      }
    } finally {
      await host.close();
    }
  });
});
