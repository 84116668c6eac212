/**
 * The desktop's sync screens against a real district hub (`sohoa-hub serve` on PGlite): the
 * administrator connects the machine (Cài đặt → Kết nối huyện), a clerk's entry reaches the hub
 * with "Gửi ngay", the book list says what each book has sent, and a stopped hub leaves the next
 * entry waiting with a Vietnamese message saying what to do, until the USB package and the hub's
 * receipt carry it.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { makeBookPdf } from '../fixtures/scans';
import { sohoa } from '../fixtures/sohoa';
import { hubCli, makeHubDir, startHub, type RunningHub } from './hub';
import { callApi, logIn, useSession } from './session';
import { expectNoSeriousA11yViolations } from './a11y';

const session = useSession();
const COMMUNE = { code: '12345', name: 'Xã Tân Lập' };
const CLERK = { fullName: 'Lê Văn Nhập', userName: 'lan', password: 'mat-khau-can-bo' };

let hubDir = '';
let hub: RunningHub | undefined;
const syncInterval = process.env.SOHOA_SYNC_INTERVAL_MS;

test.beforeEach(async () => {
  // The background push waits an hour: what the clerk sees comes from "Gửi ngay", not a race.
  process.env.SOHOA_SYNC_INTERVAL_MS = String(60 * 60_000);
  hubDir = await makeHubDir();
});

test.afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  if (syncInterval === undefined) delete process.env.SOHOA_SYNC_INTERVAL_MS;
  else process.env.SOHOA_SYNC_INTERVAL_MS = syncInterval;
  await fs.rm(hubDir, { recursive: true, force: true });
});

/** A loopback port nobody listens on: a hub address that does not answer. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function hubStats(): Promise<{ communes: number; devices: number; books: number; entries: number }> {
  const run = await hubCli(hubDir, 'stats', '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { communes: number; devices: number; books: number; entries: number };
}

async function importBook(volume: string, officeCode: string): Promise<string> {
  const pdf = await makeBookPdf(path.join(session.scansDir, `gh-${officeCode}.pdf`), 2);
  const imported = await sohoa(
    ...['book', 'import', pdf, '--type', 'GH', '--volume', volume, '--office', 'UBND xã Tân Lập'],
    ...['--office-code', officeCode, '--data-dir', session.dataDir],
  );
  expect(imported.code, imported.stderr).toBe(0);
  return imported.stdout.trim();
}

/** A hub with the commune, and a one-time enrollment code for it. */
async function hubWithCommune(): Promise<{ hub: RunningHub; code: string }> {
  const started = await startHub(hubDir);
  hub = started;
  const added = await hubCli(hubDir, 'commune', 'add', '--code', COMMUNE.code, '--name', COMMUNE.name);
  expect(added.code, added.stderr).toBe(0);
  const issued = await hubCli(hubDir, 'enroll-code', '--commune', COMMUNE.code);
  expect(issued.code, issued.stderr).toBe(0);
  return { hub: started, code: issued.stdout.trim() };
}

/**
 * Types a GH entry. With `proposed`, the form proposes `so` itself (the book has the entry before):
 * the test waits for the proposal instead of typing over it while it loads.
 */
async function typeEntry(page: Page, base: string, bookId: string, so: string, ward: string, proposed = false) {
  await page.goto(`${base}#/so/${bookId}`);
  const guardianGroup = page.getByRole('group', { name: 'Người giám hộ' });
  const wardGroup = page.getByRole('group', { name: 'Người được giám hộ' });
  const soField = page.getByLabel('Số', { exact: true });
  if (proposed) await expect(soField).toHaveValue(so);
  else await soField.fill(so);
  await page.getByLabel('Ngày, tháng, năm đăng ký', { exact: true }).fill('05032018');
  await page.getByLabel('Loại giám hộ', { exact: true }).selectOption({ label: 'Giám hộ cử' });
  await guardianGroup.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Văn Bình');
  await wardGroup.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill(ward);
  await wardGroup.getByLabel('Ngày, tháng, năm sinh', { exact: true }).fill('12/7/2010');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(`Đã lưu trường hợp số ${so}.`)).toBeVisible();
}

