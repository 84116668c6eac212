/**
 * Issue 11's whole round trip, in Chromium, against a real hub (`sohoa-hub serve` on PGlite) and a
 * real desktop web host together: the clerk's desktop sends a small GH book ("Gửi ngay"); the
 * reviewer (/kiem-tra/) sees the plan and its OC figures, draws the whole lot with a seed, reads
 * the critical fields blind, finds two fields wrong (the ward's name on one entry, the
 * registration date on another) and rejects the lot; the minutes PDF, read back as text, shows
 * the counts. The clerk gets the two requests with the next "Gửi ngay", corrects one through
 * "Sửa", keeps the other with a reason and sends again; the hub opens a new lot (the old one
 * "Đã gửi lại") whose exchange shows both answers; the reviewer re-inspects it (the corrected
 * entry as edited) and accepts it; its minutes say so. Thống kê shows the clerk's error rate, and
 * `sohoa-hub export` writes the accepted book, which `sohoa verify` passes.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RecordDetail } from '../../shared/records/record';
import { operatingCharacteristic, samplingPlan } from '../../shared/review/iso2859';
import { DEFAULT_AQL } from '../../shared/review/review';
import { sohoa } from '../fixtures/sohoa';
import { hubCli } from './hub';
import {
  logInHubApp,
  percentText,
  REVIEWER,
  REVIEW_COMMUNE,
  seedDesktopBook,
  startReviewHub,
  type ReviewHub,
} from './review-fixture';
import { useSession } from './session';

const session = useSession();
/** Five entries: ISO 2859-1 inspects the whole of so small a lot. */
const ENTRIES = 5;
const FIRST_SEED = '20261130';
const SECOND_SEED = '20261207';
/** The entry whose ward's name the reviewer reads differently, and the one whose date. */
const NAME_ENTRY = '02/2018';
const DATE_ENTRY = '04/2018';
const NAME_READ = 'Lê Văn Chân 2';
const NAME_NOTE = 'Trang ghi "Chân", không phải "Châu"';
const DATE_READ = '06/03/2018';
const DATE_NOTE = 'Ngày đăng ký trên trang là 06';
const KEEP_REASON = 'Sổ gốc ghi ngày 05, nét số 5 bị nhòe';

let reviewHub: ReviewHub | undefined;
const syncInterval = process.env.SOHOA_SYNC_INTERVAL_MS;

test.beforeEach(() => {
  // No background push: every send is the clerk's "Gửi ngay".
  process.env.SOHOA_SYNC_INTERVAL_MS = String(60 * 60_000);
});

test.afterEach(async () => {
  await session.stop();
  await reviewHub?.stop();
  reviewHub = undefined;
  if (syncInterval === undefined) delete process.env.SOHOA_SYNC_INTERVAL_MS;
  else process.env.SOHOA_SYNC_INTERVAL_MS = syncInterval;
});

