/**
 * Every entry reachable and correctable: opened from search, from the book's list and from the
 * pre-export check, an entry is shown read-only on its page with its box; "Sửa" edits it; a
 * deleted one shows who deleted it, when and why, and is restored.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { useSession } from './session';

const session = useSession();

const entry = (so: string, ward: string, pageNo: number, ngayDangKy = '2018-03-05') => ({
  data: {
    so,
    quyenSo: '01/2018',
    trangSo: pageNo,
    ngayDangKy,
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: 'Lò Văn Páo', ngaySinh: '1970' }],
    nguoiDuocGiamHo: { hoTen: ward, ngaySinh: '2010-07-12' },
  },
  pages: [{ pageNo, rect: { x: 0.1, y: 0.2, w: 0.6, h: 0.25 } }],
});

async function bookWithEntries(): Promise<string> {
  const bookId = await session.importGhBook();
  const jsonl = path.join(session.scansDir, 'entries.jsonl');
  const lines = [
    entry('01/2018', 'Lò Thị Mai', 2),
    entry('02/2018', 'Vàng Thị Sua', 3),
    entry('03/2017', 'Hà Văn Tuấn', 1),
  ];
  await fs.writeFile(jsonl, lines.map((l) => JSON.stringify(l)).join('\n'));
  const loaded = await sohoa('record', 'import', '--book', bookId, jsonl, '--data-dir', session.dataDir);
  expect(loaded.code, loaded.stderr).toBe(0);
  return bookId;
}

const shownPage = (page: Page, n: number) => page.locator(`canvas[data-rendered-page="${n}"]`);
const readOnly = (page: Page) => page.getByLabel('Nội dung trường hợp (chỉ xem)');

test('an entry opened from search, the list and the checks is shown read-only, edited, deleted and restored', async ({
  page,
}) => {
  await bookWithEntries();
  await session.start();
  await page.goto(session.host!.openUrl);

  // Search "1/2018" finds "01/2018", with each person's role and birth date.
  await page.getByRole('link', { name: 'Tìm trường hợp' }).click();
  await page.getByLabel('Họ tên hoặc số (gõ không dấu cũng được)').fill('1/2018');
  const hits = page.getByRole('table').getByRole('row');
  await expect(hits).toHaveCount(2);
  await expect(hits.nth(1)).toContainText('Người được giám hộ: Lò Thị Mai, sinh 12/07/2010');
  await expect(hits.nth(1)).toContainText('Người giám hộ: Lò Văn Páo, sinh 1970');
  await page.getByRole('table').getByRole('link', { name: '01/2018' }).click();

  // The entry, read-only, on its page with its box.
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018' })).toBeVisible();
  await expect(shownPage(page, 2)).toBeVisible();
  await expect(page.locator('.entry-box.selected')).toBeVisible();
  await expect(readOnly(page)).toContainText('Lò Thị Mai');
  await expect(readOnly(page)).toContainText('12/07/2010');
  await expect(page.locator('form.entry-form')).toHaveCount(0);

  // Sửa → edit → save: the new value is shown read-only, and the history names the field.
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sửa trường hợp số 01/2018' })).toBeVisible();
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  await ward.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Lò Thị Mây');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018' })).toBeVisible();
  await expect(readOnly(page)).toContainText('Lò Thị Mây');
  const history = page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await expect(history).toContainText('Sửa (phiên bản 2)');
  await expect(history).toContainText('Người được giám hộ › Họ, chữ đệm, tên: Lò Thị Mai → Lò Thị Mây');
  await expect(history).not.toContainText('nguoiDuocGiamHo');

  // From the book's list of entries: another entry, on its own page.
  await page.getByRole('button', { name: 'Xem trường hợp số 02/2018' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 02/2018' })).toBeVisible();
  await expect(shownPage(page, 3)).toBeVisible();
  await expect(readOnly(page)).toContainText('Vàng Thị Sua');

  // From a line of the pre-export check.
  await page.getByRole('button', { name: 'Xuất & nghiệm thu' }).click();
  await page.getByRole('button', { name: 'Kiểm tra trước khi xuất' }).click();
  await page
    .locator('.precheck-list li')
    .filter({ hasText: 'Số 03/2017' })
    .first()
    .getByRole('button', { name: 'Mở trường hợp' })
    .click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 03/2017' })).toBeVisible();
  await expect(shownPage(page, 1)).toBeVisible();
  await page.getByRole('button', { name: 'Xuất & nghiệm thu' }).click();

  // Delete the first entry: opened again from search, it says who, when and why.
  await page.getByRole('button', { name: 'Xem trường hợp số 01/2018' }).click();
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  await page.getByRole('button', { name: 'Xóa trường hợp này…' }).click();
  await page.getByLabel('Lý do xóa trường hợp số 01/2018 (bắt buộc)').fill('Nhập nhầm sổ');
  await page.getByRole('button', { name: 'Xác nhận xóa' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018 (đã xóa)' })).toBeVisible();

  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/tim`);
  await page.getByLabel('Tình trạng').selectOption({ label: 'Đã xóa' });
  await expect(hits.nth(1)).toContainText('Đã xóa — lý do: Nhập nhầm sổ');
  await page.getByRole('table').getByRole('link', { name: '01/2018' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018 (đã xóa)' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Đã xóa bởi' })).toContainText('Lý do: Nhập nhầm sổ');
  await expect(shownPage(page, 2)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sửa', exact: true })).toHaveCount(0);

  // Khôi phục: back in the book, editable again, and the history says so.
  await page.getByRole('button', { name: 'Khôi phục' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sửa', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Xem trường hợp số 01/2018' })).toBeVisible();
  await expect(history).toContainText('Khôi phục (phiên bản 4)');
});

test("a saved entry's scan pages are changed: a facing page added, a box cleared, a page removed, a box redrawn", async ({
  page,
}) => {
  const bookId = await bookWithEntries();
  await session.start();
  await page.goto(session.host!.openUrl);
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await page.getByRole('button', { name: 'Xem trường hợp số 02/2018' }).click();
  await expect(shownPage(page, 3)).toBeVisible();
  const links = page.getByRole('region', { name: 'Trang scan của trường hợp' });
  await expect(links.getByRole('listitem')).toHaveText(['Trang 3 (có vùng khoanh) Bỏ vùng khoanh trang 3']);

  // The entry starts on the facing page before: add it.
  await page.getByRole('button', { name: 'Trang trước' }).click();
  await expect(shownPage(page, 2)).toBeVisible();
  await links.getByRole('button', { name: 'Thêm trang 2 (trang đang xem)' }).click();
  await expect(links.getByRole('listitem')).toHaveCount(2);
  await expect(links.getByRole('listitem').first()).toContainText('Trang 2');
  await expect(links.getByRole('listitem').nth(1)).toContainText('Trang 3 (có vùng khoanh)');
  const history = page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await expect(history).toContainText('Trang scan gắn (thứ 1): trang 3 → trang 2');

  // Clear the box on page 3, then remove page 3: the entry now sits on page 2 only.
  await links.getByRole('button', { name: 'Bỏ vùng khoanh trang 3' }).click();
  await expect(links.getByRole('listitem').nth(1)).toHaveText('Trang 3 Gỡ trang 3');
  await links.getByRole('button', { name: 'Gỡ trang 3' }).click();
  await expect(links.getByRole('listitem')).toHaveCount(1);
  // Printed page 3 on scan page 2, where the book's other entries match: a warning, not a block.
  await expect(page.getByText('Lưu ý: Trang số 3 không khớp trang scan 2: theo sổ phải là trang scan 3')).toBeVisible();

  // Redraw its box on page 2.
  await page.getByRole('button', { name: 'Vừa trang' }).click();
  await page.getByRole('button', { name: 'Khoanh vùng' }).click();
  const canvas = await page.locator('canvas.page-canvas').boundingBox();
  await page.mouse.move(canvas!.x + canvas!.width * 0.2, canvas!.y + canvas!.height * 0.55);
  await page.mouse.down();
  await page.mouse.move(canvas!.x + canvas!.width * 0.7, canvas!.y + canvas!.height * 0.75, { steps: 5 });
  await page.mouse.up();
  await links.getByRole('button', { name: 'Lưu vùng khoanh mới trên trang 2' }).click();
  await expect(links.getByRole('listitem')).toHaveText(['Trang 2 (có vùng khoanh) Bỏ vùng khoanh trang 2']);
  await expect(page.locator('.entry-box.selected')).toBeVisible();
  await expect(history).toContainText('Vùng khoanh trên trang scan (thứ 1): không có → vẽ lại');
});

test("a book's details are corrected after import, checked and kept", async ({ page }) => {
  const bookId = await bookWithEntries();
  await session.start();
  await page.goto(session.host!.openUrl);
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký giám hộ — quyển 01/2018' })).toBeVisible();
  await page.getByRole('button', { name: 'Thông tin sổ' }).click();
  const details = page.getByRole('form', { name: 'Thông tin sổ' });
  await expect(details.getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)')).toHaveValue('UBND xã Tân Lập');
  await details.getByLabel('Cơ quan đăng ký hộ tịch (như in trên sổ)').fill('UBND xã Tân Lập, huyện Mộc Châu');
  await details.getByLabel('Quyển số').fill('02/2018');
  await details.getByLabel('Mã ĐVHC (không bắt buộc)').fill('12');
  await details.getByRole('button', { name: 'Lưu thông tin sổ' }).click();
  await expect(details.getByText('Mã đơn vị hành chính gồm 5 chữ số')).toBeVisible();
  await details.getByLabel('Mã ĐVHC (không bắt buộc)').fill('04567');
  await details.getByLabel('Mở sổ ngày (nếu có)').fill('02012018');
  await details.getByRole('button', { name: 'Lưu thông tin sổ' }).click();
  await expect(details.getByText('Đã lưu thông tin sổ.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sổ đăng ký giám hộ — quyển 02/2018' })).toBeVisible();
  await expect(page.getByText('UBND xã Tân Lập, huyện Mộc Châu ·')).toBeVisible();

  // Saved: after a reload the form shows the corrected details.
  await page.reload();
  await page.getByRole('button', { name: 'Thông tin sổ' }).click();
  await expect(details.getByLabel('Quyển số')).toHaveValue('02/2018');
  await expect(details.getByLabel('Mã ĐVHC (không bắt buộc)')).toHaveValue('04567');
  await expect(details.getByLabel('Mở sổ ngày (nếu có)')).toHaveValue('02/01/2018');
});
