/**
 * Account changes go through the write gateway: each is one audit event (hash-chained, with its
 * outbox row) naming who did it to whom on which device, never a password, hash or key; and the
 * gateway refuses them to a clerk even when the accounts service is called directly.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAccountsService } from '../../../electron/backend/accounts/accounts-service';
import { openGate, type Session } from '../../../electron/backend/accounts/gate';
import { hashPassword } from '../../../electron/backend/accounts/passwords';
import { AUDIT_ROW_COLUMNS, type AuditRow } from '../../../electron/backend/audit/audit';
import { runAsRequest, type RequestContext } from '../../../electron/backend/context';
import { checkDatabase } from '../../../electron/backend/db/database';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { tempDir, TEST_SCRYPT } from './helpers';

const admin = { fullName: 'Nguyễn Thị Quản', userName: 'quantri', password: 'mat-khau-quan-tri' };
const clerk = { fullName: 'Lê Văn Nhập', userName: 'lan', role: 'clerk' as const, password: 'mat-khau-can-bo' };
const fresh = (): Session => ({ user: null });

async function withAdmin() {
  const dir = await tempDir();
  const gate = await openGate({
    dataDir: dir,
    migrationsDir: MIGRATIONS_DIR,
    scrypt: TEST_SCRYPT,
    onInternalError: () => {},
  });
  const adminSession = fresh();
  const { recoveryKey } = await gate.setup(admin, adminSession);
  const backend = gate.backend()!;
  const events = () =>
    backend.db.sqlite.prepare(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log ORDER BY seq`).all() as AuditRow[];
  return { dir, gate, adminSession, recoveryKey, backend, events };
}

describe('account changes in the audit log', () => {
  it('records each as one event: who, to whom, on which device; never a password, hash or key', async () => {
    const { gate, adminSession, recoveryKey, backend, events } = await withAdmin();
    const adminId = adminSession.user!.id;
    const device = backend.deviceId;

    const created = await gate.dispatch('accounts.create', clerk, adminSession);
    const clerkId = (created as { result: { id: string } }).result.id;
    const clerkSession = fresh();
    await gate.login({ userName: 'lan', password: clerk.password }, clerkSession);
    expect(
      await gate.dispatch(
        'auth.changePassword',
        { currentPassword: clerk.password, newPassword: 'mat-khau-moi-cua-lan' },
        clerkSession,
      ),
    ).toMatchObject({ ok: true });
    expect(await gate.dispatch('accounts.setDisabled', { id: clerkId, disabled: true }, adminSession)).toMatchObject({
      ok: true,
    });
    expect(
      await gate.dispatch('accounts.resetPassword', { id: clerkId, password: 'mat-khau-dat-lai' }, adminSession),
    ).toMatchObject({ ok: true, result: { disabled: false } });
    await gate.recover(recoveryKey, 'quantri', 'mat-khau-khoi-phuc');

    const rows = events();
    const view = (userName: string, role: string, disabled: boolean, fullName: string) => ({
      userName,
      fullName,
      role,
      disabled,
    });
    const lan = (disabled: boolean) => view('lan', 'clerk', disabled, clerk.fullName);
    const quantri = view('quantri', 'admin', false, admin.fullName);
    expect(
      rows.map((r) => ({
        action: r.action,
        actor: r.actor,
        userId: r.userId,
        deviceId: r.deviceId,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      })),
    ).toEqual([
      {
        action: 'account.setup',
        actor: 'quantri',
        userId: adminId,
        deviceId: device,
        entityType: 'user',
        entityId: adminId,
        before: null,
        after: quantri,
      },
      {
        action: 'account.create',
        actor: 'quantri',
        userId: adminId,
        deviceId: device,
        entityType: 'user',
        entityId: clerkId,
        before: null,
        after: lan(false),
      },
      {
        action: 'account.password.change',
        actor: 'lan',
        userId: clerkId,
        deviceId: device,
        entityType: 'user',
        entityId: clerkId,
        before: lan(false),
        after: { ...lan(false), passwordChanged: true },
      },
      {
        action: 'account.disable',
        actor: 'quantri',
        userId: adminId,
        deviceId: device,
        entityType: 'user',
        entityId: clerkId,
        before: lan(false),
        after: lan(true),
      },
      {
        action: 'account.password.reset',
        actor: 'quantri',
        userId: adminId,
        deviceId: device,
        entityType: 'user',
        entityId: clerkId,
        before: lan(true),
        after: { ...lan(false), passwordChanged: true },
      },
      {
        // The recovery key is nobody's login: the app itself, on this device.
        action: 'account.recover',
        actor: 'system',
        userId: null,
        deviceId: device,
        entityType: 'user',
        entityId: adminId,
        before: quantri,
        after: { ...quantri, passwordChanged: true },
      },
    ]);
    // Versions follow the account's own.
    const version = (id: string) =>
      (backend.db.sqlite.prepare('SELECT version FROM users WHERE id = ?').get(id) as { version: number }).version;
    expect(rows.filter((r) => r.entityId === clerkId).map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(version(clerkId)).toBe(4);

    // Nothing secret in any event: no password, no hash, salt or parameters, no wrapped key.
    const text = JSON.stringify(rows);
    const secrets = [
      admin.password,
      clerk.password,
      'mat-khau-moi-cua-lan',
      'mat-khau-dat-lai',
      'mat-khau-khoi-phuc',
      recoveryKey,
    ];
    const stored = backend.db.sqlite.prepare('SELECT password_hash AS h, password_salt AS s FROM users').all() as {
      h: string;
      s: string;
    }[];
    for (const row of stored) secrets.push(row.h, row.s);
    const keyFile = JSON.parse(fs.readFileSync(gate.keyFile, 'utf8')) as { slots: { key: Record<string, string> }[] };
    for (const slot of keyFile.slots) secrets.push(...Object.values(slot.key).filter((v) => v.length >= 16));
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|password_hash|salt|"key"/);

    // Each event has its outbox row; the chain and `db check` are clean.
    const outbox = backend.db.sqlite.prepare('SELECT audit_seq AS seq FROM outbox ORDER BY seq').all();
    expect(outbox).toEqual(rows.map((r) => ({ seq: r.seq })));
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true, problems: [] });
    gate.close();
  });
});

describe('account changes refused to a clerk', () => {
  it('by the API, and by the accounts service called directly through the gateway: FORBIDDEN, nothing written', async () => {
    const { gate, adminSession, backend, events } = await withAdmin();
    const adminId = adminSession.user!.id;
    const created = await gate.dispatch('accounts.create', clerk, adminSession);
    const clerkId = (created as { result: { id: string } }).result.id;
    const clerkSession = fresh();
    await gate.login({ userName: 'lan', password: clerk.password }, clerkSession);
    const before = {
      events: events(),
      users: backend.db.sqlite.prepare('SELECT * FROM users ORDER BY id').all(),
      keys: fs.readFileSync(gate.keyFile, 'utf8'),
    };

    for (const [name, input] of [
      ['accounts.create', { ...clerk, userName: 'lan-2' }],
      ['accounts.resetPassword', { id: adminId, password: 'mat-khau-chiem-quyen' }],
      ['accounts.setDisabled', { id: adminId, disabled: true }],
    ] as const) {
      expect(await gate.dispatch(name, input, clerkSession), name).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }

    // Past the dispatcher: the service itself, as the clerk. The gateway refuses every one.
    const service = createAccountsService(backend.db);
    const asClerk: RequestContext = gate.requestFor(clerkSession);
    expect(asClerk).toMatchObject({ userId: clerkId, role: 'clerk' });
    const password = await hashPassword('mat-khau-chiem-quyen', TEST_SCRYPT);
    const attempts: [string, () => unknown][] = [
      [
        'create an administrator',
        () =>
          service.create({
            id: '0190a000-0000-7000-8000-000000000001',
            userName: 'ke-gian',
            fullName: 'Kẻ Gian',
            role: 'admin',
            password,
          }),
      ],
      ['reset the administrator', () => service.setPassword(adminId, password, 'account.password.reset')],
      ['change the administrator as "own"', () => service.setPassword(adminId, password, 'account.password.change')],
      ['recover', () => service.setPassword(adminId, password, 'account.recover')],
      ['disable the administrator', () => service.disable(adminId)],
      ['check first', () => service.assertMay('account')],
    ];
    for (const [label, attempt] of attempts) {
      expect(() => runAsRequest(asClerk, attempt), label).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }

    expect(events()).toEqual(before.events);
    expect(backend.db.sqlite.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(before.users);
    expect(fs.readFileSync(gate.keyFile, 'utf8')).toBe(before.keys);
    gate.close();
  });
});
