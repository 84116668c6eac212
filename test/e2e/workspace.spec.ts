/**
 * Issue 3, as a clerk works: import a PDF book and a folder of phone photos (each with one bad
 * file), turn pages with the mouse and from inside the form, rotate, zoom, box an entry on its
 * page; reload and find everything as it was.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { makeJpeg } from '../fixtures/images';
import { makeBookPdf, makeTruncatedPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

async function addBook(page: Page, volume: string, pick: (page: Page) => Promise<void>) {
  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await page.getByLabel('Loại sổ', { exact: true }).selectOption('GH');
  await page.getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)', { exact: true }).fill('UBND xã Yên Lãng');
  await page.getByLabel('Quyển số', { exact: true }).fill(volume);
  await page.getByLabel('Năm mở sổ', { exact: true }).fill(volume.slice(-4));
  await pick(page);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('heading', { name: `Sổ đăng ký giám hộ — quyển ${volume}` })).toBeVisible();
}

const shownPage = (page: Page, n: number) => page.locator(`canvas[data-rendered-page="${n}"]`);

async function canvasBox(page: Page) {
  const box = await page.locator('canvas.page-canvas').boundingBox();
  if (!box) throw new Error('no page on screen');
  return box;
}

test('PDF and photo-folder books: turn, rotate, zoom, box an entry, and find it all after a reload', async ({
  page,
}) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-2019.pdf'), 4);
  const broken = await makeTruncatedPdf(path.join(session.scansDir, 'so-2019-hong.pdf'));
  const photos = path.join(session.scansDir, 'anh-chup');
  await fs.mkdir(photos);
  for (const [name, shade] of [
    ['trang-10.jpg', 200],
    ['trang-2.jpg', 215],
    ['trang-1.jpg', 230],
  ] as const) {
    await makeJpeg(path.join(photos, name), { width: 900, height: 1200, shade });
  }
  await fs.writeFile(path.join(photos, 'trang-3.jpg'), 'không phải ảnh');
  await session.start();
  await page.goto(session.host!.openUrl);

  // 1. A PDF book with one broken file.
  await addBook(page, '02/2019', (p) =>
    p.getByLabel('Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', { exact: true }).setInputFiles([pdf, broken]),
  );
  await expect(page.getByRole('status').filter({ hasText: 'so-2019-hong.pdf' })).toContainText('bị hỏng');
  await expect(shownPage(page, 1)).toBeVisible();

  // Turning pages: the button, then a shortcut while typing in the form.
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await expect(shownPage(page, 2)).toBeVisible();
  await page.getByLabel('Số', { exact: true }).fill('07/2019');
  await page.getByLabel('Số', { exact: true }).press('Alt+PageDown');
  await expect(shownPage(page, 3)).toBeVisible();
  await expect(page.getByLabel('Số', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Số', { exact: true })).toHaveValue('07/2019');
  await page.getByLabel('Số', { exact: true }).press('Alt+PageUp');
  await expect(shownPage(page, 2)).toBeVisible();
  await expect(page.getByLabel('Trang số', { exact: true })).toHaveValue('2');

  // Rotating turns the page sideways; zooming makes it bigger.
  const upright = await canvasBox(page);
  expect(upright.height).toBeGreaterThan(upright.width);
  await page.getByRole('button', { name: 'Xoay phải' }).click();
  await expect(shownPage(page, 2)).toBeVisible();
  await expect.poll(async () => (await canvasBox(page)).width > (await canvasBox(page)).height).toBe(true);
  await page.getByRole('button', { name: 'Vừa trang' }).click();
  await page.getByRole('button', { name: 'Phóng to' }).click();
  await page.getByRole('button', { name: 'Phóng to' }).click();
  const zoomLabel = await page.locator('.zoom-label').textContent();
  expect(zoomLabel).toMatch(/^\d+%$/);
  await expect(shownPage(page, 2)).toBeVisible();

  // Box the entry on the page by dragging, then save it.
  await page.getByRole('button', { name: 'Khoanh vùng' }).click();
  const box = await canvasBox(page);
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.45, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator('[data-entry-box="draft"]')).toBeVisible();
  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).fill('14/05/2019');
  await page.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ đương nhiên' });
  await page
    .getByRole('group', { name: 'Người giám hộ' })
    .getByLabel('Họ, chữ đệm, tên', { exact: true })
    .fill('Lò Văn Páo');
  await page
    .getByRole('group', { name: 'Người được giám hộ' })
    .getByLabel('Họ, chữ đệm, tên', { exact: true })
    .fill('Lò Thị Mai');
  await page
    .getByRole('group', { name: 'Người được giám hộ' })
    .getByLabel('Ngày, tháng, năm sinh', { exact: true })
    .fill('2012');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu trường hợp số 07/2019.')).toBeVisible();
  const savedBox = page.locator('.entry-box.selected');
  await expect(savedBox).toBeVisible();
  const placed = await savedBox.boundingBox();

  // The page lists its entries; another page has none.
  await expect(page.getByRole('button', { name: 'Số 07/2019 — Lò Thị Mai' })).toBeVisible();
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await expect(page.getByText('Chưa có trường hợp nào trên trang này.')).toBeVisible();

  // Back on page 2 through the thumbnail strip.
  await page.getByRole('button', { name: 'Trang 2, đã có trường hợp' }).click();
  await expect(shownPage(page, 2)).toBeVisible();

  // 2. Reload: the same page, zoom, rotation and box.
  await page.waitForTimeout(600); // the view state is saved a moment after the last move
  await page.reload();
  await expect(shownPage(page, 2)).toBeVisible();
  await expect(page.locator('.zoom-label')).toHaveText(zoomLabel!);
  const again = await canvasBox(page);
  expect(again.width).toBeGreaterThan(again.height);
  await page.getByRole('button', { name: 'Xem trường hợp số 07/2019' }).click();
  const reboxed = await page.locator('.entry-box.selected').boundingBox();
  expect(reboxed!.width).toBeCloseTo(placed!.width, 0);
  expect(reboxed!.height).toBeCloseTo(placed!.height, 0);

  // 3. A folder of phone photos with one file that is not an image, in natural order.
  await page.getByRole('link', { name: '← Danh sách sổ' }).click();
  await addBook(page, '03/2020', (p) =>
    p.getByLabel('Hoặc cả thư mục ảnh chụp các trang', { exact: true }).setInputFiles(photos),
  );
  await expect(page.getByRole('status').filter({ hasText: 'trang-3.jpg' })).toContainText('không phải ảnh JPG');
  await expect(shownPage(page, 1)).toBeVisible();
  await page.getByRole('button', { name: 'Tệp scan' }).click();
  const fileRows = page.getByRole('region', { name: /Tệp scan của sổ/ }).getByRole('row');
  await expect(page.locator('.files-panel tbody tr td:nth-child(2)')).toHaveText([
    'trang-1.jpg',
    'trang-2.jpg',
    'trang-10.jpg',
  ]);
  expect(await fileRows.count()).toBe(4);
  await page.keyboard.press('Alt+PageDown');
  await expect(shownPage(page, 2)).toBeVisible();
  await page.keyboard.press('Alt+r');
  await expect.poll(async () => (await canvasBox(page)).width > (await canvasBox(page)).height).toBe(true);

  // Reload the photo book too: page 2, still turned.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(shownPage(page, 2)).toBeVisible();
  const photoAgain = await canvasBox(page);
  expect(photoAgain.width).toBeGreaterThan(photoAgain.height);

  // The book list shows progress per book.
  await page.getByRole('link', { name: '← Danh sách sổ' }).click();
  const pdfRow = page.getByRole('row', { name: /02\/2019/ });
  await expect(pdfRow.getByRole('cell').nth(4)).toHaveText('4');
  await expect(pdfRow.getByRole('cell').nth(5)).toHaveText('1');
  await expect(pdfRow.getByRole('cell').nth(6)).toHaveText('3');
});

test('a sideways PDF page, going to a page by number, and cancelling an import', async ({ page }) => {
  const pdf = await makeBookPdf(path.join(session.scansDir, 'so-ngang.pdf'), 3, [2]);
  const big = await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8].map((n) => makeBookPdf(path.join(session.scansDir, `quyen-lon-${n}.pdf`), 150)),
  );
  await session.start();
  await page.goto(session.host!.openUrl);
  await addBook(page, '04/2021', (p) =>
    p.getByLabel('Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', { exact: true }).setInputFiles(pdf),
  );
  const upright = await canvasBox(page);
  expect(upright.height).toBeGreaterThan(upright.width);

  // The scanner stored page 2 with /Rotate 90: it is shown as the scanner meant it.
  await page.getByLabel('Đến trang', { exact: true }).fill('2');
  await page.getByLabel('Đến trang', { exact: true }).press('Enter');
  await expect(shownPage(page, 2)).toBeVisible();
  const sideways = await canvasBox(page);
  expect(sideways.width).toBeGreaterThan(sideways.height);

  // A long import can be cancelled, and then nothing of it is saved.
  await page.getByRole('link', { name: '← Danh sách sổ' }).click();
  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await page.getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)', { exact: true }).fill('UBND xã Yên Lãng');
  await page.getByLabel('Quyển số', { exact: true }).fill('05/2022');
  await page.getByLabel('Năm mở sổ', { exact: true }).fill('2022');
  await page.getByLabel('Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', { exact: true }).setInputFiles(big);
  await page.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(page.getByRole('progressbar', { name: 'Tiến độ nhập tệp scan' })).toBeVisible();
  await page.getByRole('button', { name: 'Hủy nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Đã hủy nhập sổ; chưa có gì được lưu.');
  await page.getByRole('button', { name: 'Đóng' }).click();
  await page.reload();
  await expect(page.getByRole('row')).toHaveCount(2); // the header and the one book
});
