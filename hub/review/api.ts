/**
 * The review API's HTTP carriage (shared/review/hub-api.ts): `POST /api/review/call/:method` and
 * the session check of the binary GET routes. Per call: a bounded JSON body, the method from the
 * contract, the refusal of cross-site requests, the session from the HttpOnly cookie (idle timeout,
 * sliding), the CSRF token, the method's roles, the input validated by the contract's schema, the
 * handler, and an audit row for every call that changes something.
 */
import { timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { getConnInfo } from '@hono/node-server/conninfo';
import { and, eq, inArray } from 'drizzle-orm';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  CSRF_HEADER,
  HUB_SESSION_COOKIE,
  hubApiContract,
  isHubApiMethod,
  type HubApiMethod,
  type HubSession,
} from '../../shared/review/hub-api';
import { HUB_ROLE_LABELS } from '../../shared/review/review';
import { lots, scanFiles } from '../db/schema';
import { audit, type HubContext } from '../ingest';
import { openedSessions } from './auth';
import { ReviewError, staffActor, type HubHandlers, type ReviewRequest, type StaffRequest } from './handler';
import { endSession, hashSessionToken, liveSession } from './users';

/** The largest review call body read (a verdict with a note is well under 4 KB). */
export const MAX_REVIEW_BODY_BYTES = 64 * 1024;

/** Methods that only read: every other successful call is written to hub_audit. */
export const READ_ONLY_METHODS: ReadonlySet<HubApiMethod> = new Set<HubApiMethod>([
  'auth.me',
  'users.list',
  'settings.get',
  'lots.list',
  'lots.get',
  'review.entry',
  'stats.errorRates',
]);

/** A handler as the dispatcher calls it: the contract's schema has already parsed its input. */
type AnyHandler = (input: unknown, request: ReviewRequest) => Promise<unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === 'https:';

/**
 * Refuses a request another site's page makes the browser send: `Sec-Fetch-Site` (browsers set
 * it) must say same-origin (or none: typed by the user), and an `Origin` must be the hub's own.
 */
function refuseCrossSite(c: Context): void {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  // The host only: a TLS proxy in front of the hub changes the scheme, not the host.
  const ownHost = c.req.header('host') ?? new URL(c.req.url).host;
  const crossSite =
    (site !== undefined && site !== 'same-origin' && site !== 'none') ||
    (origin !== undefined && hostOf(origin) !== ownHost);
  if (crossSite) {
    throw new ReviewError(
      403,
      'CSRF',
      'Yêu cầu đến từ một trang khác, không phải màn hình kiểm tra của máy chủ huyện: máy chủ không làm theo.',
    );
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sessionCookie(c: Context, token: string): void {
  setCookie(c, HUB_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    // No Max-Age: a browser-session cookie; the hub ends the session itself after the idle timeout.
  });
}

function clearSessionCookie(c: Context): void {
  deleteCookie(c, HUB_SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
}

/**
 * The logged-in staff member of a request (cookie session, idle check; no CSRF: for GET routes
 * that only read). Throws ReviewError UNAUTHENTICATED.
 */
export async function requireStaff(c: Context, ctx: HubContext): Promise<StaffRequest> {
  const session = await liveSession(ctx, getCookie(c, HUB_SESSION_COOKIE));
  return { ctx, user: session.user, sessionTokenHash: session.tokenHash, remoteAddress: remoteAddress(c) };
}

/** The staff member of a request when there is a live session, else null (nothing thrown). */
export async function optionalStaff(c: Context, ctx: HubContext): Promise<StaffRequest | null> {
  if (!getCookie(c, HUB_SESSION_COOKIE)) return null;
  try {
    return await requireStaff(c, ctx);
  } catch (error) {
    if (error instanceof ReviewError) return null;
    throw error;
  }
}

/** The input as audited: without passwords. */
export function auditedInput(input: unknown): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !/password/i.test(key))
          .map(([key, v]) => [key, strip(v)]),
      );
    }
    return value;
  };
  const stripped = strip(input);
  return stripped !== null && typeof stripped === 'object' && !Array.isArray(stripped)
    ? (stripped as Record<string, unknown>)
    : { input: stripped };
}

function errorResponse(c: Context, error: unknown, method: string): Response {
  if (error instanceof ReviewError) {
    if (error.code === 'UNAUTHENTICATED') clearSessionCookie(c);
    return c.json(error.toBody(), error.status);
  }
  console.error(`[hub] review ${method}:`, error);
  return c.json(
    {
      error: {
        code: 'INTERNAL',
        message:
          'Máy chủ huyện gặp lỗi khi xử lý yêu cầu. Những gì đã lưu không bị mất; hãy thử lại hoặc báo quản trị huyện.',
      },
    },
    500,
  );
}

async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReviewError(400, 'BAD_REQUEST', 'Nội dung yêu cầu không phải JSON hợp lệ.');
  }
}

