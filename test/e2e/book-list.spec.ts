/**
 * The book's list of entries stays usable on a 5 000-entry book: a page of rows at a time,
 * sorted, filtered by scan page and status, and a row opens its entry on its page.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { useSession } from './session';

const session = useSession();
const ENTRIES = 5000;
const PAGES = 50;

test('a 5 000-entry book: the list pages, sorts, filters and opens entries', async ({ page }) => {
  test.setTimeout(240_000);
  const bookId = await session.importGhBook(PAGES);
  const lines = Array.from({ length: ENTRIES }, (_, i) => {
    const n = i + 1;
    return JSON.stringify({
      so: `${String(n).padStart(4, '0')}/2018`,
      quyenSo: '01/2018',
      trangSo: Math.ceil(n / (ENTRIES / PAGES)),
      ngayDangKy: '2018-03-05',
      loaiGiamHo: 'cu',
      nguoiGiamHo: [{ hoTen: 'Lò Văn Páo' }],
      nguoiDuocGiamHo: { hoTen: n === 4321 ? 'Ảnh Thị Đầu' : `Vàng Thị Sua ${n}` },
    });
  });
  const jsonl = path.join(session.scansDir, 'entries.jsonl');
  await fs.writeFile(jsonl, lines.join('\n'));
  const loaded = await sohoa('record', 'import', '--book', bookId, jsonl, '--data-dir', session.dataDir);
  expect(loaded.code, loaded.stderr).toBe(0);

  await session.start();
  await page.goto(session.host!.openUrl);
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  const list = page.getByRole('region', { name: /Các trường hợp đã nhập/ });
  await expect(list.getByRole('heading')).toHaveText('Các trường hợp đã nhập (5000)');
  const rows = list.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(101);
  await expect(rows.nth(1)).toContainText('0001/2018');

  await list.getByRole('button', { name: '100 trường hợp sau' }).click();
  await expect(list.getByText('101–200 / 5000')).toBeVisible();
  await expect(rows.nth(1)).toContainText('0101/2018');

  // By name: "Ảnh" sorts among the A's.
  await list.getByLabel('Sắp xếp theo').selectOption({ label: 'Họ tên' });
  await expect(list.getByText('1–100 / 5000')).toBeVisible();
  await expect(rows.nth(1)).toContainText('Ảnh Thị Đầu');

  // One scan page: its 100 entries.
  await list.getByLabel('Sắp xếp theo').selectOption({ label: 'Số' });
  await list.getByLabel('Trang scan').fill('37');
  await expect(list.getByRole('heading')).toHaveText('Các trường hợp đã nhập (100)');
  await expect(rows.nth(1)).toContainText('3601/2018');
  await list.getByLabel('Lọc').selectOption({ label: 'Đã xóa' });
  await expect(list.getByText('Không có trường hợp nào.')).toBeVisible();
  await list.getByLabel('Lọc').selectOption({ label: 'Tất cả (trừ đã xóa)' });

  // A row opens its entry, read-only, on its page.
  await list.getByRole('button', { name: 'Xem trường hợp số 3650/2018' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 3650/2018' })).toBeVisible();
  await expect(page.locator('canvas[data-rendered-page="37"]')).toBeVisible();
  await expect(page.getByLabel('Nội dung trường hợp (chỉ xem)')).toContainText('Vàng Thị Sua 3650');
});
