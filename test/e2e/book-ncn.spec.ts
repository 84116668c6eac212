/**
 * Issue 12, the NCN book (sổ đăng ký nuôi con nuôi) as a clerk meets it: created through "Thêm
 * sổ", one entry typed keyboard-only into the form its layout draws, saved, reopened, and a
 * cross-field warning of the adoption law shown next to its field.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const form = (page: Page) => page.locator('form.entry-form');
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });
const group = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

async function typeInto(scope: Locator, label: string, text: string) {
  await field(scope, label).focus();
  await scope.page().keyboard.type(text);
}

test('a NCN book: created in the app, an entry typed with the keyboard, saved, reopened with its warning', async ({
  page,
}) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-nuoi-con-nuoi.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await field(page, 'Loại sổ').selectOption('NCN');
  await field(page, 'Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Tân Lập');
  await field(page, 'Quyển số').fill('01/2018');
  await field(page, 'Năm mở sổ').fill('2018');
  await field(page, 'Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)').setInputFiles(pdf);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký nuôi con nuôi — quyển 01/2018' })).toBeVisible();

  // The form opens with the cursor in "Số"; the foreign block waits for its kind of registration.
  const registration = group(page, 'Đăng ký');
  await expect(field(registration, 'Số')).toBeFocused();
  await expect(group(page, 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài')).toHaveCount(0);
  await page.keyboard.type('01/2018');
  await typeInto(form(page), 'Ngày, tháng, năm đăng ký', '05032018');
  await page.keyboard.press('Tab');
  await expect(field(form(page), 'Ngày, tháng, năm đăng ký')).toHaveValue('05/03/2018');
  await field(form(page), 'Loại đăng ký').focus();
  await page.keyboard.type('G'); // "Ghi vào sổ …", picked by its first letter
  await expect(group(page, 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // back up the list to "Đăng ký nuôi con nuôi"
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('dang-ky');
  await expect(group(page, 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài')).toHaveCount(0);

  await typeInto(group(page, 'Cha nuôi'), 'Họ, chữ đệm, tên', 'Trần Văn Nam');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1980');
  const child = group(page, 'Con nuôi');
  await typeInto(child, 'Họ, chữ đệm, tên', 'Nguyễn Thị Bé');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2001'); // 16 or 17 at registration: not under 16
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();

  // Reopened from the book's list: what was typed, and the warning saved with it.
  await page.getByRole('button', { name: 'Xem trường hợp số 01/2018' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018' })).toBeVisible();
  const view = page.getByLabel('Nội dung trường hợp (chỉ xem)');
  await expect(view).toContainText('Nguyễn Thị Bé');
  await expect(view).toContainText('Trần Văn Nam');
  await expect(page.locator('ul.warnings')).toContainText(
    /Lưu ý: Con nuôi đã 16–17 tuổi khi đăng ký \(con nuôi phải dưới 16 tuổi/,
  );
});
