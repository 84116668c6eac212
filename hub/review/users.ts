/**
 * District staff accounts on the hub (hub_users) and their browser sessions (hub_sessions).
 * Passwords are scrypt hashes (electron/backend/accounts/passwords.ts, as hub_admins); repeated
 * failed logins lock the account for a while; an administrator can disable an account. A session
 * is a random cookie token (the database keeps only its SHA-256) with a CSRF token beside it, ended
 * by logout, by the idle timeout, or when its account is disabled or its password changed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { hashPassword, verifyPassword, type PasswordHash } from '../../electron/backend/accounts/passwords';
import { HUB_IDLE_TIMEOUT_MS, type HubUserInfo } from '../../shared/review/hub-api';
import { HUB_ROLE_LABELS, type HubRole } from '../../shared/review/review';
import { hubSessions, hubUsers } from '../db/schema';
import { audit, type HubContext } from '../ingest';
import { ReviewError } from './handler';

/** Failed logins in a row that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type HubUserRow = typeof hubUsers.$inferSelect;

export const hubNow = (ctx: HubContext): Date => (ctx.now ? ctx.now() : new Date());

const clock = (date: Date): string => date.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });

export function userInfo(row: HubUserRow): HubUserInfo {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
  };
}

export async function listHubUsers(ctx: HubContext): Promise<HubUserInfo[]> {
  return (await ctx.db.select().from(hubUsers).orderBy(asc(hubUsers.username))).map(userInfo);
}

async function userByName(ctx: HubContext, username: string): Promise<HubUserRow | undefined> {
  const [row] = await ctx.db.select().from(hubUsers).where(eq(hubUsers.username, username.trim()));
  return row;
}

async function userById(ctx: HubContext, id: number): Promise<HubUserRow | undefined> {
  const [row] = await ctx.db.select().from(hubUsers).where(eq(hubUsers.id, id));
  return row;
}

export interface NewHubUser {
  username: string;
  displayName: string;
  role: HubRole;
  password: string;
}

/** Creates an account (the caller has validated the input with hubCreateUserInput). */
export async function createHubUser(ctx: HubContext, input: NewHubUser, actor: string): Promise<HubUserInfo> {
  if (await userByName(ctx, input.username)) {
    throw new ReviewError(409, 'CONFLICT', `Đã có tài khoản "${input.username}" trên máy chủ huyện.`);
  }
  const [row] = await ctx.db
    .insert(hubUsers)
    .values({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      password: await hashPassword(input.password),
      createdAt: hubNow(ctx),
      createdBy: actor,
    })
    .returning();
  if (!row) throw new Error('hub_users: insert returned nothing');
  return userInfo(row);
}

/** Disables (ending its sessions) or enables an account. */
export async function setHubUserDisabled(
  ctx: HubContext,
  who: { id: number } | { username: string },
  disabled: boolean,
): Promise<HubUserInfo> {
  const row = 'id' in who ? await userById(ctx, who.id) : await userByName(ctx, who.username);
  if (!row) {
    throw new ReviewError(
      404,
      'NOT_FOUND',
      `Không có tài khoản ${'id' in who ? `số ${who.id}` : `"${who.username}"`}.`,
    );
  }
  const [updated] = await ctx.db
    .update(hubUsers)
    .set(
      disabled
        ? { disabledAt: row.disabledAt ?? hubNow(ctx) }
        : { disabledAt: null, failedLogins: 0, lockedUntil: null },
    )
    .where(eq(hubUsers.id, row.id))
    .returning();
  if (disabled) await endUserSessions(ctx, row.id);
  if (!updated) throw new Error('hub_users: update returned nothing');
  return userInfo(updated);
}

/** Sets a new password (ends the account's sessions, lifts a lockout). */
export async function setHubUserPassword(
  ctx: HubContext,
  who: { id: number } | { username: string },
  password: string,
  keepSession?: string,
): Promise<HubUserInfo> {
  const row = 'id' in who ? await userById(ctx, who.id) : await userByName(ctx, who.username);
  if (!row) {
    throw new ReviewError(
      404,
      'NOT_FOUND',
      `Không có tài khoản ${'id' in who ? `số ${who.id}` : `"${who.username}"`}.`,
    );
  }
  await ctx.db
    .update(hubUsers)
    .set({ password: await hashPassword(password), failedLogins: 0, lockedUntil: null })
    .where(eq(hubUsers.id, row.id));
  await endUserSessions(ctx, row.id, keepSession);
  return userInfo(row);
}

async function endUserSessions(ctx: HubContext, userId: number, except?: string): Promise<void> {
  const open = await ctx.db
    .select({ tokenHash: hubSessions.tokenHash })
    .from(hubSessions)
    .where(and(eq(hubSessions.userId, userId), isNull(hubSessions.endedAt)));
  for (const s of open) {
    if (s.tokenHash !== except) await endSession(ctx, s.tokenHash);
  }
}

/** Compared against when the account does not exist, so that both answers take the same time. */
let dummyHash: Promise<PasswordHash> | undefined;

/**
 * Checks a login. A wrong password counts towards the lockout (written at once: a refused login
 * is never rolled back); every refusal is audited without the password.
 */
