/**
 * District staff on the hub over real HTTP: login (HttpOnly SameSite=Strict cookie + CSRF token),
 * refusals (wrong password, lockout, missing or wrong CSRF token, cross-site requests, roles), the
 * idle timeout, logout, the audit trail, the scan-file route, security headers, and the review
 * screens served at /kiem-tra/.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHubApp } from '../../../hub/app';
import { mountReviewApi } from '../../../hub/review/api';
import { authHandlers } from '../../../hub/review/auth';
import { ReviewError } from '../../../hub/review/handler';
import { hubAudit, hubSessions, hubUsers, lots } from '../../../hub/db/schema';
import { createHubUser, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../../hub/review/users';
import { CSRF_HEADER, HUB_IDLE_TIMEOUT_MS, HUB_SESSION_COOKIE } from '../../../shared/review/hub-api';
import {
  addCommune,
  call,
  enroll,
  makeBatch,
  makeBook,
  makeEntry,
  sha256,
  startTestHub,
  tempDir,
  tusUpload,
  type TestHub,
} from './helpers';

/** Logins hash with scrypt on a busy 2-core machine: a generous bound, not a timing. */
const TEST_MS = 120_000;

let hub: TestHub;
let clockOffsetMs = 0;

beforeAll(async () => {
  hub = await startTestHub();
  hub.ctx.now = () => new Date(Date.now() + clockOffsetMs);
  await createHubUser(
    hub.ctx,
    { username: 'quantri', displayName: 'Trần Thị Quản Trị', role: 'district_admin', password: 'mat-khau-quan-tri' },
    'test',
  );
  await createHubUser(
    hub.ctx,
    { username: 'kiemtra', displayName: 'Nguyễn Văn Kiểm', role: 'reviewer', password: 'mat-khau-kiem-tra' },
    'test',
  );
}, TEST_MS);
afterAll(async () => {
  await hub.close();
});
afterEach(() => {
  clockOffsetMs = 0;
});

interface Answer {
  status: number;
  body: { result?: unknown; error?: { code: string; message: string } };
  headers: Headers;
}

async function rpc(
  method: string,
  input: unknown,
  session?: { cookie: string; csrf: string },
  extra: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${hub.url}/api/review/call/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(session ? { cookie: session.cookie, [CSRF_HEADER]: session.csrf } : {}),
      ...extra,
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers };
}

interface Login {
  cookie: string;
  csrf: string;
  setCookie: string;
}

