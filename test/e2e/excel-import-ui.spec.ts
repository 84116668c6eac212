/**
 * Issue 12: "Nhập từ Excel" in the book workspace, beside the export ("Nhập, xuất & nghiệm thu").
 * Picking a Ministry-format file checks it first: the bad cell is listed with its row and column,
 * copyable, and nothing is imported; Esc closes. Picked again and "Bỏ qua các dòng lỗi…" chosen,
 * the valid rows come in, linked to the pages of their "Trang số", and appear in the book's list.
 * The header keeps its one row at 1280×800.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { runNode, sohoa } from '../fixtures/sohoa';
import { expectNoSeriousA11yViolations } from './a11y';
import { useSession } from './session';

// The column sets load the catalogs' JSON, which Playwright's loader cannot import: the file is
// written by a script in its own process.
const MINISTRY_XLSX = path.resolve(import.meta.dirname, '../fixtures/ministry-xlsx.ts');

const session = useSession();

async function listed(bookId: string) {
  const run = await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', session.dataDir);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { so: string; pages: { pageNo: number }[] }[])
    .map((r) => [r.so, r.pages.map((p) => p.pageNo)])
    .sort();
}

async function expectOneHeaderRow(page: Page) {
  const header = page.locator('header.app-header');
  const headerBox = (await header.boundingBox())!;
  const buttonBox = (await header.getByRole('button', { name: 'Tệp scan' }).boundingBox())!;
  expect(headerBox.height).toBeLessThan(buttonBox.height * 1.9);
  // The book's office line keeps a place in it (shortened with "…", in full in its title).
  const subtitle = (await header.locator('.subtitle').boundingBox())!;
  expect(subtitle.width).toBeGreaterThanOrEqual(48);
  for (const name of ['Thông tin sổ', 'Tệp scan', 'Nhập, xuất & nghiệm thu', 'Trang ở trên']) {
    const box = (await header.getByRole('button', { name, exact: true }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(headerBox.x + headerBox.width);
    expect(box.y + box.height).toBeLessThanOrEqual(headerBox.y + headerBox.height);
  }
}

test('a Ministry-format Excel file is checked, its bad row listed, then imported without it from the book workspace', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const bookId = await session.importGhBook(3);
  const file = path.join(session.scansDir, 'tra-ve.xlsx');
  const written = await runNode(['--import', 'tsx'], [file], process.env, MINISTRY_XLSX);
  expect(written.code, written.stderr).toBe(0);

  const host = await session.start();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.openUrl).origin });
  await page.goto(host.openUrl);
  await page.goto(`${host.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(page.getByRole('heading', { name: /quyển 01\/2018/ })).toBeVisible();
  await expectOneHeaderRow(page);

  // Import and export are in one place.
  const open = page.getByRole('button', { name: 'Nhập, xuất & nghiệm thu', exact: true });
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('heading', { name: 'Nhập từ Excel (mẫu của Bộ Tư pháp)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Xuất sổ và nghiệm thu' })).toBeVisible();
  await expectOneHeaderRow(page);

  // A file that is no Excel file: said so in Vietnamese, nothing imported.
  const picker = page.getByLabel('Chọn tệp Excel (.xlsx) để kiểm tra và nhập');
  await picker.setInputFiles({
    name: 'hong.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('không phải Excel'),
  });
  const broken = page.getByRole('dialog', { name: 'Nhập từ Excel: hong.xlsx' });
  await expect(broken.getByRole('heading', { name: 'Không nhập được tệp này' })).toBeFocused();
  await expect(broken.getByRole('alert')).toHaveText(
    'Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải tệp Excel',
  );
  await broken.getByRole('button', { name: 'Đóng', exact: true }).click();
  await expect(broken).toBeHidden();

  // Picking the file checks it: the error by row and column, nothing imported.
  await picker.setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: 'Nhập từ Excel: tra-ve.xlsx' });
  await expect(dialog).toBeVisible();
  const summary = dialog.getByRole('heading', {
    name: 'Kết quả kiểm tra: 2 dòng sẵn sàng để nhập, 1 dòng có lỗi (1 lỗi). Chưa nhập trường hợp nào.',
  });
  await expect(summary).toBeFocused();
  const errors = dialog.getByRole('region', { name: 'Lỗi trong tệp Excel theo dòng và cột' });
  const rows = errors.getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByRole('cell')).toHaveText([
    '3',
    'E — Ngày, tháng, năm đăng ký',
    '"30.02.2018" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
  ]);
  await expectNoSeriousA11yViolations(page, 'nhập từ Excel: kết quả kiểm tra');
  expect(await listed(bookId)).toEqual([]);

  // The list is copied as text, one line per error.
  await dialog.getByRole('button', { name: 'Chép danh sách lỗi' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Đã chép 1 lỗi vào bộ nhớ tạm.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'Dòng 3, cột E (Ngày, tháng, năm đăng ký): "30.02.2018" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
  );

  // Esc closes without importing; the focus goes back to the file picker.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(picker).toBeFocused();
  expect(await listed(bookId)).toEqual([]);
  await expect(page.getByRole('button', { name: /^Xem trường hợp số/ })).toHaveCount(0);

  // Picked again: skip the bad row and import the two valid ones.
  await picker.setInputFiles(file);
  await dialog.getByRole('button', { name: 'Bỏ qua các dòng lỗi và nhập 2 dòng hợp lệ' }).click();
  const done = dialog.getByRole('heading', {
    name: 'Đã nhập 2 trường hợp, gắn với 2 trang scan theo Trang số. Bỏ qua 1 dòng có lỗi.',
  });
  await expect(done).toBeFocused();
  await expect(dialog.getByRole('region', { name: 'Các dòng lỗi đã bỏ qua' }).getByRole('row')).toHaveCount(2);
  await expectNoSeriousA11yViolations(page, 'nhập từ Excel: đã nhập');
  await dialog.getByRole('button', { name: 'Đóng', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The book's list shows them, each opening on its own page.
  expect(await listed(bookId)).toEqual([
    ['1/2018', [1]],
    ['3/2018', [3]],
  ]);
  await expect(page.locator('.subtitle')).toContainText('2 trường hợp');
  await expect(page.getByRole('button', { name: 'Xem trường hợp số 1/2018', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Xem trường hợp số 3/2018', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 3/2018' })).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page="3"]')).toBeVisible();
  await expectOneHeaderRow(page);
});
