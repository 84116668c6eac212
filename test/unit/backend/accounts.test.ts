import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openGate, loginDelaySeconds, type Session } from '../../../electron/backend/accounts/gate';
import { openBackend } from '../../../electron/backend/app';
import { encryptPlaintextDatabase, isPlaintextDatabase } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { ghBook, ghEntry, tempDir, TEST_SCRYPT } from './helpers';

const admin = { fullName: 'Nguyễn Thị Quản', userName: 'quantri', password: 'mat-khau-quan-tri' };
const clerk = { fullName: 'Lê Văn Nhập', userName: 'lan', role: 'clerk' as const, password: 'mat-khau-can-bo' };

async function gateIn(dir: string, now?: () => string) {
  const gate = await openGate({
    dataDir: dir,
    migrationsDir: MIGRATIONS_DIR,
    scrypt: TEST_SCRYPT,
    now,
    onInternalError: () => {},
  });
  return gate;
}

const fresh = (): Session => ({ user: null });

describe('first start and the encrypted database', () => {
  it('creates the administrator and a database with no plaintext header, in a private folder', async () => {
    const dir = path.join(await tempDir(), 'data');
    const gate = await gateIn(dir);
    expect(gate.setupNeeded()).toBe(true);
    expect(await gate.dispatch('books.list', {}, fresh())).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const session = fresh();
    const result = await gate.setup(admin, session);
    expect(result.user).toMatchObject({ userName: 'quantri', role: 'admin', fullName: 'Nguyễn Thị Quản' });
    expect(result.recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect(await gate.dispatch('books.list', {}, session)).toEqual({ ok: true, result: [] });
    gate.close();
    const head = fs.readFileSync(path.join(dir, 'sohoa.sqlite')).subarray(0, 16);
    expect(head.toString('latin1')).not.toContain('SQLite format 3');
    expect(isPlaintextDatabase(path.join(dir, 'sohoa.sqlite'))).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    // The key file holds no key in clear: only wrapped slots.
    const keyFile = fs.readFileSync(gate.keyFile, 'utf8');
    expect(JSON.parse(keyFile).slots.map((s: { kind: string }) => s.kind)).toEqual(['user', 'recovery']);
  });

  it('cannot be opened with a wrong password, nor read without the key', async () => {
    const dir = await tempDir();
    const first = await gateIn(dir);
    await first.setup(admin, fresh());
    first.close();

    const gate = await gateIn(dir);
    const session = fresh();
    expect(await gate.dispatch('auth.login', { userName: 'quantri', password: 'sai-mat-khau' }, session)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Tên đăng nhập hoặc mật khẩu không đúng' },
    });
    expect(gate.backend()).toBeNull();
    expect(session.user).toBeNull();
    const raw = new Sqlite(path.join(dir, 'sohoa.sqlite'));
    expect(() => raw.prepare('SELECT count(*) FROM books').get()).toThrow(/not a database/);
    raw.close();

    expect(await gate.dispatch('auth.login', { userName: 'QuanTri', password: admin.password }, session)).toMatchObject(
      {
        ok: true,
        result: { userName: 'quantri', role: 'admin' },
      },
    );
    expect(gate.backend()).not.toBeNull();
    gate.close();
  });

  it('the printed recovery key opens the data and gives an administrator a new password', async () => {
    const dir = await tempDir();
    const first = await gateIn(dir);
    const { recoveryKey } = await first.setup(admin, fresh());
    first.close();

    const gate = await gateIn(dir);
    await expect(gate.recover('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', 'quantri', 'mat-khau-moi-1')).rejects.toThrow(
      'Khóa khôi phục không đúng',
    );
    expect(gate.backend()).toBeNull();
    await gate.recover(recoveryKey.toLowerCase().replace(/-/g, ' '), 'quantri', 'mat-khau-moi-1');
    gate.close();
    const again = await gateIn(dir);
    await expect(again.login({ userName: 'quantri', password: admin.password }, fresh())).rejects.toThrow(/không đúng/);
    await expect(again.login({ userName: 'quantri', password: 'mat-khau-moi-1' }, fresh())).resolves.toMatchObject({
      role: 'admin',
    });
    again.close();
  });

  it('encrypts a plaintext database from before accounts at setup, and removes the copy once verified', async () => {
    const dir = await tempDir();
    const old = await openBackend({ dataDir: dir, migrationsDir: MIGRATIONS_DIR, actor: 'os-user' });
    const book = await ghBook(old, 1);
    await old.services.records.create({ bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] });
    old.close();
    const file = path.join(dir, 'sohoa.sqlite');
    expect(isPlaintextDatabase(file)).toBe(true);

    const gate = await gateIn(dir);
    const session = fresh();
    await gate.setup(admin, session);
    expect(isPlaintextDatabase(file)).toBe(false);
    expect(fs.existsSync(`${file}.before-encryption`)).toBe(false);
    const listed = await gate.dispatch('records.list', { bookId: book.id }, session);
    expect(listed).toMatchObject({ ok: true, result: [{ so: '01/2018' }] });
    gate.close();
  });

  it('puts the plaintext database back when the encrypted copy does not verify', async () => {
    const dir = await tempDir();
    const old = await openBackend({ dataDir: dir, migrationsDir: MIGRATIONS_DIR, actor: 'os-user' });
    await ghBook(old, 1);
    old.close();
    const file = path.join(dir, 'sohoa.sqlite');
    // A 128-bit key encrypts, but the check reopens with the 256-bit rule and fails.
    expect(() => encryptPlaintextDatabase(file, Buffer.alloc(16, 7))).toThrow();
    expect(isPlaintextDatabase(file)).toBe(true);
    expect(fs.existsSync(`${file}.before-encryption`)).toBe(false);
    const raw = new Sqlite(file);
    expect(raw.prepare('SELECT count(*) AS n FROM books').get()).toEqual({ n: 1 });
    raw.close();
  });
});