async function login(username: string, password: string): Promise<Login> {
  const answer = await rpc('auth.login', { username, password });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${HUB_SESSION_COOKIE}=`)) ?? '';
  const result = answer.body.result as { csrfToken: string };
  return { cookie: setCookie.split(';')[0] ?? '', csrf: result.csrfToken, setCookie };
}

async function auditRows(action: string) {
  return hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, action)).orderBy(desc(hubAudit.id));
}

describe('hub review login and sessions', () => {
  it(
    'login sets an HttpOnly SameSite=Strict cookie and returns the CSRF token; auth.me answers with it',
    async () => {
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      expect(session.setCookie).toMatch(/HttpOnly/i);
      expect(session.setCookie).toMatch(/SameSite=Strict/i);
      expect(session.setCookie).toMatch(/Path=\//);
      expect(session.setCookie).not.toMatch(/Secure/i);
      // A browser-session cookie: the hub ends the session itself (a Max-Age would cut a busy reviewer off).
      expect(session.setCookie).not.toMatch(/Max-Age|Expires/i);
      expect(session.csrf.length).toBeGreaterThanOrEqual(32);
      // The cookie holds a random token; the database keeps only its SHA-256.
      const token = session.cookie.split('=')[1] ?? '';
      const rows = await hub.ctx.db.select().from(hubSessions);
      expect(rows.some((r) => r.tokenHash === sha256(token))).toBe(true);
      expect(rows.some((r) => r.tokenHash === token)).toBe(false);

      const me = await rpc('auth.me', {}, session);
      expect(me.status).toBe(200);
      expect(me.body.result).toMatchObject({
        user: { username: 'kiemtra', displayName: 'Nguyễn Văn Kiểm', role: 'reviewer', disabled: false },
        csrfToken: session.csrf,
        idleTimeoutMs: HUB_IDLE_TIMEOUT_MS,
      });
    },
    TEST_MS,
  );

  it(
    'a wrong password is UNAUTHENTICATED and audited without the password',
    async () => {
      const answer = await rpc('auth.login', { username: 'kiemtra', password: 'sai-mat-khau-roi' });
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
      expect(answer.body.error?.message).toContain('không đúng');
      const [row] = await auditRows('auth.login-failed');
      expect(row?.detail).toMatchObject({ username: 'kiemtra', reason: 'wrong-password' });
      expect(JSON.stringify(row?.detail)).not.toContain('sai-mat-khau-roi');
      const unknown = await rpc('auth.login', { username: 'khong-co', password: 'gi-cung-duoc' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error?.message).toBe(answer.body.error?.message);
      // A successful login is audited too, without the password.
      await login('kiemtra', 'mat-khau-kiem-tra');
      const [ok] = await auditRows('auth.login');
      expect(ok?.actor).toBe('user:kiemtra');
      expect(JSON.stringify(ok?.detail)).not.toContain('mat-khau-kiem-tra');
    },
    TEST_MS,
  );

  it(
    `locks the account after ${MAX_FAILED_LOGINS} failed logins, saying until when, and opens it afterwards`,
    async () => {
      await createHubUser(
        hub.ctx,
        { username: 'khoa', displayName: 'Lê Văn Khóa', role: 'reviewer', password: 'mat-khau-dung-1' },
        'test',
      );
      let last: Answer | undefined;
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        last = await rpc('auth.login', { username: 'khoa', password: `sai-${i}-mat-khau` });
        expect(last.status).toBe(401);
      }
      expect(last?.body.error?.message).toMatch(/tạm khóa đến \d/);
      // Even the right password is refused while locked.
      const locked = await rpc('auth.login', { username: 'khoa', password: 'mat-khau-dung-1' });
      expect(locked.status).toBe(401);
      expect(locked.body.error?.message).toMatch(/tạm khóa đến/);
      const [user] = await hub.ctx.db.select().from(hubUsers).where(eq(hubUsers.username, 'khoa'));
      expect(user?.lockedUntil).not.toBeNull();
      clockOffsetMs = LOCKOUT_MS + 60_000;
      await login('khoa', 'mat-khau-dung-1');
    },
    TEST_MS,
  );

  it(
    'refuses a call without the CSRF token, with a wrong one, and a cross-site request',
    async () => {
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      const without = await rpc('settings.get', {}, undefined, { cookie: session.cookie });
      expect(without.status).toBe(403);
      expect(without.body.error?.code).toBe('CSRF');
      const wrong = await rpc('settings.get', {}, { cookie: session.cookie, csrf: `${session.csrf.slice(1)}x` });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error?.code).toBe('CSRF');
      const crossOrigin = await rpc('settings.get', {}, session, { origin: 'http://evil.example' });
      expect(crossOrigin.status).toBe(403);
      expect(crossOrigin.body.error?.code).toBe('CSRF');
      const crossSite = await rpc('settings.get', {}, session, { 'sec-fetch-site': 'cross-site' });
      expect(crossSite.status).toBe(403);
      const crossLogin = await rpc('auth.login', { username: 'kiemtra', password: 'mat-khau-kiem-tra' }, undefined, {
        origin: 'http://evil.example',
      });
      expect(crossLogin.status).toBe(403);
      const sameOrigin = await rpc('settings.get', {}, session, {
        origin: hub.url,
        'sec-fetch-site': 'same-origin',
      });
      expect(sameOrigin.status).toBe(200);
      // Behind a TLS proxy the scheme differs, the host does not.
      const proxied = await rpc('settings.get', {}, session, { origin: hub.url.replace('http:', 'https:') });
      expect(proxied.status).toBe(200);
      expect(sameOrigin.body.result).toEqual({ aql: 1 });
    },
    TEST_MS,
  );

  it(
    'a reviewer calling users.create is FORBIDDEN; a district admin creates a reviewer (audited without the password)',
    async () => {
      const reviewer = await login('kiemtra', 'mat-khau-kiem-tra');
      const input = {
        username: 'moi.nguoi',
        displayName: 'Phạm Thị Mới',
        role: 'reviewer',
        password: 'mat-khau-moi-1',
      };
      const refused = await rpc('users.create', input, reviewer);
      expect(refused.status).toBe(403);
      expect(refused.body.error?.code).toBe('FORBIDDEN');
      expect(refused.body.error?.message).toContain('Kiểm tra viên');

      const admin = await login('quantri', 'mat-khau-quan-tri');
      const created = await rpc('users.create', input, admin);
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.body.result).toMatchObject({ username: 'moi.nguoi', role: 'reviewer', disabled: false });
      const [row] = await auditRows('users.create');
      expect(row?.actor).toBe('user:quantri');
      expect(row?.detail).toMatchObject({ username: 'moi.nguoi', displayName: 'Phạm Thị Mới' });
      expect(JSON.stringify(row?.detail)).not.toContain('mat-khau-moi-1');
      await login('moi.nguoi', 'mat-khau-moi-1');

      const again = await rpc('users.create', input, admin);
      expect(again.status).toBe(409);
      // District admins are made with the CLI on the hub's machine, not in the browser.
      const adminRole = await rpc('users.create', { ...input, username: 'qt.moi', role: 'district_admin' }, admin);
      expect(adminRole.status).toBe(403);
      expect(adminRole.body.error?.message).toContain('sohoa-hub user add');

      const bad = await rpc('users.create', { ...input, username: 'A B' }, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.error?.message).toContain('username');
      expect(bad.body.error?.message).toContain('Tên đăng nhập');

      const list = await rpc('users.list', {}, admin);
      expect((list.body.result as { username: string }[]).map((u) => u.username)).toContain('moi.nguoi');

      // Disabling ends the account's sessions and refuses its logins.
      const other = await login('moi.nguoi', 'mat-khau-moi-1');
      const id = (created.body.result as { id: number }).id;
      const disabled = await rpc('users.setDisabled', { id, disabled: true }, admin);
      expect(disabled.body.result).toMatchObject({ disabled: true });
      expect((await rpc('auth.me', {}, other)).status).toBe(401);
      expect((await rpc('auth.login', { username: 'moi.nguoi', password: 'mat-khau-moi-1' })).status).toBe(401);
      await rpc('users.setDisabled', { id, disabled: false }, admin);
      await login('moi.nguoi', 'mat-khau-moi-1');

      const aql = await rpc('settings.setAql', { aql: 2.5 }, admin);
      expect(aql.body.result).toEqual({ aql: 2.5 });
      expect((await rpc('settings.get', {}, reviewer)).body.result).toEqual({ aql: 2.5 });
      expect((await rpc('settings.setAql', { aql: 3 }, admin)).status).toBe(400);
      expect((await rpc('settings.setAql', { aql: 1 }, reviewer)).status).toBe(403);
      await rpc('settings.setAql', { aql: 1 }, admin);
    },
    TEST_MS,
  );

  it(
    'an idle session expires (UNAUTHENTICATED, ended); a call inside the timeout slides it',
    async () => {
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      clockOffsetMs = HUB_IDLE_TIMEOUT_MS - 60_000;
      expect((await rpc('auth.me', {}, session)).status).toBe(200);
      clockOffsetMs = 2 * HUB_IDLE_TIMEOUT_MS - 120_000;
      expect((await rpc('auth.me', {}, session)).status).toBe(200);
      clockOffsetMs = 3 * HUB_IDLE_TIMEOUT_MS;
      const expired = await rpc('auth.me', {}, session);
      expect(expired.status).toBe(401);
      expect(expired.body.error?.code).toBe('UNAUTHENTICATED');
      expect(expired.body.error?.message).toContain('Phiên làm việc đã hết hạn');
      const token = session.cookie.split('=')[1] ?? '';
      const [row] = await hub.ctx.db
        .select()
        .from(hubSessions)
        .where(eq(hubSessions.tokenHash, sha256(token)));
      expect(row?.endedAt).not.toBeNull();
      // Ended: going back in time does not revive it.
      clockOffsetMs = 0;
      expect((await rpc('auth.me', {}, session)).status).toBe(401);
    },
    TEST_MS,
  );

  it(
    'logout ends the session and clears the cookie; a new login ends the old session',
    async () => {
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      const out = await rpc('auth.logout', {}, session);
      expect(out.status).toBe(200);
      expect(out.headers.getSetCookie().some((c) => c.startsWith(`${HUB_SESSION_COOKIE}=;`))).toBe(true);
      const after = await rpc('auth.me', {}, session);
      expect(after.status).toBe(401);
      // Logging in again in the same browser ends the session the browser had.
      const first = await login('kiemtra', 'mat-khau-kiem-tra');
      const again = await rpc('auth.login', { username: 'kiemtra', password: 'mat-khau-kiem-tra' }, undefined, {
        cookie: first.cookie,
      });
      expect(again.status).toBe(200);
      expect((await rpc('auth.me', {}, first)).status).toBe(401);
      expect((await auditRows('auth.logout'))[0]?.actor).toBe('user:kiemtra');
    },
    TEST_MS,
  );

  it(
    'changing the password ends the other sessions and keeps this one',
    async () => {
      await createHubUser(
        hub.ctx,
        { username: 'doimk', displayName: 'Đỗ Mật Khẩu', role: 'reviewer', password: 'mat-khau-cu-1' },
        'test',
      );
      const here = await login('doimk', 'mat-khau-cu-1');
      const elsewhere = await login('doimk', 'mat-khau-cu-1');
      const wrong = await rpc(
        'auth.changePassword',
        { currentPassword: 'khong-dung', newPassword: 'mat-khau-moi-2' },
        here,
      );
      expect(wrong.status).toBe(400);
      const changed = await rpc(
        'auth.changePassword',
        { currentPassword: 'mat-khau-cu-1', newPassword: 'mat-khau-moi-2' },
        here,
      );
      expect(changed.status).toBe(200);
      expect((await rpc('auth.me', {}, here)).status).toBe(200);
      expect((await rpc('auth.me', {}, elsewhere)).status).toBe(401);
      await login('doimk', 'mat-khau-moi-2');
      const [row] = await auditRows('auth.changePassword');
      expect(row?.detail).toEqual({});
    },
    TEST_MS,
  );

  it(
    'refuses unknown methods, bad JSON and oversized bodies with Vietnamese messages',
    async () => {
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      const unknown = await rpc('khong.co', {}, session);
      expect(unknown.status).toBe(404);
      const response = await fetch(`${hub.url}/api/review/call/settings.get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, [CSRF_HEADER]: session.csrf },
        body: '{không phải json',
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Answer['body']).error?.message).toContain('JSON');
      const big = await fetch(`${hub.url}/api/review/call/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'x', password: 'y'.repeat(100_000) }),
      });
      expect(big.status).toBe(413);
    },
    TEST_MS,
  );
});

describe('the dispatcher around handlers', () => {
  it(
    "answers a handler's ReviewError as is, an unknown error as a logged 500 INTERNAL, and audits only successful changes",
    async () => {
      const app = new Hono();
      mountReviewApi(app, hub.ctx, {
        ...authHandlers,
        'lots.decide': () => Promise.reject(new ReviewError(409, 'CONFLICT', 'Lô này đã có quyết định.')),
        'lots.draw': () => Promise.reject(new Error('ổ đĩa hỏng')),
      });
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      const post = (method: string, input: unknown) =>
        app.request(`/api/review/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, [CSRF_HEADER]: session.csrf },
          body: JSON.stringify(input),
        });
      const lotId = randomUUID();
      const refused = await post('lots.decide', { lotId, decision: 'accepted' });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual({ error: { code: 'CONFLICT', message: 'Lô này đã có quyết định.' } });

      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const failed = await post('lots.draw', { lotId });
        expect(failed.status).toBe(500);
        const body = (await failed.json()) as Answer['body'];
        expect(body.error?.code).toBe('INTERNAL');
        expect(body.error?.message).toContain('Máy chủ huyện gặp lỗi');
        expect(body.error?.message).not.toContain('ổ đĩa hỏng');
        expect(
          logged.mock.calls.some((args) => args.some((a) => a instanceof Error && a.message === 'ổ đĩa hỏng')),
        ).toBe(true);
      } finally {
        logged.mockRestore();
      }
      expect(await auditRows('lots.decide')).toHaveLength(0);
      expect(await auditRows('lots.draw')).toHaveLength(0);

      // Not merged yet: a clear refusal, not a crash.
      const missing = await post('lots.list', {});
      expect(missing.status).toBe(404);
      // A read is not audited; a field is named when the input is wrong.
      expect((await post('settings.get', {})).status).toBe(200);
      expect(await auditRows('settings.get')).toHaveLength(0);
      const bad = await post('lots.get', { lotId: 'khong-phai-uuid' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Answer['body']).error?.message).toContain('lotId');
    },
    TEST_MS,
  );
});

