/**
 * The hub's lot review service (issue 11): lots opened by committed batches (network and USB),
 * the seeded draw and the always-inspected entries, the blind check, verdicts, the decision by the
 * plan's numbers and the correction requests, and the next lot of a book sent again. Batches go
 * through the real sync endpoints; the review handlers get their input parsed by the contract.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  correctionAnswers,
  correctionRequests,
  hubAudit,
  lotEntries,
  lots,
  reviewVerdicts,
} from '../../../hub/db/schema';
import { lotHandlers } from '../../../hub/review/lots';
import { setAql } from '../../../hub/review/settings';
import { importUsbPackage } from '../../../hub/usb';
import { displayFieldValue } from '../../../shared/records/history';
import { drawSample } from '../../../shared/review/draw';
import type { HubUserInfo, LotDetail, ReviewEntry } from '../../../shared/review/hub-api';
import { samplingPlan } from '../../../shared/review/iso2859';
import type { SyncBook, SyncEntry } from '../../../shared/sync/protocol';
import {
  addCommune,
  enroll,
  makeBatch,
  sha256,
  startTestHub,
  tempDir,
  writeUsbPackage,
  type Device,
  type TestHub,
} from './helpers';
import { addStaff, ghBook, ghData, ghEntry, refusal, review, send, sendBatch } from './review-helpers';

/** Starting PGlite (WASM) and migrating on a busy 2-core machine: a generous bound. */
const HOOK_MS = 180_000;
const TEST_MS = 180_000;
let hub: TestHub;
/** A second hub for the reproducible draw, started before any request (a start blocks the event loop). */
let other: TestHub;
let reviewer: HubUserInfo;
let communeSeq = 30000;

beforeAll(async () => {
  hub = await startTestHub();
  other = await startTestHub();
  reviewer = await addStaff(hub, 'kiemtra1');
}, HOOK_MS);
afterAll(async () => {
  await other?.close();
  await hub?.close();
}, HOOK_MS);

async function newDevice(on: TestHub = hub, code = String(++communeSeq)): Promise<Device> {
  await addCommune(on.ctx, code, `Xã Thử ${code}`);
  return enroll(on, code);
}

interface Book {
  device: Device;
  book: SyncBook;
  entries: SyncEntry[];
  /** Each entry's data by id. */
  data: Map<string, Record<string, unknown>>;
}

/** A GH book of `count` clean entries, sent in one batch; `special` replaces some entries. */
async function sendBook(
  count: number,
  special: (i: number, bookId: string) => SyncEntry | undefined = () => undefined,
  device?: Device,
): Promise<Book> {
  const dev = device ?? (await newDevice());
  const book = ghBook(dev.commune);
  const entries = Array.from({ length: count }, (_, i) => special(i, book.id) ?? ghEntry(book.id, ghData(i + 1)));
  await send(hub, dev, [book], entries);
  return { device: dev, book, entries, data: new Map(entries.map((e) => [e.id, e.data])) };
}

async function lotsOf(bookId: string, on: TestHub = hub) {
  return on.ctx.db.select().from(lots).where(eq(lots.bookId, bookId)).orderBy(asc(lots.hubSeq));
}

