/**
 * Issue 12, the KH book (đăng ký kết hôn) in the browser: a clerk adds a KH book from its scan,
 * types one entry's required fields with the keyboard into the form drawn from the KH layout,
 * sees the legal-age warning, saves, and opens the entry again.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

const form = (page: Page) => page.locator('form.entry-form');
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

const UNDER_AGE =
  'Bên chồng mới 19 tuổi khi đăng ký kết hôn (Luật Hôn nhân và gia đình 2014: nam từ đủ 20 tuổi; ' +
  'luật trước đây tính khác): kiểm tra lại ngày sinh và ngày đăng ký';

test('a clerk adds a KH book, types an entry with the keyboard, and sees the legal-age warning again', async ({
  page,
}) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-ket-hon-2019.pdf'), 2);
  await session.start();
  await page.goto(session.host!.openUrl);

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await page.getByLabel('Loại sổ', { exact: true }).selectOption('KH');
  await page.getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)', { exact: true }).fill('UBND xã Tân Lập');
  await page.getByLabel('Quyển số', { exact: true }).fill('01/2019');
  await page.getByLabel('Năm mở sổ', { exact: true }).fill('2019');
  await page.getByLabel('Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', { exact: true }).setInputFiles([pdf]);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký kết hôn — quyển 01/2019' })).toBeVisible();

  // The book opens with the cursor in "Số"; Tab leads through the registration header.
  const registration = page.getByRole('group', { name: 'Đăng ký', exact: true });
  await expect(field(registration, 'Số')).toBeFocused();
  await page.keyboard.type('01/2019');
  await field(form(page), 'Ngày, tháng, năm đăng ký').focus();
  await page.keyboard.type('15042019');
  await page.keyboard.press('Tab');
  await expect(field(form(page), 'Ngày, tháng, năm đăng ký')).toHaveValue('15/04/2019');
  await expect(field(form(page), 'Loại đăng ký')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // the first kind: Đăng ký kết hôn
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('1');
  // The foreign registration's block belongs to another kind.
  await expect(page.getByRole('group', { name: 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài' })).toHaveCount(0);

  const husband = page.getByRole('group', { name: 'Bên chồng', exact: true });
  await field(husband, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Lò Văn Pâng');
  await page.keyboard.press('Tab');
  await page.keyboard.type('20061999'); // 19 at registration
  await page.keyboard.press('Tab');
  const wife = page.getByRole('group', { name: 'Bên vợ', exact: true });
  await field(wife, 'Họ, chữ đệm, tên').focus();
  await page.keyboard.type('Lường Thị Ón');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2000'); // the book gives only the year
  await page.keyboard.press('Tab');
  await expect(husband.getByText(UNDER_AGE)).toBeVisible();

  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2019.')).toBeVisible();
  const rows = page.getByRole('table', { name: /Các trường hợp đã nhập/ }).getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Lò Văn Pâng / Lường Thị Ón');
  await expect(rows.nth(1)).toContainText('1 cảnh báo');

  // Opened again: the saved values, and the warning saved with the entry.
  await rows.nth(1).getByRole('button', { name: 'Xem trường hợp số 01/2019' }).click();
  await expect(page.locator('ul.warnings')).toContainText(UNDER_AGE);
  await page.getByRole('button', { name: 'Sửa số 01/2019' }).click();
  await expect(page.getByRole('heading', { name: 'Sửa trường hợp số 01/2019' })).toBeVisible();
  await expect(field(husband, 'Họ, chữ đệm, tên')).toHaveValue('Lò Văn Pâng');
  await expect(field(wife, 'Ngày, tháng, năm sinh')).toHaveValue('2000');
  await expect(field(form(page), 'Loại đăng ký')).toHaveValue('1');
});
