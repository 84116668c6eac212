/**
 * The account gate in front of the backend. The database is encrypted with a random data key
 * that only a login can unwrap (key-file.ts), so the backend is opened by the first login (or by
 * the first start's setup) and every call is made as the logged-in user of its session.
 *
 * Transports keep one `Session` per browser session / window / command and call
 * `gate.dispatch(name, input, session)`; the gate answers auth.* and accounts.* itself and hands
 * everything else to the backend's dispatcher with the session's RequestContext.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { z } from '../../../shared/zod';
import {
  loginInput,
  type AccountSummary,
  type AuthStatus,
  type SessionUser,
  type SetupResult,
  createAccountInput,
  setupInput,
} from '../../../shared/accounts/account';
import { PERMISSION_MESSAGES } from '../../../shared/accounts/permissions';
import { AppError, type ApiResponse } from '../../../shared/api/errors';
import { createDispatcher, type HandlerTable } from '../api/handler-table';
import type { Backend, BackendOptions } from '../app';
import type { Database } from '../db/database';
import { runAsRequest, systemRequest, type RequestContext } from '../context';
import { createAccountsService, type AccountsService, type UserRow } from './accounts-service';
import { encryptPlaintextDatabase, isPlaintextDatabase } from '../db/database';
import { FileStore } from '../files/file-store';
import { dataLayout } from '../paths';
import { readKeyFile, writeKeyFile, type KeyFile, type UserSlot } from './key-file';
import {
  DEFAULT_SCRYPT,
  canonicalRecoveryKey,
  deriveKey,
  hashPassword,
  newRecoveryKey,
  unwrapKey,
  verifyPassword,
  wrapKey,
  type ScryptParams,
} from './passwords';

/** Who a transport's session is logged in as (null: nobody yet, or logged out). */
export interface Session {
  user: SessionUser | null;
}

/** What the gate needs of the backend it opens (the CLI's core opens a lighter one). */
export interface GateBackend {
  db: Database;
  deviceId: string;
  handlers?: Partial<HandlerTable>;
  staging?: Backend['staging'];
  exportFolder?: Backend['exportFolder'];
  /** Its scan store: rebuilds a page's rendition missing from the store (see FileStore). */
  files?: Pick<Backend['files'], 'rebuildMissing'>;
  close(): void;
}

export interface GateOptions<B extends GateBackend = Backend> {
  /** Opens the backend on the unwrapped data key; the whole backend (electron/backend/app.ts) by default. */
  open?: (key: Buffer) => Promise<B>;
  dataDir: string;
  migrationsDir: string;
  now?: () => string;
  onInternalError?: (error: unknown) => void;
  /** scrypt cost for new hashes and wrapped keys (tests may lower it; stored beside each result). */
  scrypt?: ScryptParams;
  /** The rest of the default backend's options (export folder, folder opener, staging cap). */
  backend?: Pick<
    BackendOptions,
    'exportDir' | 'exportDirFixed' | 'openFolder' | 'maxStagedBytes' | 'writeHooks' | 'syncIntervalMs' | 'sync'
  >;
}

export const KEY_FILE_NAME = 'sohoa.keys.json';

const WRONG_LOGIN = 'Tên đăng nhập hoặc mật khẩu không đúng';

/** No wait for the first 3 failures, then 5 s, 10 s, 20 s … up to 15 minutes. */
export function loginDelaySeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(5 * 2 ** (failures - 3), 15 * 60);
}

function sessionUser(row: UserRow): SessionUser {
  return { id: row.id, userName: row.userName, fullName: row.fullName, role: row.role };
}

function summary(row: UserRow): AccountSummary {
  return { ...sessionUser(row), disabled: row.disabledAt !== null, createdAt: row.createdAt };
}

