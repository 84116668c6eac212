/**
 * The backend in its own process (issue 13: the window never freezes): main's client talks to a
 * real backend process over the same channel Electron's utilityProcess gives, here a forked Node
 * process running electron/backend/host/entry.ts on a real data folder.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { runBackendHost } from '../../../electron/backend/host/backend-host';
import { BACKEND_GONE, connectBackend, type BackendClient } from '../../../electron/main/backend-client';
import { backendProcessArgv, type MessageEnd } from '../../../electron/backend/host/protocol';

const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'electron/backend/host/entry.ts');
const MIGRATIONS = path.join(ROOT, 'migrations');
const ADMIN = { fullName: 'Nguyễn Thị Lan', userName: 'lan', password: 'mat-khau-du-dai-1' };

let tmp: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-backend-process-'));
});
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fs.rm(tmp, { recursive: true, force: true });
});

function start(openFolder: (dir: string) => Promise<void> = async () => {}): {
  client: BackendClient;
  child: ChildProcess;
} {
  const child = fork(ENTRY, backendProcessArgv({ dataDir: path.join(tmp, 'data'), migrationsDir: MIGRATIONS }), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, SOHOA_SYNC_INTERVAL_MS: '3600000' },
  });
  children.push(child);
  const client = connectBackend(
    {
      post: (message) => child.send(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
    },
    { openFolder, log: () => {} },
  );
  return { client, child };
}

describe('the backend process', () => {
  it('opens the data, answers calls for its window session, and keeps what it acknowledged when killed', async () => {
    const first = start();
    await first.client.ready;
    const status = await first.client.dispatch('auth.status', {});
    expect(status).toMatchObject({ ok: true, result: { setupNeeded: true, user: null } });
    expect(await first.client.dispatch('auth.setup', ADMIN)).toMatchObject({ ok: true });
    // The session lives in the backend process: the next call is made as the new administrator.
    expect(await first.client.dispatch('accounts.list', {})).toMatchObject({
      ok: true,
      result: [expect.objectContaining({ userName: 'lan' })],
    });

    first.child.kill('SIGKILL');
    expect(await first.client.exited).toBeNull();
    // A call after the process died is answered, in Vietnamese, never left hanging.
    expect(await first.client.dispatch('auth.status', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: BACKEND_GONE },
    });

    const second = start();
    await second.client.ready;
    expect(await second.client.dispatch('accounts.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await second.client.dispatch('auth.login', { userName: 'lan', password: ADMIN.password })).toMatchObject({
      ok: true,
    });
    second.client.close();
    expect(await second.client.exited).toBe(0);
  }, 120_000);

  it("asks main's shell to open the export folder, and reports the shell's refusal", async () => {
    const opened: string[] = [];
    let refuse = false;
    const { client } = start(async (dir) => {
      if (refuse) throw new AppError('INTERNAL', `Không mở được thư mục ${dir}`);
      opened.push(dir);
    });
    await client.ready;
    await client.dispatch('auth.setup', ADMIN);
    // main's folder dialog picked a folder: the backend stores it as the user's export folder.
    const picked = path.join(tmp, 'Xuất dữ liệu');
    await fs.mkdir(picked);
    expect(await client.chooseExportDir(picked)).toBe(picked);
    expect(await client.exportDir()).toBe(picked);
    expect(await client.dispatch('export.openFolder', {})).toEqual({ ok: true, result: { opened: true } });
    expect(opened).toEqual([picked]);
    refuse = true;
    const refused = await client.dispatch('export.openFolder', {});
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('Không mở được thư mục') } });
    client.close();
    await client.exited;
  }, 120_000);
});

describe('the backend host', () => {
  function pair() {
    const toHost: ((m: unknown) => void)[] = [];
    const fromHost: unknown[] = [];
    const end: MessageEnd = { post: (m) => fromHost.push(m), onMessage: (l) => toHost.push(l) };
    return { end, fromHost, send: (m: unknown) => toHost.forEach((l) => l(m)) };
  }

  it('tells main when the data cannot be opened, with the Vietnamese message (DB_TOO_NEW)', async () => {
    const { end, fromHost } = pair();
    const message = 'Dữ liệu được tạo bởi phiên bản mới hơn của ứng dụng';
    await runBackendHost(
      end,
      { dataDir: tmp, migrationsDir: MIGRATIONS },
      {
        open: async () => {
          throw new AppError('DB_TOO_NEW', message);
        },
        log: () => {},
      },
    );
    expect(fromHost).toEqual([{ type: 'failed', error: { code: 'DB_TOO_NEW', message } }]);
  });

  it('ignores a malformed message instead of acting on it', async () => {
    const { end, fromHost, send } = pair();
    const log = vi.fn();
    const dispatch = vi.fn();
    await runBackendHost(
      end,
      { dataDir: tmp, migrationsDir: MIGRATIONS },
      {
        open: (async () => ({ dispatch, close: () => {} })) as never,
        log,
      },
    );
    send({ type: 'call', id: 0, call: { op: 'dispatch', name: 'auth.status' } });
    send({ type: 'call', id: 1, call: { op: 'rm -rf' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(2);
    expect(fromHost).toEqual([{ type: 'ready' }]);
  });
});
