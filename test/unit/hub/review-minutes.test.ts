/**
 * The acceptance minutes (hub/review/minutes.ts): a lot built in a test hub straight through
 * drizzle, its data read back, rendered to PDF and read back as text with pdf.js.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesData, minutesFileName, renderMinutesPdf } from '../../../hub/review/minutes';
import { ReviewError } from '../../../hub/review/handler';
import type { SyncBook } from '../../../shared/sync/protocol';
import {
  addBook,
  addCommune,
  addCorrectionRequest,
  addEntries,
  addLot,
  addUser,
  addVerdicts,
  startReviewDb,
  pdfTextOf,
  type VerdictSpec,
} from './review-fixtures';

const COMMUNE = '20590';
let hub: Awaited<ReturnType<typeof startReviewDb>>;
let book: SyncBook;
let lotId: string;
let reviewer: number;
let admin: number;
let ids: string[];
const SEED = '12345678901234567890';

beforeAll(async () => {
  hub = await startReviewDb();
  const { ctx } = hub;
  await addCommune(ctx, COMMUNE, 'Xã Điện Phước');
  reviewer = await addUser(ctx, 'Trần Thị Kiểm');
  admin = await addUser(ctx, 'Lê Văn Quản', 'district_admin');
  book = await addBook(ctx, COMMUNE, { type: 'GH', volume: '01/2018', office: 'UBND xã Điện Phước', yearOpened: 2018 });
  // 60 entries: code letter E, n 13, Ac 0, Re 1 at AQL 1.0.
  ids = await addEntries(
    ctx,
    book,
    Array.from({ length: 60 }, (_, i) => ({
      so: `${String(i + 1).padStart(2, '0')}/2018`,
      nguoiDuocGiamHo: { hoTen: i === 0 ? 'Nguyễn Văn Ấn' : `Người thứ ${i + 1}` },
    })),
  );
  // 13 random + 2 always inspected (warnings).
  const sample = [
    ...ids.slice(0, 13).map((entryId) => ({ entryId, reasons: ['random' as const] })),
    { entryId: ids[20] as string, reasons: ['warning' as const] },
    { entryId: ids[21] as string, reasons: ['warning' as const, 'edited' as const] },
  ];
  lotId = await addLot(ctx, {
    book,
    communeCode: COMMUNE,
    entryIds: ids,
    sample,
    state: 'rejected',
    seed: SEED,
    drawnBy: reviewer,
    decidedBy: admin,
    decidedAt: new Date('2026-11-03T04:30:00Z'),
    decision: 'rejected',
    decisionNote: 'Sai tên người được giám hộ',
  });
  const verdicts: VerdictSpec[] = [];
  for (const { entryId } of sample) {
    for (const field of ['so', 'ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'nguoiGiamHo.0.hoTen']) {
      verdicts.push({ lotId, entryId, field, verdict: 'ok', reviewerId: reviewer });
    }
  }
  // Two wrong fields in the random draw (entries 0 and 1), one in an always-inspected entry,
  // and on entry 2 a field first judged wrong, then right (the newest verdict counts).
  verdicts.push(
    {
      lotId,
      entryId: ids[0] as string,
      field: 'nguoiDuocGiamHo.hoTen',
      verdict: 'wrong',
      typedValue: 'Nguyễn Văn Án',
      readValue: 'Nguyễn Văn Ấn',
      note: 'Dấu mũ',
      critical: true,
      reviewerId: reviewer,
    },
    {
      lotId,
      entryId: ids[1] as string,
      field: 'nguoiGiamHo.0.hoTen',
      verdict: 'wrong',
      typedValue: 'Hồ Thị Lan',
      readValue: 'Hồ Thị Lân',
      reviewerId: reviewer,
    },
    {
      lotId,
      entryId: ids[21] as string,
      field: 'ngayDangKy',
      verdict: 'wrong',
      typedValue: '2018-03-05',
      readValue: '2018-05-03',
      critical: true,
      reviewerId: reviewer,
    },
    {
      lotId,
      entryId: ids[2] as string,
      field: 'so',
      verdict: 'wrong',
      typedValue: '03/2018',
      readValue: '08/2018',
      reviewerId: reviewer,
    },
    { lotId, entryId: ids[2] as string, field: 'so', verdict: 'ok', reviewerId: reviewer },
  );
  await addVerdicts(ctx, verdicts);
  for (const [i, field] of [
    [0, 'nguoiDuocGiamHo.hoTen'],
    [1, 'nguoiGiamHo.0.hoTen'],
    [21, 'ngayDangKy'],
  ] as const) {
    await addCorrectionRequest(ctx, lotId, book, COMMUNE, ids[i] as string, field, admin);
  }
}, 120_000);

afterAll(async () => {
  await hub?.close();
});

describe('minutesData', () => {
  it('reads the book, the plan, the seed, the sample with its reasons and the newest verdicts', async () => {
    const data = await minutesData(hub.ctx, lotId);
    expect(data.book).toMatchObject({ type: 'GH', volume: '01/2018', office: 'UBND xã Điện Phước' });
    expect(data.book.typeName).toBe('Sổ đăng ký giám hộ');
    expect(data.commune).toEqual({ code: COMMUNE, name: 'Xã Điện Phước' });
    expect(data.lotSize).toBe(60);
    expect(data.plan).toEqual({ inspectionLevel: 'II', aql: 1, codeLetter: 'E', sampleSize: 13, accept: 0, reject: 1 });
    expect(data.seed).toBe(SEED);
    expect(data.decision).toBe('rejected');
    expect(data.decidedBy).toBe('Lê Văn Quản');
    expect(data.drawnBy).toBe('Trần Thị Kiểm');
    expect(data.reviewers).toEqual(['Trần Thị Kiểm']);
    expect(data.sample).toHaveLength(15);
    expect(data.sample[0]?.label).toBe('Số 01/2018 — Nguyễn Văn Ấn');
    expect(data.sample[14]?.reasons).toEqual(['warning', 'edited']);
    // Entry 2's field was set back to đúng: not defective.
    expect(data.sample[2]?.defective).toBe(false);
    expect(data.findings.map((f) => [f.entryId, f.field])).toEqual([
      [ids[0], 'nguoiDuocGiamHo.hoTen'],
      [ids[1], 'nguoiGiamHo.0.hoTen'],
      [ids[21], 'ngayDangKy'],
    ]);
    expect(data.findings[0]).toMatchObject({
      fieldLabel: expect.stringContaining('Họ') as unknown,
      typedValue: 'Nguyễn Văn Án',
      readValue: 'Nguyễn Văn Ấn',
      note: 'Dấu mũ',
      critical: true,
    });
    expect(data.counts).toEqual({
      sampled: 15,
      randomSampled: 13,
      defectiveRandom: 2,
      defectiveTotal: 3,
      fieldsJudged: 60,
      wrongFields: 3,
      correctionRequests: 3,
    });
    expect(data.acceptAt1).toBeGreaterThan(data.acceptAt5);
  });

  it('refuses an unknown lot with a Vietnamese 404', async () => {
    await expect(minutesData(hub.ctx, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(ReviewError);
    await expect(minutesData(hub.ctx, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/Không tìm thấy lô/);
  });
});

describe('renderMinutesPdf', () => {
  it('writes the Vietnamese minutes: counts, seed, decision, findings, signatures', async () => {
    const data = await minutesData(hub.ctx, lotId);
    const { text } = await pdfTextOf(await renderMinutesPdf(data));
    expect(text).toContain('BIÊN BẢN NGHIỆM THU');
    expect(text).toContain('Sổ đăng ký giám hộ');
    expect(text).toContain('01/2018');
    expect(text).toContain('Xã Điện Phước');
    expect(text).toContain(SEED);
    expect(text).toMatch(/Cỡ lô\s+60 bản ghi/);
    expect(text).toMatch(/Mã chữ cỡ mẫu\s+E/);
    expect(text).toMatch(/Cỡ mẫu \(n\)\s+13/);
    expect(text).toMatch(/Số chấp nhận \(Ac\)\s+0/);
    expect(text).toMatch(/Số loại bỏ \(Re\)\s+1/);
    expect(text).toMatch(/Bản ghi lỗi \(mẫu ngẫu nhiên\)\s+2/);
    expect(text).toMatch(/Bản ghi lỗi \(toàn bộ mẫu\)\s+3/);
    expect(text).toMatch(/Số ô sai\s+3/);
    expect(text).toContain('KHÔNG ĐẠT');
    expect(text).toContain('Nguyễn Văn Án');
    expect(text).toContain('Nguyễn Văn Ấn');
    expect(text).toContain('Có cảnh báo');
    expect(text).toContain('Trần Thị Kiểm');
    expect(text).toContain('Lê Văn Quản');
    expect(text).toContain('KIỂM TRA VIÊN');
    expect(text).toContain('ĐẠI DIỆN UBND XÃ');
    expect(text).toContain('QUẢN TRỊ HUYỆN');
    expect(text).toContain('ngày 03 tháng 11 năm 2026');
  });

  it('runs over several pages when the lot is long', async () => {
    const { ctx } = hub;
    const big = await addBook(ctx, COMMUNE, { type: 'TD', volume: '02/2019' });
    const bigIds = await addEntries(
      ctx,
      big,
      Array.from({ length: 500 }, (_, i) => ({ so: String(i + 1), nguoi: { hoTen: `Phạm Thị Ngọc ${i + 1}` } })),
    );
    // 500 entries: H, n 50, Ac 1, Re 2.
    const sample = bigIds.slice(0, 50).map((entryId) => ({ entryId, reasons: ['random' as const] }));
    const bigLot = await addLot(ctx, {
      book: big,
      communeCode: COMMUNE,
      entryIds: bigIds,
      sample,
      state: 'accepted',
      seed: '42',
      decidedBy: admin,
      decidedAt: new Date('2026-11-04T01:00:00Z'),
      decision: 'accepted',
    });
    await addVerdicts(
      ctx,
      sample.flatMap(({ entryId }) =>
        ['so', 'ngayDangKy', 'nguoi.hoTen', 'nguoi.ngaySinh'].map((field) => ({
          lotId: bigLot,
          entryId,
          field,
          verdict: entryId === bigIds[7] && field === 'nguoi.hoTen' ? ('wrong' as const) : ('ok' as const),
          typedValue: 'x',
          readValue: 'y',
          reviewerId: reviewer,
        })),
      ),
    );
    const data = await minutesData(ctx, bigLot);
    expect(data.counts).toMatchObject({ sampled: 50, defectiveRandom: 1, defectiveTotal: 1, wrongFields: 1 });
    const bytes = await renderMinutesPdf(data);
    const { text, pages } = await pdfTextOf(bytes);
    expect(pages).toBeGreaterThan(1);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages);
    expect(text).toContain('ĐẠT — lô được nghiệm thu');
    expect(text).toContain('Phạm Thị Ngọc 50');
    expect(text).toMatch(/Bản ghi lỗi \(mẫu ngẫu nhiên\)\s+1/);
  });

  it('names the file with ASCII only', async () => {
    const data = await minutesData(hub.ctx, lotId);
    expect(minutesFileName(data)).toBe(`bien-ban-nghiem-thu_GH_01-2018_${COMMUNE}_${lotId.slice(0, 8)}.pdf`);
  });
});
