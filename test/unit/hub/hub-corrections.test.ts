/**
 * Correction requests down to the commune and the answers back, the hub's side (issue 11):
 * `GET /api/sync/corrections`, the requests in receipts (capped), and `payload.corrections`
 * taken through the real ingest in the commit transaction (unknown answers audited and skipped,
 * the same answer again harmless, a different one never applied and recorded loudly).
 * Runs on PGlite, and on PostgreSQL when HUB_TEST_DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../electron/backend/accounts/passwords';
import { correctionAnswers, correctionRequests, hubAudit, hubUsers } from '../../../hub/db/schema';
import { openCorrectionsFor, receiptCorrections } from '../../../hub/review/corrections-sync';
import type { CorrectionAnswer } from '../../../shared/review/review';
import { downlink, receipt, type Batch, type SyncBook, type SyncEntry } from '../../../shared/sync/protocol';
import {
  addCommune,
  call,
  enroll,
  makeBatch,
  makeBook,
  makeEntry,
  startTestHub,
  type Device,
  type TestHub,
} from './helpers';

const HOOK_MS = 120_000;
let hub: TestHub;
let reviewerId: number;
let communeSeq = 30000;

async function commune(): Promise<string> {
  const code = String(++communeSeq);
  await addCommune(hub.ctx, code, `Xã Thử ${code}`);
  return code;
}

beforeAll(async () => {
  hub = await startTestHub();
  const [user] = await hub.ctx.db
    .insert(hubUsers)
    .values({
      username: 'kiemtra1',
      displayName: 'Trần Kiểm Tra',
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

/** Offers and commits a batch; returns the receipt. */
async function send(device: Device, b: Batch) {
  const offered = await call(hub, device, 'POST', '/api/sync/batches', b);
  expect(offered.status).toBe(200);
  const committed = await call(hub, device, 'POST', `/api/sync/batches/${b.manifest.batchId}/commit`);
  expect(committed.status).toBe(200);
  return receipt.parse(committed.body);
}

/** A commune with a device that has sent one book with one entry. */
async function communeWithEntry() {
  const code = await commune();
  const device = await enroll(hub, code);
  const book = makeBook(code);
  const entry = makeEntry(book.id, { so: '01/2024', hoTen: 'Nguyễn Thị Phượng' });
  const first = await send(device, makeBatch({ device, books: [book], entries: [entry] }));
  expect(first.corrections).toBeUndefined();
  return { code, device, book, entry };
}

/** A request as the reviewer's decision makes it (helper C builds that path; here, the row). */
async function requestFor(
  code: string,
  book: SyncBook,
  entry: SyncEntry,
  field: string,
  requestedAt: Date,
  requestedBy = reviewerId,
) {
  const id = randomUUID();
  await hub.ctx.db.insert(correctionRequests).values({
    id,
    lotId: randomUUID(),
    bookId: book.id,
    communeCode: code,
    entryId: entry.id,
    entryVersion: entry.version,
    field,
    fieldLabel: `Nhãn ${field}`,
    typedValue: 'Nguyễn Thị Phượng',
    readValue: 'Nguyễn Thị Phương',
    note: 'Dấu thanh',
    requestedAt,
    requestedBy,
  });
  return id;
}

function answer(requestId: string, entryId: string, change: Partial<CorrectionAnswer> = {}): CorrectionAnswer {
  return {
    requestId,
    entryId,
    answer: 'kept',
    entryVersion: null,
    reason: 'Sổ ghi đúng như vậy',
    answeredAt: '2026-11-30T03:00:00.000Z',
    answeredBy: 'canbo',
    ...change,
  };
}

async function auditOf(action: string) {
  return hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, action));
}