test('enroll in Cài đặt, send a clerk’s entry with Gửi ngay, see it per book; a stopped hub leaves the next one waiting until the USB package and receipt', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });

  // The district: a hub with the commune and a one-time enrollment code.
  const district = await hubWithCommune();
  const enrollCode = district.code;
  hub = district.hub;
  const bookId = await importBook('01/2018', COMMUNE.code);

  const host = await session.start();
  const base = host.openUrl.replace(/\?.*/, '');
  await page.goto(host.openUrl);

  // Not enrolled yet: the panel says so and where to go.
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Máy này chưa kết nối với máy chủ huyện' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gửi ngay' })).toHaveCount(0);

  // A clerk (in another browser) is told to ask the administrator, and has no Cài đặt.
  const created = await callApi(context, host.openUrl, 'accounts.create', { ...CLERK, role: 'clerk' });
  expect(created.ok, created.error?.message).toBe(true);
  const clerkContext = await browser.newContext({ locale: 'vi-VN' });
  await logIn(clerkContext, host.openUrl, CLERK.userName, CLERK.password);
  const clerkPage = await clerkContext.newPage();
  await clerkPage.goto(`${base}#/dong-bo`);
  await expect(clerkPage.getByText('Hãy nhờ quản trị viên kết nối máy trong Cài đặt → Kết nối huyện.')).toBeVisible();
  await expect(clerkPage.getByRole('link', { name: 'Cài đặt', exact: true })).toHaveCount(0);
  await clerkPage.goto(`${base}#/cai-dat`);
  await expect(clerkPage.getByRole('heading', { name: 'Danh sách sổ' })).toBeVisible();
  await expect(clerkPage.getByRole('form', { name: 'Kết nối huyện' })).toHaveCount(0);
  await clerkContext.close();

  // The administrator: Cài đặt → Kết nối huyện. Bad address, wrong code, hub not reachable.
  await page.getByRole('link', { name: 'Cài đặt → Kết nối huyện' }).click();
  const form = page.getByRole('form', { name: 'Kết nối huyện' });
  const address = form.getByLabel('Địa chỉ máy chủ huyện', { exact: true });
  const code = form.getByLabel('Mã đăng ký', { exact: true });
  await address.fill('192.168.1.10:8080');
  await code.fill(enrollCode);
  await form.getByRole('button', { name: 'Kết nối' }).click();
  await expect(form.getByRole('alert')).toHaveText('Địa chỉ máy chủ huyện phải bắt đầu bằng http:// hoặc https://');

  await address.fill(district.hub.url);
  await code.fill('SAIM-AMAS-AIMA');
  await form.getByRole('button', { name: 'Kết nối' }).click();
  await expect(form.getByRole('alert')).toHaveText(/^Chưa đăng ký được: Mã đăng ký không đúng\./);

  await address.fill(`http://127.0.0.1:${await closedPort()}/`);
  await code.fill(enrollCode);
  await form.getByRole('button', { name: 'Kết nối' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    /^Chưa đăng ký được: Không kết nối được máy chủ huyện.*Hãy kiểm tra địa chỉ máy chủ/,
  );
  await expectNoSeriousA11yViolations(page, 'kết nối huyện (lỗi)');

  await address.fill(district.hub.url);
  await form.getByRole('button', { name: 'Kết nối' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Đã kết nối máy này với máy chủ huyện cho ${COMMUNE.name} (mã ${COMMUNE.code}).`,
  );
  await expect(page.getByTestId('hub-enrolled')).toContainText(district.hub.url.replace(/\/$/, ''));
  // Already enrolled: the form is behind "Đăng ký lại", with a warning.
  await expect(page.getByRole('form', { name: 'Kết nối huyện' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Đăng ký lại' }).click();
  await expect(page.getByTestId('hub-reenroll-warning')).toContainText('toàn bộ trường hợp sẽ được gửi lại');
  await page.getByRole('button', { name: 'Hủy' }).click();
  await expectNoSeriousA11yViolations(page, 'kết nối huyện');
  expect((await hubStats()).devices).toBe(1);

  // The clerk types an entry.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(CLERK.userName);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(CLERK.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText(`${CLERK.fullName} (Cán bộ nhập)`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cài đặt', exact: true })).toHaveCount(0);
  await typeEntry(page, base, bookId, '01/2018', 'Nguyễn Thị Phượng');

  // Đồng bộ: one waiting; "Gửi ngay" sends it; the hub has it.
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await expect(page.getByTestId('sync-hub')).toHaveText(district.hub.url.replace(/\/$/, ''));
  await expect(page.getByTestId('sync-commune')).toHaveText(`${COMMUNE.name} (mã ${COMMUNE.code})`);
  await expect(page.getByTestId('sync-waiting')).toHaveText('1');
  await expect(page.getByTestId('sync-sent')).toHaveText('0');
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    'Máy chủ huyện đã nhận 1 gói. Không còn trường hợp nào chờ gửi.',
  );
  await expect(page.getByTestId('sync-sent')).toHaveText('1');
  await expect(page.getByTestId('sync-waiting')).toHaveText('0');
  await expect(page.getByTestId('sync-files-waiting')).toHaveText('0');
  await expect(page.getByTestId('sync-online')).toHaveText('Kết nối được máy chủ huyện');
  await expect(page.getByTestId('sync-last-success')).toHaveText(/^\d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
  const stats = await hubStats();
  expect(stats).toMatchObject({ communes: 1, devices: 1, books: 1, entries: 1 });
  await expectNoSeriousA11yViolations(page, 'đồng bộ');
  await page.screenshot({ path: test.info().outputPath('dong-bo-1366x768.png') });

  // The book list: what the book has sent, in words.
  await page.getByRole('link', { name: 'Về danh sách sổ' }).click();
  await expect(page.getByRole('columnheader', { name: 'Gửi lên huyện' })).toBeVisible();
  await expect(page.getByTestId('book-sync')).toHaveText('Đã gửi hết (1)');
  await expectNoSeriousA11yViolations(page, 'danh sách sổ');

  // The hub stops; the next entry stays waiting, and the panel says why and what to do.
  await district.hub.stop();
  await typeEntry(page, base, bookId, '02/2018', 'Trần Thị Lan', true);
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await expect(page.getByTestId('sync-waiting')).toHaveText('1');
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    'Chưa gửi được. Còn 1 trường hợp chờ gửi. Có 1 lỗi: xem mục "Lỗi" bên dưới.',
  );
  await expect(page.getByTestId('sync-online')).toHaveText('Không kết nối được máy chủ huyện');
  await expect(page.getByText('sẽ tự gửi khi kết nối lại')).toBeVisible();
  const problems = page.getByRole('region', { name: 'Lỗi' });
  await expect(problems).toContainText('Không kết nối được máy chủ huyện (mạng hoặc máy chủ đang tắt).');
  await expect(problems).toContainText('Sẽ tự gửi lại lúc');
  await expect(problems.getByRole('button', { name: 'Thử lại' })).toHaveCount(0);
  await expect(page.getByTestId('sync-waiting')).toHaveText('1');
  await expect(page.getByTestId('sync-sent')).toHaveText('1');
  await expectNoSeriousA11yViolations(page, 'đồng bộ (mất kết nối)');
  await page.screenshot({ path: test.info().outputPath('dong-bo-mat-ket-noi-1366x768.png'), fullPage: true });

  await page.getByRole('link', { name: 'Về danh sách sổ' }).click();
  await expect(page.getByTestId('book-sync')).toHaveText('Đã gửi 1 · chờ 1');
  // The hub still has exactly the first entry.
  expect((await hubStats()).entries).toBe(1);

  // No network: the USB route. "Xuất gói USB" says where the package went; the district imports
  // it (sohoa-hub import) and hands back a receipt, which "Nạp biên nhận USB" applies.
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await page.getByRole('button', { name: 'Xuất gói USB' }).click();
  const usbDir = path.join(session.dataDir, 'dong-bo');
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Đã xuất gói USB (1 trường hợp, 0 tệp scan) vào thư mục: ${usbDir}. Hãy chép tệp .zip trong thư mục này sang USB và mang lên huyện.`,
  );
  const zips = (await fs.readdir(usbDir)).filter((name) => name.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  const receiptsDir = path.join(hubDir, 'bien-nhan');
  const ingested = await hubCli(hubDir, 'import', path.join(usbDir, zips[0]!), '--receipt-out', receiptsDir);
  expect(ingested.code, ingested.stderr).toBe(0);
  const [receiptName] = await fs.readdir(receiptsDir);

  // A file that is no receipt changes nothing, and says so.
  const notReceipt = path.join(session.scansDir, 'khong-phai-bien-nhan.json');
  await fs.writeFile(notReceipt, 'đây không phải JSON');
  await page.getByLabel('Tệp biên nhận USB').setInputFiles(notReceipt);
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    'Chưa xong: Tệp biên nhận không đọc được (không phải JSON). Không có gì thay đổi.',
  );
  await expect(page.getByTestId('sync-waiting')).toHaveText('1');

  await page.getByLabel('Tệp biên nhận USB').setInputFiles(path.join(receiptsDir, receiptName!));
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Đã nạp biên nhận ${receiptName}. Còn 0 trường hợp chờ gửi.`,
  );
  await expect(page.getByTestId('sync-sent')).toHaveText('2');
  await expect(page.getByTestId('sync-waiting')).toHaveText('0');
  await expect(page.getByRole('region', { name: 'Lỗi' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Về danh sách sổ' }).click();
  await expect(page.getByTestId('book-sync')).toHaveText('Đã gửi hết (2)');
  expect((await hubStats()).entries).toBe(2);
});

test('a batch the hub refuses is set aside with its reason and Thử lại; it does not block the next one; the open panel follows new entries', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const district = await hubWithCommune();
  // A book of another commune (mã ĐVHC 99999): the hub refuses it.
  const otherBook = await importBook('02/2018', '99999');
  const ownBook = await importBook('01/2018', COMMUNE.code);
  const host = await session.start();
  const base = host.openUrl.replace(/\?.*/, '');
  const enrolled = await callApi(context, host.openUrl, 'sync.enroll', {
    hubUrl: district.hub.url,
    code: district.code,
  });
  expect(enrolled.ok, enrolled.error?.message).toBe(true);
  await page.goto(host.openUrl);

  await typeEntry(page, base, otherBook, '01/2018', 'Nguyễn Thị Phượng');
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  // One batch or two (the books as they were at enrollment, if the background job's first round
  // took them, then the entry): each holds the other commune's book, each is set aside.
  await expect(page.getByTestId('sync-outcome')).toHaveText(/^Chưa gửi được\. Có [12] lỗi: xem mục "Lỗi" bên dưới\.$/);
  await expect(page.getByTestId('sync-in-error')).toHaveText('1');
  await expect(page.getByTestId('sync-waiting')).toHaveText('0');
  const problems = page.getByRole('region', { name: 'Lỗi' });
  const setAside = await problems.getByRole('listitem').count();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Chưa gửi được. Có ${setAside} lỗi: xem mục "Lỗi" bên dưới.`,
  );
  await expect(problems.getByRole('listitem').first()).toContainText('Gói bị để riêng');
  await expect(problems).toContainText('Huyện không nhận sổ của xã khác.');
  await expect(problems).toContainText('Gói này không chặn các gói khác.');
  await expect(problems.getByRole('button', { name: 'Thử lại' })).toHaveCount(setAside);
  await expectNoSeriousA11yViolations(page, 'đồng bộ (gói bị để riêng)');

  // While the panel stays open, an entry typed in another window shows up as waiting.
  const other = await context.newPage();
  await typeEntry(other, base, ownBook, '01/2018', 'Trần Thị Lan');
  await other.close();
  await expect(page.getByTestId('sync-waiting')).toHaveText('1');
  await expect(page.getByTestId('sync-pending-batches')).toHaveText('0');

  // The next batch goes through although the first is set aside.
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Máy chủ huyện đã nhận 1 gói. Có ${setAside} lỗi: xem mục "Lỗi" bên dưới.`,
  );
  await expect(page.getByTestId('sync-sent')).toHaveText('1');
  expect((await hubStats()).entries).toBe(1);

  // "Thử lại" sends the set-aside batch again at once; the hub refuses it again, and says why.
  await problems.getByRole('button', { name: 'Thử lại' }).last().click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Chưa gửi được. Có ${setAside} lỗi: xem mục "Lỗi" bên dưới.`,
  );
  await expect(problems.getByText('Gói bị để riêng')).toHaveCount(setAside);
  expect((await hubStats()).entries).toBe(1);

  // The book list: the refused book in error, the other one sent, in words.
  await page.getByRole('link', { name: 'Về danh sách sổ' }).click();
  await expect(page.locator('tr', { hasText: '02/2018' }).getByTestId('book-sync')).toHaveText('Đã gửi 0 · lỗi 1');
  await expect(page.locator('tr', { hasText: '01/2018' }).getByTestId('book-sync')).toHaveText('Đã gửi hết (1)');
  await page.screenshot({ path: test.info().outputPath('danh-sach-so-1366x768.png') });
});

