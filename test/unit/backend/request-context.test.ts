import { describe, expect, it } from 'vitest';
import { checkPermission, METHOD_PERMISSIONS } from '../../../shared/accounts/permissions';
import { apiContract } from '../../../shared/api/contract';
import { createDispatcher, type HandlerTable } from '../../../electron/backend/api/handler-table';
import type { RequestContext } from '../../../electron/backend/context';
import { openBackend } from '../../../electron/backend/app';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { ghBook, ghEntry, tempDir, testBackend } from './helpers';

const device = '01890a5d-ac96-774b-bcce-b302099a8057';
const anonymous: RequestContext = { userId: null, userName: '', role: 'clerk', deviceId: device };
const clerk: RequestContext = { userId: 'u-clerk', userName: 'lan', role: 'clerk', deviceId: device };
const admin: RequestContext = { userId: 'u-admin', userName: 'quantri', role: 'admin', deviceId: device };

/** A handler table whose every method answers with the request it was given. */
function echoTable(): HandlerTable {
  const table: Record<string, (input: unknown, request: RequestContext) => unknown> = {};
  for (const name of Object.keys(apiContract)) table[name] = (_input, request) => request;
  return table as unknown as HandlerTable;
}

describe('the dispatcher and the permission table', () => {
  const dispatch = createDispatcher(echoTable(), () => {});
  const book = { id: '01890a5d-ac96-774b-bcce-b302099a8058' };

  it('lists every method of the contract', () => {
    expect(Object.keys(METHOD_PERMISSIONS).sort()).toEqual(Object.keys(apiContract).sort());
  });

  it('refuses a signed-out caller with UNAUTHENTICATED, in Vietnamese, before reading the input', async () => {
    expect(await dispatch('books.get', { id: 'not-a-uuid' }, anonymous)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('đăng nhập') },
    });
  });

  it('lets a signed-out caller reach only the public methods', async () => {
    expect(await dispatch('app.info', {}, anonymous)).toMatchObject({ ok: true });
  });

  it('refuses a clerk what only an administrator may do, with FORBIDDEN', async () => {
    expect(await dispatch('books.update', { ...book }, clerk)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('không có quyền') },
    });
  });

  it('hands the request to the handler', async () => {
    expect(await dispatch('books.get', book, clerk)).toEqual({ ok: true, result: clerk });
  });

  it('lets an administrator manage books, and the app itself do anything', () => {
    expect(checkPermission('books.update', admin)).toBe('allowed');
    expect(checkPermission('books.update', clerk)).toBe('forbidden');
    expect(checkPermission('books.update', { userId: null, role: 'system' })).toBe('allowed');
  });
});

describe('the request context in the backend', () => {
  it('creates one device id per installation and keeps it across restarts', async () => {
    const dir = await tempDir();
    const first = await openBackend({ dataDir: dir, migrationsDir: MIGRATIONS_DIR, actor: 'a' });
    const id = first.deviceId;
    first.close();
    const second = await openBackend({ dataDir: dir, migrationsDir: MIGRATIONS_DIR, actor: 'a' });
    expect(second.deviceId).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    second.close();
  });

  it('names the requesting user and the device in the audit log', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend, 1);
    const someone: RequestContext = { ...clerk, deviceId: backend.deviceId };
    const saved = await backend.dispatch(
      'records.create',
      { bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] },
      someone,
    );
    expect(saved).toMatchObject({ ok: true });
    const row = backend.db.sqlite
      .prepare("SELECT actor, user_id AS userId, device_id AS deviceId FROM audit_log WHERE action = 'entry.create'")
      .get();
    expect(row).toEqual({ actor: 'lan', userId: 'u-clerk', deviceId: backend.deviceId });
  });
});
