/**
 * Who may change what, checked by the backend's write gateway on every write (the dispatcher's
 * per-method table in permissions.ts is the first door; this is the last one, so that a service
 * called from anywhere cannot write what its caller's role may not).
 */
import type { PersonRole, Role } from './permissions';

/** What a write changes. */
export const WRITE_SUBJECTS = [
  'book',
  'page',
  'entry',
  'draft',
  'viewState',
  'preference',
  'account',
  'ownPassword',
  'sync',
  'correction',
] as const;
export type WriteSubject = (typeof WRITE_SUBJECTS)[number];

const ANYONE: readonly PersonRole[] = ['admin', 'clerk'];

export const WRITE_PERMISSIONS: Record<WriteSubject, readonly PersonRole[]> = {
  // Books, their files and page order are managed by the administrator.
  book: ['admin'],
  // Turning a scan upright is part of reading it.
  page: ANYONE,
  entry: ANYONE,
  draft: ANYONE,
  viewState: ANYONE,
  preference: ANYONE,
  // Creating, resetting and locking accounts: the administrator (the first one creates itself).
  account: ['admin'],
  // Everyone changes their own password (the accounts service refuses anyone else's).
  ownPassword: ANYONE,
  // What the hub acknowledged, the batches being sent (enrollment itself is an admin method).
  sync: ANYONE,
  // The district's correction requests: received by sync, answered by whoever corrects entries.
  correction: ANYONE,
};

export type WriteVerdict = 'allowed' | 'unauthenticated' | 'forbidden';

export function checkWritePermission(
  subject: WriteSubject,
  caller: { userId: string | null; role: Role },
): WriteVerdict {
  if (caller.role === 'system') return 'allowed';
  if (caller.userId === null) return 'unauthenticated';
  return WRITE_PERMISSIONS[subject].includes(caller.role) ? 'allowed' : 'forbidden';
}
