/**
 * `sohoa-hub` as a real child process, on a PGlite data folder: every verb with the hub stopped
 * (the CLI opens the database) and with the hub running on the folder (the CLI goes through it),
 * and after the hub was killed (its stale lock does not block the CLI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { enrollResponse, receipt } from '../../../shared/sync/protocol';
import { makeBatch, makeBook, makeEntry, tempDir, testDatabase, writeUsbPackage, type Device } from './helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(ROOT, 'hub', 'bin.mjs');
/** Each verb starts Node, tsx and PGlite on a busy 2-core machine: a generous bound, not a timing. */
const CLI_TEST_MS = 240_000;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDir('hub-cli');
  dirs.push(dir);
  return dir;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function hubCli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', SOHOA_HUB_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts `sohoa-hub serve` and waits for its `HUB: …` line. */
function startHub(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0', ...extra], {
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
      const match = /HUB: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

const statsOf = async (dataDir: string): Promise<Record<string, number>> => {
  const result = await hubCli(['stats', '--json', '--data-dir', dataDir]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, number>;
};

describe('sohoa-hub', () => {
  it(
    'a data folder that is not there: a listing verb says so in Vietnamese, a setting-up verb makes it',
    async () => {
      const missing = path.join(folder(), 'chua-co', 'hub');
      for (const args of [['stats'], ['lots'], ['user', 'list'], ['enroll-code', '--commune', '20590']]) {
        const refused = await hubCli([...args, '--data-dir', missing]);
        expect(refused.code, args.join(' ')).toBe(1);
        expect(refused.stderr).toContain(`Không có thư mục dữ liệu máy chủ huyện ${missing}`);
        expect(refused.stderr).not.toContain('ENOENT');
      }
      expect(fs.existsSync(missing)).toBe(false);

      const added = await hubCli([
        'commune',
        'add',
        '--data-dir',
        missing,
        '--code',
        '20590',
        '--name',
        'Xã Điện Phước',
      ]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('Đã thêm Xã Điện Phước (20590)');
      expect(await statsOf(missing)).toMatchObject({ communes: 1 });
      // The sync batches are "gói dữ liệu" (a "lô" is the review's lot).
      const stats = await hubCli(['stats', '--data-dir', missing]);
      expect(stats.code, stats.stderr).toBe(0);
      expect(stats.stdout).toContain('Gói dữ liệu: 0 (đã ghi nhận 0)');
      expect(stats.stdout).not.toMatch(/^Lô:/m);
    },
    CLI_TEST_MS,
  );

  it(
    'administers a data folder with no hub running',
    async () => {
      const dir = folder();
      const usage = await hubCli(['commune', 'add', '--data-dir', dir, '--code', '20590']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('Thiếu --name');

      const added = await hubCli(['commune', 'add', '--data-dir', dir, '--code', '20590', '--name', 'Xã Điện Phước']);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('Đã thêm Xã Điện Phước (20590)');

      const unknown = await hubCli(['enroll-code', '--data-dir', dir, '--commune', '20591']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('Chưa có xã mã 20591');

      const code = await hubCli(['enroll-code', '--data-dir', dir, '--commune', '20590']);
      expect(code.code, code.stderr).toBe(0);
      expect(code.stdout.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

      const noPassword = await hubCli(['admin', 'create', '--data-dir', dir, '--username', 'huyen']);
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toContain('SOHOA_HUB_PASSWORD');
      const admin = await hubCli(['admin', 'create', '--data-dir', dir, '--username', 'huyen'], {
        SOHOA_HUB_PASSWORD: 'mat-khau-dai-du',
      });
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toContain('Đã tạo quản trị viên huyen');

      expect(await statsOf(dir)).toMatchObject({ communes: 1, devices: 0, books: 0, entries: 0, files: 0, batches: 0 });
    },
    CLI_TEST_MS,
  );

  it(
    'goes through the running hub, and works again on the folder once the hub is stopped or killed',
    async () => {
      const dir = folder();
      const hub = await startHub(dir);
      expect(fs.existsSync(path.join(dir, 'hub.lock.json'))).toBe(true);
      expect(fs.statSync(path.join(dir, 'hub.admin-token')).mode & 0o077).toBe(0);

      const added = await hubCli(['commune', 'add', '--data-dir', dir, '--code', '20590', '--name', 'Xã Điện Phước']);
      expect(added.code, added.stderr).toBe(0);
      const code = (await hubCli(['enroll-code', '--data-dir', dir, '--commune', '20590'])).stdout.trim();
      const response = await fetch(`${hub.url}api/sync/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceId: 'may-cli', deviceName: 'Máy xã' }),
      });
      expect(response.status).toBe(200);
      const device: Device = {
        id: 'may-cli',
        credential: enrollResponse.parse(await response.json()).credential,
        commune: '20590',
      };

      // The status page of the running hub lists the commune added through it.
      expect(await (await fetch(hub.url)).text()).toContain('Xã Điện Phước');

      const book = makeBook('20590');
      const scan = randomBytes(4_000);
      const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'N' })], files: [scan] });
      const zip = path.join(dir, 'goi.zip');
      await writeUsbPackage(zip, b, device, [scan]);
      const imported = await hubCli(['import', zip, '--data-dir', dir]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(`Đã nhận lô ${b.manifest.batchId}`);
      const receiptFile = path.join(dir, `${b.manifest.batchId}.receipt.json`);
      const first = receipt.parse(JSON.parse(fs.readFileSync(receiptFile, 'utf8')));
      expect(await statsOf(dir)).toMatchObject({ communes: 1, devices: 1, books: 1, entries: 1, files: 1, batches: 1 });

      // Revoking a second device through the running hub: its credential stops working at once.
      const code2 = (await hubCli(['enroll-code', '--data-dir', dir, '--commune', '20590'])).stdout.trim();
      const other = await fetch(`${hub.url}api/sync/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code2, deviceId: 'may-cu', deviceName: 'Máy cũ' }),
      });
      const otherCredential = enrollResponse.parse(await other.json()).credential;
      const revoked = await hubCli(['device', 'revoke', '--data-dir', dir, '--device', 'may-cu']);
      expect(revoked.code, revoked.stderr).toBe(0);
      const refused = await fetch(`${hub.url}api/sync/batches/${b.manifest.batchId}`, {
        headers: { authorization: `Bearer ${otherCredential}` },
      });
      expect(refused.status).toBe(401);
      expect(
        (
          await fetch(`${hub.url}api/sync/batches/${b.manifest.batchId}`, {
            headers: { authorization: `Bearer ${device.credential}` },
          })
        ).status,
      ).toBe(200);

      hub.child.kill('SIGTERM');
      expect(await exited(hub.child)).toBe(0);
      expect(fs.existsSync(path.join(dir, 'hub.lock.json'))).toBe(false);

      // Hub stopped: the same package again, directly on the database, adds nothing.
      const again = await hubCli(['import', zip, '--data-dir', dir, '--receipt-out', path.join(dir, 'out')]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('không nhận thêm gì');
      expect(
        receipt.parse(JSON.parse(fs.readFileSync(path.join(dir, 'out', `${b.manifest.batchId}.receipt.json`), 'utf8'))),
      ).toEqual(first);
      expect(await statsOf(dir)).toMatchObject({ devices: 2, entries: 1, files: 1, batches: 1 });

      // A hub killed outright leaves its lock files behind: the CLI sees the process is gone.
      const second = await startHub(dir);
      second.child.kill('SIGKILL');
      await exited(second.child);
      expect(fs.existsSync(path.join(dir, 'hub.lock.json'))).toBe(true);
      expect(await statsOf(dir)).toMatchObject({ communes: 1, entries: 1 });
    },
    CLI_TEST_MS,
  );

  // Only where a PostgreSQL server is given (CI sets HUB_TEST_DATABASE_URL).
  it.runIf(Boolean(process.env.HUB_TEST_DATABASE_URL))(
    'runs on a PostgreSQL server: the hub and the verbs share it by --database-url',
    async () => {
      const database = await testDatabase();
      if (database.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
      const url = database.target.url;
      try {
        const dir = folder();
        const added = await hubCli([
          'commune',
          'add',
          '--database-url',
          url,
          '--code',
          '20590',
          '--name',
          'Xã Điện Phước',
        ]);
        expect(added.code, added.stderr).toBe(0);
        const hub = await startHub(dir, ['--database-url', url]);
        // PostgreSQL takes many connections: this verb opens the database itself while the hub runs.
        const code = await hubCli(['enroll-code', '--database-url', url, '--commune', '20590']);
        expect(code.code, code.stderr).toBe(0);
        const response = await fetch(`${hub.url}api/sync/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: code.stdout.trim(), deviceId: 'may-pg', deviceName: 'Máy xã' }),
        });
        expect(response.status).toBe(200);
        const device: Device = {
          id: 'may-pg',
          credential: enrollResponse.parse(await response.json()).credential,
          commune: '20590',
        };
        const book = makeBook('20590');
        const scan = randomBytes(1_000);
        const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'O' })], files: [scan] });
        const zip = path.join(dir, 'goi.zip');
        await writeUsbPackage(zip, b, device, [scan]);
        const imported = await hubCli(['import', zip, '--data-dir', dir]);
        expect(imported.code, imported.stderr).toBe(0);
        const stats = await hubCli(['stats', '--json', '--database-url', url]);
        expect(JSON.parse(stats.stdout)).toMatchObject({
          communes: 1,
          devices: 1,
          books: 1,
          entries: 1,
          files: 1,
          batches: 1,
        });
        hub.child.kill('SIGTERM');
        expect(await exited(hub.child)).toBe(0);
      } finally {
        await database.drop();
      }
    },
    CLI_TEST_MS,
  );
});
