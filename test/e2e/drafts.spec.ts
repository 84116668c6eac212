/**
 * The draft of the entry being typed, as a clerk relies on it: it comes back after a reload even
 * in a book that already has entries, it never outlives the entry it became, and a failed write
 * is said and retried until it goes through.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { useSession } from './session';

const session = useSession();

/** A GH book of three pages, with one entry already saved when `withEntry`. */
async function makeBook(withEntry: boolean): Promise<string> {
  const bookId = await session.importGhBook();
  if (withEntry) {
    const file = path.join(session.scansDir, 'previous.jsonl');
    const previous = {
      so: '07/2018',
      quyenSo: '01/2018',
      trangSo: 1,
      ngayDangKy: '2018-03-05',
      loaiGiamHo: 'cu',
      nguoiGiamHo: [{ hoTen: 'Trần Văn Hùng', quocTich: 'Việt Nam' }],
      nguoiDuocGiamHo: { hoTen: 'Trần Thị Lan', quocTich: 'Việt Nam' },
      nguoiKy: 'Nguyễn Văn Tư',
    };
    await fs.writeFile(file, JSON.stringify(previous));
    const imported = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', session.dataDir);
    expect(imported.code, imported.stderr).toBe(0);
  }
  return bookId;
}

const bookUrl = (bookId: string) => `${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`;

async function openBook(page: Page, bookId: string) {
  await page.goto(bookUrl(bookId));
  await expect(page.locator('canvas[data-rendered-page="1"]')).toBeVisible();
}

const ward = (page: Page) => page.getByRole('group', { name: 'Người được giám hộ' });
const wardName = (page: Page) => ward(page).getByLabel('Họ, chữ đệm, tên', { exact: true });
const isCall = (name: string) => (url: string | URL) => String(url).includes(`/api/call/${name}`);

test('a half-typed entry comes back after a reload in a book that already has entries', async ({ page }) => {
  const bookId = await makeBook(true);
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, bookId);
  // The previous entry has arrived: its signer is carried over and the next số proposed.
  await expect(page.getByLabel('Người ký', { exact: true })).toHaveValue('Nguyễn Văn Tư');
  await wardName(page).focus();
  const written = page.waitForResponse((r) => isCall('drafts.save')(r.url()) && r.ok());
  await page.keyboard.type('Lò Thị Mai');
  await written;
  // Wait until the draft holds the whole name (the last keystrokes are written a moment later).
  await expect
    .poll(async () => {
      // Asked from the page, as the app asks: its origin, its session and the page's CSRF token.
      const body = await page.evaluate(async (id) => {
        const csrf = document.querySelector('meta[name="sohoa-csrf"]')?.getAttribute('content') ?? '';
        const response = await fetch('/api/call/drafts.get', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sohoa-csrf': csrf },
          body: JSON.stringify({ bookId: id }),
        });
        return (await response.json()) as { result: { data: { nguoiDuocGiamHo?: { hoTen?: string } } } | null };
      }, bookId);
      return body.result?.data.nguoiDuocGiamHo?.hoTen;
    })
    .toBe('Lò Thị Mai');

  // After the reload the previous entry arrives only once the draft has been restored: the case
  // where its carry-over values used to wipe the restored draft.
  let draftRestored!: () => void;
  const restored = new Promise<void>((resolve) => (draftRestored = resolve));
  await page.route(isCall('records.get'), async (route) => {
    await restored;
    await route.continue();
  });
  await page.route(isCall('drafts.get'), async (route) => {
    await route.continue();
    draftRestored();
  });
  await page.reload();
  await expect(page.getByText(/^Đã mở lại bản nháp lưu lúc/)).toBeVisible();
  await expect(wardName(page)).toHaveValue('Lò Thị Mai');
  // The previous entry is now in (its number shows in the list), and the draft still stands.
  await expect(page.getByRole('button', { name: 'Xem trường hợp số 07/2018' })).toBeVisible();
  await expect(wardName(page)).toHaveValue('Lò Thị Mai');
  await expect(page.getByText(/^Đã mở lại bản nháp lưu lúc/)).toBeVisible();
});

test('saving right after the last keystroke leaves no draft to reopen', async ({ page }) => {
  const bookId = await makeBook(false);
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, bookId);
  // A busy laptop: the save is answered only after the half-second draft pace has passed.
  await page.route(isCall('records.create'), async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fulfill({ response });
  });
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  await registration.getByLabel('Số', { exact: true }).focus();
  await page.keyboard.type('01/2018');
  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).focus();
  await page.keyboard.type('05032018');
  await page.keyboard.press('Tab');
  await page.keyboard.type('G');
  await page
    .getByRole('group', { name: 'Người giám hộ', exact: true })
    .getByLabel('Họ, chữ đệm, tên', { exact: true })
    .focus();
  await page.keyboard.type('Sùng A Páo');
  await wardName(page).focus();
  await page.keyboard.type('Sùng Thị Dính');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();

  await page.unroute(isCall('records.create'));
  const draftAnswer = page.waitForResponse((r) => isCall('drafts.get')(r.url()));
  await page.reload();
  const body = (await (await draftAnswer).json()) as { ok: boolean; result: unknown };
  expect(body).toEqual({ ok: true, result: null });
  await expect(page.getByRole('group', { name: 'Đăng ký', exact: true }).getByLabel('Số', { exact: true })).toHaveValue(
    '02/2018',
  );
  await expect(wardName(page)).toHaveValue('');
  await expect(page.getByText(/Đã mở lại bản nháp/)).toHaveCount(0);
});

test('a failed draft write is shown and retried until it goes through', async ({ page }) => {
  const bookId = await makeBook(false);
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, bookId);
  let failing = true;
  let attempts = 0;
  await page.route(isCall('drafts.save'), async (route) => {
    attempts += 1;
    if (failing) await route.fulfill({ status: 503, body: 'unavailable' });
    else await route.continue();
  });
  await wardName(page).focus();
  await page.keyboard.type('Giàng Thị Pà');
  const warning = page.getByRole('alert').filter({ hasText: 'Chưa lưu được bản nháp' });
  await expect(warning).toBeVisible();
  // Retried without the clerk typing anything more.
  const before = attempts;
  await expect.poll(() => attempts).toBeGreaterThan(before);
  await expect(warning).toBeVisible();

  failing = false;
  await expect(warning).toHaveCount(0, { timeout: 30_000 });
  await page.reload();
  await expect(page.getByText(/^Đã mở lại bản nháp lưu lúc/)).toBeVisible();
  await expect(wardName(page)).toHaveValue('Giàng Thị Pà');
});