describe('an interrupted first start', () => {
  it('takes the key file back when the database could not be encrypted, so setup can run again', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'sohoa.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)]));
    const gate = await gateIn(dir);
    await expect(gate.setup(admin, fresh())).rejects.toThrow();
    expect(fs.existsSync(gate.keyFile)).toBe(false);
    expect(gate.setupNeeded()).toBe(true);
    gate.close();
  });

  it('finishes a setup that stopped before the administrator was saved, at the first login', async () => {
    const dir = await tempDir();
    const first = await gateIn(dir);
    await first.setup(admin, fresh());
    first.backend()!.db.sqlite.prepare('DELETE FROM users').run();
    first.close();
    const gate = await gateIn(dir);
    await expect(gate.login({ userName: 'quantri', password: 'sai-mat-khau' }, fresh())).rejects.toThrow(/không đúng/);
    await expect(gate.login({ userName: 'quantri', password: admin.password }, fresh())).resolves.toMatchObject({
      userName: 'quantri',
      role: 'admin',
    });
    gate.close();
  });
});

describe('accounts', () => {
  async function withClerk() {
    const dir = await tempDir();
    const gate = await gateIn(dir);
    const adminSession = fresh();
    await gate.setup(admin, adminSession);
    const created = await gate.dispatch('accounts.create', clerk, adminSession);
    expect(created).toMatchObject({ ok: true, result: { userName: 'lan', role: 'clerk', disabled: false } });
    return { dir, gate, adminSession, clerkId: (created as { result: { id: string } }).result.id };
  }

  it('lets a clerk log in and enter entries, but not manage accounts or books', async () => {
    const { gate } = await withClerk();
    const session = fresh();
    await gate.login({ userName: 'lan', password: clerk.password }, session);
    expect(await gate.dispatch('accounts.list', {}, session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await gate.dispatch('books.list', {}, session)).toMatchObject({ ok: true });
    expect(await gate.dispatch('auth.status', {}, session)).toMatchObject({
      ok: true,
      result: { setupNeeded: false, user: { userName: 'lan', role: 'clerk' } },
    });
    expect(await gate.dispatch('auth.logout', {}, session)).toMatchObject({ ok: true });
    expect(await gate.dispatch('books.list', {}, session)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    gate.close();
  });

  it('refuses a second account with the same user name', async () => {
    const { gate, adminSession } = await withClerk();
    expect(await gate.dispatch('accounts.create', { ...clerk, userName: 'LAN' }, adminSession)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    gate.close();
  });

  it('a disabled account is logged out at once and cannot log in; a reset password opens it again', async () => {
    const { dir, gate, adminSession, clerkId } = await withClerk();
    const session = fresh();
    await gate.login({ userName: 'lan', password: clerk.password }, session);
    expect(await gate.dispatch('accounts.setDisabled', { id: clerkId, disabled: true }, adminSession)).toMatchObject({
      ok: true,
      result: { disabled: true },
    });
    expect(await gate.dispatch('books.list', {}, session)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await expect(gate.login({ userName: 'lan', password: clerk.password }, fresh())).rejects.toThrow(/không đúng/);
    expect(
      await gate.dispatch('accounts.setDisabled', { id: adminSession.user!.id, disabled: true }, adminSession),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await gate.dispatch('accounts.resetPassword', { id: clerkId, password: 'mat-khau-moi-2' }, adminSession);
    gate.close();
    const again = await gateIn(dir);
    await expect(again.login({ userName: 'lan', password: 'mat-khau-moi-2' }, fresh())).resolves.toMatchObject({
      role: 'clerk',
    });
    again.close();
  });

  it('changes a password only with the current one', async () => {
    const { dir, gate } = await withClerk();
    const session = fresh();
    await gate.login({ userName: 'lan', password: clerk.password }, session);
    expect(
      await gate.dispatch(
        'auth.changePassword',
        { currentPassword: 'khong-dung', newPassword: 'mat-khau-moi-3' },
        session,
      ),
    ).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(
      await gate.dispatch('auth.changePassword', { currentPassword: clerk.password, newPassword: 'ngan' }, session),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await gate.dispatch(
        'auth.changePassword',
        { currentPassword: clerk.password, newPassword: 'mat-khau-moi-3' },
        session,
      ),
    ).toEqual({ ok: true, result: { changed: true } });
    gate.close();
    const again = await gateIn(dir);
    await expect(again.login({ userName: 'lan', password: clerk.password }, fresh())).rejects.toThrow(/không đúng/);
    await expect(again.login({ userName: 'lan', password: 'mat-khau-moi-3' }, fresh())).resolves.toMatchObject({
      userName: 'lan',
    });
    const keys = JSON.parse(fs.readFileSync(again.keyFile, 'utf8')) as { slots: { userName?: string }[] };
    expect(keys.slots.filter((s) => s.userName === 'lan')).toHaveLength(1);
    again.close();
  });

  it('makes a user wait longer after each failed attempt, and remembers it across restarts', async () => {
    expect([0, 1, 2, 3, 4, 5].map(loginDelaySeconds)).toEqual([0, 0, 0, 5, 10, 20]);
    let clock = Date.parse('2026-11-29T10:00:00Z');
    const now = () => new Date(clock).toISOString();
    const dir = await tempDir();
    const first = await gateIn(dir, now);
    await first.setup(admin, fresh());
    for (let i = 0; i < 3; i++) {
      await expect(first.login({ userName: 'quantri', password: 'sai' + i }, fresh())).rejects.toThrow(/không đúng/);
    }
    first.close();
    const gate = await gateIn(dir, now);
    // Even the right password waits out the delay.
    await expect(gate.login({ userName: 'quantri', password: admin.password }, fresh())).rejects.toThrow(
      'Đã nhập sai mật khẩu 3 lần. Hãy thử lại sau 5 giây.',
    );
    clock += 5000;
    await expect(gate.login({ userName: 'quantri', password: admin.password }, fresh())).resolves.toMatchObject({
      userName: 'quantri',
    });
    gate.close();
  });
});
