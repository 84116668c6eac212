/**
 * The review API's handlers for accounts, sessions and settings (auth.*, users.*, settings.*).
 * The dispatcher (hub/review/api.ts) has checked the session, the CSRF token and the roles.
 */
import { HUB_IDLE_TIMEOUT_MS } from '../../shared/review/hub-api';
import type { HubHandlers, ReviewRequest } from './handler';
import { ReviewError, staffActor } from './handler';
import { currentAql, setAql } from './settings';
import {
  checkLogin,
  createHubUser,
  endSession,
  listHubUsers,
  openSession,
  sessionCsrfToken,
  setHubUserDisabled,
  setHubUserPassword,
  userInfo,
  verifyUserPassword,
  type OpenedSession,
} from './users';

/**
 * The session a successful auth.login opened, by its request: the dispatcher reads it to set the
 * cookie (the token never goes into the JSON answer).
 */
export const openedSessions = new WeakMap<ReviewRequest, OpenedSession>();

export type AuthMethod =
  | 'auth.login'
  | 'auth.logout'
  | 'auth.me'
  | 'auth.changePassword'
  | 'users.list'
  | 'users.create'
  | 'users.setDisabled'
  | 'settings.get'
  | 'settings.setAql';

export const authHandlers: Pick<HubHandlers, AuthMethod> = {
  'auth.login': async (input, request) => {
    const row = await checkLogin(request.ctx, input.username, input.password, request.remoteAddress);
    const opened = await openSession(request.ctx, row.id, request.remoteAddress);
    openedSessions.set(request, opened);
    return { user: userInfo(row), csrfToken: opened.csrfToken, idleTimeoutMs: HUB_IDLE_TIMEOUT_MS };
  },
  'auth.logout': async (_input, request) => {
    if (request.sessionTokenHash) await endSession(request.ctx, request.sessionTokenHash);
    return { loggedOut: true };
  },
  'auth.me': async (_input, request) => {
    const csrfToken = request.sessionTokenHash ? await sessionCsrfToken(request.ctx, request.sessionTokenHash) : null;
    if (!csrfToken) throw new ReviewError(401, 'UNAUTHENTICATED', 'Hãy đăng nhập lại.');
    return { user: request.user, csrfToken, idleTimeoutMs: HUB_IDLE_TIMEOUT_MS };
  },
  'auth.changePassword': async (input, request) => {
    if (!(await verifyUserPassword(request.ctx, request.user.id, input.currentPassword))) {
      throw new ReviewError(400, 'BAD_REQUEST', 'Mật khẩu hiện tại không đúng.');
    }
    if (input.newPassword === input.currentPassword) {
      throw new ReviewError(400, 'BAD_REQUEST', 'Mật khẩu mới phải khác mật khẩu hiện tại.');
    }
    // The other sessions of the account end; this one goes on.
    await setHubUserPassword(
      request.ctx,
      { id: request.user.id },
      input.newPassword,
      request.sessionTokenHash ?? undefined,
    );
    return { changed: true };
  },
  'users.list': async (_input, request) => listHubUsers(request.ctx),
  'users.create': async (input, request) => {
    // In the browser a district admin makes reviewers; district admins are the hub administrator's
    // (`sohoa-hub user add` on the hub's machine).
    if (input.role !== 'reviewer') {
      throw new ReviewError(
        403,
        'FORBIDDEN',
        'Tài khoản quản trị huyện chỉ tạo được bằng lệnh sohoa-hub user add trên máy chủ huyện; ở đây chỉ tạo kiểm tra viên.',
      );
    }
    return createHubUser(request.ctx, input, staffActor(request.user));
  },
  'users.setDisabled': async (input, request) => {
    if (input.id === request.user.id && input.disabled) {
      throw new ReviewError(409, 'CONFLICT', 'Không thể tự tạm dừng tài khoản đang đăng nhập.');
    }
    return setHubUserDisabled(request.ctx, { id: input.id }, input.disabled);
  },
  'settings.get': async (_input, request) => ({ aql: await currentAql(request.ctx.db) }),
  'settings.setAql': async (input, request) => ({
    aql: await setAql(request.ctx.db, input.aql, staffActor(request.user)),
  }),
};