describe('correction requests down to the commune', () => {
  it("answers GET /api/sync/corrections with the device's commune's open requests only, named by reviewer", async () => {
    const a = await communeWithEntry();
    const b = await communeWithEntry();
    const older = await requestFor(a.code, a.book, a.entry, 'hoTen', new Date('2026-11-29T01:00:00Z'));
    const newer = await requestFor(a.code, a.book, a.entry, 'so', new Date('2026-11-29T02:00:00Z'), 999_999);
    const other = await requestFor(b.code, b.book, b.entry, 'hoTen', new Date('2026-11-29T01:00:00Z'));

    const got = await call(hub, a.device, 'GET', '/api/sync/corrections');
    expect(got.status).toBe(200);
    const down = downlink.parse(got.body);
    expect(down.corrections.map((c) => c.id)).toEqual([older, newer]);
    expect(down.corrections[0]).toEqual({
      id: older,
      lotId: expect.any(String),
      bookId: a.book.id,
      entryId: a.entry.id,
      entryVersion: 1,
      field: 'hoTen',
      fieldLabel: 'Nhãn hoTen',
      typedValue: 'Nguyễn Thị Phượng',
      readValue: 'Nguyễn Thị Phương',
      note: 'Dấu thanh',
      requestedAt: '2026-11-29T01:00:00.000Z',
      requestedBy: 'Trần Kiểm Tra',
    });
    // A reviewer id without an account row still names someone.
    expect(down.corrections[1]!.requestedBy).toBe('Kiểm tra viên (mã 999999)');
    const theirs = downlink.parse((await call(hub, b.device, 'GET', '/api/sync/corrections')).body);
    expect(theirs.corrections.map((c) => c.id)).toEqual([other]);
    expect((await call(hub, undefined, 'GET', '/api/sync/corrections')).status).toBe(401);
  });

  it("puts the commune's open requests in the receipt of its next batch, within the byte budget", async () => {
    const { code, device, book, entry } = await communeWithEntry();
    const ids = [
      await requestFor(code, book, entry, 'hoTen', new Date('2026-11-29T01:00:00Z')),
      await requestFor(code, book, entry, 'so', new Date('2026-11-29T02:00:00Z')),
      await requestFor(code, book, entry, 'ngayDangKy', new Date('2026-11-29T03:00:00Z')),
    ];
    const next = makeEntry(book.id, { so: '02/2024', hoTen: 'Lê Văn Tám' });
    const got = await send(device, makeBatch({ device, books: [book], entries: [next], eventsFrom: 10 }));
    expect(got.corrections?.map((c) => c.id)).toEqual(ids);
    // The replayed receipt is the one stored (the requests open at commit time).
    const replay = await call(hub, device, 'POST', `/api/sync/batches/${got.batchId}/commit`);
    expect(receipt.parse(replay.body)).toEqual(got);
    // Capped: whole requests, oldest first, as many as fit.
    const all = await openCorrectionsFor(hub.ctx.db, code);
    const two = Buffer.byteLength(JSON.stringify(all[0])) + Buffer.byteLength(JSON.stringify(all[1]));
    expect((await receiptCorrections(hub.ctx.db, code, two + 10)).map((c) => c.id)).toEqual(ids.slice(0, 2));
    expect(await receiptCorrections(hub.ctx.db, code, 10)).toEqual([]);
  });
});

