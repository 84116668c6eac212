/**
 * `sohoa-hub user …` as a real child process on a PGlite data folder: district staff accounts made,
 * listed, disabled, enabled and given a new password with the hub stopped (the CLI opens the
 * database) and with the hub running (the CLI goes through it); the password only ever comes from
 * standard input or a prompt, and the accounts log in to the running hub.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HUB_SESSION_COOKIE } from '../../../shared/review/hub-api';
import { tempDir } from './helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(ROOT, 'hub', 'bin.mjs');
/** Each verb starts Node, tsx and PGlite on a busy 2-core machine: a generous bound, not a timing. */
const CLI_TEST_MS = 360_000;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function hubCli(args: string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', SOHOA_HUB_PASSWORD: '' },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

function startHub(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /HUB: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${err}`)));
  });
}

async function loginStatus(
  url: string,
  username: string,
  password: string,
): Promise<{ status: number; cookie: boolean }> {
  const response = await fetch(`${url}/api/review/call/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    cookie: response.headers.getSetCookie().some((c) => c.startsWith(`${HUB_SESSION_COOKIE}=`)),
  };
}

interface Listed {
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}

describe('sohoa-hub user', () => {
  it(
    'adds, lists, disables, enables and resets staff accounts, with the hub stopped and running',
    async () => {
      const dir = tempDir('hub-users-cli');
      dirs.push(dir);
      const base = ['--data-dir', dir];

      // Hub stopped: the CLI opens the database.
      const added = await hubCli(
        [
          'user',
          'add',
          ...base,
          '--username',
          'kiemtra',
          '--name',
          'Nguyễn Văn Kiểm',
          '--role',
          'reviewer',
          '--password-stdin',
        ],
        'mat-khau-kiem-tra\n',
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('Đã tạo tài khoản kiemtra (Nguyễn Văn Kiểm, Kiểm tra viên)');
      // No terminal and no --password-stdin: nobody to ask, a usage error; nothing made.
      const noPassword = await hubCli([
        'user',
        'add',
        ...base,
        '--username',
        'khong',
        '--name',
        'Không Mật Khẩu',
        '--role',
        'reviewer',
      ]);
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toContain('--password-stdin');
      const badRole = await hubCli(
        [
          'user',
          'add',
          ...base,
          '--username',
          'vaitro',
          '--name',
          'Sai Vai Trò',
          '--role',
          'admin',
          '--password-stdin',
        ],
        'mat-khau-dai-du\n',
      );
      expect(badRole.code).toBe(2);
      const short = await hubCli(
        [
          'user',
          'add',
          ...base,
          '--username',
          'ngan',
          '--name',
          'Mật Khẩu Ngắn',
          '--role',
          'reviewer',
          '--password-stdin',
        ],
        'ngan\n',
      );
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('tối thiểu 8 ký tự');
      const disabledOffline = await hubCli(['user', 'disable', ...base, 'kiemtra']);
      expect(disabledOffline.code, disabledOffline.stderr).toBe(0);
      const listed = await hubCli(['user', 'list', ...base, '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout) as Listed[]).toEqual([
        expect.objectContaining({
          username: 'kiemtra',
          displayName: 'Nguyễn Văn Kiểm',
          role: 'reviewer',
          disabled: true,
        }),
      ]);

      // Hub running: the CLI goes through it.
      const hub = await startHub(dir);
      expect((await loginStatus(hub.url, 'kiemtra', 'mat-khau-kiem-tra')).status).toBe(401);
      const enabled = await hubCli(['user', 'enable', ...base, 'kiemtra']);
      expect(enabled.code, enabled.stderr).toBe(0);
      expect(await loginStatus(hub.url, 'kiemtra', 'mat-khau-kiem-tra')).toEqual({ status: 200, cookie: true });

      const admin = await hubCli(
        [
          'user',
          'add',
          ...base,
          '--username',
          'quantri',
          '--name',
          'Trần Thị Quản',
          '--role',
          'district-admin',
          '--password-stdin',
        ],
        'mat-khau-quan-tri\n',
      );
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toContain('Quản trị huyện');
      const twice = await hubCli(
        [
          'user',
          'add',
          ...base,
          '--username',
          'quantri',
          '--name',
          'Trùng Tên',
          '--role',
          'reviewer',
          '--password-stdin',
        ],
        'mat-khau-khac-1\n',
      );
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('Đã có tài khoản "quantri"');

      const reset = await hubCli(['user', 'password', ...base, 'kiemtra', '--password-stdin'], 'mat-khau-moi-hon\n');
      expect(reset.code, reset.stderr).toBe(0);
      expect((await loginStatus(hub.url, 'kiemtra', 'mat-khau-kiem-tra')).status).toBe(401);
      expect((await loginStatus(hub.url, 'kiemtra', 'mat-khau-moi-hon')).status).toBe(200);
      expect((await loginStatus(hub.url, 'quantri', 'mat-khau-quan-tri')).status).toBe(200);

      const disabled = await hubCli(['user', 'disable', ...base, 'quantri']);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect((await loginStatus(hub.url, 'quantri', 'mat-khau-quan-tri')).status).toBe(401);
      const unknown = await hubCli(['user', 'disable', ...base, 'khong-co-ai']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('Không có tài khoản "khong-co-ai"');

      const table = await hubCli(['user', 'list', ...base]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain('kiemtra\tNguyễn Văn Kiểm\tKiểm tra viên');
      expect(table.stdout).toContain('quantri\tTrần Thị Quản\tQuản trị huyện\tđã tạm dừng');

      hub.child.kill('SIGTERM');
      await new Promise((resolve) => (hub.child.exitCode !== null ? resolve(null) : hub.child.once('exit', resolve)));
    },
    CLI_TEST_MS,
  );
});