async function onlyLot(bookId: string): Promise<typeof lots.$inferSelect> {
  const rows = await lotsOf(bookId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const CRITICAL = ['so', 'ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'nguoiDuocGiamHo.ngaySinh'];
const at = (data: Record<string, unknown>, p: string): unknown =>
  p
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);

/** The blind reads that agree with the clerk (dates typed as a reviewer types them). */
function agreeingReads(data: Record<string, unknown>): { path: string; value: string }[] {
  return CRITICAL.map((p) => ({ path: p, value: displayFieldValue(p, at(data, p)) }));
}

/** Judges one sampled entry: blind reads that agree, optional wrong fields, the rest đúng. */
async function judge(
  lotId: string,
  entryId: string,
  data: Record<string, unknown>,
  wrong: { path: string; readValue: string; note?: string }[] = [],
): Promise<ReviewEntry> {
  await review(hub, reviewer, 'review.blindRead', { lotId, entryId, reads: agreeingReads(data) });
  for (const w of wrong) {
    await review(hub, reviewer, 'review.verdict', { lotId, entryId, verdict: 'wrong', ...w });
  }
  return review(hub, reviewer, 'review.markRestOk', { lotId, entryId });
}

describe('lots from committed batches', () => {
  it(
    'opens a waiting lot with the plan for the live entries, refreshes it with later batches, and does the same for a USB import',
    async () => {
      const { device, book, entries } = await sendBook(10);
      const lot = await onlyLot(book.id);
      const plan = samplingPlan(10, 1.0);
      expect(lot).toMatchObject({
        state: 'waiting',
        lotSize: 10,
        aql: 1.0,
        codeLetter: plan.codeLetter,
        sampleSize: plan.sampleSize,
        acceptNo: plan.accept,
        rejectNo: plan.reject,
        previousLotId: null,
        communeCode: device.commune,
      });

      // Two more entries and one deleted (a tombstone), at another AQL: the same lot, refreshed.
      await setAql(hub.ctx.db, 2.5, 'test');
      try {
        const deleted = { ...entries[0]!, version: 2, baseVersion: 1, deletedAt: '2026-11-30T01:00:00.000Z' };
        const more = [ghEntry(book.id, ghData(11)), ghEntry(book.id, ghData(12)), deleted];
        await send(hub, device, [book], more, 20);
        const refreshed = await onlyLot(book.id);
        const plan11 = samplingPlan(11, 2.5);
        expect(refreshed).toMatchObject({
          id: lot.id,
          state: 'waiting',
          lotSize: 11,
          aql: 2.5,
          sampleSize: plan11.sampleSize,
          acceptNo: plan11.accept,
        });
        expect(refreshed.hubSeq).toBeGreaterThan(lot.hubSeq);
      } finally {
        await setAql(hub.ctx.db, 1.0, 'test');
      }

      // A batch without entry changes (the book's details only) opens nothing.
      await send(hub, device, [{ ...book, version: 2, notes: 'Sổ rách bìa' }], [], 40);
      expect(await lotsOf(book.id)).toHaveLength(1);

      // The USB route commits through the same code.
      const usbDevice = await newDevice();
      const usbBook = ghBook(usbDevice.commune);
      const b = makeBatch({
        device: usbDevice,
        books: [usbBook],
        entries: [1, 2, 3].map((n) => ghEntry(usbBook.id, ghData(n))),
      });
      const dir = tempDir('hub-review-usb');
      const zip = path.join(dir, 'goi.zip');
      await writeUsbPackage(zip, b, usbDevice, []);
      await importUsbPackage(hub.ctx, zip, null, 'test');
      fs.rmSync(dir, { recursive: true, force: true });
      expect(await onlyLot(usbBook.id)).toMatchObject({ state: 'waiting', lotSize: 3 });

      const listed = await review(hub, reviewer, 'lots.list', { state: 'waiting' });
      const summary = listed.find((l) => l.bookId === usbBook.id);
      expect(summary).toMatchObject({
        state: 'waiting',
        lotSize: 3,
        bookType: 'GH',
        communeCode: usbDevice.commune,
        communeName: `Xã Thử ${usbDevice.commune}`,
        progress: { judged: 0, sampled: 0 },
      });
      expect(summary?.bookLabel).toContain('Quyển 01/2018');
      expect(summary?.bookLabel).toContain('UBND xã An Bình');
      expect(listed.every((l) => l.state === 'waiting')).toBe(true);
    },
    TEST_MS,
  );
});

describe('the draw', () => {
  it(
    'gives the same sample for the same seed on two hubs, records the seed, and is never drawn again',
    async () => {
      {
        const code = String(++communeSeq);
        const here = await newDevice(hub, code);
        const there = await newDevice(other, code);
        const book = ghBook(code);
        const entries = Array.from({ length: 30 }, (_, i) => ghEntry(book.id, ghData(i + 1)));
        await send(hub, here, [book], entries);
        await send(other, there, [book], entries);
        const seed = '12345678901234567890';
        const lotHere = (await lotsOf(book.id))[0]!;
        const lotThere = (await lotsOf(book.id, other))[0]!;
        const otherReviewer = await addStaff(other, 'kiemtra9');
        const a = await review(hub, reviewer, 'lots.draw', { lotId: lotHere.id, seed });
        const b = await review(other, otherReviewer, 'lots.draw', { lotId: lotThere.id, seed });
        const plan = samplingPlan(30, 1.0);
        expect(a.seed).toBe(seed);
        expect(a.state).toBe('in_review');
        expect(a.drawnAt).not.toBeNull();
        expect(a.plan).toEqual(plan);
        const ids = (d: LotDetail) => d.sample.map((s) => [s.entryId, s.order, s.reasons]);
        expect(ids(a)).toEqual(ids(b));
        // The random part is the shared draw of the live entries, in draw order.
        const random = a.sample.filter((s) => s.reasons.includes('random')).map((s) => s.entryId);
        expect(random).toEqual(
          drawSample(
            seed,
            entries.map((e) => e.id),
            plan.sampleSize,
          ),
        );
        expect(a.operating.find((p) => p.percentDefective === 1)?.probabilityAccept).toBeGreaterThan(0);
        expect(a.operating.find((p) => p.percentDefective === 5)).toBeDefined();

        // Frozen: every live entry at its version, with its clerk.
        const frozen = await hub.ctx.db.select().from(lotEntries).where(eq(lotEntries.lotId, lotHere.id));
        expect(frozen).toHaveLength(30);
        expect(frozen.every((f) => f.clerk === 'canbo' && f.entryVersion === 1)).toBe(true);

        const again = await refusal(review(hub, reviewer, 'lots.draw', { lotId: lotHere.id, seed: '1' }));
        expect(again.code).toBe('CONFLICT');
        expect(again.message).toContain('đã rút mẫu');

        // Without a seed the hub picks a 64-bit one and records it.
        const fresh = await sendBook(12);
        const drawn = await review(hub, reviewer, 'lots.draw', { lotId: (await onlyLot(fresh.book.id)).id });
        expect(drawn.seed).toMatch(/^\d{1,20}$/);
        expect(BigInt(drawn.seed ?? '0')).toBeLessThan(2n ** 64n);
        const tooBig = await sendBook(3);
        const refused = await refusal(
          review(hub, reviewer, 'lots.draw', {
            lotId: (await onlyLot(tooBig.book.id)).id,
            seed: '18446744073709551616',
          }),
        );
        expect(refused.code).toBe('BAD_REQUEST');
        const audit = await hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'lot.draw'));
        expect(audit.some((row) => row.detail.lotId === lotHere.id && row.detail.seed === seed)).toBe(true);
      }
    },
    TEST_MS,
  );

  it(
    'adds every entry with warnings, uncertain marks, a kept duplicate or an edit, after the random ones',
    async () => {
      const specials = new Map<number, string>();
      const { book } = await sendBook(30, (i, bookId) => {
        const base = ghData(i + 1);
        let entry: SyncEntry | undefined;
        if (i === 0) {
          const ward = { ...(base.nguoiDuocGiamHo as object), ngaySinh: '1990-01-01' };
          entry = ghEntry(bookId, { ...base, nguoiDuocGiamHo: ward });
        } else if (i === 1) {
          entry = ghEntry(bookId, { ...base, danhDau: { 'nguoiDuocGiamHo.noiSinh': { docChuaChac: true } } });
        } else if (i === 2) {
          entry = ghEntry(bookId, { ...base, trungSoLyDo: 'Sổ gốc ghi trùng số, hai việc khác nhau' });
        } else if (i === 3) {
          entry = ghEntry(bookId, base, { version: 3 });
        }
        if (entry) specials.set(i, entry.id);
        return entry;
      });
      const lot = await onlyLot(book.id);
      const detail = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: '7' });
      const item = (i: number) => detail.sample.find((s) => s.entryId === specials.get(i));
      expect(item(0)?.reasons).toContain('warning');
      expect(item(1)?.reasons).toContain('uncertain');
      expect(item(2)?.reasons).toContain('duplicate');
      expect(item(3)?.reasons).toContain('edited');
      for (const s of detail.sample) {
        expect(s.reasons.length).toBeGreaterThan(0);
        if (s.reasons.includes('random')) expect(s.reasons[0]).toBe('random');
      }
      const n = samplingPlan(30, 1.0).sampleSize;
      expect(detail.sample.filter((s) => s.reasons.includes('random'))).toHaveLength(n);
      // Random draws come first, in draw order; the always-inspected ones after them.
      expect(detail.sample.map((s) => s.order)).toEqual(detail.sample.map((_, i) => i));
      expect(detail.sample.slice(0, n).every((s) => s.reasons.includes('random'))).toBe(true);
      expect(detail.sample.slice(n).every((s) => !s.reasons.includes('random'))).toBe(true);
      const onlySpecial = detail.sample.filter((s) => !s.reasons.includes('random')).map((s) => s.entryId);
      expect(onlySpecial.every((id) => [...specials.values()].includes(id))).toBe(true);
    },
    TEST_MS,
  );
});

