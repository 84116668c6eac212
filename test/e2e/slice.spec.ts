/**
 * The first slice, as a clerk does it in the browser build: add a guardianship book from a
 * scanned PDF, see its pages, save an entry, restart the backend, find the entry again — and
 * the CLI sees the same data.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { makeBookPdf, makeTruncatedPdf } from '../fixtures/scans';
import { useSession } from './session';
import { expectNoSeriousA11yViolations } from './a11y';

/** What the command printed on stdout. */
const sohoaOut = async (...args: string[]) => (await sohoa(...args)).stdout;

const session = useSession();

test('a clerk adds a GH book from a PDF, saves an entry, and finds it after a restart', async ({ page }) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-giam-ho-2018.pdf'), 3);
  const broken = await makeTruncatedPdf(path.join(session.scansDir, 'bi-hong.pdf'));
  await session.start();
  await page.goto(session.host!.openUrl);

  // Empty state says what to do.
  await expect(page.getByText('Chưa có sổ nào.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'danh sách sổ (trống)');

  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await page.getByLabel('Loại sổ', { exact: true }).selectOption('GH');
  await page
    .getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)', { exact: true })
    .fill('UBND xã Tân Lập, huyện Đồng Hỷ');
  await page.getByLabel('Quyển số', { exact: true }).fill('01/2018');
  await page.getByLabel('Năm mở sổ', { exact: true }).fill('2018');
  await page.getByLabel('Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', { exact: true }).setInputFiles([pdf, broken]);
  await expectNoSeriousA11yViolations(page, 'thêm sổ');
  await page.getByRole('button', { name: 'Tạo sổ' }).click();

  // The workspace: the broken file is reported, the good one is shown page by page.
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký giám hộ — quyển 01/2018' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'bi-hong.pdf' })).toContainText('bị hỏng');
  await expect(page.getByText('Trang 1 / 3')).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page]')).toBeVisible();
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await expect(page.getByText('Trang 2 / 3')).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page]')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'không gian nhập sổ');

  // Person blocks are fieldsets with legends; labels are bound to their controls.
  const guardian = page.getByRole('group', { name: 'Người giám hộ' });
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await expect(page.getByLabel('Trang số', { exact: true })).toHaveValue('2');

  // A missing name and an impossible date are refused next to their fields.
  await page.getByLabel('Số', { exact: true }).fill('01/2018');
  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).fill('31/02/2018');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(
    page.getByText('Ngày không hợp lệ: tháng 2 năm 2018 không có ngày 31 (tháng này chỉ có 28 ngày)'),
  ).toBeVisible();
  await expect(guardian.getByText('Bắt buộc nhập họ, chữ đệm, tên')).toBeVisible();

  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).fill('05032018');
  await page.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ cử' });
  await guardian.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Văn Bình');
  await guardian.getByLabel('Ngày, tháng, năm sinh', { exact: true }).fill('1970');
  await ward.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Thị Phượng');
  await ward.getByLabel('Ngày, tháng, năm sinh', { exact: true }).fill('12/7/2010');
  await page.getByRole('button', { name: 'Lưu' }).click();

  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();
  const rows = page.getByRole('table', { name: /Các trường hợp đã nhập/ }).getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Nguyễn Thị Phượng');
  await expect(rows.nth(1)).toContainText('05/03/2018');
  // The form is ready for the next entry, on the same page, with the next number proposed.
  await expect(page.getByLabel('Số', { exact: true })).toHaveValue('02/2018');
  await expect(page.getByLabel('Trang số', { exact: true })).toHaveValue('2');

  // Quit and start again: the entry is still there.
  await session.stop();
  await session.start();
  await page.goto(session.host!.openUrl);
  const bookRow = page.getByRole('row', { name: /Sổ đăng ký giám hộ/ });
  await expect(bookRow).toContainText('01/2018');
  await expect(bookRow.getByRole('cell').nth(4)).toHaveText('3');
  await expect(bookRow.getByRole('cell').nth(5)).toHaveText('1');
  await bookRow.getByRole('link').click();
  const rowsAfter = page.getByRole('table', { name: /Các trường hợp đã nhập/ }).getByRole('row');
  await expect(rowsAfter.nth(1)).toContainText('Nguyễn Thị Phượng');
  await expect(rowsAfter.nth(1)).toContainText('Nguyễn Văn Bình');
  await session.stop();

  // The CLI sees the entry the UI saved, with the same field names, and imports a real PDF too.
  const listed = JSON.parse(await sohoaOut('record', 'list', '--json', '--data-dir', session.dataDir)) as {
    data: { so: string; ngayDangKy: string; nguoiDuocGiamHo: { hoTen: string; ngaySinh: string } };
    pages: { pageNo: number }[];
    version: number;
  }[];
  expect(listed).toHaveLength(1);
  expect(listed[0]!.data.so).toBe('01/2018');
  expect(listed[0]!.data.ngayDangKy).toBe('2018-03-05');
  expect(listed[0]!.data.nguoiDuocGiamHo).toEqual({
    hoTen: 'Nguyễn Thị Phượng',
    ngaySinh: '2010-07-12',
    quocTich: 'Việt Nam', // proposed by the form, kept because the clerk left it
  });
  expect(listed[0]!.pages.map((p) => p.pageNo)).toEqual([2]);
  expect(listed[0]!.version).toBe(1);

  const newBookId = (
    await sohoaOut(
      'book',
      'import',
      pdf,
      '--type',
      'GH',
      '--volume',
      '02/2019',
      '--office',
      'UBND xã Tân Lập',
      '--data-dir',
      session.dataDir,
    )
  ).trim();
  const books = JSON.parse(await sohoaOut('book', 'list', '--json', '--data-dir', session.dataDir)) as {
    id: string;
    pageCount: number;
  }[];
  expect(books.map((b) => b.id)).toContain(newBookId);
  expect(books.find((b) => b.id === newBookId)?.pageCount).toBe(3);
});
