/**
 * "Cần sửa" on the desktop (issue 11): the district's correction requests arrive with the hub's
 * USB receipt (the real delivery path: "Nạp biên nhận USB" → sync.applyReceipt → the requests
 * stored), the nav link counts them, "Sửa" opens the entry beside its page with its box, the
 * requested fields are flagged in the form and the save answers the ones whose field changed;
 * "Giữ nguyên…" asks for a reason. Everything survives a reload; the answers wait on the sync
 * screen, go with the next USB package, and the hub's receipt marks them sent.
 *
 * The hub here is the real `sohoa-hub` (enrollment, import of the USB package, its receipt); the
 * requests are added to that receipt as the hub's review writes them (correctionRequestSchema),
 * so that this test does not depend on the reviewer's screens. (The hub therefore does not hold
 * them: it skips the answers to them, and still commits the batch and writes its receipt.)
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CorrectionRequest } from '../../shared/review/review';
import { receipt as receiptSchema } from '../../shared/sync/protocol';
import { makeBookPdf } from '../fixtures/scans';
import { sohoa } from '../fixtures/sohoa';
import { hubCli, makeHubDir, startHub, type RunningHub } from './hub';
import { callApi, useSession } from './session';
import { expectNoSeriousA11yViolations } from './a11y';

const session = useSession();
const COMMUNE = { code: '12345', name: 'Xã Tân Lập' };

let hubDir = '';
let hub: RunningHub | undefined;
const syncInterval = process.env.SOHOA_SYNC_INTERVAL_MS;

test.beforeEach(async () => {
  // No background push: what happens comes from the test's own steps.
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

async function call<T>(context: BrowserContext, openUrl: string, name: string, input: unknown): Promise<T> {
  const body = await callApi(context, openUrl, name, input);
  expect(body.ok, `${name}: ${body.error?.message}`).toBe(true);
  return body.result as T;
}

function ghEntry(so: string, ward: string, page: number) {
  return {
    so,
    quyenSo: '01/2018',
    trangSo: page,
    ngayDangKy: '2018-03-05',
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh: '1960' }],
    nguoiDuocGiamHo: { hoTen: ward, ngaySinh: '2010-07-12', danToc: 'Kinh' },
    nguoiKy: 'Nguyễn Văn Tư',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
  };
}

/** A request as the hub's review makes it. */
function request(
  bookId: string,
  entryId: string,
  field: string,
  fieldLabel: string,
  typedValue: string,
  readValue: string,
  note: string,
): CorrectionRequest {
  return {
    id: randomUUID(),
    lotId: LOT_ID,
    bookId,
    entryId,
    entryVersion: 1,
    field,
    fieldLabel,
    typedValue,
    readValue,
    note,
    requestedAt: new Date().toISOString(),
    requestedBy: 'Phạm Thị Kiểm',
  };
}
const LOT_ID = randomUUID();