describe('the review of an entry', () => {
  it(
    'hides the critical values until the blind read; an agreement is đúng, a disagreement waits for the reviewer',
    async () => {
      const device = await newDevice();
      const book = ghBook(device.commune);
      const scan = Buffer.from('%PDF-1.4 trang so 1 cua so giam ho');
      const withScan = makeBatch({ device, books: [book], entries: [], files: [scan] });
      await sendBatch(hub, device, withScan, [scan]);
      const page = withScan.payload.pages[0]!;
      const data = ghData(7, {
        nguoiDuocGiamHo: { ...(ghData(7).nguoiDuocGiamHo as object), hoTen: 'Lương Thị Bích Ngọc' },
        danhDau: { 'nguoiDuocGiamHo.ngaySinh': { docChuaChac: true, ghiChu: 'mực nhòe 12/07/2010' } },
      });
      const target = {
        ...ghEntry(book.id, data),
        pages: [{ pageId: page.id, position: 0, rect: { x: 10, y: 20, w: 300, h: 120 } }],
      };
      await send(hub, device, [book], [target, ghEntry(book.id, ghData(8)), ghEntry(book.id, ghData(9))], 10);
      const lot = await onlyLot(book.id);
      const drawn = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: '42' });
      expect(drawn.sample).toHaveLength(3);

      const secrets = ['Lương Thị Bích Ngọc', '07/2018', '2018-03-08', '08/03/2018', '2010-07-12', '12/07/2010'];
      const before = await review(hub, reviewer, 'review.entry', { lotId: lot.id, entryId: target.id });
      const json = JSON.stringify(before);
      for (const secret of secrets) expect(json).not.toContain(secret);
      expect(JSON.stringify(drawn)).not.toContain('Lương Thị Bích Ngọc');
      expect(before.blindPending).toBe(true);
      expect(before.fields.slice(0, 4).map((f) => [f.path, f.critical, f.value])).toEqual(
        CRITICAL.map((p) => [p, true, null]),
      );
      const field = (r: ReviewEntry, p: string) => r.fields.find((f) => f.path === p)!;
      expect(field(before, 'nguoiGiamHo.0.hoTen')).toMatchObject({
        label: 'Người giám hộ 1 › Họ, chữ đệm, tên',
        value: 'Nguyễn Văn Bình',
      });
      expect(field(before, 'loaiGiamHo').value).toBe('Giám hộ cử');
      expect(before.reasons).toEqual(['random', 'uncertain']);
      expect(before.pages).toEqual([
        {
          pageId: page.id,
          pageNo: 1,
          scanSha256: sha256(scan),
          mediaType: 'application/pdf',
          indexInFile: 0,
          rotation: 0,
          width: null,
          height: null,
          rect: { x: 10, y: 20, w: 300, h: 120 },
        },
      ]);
      const order = drawn.sample.map((s) => s.entryId);
      const index = order.indexOf(target.id);
      expect(before.previousEntryId).toBe(index > 0 ? order[index - 1] : null);
      expect(before.nextEntryId).toBe(index < 2 ? order[index + 1] : null);

      // Not a critical field; then the four reads: three agree (typed differently), the birth date not.
      const notCritical = await refusal(
        review(hub, reviewer, 'review.blindRead', {
          lotId: lot.id,
          entryId: target.id,
          reads: [{ path: 'nguoiGiamHo.0.hoTen', value: 'x' }],
        }),
      );
      expect(notCritical.code).toBe('BAD_REQUEST');
      const tooEarly = await refusal(
        review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId: target.id, path: 'so', verdict: 'ok' }),
      );
      expect(tooEarly.code).toBe('CONFLICT');
      const after = await review(hub, reviewer, 'review.blindRead', {
        lotId: lot.id,
        entryId: target.id,
        reads: [
          { path: 'so', value: '07/2018' },
          { path: 'ngayDangKy', value: '8/3/2018' },
          { path: 'nguoiDuocGiamHo.hoTen', value: '  lương thị  bích ngọc ' },
          { path: 'nguoiDuocGiamHo.ngaySinh', value: '13/07/2010' },
        ],
      });
      expect(after.blindPending).toBe(false);
      expect(field(after, 'so')).toMatchObject({ value: '07/2018', verdict: 'ok', blindDisagrees: false });
      expect(field(after, 'ngayDangKy')).toMatchObject({ value: '08/03/2018', verdict: 'ok', blindValue: '8/3/2018' });
      expect(field(after, 'nguoiDuocGiamHo.hoTen')).toMatchObject({ value: 'Lương Thị Bích Ngọc', verdict: 'ok' });
      expect(field(after, 'nguoiDuocGiamHo.ngaySinh')).toMatchObject({
        value: '12/07/2010',
        blindValue: '13/07/2010',
        blindDisagrees: true,
        verdict: null,
        mark: 'Đọc chưa chắc; Ghi chú: mực nhòe 12/07/2010',
      });
      const auto = await hub.ctx.db
        .select()
        .from(reviewVerdicts)
        .where(and(eq(reviewVerdicts.lotId, lot.id), eq(reviewVerdicts.source, 'blind-match')));
      expect(auto.map((v) => v.field).sort()).toEqual(['ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'so']);

      const twice = await refusal(
        review(hub, reviewer, 'review.blindRead', {
          lotId: lot.id,
          entryId: target.id,
          reads: [{ path: 'so', value: '07/2018' }],
        }),
      );
      expect(twice.code).toBe('CONFLICT');
      const unsettled = await refusal(
        review(hub, reviewer, 'review.markRestOk', { lotId: lot.id, entryId: target.id }),
      );
      expect(unsettled.code).toBe('CONFLICT');
      expect(unsettled.message).toContain('Ngày, tháng, năm sinh');

      // The reviewer settles it against the image (the clerk was right), then the rest is đúng.
      await review(hub, reviewer, 'review.verdict', {
        lotId: lot.id,
        entryId: target.id,
        path: 'nguoiDuocGiamHo.ngaySinh',
        verdict: 'ok',
      });
      const done = await review(hub, reviewer, 'review.markRestOk', { lotId: lot.id, entryId: target.id });
      expect(done.fields.every((f) => f.verdict === 'ok')).toBe(true);
      const detail = await review(hub, reviewer, 'lots.get', { lotId: lot.id });
      const item = detail.sample.find((s) => s.entryId === target.id);
      expect(item).toMatchObject({ judged: true, defective: false });
      expect(item?.label).toContain('Lương Thị Bích Ngọc');
      expect(detail.progress).toEqual({ judged: 1, sampled: 3 });
    },
    TEST_MS,
  );

  it(
    'takes verdicts only on drawn lots and sampled entries, wants the read value of a wrong field, and counts the newest',
    async () => {
      const { book, entries, data } = await sendBook(30);
      const lot = await onlyLot(book.id);
      const waiting = await refusal(
        review(hub, reviewer, 'review.verdict', {
          lotId: lot.id,
          entryId: entries[0]!.id,
          path: 'quyenSo',
          verdict: 'ok',
        }),
      );
      expect(waiting.code).toBe('CONFLICT');
      const detail = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: '99' });
      const sampledIds = new Set(detail.sample.map((s) => s.entryId));
      const outside = entries.find((e) => !sampledIds.has(e.id))!;
      const notSampled = await refusal(
        review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId: outside.id, path: 'quyenSo', verdict: 'ok' }),
      );
      expect(notSampled.code).toBe('NOT_FOUND');
      const entryId = detail.sample[0]!.entryId;
      // The contract's schema refuses it, and so does the handler itself.
      const noRead = await refusal(
        review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId, path: 'quyenSo', verdict: 'wrong' }),
      );
      expect(noRead.code).toBe('BAD_REQUEST');
      expect(noRead.message).toContain('giá trị đọc được');
      const direct = await refusal(
        lotHandlers['review.verdict'](
          { lotId: lot.id, entryId, path: 'quyenSo', verdict: 'wrong' },
          { ctx: hub.ctx, user: reviewer, sessionTokenHash: null, remoteAddress: undefined },
        ),
      );
      expect(direct.code).toBe('BAD_REQUEST');
      const unknown = await refusal(
        review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId, path: 'khongCo', verdict: 'ok' }),
      );
      expect(unknown.code).toBe('BAD_REQUEST');

      const wrong = await review(hub, reviewer, 'review.verdict', {
        lotId: lot.id,
        entryId,
        path: 'quyenSo',
        verdict: 'wrong',
        readValue: 'Q2',
        note: 'Trang ghi quyển 2',
      });
      expect(wrong.fields.find((f) => f.path === 'quyenSo')).toMatchObject({
        verdict: 'wrong',
        readValue: 'Q2',
        note: 'Trang ghi quyển 2',
      });
      await judge(lot.id, entryId, data.get(entryId)!);
      let item = (await review(hub, reviewer, 'lots.get', { lotId: lot.id })).sample[0]!;
      expect(item).toMatchObject({ judged: true, defective: true });
      // Changed mind: the newest verdict counts (both stay recorded).
      await review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId, path: 'quyenSo', verdict: 'ok' });
      item = (await review(hub, reviewer, 'lots.get', { lotId: lot.id })).sample[0]!;
      expect(item).toMatchObject({ judged: true, defective: false });
      const rows = await hub.ctx.db
        .select()
        .from(reviewVerdicts)
        .where(and(eq(reviewVerdicts.lotId, lot.id), eq(reviewVerdicts.field, 'quyenSo')));
      expect(rows.map((r) => r.verdict)).toEqual(['wrong', 'ok']);
      expect(rows[0]?.typedValue).toBe('Q1');
    },
    TEST_MS,
  );
});