export async function checkLogin(
  ctx: HubContext,
  username: string,
  password: string,
  remoteAddress: string | undefined,
): Promise<HubUserRow> {
  const at = hubNow(ctx);
  const row = await userByName(ctx, username);
  const refuse = async (reason: string, message: string): Promise<never> => {
    await audit(ctx.db, 'anonymous', 'auth.login-failed', { username, reason, remoteAddress: remoteAddress ?? null });
    throw new ReviewError(401, 'UNAUTHENTICATED', message);
  };
  const wrong = 'Tên đăng nhập hoặc mật khẩu không đúng.';
  if (!row) {
    await verifyPassword(password, await (dummyHash ??= hashPassword('không có tài khoản này')));
    return refuse('unknown-user', wrong);
  }
  if (row.lockedUntil !== null && row.lockedUntil.getTime() > at.getTime()) {
    return refuse(
      'locked',
      `Tài khoản tạm khóa đến ${clock(row.lockedUntil)} vì nhập sai mật khẩu ${MAX_FAILED_LOGINS} lần liên tiếp. Hãy thử lại sau thời điểm đó hoặc nhờ quản trị huyện đặt lại mật khẩu.`,
    );
  }
  if (!(await verifyPassword(password, row.password))) {
    // Counted in the database (concurrent wrong logins each count).
    const [counted] = await ctx.db
      .update(hubUsers)
      .set({ failedLogins: sql`${hubUsers.failedLogins} + 1` })
      .where(eq(hubUsers.id, row.id))
      .returning({ failedLogins: hubUsers.failedLogins });
    if ((counted?.failedLogins ?? 0) >= MAX_FAILED_LOGINS) {
      const until = new Date(at.getTime() + LOCKOUT_MS);
      await ctx.db.update(hubUsers).set({ failedLogins: 0, lockedUntil: until }).where(eq(hubUsers.id, row.id));
      await audit(ctx.db, 'anonymous', 'auth.locked', { username, until: until.toISOString() });
      return refuse(
        'wrong-password',
        `Mật khẩu không đúng ${MAX_FAILED_LOGINS} lần liên tiếp: tài khoản tạm khóa đến ${clock(until)}.`,
      );
    }
    return refuse('wrong-password', wrong);
  }
  // Told only to whoever knows the password.
  if (row.disabledAt !== null) {
    return refuse('disabled', 'Tài khoản này đã bị quản trị huyện tạm dừng. Hãy liên hệ quản trị huyện.');
  }
  if (row.failedLogins !== 0 || row.lockedUntil !== null) {
    await ctx.db.update(hubUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(hubUsers.id, row.id));
  }
  return row;
}

export async function verifyUserPassword(ctx: HubContext, userId: number, password: string): Promise<boolean> {
  const row = await userById(ctx, userId);
  return row !== undefined && (await verifyPassword(password, row.password));
}

// ---------------------------------------------------------------- sessions

export const hashSessionToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface OpenedSession {
  /** The cookie's value (never stored). */
  token: string;
  tokenHash: string;
  csrfToken: string;
}

export async function openSession(
  ctx: HubContext,
  userId: number,
  remoteAddress: string | undefined,
): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const at = hubNow(ctx);
  await ctx.db.insert(hubSessions).values({
    tokenHash,
    userId,
    csrfToken,
    createdAt: at,
    lastSeenAt: at,
    remoteAddress: remoteAddress ?? null,
  });
  return { token, tokenHash, csrfToken };
}

export async function sessionCsrfToken(ctx: HubContext, tokenHash: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ csrfToken: hubSessions.csrfToken })
    .from(hubSessions)
    .where(and(eq(hubSessions.tokenHash, tokenHash), isNull(hubSessions.endedAt)));
  return row?.csrfToken ?? null;
}

export async function endSession(ctx: HubContext, tokenHash: string): Promise<void> {
  await ctx.db
    .update(hubSessions)
    .set({ endedAt: hubNow(ctx) })
    .where(and(eq(hubSessions.tokenHash, tokenHash), isNull(hubSessions.endedAt)));
}

export interface LiveSession {
  user: HubUserInfo;
  tokenHash: string;
  csrfToken: string;
}

/**
 * The live session of a cookie token, its idle time slid forward; UNAUTHENTICATED when there is
 * none, it has ended, its account is disabled, or it was idle longer than HUB_IDLE_TIMEOUT_MS (then
 * it is ended here).
 */
export async function liveSession(ctx: HubContext, token: string | undefined): Promise<LiveSession> {
  const none = 'Chưa đăng nhập hoặc phiên làm việc đã kết thúc. Hãy đăng nhập lại.';
  if (!token) throw new ReviewError(401, 'UNAUTHENTICATED', none);
  const tokenHash = hashSessionToken(token);
  const [found] = await ctx.db
    .select({ session: hubSessions, user: hubUsers })
    .from(hubSessions)
    .innerJoin(hubUsers, eq(hubUsers.id, hubSessions.userId))
    .where(eq(hubSessions.tokenHash, tokenHash));
  if (!found || found.session.endedAt !== null) throw new ReviewError(401, 'UNAUTHENTICATED', none);
  const at = hubNow(ctx);
  if (at.getTime() - found.session.lastSeenAt.getTime() > HUB_IDLE_TIMEOUT_MS) {
    await endSession(ctx, tokenHash);
    await audit(ctx.db, `user:${found.user.username}`, 'auth.session-expired', {});
    throw new ReviewError(
      401,
      'UNAUTHENTICATED',
      `Phiên làm việc đã hết hạn sau ${HUB_IDLE_TIMEOUT_MS / 60_000} phút không thao tác. Hãy đăng nhập lại; những gì đã lưu không bị mất.`,
    );
  }
  if (found.user.disabledAt !== null) {
    await endSession(ctx, tokenHash);
    throw new ReviewError(401, 'UNAUTHENTICATED', 'Tài khoản này đã bị quản trị huyện tạm dừng.');
  }
  await ctx.db.update(hubSessions).set({ lastSeenAt: at }).where(eq(hubSessions.tokenHash, tokenHash));
  return { user: userInfo(found.user), tokenHash, csrfToken: found.session.csrfToken };
}

export function roleLabel(role: HubRole): string {
  return HUB_ROLE_LABELS[role];
}
