/**
 * Issue 12, the HN book (sổ cấp giấy xác nhận tình trạng hôn nhân) as a clerk works it: the book
 * created through "Thêm sổ", one entry typed with the keyboard in the generic form drawn from the
 * type's layout, saved, opened again read-only with its saved warning, and the same cross-field
 * warning (under marriageable age for a certificate for marriage) live in the form.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

/** What the rule says of a woman born 11/02/2003 given a certificate for marriage on 14/06/2019. */
const UNDER_AGE = 'Người được xác nhận mới 16 tuổi khi cấp giấy để kết hôn (nữ phải từ đủ 18 tuổi): kiểm tra lại';

test('an HN book: created in the app, one entry typed with the keyboard, saved, reopened with its warning', async ({
  page,
}) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-hn.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await field(page, 'Loại sổ').selectOption('HN');
  await field(page, 'Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Chiềng Ly');
  await field(page, 'Quyển số').fill('01/2019');
  await field(page, 'Năm mở sổ').fill('2019');
  await field(page, 'Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)').setInputFiles([pdf]);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(
    page.getByRole('heading', { name: 'Sổ cấp giấy xác nhận tình trạng hôn nhân — quyển 01/2019' }),
  ).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page="1"]')).toBeVisible();

  const form = page.locator('form.entry-form');
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  const person = page.getByRole('group', { name: 'Người được xác nhận tình trạng hôn nhân' });
  await field(registration, 'Số').focus();
  await page.keyboard.type('01/2019');
  await field(registration, 'Ngày, tháng, năm cấp').focus();
  await page.keyboard.type('14062019');
  await page.keyboard.press('Tab');
  await expect(field(registration, 'Ngày, tháng, năm cấp')).toHaveValue('14/06/2019');
  await field(person, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Lò Thị Xuân');
  await page.keyboard.press('Tab');
  await page.keyboard.type('11022003');
  await field(person, 'Giới tính').focus();
  await page.keyboard.type('2'); // the code leads the option: "2 – Nữ"
  await expect(field(person, 'Giới tính')).toHaveValue('2');
  await field(person, 'Dân tộc').focus();
  await page.keyboard.type('thai');
  await page.keyboard.press('Tab');
  await expect(field(person, 'Dân tộc')).toHaveValue('Thái');
  await field(form, 'Tình trạng hôn nhân').focus();
  await page.keyboard.type('Chưa đăng ký kết hôn với ai');
  await page.keyboard.press('Tab');
  await page.keyboard.type('K'); // Loại mục đích sử dụng: "Kết hôn", by its first letter
  await expect(field(form, 'Loại mục đích sử dụng')).toHaveValue('ket-hon');

  // The cross-field warning shows beside the birth date as the clerk types; it does not block saving.
  await expect(person.getByText(UNDER_AGE)).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2019.')).toBeVisible();
  // The next entry: số proposed, quyển and ngày cấp carried over.
  await expect(field(registration, 'Số')).toHaveValue('02/2019');
  await expect(field(registration, 'Quyển số')).toHaveValue('01/2019');
  await expect(field(registration, 'Ngày, tháng, năm cấp')).toHaveValue('14/06/2019');

  // Opened again: read-only, with what was typed and the warning saved with it.
  await page.getByRole('button', { name: 'Xem trường hợp số 01/2019' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2019' })).toBeVisible();
  const entry = page.getByLabel('Nội dung trường hợp (chỉ xem)');
  await expect(entry).toContainText('Lò Thị Xuân');
  await expect(entry).toContainText('Chưa đăng ký kết hôn với ai');
  await expect(page.locator('section.entry ul.warnings')).toContainText(UNDER_AGE);
});
