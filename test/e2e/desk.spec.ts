/**
 * The clerk's desk, by keyboard: a book opens with the cursor in "Số", the page pictures are one
 * tab stop turned with the arrow keys, and picking (or dropping) the guardianship in a CDGH entry
 * keeps the cursor moving.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

async function makeBook(type: string, volume: string, pageCount = 3): Promise<string> {
  const pdf = await makeBookPdf(path.join(session.scansDir, `${type}.pdf`), pageCount);
  const run = await sohoa(
    'book',
    'import',
    pdf,
    '--type',
    type,
    '--volume',
    volume,
    '--office',
    'UBND xã Tân Lập',
    '--data-dir',
    session.dataDir,
  );
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim();
}

async function importEntry(bookId: string, entry: object) {
  const file = path.join(session.scansDir, `${bookId}.jsonl`);
  await fs.writeFile(file, JSON.stringify(entry));
  const run = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', session.dataDir);
  expect(run.code, run.stderr).toBe(0);
}

async function openBook(page: Page, bookId: string) {
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(page.locator('canvas[data-rendered-page="1"]')).toBeVisible();
}

const registration = (page: Page) => page.getByRole('group', { name: 'Đăng ký', exact: true });
const thumbs = (page: Page) => page.getByRole('navigation', { name: /Hình thu nhỏ các trang/ });

test('a book opens with the cursor in Số; the page pictures are one tab stop turned with arrows', async ({ page }) => {
  const gh = await makeBook('GH', '01/2018', 6);
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, gh);
  await expect(registration(page).getByLabel('Số', { exact: true })).toBeFocused();

  // One picture of six can be reached with Tab: the current page's.
  const strip = thumbs(page);
  await expect(strip.getByRole('button')).toHaveCount(6);
  await expect(strip.locator('button[tabindex="0"]')).toHaveCount(1);
  await strip.getByRole('button', { name: 'Trang 1' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('canvas[data-rendered-page="2"]')).toBeVisible();
  await expect(strip.getByRole('button', { name: 'Trang 2' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('canvas[data-rendered-page="6"]')).toBeVisible();
  await expect(strip.getByRole('button', { name: 'Trang 6' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(strip.getByRole('button', { name: 'Trang 5' })).toBeFocused();
  await expect(page.locator('canvas[data-rendered-page="5"]')).toBeVisible();
  // Tab leaves the strip at once, and Shift+Tab comes back to the current page's picture.
  await page.keyboard.press('Tab');
  const left = await page.evaluate(() => Boolean(document.activeElement?.closest('.thumb-strip')));
  expect(left).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(strip.getByRole('button', { name: 'Trang 5' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.locator('canvas[data-rendered-page="1"]')).toBeVisible();
});

test('picking the guardianship in CDGH moves on to the next field, and the link can be dropped', async ({ page }) => {
  const gh = await makeBook('GH', '01/2018');
  await importEntry(gh, {
    so: '01/2018',
    quyenSo: '01/2018',
    trangSo: 1,
    ngayDangKy: '2018-03-05',
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: 'Sùng A Páo', quocTich: 'Việt Nam' }],
    nguoiDuocGiamHo: { hoTen: 'Sùng Thị Dính', quocTich: 'Việt Nam' },
  });
  const cdgh = await makeBook('CDGH', '01/2019');
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, cdgh);
  const form = page.locator('form.entry-form');
  await form.getByLabel('Tìm việc giám hộ đã nhập (số hoặc tên)', { exact: true }).focus();
  await page.keyboard.type('sung thi dinh');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /^Chọn số 01\/2018/ }).focus();
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('Đăng ký giám hộ số', { exact: true })).toHaveValue('01/2018');
  await expect(form.getByLabel('Ngày chấm dứt', { exact: true })).toBeFocused();

  await page.getByRole('button', { name: 'Bỏ liên kết' }).click();
  await expect(page.getByText(/Đã liên kết với trường hợp giám hộ/)).toHaveCount(0);
  await expect(form.getByLabel('Đăng ký giám hộ số', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('Tìm việc giám hộ đã nhập (số hoặc tên)', { exact: true })).toBeFocused();
});

test('a field read but uncertain keeps its reading; an illegible one stays empty and the entry still saves', async ({
  page,
}) => {
  const gh = await makeBook('GH', '01/2018');
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, gh);
  const form = page.locator('form.entry-form');
  await page.keyboard.type('01/2018');
  await form.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).focus();
  await page.keyboard.type('05032018');
  await page.keyboard.press('Tab');
  await page.keyboard.type('G');
  const guardian = page.getByRole('group', { name: 'Người giám hộ', exact: true });
  await guardian.getByLabel('Họ, chữ đệm, tên', { exact: true }).focus();
  await page.keyboard.type('Sùng A Páo');
  await page.keyboard.press('Alt+D'); // read, but not sure
  // The marks of the field being typed in sit in the save bar, named with the field's full label.
  await expect(form.getByRole('button', { name: 'Đọc chưa chắc: Người giám hộ 1 › Họ, chữ đệm, tên' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await ward.getByLabel('Họ, chữ đệm, tên', { exact: true }).focus();
  await page.keyboard.press('Alt+K'); // the name cannot be read at all: required, but may stay empty
  await expect(
    form.getByRole('button', { name: 'Không đọc được: Người được giám hộ › Họ, chữ đệm, tên' }),
  ).toHaveAttribute('aria-pressed', 'true');
  // With the mouse: the button marks the field the cursor is in, and the cursor stays there.
  const wardBirthPlace = ward.getByLabel('Nơi sinh', { exact: true });
  await wardBirthPlace.click();
  await page.keyboard.type('Bản Lìn');
  const birthPlaceMark = form.getByRole('button', { name: 'Đọc chưa chắc: Người được giám hộ › Nơi sinh' });
  await birthPlaceMark.click();
  await expect(birthPlaceMark).toHaveAttribute('aria-pressed', 'true');
  await expect(wardBirthPlace).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Đã lưu trường hợp số 01/2018.')).toBeVisible();
  await expect(page.getByText(/nhưng vẫn có nội dung/)).toHaveCount(0);

  const listed = JSON.parse(
    (await sohoa('record', 'list', '--book', gh, '--json', '--data-dir', session.dataDir)).stdout,
  ) as { data: Record<string, unknown> }[];
  expect(listed[0]!.data).toMatchObject({
    nguoiGiamHo: [{ hoTen: 'Sùng A Páo' }],
    danhDau: {
      'nguoiGiamHo.0.hoTen': { docChuaChac: true },
      'nguoiDuocGiamHo.hoTen': { khongDocDuoc: true },
      'nguoiDuocGiamHo.noiSinh': { docChuaChac: true },
    },
  });
});

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
]) {
  test(`at ${viewport.width}×${viewport.height} the header is one row and the save bar with its confirmation stays in view`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const gh = await makeBook('GH', '01/2018');
    await session.start();
    await page.goto(session.host!.openUrl);
    await openBook(page, gh);
    const inView = async (locator: ReturnType<Page['locator']>) => {
      const box = await locator.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    };

    // One header row: no taller than one of its buttons plus its padding.
    const header = page.locator('header.app-header');
    const headerBox = (await header.boundingBox())!;
    const buttonBox = (await header.getByRole('button', { name: 'Tệp scan' }).boundingBox())!;
    expect(headerBox.height).toBeLessThan(buttonBox.height * 1.9);
    for (const name of ['Tệp scan', 'Xuất & nghiệm thu', 'Trang ở trên'])
      await inView(header.getByRole('button', { name }));
    // The window itself never scrolls: the panes do.
    const sizes = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
    expect(sizes[0]).toBeLessThanOrEqual(sizes[1]!);

    const save = page.getByRole('button', { name: 'Lưu', exact: true });
    await inView(save);
    await page.keyboard.type('01/2018');
    await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).focus();
    await page.keyboard.type('05032018');
    await page.keyboard.press('Tab');
    await page.keyboard.type('G');
    await page
      .getByRole('group', { name: 'Người giám hộ', exact: true })
      .getByLabel('Họ, chữ đệm, tên', { exact: true })
      .focus();
    await page.keyboard.type('Sùng A Páo');
    await page
      .getByRole('group', { name: 'Người được giám hộ' })
      .getByLabel('Họ, chữ đệm, tên', { exact: true })
      .focus();
    await page.keyboard.type('Sùng Thị Dính');
    await page.keyboard.press('Control+Enter');
    const confirmation = page.getByText('Đã lưu trường hợp số 01/2018.');
    await expect(confirmation).toBeVisible();
    await inView(confirmation);
    await inView(save);
    await inView(header.getByRole('button', { name: 'Tệp scan' }));

    // Scrolled to the end of the pane, the header and the save bar are still where they were.
    await page.locator('section.entry').evaluate((pane) => pane.scrollTo(0, pane.scrollHeight));
    await expect.poll(() => page.locator('section.entry').evaluate((pane) => pane.scrollTop)).toBeGreaterThan(0);
    await inView(save);
    await inView(confirmation);
    // The header sits right under the slim user bar (who is logged in), which is one line too.
    const userBar = (await page.locator('.user-bar').boundingBox())!;
    expect(userBar.y).toBe(0);
    expect(userBar.height).toBeLessThan(buttonBox.height * 1.2);
    expect((await header.boundingBox())!.y).toBeCloseTo(userBar.y + userBar.height, 0);
  });
}

test('Alt+C copies the residence from above; the "giám hộ cử" block shows only for that kind', async ({ page }) => {
  const gh = await makeBook('GH', '01/2018');
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, gh);
  const form = page.locator('form.entry-form');
  const appointed = page.getByRole('group', { name: 'Giám hộ cử: văn bản cử người giám hộ' });
  await expect(appointed).toHaveCount(0);
  await form.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ cử' });
  await expect(appointed).toBeVisible();
  await form.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ đương nhiên' });
  await expect(appointed).toHaveCount(0);

  const guardian = page.getByRole('group', { name: 'Người giám hộ', exact: true });
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await guardian.getByLabel('Nơi cư trú', { exact: true }).focus();
  await page.keyboard.type('Thôn Đông, xã Tân Lập');
  await ward.getByLabel('Nơi cư trú', { exact: true }).focus();
  await expect(page.getByText(/Alt\+C: chép nơi cư trú/)).toBeVisible();
  await page.keyboard.press('Alt+C');
  await expect(ward.getByLabel('Nơi cư trú', { exact: true })).toHaveValue('Thôn Đông, xã Tân Lập');
  await expect(ward.getByLabel('Nơi cư trú', { exact: true })).toBeFocused();
  // Likewise the office that issued an identity paper.
  await guardian.getByLabel('Nơi cấp', { exact: true }).focus();
  await page.keyboard.type('Công an tỉnh Thanh Hóa');
  await ward.getByLabel('Nơi cấp', { exact: true }).focus();
  await page.keyboard.press('Alt+C');
  await expect(ward.getByLabel('Nơi cấp', { exact: true })).toHaveValue('Công an tỉnh Thanh Hóa');
  // Nothing above to copy from: said, and nothing changes.
  await guardian.getByLabel('Nơi cư trú', { exact: true }).focus();
  await page.keyboard.press('Alt+C');
  await expect(page.getByText('Không có ô cùng loại ở trên để chép.')).toBeVisible();
  await expect(guardian.getByLabel('Nơi cư trú', { exact: true })).toHaveValue('Thôn Đông, xã Tân Lập');
});

test('TD: the changed field is picked from the list of fields, and free text still stays', async ({ page }) => {
  const td = await makeBook('TD', '01/2021');
  await session.start();
  await page.goto(session.host!.openUrl);
  await openBook(page, td);
  const changed = page.getByRole('combobox', { name: 'Nội dung được thay đổi (ô)' });
  await changed.first().focus();
  await page.keyboard.type('dan toc cua');
  await expect(page.getByRole('option', { name: /Dân tộc của cha/ })).toBeVisible();
  await page.keyboard.press('ArrowDown'); // the second suggestion
  await page.keyboard.press('Enter');
  await expect(changed.first()).toHaveValue('Dân tộc của mẹ');
  await page.getByRole('button', { name: 'Thêm nội dung thay đổi' }).click();
  await changed.nth(1).focus();
  await page.keyboard.type('Tên gọi khác');
  await page.keyboard.press('Tab');
  await expect(changed.nth(1)).toHaveValue('Tên gọi khác');
});

test('messages and controls a clerk understands', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const gh = await makeBook('GH', '01/2018', 6);
  await session.start();
  await page.goto(session.host!.openUrl);

  // The scan pickers: Vietnamese buttons, the browser's own English control kept out of sight.
  await page.getByRole('button', { name: 'Thêm sổ' }).click();
  await expect(page.getByRole('button', { name: 'Chọn tệp…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Chọn thư mục…' })).toBeVisible();
  await expect(page.getByText('Chưa chọn tệp nào')).toBeVisible();
  for (const label of ['Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)', 'Hoặc cả thư mục ảnh chụp các trang']) {
    const box = await page.getByLabel(label, { exact: true }).boundingBox();
    expect(box === null || (box.width <= 1 && box.height <= 1)).toBe(true);
  }

  await openBook(page, gh);
  // A date that does not exist says why.
  const form = page.locator('form.entry-form');
  await form.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).focus();
  await page.keyboard.type('31.02.2018');
  await page.keyboard.press('Control+Enter');
  await expect(
    form.getByText('Ngày không hợp lệ: tháng 2 năm 2018 không có ngày 31 (tháng này chỉ có 28 ngày)'),
  ).toBeVisible();

  // Going to a page the book does not have.
  const goTo = page.getByLabel('Đến trang', { exact: true });
  await goTo.fill('99');
  await goTo.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Không có trang 99' })).toHaveText(
    'Không có trang 99: sổ này chỉ có 6 trang',
  );
  await goTo.fill('4');
  await goTo.press('Enter');
  await expect(page.locator('canvas[data-rendered-page="4"]')).toBeVisible();
  await expect(page.getByText('Không có trang 99')).toHaveCount(0);

  // Brightness and contrast go back to normal with one button.
  const reset = page.getByRole('button', { name: 'Đặt lại ảnh' });
  await expect(reset).toBeDisabled();
  const brightness = page.getByLabel('Độ sáng', { exact: true });
  await brightness.focus();
  await page.keyboard.press('ArrowRight');
  await page.getByLabel('Tương phản', { exact: true }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(brightness).toHaveValue('110');
  await reset.click();
  await expect(brightness).toHaveValue('100');
  await expect(page.getByLabel('Tương phản', { exact: true })).toHaveValue('100');
  await expect(reset).toBeDisabled();

  // Text areas are written in the same font as every other box.
  const fonts = await form.evaluate((el) => {
    const font = (selector: string) => getComputedStyle(el.querySelector(selector)!).fontFamily;
    return [font('textarea'), font('input[data-path="so"]')];
  });
  expect(fonts[0]).toBe(fonts[1]);

  // A pick list near the bottom of the pane is shown whole, above the save bar.
  const ethnicity = page.getByRole('group', { name: 'Người được giám hộ' }).getByLabel('Dân tộc', { exact: true });
  await ethnicity.evaluate((input) => {
    const pane = input.closest('section.entry')!;
    const bar = pane.querySelector('.save-bar')!.getBoundingClientRect();
    pane.scrollTop += input.getBoundingClientRect().bottom - bar.top + 4;
  });
  await ethnicity.focus();
  await page.keyboard.type('m');
  const list = page.getByRole('listbox');
  await expect(list).toBeVisible();
  const listBox = (await list.boundingBox())!;
  expect(listBox.y).toBeGreaterThanOrEqual(0);
  expect(listBox.y + listBox.height).toBeLessThanOrEqual(720);
  const onTop = await list.evaluate((ul) => {
    const r = ul.getBoundingClientRect();
    const corners = [
      [r.left + 4, r.top + 4],
      [r.right - 4, r.bottom - 4],
    ];
    return corners.every(([x, y]) => ul.contains(document.elementFromPoint(x!, y!)));
  });
  expect(onTop).toBe(true);
});