describe('answers back to the hub', () => {
  it('takes the answers in the commit, skips unknown ones (audited), and stops sending answered requests', async () => {
    const { code, device, book, entry } = await communeWithEntry();
    const foreign = await communeWithEntry();
    const corrected = await requestFor(code, book, entry, 'hoTen', new Date('2026-11-29T01:00:00Z'));
    const kept = await requestFor(code, book, entry, 'so', new Date('2026-11-29T02:00:00Z'));
    const theirs = await requestFor(
      foreign.code,
      foreign.book,
      foreign.entry,
      'hoTen',
      new Date('2026-11-29T01:00:00Z'),
    );
    const otherEntry = makeEntry(book.id, { so: '03/2024', hoTen: 'Phạm Thị Hoa' });
    await send(device, makeBatch({ device, books: [book], entries: [otherEntry], eventsFrom: 20 }));

    const v2 = makeEntry(book.id, { so: '01/2024', hoTen: 'Nguyễn Thị Phương' }, 2, 1, entry.id);
    const nowhere = randomUUID();
    const answers = [
      answer(corrected, entry.id, { answer: 'corrected', entryVersion: 2, reason: '' }),
      answer(kept, entry.id),
      answer(nowhere, entry.id),
      answer(theirs, foreign.entry.id),
      answer(kept, otherEntry.id),
    ];
    const got = await send(
      device,
      makeBatch({ device, books: [book], entries: [v2], eventsFrom: 30, corrections: answers }),
    );
    expect(got.accepted).toBe(1);
    expect(got.corrections).toBeUndefined();
    const held = await hub.ctx.db.select().from(correctionAnswers).where(eq(correctionAnswers.deviceId, device.id));
    expect(held.map((a) => [a.requestId, a.answer, a.entryVersion, a.reason, a.batchId]).sort()).toEqual(
      [
        [corrected, 'corrected', 2, '', got.batchId],
        [kept, 'kept', null, 'Sổ ghi đúng như vậy', got.batchId],
      ].sort(),
    );
    expect(await openCorrectionsFor(hub.ctx.db, code)).toEqual([]);
    expect(downlink.parse((await call(hub, device, 'GET', '/api/sync/corrections')).body).corrections).toEqual([]);
    // The other commune's request is untouched, still open for its commune.
    expect((await openCorrectionsFor(hub.ctx.db, foreign.code)).map((c) => c.id)).toEqual([theirs]);
    const unknown = (await auditOf('correction.answer-unknown')).filter((a) => a.detail.batchId === got.batchId);
    expect(unknown).toHaveLength(1);
    const skipped = (unknown[0]!.detail.answers as { answer: CorrectionAnswer }[]).map((u) => [
      u.answer.requestId,
      u.answer.entryId,
    ]);
    expect(skipped).toEqual([
      [nowhere, entry.id],
      [theirs, foreign.entry.id],
      [kept, otherEntry.id],
    ]);
  });

  it('takes the same answer again harmlessly and records a different one loudly without applying it', async () => {
    const { code, device, book, entry } = await communeWithEntry();
    const request = await requestFor(code, book, entry, 'hoTen', new Date('2026-11-29T01:00:00Z'));
    const first = answer(request, entry.id);
    const one = await send(
      device,
      makeBatch({ device, books: [book], entries: [], eventsFrom: 40, corrections: [first] }),
    );
    const again = await send(
      device,
      makeBatch({ device, books: [book], entries: [], eventsFrom: 41, corrections: [first] }),
    );
    expect(again.hubSeq).toBeGreaterThan(one.hubSeq);
    const divergedBefore = (await auditOf('correction.answer-diverged')).length;
    const rows = () => hub.ctx.db.select().from(correctionAnswers).where(eq(correctionAnswers.requestId, request));
    expect(await rows()).toMatchObject([{ answer: 'kept', reason: 'Sổ ghi đúng như vậy', batchId: one.batchId }]);

    const other = answer(request, entry.id, { reason: 'Lý do khác', answeredAt: '2026-11-30T04:00:00.000Z' });
    const third = await send(
      device,
      makeBatch({ device, books: [book], entries: [], eventsFrom: 42, corrections: [other] }),
    );
    expect(await rows()).toMatchObject([{ answer: 'kept', reason: 'Sổ ghi đúng như vậy', batchId: one.batchId }]);
    const diverged = await auditOf('correction.answer-diverged');
    expect(diverged).toHaveLength(divergedBefore + 1);
    const loud = diverged.find((d) => d.detail.batchId === third.batchId);
    expect(loud).toMatchObject({
      actor: `device:${device.id}`,
      detail: {
        answers: [{ answer: { requestId: request, reason: 'Lý do khác' }, held: { reason: 'Sổ ghi đúng như vậy' } }],
      },
    });
    expect(String(loud!.detail.message)).toMatch(/KHÁC/);
  });
});
