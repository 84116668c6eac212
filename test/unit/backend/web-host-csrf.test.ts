/**
 * The CSRF probe: a page on another origin (another port of 127.0.0.1 included, which is the same
 * *site* and so gets the SameSite=Strict cookie) must change nothing. Every probe carries the
 * valid session cookie, as the browser would send it, and must get a 403 with the data unchanged.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordDetail } from '../../../shared/records/record';
import { startWebHost } from '../../../electron/web-host/server';
import { ghBook, ghEntry, tempDir, testBackend } from './helpers';
import { openSession, rawRequest, type WebSession } from './web-session';

async function setUp() {
  const backend = await testBackend();
  const rendererDir = await tempDir('sohoa-renderer-');
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>x</title></head></html>');
  const host = await startWebHost({ gate: backend.gate, rendererDir, token: 'test-token' });
  const book = await ghBook(backend, 1);
  const created = await backend.dispatch('records.create', {
    bookId: book.id,
    data: ghEntry,
    pages: [{ pageId: book.pages[0]!.id }],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { backend, host, record: created.result as RecordDetail };
}

function deletedAt(backend: Awaited<ReturnType<typeof testBackend>>, id: string): string | null {
  const row = backend.db.sqlite.prepare('SELECT deleted_at AS d FROM entries WHERE id = ?').get(id) as {
    d: string | null;
  };
  return row.d;
}

type Probe = (s: WebSession, url: string) => { headers: Record<string, string>; body: string; host?: string };

const deleteBody = (id: string) => JSON.stringify({ id, expectedVersion: 1, reason: 'Xóa thử' });

/** Each probe is a variant of a request the real page would send, with one door left open. */
const PROBES: Record<string, (id: string) => Probe> = {
  'text/plain POST (a simple cross-origin request)': (id) => (s) => ({
    headers: { ...s.headers('text/plain'), origin: 'http://127.0.0.1:1' },
    body: deleteBody(id),
  }),
  'text/plain POST with our own Origin and token': (id) => (s) => ({
    headers: s.headers('text/plain;charset=UTF-8'),
    body: deleteBody(id),
  }),
  'form-encoded POST': (id) => (s) => ({
    headers: { ...s.headers('application/x-www-form-urlencoded'), origin: 'http://evil.example' },
    body: `id=${id}&reason=x`,
  }),
  'multipart form POST': (id) => (s) => ({
    headers: s.headers('multipart/form-data; boundary=x'),
    body: `--x\r\nContent-Disposition: form-data; name="id"\r\n\r\n${id}\r\n--x--\r\n`,
  }),
  'foreign Origin': (id) => (s) => ({
    headers: { ...s.headers(), origin: 'http://evil.example' },
    body: deleteBody(id),
  }),
  'Origin "null" (sandboxed frame, file:)': (id) => (s) => ({
    headers: { ...s.headers(), origin: 'null' },
    body: deleteBody(id),
  }),
  'another 127.0.0.1 port as Origin': (id) => (s, url) => ({
    headers: { ...s.headers(), origin: `http://127.0.0.1:${Number(new URL(url).port) + 1}` },
    body: deleteBody(id),
  }),
  'localhost instead of 127.0.0.1 as Origin': (id) => (s, url) => ({
    headers: { ...s.headers(), origin: `http://localhost:${new URL(url).port}` },
    body: deleteBody(id),
  }),
  'missing Origin': (id) => (s) => {
    const { origin: _origin, ...headers } = s.headers();
    return { headers, body: deleteBody(id) };
  },
  'missing CSRF header': (id) => (s) => {
    const { 'x-sohoa-csrf': _csrf, ...headers } = s.headers();
    return { headers, body: deleteBody(id) };
  },
  'wrong CSRF header': (id) => (s) => ({
    headers: { ...s.headers(), 'x-sohoa-csrf': `${s.csrf.slice(0, -2)}AA` },
    body: deleteBody(id),
  }),
  'the run token as CSRF header': (id) => (s) => ({
    headers: { ...s.headers(), 'x-sohoa-csrf': 'test-token' },
    body: deleteBody(id),
  }),
  'cross-site fetch metadata': (id) => (s) => ({
    headers: { ...s.headers(), 'sec-fetch-site': 'same-site' },
    body: deleteBody(id),
  }),
  'DNS-rebinding Host': (id) => (s) => ({
    headers: { ...s.headers(), origin: 'http://evil.example:1234' },
    host: 'evil.example:1234',
    body: deleteBody(id),
  }),
  'DNS-rebinding Host with our Origin': (id) => (s) => ({
    headers: s.headers(),
    host: 'evil.example:1234',
    body: deleteBody(id),
  }),
};

