/**
 * Issue 12, KT (sổ đăng ký khai tử) in the browser: a clerk creates the book through "Thêm sổ",
 * types the required fields of one entry with the keyboard, saves it, opens it again, and sees the
 * book's cross-field warning ("đúng hạn" registered more than 15 days after the death): live while
 * typing, saved with the entry (the book's list), and again in the reopened form.
 * Imports nothing that loads the catalogs' JSON (the generic EntryForm draws the KT layout).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const form = (page: Page) => page.locator('form.entry-form');
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });
const LATE_WARNING = /Đăng ký đúng hạn nhưng ngày đăng ký sau ngày chết 20 ngày/;

test('a KT book: created in the app, one entry typed, saved, reopened with its warning', async ({ page }) => {
  test.setTimeout(120_000);
  const pdf = await makeBookPdf(path.join(session.scansDir, 'khai-tu.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await field(page, 'Loại sổ').selectOption('KT');
  await field(page, 'Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Chiềng Mung');
  await field(page, 'Quyển số').fill('01/2019');
  await field(page, 'Năm mở sổ').fill('2019');
  await field(page, 'Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)').setInputFiles([pdf]);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký khai tử — quyển 01/2019' })).toBeVisible();

  // The book opens on a new entry, the cursor in "Số".
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  await expect(field(registration, 'Số')).toBeFocused();
  await page.keyboard.type('01/2019');
  await field(form(page), 'Ngày, tháng, năm đăng ký').focus();
  await page.keyboard.type('12032019');
  await page.keyboard.press('Tab');
  await expect(field(form(page), 'Ngày, tháng, năm đăng ký')).toHaveValue('12/03/2019');
  await field(form(page), 'Loại đăng ký').focus();
  await page.keyboard.press('ArrowDown'); // the first kind: đăng ký đúng hạn
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('dung-han');
  const deceased = page.getByRole('group', { name: 'Người chết', exact: true });
  await field(deceased, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Lò Văn Páo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1938'); // the book gives only the year of birth
  const death = page.getByRole('group', { name: 'Việc chết', exact: true });
  await field(death, 'Ngày, tháng, năm chết').focus();
  await page.keyboard.type('20022019');
  await page.keyboard.press('Tab');
  await expect(form(page).getByText(LATE_WARNING)).toBeVisible();

  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2019.')).toBeVisible();

  // Found again without diacritics, opened, and edited: the warning is there again.
  await page.goto(session.host!.openUrl);
  await page.getByRole('link', { name: 'Tìm trường hợp' }).click();
  await field(page, 'Họ tên hoặc số (gõ không dấu cũng được)').fill('lo van pao');
  await page.getByRole('table').getByRole('link', { name: '01/2019' }).click();
  await page.getByRole('button', { name: 'Sửa số 01/2019' }).click();
  await expect(field(page.getByRole('group', { name: 'Người chết', exact: true }), 'Họ, chữ đệm, tên')).toHaveValue(
    'Lò Văn Páo',
  );
  await expect(field(form(page), 'Ngày, tháng, năm chết')).toHaveValue('20/02/2019');
  // The warning was saved with the entry, and the form shows it again as soon as the date is touched.
  const entries = page.getByRole('table', { name: 'Các trường hợp đã nhập (1)' });
  await expect(entries.getByRole('row', { name: /Xem trường hợp số 01\/2019/ })).toContainText('1 cảnh báo');
  await field(form(page), 'Ngày, tháng, năm chết').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('20022019');
  await page.keyboard.press('Tab');
  await expect(form(page).getByText(LATE_WARNING)).toBeVisible();
});
