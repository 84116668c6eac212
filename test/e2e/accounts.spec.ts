/**
 * Real users: the first start creates the administrator, who creates a clerk; the clerk logs in
 * and enters an entry, whose history names the clerk. An idle lock keeps a half-typed form.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { runNode } from '../fixtures/sohoa';
import { makeBookPdf } from '../fixtures/scans';
import { callApi, logIn, useSession } from './session';
import { expectNoSeriousA11yViolations } from './a11y';

const session = useSession({ setUp: false });
const ADMIN = { fullName: 'Nguyễn Thị Quản', userName: 'quantri', password: 'mat-khau-quan-tri' };
const CLERK = { fullName: 'Lê Văn Nhập', userName: 'lan', password: 'mat-khau-can-bo' };

const asAdmin = { ...process.env, SOHOA_USER: ADMIN.userName, SOHOA_PASSWORD: ADMIN.password };

async function importBook(): Promise<string> {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'gh.pdf'), 2);
  const args = ['book', 'import', pdf, '--type', 'GH', '--volume', '01/2018', '--office', 'UBND xã Tân Lập'];
  const run = await runNode([], [...args, '--data-dir', session.dataDir], asAdmin);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim();
}

async function login(page: Page, who: { userName: string; password: string }) {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(who.userName);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('the administrator sets up, creates a clerk; the clerk enters an entry that names the clerk', async ({ page }) => {
  test.setTimeout(180_000);
  await session.start();
  await page.goto(session.host!.openUrl);

  // First start: the administrator, then the recovery key shown once.
  await expect(page.getByRole('heading', { name: 'Tạo tài khoản quản trị' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'tạo tài khoản quản trị');
  await page.getByLabel('Họ và tên', { exact: true }).fill(ADMIN.fullName);
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(ADMIN.userName);
  await page.getByLabel(/^Mật khẩu \(ít nhất/).fill(ADMIN.password);
  await page.getByLabel('Nhập lại mật khẩu', { exact: true }).fill('khac-mat-khau');
  await page.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
  await expect(page.getByRole('alert')).toHaveText('Hai lần nhập mật khẩu không giống nhau');
  await page.getByLabel('Nhập lại mật khẩu', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
  await expect(page.getByTestId('recovery-key')).toHaveText(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
  await expect(page.getByText('không thể mở lại dữ liệu')).toBeVisible();
  await page.getByLabel('Tôi đã cất giữ khóa khôi phục').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByText(`${ADMIN.fullName} (Quản trị)`)).toBeVisible();

  const bookId = await importBook();

  // The administrator creates the clerk's account.
  await page.getByRole('link', { name: 'Tài khoản' }).click();
  const form = page.getByRole('form', { name: 'Thêm tài khoản' });
  await form.getByLabel('Họ và tên', { exact: true }).fill(CLERK.fullName);
  await form.getByLabel('Tên đăng nhập', { exact: true }).fill(CLERK.userName);
  await form.getByRole('combobox', { name: /^Vai trò/ }).selectOption({ label: 'Cán bộ nhập' });
  await form.getByLabel(/^Mật khẩu/).fill(CLERK.password);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã tạo tài khoản ${CLERK.userName}`);
  await expect(page.locator('tr[data-account="lan"]')).toContainText('Cán bộ nhập');
  await expectNoSeriousA11yViolations(page, 'tài khoản');

  // Log out; a wrong password is refused in Vietnamese; the clerk logs in.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await login(page, { userName: CLERK.userName, password: 'sai-mat-khau' });
  await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng');
  await expectNoSeriousA11yViolations(page, 'đăng nhập');
  await login(page, CLERK);
  await expect(page.getByText(`${CLERK.fullName} (Cán bộ nhập)`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tài khoản' })).toHaveCount(0);

  // The clerk enters an entry.
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  const guardian = page.getByRole('group', { name: 'Người giám hộ' });
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await page.getByLabel('Số', { exact: true }).fill('01/2018');
  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).fill('05032018');
  await page.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ cử' });
  await guardian.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Văn Bình');
  await ward.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Thị Phượng');
  await ward.getByLabel('Ngày, tháng, năm sinh', { exact: true }).fill('12/7/2010');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();

  // Its history names the clerk.
  const listed = await runNode(
    [],
    ['record', 'list', '--book', bookId, '--json', '--data-dir', session.dataDir],
    asAdmin,
  );
  const [entry] = JSON.parse(listed.stdout) as { id: string }[];
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}/tc/${entry!.id}`);
  const history = page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await expect(history).toContainText(`Tạo (phiên bản 1) — ${CLERK.userName}`);
});

test('the idle lock asks for the password and keeps a half-typed form', async ({ page, context }) => {
  test.setTimeout(180_000);
  const setup = await runNode([], ['setup', '--admin', ADMIN.userName, '--data-dir', session.dataDir], {
    ...process.env,
    SOHOA_PASSWORD: ADMIN.password,
  });
  expect(setup.code, setup.stderr).toBe(0);
  const bookId = await importBook();
  await session.start();
  await logIn(context, session.host!.openUrl, ADMIN.userName, ADMIN.password);
  // A short idle time, as a clerk would set it in the preferences (6 seconds).
  const base = session.host!.openUrl.replace(/\?.*/, '');
  const set = await callApi(context, session.host!.openUrl, 'prefs.set', { idleLockMinutes: 0.1 });
  expect(set).toMatchObject({ ok: true });

  await page.goto(`${base}#/so/${bookId}`);
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await page.getByLabel('Số', { exact: true }).fill('07/2018');
  await ward.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Trần Thị Đang Gõ');

  // Nobody touches anything: the lock comes on its own.
  const lock = page.getByRole('dialog', { name: 'Màn hình đã khóa' });
  await expect(lock).toBeVisible({ timeout: 60_000 });
  await expectNoSeriousA11yViolations(page, 'màn hình đã khóa');
  await lock.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
  await lock.getByRole('button', { name: 'Mở khóa' }).click();
  await expect(lock.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng');
  await lock.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
  await lock.getByRole('button', { name: 'Mở khóa' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByLabel('Số', { exact: true })).toHaveValue('07/2018');
  await expect(ward.getByLabel('Họ, chữ đệm, tên', { exact: true })).toHaveValue('Trần Thị Đang Gõ');

  // The idle time is the user's preference, chosen in the user bar and kept.
  const idle = page.getByRole('combobox', { name: 'Tự khóa sau' });
  await expect(idle).toHaveValue('');
  await idle.selectOption({ label: '15 phút' });
  await expect
    .poll(
      async () =>
        ((await callApi(context, session.host!.openUrl, 'prefs.get', {})).result as { idleLockMinutes: number })
          .idleLockMinutes,
    )
    .toBe(15);
});