async function dispatch(c: Context, ctx: HubContext, handlers: Partial<HubHandlers>): Promise<Response> {
  const name = c.req.param('method') ?? '';
  try {
    if (!isHubApiMethod(name)) throw new ReviewError(404, 'NOT_FOUND', `Máy chủ huyện không có chức năng "${name}".`);
    const contract = hubApiContract[name];
    refuseCrossSite(c);
    let request: ReviewRequest = { ctx, user: null, sessionTokenHash: null, remoteAddress: remoteAddress(c) };
    if (contract.roles.length > 0) {
      const session = await liveSession(ctx, getCookie(c, HUB_SESSION_COOKIE));
      if (!sameToken(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)) {
        throw new ReviewError(
          403,
          'CSRF',
          'Yêu cầu thiếu mã chống giả mạo (CSRF) hoặc mã không đúng. Hãy tải lại trang kiểm tra.',
        );
      }
      if (!contract.roles.includes(session.user.role)) {
        throw new ReviewError(
          403,
          'FORBIDDEN',
          `Tài khoản ${HUB_ROLE_LABELS[session.user.role]} không được làm việc này (dành cho ${contract.roles
            .map((r) => HUB_ROLE_LABELS[r])
            .join(', ')}).`,
        );
      }
      request = { ...request, user: session.user, sessionTokenHash: session.tokenHash };
    }
    const parsed = contract.input.safeParse(await readJsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? `Ô "${issue.path.join('.')}": ` : '';
      throw new ReviewError(400, 'BAD_REQUEST', `${field}${issue?.message ?? 'dữ liệu không hợp lệ'}.`);
    }
    const handler = handlers[name] as unknown as AnyHandler | undefined;
    if (!handler) throw new ReviewError(404, 'NOT_FOUND', `Máy chủ huyện chưa có chức năng "${name}".`);
    const result = await handler(parsed.data, request);
    if (name === 'auth.login') {
      const opened = openedSessions.get(request);
      if (opened) sessionCookie(c, opened.token);
      // A new login in the same browser ends the session it had.
      const previous = getCookie(c, HUB_SESSION_COOKIE);
      if (previous) await endSession(ctx, hashSessionToken(previous));
    }
    if (name === 'auth.logout') clearSessionCookie(c);
    if (!READ_ONLY_METHODS.has(name)) {
      const who = name === 'auth.login' ? (result as HubSession).user : request.user;
      await audit(ctx.db, who ? staffActor(who) : 'anonymous', name, {
        ...auditedInput(parsed.data),
        ...(name === 'auth.login' ? { remoteAddress: request.remoteAddress ?? null } : {}),
      });
    }
    return c.json({ result });
  } catch (error) {
    return errorResponse(c, error, name);
  }
}

const SCAN_MEDIA_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'image/webp']);

/** Mounts the review API and the scan-file route on the hub's app. */
export function mountReviewApi(app: Hono, ctx: HubContext, handlers: Partial<HubHandlers>): void {
  app.use(
    '/api/review/call/*',
    bodyLimit({
      maxSize: MAX_REVIEW_BODY_BYTES,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'BAD_REQUEST',
              message: `Yêu cầu quá lớn (tối đa ${MAX_REVIEW_BODY_BYTES / 1024} KB); máy chủ huyện không đọc nó.`,
            },
          },
          413,
        ),
    }),
  );
  app.post('/api/review/call/:method', (c) => dispatch(c, ctx, handlers));

  // A scan file, only when it belongs to a book that has a lot (what reviewers inspect).
  app.get('/api/review/files/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    try {
      await requireStaff(c, ctx);
      if (!SHA256.test(sha256)) throw new ReviewError(404, 'NOT_FOUND', 'Mã tệp không hợp lệ.');
      const lotBooks = ctx.db.select({ bookId: lots.bookId }).from(lots);
      const [file] = await ctx.db
        .select({ data: scanFiles.data })
        .from(scanFiles)
        .where(and(eq(scanFiles.sha256, sha256), inArray(scanFiles.bookId, lotBooks)))
        .limit(1);
      const size = file ? await ctx.blobs.size(sha256) : undefined;
      if (!file || size === undefined) {
        throw new ReviewError(404, 'NOT_FOUND', 'Không có tệp ảnh này trong các sổ đang kiểm tra.');
      }
      const mediaType = SCAN_MEDIA_TYPES.has(file.data.mediaType) ? file.data.mediaType : 'application/octet-stream';
      const stream = Readable.toWeb(await ctx.blobs.read(sha256)) as ReadableStream<Uint8Array>;
      return new Response(stream, {
        status: 200,
        headers: {
          'content-type': mediaType,
          'content-length': String(size),
          // Content-addressed: the same name never has other bytes. Private: personal data.
          'cache-control': 'private, max-age=86400, immutable',
        },
      });
    } catch (error) {
      return errorResponse(c, error, `files/${sha256}`);
    }
  });

  // The acceptance minutes (biên bản nghiệm thu) of a decided lot, as a PDF.
  app.get('/api/review/lots/:lotId/bien-ban.pdf', async (c) => {
    const lotId = c.req.param('lotId');
    try {
      await requireStaff(c, ctx);
      if (!UUID.test(lotId)) throw new ReviewError(404, 'NOT_FOUND', 'Mã lô không hợp lệ.');
      const [lot] = await ctx.db.select({ state: lots.state }).from(lots).where(eq(lots.id, lotId));
      if (!lot) throw new ReviewError(404, 'NOT_FOUND', 'Không tìm thấy lô kiểm tra này.');
      if (lot.state === 'waiting' || lot.state === 'in_review') {
        throw new ReviewError(
          409,
          'CONFLICT',
          'Lô chưa có kết luận: biên bản nghiệm thu chỉ lập sau khi xác nhận kết quả.',
        );
      }
      // pdf-lib and the font are loaded only when minutes are asked for.
      const { lotMinutesPdf } = await import('./minutes');
      const { fileName, bytes } = await lotMinutesPdf(ctx, lotId);
      return new Response(Buffer.from(bytes), {
        status: 200,
        headers: {
          'content-type': 'application/pdf',
          'content-length': String(bytes.byteLength),
          'content-disposition': `attachment; filename="bien-ban-${lotId}.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          'cache-control': 'private, no-store',
        },
      });
    } catch (error) {
      return errorResponse(c, error, `lots/${lotId}/bien-ban.pdf`);
    }
  });
}
