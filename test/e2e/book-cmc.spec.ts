/**
 * Issue 12, the CMC book (nhận cha, mẹ, con) in the browser: the generic form draws its layout.
 * A clerk creates the book in the UI, types the required fields of one entry with the keyboard,
 * saves it, reopens it, and sees the cross-field warning on the parent's age.
 *
 * Imports nothing that loads the catalogs' JSON (shared/book-types, column sets): Playwright's
 * loader cannot.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const form = (page: Page) => page.locator('form.entry-form');
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

const UNDER_TWELVE = 'Mẹ mới 10–11 tuổi khi con sinh ra (dưới 12 tuổi): kiểm tra lại ngày sinh';

test('a CMC book: created in the UI, one entry typed keyboard-only, reopened with its warning', async ({ page }) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-nhan-cha-me-con-2019.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await field(page, 'Loại sổ').selectOption('CMC');
  await field(page, 'Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Chiềng Pằn, huyện Yên Châu');
  await field(page, 'Quyển số').fill('01/2019');
  await field(page, 'Năm mở sổ').fill('2019');
  await field(page, 'Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)').setInputFiles(pdf);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký nhận cha, mẹ, con — quyển 01/2019' })).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page]')).toBeVisible();

  // The book's blocks, as the generic form draws them.
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  const parent = page.getByRole('group', { name: 'Phần ghi về cha, mẹ' });
  const child = page.getByRole('group', { name: 'Phần ghi về con' });
  await expect(page.getByRole('group', { name: 'Người đi đăng ký' })).toBeVisible();
  // The foreign-registration block only for that kind of registration.
  const foreign = page.getByRole('group', { name: 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài' });
  await expect(foreign).toHaveCount(0);

  // Keyboard only: the required fields.
  await field(registration, 'Số').focus();
  await page.keyboard.type('01/2019');
  await field(form(page), 'Ngày, tháng, năm đăng ký').focus();
  await page.keyboard.type('14052019');
  await page.keyboard.press('Tab');
  await expect(field(form(page), 'Ngày, tháng, năm đăng ký')).toHaveValue('14/05/2019');
  await field(form(page), 'Loại đăng ký').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // the third kind: recorded from abroad
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('3');
  await expect(foreign).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // back to a registration made here
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('1');
  await expect(foreign).toHaveCount(0);
  await field(form(page), 'Loại xác nhận').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // Mẹ nhận con
  await expect(field(form(page), 'Loại xác nhận')).toHaveValue('2');
  await field(parent, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Cà Thị Xuân');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2001'); // the book gives only the year
  await field(child, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Lò Thị Mai');
  await page.keyboard.press('Tab');
  await page.keyboard.type('082012');
  await page.keyboard.press('Tab');
  await expect(field(child, 'Ngày, tháng, năm sinh')).toHaveValue('08/2012');
  // The cross-field rule, as a warning next to the parent's birth date: saving is still allowed.
  await expect(parent.getByText(UNDER_TWELVE)).toBeVisible();
  await page.keyboard.press('Control+Enter');
  const savedStatus = page.getByRole('status').filter({ hasText: 'Đã lưu trường hợp số 01/2019.' });
  await expect(savedStatus).toContainText(`Lưu ý: ${UNDER_TWELVE}`);

  // Reopen it: the warning saved with it, then the form with the values typed.
  await page.getByRole('button', { name: 'Xem trường hợp số 01/2019' }).click();
  await expect(page.getByText(`Lưu ý: ${UNDER_TWELVE}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sửa trường hợp số 01/2019' })).toBeVisible();
  await expect(field(parent, 'Họ, chữ đệm, tên')).toHaveValue('Cà Thị Xuân');
  await expect(field(parent, 'Ngày, tháng, năm sinh')).toHaveValue('2001');
  await expect(field(child, 'Họ, chữ đệm, tên')).toHaveValue('Lò Thị Mai');
  await expect(field(child, 'Ngày, tháng, năm sinh')).toHaveValue('08/2012');
  await expect(field(form(page), 'Loại xác nhận')).toHaveValue('2');
  // A plausible year clears the warning as the clerk types.
  await field(parent, 'Ngày, tháng, năm sinh').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1990');
  await page.keyboard.press('Tab');
  await expect(parent.getByText(UNDER_TWELVE)).toHaveCount(0);
  await field(parent, 'Ngày, tháng, năm sinh').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('2001');
  await page.keyboard.press('Tab');
  await expect(parent.getByText(UNDER_TWELVE)).toBeVisible();
});