test('Cần sửa: requests come with the USB receipt; the clerk corrects one beside its page and box, keeps others with a reason', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });

  // The district's hub, with the commune and an enrollment code.
  hub = await startHub(hubDir);
  const added = await hubCli(hubDir, 'commune', 'add', '--code', COMMUNE.code, '--name', COMMUNE.name);
  expect(added.code, added.stderr).toBe(0);
  const issued = await hubCli(hubDir, 'enroll-code', '--commune', COMMUNE.code);
  expect(issued.code, issued.stderr).toBe(0);

  // The commune: a book of two pages, enrolled, two entries typed (the first on page 2, boxed).
  const pdf = await makeBookPdf(path.join(session.scansDir, 'gh.pdf'), 2);
  const imported = await sohoa(
    ...['book', 'import', pdf, '--type', 'GH', '--volume', '01/2018', '--office', 'UBND xã Tân Lập'],
    ...['--office-code', COMMUNE.code, '--data-dir', session.dataDir],
  );
  expect(imported.code, imported.stderr).toBe(0);
  const bookId = imported.stdout.trim();
  const host = await session.start();
  const base = host.openUrl.replace(/\?.*/, '');
  await call(context, host.openUrl, 'sync.enroll', { hubUrl: hub.url, code: issued.stdout.trim() });
  // From here on the commune has no network: everything goes by USB (the hub's CLI on its folder).
  await hub.stop();
  hub = undefined;
  const book = await call<{ pages: { id: string; pageNo: number }[] }>(context, host.openUrl, 'books.get', {
    id: bookId,
  });
  const rect = { x: 0.1, y: 0.3, w: 0.6, h: 0.2 };
  const first = await call<{ id: string }>(context, host.openUrl, 'records.create', {
    bookId,
    data: ghEntry('01/2018', 'Nguyễn Thị Phượng', 2),
    pages: [{ pageId: book.pages[1]!.id, rect }],
  });
  const second = await call<{ id: string }>(context, host.openUrl, 'records.create', {
    bookId,
    data: ghEntry('02/2018', 'Trần Thị Lan', 1),
    pages: [{ pageId: book.pages[0]!.id }],
  });

  // No network: the USB package goes to the district, which imports it and writes the receipt;
  // the district's review has asked for three corrections, which the receipt carries down.
  const usb = await call<{ path: string }>(context, host.openUrl, 'sync.exportUsb', {});
  // One package per batch (UUIDv7 batch ids: their names sort in the order they were made).
  const zips = (await fs.readdir(usb.path)).filter((zip) => zip.endsWith('.zip')).sort();
  expect(zips.length).toBeGreaterThan(0);
  const receiptsDir = path.join(hubDir, 'bien-nhan');
  for (const zip of zips) {
    const ingested = await hubCli(hubDir, 'import', path.join(usb.path, zip), '--receipt-out', receiptsDir);
    expect(ingested.code, ingested.stderr).toBe(0);
  }
  const receipts = (await fs.readdir(receiptsDir)).sort();
  expect(receipts).toHaveLength(zips.length);
  // The earlier receipts (the book's scans and pages) are applied as they are; the last one, of
  // the batch with the entries, brings the district's requests and is loaded on screen.
  for (const earlier of receipts.slice(0, -1)) {
    const receiptJson = await fs.readFile(path.join(receiptsDir, earlier), 'utf8');
    await call(context, host.openUrl, 'sync.applyReceipt', { receiptJson });
  }
  const receiptName = receipts[receipts.length - 1]!;
  const receiptFile = path.join(receiptsDir, receiptName);
  const name = request(
    bookId,
    first.id,
    'nguoiDuocGiamHo.hoTen',
    'Người được giám hộ › Họ, chữ đệm, tên',
    'Nguyễn Thị Phượng',
    'Nguyễn Thị Phương',
    'Sổ ghi "Phương", không có dấu nặng',
  );
  const birth = request(
    bookId,
    first.id,
    'nguoiDuocGiamHo.ngaySinh',
    'Người được giám hộ › Ngày, tháng, năm sinh',
    '12/07/2010',
    '17/07/2010',
    '',
  );
  const number = request(bookId, second.id, 'so', 'Số', '02/2018', '03/2018', 'Số trên sổ là 03');
  const receipt = receiptSchema.parse(JSON.parse(await fs.readFile(receiptFile, 'utf8')));
  await fs.writeFile(receiptFile, JSON.stringify({ ...receipt, corrections: [name, birth, number] }));

  // Nothing asked yet: the link has no count.
  await page.goto(host.openUrl);
  await expect(page.getByTestId('corrections-link')).toHaveText('Cần sửa');
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await page.getByLabel('Tệp biên nhận USB').setInputFiles(receiptFile);
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Đã nạp biên nhận ${receiptName}. Còn 0 trường hợp chờ gửi.`,
  );
  await expect(page.getByRole('link', { name: 'Cần sửa (3)' })).toBeVisible();

  // The list: by book, then entry; typed vs read, the note, who asked.
  await page.getByRole('link', { name: 'Cần sửa (3)' }).click();
  await expect(page.getByRole('heading', { name: 'Chưa trả lời (3)' })).toBeVisible();
  const bookSection = page.getByRole('region', { name: 'Sổ đăng ký giám hộ — quyển 01/2018' });
  await expect(bookSection).toBeVisible();
  const firstEntry = page.getByRole('article', { name: 'Yêu cầu sửa: Số 01/2018 — Nguyễn Thị Phượng' });
  await expect(firstEntry.getByRole('heading')).toHaveText('Số 01/2018 — Nguyễn Thị Phượng · trang 2');
  const nameRow = firstEntry.locator(`tr[data-request="${name.id}"]`);
  await expect(nameRow).toContainText('Người được giám hộ › Họ, chữ đệm, tên');
  await expect(nameRow).toContainText('Nguyễn Thị Phượng');
  await expect(nameRow).toContainText('Nguyễn Thị Phương');
  await expect(nameRow).toContainText('Sổ ghi "Phương", không có dấu nặng');
  await expect(nameRow).toContainText('Phạm Thị Kiểm');
  await expect(page.getByRole('article', { name: 'Yêu cầu sửa: Số 02/2018 — Trần Thị Lan' })).toContainText(
    'Số trên sổ là 03',
  );
  await expectNoSeriousA11yViolations(page, 'cần sửa');
  await page.screenshot({ path: test.info().outputPath('can-sua-1366x768.png'), fullPage: true });

  // "Sửa": the entry beside its page (page 2), its box highlighted, the requests above it.
  await nameRow.getByRole('link', { name: 'Sửa' }).click();
  await expect(page).toHaveURL(`${base}#/so/${bookId}/tc/${first.id}`);
  await expect(page.locator('.page-label')).toHaveText('Trang 2 / 2');
  await expect(page.locator(`[data-entry-box="${first.id}"]`)).toHaveClass(/selected/);
  const panel = page.getByRole('region', { name: 'Cần sửa (2)' });
  await expect(panel).toContainText('đã nhập “Nguyễn Thị Phượng” — huyện đọc là “Nguyễn Thị Phương”');
  await expect(panel).toContainText('Ghi chú: Sổ ghi "Phương", không có dấu nặng');
  await expect(panel).toContainText('đã nhập “12/07/2010” — huyện đọc là “17/07/2010”');
  // The entry as typed, with the questioned fields marked.
  const asTyped = page.getByLabel('Nội dung trường hợp (chỉ xem)');
  await expect(asTyped.locator('.view-field.requested')).toHaveCount(2);
  await expect(asTyped.locator('[data-path="nguoiDuocGiamHo.hoTen"]')).toContainText(
    'Nguyễn Thị Phượng (huyện yêu cầu sửa)',
  );
  await expectNoSeriousA11yViolations(page, 'trường hợp cần sửa');

  // Editing: the requested fields are flagged; the save answers only the request whose field changed.
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  const ward = page.getByRole('group', { name: 'Người được giám hộ' });
  const wardName = ward.getByLabel('Họ, chữ đệm, tên', { exact: true });
  await expect(wardName).toHaveAccessibleDescription(
    /Huyện yêu cầu sửa: huyện đọc là “Nguyễn Thị Phương” — Sổ ghi "Phương", không có dấu nặng/,
  );
  await expect(ward.getByLabel('Ngày, tháng, năm sinh', { exact: true })).toHaveAccessibleDescription(
    /Huyện yêu cầu sửa: huyện đọc là “17\/07\/2010”/,
  );
  const ticks = page.getByRole('group', { name: 'Lần lưu này đã sửa theo yêu cầu của huyện' });
  const nameTick = ticks.getByRole('checkbox', { name: /Họ, chữ đệm, tên/ });
  const birthTick = ticks.getByRole('checkbox', { name: /Ngày, tháng, năm sinh/ });
  await expect(nameTick).not.toBeChecked();
  await wardName.fill('Nguyễn Thị Phương');
  await expect(nameTick).toBeChecked();
  await expect(birthTick).not.toBeChecked();
  await expectNoSeriousA11yViolations(page, 'sửa theo yêu cầu');
  await page.screenshot({ path: test.info().outputPath('sua-theo-yeu-cau-1366x768.png') });
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();

  // Answered: "Đã sửa" with the new version; the date request is still open.
  const answeredPanel = page.getByRole('region', { name: 'Cần sửa (1)' });
  await expect(answeredPanel).toContainText('Người được giám hộ › Họ, chữ đệm, tên: Đã sửa (phiên bản 2)');
  await expect(answeredPanel).toContainText('huyện đọc là “17/07/2010”');
  await expect(page.getByRole('link', { name: 'Cần sửa (2)' })).toBeVisible();

  // "Giữ nguyên…" beside the entry: the reason is required.
  await answeredPanel.getByRole('button', { name: 'Giữ nguyên…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Giữ nguyên giá trị' });
  await dialog.getByRole('button', { name: 'Giữ nguyên' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Ghi lý do giữ nguyên giá trị');
  await expectNoSeriousA11yViolations(page, 'giữ nguyên (thiếu lý do)');
  await dialog.getByLabel('Lý do giữ nguyên (bắt buộc)').fill('Sổ gốc ghi ngày 12, huyện đọc nhầm nét');
  await dialog.getByRole('button', { name: 'Giữ nguyên' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Yêu cầu sửa của huyện: đã trả lời hết' })).toContainText(
    'Người được giám hộ › Ngày, tháng, năm sinh: Giữ nguyên — lý do: Sổ gốc ghi ngày 12, huyện đọc nhầm nét',
  );
  await expect(page.getByRole('link', { name: 'Cần sửa (1)' })).toBeVisible();

  // The entry's history: its versions and the exchange with the district, in time order.
  const history = page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await expect(history).toContainText(/Nguyễn Thị Phượng → Nguyễn Thị Phương/);
  const exchange = history.locator('li.history-correction');
  await expect(exchange).toHaveCount(4);
  for (const i of [0, 1])
    await expect(exchange.nth(i)).toContainText('Huyện yêu cầu sửa (phiên bản 1) — Phạm Thị Kiểm');
  await expect(history).toContainText('đã nhập “Nguyễn Thị Phượng”, huyện đọc là “Nguyễn Thị Phương”');
  await expect(exchange.nth(2)).toContainText('Trả lời yêu cầu sửa: Đã sửa (phiên bản 2)');
  await expect(exchange.nth(3)).toContainText('Trả lời yêu cầu sửa: Giữ nguyên');
  await expect(exchange.nth(3)).toContainText('lý do: Sổ gốc ghi ngày 12, huyện đọc nhầm nét');

  // The other entry's request, from the list: empty reason refused, then kept.
  await page.getByRole('link', { name: 'Cần sửa (1)' }).click();
  const numberRow = page.locator(`tr[data-request="${number.id}"]`);
  await numberRow.getByRole('button', { name: 'Giữ nguyên…' }).click();
  await dialog.getByLabel('Lý do giữ nguyên (bắt buộc)').fill('   ');
  await dialog.getByRole('button', { name: 'Giữ nguyên' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Ghi lý do giữ nguyên giá trị');
  await dialog.getByLabel('Lý do giữ nguyên (bắt buộc)').fill('Số 03/2018 là trường hợp khác, ở trang sau');
  await dialog.getByRole('button', { name: 'Giữ nguyên' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Đã ghi “Giữ nguyên” cho ô Số của Số 02/2018 — Trần Thị Lan.',
  );

  // Nothing open; the answers wait to be sent. A reload keeps it all.
  const checkAnswered = async () => {
    await expect(page.getByRole('heading', { name: 'Chưa trả lời (0)' })).toBeVisible();
    await expect(page.getByTestId('corrections-link')).toHaveText('Cần sửa');
    await expect(page.getByRole('heading', { name: 'Đã trả lời (3)' })).toBeVisible();
    await expect(page.getByTestId('corrections-waiting')).toHaveText(
      '3 câu trả lời chờ gửi lên huyện (gửi cùng lần đồng bộ tiếp theo).',
    );
    const answered = page.getByRole('region', { name: 'Đã trả lời (3)' });
    await expect(answered.locator(`tr[data-request="${name.id}"]`)).toContainText('Đã sửa (phiên bản 2)');
    await expect(answered.locator(`tr[data-request="${birth.id}"]`)).toContainText(
      'Sổ gốc ghi ngày 12, huyện đọc nhầm nét',
    );
    await expect(answered.locator(`tr[data-request="${number.id}"]`)).toContainText(
      /Giữ nguyên.*Số 03\/2018 là trường hợp khác, ở trang sau.*Chờ gửi lên huyện/,
    );
  };
  await checkAnswered();
  await expectNoSeriousA11yViolations(page, 'cần sửa (đã trả lời)');
  await page.reload();
  await checkAnswered();

  // The sync screen says the answers wait for the next batch.
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await expect(page.getByTestId('sync-corrections-open')).toHaveText('0');
  await expect(page.getByTestId('sync-corrections-waiting')).toHaveText('3');

  // They go with the next USB package (with the corrected entry); the hub's receipt marks them sent.
  await page.getByRole('button', { name: 'Xuất gói USB' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(/^Đã xuất gói USB \(1 trường hợp/);
  const next = (await fs.readdir(usb.path)).filter((zip) => zip.endsWith('.zip') && !zips.includes(zip));
  expect(next).toHaveLength(1);
  const answersDir = path.join(hubDir, 'bien-nhan-2');
  const ingested = await hubCli(hubDir, 'import', path.join(usb.path, next[0]!), '--receipt-out', answersDir);
  expect(ingested.code, ingested.stderr).toBe(0);
  const [answersReceipt] = await fs.readdir(answersDir);
  await page.getByLabel('Tệp biên nhận USB').setInputFiles(path.join(answersDir, answersReceipt!));
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    `Đã nạp biên nhận ${answersReceipt}. Còn 0 trường hợp chờ gửi.`,
  );
  await expect(page.getByTestId('sync-corrections-waiting')).toHaveText('0');
  await page.getByTestId('corrections-link').click();
  await expect(page.getByTestId('corrections-waiting')).toHaveText('Mọi câu trả lời đã được gửi lên huyện.');
  await expect(page.locator(`tr[data-request="${number.id}"]`)).toContainText('Đã gửi lên huyện');
});
