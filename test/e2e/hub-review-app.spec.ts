/**
 * The district review app (`/kiem-tra/`, built from renderer/hub) in Chromium against a real hub
 * (`sohoa-hub serve`, PGlite) to which a commune's book was sent by `sohoa sync push`: login and
 * its refusal, the lots list, the lot's plan and operating characteristic as ISO 2859-1 gives
 * them, a seeded draw, the error-rate tables and charts, the district administrator's users and
 * settings, a reviewer kept out of them, a session that ended, and the axe accessibility check.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ErrorRates, LotDetail, LotSummary, ReviewEntry } from '../../shared/review/hub-api';
import { operatingCharacteristic, samplingPlan } from '../../shared/review/iso2859';
import { DEFAULT_AQL } from '../../shared/review/review';

/** The critical fields of a GH entry (the fixture's book), read blind first. */
const GH_CRITICAL = ['so', 'ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'nguoiDuocGiamHo.ngaySinh'];
import {
  DISTRICT_ADMIN,
  hubCall,
  logInHubApp,
  percentText,
  REVIEWER,
  REVIEW_COMMUNE,
  seedReviewLot,
  type HubStaff,
  type SeededLot,
} from './review-fixture';
import { expectNoSeriousA11yViolations } from './a11y';

test.describe.configure({ mode: 'serial' });

const ENTRIES = 20;
let seeded: SeededLot | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  seeded = await seedReviewLot(ENTRIES);
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

test('login refuses a wrong password in Vietnamese; a reviewer sees the lot and not the users page', async ({
  page,
}) => {
  await page.goto(appUrl());
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'đăng nhập');
  await page.getByLabel('Tên đăng nhập').fill(REVIEWER.username);
  await page.getByLabel('Mật khẩu').fill('mat-khau-sai');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);

  await page.getByLabel('Mật khẩu').fill(REVIEWER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText(`${REVIEWER.displayName} (Kiểm tra viên)`)).toBeVisible();

  // The lot of the book the commune sent, waiting for its draw.
  await expect(page.getByRole('heading', { name: 'Lô kiểm tra' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: REVIEW_COMMUNE.name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('01/2018');
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(ENTRIES));
  await expect(row).toContainText('Chờ kiểm tra');
  await expect(row).toContainText('Chưa rút mẫu');
  await page.getByLabel('Trạng thái').selectOption({ label: 'Đạt' });
  await expect(page.getByText('Không có lô nào.')).toBeVisible();
  await page.getByLabel('Trạng thái').selectOption({ label: 'Chờ kiểm tra' });
  await expect(row).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'danh sách lô');

  // No users or settings for a reviewer: not in the menu, and refused by address.
  await expect(page.getByRole('link', { name: 'Người dùng' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Cài đặt' })).toHaveCount(0);
  await page.goto(`${appUrl()}#/nguoi-dung`);
  await expect(page.getByRole('heading', { name: 'Không có quyền' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tạo tài khoản' })).toHaveCount(0);
  // The hub refuses it too, whatever the page shows.
  await expect(hubCall(page, 'users.list', {})).rejects.toThrow(/FORBIDDEN/);
});

test('the lot page shows the ISO 2859-1 plan and its OC figures; a draw with a seed shows the seed and n', async ({
  page,
}) => {
  await logIn(page, REVIEWER);
  await page.getByRole('link', { name: /01\/2018/ }).click();
  await expect(page.getByRole('heading', { name: /Phương án lấy mẫu/ })).toBeVisible();

  const plan = samplingPlan(ENTRIES, DEFAULT_AQL);
  await expect(page.getByTestId('lot-size')).toHaveText(`${ENTRIES} trường hợp`);
  await expect(page.getByTestId('plan-code')).toHaveText(plan.codeLetter);
  await expect(page.getByTestId('plan-n')).toHaveText(String(plan.sampleSize));
  await expect(page.getByTestId('plan-ac')).toHaveText(String(plan.accept));
  await expect(page.getByTestId('plan-re')).toHaveText(String(plan.reject));
  const oc = operatingCharacteristic(plan, ENTRIES);
  const at = (p: number) => oc.find((point) => point.percentDefective === p)!.probabilityAccept;
  await expect(page.getByTestId('oc-1')).toHaveText(percentText(at(1)));
  await expect(page.getByTestId('oc-5')).toHaveText(percentText(at(5)));
  await expect(page.getByRole('application', { name: 'Biểu đồ đường đặc tính OC' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'lô (chưa rút mẫu)');

  // A seed that is not a number is refused with the contract's message; then a real draw.
  const seedField = page.getByLabel('Hạt giống (để lặp lại lần rút)');
  await seedField.fill('abc');
  await page.getByRole('button', { name: 'Rút mẫu' }).click();
  await expect(page.getByRole('alert')).toContainText('Hạt giống là số nguyên dương');
  await seedField.fill('20261130');
  await page.getByRole('button', { name: 'Rút mẫu' }).click();
  await expect(page.getByTestId('seed')).toHaveText('20261130');
  await expect(page.getByText(`Cỡ mẫu ngẫu nhiên n = ${plan.sampleSize}`)).toBeVisible();
  const sample = page.getByRole('table', { name: 'Các mục trong mẫu' });
  await expect(sample.getByRole('row').filter({ hasText: 'Chọn ngẫu nhiên' })).toHaveCount(plan.sampleSize);
  await expect(page.getByText(/Đã kiểm 0\/\d+ mục/)).toBeVisible();
  // Numbered from 1, as the review screen's "Mục 1/n" counts them.
  const sampleRows = sample.getByRole('row');
  await expect(sampleRows.nth(1).getByRole('cell').first()).toHaveText('1');
  await expect(sampleRows.last().getByRole('cell').first()).toHaveText(String((await sampleRows.count()) - 1));
  // Each sampled entry links into the review screen.
  const lotId = /#\/lo\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(sample.getByRole('link').first()).toHaveAttribute(
    'href',
    new RegExp(`^#/lo/${lotId}/muc/[0-9a-f-]{36}$`),
  );
  // …and the link opens it (the review screen itself is hub-review-screen.spec.ts's).
  const firstEntry = sample.getByRole('link').first();
  const entryHref = await firstEntry.getAttribute('href');
  await firstEntry.click();
  await expect(page).toHaveURL(new RegExp(`${entryHref!}$`));
  await expect(page.getByRole('region', { name: 'Trường hợp như người nhập đã ghi' })).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('proposed')).toContainText('chưa đủ căn cứ');
  await expect(page.getByRole('button', { name: 'Xác nhận: Đạt' })).toBeDisabled();
  await expectNoSeriousA11yViolations(page, 'lô (đã rút mẫu)');

  // Reloading keeps the recorded seed (the draw happened once, on the hub).
  await page.reload();
  await expect(page.getByTestId('seed')).toHaveText('20261130');
  const detail = await hubCall<LotDetail>(page, 'lots.get', { lotId });
  expect(detail.seed).toBe('20261130');
  expect(detail.sample.filter((s) => s.reasons.includes('random'))).toHaveLength(plan.sampleSize);
});

/**
 * Judges every sampled entry through the review API (the review screen is another spec's): blind
 * reads of the critical fields, the ward's name of the first random entry judged wrong, all else
 * đúng. Returns that entry's id.
 */
async function judgeWholeSample(page: Page, lotId: string): Promise<string> {
  const lot = await hubCall<LotDetail>(page, 'lots.get', { lotId });
  const wrongEntry = lot.sample.find((s) => s.reasons.includes('random'))!.entryId;
  for (const item of lot.sample) {
    const first = await hubCall<ReviewEntry>(page, 'review.entry', { lotId, entryId: item.entryId });
    let entry = first;
    if (first.blindPending) {
      const reads = GH_CRITICAL.filter((path) =>
        first.fields.some((f) => f.path === path && f.blindValue === null),
      ).map((path) => ({ path, value: 'đọc mù' }));
      entry = await hubCall<ReviewEntry>(page, 'review.blindRead', { lotId, entryId: item.entryId, reads });
    }
    for (const field of entry.fields) {
      if (field.verdict !== null) continue;
      const wrong = item.entryId === wrongEntry && field.path === 'nguoiDuocGiamHo.hoTen';
      if (!wrong && !field.blindDisagrees) continue;
      await hubCall<ReviewEntry>(page, 'review.verdict', {
        lotId,
        entryId: item.entryId,
        path: field.path,
        ...(wrong
          ? { verdict: 'wrong', readValue: 'Nguyễn Văn Đọc Lại', note: 'Trang ghi tên khác' }
          : { verdict: 'ok' }),
      });
    }
    await hubCall<ReviewEntry>(page, 'review.markRestOk', { lotId, entryId: item.entryId });
  }
  return wrongEntry;
}

test('the decision follows the plan with a confirm step, then the minutes link and the requests to the commune', async ({
  page,
}) => {
  await logIn(page, REVIEWER);
  await page.getByRole('link', { name: /01\/2018/ }).click();
  await expect(page.getByTestId('seed')).toBeVisible();
  const lotId = /#\/lo\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await judgeWholeSample(page, lotId);
  await page.reload();

  const plan = samplingPlan(ENTRIES, DEFAULT_AQL);
  const total = (await hubCall<LotDetail>(page, 'lots.get', { lotId })).sample.length;
  await expect(page.getByText(`Đã kiểm ${total}/${total} mục`)).toBeVisible();
  await expect(page.getByTestId('decision-numbers')).toContainText(
    `Số mục lỗi trong mẫu ngẫu nhiên: 1 (chấp nhận khi ≤ Ac = ${plan.accept}, loại bỏ khi ≥ Re = ${plan.reject})`,
  );
  const rejects = plan.reject <= 1;
  await expect(page.getByTestId('proposed')).toContainText(rejects ? 'Không đạt' : 'Đạt');
  const confirm = page.getByRole('button', { name: rejects ? 'Xác nhận: Không đạt' : 'Xác nhận: Đạt' });
  await expect(page.getByRole('button', { name: rejects ? 'Xác nhận: Đạt' : 'Xác nhận: Không đạt' })).toBeDisabled();
  await page.getByLabel('Ghi chú kết luận').fill('Tên người được giám hộ sai so với trang');
  await confirm.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  // Cancelling decides nothing.
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await hubCall<LotDetail>(page, 'lots.get', { lotId })).state).toBe('in_review');
  // By keyboard: Enter opens the confirmation, Esc closes it.
  await confirm.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Đồng ý' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await confirm.click();
  await expect(dialog.getByRole('button', { name: 'Đồng ý' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'xác nhận kết luận');
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('decision')).toContainText(rejects ? 'Không đạt' : 'Đạt');
  await expect(page.getByText('Ghi chú: Tên người được giám hộ sai so với trang')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tải biên bản nghiệm thu (PDF)' })).toHaveAttribute(
    'href',
    `/api/review/lots/${lotId}/bien-ban.pdf`,
  );
  const exchange = page.getByRole('table', { name: 'Yêu cầu sửa và trả lời của xã' });
  const request = exchange.getByRole('row').filter({ hasText: 'Nguyễn Văn Đọc Lại' });
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('Trang ghi tên khác');
  await expect(request).toContainText('Chưa trả lời');
  await expectNoSeriousA11yViolations(page, 'lô đã kết luận');

  await page.getByRole('link', { name: 'Lô kiểm tra' }).click();
  const row = page.getByRole('row').filter({ hasText: REVIEW_COMMUNE.name });
  await expect(row).toContainText(rejects ? 'Không đạt' : 'Đạt');
  await expect(row).toContainText(`${total}/${total}`);
});

test('thống kê: error rates per clerk, book and field, as tables and bar charts, filtered by period', async ({
  page,
}) => {
  await logIn(page, REVIEWER);
  await page.getByRole('link', { name: 'Thống kê' }).click();
  for (const [id, title] of [
    ['by-clerk', 'Theo cán bộ nhập'],
    ['by-book', 'Theo sổ'],
    ['by-field', 'Theo ô'],
  ] as const) {
    const block = page.getByTestId(id);
    await expect(block.getByRole('application', { name: `Biểu đồ: ${title}` })).toBeVisible();
    await expect(block.locator('.recharts-bar-rectangle').first()).toBeAttached();
    await expect(block.getByRole('table')).toBeVisible();
  }
  const field = page
    .getByTestId('by-field')
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
  await expect(field.first()).toBeVisible();
  // The one lot decided so far: its whole sample judged, one entry and one field wrong.
  const book = page.getByTestId('by-book').getByRole('row').filter({ hasText: '01/2018' });
  await expect(book).toHaveCount(1);
  const rates = await hubCall<ErrorRates>(page, 'stats.errorRates', {});
  const lots = await hubCall<LotSummary[]>(page, 'lots.list', {});
  const judged = lots[0]!.progress.sampled;
  expect(rates.byBook).toHaveLength(1);
  expect(rates.byBook[0]).toMatchObject({ entriesJudged: judged, defectiveEntries: 1, wrongFields: 1 });
  const cells = book.getByRole('cell');
  await expect(cells.nth(0)).toHaveText(String(judged));
  await expect(cells.nth(1)).toHaveText('1');
  await expect(cells.nth(2)).toHaveText((100 / judged).toFixed(1).replace('.', ','));
  await expect(cells.nth(4)).toHaveText('1');
  const nameField = page.getByTestId('by-field').getByRole('row').filter({ hasText: 'Họ, chữ đệm, tên' });
  await expect(nameField.first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'thống kê');

  // A period before anything was judged: nothing to show.
  await page.getByLabel('Từ ngày').fill('2001-01-01');
  await page.getByLabel('Đến ngày').fill('2001-12-31');
  await page.getByRole('button', { name: 'Xem' }).click();
  await expect(page.getByText('Chưa có mục nào được kiểm trong khoảng thời gian này.')).toHaveCount(3);
});

test('a district administrator creates a reviewer and sets the AQL; the new reviewer logs in', async ({
  page,
  browser,
}) => {
  await logIn(page, DISTRICT_ADMIN);
  await expect(page.getByText(`${DISTRICT_ADMIN.displayName} (Quản trị huyện)`)).toBeVisible();
  await page.getByRole('link', { name: 'Người dùng' }).click();
  const users = page.getByRole('table', { name: 'Tài khoản của huyện' });
  await expect(users.getByRole('row').filter({ hasText: REVIEWER.username })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tạo tài khoản kiểm tra viên' })).toBeVisible();

  // Bad input: the contract's Vietnamese message, nothing created.
  await page.getByLabel('Tên đăng nhập').fill('Có Dấu');
  await page.getByLabel('Họ tên').fill('Phạm Thị Bình');
  await page.getByLabel('Mật khẩu ban đầu').fill('mat-khau-moi-1');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('alert')).toContainText('Tên đăng nhập gồm 3–64 chữ thường không dấu');

  await page.getByLabel('Tên đăng nhập').fill('kiemtra.binh');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã tạo tài khoản kiemtra.binh (Kiểm tra viên).');
  const created = users.getByRole('row').filter({ hasText: 'kiemtra.binh' });
  await expect(created).toContainText('Phạm Thị Bình');
  await expect(created).toContainText('Đang dùng');
  await expectNoSeriousA11yViolations(page, 'người dùng');

  await page.getByRole('link', { name: 'Cài đặt' }).click();
  const aql = page.getByLabel('Mức chất lượng chấp nhận (AQL, % mục lỗi)');
  await expect(aql).toHaveValue('1');
  await aql.selectOption({ label: '2,5' });
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('status')).toContainText('Đã lưu: AQL 2,5');
  await page.reload();
  await expect(page.getByLabel('Mức chất lượng chấp nhận (AQL, % mục lỗi)')).toHaveValue('2.5');
  await expectNoSeriousA11yViolations(page, 'cài đặt');

  const other = await browser.newContext({ locale: 'vi-VN' });
  const otherPage = await other.newPage();
  await logIn(otherPage, { ...REVIEWER, username: 'kiemtra.binh', password: 'mat-khau-moi-1' });
  await expect(otherPage.getByText('Phạm Thị Bình (Kiểm tra viên)')).toBeVisible();

  // Locking the account ends its session: its next step brings the login back.
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await users.getByRole('button', { name: 'Khóa kiemtra.binh' }).click();
  await expect(created).toContainText('Đã khóa');
  await otherPage.getByRole('link', { name: 'Thống kê' }).click();
  await expect(otherPage.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await users.getByRole('button', { name: 'Mở khóa kiemtra.binh' }).click();
  await expect(created).toContainText('Đang dùng');
  await other.close();
});

test('a session that ended sends the reviewer to the login screen and back to the same screen; Đăng xuất', async ({
  page,
  context,
}) => {
  await logIn(page, REVIEWER, '#/thong-ke');
  await expect(page.getByRole('heading', { name: 'Thống kê lỗi' })).toBeVisible();
  // The hub no longer knows the browser's session (the cookie is gone, as after the idle timeout).
  await context.clearCookies();
  await page.getByRole('link', { name: 'Lô kiểm tra' }).click();
  await expect(page.getByRole('status')).toHaveText('Phiên làm việc đã hết hạn, hãy đăng nhập lại');
  await expect(page).toHaveURL(/#\/lo$/);
  await page.getByLabel('Tên đăng nhập').fill(REVIEWER.username);
  await page.getByLabel('Mật khẩu').fill(REVIEWER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { name: 'Lô kiểm tra' })).toBeVisible();

  // Đổi mật khẩu: a wrong current password is refused in Vietnamese.
  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
  await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-nua');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-2');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-3');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('alert')).toHaveText('Hai lần nhập mật khẩu mới không giống nhau');
  await expectNoSeriousA11yViolations(page, 'đổi mật khẩu');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
});