describe('the decision', () => {
  it(
    'is refused before every sampled entry is judged and against the plan; wrong fields of extra entries do not reject',
    async () => {
      const edited = { id: '' };
      const { book, data } = await sendBook(30, (i, bookId) => {
        if (i !== 5) return undefined;
        const e = ghEntry(bookId, ghData(i + 1), { version: 2 });
        edited.id = e.id;
        return e;
      });
      const lot = await onlyLot(book.id);
      // A seed that does not draw the edited entry at random: it is inspected all the same.
      const ids = [...data.keys()];
      let seed = 1;
      while (drawSample(String(seed), ids, samplingPlan(30, 1.0).sampleSize).includes(edited.id)) seed++;
      const drawn = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: String(seed) });
      const early = await refusal(review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'accepted' }));
      expect(early.code).toBe('CONFLICT');
      expect(early.message).toContain('chưa kiểm tra xong');
      const extra = drawn.sample.find((s) => s.entryId === edited.id)!;
      expect(extra.reasons).toEqual(['edited']);
      for (const s of drawn.sample) {
        const wrong =
          s.entryId === edited.id ? [{ path: 'nguoiKy', readValue: 'Nguyễn Văn Hưng', note: 'Sai dấu' }] : [];
        await judge(lot.id, s.entryId, data.get(s.entryId)!, wrong);
      }
      const detail = await review(hub, reviewer, 'lots.get', { lotId: lot.id });
      expect(detail).toMatchObject({ defectiveRandom: 0, defective: 1, proposedDecision: 'accepted' });
      const contrary = await refusal(review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'rejected' }));
      expect(contrary.code).toBe('CONFLICT');
      expect(contrary.message).toContain('"Đạt"');
      const decided = await review(hub, reviewer, 'lots.decide', {
        lotId: lot.id,
        decision: 'accepted',
        note: 'Đạt, một lỗi ngoài mẫu',
      });
      expect(decided).toMatchObject({
        state: 'accepted',
        decidedBy: reviewer.displayName,
        decisionNote: 'Đạt, một lỗi ngoài mẫu',
        progress: { judged: drawn.sample.length, sampled: drawn.sample.length },
      });
      // Any wrong field becomes a request, in an accepted lot too.
      expect(decided.corrections).toHaveLength(1);
      expect(decided.corrections[0]).toMatchObject({
        lotId: lot.id,
        entryId: edited.id,
        entryVersion: 2,
        field: 'nguoiKy',
        fieldLabel: 'Người ký',
        typedValue: 'Nguyễn Văn Hùng',
        readValue: 'Nguyễn Văn Hưng',
        note: 'Sai dấu',
        requestedBy: reviewer.displayName,
        answer: null,
      });
      const twice = await refusal(review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'accepted' }));
      expect(twice.code).toBe('CONFLICT');
      const afterDecision = await refusal(
        review(hub, reviewer, 'review.verdict', { lotId: lot.id, entryId: edited.id, path: 'nguoiKy', verdict: 'ok' }),
      );
      expect(afterDecision.code).toBe('CONFLICT');
    },
    TEST_MS,
  );

  it(
    'rejects by the plan with one correction request per wrong field; the book sent again is a new lot and the old one resent',
    async () => {
      const { device, book, entries, data } = await sendBook(30);
      const lot = await onlyLot(book.id);
      const drawn = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: '5' });
      const first = drawn.sample[0]!;
      expect(first.reasons).toContain('random');
      const firstData = data.get(first.entryId)!;
      // A critical field read differently and judged wrong, and a plain field wrong.
      const reads = agreeingReads(firstData).map((r) =>
        r.path === 'nguoiDuocGiamHo.hoTen' ? { ...r, value: 'Trần Thị Sổ' } : r,
      );
      const read = await review(hub, reviewer, 'review.blindRead', { lotId: lot.id, entryId: first.entryId, reads });
      expect(read.fields.find((f) => f.path === 'nguoiDuocGiamHo.hoTen')?.blindDisagrees).toBe(true);
      await review(hub, reviewer, 'review.verdict', {
        lotId: lot.id,
        entryId: first.entryId,
        path: 'nguoiDuocGiamHo.hoTen',
        verdict: 'wrong',
        readValue: 'Trần Thị Sổ',
      });
      await review(hub, reviewer, 'review.verdict', {
        lotId: lot.id,
        entryId: first.entryId,
        path: 'nguoiDuocGiamHo.noiSinh',
        verdict: 'wrong',
        readValue: '',
        note: 'Trang không ghi nơi sinh',
      });
      await review(hub, reviewer, 'review.markRestOk', { lotId: lot.id, entryId: first.entryId });
      for (const s of drawn.sample.slice(1)) await judge(lot.id, s.entryId, data.get(s.entryId)!);
      const detail = await review(hub, reviewer, 'lots.get', { lotId: lot.id });
      expect(detail).toMatchObject({ defectiveRandom: 1, proposedDecision: 'rejected' });
      const contrary = await refusal(review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'accepted' }));
      expect(contrary.code).toBe('CONFLICT');
      expect(contrary.message).toContain('"Không đạt"');
      const rejected = await review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'rejected' });
      expect(rejected.state).toBe('rejected');
      const requests = await hub.ctx.db.select().from(correctionRequests).where(eq(correctionRequests.lotId, lot.id));
      expect(requests.map((r) => [r.entryId, r.field, r.typedValue, r.readValue, r.note]).sort()).toEqual(
        [
          [first.entryId, 'nguoiDuocGiamHo.hoTen', at(firstData, 'nguoiDuocGiamHo.hoTen'), 'Trần Thị Sổ', ''],
          [first.entryId, 'nguoiDuocGiamHo.noiSinh', 'Trạm y tế xã An Bình', '', 'Trang không ghi nơi sinh'],
        ].sort(),
      );
      expect(requests.every((r) => /^[0-9a-f-]{36}$/.test(r.id) && r.communeCode === device.commune)).toBe(true);
      const [lotRow] = await hub.ctx.db.select().from(lots).where(eq(lots.id, lot.id));
      expect(lotRow).toMatchObject({ decision: 'rejected', defectiveRandom: 1, defectiveTotal: 1 });

      // The commune answers one request (helper D stores answers as they arrive), and sends the book again.
      await hub.ctx.db.insert(correctionAnswers).values({
        requestId: requests[0]!.id,
        answer: 'kept',
        entryVersion: null,
        reason: 'Sổ gốc ghi như vậy',
        answeredAt: '2026-11-30T02:00:00.000Z',
        answeredBy: 'canbo',
        batchId: 'lo-tra-loi',
        deviceId: device.id,
      });
      const original = entries.find((e) => e.id === first.entryId)!;
      const fixedData = { ...firstData, nguoiDuocGiamHo: { ...(firstData.nguoiDuocGiamHo as object), noiSinh: '' } };
      await send(
        hub,
        device,
        [book],
        [ghEntry(book.id, fixedData, { id: original.id, version: 2, baseVersion: 1 })],
        50,
      );
      const all = await lotsOf(book.id);
      expect(all.map((l) => l.state)).toEqual(['resent', 'waiting']);
      expect(all[1]).toMatchObject({ previousLotId: lot.id, lotSize: 30 });
      // The old lot still shows the entry as it judged it (version 1, from entry_versions).
      const old = await review(hub, reviewer, 'review.entry', { lotId: lot.id, entryId: first.entryId });
      expect(old.entryVersion).toBe(1);
      expect(old.fields.find((f) => f.path === 'nguoiDuocGiamHo.noiSinh')).toMatchObject({
        value: 'Trạm y tế xã An Bình',
        verdict: 'wrong',
      });
      const next = await review(hub, reviewer, 'lots.get', { lotId: all[1]!.id });
      expect(next.corrections).toHaveLength(2);
      expect(next.corrections.find((c) => c.id === requests[0]!.id)?.answer).toMatchObject({
        kind: 'kept',
        reason: 'Sổ gốc ghi như vậy',
      });
      const listed = await review(hub, reviewer, 'lots.list', { state: 'resent' });
      expect(listed.find((l) => l.id === lot.id)).toMatchObject({
        defective: 1,
        progress: { judged: drawn.sample.length, sampled: drawn.sample.length },
      });
    },
    TEST_MS,
  );

  it(
    'keeps one lot in review per book: what arrives meanwhile waits, is drawn once the first is decided, and makes a rejected one resent when the book comes back',
    async () => {
      const { device, book, data } = await sendBook(3);
      const lot = await onlyLot(book.id);
      const drawn = await review(hub, reviewer, 'lots.draw', { lotId: lot.id, seed: '3' });
      await send(hub, device, [book], [ghEntry(book.id, ghData(4))], 10);
      const [current, waiting] = await lotsOf(book.id);
      expect(current).toMatchObject({ id: lot.id, state: 'in_review', lotSize: 3 });
      expect(waiting).toMatchObject({ state: 'waiting', lotSize: 4, previousLotId: lot.id });
      const busy = await refusal(review(hub, reviewer, 'lots.draw', { lotId: waiting!.id, seed: '3' }));
      expect(busy.code).toBe('CONFLICT');
      expect(busy.message).toContain('đang kiểm tra');
      // The lot in review stays as drawn: its entries are frozen.
      expect((await review(hub, reviewer, 'lots.get', { lotId: lot.id })).lotSize).toBe(3);
      const [wrongOne, ...rest] = drawn.sample;
      await judge(lot.id, wrongOne!.entryId, data.get(wrongOne!.entryId)!, [{ path: 'quyenSo', readValue: 'Q9' }]);
      for (const s of rest) await judge(lot.id, s.entryId, data.get(s.entryId)!);
      await review(hub, reviewer, 'lots.decide', { lotId: lot.id, decision: 'rejected' });
      // Rejected after its successor was opened: the book has not come back since.
      expect((await lotsOf(book.id)).map((l) => l.state)).toEqual(['rejected', 'waiting']);
      await send(hub, device, [book], [ghEntry(book.id, ghData(5))], 20);
      const states = await lotsOf(book.id);
      expect(states.map((l) => [l.id, l.state, l.lotSize])).toEqual([
        [lot.id, 'resent', 3],
        [waiting!.id, 'waiting', 5],
      ]);
      const next = await review(hub, reviewer, 'lots.draw', { lotId: waiting!.id, seed: '3' });
      expect(next).toMatchObject({ state: 'in_review', lotSize: 5, previousLotId: lot.id });
      expect(next.corrections.map((c) => [c.lotId, c.field, c.readValue])).toEqual([[lot.id, 'quyenSo', 'Q9']]);
    },
    TEST_MS,
  );
});