describe('scan files for reviewers', () => {
  it(
    'refuses without a session, refuses a file of a book without a lot, serves it once the book has a lot',
    async () => {
      await addCommune(hub.ctx, '20590', 'Xã Điện Phước');
      const device = await enroll(hub, '20590');
      const book = makeBook('20590');
      const bytes = Buffer.from('%PDF-1.4 trang sổ hộ tịch');
      // Scans without entries: no lot yet (the commit opens one only for a change of live entries).
      const b = makeBatch({ device, books: [book], entries: [], files: [bytes] });
      expect((await call(hub, device, 'POST', '/api/sync/batches', b)).status).toBe(200);
      expect((await tusUpload(hub, device, b.manifest.batchId, bytes)).status).toBe(204);
      expect((await call(hub, device, 'POST', `/api/sync/batches/${b.manifest.batchId}/commit`)).status).toBe(200);
      const url = `${hub.url}/api/review/files/${sha256(bytes)}`;

      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      const session = await login('kiemtra', 'mat-khau-kiem-tra');
      const noLot = await fetch(url, { headers: { cookie: session.cookie } });
      expect(noLot.status).toBe(404);

      // The book's entries arrive: their commit opens the book's lot (hub/review/lot-open.ts).
      const withEntry = makeBatch({
        device,
        books: [book],
        entries: [makeEntry(book.id, { so: '01' })],
        eventsFrom: 5,
      });
      expect((await call(hub, device, 'POST', '/api/sync/batches', withEntry)).status).toBe(200);
      expect((await call(hub, device, 'POST', `/api/sync/batches/${withEntry.manifest.batchId}/commit`)).status).toBe(
        200,
      );
      expect(await hub.ctx.db.select().from(lots).where(eq(lots.bookId, book.id))).toHaveLength(1);
      const served = await fetch(url, { headers: { cookie: session.cookie } });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('application/pdf');
      expect(served.headers.get('cache-control')).toMatch(/private/);
      expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    },
    TEST_MS,
  );
});

