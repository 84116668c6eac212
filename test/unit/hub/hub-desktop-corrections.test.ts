/**
 * Correction requests for real (issue 11): the desktop app (real encrypted SQLite, real scans)
 * and the real hub (PGlite, or PostgreSQL with HUB_TEST_DATABASE_URL). The hub holds requests
 * (rows inserted as the reviewer's decision makes them); the desktop receives them by the
 * downlink and in receipts, the clerk corrects one entry field (a new version linked to the
 * request) and keeps another with a reason; the next batch carries both answers, the hub takes
 * them, and the desktop marks them sent when the receipt arrives. The same by USB: the package
 * written by the desktop's export, imported by the hub's import, the receipt file applied.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../electron/backend/accounts/passwords';
import { correctionAnswers, correctionRequests, entries, hubUsers } from '../../../hub/db/schema';
import { importUsbPackage } from '../../../hub/usb';
import { downlinkFor } from '../../../hub/review/corrections-sync';
import type { RecordDetail } from '../../../shared/records/record';
import type { DesktopCorrection } from '../../../shared/review/corrections';
import { ghBook, ghEntry, tempDir, testBackend, type TestBackend } from '../backend/helpers';
import { addCommune, newEnrollCode, startTestHub, type TestHub } from './helpers';

const HOOK_MS = 120_000;
let hub: TestHub;
let reviewerId: number;
let communeSeq = 40000;

beforeAll(async () => {
  hub = await startTestHub();
  const [user] = await hub.ctx.db
    .insert(hubUsers)
    .values({
      username: 'kiemtra-desktop',
      displayName: 'Lê Kiểm Tra',
      role: 'reviewer',
      password: await hashPassword('mat-khau-kiem-tra', { N: 1024, r: 8, p: 1, keyLength: 32 }),
      createdBy: 'test',
    })
    .returning({ id: hubUsers.id });
  reviewerId = user!.id;
}, HOOK_MS);
afterAll(async () => {
  await hub?.close();
}, HOOK_MS);

async function call<T>(backend: TestBackend, name: string, input: unknown = {}): Promise<T> {
  const response = await backend.dispatch(name, input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

/** A desktop enrolled with a fresh commune, one GH book with two entries. */
async function enrolledDesktop() {
  const commune = String(++communeSeq);
  await addCommune(hub.ctx, commune, `Xã Thử ${commune}`);
  const backend = await testBackend(undefined, { sync: { client: { timeoutMs: 30_000 }, random: () => 0.5 } });
  const book = await ghBook(backend, 2);
  await call(backend, 'sync.enroll', { hubUrl: hub.url, code: await newEnrollCode(hub.ctx, commune) });
  const create = (so: string) =>
    call<RecordDetail>(backend, 'records.create', {
      bookId: book.id,
      data: { ...ghEntry, so },
      pages: [{ pageId: book.pages[0]!.id }],
    });
  const first = await create('01/2018');
  const second = await create('02/2018');
  return { commune, backend, book, first, second };
}

/** The reviewer's requests on an entry, as the hub's decision stores them. */
async function hubRequests(commune: string, entry: RecordDetail, fields: string[]): Promise<string[]> {
  const lotId = randomUUID();
  const ids: string[] = [];
  for (const [i, field] of fields.entries()) {
    const id = randomUUID();
    await hub.ctx.db.insert(correctionRequests).values({
      id,
      lotId,
      bookId: entry.bookId,
      communeCode: commune,
      entryId: entry.id,
      entryVersion: entry.version,
      field,
      fieldLabel: field === 'ngayDangKy' ? 'Ngày đăng ký' : 'Người được giám hộ › Họ, chữ đệm, tên',
      typedValue: field === 'ngayDangKy' ? '05/03/2018' : 'Nguyễn Thị Phượng',
      readValue: field === 'ngayDangKy' ? '15/03/2018' : 'Nguyễn Thị Phương',
      note: 'Đối chiếu với trang sổ',
      requestedAt: new Date(Date.UTC(2026, 10, 30, 1, i)),
      requestedBy: reviewerId,
    });
    ids.push(id);
  }
  return ids;
}

