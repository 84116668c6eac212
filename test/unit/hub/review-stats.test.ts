/**
 * Error rates (hub/review/stats.ts) over lots written straight into a test hub, against
 * expectations computed by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewError, type StaffRequest } from '../../../hub/review/handler';
import { errorRates, foldFieldPath, statsHandlers } from '../../../hub/review/stats';
import { describePath } from '../../../shared/records/labels';
import type { ErrorRateRow } from '../../../shared/review/hub-api';
import {
  addBook,
  addCommune,
  addEntries,
  addLot,
  addUser,
  addVerdicts,
  startReviewDb,
  type VerdictSpec,
} from './review-fixtures';

let hub: Awaited<ReturnType<typeof startReviewDb>>;
let book1Id: string;
let book2Id: string;

beforeAll(async () => {
  hub = await startReviewDb();
  const { ctx } = hub;
  const reviewer = await addUser(ctx, 'Trần Thị Kiểm');
  await addCommune(ctx, '20590', 'Xã Điện Phước');
  await addCommune(ctx, '20591', 'Xã Điện Minh');
  const book1 = await addBook(ctx, '20590', { type: 'GH', volume: '01/2018' });
  const book2 = await addBook(ctx, '20591', { type: 'TD', volume: '02/2019' });
  book1Id = book1.id;
  book2Id = book2.id;
  const [e1, e2, e3, e4, g1] = (await addEntries(ctx, book1, [{}, {}, {}, {}, {}])) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const [f1, f2] = (await addEntries(ctx, book2, [{}, {}])) as [string, string];
  const random = (ids: string[]) => ids.map((entryId) => ({ entryId, reasons: ['random' as const] }));

  // L1: book 1, decided 10/10/2026 17:00 Vietnam time; clerks lan (e1, e2) and hoa (e3, e4).
  const l1 = await addLot(ctx, {
    book: book1,
    communeCode: '20590',
    entryIds: [e1, e2, e3, e4],
    clerks: ['lan', 'lan', 'hoa', 'hoa'],
    sample: random([e1, e2, e3, e4]),
    state: 'rejected',
    seed: '1',
    decision: 'rejected',
    decidedAt: new Date('2026-10-10T10:00:00Z'),
  });
  // L2: book 2 (another commune), decided 21/11/2026 03:00 Vietnam time (20/11 in UTC); clerk lan.
  const l2 = await addLot(ctx, {
    book: book2,
    communeCode: '20591',
    entryIds: [f1, f2],
    clerks: ['lan', 'lan'],
    sample: random([f1, f2]),
    state: 'accepted',
    seed: '2',
    decision: 'accepted',
    decidedAt: new Date('2026-11-20T20:00:00Z'),
  });
  // L3: in review, not decided: never counted.
  const l3 = await addLot(ctx, {
    book: book1,
    communeCode: '20590',
    entryIds: [g1],
    sample: random([g1]),
    state: 'in_review',
    seed: '3',
  });
  const v = (lotId: string, entryId: string, field: string, verdict: 'ok' | 'wrong'): VerdictSpec => ({
    lotId,
    entryId,
    field,
    verdict,
    reviewerId: reviewer,
  });
  await addVerdicts(ctx, [
    // e1: 3 fields, both guardians' names wrong → defective, 2 wrong.
    v(l1, e1, 'so', 'ok'),
    v(l1, e1, 'nguoiGiamHo.0.hoTen', 'wrong'),
    v(l1, e1, 'nguoiGiamHo.1.hoTen', 'wrong'),
    // e2: "so" wrong, then set back to right (the newest counts) → 2 fields, not defective.
    v(l1, e2, 'so', 'wrong'),
    v(l1, e2, 'nguoiGiamHo.0.hoTen', 'ok'),
    v(l1, e2, 'so', 'ok'),
    // e3: 2 fields right.
    v(l1, e3, 'so', 'ok'),
    v(l1, e3, 'nguoiGiamHo.0.hoTen', 'ok'),
    // e4: "so" wrong; the name right, then wrong → 2 fields, 2 wrong, defective.
    v(l1, e4, 'so', 'wrong'),
    v(l1, e4, 'nguoiGiamHo.0.hoTen', 'ok'),
    v(l1, e4, 'nguoiGiamHo.0.hoTen', 'wrong'),
    // f1 right; f2's name wrong.
    v(l2, f1, 'so', 'ok'),
    v(l2, f1, 'nguoi.hoTen', 'ok'),
    v(l2, f2, 'so', 'ok'),
    v(l2, f2, 'nguoi.hoTen', 'wrong'),
    // Not decided.
    v(l3, g1, 'so', 'wrong'),
  ]);
}, 120_000);

afterAll(async () => {
  await hub?.close();
});

function row(
  key: string,
  label: string,
  entriesJudged: number,
  defectiveEntries: number,
  fieldsJudged: number,
  wrongFields: number,
): ErrorRateRow {
  return {
    key,
    label,
    entriesJudged,
    defectiveEntries,
    fieldsJudged,
    wrongFields,
    defectivePer100: (defectiveEntries * 100) / entriesJudged,
    wrongPer1000: (wrongFields * 1000) / fieldsJudged,
  };
}

describe('errorRates', () => {
  it('folds list positions out of field paths', () => {
    expect(foldFieldPath('nguoiGiamHo.1.hoTen')).toBe('nguoiGiamHo.hoTen');
    expect(foldFieldPath('nguoiGiamHo.0.hoTen')).toBe('nguoiGiamHo.hoTen');
    expect(foldFieldPath('so')).toBe('so');
  });

  it('counts per clerk, per book and per field over decided lots, newest verdict per field', async () => {
    const rates = await errorRates(hub.ctx, {});
    expect(rates.from).toBeNull();
    expect(rates.to).toBeNull();
    expect(rates.byClerk).toEqual([
      // hoa: e3, e4 → 2 entries, 1 defective (e4); 4 fields, 2 wrong → 50 per 100, 500 per 1 000.
      row('20590:hoa', 'hoa — Xã Điện Phước', 2, 1, 4, 2),
      // lan in Điện Minh: f1, f2 → 2, 1; 4 fields, 1 wrong → 50, 250.
      row('20591:lan', 'lan — Xã Điện Minh', 2, 1, 4, 1),
      // lan in Điện Phước: e1, e2 → 2, 1 (e1); 3 + 2 = 5 fields, 2 wrong → 50, 400.
      row('20590:lan', 'lan — Xã Điện Phước', 2, 1, 5, 2),
    ]);
    expect(rates.byClerk.map((r) => [r.defectivePer100, r.wrongPer1000])).toEqual([
      [50, 500],
      [50, 250],
      [50, 400],
    ]);
    expect(rates.byBook).toEqual([
      // Book 1: e1..e4 → 4 entries, 2 defective; 9 fields, 4 wrong → 50, 444.4…
      row(book1Id, 'GH quyển 01/2018 — Xã Điện Phước', 4, 2, 9, 4),
      // Book 2: f1, f2 → 2, 1; 4 fields, 1 wrong → 50, 250.
      row(book2Id, 'TD quyển 02/2019 — Xã Điện Minh', 2, 1, 4, 1),
    ]);
    expect(rates.byBook[0]?.wrongPer1000).toBeCloseTo(444.444, 2);

    // Guardians' names (positions folded): e1 (2 fields, both wrong), e2, e3, e4 (wrong) →
    // 4 entries, 2 defective; 5 fields, 3 wrong → 50, 600. Worst first.
    expect(rates.byField[0]).toEqual(row('nguoiGiamHo.hoTen', describePath('nguoiGiamHo.hoTen'), 4, 2, 5, 3));
    const byKey = new Map(rates.byField.map((r) => [r.key, r]));
    // "Số": e1..e4, f1, f2 → 6 entries, 1 defective (e4; e2 was set back); 6 fields, 1 wrong.
    expect(byKey.get('so')).toEqual(row('so', describePath('so'), 6, 1, 6, 1));
    expect(byKey.get('so')?.defectivePer100).toBeCloseTo(16.667, 2);
    // The person's name in the TD book: f1, f2 → 2, 1; 2 fields, 1 wrong.
    expect(byKey.get('nguoi.hoTen')).toEqual(row('nguoi.hoTen', describePath('nguoi.hoTen'), 2, 1, 2, 1));
    expect(rates.byField).toHaveLength(3);
  });

  it('filters by decision date in Vietnam time, both ends included', async () => {
    // L2 was decided on 21/11 in Vietnam (20/11 in UTC).
    const late = await errorRates(hub.ctx, { from: '2026-11-21' });
    expect(late.byBook.map((r) => r.key)).toEqual([book2Id]);
    const early = await errorRates(hub.ctx, { to: '2026-11-20' });
    expect(early.byBook.map((r) => r.key)).toEqual([book1Id]);
    const exact = await errorRates(hub.ctx, { from: '2026-10-10', to: '2026-10-10' });
    expect(exact.byBook.map((r) => r.key)).toEqual([book1Id]);
    expect(exact).toMatchObject({ from: '2026-10-10', to: '2026-10-10' });
    const none = await errorRates(hub.ctx, { from: '2026-10-11', to: '2026-11-20' });
    expect(none).toMatchObject({ byClerk: [], byBook: [], byField: [] });
  });

  it('refuses impossible dates and a period that ends before it starts, in Vietnamese', async () => {
    await expect(errorRates(hub.ctx, { from: '2026-02-30' })).rejects.toThrow(/Ngày bắt đầu không có thật/);
    await expect(errorRates(hub.ctx, { from: '2026-11-02', to: '2026-11-01' })).rejects.toThrow(ReviewError);
    await expect(errorRates(hub.ctx, { from: '2026-11-02', to: '2026-11-01' })).rejects.toThrow(/trước/);
  });

  it('is the stats.errorRates handler', async () => {
    const request: StaffRequest = {
      ctx: hub.ctx,
      user: { id: 1, username: 'kiemtra', displayName: 'Trần Thị Kiểm', role: 'reviewer', disabled: false },
      sessionTokenHash: null,
      remoteAddress: undefined,
    };
    const viaHandler = await statsHandlers['stats.errorRates']({ to: '2026-11-20' }, request);
    expect(viaHandler).toEqual(await errorRates(hub.ctx, { to: '2026-11-20' }));
  });
});
