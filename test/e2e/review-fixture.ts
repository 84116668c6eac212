/**
 * Seeding for the district review tests: a real hub (`sohoa-hub serve`, PGlite) with a commune and
 * district staff made by `sohoa-hub user add`, and a commune's book sent to it the honest way — a
 * desktop data folder (`sohoa setup`, `book import`, `record import`), enrolled with the hub's
 * one-time code and pushed with `sohoa sync push`, so the hub opens its lot from a real batch.
 * Each step is its own function, so a test that also drives the desktop (the round trip) can reuse
 * the ones it needs on its own data folder.
 */
import { expect, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { runNode, sohoa, TEST_LOGIN, type SohoaRun } from '../fixtures/sohoa';
import { makeHubDir, startHub, type RunningHub } from './hub';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HUB_BIN = path.join(ROOT, 'hub/bin.mjs');

export const REVIEW_COMMUNE = { code: '20590', name: 'Xã Điện Phước' };

export interface HubStaff {
  username: string;
  displayName: string;
  password: string;
  role: 'reviewer' | 'district_admin';
}
export const DISTRICT_ADMIN: HubStaff = {
  username: 'quantri.huyen',
  displayName: 'Trần Thị Quản',
  password: 'mat-khau-quan-tri',
  role: 'district_admin',
};
export const REVIEWER: HubStaff = {
  username: 'kiemtra.an',
  displayName: 'Lê Văn An',
  password: 'mat-khau-kiem-tra',
  role: 'reviewer',
};

function check(run: SohoaRun, what: string): string {
  if (run.code !== 0) throw new Error(`${what} failed (${run.code}):\n${run.stderr}${run.stdout}`);
  return run.stdout.trim();
}

/** `sohoa-hub args… --data-dir DIR` with extra environment (the password of `user add`). */
function hubCliEnv(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<SohoaRun> {
  return runNode([], [...args, '--data-dir', dataDir], { ...process.env, ...env }, HUB_BIN);
}

/** `sohoa-hub args… --data-dir DIR` with `stdin` written to its standard input. */
function hubCliStdin(dataDir: string, stdin: string, ...args: string[]): Promise<SohoaRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HUB_BIN, ...args, '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A district staff account, through `sohoa-hub user add` (the password on standard input). */
export async function addHubUser(hubDir: string, user: HubStaff): Promise<void> {
  check(
    await hubCliStdin(
      hubDir,
      `${user.password}\n`,
      ...['user', 'add', '--username', user.username, '--name', user.displayName],
      ...['--role', user.role === 'district_admin' ? 'district-admin' : 'reviewer', '--password-stdin'],
    ),
    `sohoa-hub user add ${user.username}`,
  );
}

export interface ReviewHub {
  hub: RunningHub;
  hubDir: string;
  /** A fresh one-time enrollment code for the commune. */
  enrollCode(): Promise<string>;
  stop(): Promise<void>;
}

/** A running hub with the commune, a district administrator and a reviewer. */
export async function startReviewHub(staff: HubStaff[] = [DISTRICT_ADMIN, REVIEWER]): Promise<ReviewHub> {
  const hubDir = await makeHubDir();
  const hub = await startHub(hubDir);
  try {
    check(
      await hubCliEnv(hubDir, {}, 'commune', 'add', '--code', REVIEW_COMMUNE.code, '--name', REVIEW_COMMUNE.name),
      'sohoa-hub commune add',
    );
    for (const user of staff) await addHubUser(hubDir, user);
  } catch (error) {
    await hub.stop();
    throw error;
  }
  return {
    hub,
    hubDir,
    enrollCode: async () =>
      check(await hubCliEnv(hubDir, {}, 'enroll-code', '--commune', REVIEW_COMMUNE.code), 'sohoa-hub enroll-code'),
    async stop() {
      await hub.stop();
      await fs.rm(hubDir, { recursive: true, force: true });
    },
  };
}

/** A fresh desktop data folder with the test administrator (TEST_LOGIN) set up. */
export async function makeDesktopDir(): Promise<string> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-commune-'));
  check(
    await runNode(
      [],
      ['setup', '--admin', TEST_LOGIN.SOHOA_USER, '--full-name', 'Cán Bộ Test', '--data-dir', dataDir],
      { ...process.env, SOHOA_PASSWORD: TEST_LOGIN.SOHOA_PASSWORD },
    ),
    'sohoa setup',
  );
  return dataDir;
}

/** The wards' names of the seeded entries (entry i is số `i/2018`, on page ((i-1) % pages) + 1). */
export function wardName(i: number): string {
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi'];
  const given = ['An', 'Bình', 'Châu', 'Dũng', 'Hà', 'Khoa', 'Lan', 'Minh', 'Ngọc', 'Phúc'];
  return `${family[i % family.length]} Văn ${given[i % given.length]} ${i}`;
}

/** The box the clerk drew for entry i on its page (entries stacked down the page, 0–1 of its size). */
export function entryRect(i: number, pages: number): { x: number; y: number; w: number; h: number } {
  const row = Math.floor((i - 1) / pages);
  return { x: 0.08, y: Math.min(0.85, 0.06 + row * 0.12), w: 0.84, h: 0.1 };
}

/**
 * Imports a GH book (quyển 01/2018 of the commune, a generated PDF of `pages` pages) into the data
 * folder and loads `entries` entries into it with `sohoa record import`; returns the book's id.
 */
export async function seedDesktopBook(dataDir: string, entries: number, pages = 3): Promise<string> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-seed-'));
  try {
    const pdf = await makeBookPdf(path.join(work, 'gh-01-2018.pdf'), pages);
    const bookId = check(
      await sohoa(
        ...['book', 'import', pdf, '--type', 'GH', '--volume', '01/2018', '--office', `UBND ${REVIEW_COMMUNE.name}`],
        ...['--office-code', REVIEW_COMMUNE.code, '--year', '2018', '--data-dir', dataDir],
      ),
      'sohoa book import',
    );
    const lines: string[] = [];
    for (let i = 1; i <= entries; i++) {
      lines.push(
        JSON.stringify({
          data: {
            so: `${String(i).padStart(2, '0')}/2018`,
            quyenSo: '01/2018',
            trangSo: ((i - 1) % pages) + 1,
            ngayDangKy: '2018-03-05',
            loaiGiamHo: 'cu',
            nguoiGiamHo: [{ hoTen: 'Trần Văn Hùng' }],
            nguoiDuocGiamHo: { hoTen: wardName(i), ngaySinh: '2010', danToc: 'Kinh' },
          },
          pages: [{ pageNo: ((i - 1) % pages) + 1, rect: entryRect(i, pages) }],
        }),
      );
    }
    const file = path.join(work, 'entries.jsonl');
    await fs.writeFile(file, lines.join('\n'));
    check(await sohoa('record', 'import', '--book', bookId, file, '--data-dir', dataDir), 'sohoa record import');
    return bookId;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** Enrolls the data folder with the hub (when not yet) and sends everything waiting. */
export async function enrollAndPush(dataDir: string, reviewHub: ReviewHub, enroll = true): Promise<void> {
  if (enroll) {
    const code = await reviewHub.enrollCode();
    check(
      await sohoa('sync', 'enroll', '--hub', reviewHub.hub.url, '--code', code, '--data-dir', dataDir),
      'sohoa sync enroll',
    );
  }
  check(await sohoa('sync', 'push', '--json', '--data-dir', dataDir), 'sohoa sync push');
}

export interface SeededLot {
  reviewHub: ReviewHub;
  desktopDir: string;
  bookId: string;
  entries: number;
  stop(): Promise<void>;
}

/** The whole set-up: hub, staff, and a commune's book of `entries` entries sent to it. */
export async function seedReviewLot(entries = 20): Promise<SeededLot> {
  const reviewHub = await startReviewHub();
  try {
    const desktopDir = await makeDesktopDir();
    const bookId = await seedDesktopBook(desktopDir, entries);
    await enrollAndPush(desktopDir, reviewHub);
    return {
      reviewHub,
      desktopDir,
      bookId,
      entries,
      async stop() {
        await reviewHub.stop();
        await fs.rm(desktopDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await reviewHub.stop();
    throw error;
  }
}

/** Logs `user` in on the hub's review app at `appUrl` (+ a screen's hash) and waits for the header. */
export async function logInHubApp(page: Page, appUrl: string, user: HubStaff, hash = ''): Promise<void> {
  await page.goto(`${appUrl}${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

/** A review API call as the app makes it (the page's cookie and CSRF token), for set-up steps. */
export async function hubCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([m, i]) => {
      const response = await fetch(`/api/review/call/${m}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': window.sessionStorage.getItem('sohoa-hub-csrf') ?? '',
        },
        body: JSON.stringify(i),
      });
      return (await response.json()) as { result?: unknown; error?: { code: string; message: string } };
    },
    [method, input] as const,
  );
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result as T;
}

/** "95,6 %": the percentage the lot page shows for a probability. */
export function percentText(probability: number): string {
  return `${(probability * 100).toFixed(1).replace('.', ',')} %`;
}
