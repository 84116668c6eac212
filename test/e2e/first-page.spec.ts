/**
 * Issue 13: the first page comes from the screen rendition made at import, before the entry list
 * has arrived; thumbnails after it; the original only when zoomed past the rendition; a rendition
 * lost from the store is made again, and one that cannot be read gives way to the original.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { makeJpeg } from '../fixtures/images';
import { sohoa } from '../fixtures/sohoa';
import { callApi, useSession } from './session';

const session = useSession();

interface PageRow {
  id: string;
  pageNo: number;
  sha256: string;
  viewSha256?: string;
  thumbSha256?: string;
}

async function importBook(source: string, volume: string): Promise<string> {
  const run = await sohoa(
    ...['book', 'import', source, '--type', 'GH', '--volume', volume, '--office', 'UBND xã Tân Lập'],
    ...['--data-dir', session.dataDir],
  );
  if (run.code !== 0) throw new Error(`sohoa book import failed: ${run.stderr}`);
  return run.stdout.trim();
}

async function bookPages(bookId: string): Promise<PageRow[]> {
  const body = await callApi(session.context!, session.host!.openUrl, 'books.get', { id: bookId });
  if (!body.ok) throw new Error(body.error?.message);
  return (body.result as { pages: PageRow[] }).pages;
}

/** Holds every records.list call until `release` is called; the scan files asked for, in order. */
async function holdEntryList(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let listAsked = false;
  await page.route('**/api/call/records.list', async (route) => {
    listAsked = true;
    await released;
    await route.continue();
  });
  const scans: string[] = [];
  page.on('request', (request: Request) => {
    const match = /\/scan\/([0-9a-f]{64})/.exec(request.url());
    if (match) scans.push(match[1]!);
  });
  return { release, scans, listAsked: () => listAsked };
}

const shownPage = (page: Page, n: number) => page.locator(`canvas[data-rendered-page="${n}"]`);

test('a photo book: the first page from its rendition while the entry list is still on its way', async ({ page }) => {
  test.setTimeout(180_000);
  const photos = path.join(session.scansDir, 'anh');
  await fs.mkdir(photos);
  for (const n of [1, 2, 3]) {
    await makeJpeg(path.join(photos, `trang-${n}.jpg`), { width: 3000, height: 4000, shade: 200 + n * 10 });
  }
  const bookId = await importBook(photos, '01/2020');
  await session.start();
  const pages = await bookPages(bookId);
  expect(pages.every((p) => p.viewSha256 && p.thumbSha256)).toBe(true);

  await page.goto(session.host!.openUrl);
  const held = await holdEntryList(page);
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(shownPage(page, 1)).toBeVisible();
  // The entry list was asked for (in parallel), and is still held: the page did not wait for it.
  expect(held.listAsked()).toBe(true);
  await expect(page.getByText('Đang tải các trường hợp của sổ…')).toBeVisible();
  // Drawn from the rendition, not the 3000×4000 original; the rendition came before any thumbnail.
  expect(held.scans[0]).toBe(pages[0]!.viewSha256);
  expect(held.scans).not.toContain(pages[0]!.sha256);
  await expect(page.locator('img.thumb-image').first()).toBeVisible();
  expect(held.scans.filter((s) => pages.some((p) => p.thumbSha256 === s)).length).toBeGreaterThan(0);
  expect(held.scans.some((s) => pages.some((p) => p.sha256 === s))).toBe(false);

  held.release();
  await expect(page.getByLabel('Số', { exact: true })).toBeVisible();
  await expect(page.getByText('Đang tải các trường hợp của sổ…')).toHaveCount(0);

  // Zoomed past the rendition (1500 px wide): the original, in full quality.
  expect(held.scans).not.toContain(pages[0]!.sha256);
  for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Phóng to' }).click();
  await expect.poll(() => held.scans.includes(pages[0]!.sha256)).toBe(true);
  await expect(page.locator('canvas[data-full-page="1"]')).toBeVisible();
  expect(await page.locator('canvas.page-canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(1500);
});

test('a scanned PDF book opens on its JPEG rendition; a lost rendition is made again, an unreadable one gives way to the original', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const doc = await PDFDocument.create();
  for (const n of [1, 2]) {
    const jpeg = await fs.readFile(
      await makeJpeg(path.join(session.scansDir, `p${n}.jpg`), { width: 2480, height: 3508, shade: 210 + n * 10 }),
    );
    const page = doc.addPage([595, 842]);
    page.drawImage(await doc.embedJpg(jpeg), { x: 0, y: 0, width: 595, height: 842 });
  }
  const pdf = path.join(session.scansDir, 'so-scan.pdf');
  await fs.writeFile(pdf, await doc.save());
  const bookId = await importBook(pdf, '02/2020');
  await session.start();
  const pages = await bookPages(bookId);
  expect(pages.map((p) => Boolean(p.viewSha256 && p.thumbSha256))).toEqual([true, true]);

  // The second page's rendition is lost from the store: it is made again when asked for.
  const lost = pages[1]!.viewSha256!;
  const lostFile = path.join(session.dataDir, 'files', lost.slice(0, 2), lost);
  await fs.rm(lostFile);

  await page.goto(session.host!.openUrl);
  const held = await holdEntryList(page);
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(shownPage(page, 1)).toBeVisible();
  await expect(page.getByText('Đang tải các trường hợp của sổ…')).toBeVisible();
  expect(held.scans[0]).toBe(pages[0]!.viewSha256);
  held.release();
  await expect(page.getByLabel('Số', { exact: true })).toBeVisible();

  // The save of page 2 itself (a save of page 1 from opening the book may still be on its way).
  const saved = page.waitForResponse(
    (r) => r.url().includes('/api/call/viewer.saveState') && (r.request().postData() ?? '').includes(pages[1]!.id),
  );
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await expect(shownPage(page, 2)).toBeVisible();
  expect(held.scans).toContain(lost);
  expect((await fs.stat(lostFile)).isFile()).toBe(true);
  await saved; // the book reopens on page 2
  // Everything so far came from renditions: the PDF itself was never read.
  expect(held.scans).not.toContain(pages[1]!.sha256);

  // A rendition that cannot be read: the page is drawn from the PDF itself.
  await page.route(`**/scan/${lost}`, (route) => route.fulfill({ status: 404 }));
  await page.reload();
  await expect(page.locator('canvas[data-full-page="2"]')).toBeVisible();
  expect(held.scans).toContain(pages[1]!.sha256);
});
