/**
 * The hub's per-entry review screen (`#/lo/<lot>/muc/<entry>`, renderer/hub/review) in Chromium
 * against a real hub (`sohoa-hub serve`, PGlite) to which a commune's book was sent by
 * `sohoa sync push` (test/e2e/review-fixture.ts): the scanned page with the entry's box; the blind
 * read of the critical fields before any clerk value reaches the page; agreements judged đúng by
 * themselves and the disagreement shown with both values; verdicts given by keyboard only; the
 * next entry by keyboard; progress through the sample; a refused verdict taken back with its
 * message; a reload keeps every verdict; the axe accessibility check.
 */
import { expect, test, type Page } from '@playwright/test';
import type { LotDetail, LotSummary } from '../../shared/review/hub-api';
import type { RecordDetail } from '../../shared/records/record';
import { sohoa } from '../fixtures/sohoa';
import {
  hubCall,
  logInHubApp,
  REVIEWER,
  seedReviewLot,
  wardName,
  type HubStaff,
  type SeededLot,
} from './review-fixture';
import { expectNoSeriousA11yViolations } from './a11y';

test.describe.configure({ mode: 'serial' });

const ENTRIES = 20;
let seeded: SeededLot | undefined;
/** The clerk's entries by id, as the commune's desktop holds them. */
const typed = new Map<string, Record<string, unknown>>();

test.beforeAll(async () => {
  test.setTimeout(300_000);
  seeded = await seedReviewLot(ENTRIES);
  const listed = await sohoa('record', 'list', '--book', seeded.bookId, '--json', '--data-dir', seeded.desktopDir);
  expect(listed.code, listed.stderr).toBe(0);
  for (const record of JSON.parse(listed.stdout) as RecordDetail[]) typed.set(record.id, record.data);
});

test.afterAll(async () => {
  await seeded?.stop();
});

function appUrl(): string {
  if (!seeded) throw new Error('no hub');
  return new URL('/kiem-tra/', seeded.reviewHub.hub.url).toString();
}

function logIn(page: Page, user: HubStaff, hash = ''): Promise<void> {
  return logInHubApp(page, appUrl(), user, hash);
}

function field(page: Page, path: string) {
  return page.locator(`li[data-path="${path}"]`);
}

/** Presses N (next unchecked field) until the field of `path` has the focus. */
async function focusByKeyboard(page: Page, path: string) {
  for (let i = 0; i < 40; i++) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-path') ?? null);
    if (focused === path) return;
    await page.keyboard.press('n');
  }
  throw new Error(`N never reached ${path}`);
}

