/**
 * The accounts capability's table, `users`: its only writer. Every change goes through the write
 * gateway (permission checked, one IMMEDIATE transaction, checks inside it) and leaves one audit
 * event naming who did it (the request: account and device) to whom (the event's entity). Password
 * hashes, salts, scrypt parameters and wrapped keys never enter an event: only the account's
 * name, full name, role and whether it is disabled.
 *
 * The wrapped-key slots in the key file are the gate's business (gate.ts); it calls these around
 * its key-file updates so that neither a refused write nor a crash leaves a key without an account.
 */
import { AppError } from '../../../shared/api/errors';
import { checkWritePermission } from '../../../shared/accounts/write-permissions';
import { PERMISSION_MESSAGES, type PersonRole } from '../../../shared/accounts/permissions';
import type { AuditAction } from '../audit/audit';
import { activeRequest, type RequestContext } from '../context';
import type { Database } from '../db/database';
import { createWriteGateway } from '../db/write-gateway';

export interface UserRow {
  id: string;
  userName: string;
  fullName: string;
  role: PersonRole;
  passwordHash: string;
  passwordSalt: string;
  passwordParams: string;
  disabledAt: string | null;
  version: number;
  createdAt: string;
}

/** A password as stored: never logged, never audited. */
export interface StoredPassword {
  hash: string;
  salt: string;
  params: unknown;
}

/** What an audit event may say about an account. */
function publicView(row: Pick<UserRow, 'userName' | 'fullName' | 'role' | 'disabledAt'>) {
  return { userName: row.userName, fullName: row.fullName, role: row.role, disabled: row.disabledAt !== null };
}

const SELECT = `SELECT id, user_name AS userName, full_name AS fullName, role, password_hash AS passwordHash,
  password_salt AS passwordSalt, password_params AS passwordParams, disabled_at AS disabledAt, version,
  created_at AS createdAt FROM users`;

/** Nobody: what a write outside any request acts as (refused), so that nothing is written anonymously. */
const NOBODY: RequestContext = { userId: null, userName: '', role: 'clerk', deviceId: '' };

export function createAccountsService(db: Database, options: { now?: () => string } = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  const gateway = createWriteGateway({ db, request: () => activeRequest(db.sqlite) ?? NOBODY, now });
  const byId = db.sqlite.prepare<[string], UserRow>(`${SELECT} WHERE id = ?`);
  const byName = db.sqlite.prepare<[string], UserRow>(`${SELECT} WHERE user_name = ?`);

  function get(id: string): UserRow | undefined {
    return byId.get(id);
  }

  function findByName(userName: string): UserRow | undefined {
    return byName.get(userName);
  }

  function list(): UserRow[] {
    return db.sqlite.prepare<[], UserRow>(`${SELECT} ORDER BY role, user_name`).all();
  }

  function count(): number {
    return (db.sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  /** Throws UNAUTHENTICATED or FORBIDDEN before anything (a key slot) is written for the change. */
  function assertMay(subject: 'account' | 'ownPassword'): void {
    const verdict = checkWritePermission(subject, activeRequest(db.sqlite) ?? NOBODY);
    if (verdict === 'unauthenticated') throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
    if (verdict === 'forbidden') throw new AppError('FORBIDDEN', PERMISSION_MESSAGES.forbidden);
  }

  function mustExist(id: string): UserRow {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy tài khoản');
    return row;
  }

  /**
   * A new account ('account.setup': the first administrator, who is then the actor; 'account.create':
   * by an administrator). CONFLICT when the user name is taken.
   */
  function create(
    account: { id: string; userName: string; fullName: string; role: PersonRole; password: StoredPassword },
    action: Extract<AuditAction, 'account.setup' | 'account.create'> = 'account.create',
  ): UserRow {
    return gateway.write('account', (tx) => {
      if (byName.get(account.userName)) {
        throw new AppError('CONFLICT', `Tên đăng nhập "${account.userName}" đã có người dùng`, {
          issues: [{ path: 'userName', message: 'Tên đăng nhập này đã có người dùng' }],
        });
      }
      if (action === 'account.setup' && count() > 0) {
        throw new AppError('CONFLICT', 'Đã có tài khoản quản trị; hãy đăng nhập.');
      }
      tx.sqlite
        .prepare(
          `INSERT INTO users (id, user_name, full_name, role, password_hash, password_salt, password_params,
                              created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          account.id,
          account.userName,
          account.fullName,
          account.role,
          account.password.hash,
          account.password.salt,
          JSON.stringify(account.password.params),
          tx.at,
          tx.actor,
          tx.at,
          tx.actor,
        );
      const row = byId.get(account.id)!;
      tx.audit({ action, entityType: 'user', entityId: row.id, version: row.version, after: publicView(row) });
      return row;
    });
  }

  /**
   * A new password: 'account.password.reset' by an administrator (also re-opens a disabled
   * account), 'account.password.change' by the account itself (FORBIDDEN for anyone else's),
   * 'account.recover' with the recovery key (the app itself acts).
   */
  function setPassword(
    id: string,
    password: StoredPassword,
    action: Extract<AuditAction, 'account.password.reset' | 'account.password.change' | 'account.recover'>,
  ): UserRow {
    const subject = action === 'account.password.change' ? 'ownPassword' : 'account';
    return gateway.write(subject, (tx) => {
      if (action === 'account.password.change' && tx.request.userId !== id) {
        throw new AppError('FORBIDDEN', PERMISSION_MESSAGES.forbidden);
      }
      const before = mustExist(id);
      const enable = action !== 'account.password.change';
      tx.bumpVersion('users', id);
      tx.sqlite
        .prepare(
          `UPDATE users SET password_hash = ?, password_salt = ?, password_params = ?${enable ? ', disabled_at = NULL' : ''}
           WHERE id = ?`,
        )
        .run(password.hash, password.salt, JSON.stringify(password.params), id);
      const after = byId.get(id)!;
      tx.audit({
        action,
        entityType: 'user',
        entityId: id,
        version: after.version,
        before: publicView(before),
        after: { ...publicView(after), passwordChanged: true },
      });
      return after;
    });
  }

  /** Locks an account. Not one's own, nor the last active administrator (CONFLICT). */
  function disable(id: string): UserRow {
    return gateway.write('account', (tx) => {
      const before = mustExist(id);
      if (before.id === tx.request.userId) throw new AppError('CONFLICT', 'Không thể tự khóa tài khoản của mình');
      const activeAdmins = (
        tx.sqlite.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL").get() as {
          n: number;
        }
      ).n;
      if (before.role === 'admin' && before.disabledAt === null && activeAdmins <= 1) {
        throw new AppError('CONFLICT', 'Phải còn ít nhất một tài khoản quản trị đang hoạt động');
      }
      if (before.disabledAt !== null) return before;
      tx.bumpVersion('users', id);
      tx.sqlite.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(tx.at, id);
      const after = byId.get(id)!;
      tx.audit({
        action: 'account.disable',
        entityType: 'user',
        entityId: id,
        version: after.version,
        before: publicView(before),
        after: publicView(after),
      });
      return after;
    });
  }

  return { get, findByName, list, count, assertMay, create, setPassword, disable };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