export async function openGate<B extends GateBackend = Backend>(options: GateOptions<B>) {
  const layout = dataLayout(options.dataDir);
  const keyFile = path.join(layout.root, KEY_FILE_NAME);
  const now = options.now ?? (() => new Date().toISOString());
  const params = options.scrypt ?? DEFAULT_SCRYPT;
  const onInternalError =
    options.onInternalError ?? ((error: unknown) => console.error('[backend] unexpected error', error));

  // The data folder is private to the OS user: scans and keys are nobody else's business.
  if (!fs.existsSync(layout.root)) fs.mkdirSync(layout.root, { recursive: true, mode: 0o700 });

  let backend: B | null = null;
  const openWith =
    options.open ??
    (async (key: Buffer) => {
      const { openBackend } = await import('../app');
      return openBackend({
        ...options.backend,
        dataDir: layout.root,
        migrationsDir: options.migrationsDir,
        key,
        now: options.now,
        onInternalError,
      }) as unknown as Promise<B>;
    });
  let dataKey: Buffer | null = null;
  /** The users table's service, on the opened backend's database. */
  let accountsService: AccountsService | null = null;
  /** Key-file updates and the database opening happen one at a time. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const keys = (): KeyFile | null => readKeyFile(keyFile);
  const userSlots = (file: KeyFile | null, userName: string) =>
    (file?.slots ?? []).filter((s): s is UserSlot => s.kind === 'user' && s.userName === userName);

  async function open(key: Buffer): Promise<B> {
    if (backend) return backend;
    backend = await openWith(key);
    dataKey = key;
    accountsService = createAccountsService(backend.db, { now });
    return backend;
  }

  function accounts(): AccountsService {
    if (!accountsService) throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
    return accountsService;
  }

  /** The first administrator acts as itself (there is nobody else yet). */
  function newAdminRequest(db: B, id: string, userName: string): RequestContext {
    return { userId: id, userName, role: 'admin', deviceId: db.deviceId };
  }

  function requireOpen(): B {
    if (!backend || !dataKey) throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
    return backend;
  }

  function recordFailure(userName: string, known: boolean): void {
    const file = keys();
    if (!file || !known) return;
    const failures = { ...file.failures };
    failures[userName] = { count: (failures[userName]?.count ?? 0) + 1, lastFailureAt: now() };
    writeKeyFile(keyFile, { ...file, failures });
  }

  function refuseWhileDelayed(file: KeyFile, userName: string): void {
    const failure = file.failures[userName];
    if (!failure) return;
    const wait = loginDelaySeconds(failure.count);
    const until = Date.parse(failure.lastFailureAt) + wait * 1000;
    const left = Math.ceil((until - Date.parse(now())) / 1000);
    if (left > 0) {
      throw new AppError(
        'UNAUTHENTICATED',
        `Đã nhập sai mật khẩu ${failure.count} lần. Hãy thử lại sau ${left} giây.`,
        { retryAfterSeconds: left },
      );
    }
  }

  /**
   * Stores a new password for an account: hash in the database (through the accounts service:
   * audited), a wrapped key in the key file. Runs as the request in scope.
   */
  async function setPassword(
    user: UserRow,
    password: string,
    action: 'account.password.reset' | 'account.password.change' | 'account.recover',
  ) {
    const service = accounts();
    // Refused before any key slot is written: a refusal leaves no key behind.
    service.assertMay(action === 'account.password.change' ? 'ownPassword' : 'account');
    const key = dataKey!;
    const hash = await hashPassword(password, params);
    const slot: UserSlot = {
      kind: 'user',
      id: uuidv7(),
      userName: user.userName,
      key: await wrapKey(key, password, params),
    };
    // The new slot is added before the database changes and the old ones removed after: a crash
    // in between leaves both passwords able to unwrap, never neither.
    const before = keys()!;
    writeKeyFile(keyFile, { ...before, slots: [...before.slots, slot] });
    try {
      service.setPassword(user.id, hash, action);
    } catch (error) {
      // Refused (or BUSY): the new password must not open the data.
      const file = keys()!;
      writeKeyFile(keyFile, { ...file, slots: file.slots.filter((s) => !(s.kind === 'user' && s.id === slot.id)) });
      throw error;
    }
    keepOnlySlot(user.userName, slot.id);
  }

  /** After a success: the account's other slots are stale, and its failure count starts again. */
  function keepOnlySlot(userName: string, slotId: string): void {
    const file = keys()!;
    const failures = { ...file.failures };
    delete failures[userName];
    const slots = file.slots.filter((s) => !(s.kind === 'user' && s.userName === userName && s.id !== slotId));
    if (slots.length !== file.slots.length || file.failures[userName])
      writeKeyFile(keyFile, { ...file, failures, slots });
  }

  async function setup(input: z.output<typeof setupInput>, session: Session): Promise<SetupResult> {
    return serial(async () => {
      const existing = keys();
      if (existing && existing.slots.some((s) => s.kind === 'user')) {
        throw new AppError('CONFLICT', 'Đã có tài khoản quản trị; hãy đăng nhập.');
      }
      const key = randomBytes(32);
      const recoveryKey = newRecoveryKey();
      const hash = await hashPassword(input.password, params);
      // The key file first: the database is never encrypted with a key that is not saved.
      writeKeyFile(keyFile, {
        format: 'sohoa-keys/1',
        cipher: 'sqlcipher',
        slots: [
          { kind: 'user', id: uuidv7(), userName: input.userName, key: await wrapKey(key, input.password, params) },
          { kind: 'recovery', key: await wrapKey(key, recoveryKey, params) },
        ],
        failures: {},
      });
      // The data folder becomes private to the OS user, whoever created it.
      if (process.platform !== 'win32') fs.chmodSync(layout.root, 0o700);
      let db: B;
      try {
        // A database from before accounts: encrypted now, its plaintext copy kept until verified.
        if (isPlaintextDatabase(layout.database)) encryptPlaintextDatabase(layout.database, key);
        db = await open(key);
      } catch (error) {
        // Nothing was encrypted with the new key: take it back, so that setup can be run again.
        if (!fs.existsSync(layout.database) || isPlaintextDatabase(layout.database))
          fs.rmSync(keyFile, { force: true });
        throw error;
      }
      const id = uuidv7();
      const admin = { id, userName: input.userName, fullName: input.fullName, role: 'admin' as const, password: hash };
      const created = runAsRequest(newAdminRequest(db, id, input.userName), () =>
        accounts().create(admin, 'account.setup'),
      );
      session.user = sessionUser(created);
      return { user: session.user, recoveryKey };
    });
  }

  /** Checks a user name and password; opens the database on the first success. */
  async function authenticate(userName: string, password: string): Promise<SessionUser> {
    return serial(async () => {
      const file = keys();
      if (!file || !file.slots.some((s) => s.kind === 'user')) {
        throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.setupNeeded, { setupNeeded: true });
      }
      refuseWhileDelayed(file, userName);
      const slots = userSlots(file, userName);
      let key: Buffer | null = null;
      let used = '';
      for (const slot of slots) {
        key = await unwrapKey(slot.key, password);
        used = slot.id;
        if (key) break;
      }
      if (slots.length === 0) await deriveKey(password, randomBytes(16), params); // same time as a known name
      if (!key) {
        recordFailure(userName, slots.length > 0);
        throw new AppError('UNAUTHENTICATED', WRONG_LOGIN);
      }
      // A setup interrupted between saving the key and encrypting: the first login finishes it.
      if (!backend && isPlaintextDatabase(layout.database)) encryptPlaintextDatabase(layout.database, key);
      const db = await open(key);
      let user = accounts().findByName(userName);
      if (!user && accounts().count() === 0) {
        // Setup stopped between encrypting and saving the administrator: the slot proves the
        // password, so this first login finishes it (the full name can be corrected later).
        const hash = await hashPassword(password, params);
        const id = uuidv7();
        const admin = { id, userName, fullName: userName, role: 'admin' as const, password: hash };
        user = runAsRequest(newAdminRequest(db, id, userName), () => accounts().create(admin, 'account.setup'));
      }
      if (!user || user.disabledAt !== null) {
        throw new AppError('UNAUTHENTICATED', 'Tài khoản này đã bị khóa. Hãy liên hệ quản trị.');
      }
      const stored = {
        hash: user.passwordHash,
        salt: user.passwordSalt,
        params: JSON.parse(user.passwordParams) as ScryptParams,
      };
      if (!(await verifyPassword(password, stored))) {
        recordFailure(userName, true);
        throw new AppError('UNAUTHENTICATED', WRONG_LOGIN);
      }
      keepOnlySlot(userName, used);
      return sessionUser(user);
    });
  }

  /** The session's user as the database knows it now (role changes and disabling apply at once). */
  function currentUser(session: Session): SessionUser | null {
    if (!session.user || !backend) return null;
    const user = accounts().get(session.user.id);
    if (!user || user.disabledAt !== null) {
      session.user = null;
      return null;
    }
    session.user = sessionUser(user);
    return session.user;
  }

  function requestFor(session: Session): RequestContext {
    const user = currentUser(session);
    const deviceId = backend?.deviceId ?? '';
    return user
      ? { userId: user.id, userName: user.userName, role: user.role, deviceId }
      : { userId: null, userName: '', role: 'clerk', deviceId };
  }

  function gateHandlers(
    session: Session,
  ): HandlerTable<Extract<keyof HandlerTable, `auth.${string}` | `accounts.${string}`>> {
    return {
      'auth.status': (): AuthStatus => ({
        setupNeeded: !keys()?.slots.some((s) => s.kind === 'user'),
        user: currentUser(session),
      }),
      'auth.setup': (input) => setup(input, session),
      'auth.login': async (input) => {
        session.user = null;
        session.user = await authenticate(input.userName, input.password);
        return session.user;
      },
      'auth.logout': () => {
        session.user = null;
        return { loggedOut: true as const };
      },
      'auth.unlock': async (input, request) => authenticate(request.userName, input.password),
      'auth.changePassword': async (input, request) => {
        await authenticate(request.userName, input.currentPassword);
        requireOpen();
        await serial(() => setPassword(accounts().get(request.userId!)!, input.newPassword, 'account.password.change'));
        return { changed: true as const };
      },
      'accounts.list': () => {
        requireOpen();
        return accounts().list().map(summary);
      },
      'accounts.create': (input) =>
        serial(async () => {
          requireOpen();
          const service = accounts();
          // Refused before anything is hashed or written.
          service.assertMay('account');
          if (service.findByName(input.userName)) {
            throw new AppError('CONFLICT', `Tên đăng nhập "${input.userName}" đã có người dùng`, {
              issues: [{ path: 'userName', message: 'Tên đăng nhập này đã có người dùng' }],
            });
          }
          const hash = await hashPassword(input.password, params);
          const slot: UserSlot = {
            kind: 'user',
            id: uuidv7(),
            userName: input.userName,
            key: await wrapKey(dataKey!, input.password, params),
          };
          // The account first (audited), then its key: a refused or failed write leaves no key
          // without an account; a crash in between leaves an account the administrator resets.
          const created = service.create({ id: uuidv7(), ...input, password: hash });
          const file = keys()!;
          writeKeyFile(keyFile, {
            ...file,
            slots: [...file.slots.filter((s) => !(s.kind === 'user' && s.userName === input.userName)), slot],
          });
          return summary(created);
        }),
      'accounts.resetPassword': (input) =>
        serial(async () => {
          requireOpen();
          const user = accounts().get(input.id);
          if (!user) throw new AppError('NOT_FOUND', 'Không tìm thấy tài khoản');
          await setPassword(user, input.password, 'account.password.reset');
          return summary(accounts().get(input.id)!);
        }),
      'accounts.setDisabled': (input) =>
        serial(async () => {
          requireOpen();
          if (!input.disabled) {
            throw new AppError('VALIDATION', 'Để mở lại tài khoản, hãy đặt lại mật khẩu cho tài khoản đó.');
          }
          const user = accounts().disable(input.id);
          // Its wrapped keys go too: a disabled account's password no longer opens the data.
          const file = keys()!;
          writeKeyFile(keyFile, {
            ...file,
            slots: file.slots.filter((s) => !(s.kind === 'user' && s.userName === user.userName)),
          });
          return summary(user);
        }),
    };
  }

  /** A transport's call: auth.* and accounts.* here, the rest in the backend, as the session's user. */
  async function dispatch(name: string, input: unknown, session: Session): Promise<ApiResponse<unknown>> {
    let request: RequestContext;
    try {
      request = requestFor(session);
    } catch (error) {
      onInternalError(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' },
      };
    }
    const table = { ...(backend?.handlers ?? {}), ...gateHandlers(session) };
    if (!backend && name === 'app.info') {
      return { ok: true, result: { version: '', dataDir: layout.root, actor: '' } };
    }
    return createDispatcher(table, onInternalError)(name, input, request);
  }

  /** Opens the data with the printed recovery key and gives an administrator a new password. */
  async function recover(recoveryKey: string, userName: string, newPassword: string): Promise<SessionUser> {
    return serial(async () => {
      const slot = keys()?.slots.find((s) => s.kind === 'recovery');
      const key = slot ? await unwrapKey(slot.key, canonicalRecoveryKey(recoveryKey)) : null;
      if (!key) throw new AppError('UNAUTHENTICATED', 'Khóa khôi phục không đúng');
      const db = await open(key);
      const user = accounts().findByName(userName);
      if (!user || user.role !== 'admin') throw new AppError('NOT_FOUND', `Không có tài khoản quản trị "${userName}"`);
      // The recovery key is nobody's login: the app itself acts (named 'system', on this device).
      await runAsRequest(systemRequest(db.deviceId), () => setPassword(user, newPassword, 'account.recover'));
      return sessionUser(accounts().get(user.id)!);
    });
  }

  const files = new FileStore(layout.files);
  // Renditions missing from the store are rebuilt by the open backend (none before login).
  files.rebuildMissing = async (sha256) => backend?.files?.rebuildMissing?.(sha256);

  return {
    layout,
    keyFile,
    /** The scan store (scans are content-addressed files, readable without the database). */
    files,
    /** The upload staging area, for a logged-in session only. */
    staging: (session: Session) => {
      if (!currentUser(session) || !backend?.staging) {
        throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
      }
      return backend.staging;
    },
    dispatch,
    setup: (input: z.input<typeof setupInput>, session: Session) => setup(setupInput.parse(input), session),
    /** Logs `session` in (the CLI's and tests' way in; transports go through 'auth.login'). */
    login: async (input: z.input<typeof loginInput>, session: Session) => {
      const parsed = loginInput.parse(input);
      session.user = await authenticate(parsed.userName, parsed.password);
      return session.user;
    },
    /** Electron's main process: the export folder of the session's user. */
    exportDir: (session: Session): string => {
      const request = requestFor(session);
      if (!request.userId || !backend?.exportFolder) {
        throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
      }
      return runAsRequest(request, () => backend!.exportFolder!.current());
    },
    /**
     * Electron's main process, after its own folder dialog: stores `dir` as the session user's
     * export folder (checked writable). Never called with a path from the renderer.
     */
    chooseExportDir: async (session: Session, dir: string): Promise<string> => {
      const request = requestFor(session);
      if (!request.userId || !backend?.exportFolder) {
        throw new AppError('UNAUTHENTICATED', PERMISSION_MESSAGES.unauthenticated);
      }
      const folder = backend.exportFolder;
      return runAsRequest(request, () => folder.choose(dir));
    },
    createAccount: (input: z.input<typeof createAccountInput>, session: Session) =>
      dispatch('accounts.create', input, session),
    recover,
    requestFor,
    /** The backend, once a login has opened it. */
    backend: () => backend,
    setupNeeded: () => !keys()?.slots.some((s) => s.kind === 'user'),
    close: () => {
      backend?.close();
      backend = null;
      dataKey = null;
      accountsService = null;
    },
  };
}

export type Gate = Awaited<ReturnType<typeof openGate<Backend>>>;
