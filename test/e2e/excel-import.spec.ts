/**
 * Issue 12: "Nhập từ Excel" in the book workspace. A file in the Ministry's format with a bad
 * cell is refused with the cell named in a table and nothing imported; with "bỏ qua các dòng lỗi"
 * the good rows come in, linked to the pages of their "Trang số".
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { runNode, sohoa } from '../fixtures/sohoa';
import { useSession } from './session';

const MINISTRY_XLSX = path.resolve(import.meta.dirname, '../fixtures/ministry-xlsx.ts');

const session = useSession();

test('a Ministry-format Excel file imported from the book workspace, bad rows listed, then skipped', async ({
  page,
}) => {
  const bookId = await session.importGhBook(3);
  const file = path.join(session.scansDir, 'tra-ve.xlsx');
  const written = await runNode(['--import', 'tsx'], [file], process.env, MINISTRY_XLSX);
  expect(written.code, written.stderr).toBe(0);

  await session.start();
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
  await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles(file);
  await page.getByRole('button', { name: 'Nhập các trường hợp' }).click();
  await expect(page.getByRole('alert')).toContainText('Không nhập trường hợp nào: 1 lỗi');
  const errors = page.getByRole('table', { name: 'Lỗi trong tệp Excel' });
  await expect(errors.getByRole('row').nth(1)).toContainText('3');
  await expect(errors.getByRole('row').nth(1)).toContainText('E (ngayDangKy)');
  await expect(errors.getByRole('row').nth(1)).toContainText('"30.02.2018" không phải ngày hợp lệ');
  expect(
    JSON.parse((await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', session.dataDir)).stdout),
  ).toEqual([]);

  await page.getByLabel('Bỏ qua các dòng lỗi, nhập các dòng đúng').check();
  await page.getByRole('button', { name: 'Nhập các trường hợp' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã nhập' })).toHaveText(
    'Đã nhập 2 trường hợp, bỏ qua 1 dòng lỗi.',
  );
  await expect(page.locator('.subtitle')).toContainText('2 trường hợp');
  const listed = JSON.parse(
    (await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', session.dataDir)).stdout,
  ) as { so: string; pages: { pageNo: number }[] }[];
  expect(listed.map((r) => [r.so, r.pages.map((p) => p.pageNo)]).sort()).toEqual([
    ['1/2018', [1]],
    ['3/2018', [3]],
  ]);
});