test('review of sampled entries: page and box, blind read, keyboard verdicts, progress, reload', async ({ page }) => {
  test.setTimeout(240_000);
  await logIn(page, REVIEWER);
  const [lotSummary] = await hubCall<LotSummary[]>(page, 'lots.list', {});
  expect(lotSummary).toBeDefined();
  const lot = await hubCall<LotDetail>(page, 'lots.draw', { lotId: lotSummary!.id, seed: '20181105' });
  const sample = [...lot.sample].sort((a, b) => a.order - b.order);
  expect(sample.length).toBeGreaterThan(1);
  const [first, second] = sample;
  const clerk = typed.get(first!.entryId)!;
  expect(clerk).toBeDefined();
  const ward = clerk.nguoiDuocGiamHo as { hoTen: string; ngaySinh: string };

  await page.goto(`${appUrl()}#/lo/${lot.id}/muc/${first!.entryId}`);
  await expect(page.getByRole('heading', { name: 'Bạn đọc được gì trên trang?' })).toBeVisible();
  await expect(page.getByTestId('review-progress')).toHaveText(`Mục 1/${sample.length}, đã kiểm 0`);

  // The page is drawn, with the entry's box on it, scrolled into view.
  const canvas = page.locator('canvas.page-canvas');
  await expect(canvas).toHaveAttribute('data-rendered-page', String(clerk.trangSo));
  const box = page.locator(`[data-entry-box="${first!.entryId}"]`);
  await expect(box).toBeVisible();
  const frame = await page.locator('.page-frame').boundingBox();
  const boxArea = await box.boundingBox();
  expect(frame && boxArea).toBeTruthy();
  expect(boxArea!.y).toBeGreaterThanOrEqual(frame!.y - 1);
  expect(boxArea!.y + boxArea!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);

  // Before the blind read, no clerk's critical value of any entry is anywhere in the page.
  const html = await page.content();
  for (let i = 1; i <= ENTRIES; i++) {
    expect(html).not.toContain(wardName(i));
    expect(html).not.toContain(`${String(i).padStart(2, '0')}/2018`);
  }
  expect(html).not.toContain('05/03/2018');
  await expectNoSeriousA11yViolations(page, 'đọc độc lập');

  // The reviewer reads the page: số, dates as printed, the name read differently.
  const blind = page.locator('form.review-blind');
  await expect(blind.locator('input[name="so"]')).toBeFocused();
  await blind.locator('input[name="so"]').fill(String(clerk.so));
  await blind.locator('input[name="ngayDangKy"]').fill('05/03/2018');
  await blind.locator('input[name="nguoiDuocGiamHo.ngaySinh"]').fill(ward.ngaySinh);
  await blind.locator('input[name="nguoiDuocGiamHo.hoTen"]').fill('Nguyễn Văn Khác');
  await blind.locator('input[name="nguoiDuocGiamHo.hoTen"]').press('Enter');

  // Agreements are judged đúng by themselves; only the name is to be settled, with both values.
  await expect(field(page, 'so')).toHaveAttribute('data-status', 'blind-match');
  await expect(field(page, 'ngayDangKy')).toHaveAttribute('data-status', 'blind-match');
  await expect(field(page, 'nguoiDuocGiamHo.ngaySinh')).toHaveAttribute('data-status', 'blind-match');
  const name = field(page, 'nguoiDuocGiamHo.hoTen');
  await expect(name).toHaveAttribute('data-status', 'disagrees');
  await expect(name).toContainText(`Người nhập: ${ward.hoTen}`);
  await expect(name).toContainText('Bạn đọc: Nguyễn Văn Khác');
  await expect(page.locator('li[data-status="disagrees"]')).toHaveCount(1);
  await expect(name.getByRole('button', { name: 'Đúng (người nhập đúng)' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'đối chiếu');

  // Keyboard only: to the name, Sai, the read value comes from the blind read; a note; Enter.
  await focusByKeyboard(page, 'nguoiDuocGiamHo.hoTen');
  await page.keyboard.press('s');
  const dialog = page.getByRole('dialog', { name: /Sai:/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Giá trị đọc được trên trang')).toBeFocused();
  await expect(dialog.getByLabel('Giá trị đọc được trên trang')).toHaveValue('Nguyễn Văn Khác');
  await expectNoSeriousA11yViolations(page, 'hộp thoại sai');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Ghi chú')).toBeFocused();
  await page.keyboard.type('Chữ tên rõ trên trang');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(name).toHaveAttribute('data-status', 'wrong');
  await expect(name).toContainText('Đọc được trên trang: Nguyễn Văn Khác — Chữ tên rõ trên trang');

  // Esc closes the dialog without a verdict.
  const unchecked = page.locator('li[data-status="unchecked"]').first();
  const uncheckedPath = (await unchecked.getAttribute('data-path'))!;
  await focusByKeyboard(page, uncheckedPath);
  await page.keyboard.press('2');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(field(page, uncheckedPath)).toHaveAttribute('data-status', 'unchecked');
  await expect(field(page, uncheckedPath)).toBeFocused();

  // Đ on one field, then C: the rest đúng; the entry is judged and the progress says so.
  await page.keyboard.press('d'); // Đ on a Latin layout (keys.test.ts covers "đ")
  await expect(field(page, uncheckedPath)).toHaveAttribute('data-status', 'ok');
  await page.keyboard.press('c');
  await expect(page.locator('li[data-status="unchecked"]')).toHaveCount(0);
  await expect(page.getByTestId('review-progress')).toHaveText(`Mục 1/${sample.length}, đã kiểm 1`);

  // Alt+→: the next sampled entry, blind again.
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page).toHaveURL(new RegExp(`#/lo/${lot.id}/muc/${second!.entryId}$`));
  await expect(page.getByTestId('review-progress')).toHaveText(`Mục 2/${sample.length}, đã kiểm 1`);
  await expect(page.getByRole('heading', { name: 'Bạn đọc được gì trên trang?' })).toBeVisible();
  const other = typed.get(second!.entryId)!;
  const otherWard = other.nguoiDuocGiamHo as { hoTen: string; ngaySinh: string };
  await page.locator('input[name="so"]').fill(String(other.so));
  await page.locator('input[name="ngayDangKy"]').fill('05/03/2018');
  await page.locator('input[name="nguoiDuocGiamHo.hoTen"]').fill(otherWard.hoTen);
  await page.locator('input[name="nguoiDuocGiamHo.ngaySinh"]').fill(otherWard.ngaySinh);
  await page.keyboard.press('Enter');
  await expect(field(page, 'nguoiDuocGiamHo.hoTen')).toHaveAttribute('data-status', 'blind-match');
  await expect(page.locator('li[data-status="disagrees"]')).toHaveCount(0);

  // A verdict the hub refuses is shown, then taken back with the hub's message.
  const refusal = 'Lô này đã có quyết định; không ghi thêm kết quả kiểm tra.';
  await page.route('**/api/review/call/review.verdict', (route) =>
    route.fulfill({ status: 409, json: { error: { code: 'CONFLICT', message: refusal } } }),
  );
  const next = page.locator('li[data-status="unchecked"]').first();
  const nextPath = (await next.getAttribute('data-path'))!;
  await focusByKeyboard(page, nextPath);
  await page.keyboard.press('1');
  await expect(page.getByRole('alert')).toHaveText(`Chưa lưu được: ${refusal}`);
  await expect(field(page, nextPath)).toHaveAttribute('data-status', 'unchecked');
  await page.unroute('**/api/review/call/review.verdict');
  await focusByKeyboard(page, nextPath);
  await page.keyboard.press('1');
  await expect(field(page, nextPath)).toHaveAttribute('data-status', 'ok');

  // A reload keeps everything decided: this entry's verdict, the previous entry's whole review.
  await page.reload();
  await expect(field(page, nextPath)).toHaveAttribute('data-status', 'ok');
  await expect(field(page, 'so')).toHaveAttribute('data-status', 'blind-match');
  await expect(page.getByTestId('review-progress')).toHaveText(`Mục 2/${sample.length}, đã kiểm 1`);
  await page.locator(`li[data-path="${nextPath}"]`).focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`#/lo/${lot.id}/muc/${first!.entryId}$`));
  await expect(field(page, 'nguoiDuocGiamHo.hoTen')).toHaveAttribute('data-status', 'wrong');
  await expect(field(page, 'nguoiDuocGiamHo.hoTen')).toContainText('Đọc được trên trang: Nguyễn Văn Khác');
  await expect(field(page, uncheckedPath)).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('li[data-status="unchecked"]')).toHaveCount(0);
  await expect(page.getByTestId('review-progress')).toHaveText(`Mục 1/${sample.length}, đã kiểm 1`);

  // What the hub holds agrees with the screen.
  const after = await hubCall<LotDetail>(page, 'lots.get', { lotId: lot.id });
  expect(after.sample.find((s) => s.entryId === first!.entryId)).toMatchObject({ judged: true, defective: true });
  expect(after.progress.judged).toBe(1);
  await expectNoSeriousA11yViolations(page, 'kiểm tra từng ô');

  // The rest of the sample judged (through the API, as another reviewer would): the screen says
  // the sample is done and leads back to the lot page for the decision.
  for (const item of sample.slice(1)) {
    const data = typed.get(item.entryId)!;
    const person = data.nguoiDuocGiamHo as { hoTen: string; ngaySinh: string };
    const reads = [
      { path: 'so', value: String(data.so) },
      { path: 'ngayDangKy', value: '05/03/2018' },
      { path: 'nguoiDuocGiamHo.hoTen', value: person.hoTen },
      { path: 'nguoiDuocGiamHo.ngaySinh', value: person.ngaySinh },
    ];
    if (item.entryId !== second!.entryId)
      await hubCall(page, 'review.blindRead', { lotId: lot.id, entryId: item.entryId, reads });
    await hubCall(page, 'review.markRestOk', { lotId: lot.id, entryId: item.entryId });
  }
  const last = sample[sample.length - 1]!;
  await page.goto(`${appUrl()}#/lo/${lot.id}/muc/${last.entryId}`);
  await expect(page.getByTestId('review-progress')).toHaveText(
    `Mục ${sample.length}/${sample.length}, đã kiểm ${sample.length}`,
  );
  await expect(page.getByRole('button', { name: /Mục sau/ })).toBeDisabled();
  const done = page.getByRole('status').filter({ hasText: 'Đã kiểm xong cả mẫu' });
  await expect(done).toContainText(`(${sample.length}/${sample.length})`);
  await done.getByRole('link', { name: 'Về trang lô để quyết định nghiệm thu' }).click();
  await expect(page).toHaveURL(new RegExp(`#/lo/${lot.id}$`));
});
