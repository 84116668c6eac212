/**
 * Who may call what. Every method of the API contract has an entry (the type makes a new method
 * without one a compile error), and the dispatcher refuses a call whose caller does not qualify.
 */
import type { ApiMethod } from '../api/contract';

/** quản trị (accounts and books) · cán bộ nhập (enters and corrects entries) · the app itself. */
export const ROLES = ['admin', 'clerk', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a person can be given (the system role belongs to the app's own work). */
export const PERSON_ROLES = ['admin', 'clerk'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const ROLE_LABELS: Record<PersonRole, string> = { admin: 'Quản trị', clerk: 'Cán bộ nhập' };

/**
 * 'public': also before login (the login and first-start screens need them);
 * a list of roles: only a logged-in user with one of them ('system' may always).
 */
export type Access = 'public' | readonly PersonRole[];

const ANYONE: readonly PersonRole[] = ['admin', 'clerk'];
const ADMIN: readonly PersonRole[] = ['admin'];

export const METHOD_PERMISSIONS: Record<ApiMethod, Access> = {
  'app.info': 'public',
  'books.list': ANYONE,
  'books.get': ANYONE,
  'books.update': ADMIN,
  'books.create': ADMIN,
  'books.addFiles': ADMIN,
  'books.removeFile': ADMIN,
  'books.reorderFiles': ADMIN,
  // Turning a scan upright is part of reading it, not of managing the book.
  'pages.setRotation': ANYONE,
  'jobs.get': ANYONE,
  'jobs.cancel': ANYONE,
  'viewer.getState': ANYONE,
  'viewer.saveState': ANYONE,
  'prefs.get': ANYONE,
  'prefs.set': ANYONE,
  'records.list': ANYONE,
  'records.get': ANYONE,
  'records.create': ANYONE,
  'records.update': ANYONE,
  'records.delete': ANYONE,
  'records.restore': ANYONE,
  'records.history': ANYONE,
  'records.search': ANYONE,
  'records.duplicates': ANYONE,
  'records.importXlsx': ANYONE,
  'drafts.save': ANYONE,
  'drafts.get': ANYONE,
  'drafts.discard': ANYONE,
  'export.precheck': ANYONE,
  'export.book': ANYONE,
  'export.verify': ANYONE,
  'export.openFolder': ANYONE,
  'auth.status': 'public',
  'auth.setup': 'public',
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.unlock': ANYONE,
  'auth.changePassword': ANYONE,
  'accounts.list': ADMIN,
  'accounts.create': ADMIN,
  'accounts.resetPassword': ADMIN,
  'accounts.setDisabled': ADMIN,
  'sync.status': ANYONE,
  // Enrolling binds the whole installation to a commune on a hub: the administrator's call.
  'sync.enroll': ADMIN,
  'sync.pushNow': ANYONE,
  'sync.exportUsb': ANYONE,
  'sync.applyReceipt': ANYONE,
  'sync.retry': ANYONE,
  'sync.resolveConflict': ANYONE,
  'corrections.list': ANYONE,
  'corrections.keep': ANYONE,
};

export type PermissionVerdict = 'allowed' | 'unauthenticated' | 'forbidden';

/** The one rule, used by the dispatcher (and by the renderer to hide what a role cannot do). */
export function checkPermission(method: ApiMethod, caller: { userId: string | null; role: Role }): PermissionVerdict {
  const access = METHOD_PERMISSIONS[method];
  if (access === 'public') return 'allowed';
  if (caller.role === 'system') return 'allowed';
  if (caller.userId === null) return 'unauthenticated';
  return access.includes(caller.role) ? 'allowed' : 'forbidden';
}

export const PERMISSION_MESSAGES = {
  unauthenticated: 'Phiên làm việc đã kết thúc hoặc chưa đăng nhập. Hãy đăng nhập lại.',
  /** Not written to the data yet: the app is waiting for the first administrator. */
  setupNeeded: 'Chưa có tài khoản quản trị. Hãy tạo tài khoản quản trị trước.',
  forbidden: 'Tài khoản của bạn không có quyền thực hiện thao tác này.',
} as const;
