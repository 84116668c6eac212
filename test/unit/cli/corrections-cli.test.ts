/**
 * `sohoa corrections list|keep` and the USB route of the district's correction requests, every
 * step a real command in a child process: `sohoa sync export` → `sohoa-hub import` → receipt file
 * → `sohoa sync receipt`; the requests come down in the receipt, the answers go up in the next
 * package, and the hub (its embedded database, read once the commands are done) holds them.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../electron/backend/accounts/passwords';
import { openHubDb } from '../../../hub/db/open';
import { correctionAnswers, correctionRequests, hubUsers } from '../../../hub/db/schema';
import { paths } from '../../../hub/server';
import type { RecordDetail } from '../../../shared/records/record';
import type { DesktopCorrection } from '../../../shared/review/corrections';
import { sohoa } from '../../fixtures/sohoa';
import { communeWithCode, sohoaHub, startHub, type HubTarget } from '../../fixtures/sync-harness';
import { dataWithAdmin, ghBook, ghEntry, tempDir, testBackend } from '../backend/helpers';

const COMMUNE = '20777';

/** The hub's embedded database, opened while no hub process runs. */
async function withHubDb<T>(target: HubTarget, fn: (db: Awaited<ReturnType<typeof openHubDb>>['db']) => Promise<T>) {
  const opened = await openHubDb({ kind: 'pglite', dir: paths(target.dataDir).db });
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

/** `sohoa sync export` → `sohoa-hub import` → `sohoa sync receipt`, for every waiting package. */
async function usbRoundTrip(data: string, target: HubTarget, usb: string): Promise<string[]> {
  const exported = await sohoa('sync', 'export', '--out', usb, '--json', '--data-dir', data);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  const { packages } = JSON.parse(exported.stdout) as { packages: { file: string }[] };
  const receipts: string[] = [];
  for (const { file } of packages) {
    const imported = await sohoaHub(target, ['import', file, '--receipt-out', usb]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const receiptFile = (await fs.readdir(usb)).find((f) => f.endsWith('.receipt.json'));
    expect(receiptFile).toBeDefined();
    const receiptPath = path.join(usb, receiptFile!);
    const applied = await sohoa('sync', 'receipt', receiptPath, '--data-dir', data);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    receipts.push(await fs.readFile(receiptPath, 'utf8'));
    await fs.rm(receiptPath);
    await fs.rm(file);
  }
  return receipts;
}

async function corrections(data: string): Promise<DesktopCorrection[]> {
  const run = await sohoa('corrections', 'list', '--json', '--data-dir', data);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as DesktopCorrection[];
}

describe('sohoa corrections', () => {
  it('brings the requests by USB receipt, keeps one with a reason, and takes both answers to the hub', async () => {
    const target: HubTarget = { dataDir: await tempDir('sohoa-hub-data-') };
    const code = await communeWithCode(target, COMMUNE, 'Xã Thử Sửa');
    const usb = await tempDir('sohoa-usb-');

    // A desktop with two entries, enrolled over the network (the only step that needs it).
    const data = await dataWithAdmin();
    let backend = await testBackend(data);
    const book = await ghBook(backend, 1);
    const created: RecordDetail[] = [];
    for (const so of ['01/2018', '02/2018']) {
      const r = await backend.dispatch('records.create', {
        bookId: book.id,
        data: { ...ghEntry, so },
        pages: [{ pageId: book.pages[0]!.id }],
      });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      created.push(r.result as RecordDetail);
    }
    backend.gate.close();
    const [first, second] = created as [RecordDetail, RecordDetail];
    const hub = await startHub(target);
    try {
      const enrolled = await sohoa('sync', 'enroll', '--hub', hub.url, '--code', code, '--data-dir', data);
      expect(enrolled.stderr).toBe('');
      expect(enrolled.code).toBe(0);
    } finally {
      await hub.stop();
    }
    expect(await corrections(data)).toEqual([]);
    expect((await sohoa('corrections', 'list', '--data-dir', data)).stdout).toMatch(/Không có yêu cầu sửa nào/);
    await usbRoundTrip(data, target, usb);

    // The reviewer's decision (helper C's path) leaves two requests on the hub.
    const nameRequest = randomUUID();
    const dateRequest = randomUUID();
    await withHubDb(target, async (db) => {
      const [user] = await db
        .insert(hubUsers)
        .values({
          username: 'kiemtra',
          displayName: 'Lê Kiểm Tra',
          role: 'reviewer',
          password: await hashPassword('mat-khau-kiem-tra', { N: 1024, r: 8, p: 1, keyLength: 32 }),
          createdBy: 'test',
        })
        .returning({ id: hubUsers.id });
      for (const [id, field, minute] of [
        [nameRequest, 'nguoiDuocGiamHo.hoTen', 1],
        [dateRequest, 'ngayDangKy', 2],
      ] as const) {
        await db.insert(correctionRequests).values({
          id,
          lotId: randomUUID(),
          bookId: book.id,
          communeCode: COMMUNE,
          entryId: first.id,
          entryVersion: first.version,
          field,
          fieldLabel: field === 'ngayDangKy' ? 'Ngày đăng ký' : 'Người được giám hộ › Họ, chữ đệm, tên',
          typedValue: 'x',
          readValue: 'y',
          note: 'Đối chiếu với trang sổ',
          requestedAt: new Date(Date.UTC(2026, 10, 30, 1, minute)),
          requestedBy: user!.id,
        });
      }
    });

    // Something to send (the other entry edited): its receipt file brings the requests.
    backend = await testBackend(data);
    const edited = await backend.dispatch('records.update', {
      id: second.id,
      expectedVersion: second.version,
      data: { ...ghEntry, so: '02/2018', ghiChu: 'Bổ sung' },
    });
    expect(edited.ok).toBe(true);
    backend.gate.close();
    const receipts = await usbRoundTrip(data, target, usb);
    expect(receipts.join('')).toContain(nameRequest);
    const received = await corrections(data);
    expect(received.map((c) => [c.id, c.state, c.requestedBy, c.entryLabel])).toEqual([
      [nameRequest, 'open', 'Lê Kiểm Tra', 'Số 01/2018 — Nguyễn Thị Phượng'],
      [dateRequest, 'open', 'Lê Kiểm Tra', 'Số 01/2018 — Nguyễn Thị Phượng'],
    ]);
    const text = await sohoa('corrections', 'list', '--book', book.id, '--data-dir', data);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${dateRequest}  [Cần sửa]  Số 01/2018 — Nguyễn Thị Phượng, trang 1`);
    expect(text.stdout).toContain('Ngày đăng ký: đã nhập "x", huyện đọc "y"');
    const badBook = await sohoa('corrections', 'list', '--book', 'khong-phai-ma', '--data-dir', data);
    expect(badBook.code).toBe(2);
    expect(badBook.stderr).toMatch(/Mã sổ không hợp lệ/);

    // The clerk corrects the name in the app and keeps the date from the command line.
    backend = await testBackend(data);
    const corrected = await backend.dispatch('records.update', {
      id: first.id,
      expectedVersion: first.version,
      data: { ...ghEntry, so: '01/2018', nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phương', ngaySinh: '2010-07-12' } },
      correctionRequestIds: [nameRequest],
    });
    expect(corrected.ok).toBe(true);
    backend.gate.close();
    const noReason = await sohoa('corrections', 'keep', dateRequest, '--data-dir', data);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/--reason/);
    const blank = await sohoa('corrections', 'keep', dateRequest, '--reason', '   ', '--data-dir', data);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/Ghi lý do giữ nguyên giá trị/);
    const kept = await sohoa(
      'corrections',
      'keep',
      dateRequest,
      '--reason',
      'Sổ ghi ngày 05/3/2018',
      '--data-dir',
      data,
    );
    expect(kept.stderr).toBe('');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/Đã ghi "Giữ nguyên"/);
    const again = await sohoa('corrections', 'keep', dateRequest, '--reason', 'Lý do khác', '--data-dir', data);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/đã được trả lời/);
    const unknown = await sohoa('corrections', 'keep', randomUUID(), '--reason', 'Lý do', '--data-dir', data);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Không có yêu cầu sửa này trên máy/);

    // The next package carries both answers; its receipt marks them sent.
    await usbRoundTrip(data, target, usb);
    const answers = await withHubDb(target, (db) => db.select().from(correctionAnswers));
    expect(answers.map((a) => [a.requestId, a.answer, a.entryVersion, a.reason]).sort()).toEqual(
      [
        [nameRequest, 'corrected', first.version + 1, ''],
        [dateRequest, 'kept', null, 'Sổ ghi ngày 05/3/2018'],
      ].sort(),
    );
    const after = await corrections(data);
    expect(after.map((c) => [c.id, c.state, c.answer?.kind, c.answer?.sent])).toEqual([
      [nameRequest, 'answered', 'corrected', true],
      [dateRequest, 'answered', 'kept', true],
    ]);
  }, 300_000);
});