async function editWard(page: Page, base: string, bookId: string, entryId: string, ward: string) {
  await page.goto(`${base}#/so/${bookId}/tc/${entryId}`);
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  const wardGroup = page.getByRole('group', { name: 'Người được giám hộ' });
  await wardGroup.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill(ward);
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Lịch sử thay đổi' })).toContainText(`→ ${ward}`);
}

test('a data folder restored from a backup: its next edit of an entry the hub has newer is shown as a conflict, nothing overwritten', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const district = await hubWithCommune();
  const bookId = await importBook('01/2018', COMMUNE.code);
  let host = await session.start();
  const base = () => host.openUrl.replace(/\?.*/, '');
  const enrolled = await callApi(context, host.openUrl, 'sync.enroll', {
    hubUrl: district.hub.url,
    code: district.code,
  });
  expect(enrolled.ok, enrolled.error?.message).toBe(true);
  await page.goto(host.openUrl);
  await typeEntry(page, base(), bookId, '01/2018', 'Nguyễn Thị Phượng');
  const pushed = await callApi(context, host.openUrl, 'sync.pushNow', {});
  expect(pushed.result).toMatchObject({ waiting: 0, errors: [] });
  const listed = await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', session.dataDir);
  const [entry] = JSON.parse(listed.stdout) as { id: string }[];

  // A backup of the data folder, then version 2 reaches the hub.
  await session.stop();
  const backup = `${session.dataDir}-sao-luu`;
  await fs.cp(session.dataDir, backup, { recursive: true });
  host = await session.start();
  await page.goto(host.openUrl);
  await editWard(page, base(), bookId, entry!.id, 'Nguyễn Thị Phương');
  const second = await callApi(context, host.openUrl, 'sync.pushNow', {});
  // Sent by this push or by the background job's first round after the restart: either way, sent.
  expect(second.result).toMatchObject({ waiting: 0, errors: [] });
  const afterSecond = await callApi(context, host.openUrl, 'sync.status', {});
  expect(afterSecond.result).toMatchObject({ sent: 1, waiting: 0, conflicts: [] });

  // The backup comes back (the disk failed); the clerk corrects the entry again, differently.
  await session.stop();
  await fs.rm(session.dataDir, { recursive: true, force: true });
  await fs.rename(backup, session.dataDir);
  host = await session.start();
  await page.goto(host.openUrl);
  await editWard(page, base(), bookId, entry!.id, 'Nguyễn Thị Phượng Hoa');
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  // (This push or the background job's first round after the restart brought the receipt.)
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    / Có 1 trường hợp xung đột: xem mục "Xung đột" bên dưới\.$/,
  );
  const conflicts = page.getByRole('region', { name: 'Xung đột' });
  const conflict = conflicts.getByRole('article', { name: 'Xung đột trường hợp số 01/2018' });
  await expect(conflict).toContainText('Phiên bản trên máy chủ huyện: 2; trên máy này: 2.');
  await expect(conflicts).toContainText('Không bản nào bị ghi đè');
  await expect(page.getByTestId('sync-in-error')).toHaveText('1');
  await expectNoSeriousA11yViolations(page, 'đồng bộ (xung đột)');
  await page.screenshot({ path: test.info().outputPath('xung-dot-1366x768.png'), fullPage: true });
  // The hub kept its version: still one entry.
  expect((await hubStats()).entries).toBe(1);

  // The entry opens from the conflict, on its page, as the clerk typed it last.
  await conflict.getByRole('link', { name: /^Trường hợp số 01\/2018/ }).click();
  await expect(page.getByRole('heading', { name: 'Trường hợp số 01/2018' })).toBeVisible();
  await page.goto(`${base()}#/`);
  await expect(page.getByTestId('book-sync')).toHaveText('Đã gửi 0 · lỗi 1');

  // Both values, field by field; the clerk checks the book and takes the hub's version.
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  const shown = page.getByRole('article', { name: 'Xung đột trường hợp số 01/2018' });
  const differing = shown.getByRole('row', { name: /Nguyễn Thị Phương\b/ });
  await expect(differing).toContainText('Nguyễn Thị Phượng Hoa');
  await shown.getByRole('button', { name: 'Nhận bản của huyện' }).click();
  await expect(page.getByTestId('sync-outcome')).toContainText('đã lấy theo bản của huyện');
  await expect(page.getByRole('region', { name: 'Xung đột' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  // Sent by this push or by the background job, whichever comes first: wait for the outcome.
  await expect
    .poll(async () => (await callApi(context, host.openUrl, 'sync.status', {})).result, { timeout: 60_000 })
    .toMatchObject({ sent: 1, waiting: 0, conflicts: [] });
  await expect(page.getByTestId('sync-in-error')).toHaveText('0');
  const taken = await callApi(context, host.openUrl, 'records.get', { id: entry!.id });
  expect(JSON.stringify(taken.result)).toContain('"Nguyễn Thị Phương"');
  expect((await hubStats()).entries).toBe(1);
});