describe('security headers and the review screens', () => {
  it('every hub response carries the security headers', async () => {
    for (const route of ['/', '/api/sync/ping', '/kiem-tra/', '/kiem-tra', '/khong-co']) {
      const response = await fetch(`${hub.url}${route}`, { redirect: 'manual' });
      await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, route).toContain("default-src 'self'");
      expect(csp, route).toContain("frame-ancestors 'none'");
      expect(csp, route).toContain("worker-src 'self' blob:");
      expect(csp, route).not.toContain("'unsafe-inline' 'unsafe-eval'");
      expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options'), route).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), route).toBe('no-referrer');
    }
  });

  it(
    'the status page links to the review login; from the LAN it shows conflict details only to logged-in staff',
    async () => {
      const page = await (await fetch(`${hub.url}/`)).text();
      expect(page).toContain('href="/kiem-tra/"');
      expect(page).toContain('Đăng nhập kiểm tra');
      // A request from another machine on the LAN (the Node server's socket address, as it reads it).
      const app = createHubApp({ ctx: hub.ctx, uploadsDir: path.join(hub.dir, 'uploads-lan') });
      const lan = { incoming: { socket: { remoteAddress: '192.168.1.23' } } };
      const counts = 'Chi tiết (họ tên và giá trị của từng trường) chỉ xem được';
      const details = 'Không có xung đột nào đang chờ xử lý';
      const anonymous = await (await app.request('/', {}, lan)).text();
      expect(anonymous).not.toContain(details);
      const staff = await login('kiemtra', 'mat-khau-kiem-tra');
      const loggedIn = await (await app.request('/', { headers: { cookie: staff.cookie } }, lan)).text();
      expect(loggedIn).toContain(details);
      expect(loggedIn).not.toContain(counts);
    },
    TEST_MS,
  );

  it('without a build, /kiem-tra/ says to run npm run build:hub', async () => {
    const empty = tempDir('hub-ui-none');
    const served = await serveApp(empty);
    try {
      const response = await fetch(`${served.url}/kiem-tra/`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).toContain('npm run build:hub');
      expect(text).toContain('Chưa có màn hình kiểm tra');
    } finally {
      await served.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('/kiem-tra/ serves index.html, hashed assets with immutable caching and the right types, nothing outside', async () => {
    const base = tempDir('hub-ui');
    const dir = path.join(base, 'dist-hub');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><html lang="vi"><script type="module" src="/kiem-tra/assets/index-abc123.js"></script></html>',
    );
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("kiểm tra")');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.css'), 'body{}');
    fs.writeFileSync(path.join(base, 'bi-mat.txt'), 'không được đọc');
    const served = await serveApp(dir);
    try {
      const index = await fetch(`${served.url}/kiem-tra/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/^text\/html/);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(await index.text()).toContain('index-abc123.js');
      const js = await fetch(`${served.url}/kiem-tra/assets/index-abc123.js`);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect(await js.text()).toContain('kiểm tra');
      const css = await fetch(`${served.url}/kiem-tra/assets/index-abc123.css`);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      // A screen's own address gets index.html; a missing asset is a 404.
      const screen = await fetch(`${served.url}/kiem-tra/lo/123`);
      expect(await screen.text()).toContain('index-abc123.js');
      expect((await fetch(`${served.url}/kiem-tra/assets/khong-co.js`)).status).toBe(404);
      const escape = await fetch(`${served.url}/kiem-tra/..%2Fbi-mat.txt`);
      expect(await escape.text()).not.toContain('không được đọc');
      const redirect = await fetch(`${served.url}/kiem-tra`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe('/kiem-tra/');
    } finally {
      await served.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

/** The hub's app on the test hub's database with another screens folder. */
async function serveApp(hubUiDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = createHubApp({ ctx: hub.ctx, uploadsDir: path.join(hub.dir, 'uploads-ui'), hubUiDir });
  let server: ServerType | undefined;
  const info = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, resolve);
  });
  return {
    url: `http://127.0.0.1:${info.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server?.close(() => resolve());
        if (server && 'closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