/** The text of a PDF's pages (pdf.js legacy build, as the unit tests read PDFs), pages joined by a newline. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return parts.join('\n');
  } finally {
    await task.destroy();
  }
}

/** The minutes of a lot, downloaded with the reviewer's session, as text. */
async function minutesText(hubPage: Page, lotId: string): Promise<string> {
  const link = hubPage.getByRole('link', { name: 'Tải biên bản nghiệm thu (PDF)' });
  await expect(link).toHaveAttribute('href', `/api/review/lots/${lotId}/bien-ban.pdf`);
  const response = await hubPage.request.get(new URL(`/api/review/lots/${lotId}/bien-ban.pdf`, hubPage.url()).href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  // Words as pdf.js gives them, with runs of spaces made one.
  return (await pdfText(await response.body())).replace(/\s+/g, ' ');
}

/** The clerk's entries as the desktop holds them now, by id. */
async function typedEntries(dataDir: string, bookId: string): Promise<Map<string, Record<string, unknown>>> {
  const listed = await sohoa('record', 'list', '--book', bookId, '--json', '--data-dir', dataDir);
  expect(listed.code, listed.stderr).toBe(0);
  return new Map((JSON.parse(listed.stdout) as RecordDetail[]).map((r) => [r.id, r.data]));
}

interface Misreading {
  path: string;
  read: string;
  note: string;
}

/**
 * Reviews every sampled entry of the lot on screen, from the first: the blind read of the critical
 * fields as the page shows them (the clerk's values, except the misreadings of `wrong` by số);
 * each disagreement settled Sai with the value read and a note; the rest marked đúng (C).
 */
async function reviewSample(
  hubPage: Page,
  lotId: string,
  total: number,
  typed: Map<string, Record<string, unknown>>,
  wrong: Map<string, Misreading>,
  onEntry?: (entryId: string, data: Record<string, unknown>) => Promise<void>,
) {
  const sample = hubPage.getByRole('table', { name: 'Các mục trong mẫu' });
  await expect(sample.getByRole('link')).toHaveCount(total);
  await sample.getByRole('link').first().click();
  for (let position = 1; position <= total; position++) {
    const progress = hubPage.getByTestId('review-progress');
    await expect(progress).toHaveText(`Mục ${position}/${total}, đã kiểm ${position - 1}`);
    const entryId = /\/muc\/([0-9a-f-]{36})$/.exec(hubPage.url())![1]!;
    await expect(hubPage.locator(`.review-screen[data-entry-id="${entryId}"]`)).toBeVisible();
    const data = typed.get(entryId)!;
    expect(data, `entry ${entryId} is one the clerk typed`).toBeDefined();
    const ward = data.nguoiDuocGiamHo as { hoTen: string; ngaySinh: string };
    const misreading = wrong.get(String(data.so));

    // Blind: the clerk's values are not on the page yet.
    await expect(hubPage.getByRole('heading', { name: 'Bạn đọc được gì trên trang?' })).toBeVisible();
    expect(await hubPage.content()).not.toContain(ward.hoTen);
    const reads: Record<string, string> = {
      so: String(data.so),
      ngayDangKy: '05/03/2018',
      'nguoiDuocGiamHo.hoTen': ward.hoTen,
      'nguoiDuocGiamHo.ngaySinh': ward.ngaySinh,
    };
    if (misreading) reads[misreading.path] = misreading.read;
    const blind = hubPage.locator('form.review-blind');
    for (const [name, value] of Object.entries(reads)) await blind.locator(`input[name="${name}"]`).fill(value);
    await blind.getByRole('button', { name: 'Ghi kết quả đọc (Enter)' }).click();

    const disagreements = hubPage.locator('li[data-status="disagrees"]');
    if (misreading) {
      const field = hubPage.locator(`li[data-path="${misreading.path}"]`);
      await expect(disagreements).toHaveCount(1);
      await expect(field).toHaveAttribute('data-status', 'disagrees');
      await expect(field).toContainText(`Bạn đọc: ${misreading.read}`);
      await field.getByRole('button', { name: 'Sai (S)' }).click();
      const dialog = hubPage.getByRole('dialog', { name: /Sai:/ });
      await expect(dialog.getByLabel('Giá trị đọc được trên trang')).toHaveValue(misreading.read);
      await dialog.getByLabel('Ghi chú').fill(misreading.note);
      await dialog.getByRole('button', { name: 'Ghi: Sai (Enter)' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(field).toHaveAttribute('data-status', 'wrong');
      await expect(field).toContainText(`Đọc được trên trang: ${misreading.read} — ${misreading.note}`);
    } else {
      await expect(hubPage.locator('li[data-path="nguoiDuocGiamHo.hoTen"]')).toHaveAttribute(
        'data-status',
        'blind-match',
      );
      await expect(disagreements).toHaveCount(0);
    }
    await onEntry?.(entryId, data);
    await hubPage.getByRole('button', { name: 'Các ô còn lại đúng (C)' }).click();
    await expect(hubPage.locator('li[data-status="unchecked"]')).toHaveCount(0);
    await expect(progress).toHaveText(`Mục ${position}/${total}, đã kiểm ${position}`);
    if (position < total) await hubPage.getByRole('button', { name: /Mục sau/ }).click();
  }
  const done = hubPage.getByRole('status').filter({ hasText: 'Đã kiểm xong cả mẫu' });
  await expect(done).toContainText(`(${total}/${total})`);
  await done.getByRole('link', { name: 'Về trang lô để quyết định nghiệm thu' }).click();
  await expect(hubPage).toHaveURL(new RegExp(`#/lo/${lotId}$`));
  await expect(hubPage.getByText(`Đã kiểm ${total}/${total} mục`)).toBeVisible();
}

/** Confirms the proposed decision through the decision panel's confirmation. */
async function confirmDecision(hubPage: Page, decision: 'Đạt' | 'Không đạt', note: string) {
  await expect(hubPage.getByTestId('proposed')).toContainText(`Đề xuất theo phương án: ${decision}`);
  await expect(
    hubPage.getByRole('button', { name: decision === 'Đạt' ? 'Xác nhận: Không đạt' : 'Xác nhận: Đạt' }),
  ).toBeDisabled();
  await hubPage.getByLabel('Ghi chú kết luận').fill(note);
  await hubPage.getByRole('button', { name: `Xác nhận: ${decision}` }).click();
  await hubPage.getByRole('alertdialog').getByRole('button', { name: 'Đồng ý' }).click();
  await expect(hubPage.getByTestId('decision')).toContainText(`Lô ${decision} —`);
}

/** Draws the lot's sample with a seed, on the lot page. */
async function draw(hubPage: Page, seed: string) {
  await hubPage.getByLabel('Hạt giống (để lặp lại lần rút)').fill(seed);
  await hubPage.getByRole('button', { name: 'Rút mẫu' }).click();
  await expect(hubPage.getByTestId('seed')).toHaveText(seed);
}

function lotIdOf(page: Page): string {
  return /#\/lo\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

test('round trip: send, spot-check and reject, correct and keep, resend, re-inspect and accept, minutes, error rate, export and verify', async ({
  page,
  browser,
}) => {
  test.setTimeout(900_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const plan = samplingPlan(ENTRIES, DEFAULT_AQL);
  // The whole lot is the sample, and one defective entry already rejects it.
  expect(Math.min(plan.sampleSize, ENTRIES)).toBe(ENTRIES);
  const defective = 2;
  expect(defective).toBeGreaterThanOrEqual(plan.reject);

  // ── 1. The clerk's book reaches the hub: typed on the desktop, the machine enrolled, "Gửi ngay".
  reviewHub = await startReviewHub();
  const hubUrl = reviewHub.hub.url;
  const bookId = await seedDesktopBook(session.dataDir, ENTRIES);
  const enrolled = await sohoa(
    ...['sync', 'enroll', '--hub', hubUrl, '--code', await reviewHub.enrollCode()],
    ...['--data-dir', session.dataDir],
  );
  expect(enrolled.code, enrolled.stderr).toBe(0);
  let typed = await typedEntries(session.dataDir, bookId);
  expect(typed.size).toBe(ENTRIES);
  const idOf = (so: string) => [...typed].find(([, data]) => data.so === so)![0];
  const nameEntryId = idOf(NAME_ENTRY);
  const nameTyped = (typed.get(nameEntryId)!.nguoiDuocGiamHo as { hoTen: string }).hoTen;
  const host = await session.start();
  const base = host.openUrl.replace(/\?.*/, '');
  await page.goto(host.openUrl);
  await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  await expect(page.getByTestId('sync-waiting')).toHaveText(String(ENTRIES));
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await expect(page.getByTestId('sync-outcome')).toHaveText(
    /^Máy chủ huyện đã nhận \d+ gói\. Không còn trường hợp nào chờ gửi\.$/,
  );
  await expect(page.getByTestId('sync-sent')).toHaveText(String(ENTRIES));

  // ── 2. The reviewer: login, the lot, its plan and OC figures, the draw, the review, rejection.
  const hubContext = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 768 } });
  try {
    const hubPage = await hubContext.newPage();
    const appUrl = new URL('/kiem-tra/', hubUrl).href;
    await logInHubApp(hubPage, appUrl, REVIEWER);
    await expect(hubPage.getByText(`${REVIEWER.displayName} (Kiểm tra viên)`)).toBeVisible();
    const lotRows = hubPage.getByRole('row').filter({ hasText: REVIEW_COMMUNE.name });
    await expect(lotRows).toHaveCount(1);
    await expect(lotRows).toContainText('Chờ kiểm tra');
    await lotRows.getByRole('link', { name: /01\/2018/ }).click();
    await expect(hubPage.getByRole('heading', { name: /Phương án lấy mẫu/ })).toBeVisible();
    const firstLotId = lotIdOf(hubPage);
    await expect(hubPage.getByTestId('lot-size')).toHaveText(`${ENTRIES} trường hợp`);
    await expect(hubPage.getByTestId('plan-code')).toHaveText(plan.codeLetter);
    await expect(hubPage.getByTestId('plan-n')).toHaveText(String(plan.sampleSize));
    await expect(hubPage.getByTestId('plan-ac')).toHaveText(String(plan.accept));
    await expect(hubPage.getByTestId('plan-re')).toHaveText(String(plan.reject));
    const oc = operatingCharacteristic(plan, ENTRIES);
    const at = (p: number) => oc.find((point) => point.percentDefective === p)!.probabilityAccept;
    await expect(hubPage.getByTestId('oc-1')).toHaveText(percentText(at(1)));
    await expect(hubPage.getByTestId('oc-5')).toHaveText(percentText(at(5)));

    await draw(hubPage, FIRST_SEED);
    const sampleTable = hubPage.getByRole('table', { name: 'Các mục trong mẫu' });
    await expect(sampleTable.getByRole('link')).toHaveCount(ENTRIES);
    await expect(sampleTable.getByRole('row').filter({ hasText: 'Chọn ngẫu nhiên' })).toHaveCount(ENTRIES);

    await reviewSample(
      hubPage,
      firstLotId,
      ENTRIES,
      typed,
      new Map([
        [NAME_ENTRY, { path: 'nguoiDuocGiamHo.hoTen', read: NAME_READ, note: NAME_NOTE }],
        [DATE_ENTRY, { path: 'ngayDangKy', read: DATE_READ, note: DATE_NOTE }],
      ]),
    );
    await expect(hubPage.getByTestId('decision-numbers')).toContainText(
      `Số mục lỗi trong mẫu ngẫu nhiên: ${defective} (chấp nhận khi ≤ Ac = ${plan.accept}, loại bỏ khi ≥ Re = ${plan.reject})`,
    );
    await confirmDecision(hubPage, 'Không đạt', 'Hai ô sai so với trang sổ');
    const requests = hubPage.getByRole('table', { name: 'Yêu cầu sửa và trả lời của xã' }).getByRole('row');
    await expect(requests.filter({ hasText: NAME_READ })).toContainText('Chưa trả lời');
    await expect(requests.filter({ hasText: DATE_READ })).toContainText('Chưa trả lời');

    // ── 3. The minutes of the rejected lot, read back.
    const rejectedMinutes = await minutesText(hubPage, firstLotId);
    expect(rejectedMinutes).toContain('BIÊN BẢN NGHIỆM THU');
    expect(rejectedMinutes).toContain('KẾT LUẬN: KHÔNG ĐẠT');
    expect(rejectedMinutes).toMatch(new RegExp(`Cỡ lô ${ENTRIES} bản ghi`));
    expect(rejectedMinutes).toMatch(new RegExp(`Cỡ mẫu \\(n\\) ${plan.sampleSize}`));
    expect(rejectedMinutes).toMatch(new RegExp(`Hạt giống rút mẫu ${FIRST_SEED}`));
    expect(rejectedMinutes).toMatch(
      new RegExp(`Bản ghi được kiểm tra ${ENTRIES} \\(trong đó ${ENTRIES} chọn ngẫu nhiên\\)`),
    );
    expect(rejectedMinutes).toMatch(new RegExp(`Bản ghi lỗi \\(mẫu ngẫu nhiên\\) ${defective}`));
    expect(rejectedMinutes).toMatch(/Số ô sai 2/);
    expect(rejectedMinutes).toMatch(/Yêu cầu sửa gửi về xã 2/);
    expect(rejectedMinutes).toContain(NAME_READ);
    expect(rejectedMinutes).toContain(DATE_READ);
    expect(rejectedMinutes).toMatch(/Quyết định KHÔNG ĐẠT/);

    // ── 4. The clerk: the next "Gửi ngay" brings the two requests; one corrected, one kept.
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect(page.getByTestId('sync-outcome')).toHaveText('Không có gì cần gửi. Không còn trường hợp nào chờ gửi.');
    await expect(page.getByTestId('sync-corrections-open')).toHaveText('2');
    await page.getByRole('link', { name: 'Cần sửa (2)' }).click();
    await expect(page).toHaveURL(`${base}#/can-sua`);
    await expect(page.getByRole('heading', { name: 'Chưa trả lời (2)' })).toBeVisible();
    const nameArticle = page.getByRole('article', { name: `Yêu cầu sửa: Số ${NAME_ENTRY} — ${nameTyped}` });
    const nameRow = nameArticle.getByRole('row').filter({ hasText: NAME_READ });
    await expect(nameRow).toContainText(NAME_NOTE);
    await expect(nameRow).toContainText(REVIEWER.displayName);
    const dateRow = page.getByRole('row').filter({ hasText: DATE_READ });
    await expect(dateRow).toContainText(DATE_NOTE);

    await nameRow.getByRole('link', { name: 'Sửa' }).click();
    await expect(page).toHaveURL(`${base}#/so/${bookId}/tc/${nameEntryId}`);
    // Beside its page, its box highlighted.
    await expect(page.locator(`[data-entry-box="${nameEntryId}"]`)).toHaveClass(/selected/);
    await expect(page.getByRole('region', { name: 'Cần sửa (1)' })).toContainText(`huyện đọc là “${NAME_READ}”`);
    await page.getByRole('button', { name: 'Sửa', exact: true }).click();
    const wardField = page.getByRole('group', { name: 'Người được giám hộ' }).getByLabel('Họ, chữ đệm, tên', {
      exact: true,
    });
    await wardField.fill(NAME_READ);
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect(page.getByRole('region', { name: 'Yêu cầu sửa của huyện: đã trả lời hết' })).toContainText(
      'Đã sửa (phiên bản 2)',
    );

    await page.getByRole('link', { name: 'Cần sửa (1)' }).click();
    await page.getByRole('row').filter({ hasText: DATE_READ }).getByRole('button', { name: 'Giữ nguyên…' }).click();
    const keep = page.getByRole('dialog', { name: 'Giữ nguyên giá trị' });
    await keep.getByLabel('Lý do giữ nguyên (bắt buộc)').fill(KEEP_REASON);
    await keep.getByRole('button', { name: 'Giữ nguyên' }).click();
    await expect(keep).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Chưa trả lời (0)' })).toBeVisible();
    await expect(page.getByTestId('corrections-waiting')).toHaveText(
      '2 câu trả lời chờ gửi lên huyện (gửi cùng lần đồng bộ tiếp theo).',
    );

    await page.getByRole('link', { name: 'Đồng bộ', exact: true }).click();
    await expect(page.getByTestId('sync-corrections-waiting')).toHaveText('2');
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect(page.getByTestId('sync-outcome')).toHaveText(
      /^Máy chủ huyện đã nhận \d+ gói\. Không còn trường hợp nào chờ gửi\.$/,
    );
    await expect(page.getByTestId('sync-corrections-waiting')).toHaveText('0');
    await page.getByTestId('corrections-link').click();
    await expect(page.getByTestId('corrections-waiting')).toHaveText('Mọi câu trả lời đã được gửi lên huyện.');

    // ── 5. The hub: a new lot for the book, the old one resent; both answers in the exchange.
    await hubPage.getByRole('link', { name: 'Lô kiểm tra' }).click();
    await expect(lotRows).toHaveCount(2);
    await expect(lotRows.filter({ hasText: 'Đã gửi lại' })).toHaveCount(1);
    const newLot = lotRows.filter({ hasText: 'Chờ kiểm tra' });
    await expect(newLot).toHaveCount(1);
    await newLot.getByRole('link', { name: /01\/2018/ }).click();
    await expect(hubPage.getByRole('heading', { name: /Phương án lấy mẫu/ })).toBeVisible();
    const secondLotId = lotIdOf(hubPage);
    expect(secondLotId).not.toBe(firstLotId);
    await expect(hubPage.getByRole('link', { name: 'Xem lô trước' })).toHaveAttribute('href', `#/lo/${firstLotId}`);
    await expect(hubPage.getByTestId('lot-size')).toHaveText(`${ENTRIES} trường hợp`);
    const exchange = hubPage.getByRole('table', { name: 'Yêu cầu sửa và trả lời của xã' }).getByRole('row');
    await expect(exchange.filter({ hasText: NAME_READ })).toContainText('Đã sửa (phiên bản 2)');
    await expect(exchange.filter({ hasText: DATE_READ })).toContainText(`Giữ nguyên: ${KEEP_REASON}`);

    await draw(hubPage, SECOND_SEED);
    typed = await typedEntries(session.dataDir, bookId);
    expect((typed.get(nameEntryId)!.nguoiDuocGiamHo as { hoTen: string }).hoTen).toBe(NAME_READ);
    let sawCorrected = false;
    await reviewSample(hubPage, secondLotId, ENTRIES, typed, new Map(), async (entryId) => {
      if (entryId !== nameEntryId) return;
      // The corrected entry, as edited: its new version and the corrected name.
      sawCorrected = true;
      const name = hubPage.locator('li[data-path="nguoiDuocGiamHo.hoTen"]');
      await expect(name).toContainText(NAME_READ);
      await expect(hubPage.locator('.review-meta')).toContainText('phiên bản 2');
      await expect(hubPage.locator('.review-reasons')).toContainText('Sửa sau lần lưu đầu');
    });
    expect(sawCorrected).toBe(true);
    await expect(hubPage.getByTestId('decision-numbers')).toContainText('Số mục lỗi trong mẫu ngẫu nhiên: 0');
    await confirmDecision(hubPage, 'Đạt', 'Xã đã sửa; ô giữ nguyên có lý do chấp nhận được');
    const acceptedMinutes = await minutesText(hubPage, secondLotId);
    expect(acceptedMinutes).toContain('KẾT LUẬN: ĐẠT');
    expect(acceptedMinutes).toMatch(new RegExp(`Hạt giống rút mẫu ${SECOND_SEED}`));
    expect(acceptedMinutes).toMatch(new RegExp(`Lô trước \\(bị trả lại\\) ${firstLotId}`));
    expect(acceptedMinutes).toMatch(/Bản ghi lỗi \(mẫu ngẫu nhiên\) 0/);
    expect(acceptedMinutes).toMatch(/Quyết định ĐẠT/);
    await hubPage.getByRole('link', { name: 'Lô kiểm tra' }).click();
    await expect(lotRows.filter({ hasText: 'Đạt' }).filter({ hasNotText: 'Không đạt' })).toHaveCount(1);

    // ── 6. Thống kê: the clerk's error rate, over both inspections (5 + 5 entries, 2 defective).
    await hubPage.getByRole('link', { name: 'Thống kê' }).click();
    const byClerk = hubPage.getByTestId('by-clerk');
    await expect(byClerk.getByRole('application', { name: 'Biểu đồ: Theo cán bộ nhập' })).toBeVisible();
    await expect(byClerk.locator('svg .recharts-bar-rectangle').first()).toBeAttached();
    const clerkRow = byClerk.getByRole('row').filter({ hasText: REVIEW_COMMUNE.name });
    await expect(clerkRow).toHaveCount(1);
    const cells = clerkRow.getByRole('cell');
    await expect(cells.nth(0)).toHaveText(String(2 * ENTRIES));
    await expect(cells.nth(1)).toHaveText(String(defective));
    await expect(cells.nth(2)).toHaveText(((defective * 100) / (2 * ENTRIES)).toFixed(1).replace('.', ','));
    await expect(cells.nth(4)).toHaveText('2');
  } finally {
    await hubContext.close();
  }

  // ── 7. The accepted book exports from the hub, and the desktop's `sohoa verify` passes on it.
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-hub-export-'));
  try {
    const exported = await hubCli(reviewHub.hubDir, 'export', '--commune', REVIEW_COMMUNE.code, '--out', out);
    expect(exported.code, exported.stderr + exported.stdout).toBe(0);
    expect(exported.stdout).toContain('Kết quả: đã xuất 1 sổ');
    const verified = await sohoa('verify', out, '--data-dir', session.dataDir);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(verified.stdout).toContain('Kết quả: ĐẠT — 1 sổ');
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});
