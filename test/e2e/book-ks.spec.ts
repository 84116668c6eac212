/**
 * Issue 12, the KS book in the browser: a clerk adds a birth-registration book through the UI,
 * types the required fields of one entry with the keyboard (the generic form drawn from
 * shared/book-types/ks.ts), saves it, reopens it, and sees a cross-field warning ("đúng hạn"
 * registered more than 60 days after the birth), live while typing and counted in the book's list.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

test('a KS book: added in the UI, one entry typed with the keyboard, saved, reopened with its warning', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-khai-sinh-2018.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await field(page, 'Loại sổ').selectOption('KS');
  await field(page, 'Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Tân Lập');
  await field(page, 'Quyển số').fill('01/2018');
  await field(page, 'Năm mở sổ').fill('2018');
  await field(page, 'Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)').setInputFiles([pdf]);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký khai sinh — quyển 01/2018' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Trường hợp đăng ký khai sinh' });
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  const child = page.getByRole('group', { name: 'Người được khai sinh', exact: true });
  // The book opens with the cursor in "Số".
  await expect(field(registration, 'Số')).toBeFocused();
  await page.keyboard.type('01/2018');
  await field(registration, 'Ngày, tháng, năm đăng ký').focus();
  await page.keyboard.type('05032018');
  await page.keyboard.press('Tab');
  await expect(field(registration, 'Ngày, tháng, năm đăng ký')).toHaveValue('05/03/2018');
  await expect(field(form, 'Loại đăng ký')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // the first kind of the list: "Đăng ký đúng hạn"
  await expect(field(form, 'Loại đăng ký')).toHaveValue('1');
  await page.keyboard.press('Tab');
  await expect(field(child, 'Họ, chữ đệm, tên')).toBeFocused();
  await page.keyboard.type('Trần Minh An');
  await page.keyboard.press('Tab');
  await page.keyboard.type('01012018');
  await page.keyboard.press('Tab');
  await expect(field(child, 'Ngày, tháng, năm sinh')).toHaveValue('01/01/2018');
  const warning = 'Lưu ý: Đăng ký đúng hạn nhưng ngày đăng ký sau ngày sinh hơn 60 ngày (63 ngày)';
  await expect(form.getByText(warning)).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();

  // Saved with its warning (the book's list counts it), and reopened from that list.
  const row = page.getByRole('row', { name: /Xem trường hợp số 01\/2018/ });
  await expect(row).toContainText('Trần Minh An');
  await expect(row).toContainText('1 cảnh báo');
  await page.getByRole('button', { name: 'Xem trường hợp số 01/2018' }).click();
  const view = page.getByLabel('Nội dung trường hợp (chỉ xem)');
  await expect(view).toContainText('Trần Minh An');
  await expect(view).toContainText('01/01/2018');
  await expect(view).toContainText('Đăng ký đúng hạn');
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  await expect(field(child, 'Họ, chữ đệm, tên')).toHaveValue('Trần Minh An');
  await expect(field(form, 'Loại đăng ký')).toHaveValue('1');
  // The reopened entry shows its warning beside its field before anything is changed.
  await expect(form.getByText(warning)).toBeVisible();
});