/** The clerk's two answers: the name corrected (a new version), the date kept with a reason. */
async function clerkAnswers(backend: TestBackend, entry: RecordDetail, nameRequest: string, dateRequest: string) {
  const corrected = await call<RecordDetail>(backend, 'records.update', {
    id: entry.id,
    expectedVersion: entry.version,
    data: { ...ghEntry, so: '01/2018', nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phương', ngaySinh: '2010-07-12' } },
    correctionRequestIds: [nameRequest],
  });
  expect(corrected.version).toBe(entry.version + 1);
  await call(backend, 'corrections.keep', { requestId: dateRequest, reason: 'Sổ ghi ngày 05/3/2018, đã xem lại' });
  return corrected;
}

async function hubAnswers(requestIds: string[]) {
  const rows = await hub.ctx.db.select().from(correctionAnswers);
  return rows
    .filter((r) => requestIds.includes(r.requestId))
    .map((r) => ({ requestId: r.requestId, answer: r.answer, entryVersion: r.entryVersion, reason: r.reason }))
    .sort((a, b) => requestIds.indexOf(a.requestId) - requestIds.indexOf(b.requestId));
}

describe('correction requests between the hub and the desktop', () => {
  it('over the network: requests down by receipt and downlink, answers back in the next batch', async () => {
    const { commune, backend, first, second } = await enrolledDesktop();
    expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    const [nameRequest, dateRequest] = await hubRequests(commune, first, ['nguoiDuocGiamHo.hoTen', 'ngayDangKy']);

    // Nothing to send: the push still asks the hub, and the requests arrive.
    await backend.services.sync.pushOnce({ force: true });
    let shown = await call<DesktopCorrection[]>(backend, 'corrections.list', { state: 'open' });
    expect(shown.map((c) => [c.id, c.requestedBy, c.entryLabel])).toEqual([
      [nameRequest, 'Lê Kiểm Tra', 'Số 01/2018 — Nguyễn Thị Phượng'],
      [dateRequest, 'Lê Kiểm Tra', 'Số 01/2018 — Nguyễn Thị Phượng'],
    ]);
    // A request made later arrives in the receipt of the next batch (an edit of the other entry).
    const [laterRequest] = await hubRequests(commune, second, ['nguoiDuocGiamHo.hoTen']);
    await call(backend, 'records.update', {
      id: second.id,
      expectedVersion: second.version,
      data: { ...ghEntry, so: '02/2018', ghiChu: 'Bổ sung ghi chú' },
    });
    await backend.services.sync.pushOnce({ force: true });
    const committed = backend.services.sync.batches('committed');
    const lastReceipt = JSON.parse(committed[committed.length - 1]!.receipt!) as { corrections?: { id: string }[] };
    expect(lastReceipt.corrections?.map((c) => c.id).sort()).toEqual([nameRequest, dateRequest, laterRequest].sort());
    shown = await call<DesktopCorrection[]>(backend, 'corrections.list', {});
    expect(shown).toHaveLength(3);
    // Received once each, however often they came.
    expect(
      backend.db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'correction.receive'").pluck().get(),
    ).toBe(3);

    const corrected = await clerkAnswers(backend, first, nameRequest!, dateRequest!);
    const result = await backend.services.sync.pushOnce({ force: true });
    expect(result).toMatchObject({ waiting: 0, errors: [] });
    expect(await hubAnswers([nameRequest!, dateRequest!])).toEqual([
      { requestId: nameRequest, answer: 'corrected', entryVersion: corrected.version, reason: '' },
      { requestId: dateRequest, answer: 'kept', entryVersion: null, reason: 'Sổ ghi ngày 05/3/2018, đã xem lại' },
    ]);
    const answered = await call<DesktopCorrection[]>(backend, 'corrections.list', { state: 'answered' });
    expect(answered.map((c) => [c.id, c.answer?.kind, c.answer?.sent])).toEqual([
      [nameRequest, 'corrected', true],
      [dateRequest, 'kept', true],
    ]);
    // The hub no longer sends them; the corrected version is the hub's current one.
    const open = await call<DesktopCorrection[]>(backend, 'corrections.list', { state: 'open' });
    expect(open.map((c) => c.id)).toEqual([laterRequest]);
    const [hubEntry] = await hub.ctx.db.select().from(entries).where(eq(entries.id, first.id));
    expect(hubEntry?.version).toBe(corrected.version);
    expect(backend.services.sync.status().errors).toEqual([]);
  });

  it('by USB: the requests come in the receipt file, the answers go in the next package', async () => {
    const { commune, backend, first, second } = await enrolledDesktop();
    const out = await tempDir('sohoa-usb-');
    /** Export → hub import (receipt file) → receipt applied on the desktop: returns the receipts' texts. */
    const roundTrip = async () => {
      const { packages } = await backend.services.sync.exportUsb(out);
      const texts: string[] = [];
      for (const p of packages) {
        const imported = await importUsbPackage(hub.ctx, p.file, out, 'test');
        const text = fs.readFileSync(imported.receiptFile, 'utf8');
        backend.services.sync.applyReceiptText(text);
        texts.push(text);
        fs.rmSync(p.file);
      }
      return texts;
    };
    expect(await roundTrip()).toHaveLength(1);
    const [nameRequest, dateRequest] = await hubRequests(commune, first, ['nguoiDuocGiamHo.hoTen', 'ngayDangKy']);
    await call(backend, 'records.update', {
      id: second.id,
      expectedVersion: second.version,
      data: { ...ghEntry, so: '02/2018', ghiChu: 'Bổ sung ghi chú' },
    });
    const receipts = await roundTrip();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toContain(nameRequest);
    const shown = await call<DesktopCorrection[]>(backend, 'corrections.list', {});
    expect(shown.map((c) => [c.id, c.state])).toEqual([
      [nameRequest, 'open'],
      [dateRequest, 'open'],
    ]);
    // The same receipt file again changes nothing.
    const before = backend.db.sqlite.prepare('SELECT * FROM correction_requests ORDER BY id').all();
    backend.services.sync.applyReceiptText(receipts[0]!);
    expect(backend.db.sqlite.prepare('SELECT * FROM correction_requests ORDER BY id').all()).toEqual(before);
    // A copy of a receipt already taken that carries a request this machine has not seen (say the
    // hub's later copy of it): the batch stays as it was, the new request is stored.
    const [laterRequest] = await hubRequests(commune, second, ['nguoiDuocGiamHo.hoTen']);
    const later = JSON.parse(receipts[0]!) as { corrections: unknown[] };
    const [laterRow] = (await downlinkFor(hub.ctx.db, commune)).corrections.filter((c) => c.id === laterRequest);
    backend.services.sync.applyReceiptText(JSON.stringify({ ...later, corrections: [...later.corrections, laterRow] }));
    expect((await call<DesktopCorrection[]>(backend, 'corrections.list', {})).map((c) => c.id).sort()).toEqual(
      [nameRequest, dateRequest, laterRequest].sort(),
    );

    const corrected = await clerkAnswers(backend, first, nameRequest!, dateRequest!);
    await roundTrip();
    expect(await hubAnswers([nameRequest!, dateRequest!])).toEqual([
      { requestId: nameRequest, answer: 'corrected', entryVersion: corrected.version, reason: '' },
      { requestId: dateRequest, answer: 'kept', entryVersion: null, reason: 'Sổ ghi ngày 05/3/2018, đã xem lại' },
    ]);
    const answered = await call<DesktopCorrection[]>(backend, 'corrections.list', { state: 'answered' });
    expect(answered.map((c) => [c.id, c.answer?.sent])).toEqual([
      [nameRequest, true],
      [dateRequest, true],
    ]);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.zip'))).toEqual([]);
    expect(path.isAbsolute(out)).toBe(true);
  });
});