describe('the web host against cross-site requests', () => {
  it.each(Object.keys(PROBES))('refuses %s with 403 and changes nothing', async (name) => {
    const { backend, host, record } = await setUp();
    try {
      const session = await openSession(host);
      const probe = PROBES[name]!(record.id)(session, host.url);
      const headers = probe.host ? { ...probe.headers, host: probe.host } : probe.headers;
      const deleted = await rawRequest(`${host.url}/api/call/records.delete`, {
        method: 'POST',
        headers,
        body: probe.body,
      });
      expect(deleted.status).toBe(403);
      const prefs = await rawRequest(`${host.url}/api/call/prefs.set`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ splitRatio: 0.2, layout: 'stacked' }),
      });
      expect(prefs.status).toBe(403);
      const staged = await rawRequest(`${host.url}/api/stage?name=x.pdf`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': headers['content-type']?.startsWith('application/json')
            ? 'application/octet-stream'
            : headers['content-type']!,
        },
        body: '%PDF-1.4',
      });
      expect(staged.status).toBe(403);

      // Nothing changed: the entry is there, not deleted; the preferences are the defaults; nothing staged.
      expect(deletedAt(backend, record.id)).toBeNull();
      expect(await backend.dispatch('prefs.get', {})).toEqual({
        ok: true,
        result: {
          splitRatio: 0.55,
          layout: 'side',
          idleLockMinutes: 10,
          exportDir: path.join(backend.layout.root, 'exports'),
        },
      });
      expect(await fs.readdir(backend.staging.dir).catch(() => [])).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it('refuses a session cookie it did not hand out, and a CSRF token of another session', async () => {
    const { backend, host, record } = await setUp();
    try {
      const mine = await openSession(host);
      const forged = { ...mine.headers(), cookie: 'sohoa_session=forged' };
      const noCookie = await rawRequest(`${host.url}/api/call/records.delete`, {
        method: 'POST',
        headers: forged,
        body: deleteBody(record.id),
      });
      expect(noCookie.status).toBe(401);
      // A second browser (its own cookie jar) gets its own session and token; tokens do not cross.
      const other = await openSession(host);
      expect(other.cookie).not.toBe(mine.cookie);
      expect(other.csrf).not.toBe(mine.csrf);
      const crossed = await rawRequest(`${host.url}/api/call/records.delete`, {
        method: 'POST',
        headers: { ...mine.headers(), 'x-sohoa-csrf': other.csrf },
        body: deleteBody(record.id),
      });
      expect(crossed.status).toBe(403);
      expect(deletedAt(backend, record.id)).toBeNull();
    } finally {
      await host.close();
    }
  });

  it('keeps scans from other origins: no CORS, cross-site fetch metadata refused, cookie required', async () => {
    const { backend, host } = await setUp();
    try {
      const session = await openSession(host);
      const [book] = backend.services.books.list();
      const sha = backend.services.books.get(book!.id).files[0]!.sha256;
      const ours = await rawRequest(`${host.url}/scan/${sha}`, {
        headers: { cookie: session.cookie, 'sec-fetch-site': 'same-origin', range: 'bytes=0-3' },
      });
      expect(ours).toMatchObject({ status: 206, body: '%PDF' });
      const refused: Record<string, string>[] = [
        {},
        { cookie: session.cookie, 'sec-fetch-site': 'same-site' },
        { cookie: session.cookie, 'sec-fetch-site': 'cross-site' },
        { cookie: session.cookie, origin: 'http://127.0.0.1:1' },
      ];
      for (const headers of refused) {
        const response = await rawRequest(`${host.url}/scan/${sha}`, { headers });
        expect([401, 403]).toContain(response.status);
      }
      const preflight = await rawRequest(`${host.url}/api/call/records.delete`, {
        method: 'OPTIONS',
        headers: {
          cookie: session.cookie,
          origin: 'http://127.0.0.1:1',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-sohoa-csrf',
        },
      });
      expect(preflight.status).toBe(403);
    } finally {
      await host.close();
    }
  });

  it('lets the real page through: same Origin, JSON, the token of its session', async () => {
    const { backend, host, record } = await setUp();
    try {
      const session = await openSession(host);
      expect(await session.call('prefs.set', { splitRatio: 0.3 })).toMatchObject({
        status: 200,
        body: { ok: true, result: { splitRatio: 0.3 } },
      });
      const deleted = await session.call('records.delete', { id: record.id, expectedVersion: 1, reason: 'Nhập trùng' });
      expect(deleted).toEqual({ status: 200, body: { ok: true, result: { deleted: true } } });
      expect(deletedAt(backend, record.id)).not.toBeNull();
    } finally {
      await host.close();
    }
  });
});
