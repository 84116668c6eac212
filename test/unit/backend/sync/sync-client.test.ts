/**
 * The desktop's sync client against a stand-in hub on loopback (fake-hub.ts): enrollment, the
 * push, receipts, backoff, set-aside batches. Real encrypted SQLite files, real scan files.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordDetail } from '../../../../shared/records/record';
import { batch as batchSchema, type BatchManifest, type BatchPayload } from '../../../../shared/sync/protocol';
import { computeBatchHash } from '../../../../electron/backend/sync/batch-hash';
import type { FetchLike } from '../../../../electron/backend/sync/hub-client';
import { ghBook, ghEntry, tempDir, testBackend, type TestBackend } from '../helpers';
import { startFakeHub, type FakeHub } from './fake-hub';

const hubs: FakeHub[] = [];
afterEach(async () => {
  while (hubs.length) await hubs.pop()!.close();
});

async function hub(options: Parameters<typeof startFakeHub>[1] = {}): Promise<FakeHub> {
  const h = await startFakeHub(await tempDir('sohoa-hub-'), options);
  hubs.push(h);
  return h;
}

async function create(backend: TestBackend, bookId: string, pageId: string, so: string): Promise<RecordDetail> {
  const created = await backend.dispatch('records.create', { bookId, data: { ...ghEntry, so }, pages: [{ pageId }] });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.result as RecordDetail;
}

async function call<T>(backend: TestBackend, name: string, input: unknown = {}): Promise<T> {
  const response = await backend.dispatch(name, input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

/** A backend enrolled with `h`, one book of `pages` pages. */
async function enrolled(
  h: FakeHub,
  options: { fetch?: FetchLike; random?: () => number; maxBatchEntries?: number } = {},
  pages = 2,
) {
  const dir = await tempDir();
  const backend = await testBackend(dir, {
    sync: {
      ...(options.maxBatchEntries ? { maxBatchEntries: options.maxBatchEntries } : {}),
      client: { ...(options.fetch ? { fetch: options.fetch } : {}), timeoutMs: 10_000 },
      random: options.random ?? (() => 0.5),
    },
  });
  const book = await ghBook(backend, pages);
  await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
  return { backend, book, sync: backend.services.sync };
}

describe('sync client', () => {
  it('enrolls, pushes entries with their book, pages and scan file, and marks them sent only on the receipt', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    const first = await create(backend, book.id, book.pages[0]!.id, '01/2018');
    await create(backend, book.id, book.pages[1]!.id, '02/2018');
    const before = sync.status();
    expect(before).toMatchObject({ enrolled: true, hubUrl: h.url, commune: { code: '20590' }, waiting: 2, sent: 0 });
    expect(before.filesWaiting).toBe(1);

    const result = await sync.pushOnce({ force: true });
    expect(result).toMatchObject({ committed: 1, waiting: 0, errors: [] });
    expect([...h.entries.keys()].sort()).toEqual([first.id, expect.any(String)].sort());
    expect(h.files.size).toBe(1);
    const stored = [...h.batches.values()][0]!.batch;
    expect(stored.payload.books.map((b) => b.id)).toEqual([book.id]);
    expect(stored.payload.pages).toHaveLength(2);
    expect(stored.payload.scanFiles).toHaveLength(1);
    const after = sync.status();
    expect(after).toMatchObject({ waiting: 0, sent: 2, filesWaiting: 0, pendingBatches: 0, online: true });
    expect(after.lastSuccessAt).not.toBeNull();
    expect(after.books).toEqual([{ bookId: book.id, sent: 2, waiting: 0, errors: 0 }]);
    // Committed: the receipt and manifest are kept, the payload (on the hub now) is not.
    const committed = sync.batches('committed');
    expect(committed).toHaveLength(1);
    expect(committed[0]!.payload).toBe('{}');
    expect(JSON.parse(committed[0]!.receipt!)).toMatchObject({ batchHash: committed[0]!.batchHash, hubSeq: 1 });
  });

  it('sends each changed entry once at its newest version, with the version the hub holds as base', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    const entry = await create(backend, book.id, book.pages[0]!.id, '01/2018');
    await sync.pushOnce({ force: true });
    expect(h.entries.get(entry.id)).toMatchObject({ version: 1 });

    // Two edits then a deletion: one tombstone at version 4, based on version 1.
    let current = entry;
    for (const note of ['Sửa lần 1', 'Sửa lần 2']) {
      current = await call<RecordDetail>(backend, 'records.update', {
        id: current.id,
        expectedVersion: current.version,
        data: { ...current.data, ghiChu: note },
      });
    }
    await call(backend, 'records.delete', { id: entry.id, expectedVersion: 3, reason: 'Nhập trùng' });
    expect(sync.status().waiting).toBe(1);
    await sync.pushOnce({ force: true });
    const second = [...h.batches.values()][1]!.batch;
    expect(second.payload.entries).toHaveLength(1);
    expect(second.payload.entries[0]).toMatchObject({ id: entry.id, version: 4, baseVersion: 1 });
    expect(second.payload.entries[0]!.deletedAt).not.toBeNull();
    expect(second.manifest.counts).toMatchObject({ entries: 1, tombstones: 1, events: 3 });
    expect(second.payload.events.map((e) => e.action)).toEqual(['entry.update', 'entry.update', 'entry.delete']);
    expect(h.entries.get(entry.id)).toMatchObject({ version: 4 });
    expect(sync.status()).toMatchObject({ waiting: 0, sent: 1, conflicts: [] });
  });

  it('freezes a batch: a retry after a network error sends the same bytes and hash', async () => {
    const h = await hub();
    const bodies: string[] = [];
    const recording: FetchLike = async (input, init) => {
      if (input.endsWith('/api/sync/batches') && typeof init.body === 'string') bodies.push(init.body);
      return fetch(input, init);
    };
    const { backend, book, sync } = await enrolled(h, { fetch: recording });
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'POST /api/sync/batches', status: 'drop' });
    const failed = await sync.pushOnce({ force: true });
    expect(failed.committed).toBe(0);
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]!.setAside).toBe(false);
    // Something typed meanwhile goes in a later batch; the frozen one is sent again as it was.
    await create(backend, book.id, book.pages[1]!.id, '02/2018');
    const done = await sync.pushOnce({ force: true });
    expect(done).toMatchObject({ committed: 2, waiting: 0, errors: [] });
    expect(bodies).toHaveLength(3);
    expect(bodies[1]).toBe(bodies[0]);
    const sent = batchSchema.parse(JSON.parse(bodies[0]!));
    expect(computeBatchHash(sent.manifest, sent.payload)).toBe(sent.manifest.batchHash);
    expect(sent.payload.entries.map((e) => e.data.so)).toEqual(['01/2018']);
  });

  it('backs off with jitter after a network error, keeps the time in the database, and honours it after a restart', async () => {
    const h = await hub();
    const dir = await tempDir();
    const open = () => testBackend(dir, { sync: { random: () => 0, backoffBaseMs: 60_000 } });
    const backend = await open();
    const book = await ghBook(backend, 1);
    await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'GET /api/sync/ping', status: 503, code: 'INTERNAL', message: 'Máy chủ đang bảo trì.' });
    const start = Date.now();
    await backend.services.sync.pushOnce();
    const row = backend.services.sync.batches('pending')[0]!;
    expect(row.attempts).toBe(1);
    // 60 s × 2^0, half of it jitter (random() = 0 gives the lower half).
    const wait = Date.parse(row.nextAttemptAt!) - start;
    expect(wait).toBeGreaterThanOrEqual(29_000);
    expect(wait).toBeLessThanOrEqual(31_000 + (Date.now() - start));
    expect(backend.services.sync.status().online).toBe(false);
    expect(row.lastError).toMatch(/Sẽ tự gửi lại lúc/);
    backend.gate.close();

    // Reopened: the background push does nothing before that time; "Gửi ngay" sends at once.
    const again = await open();
    const requestsBefore = h.requests.length;
    expect(await again.services.sync.pushOnce()).toMatchObject({ committed: 0 });
    expect(h.requests.length).toBe(requestsBefore);
    expect(await again.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
  });

  it('sets a batch refused with a 4xx aside with the hub’s reason, and the next batch still goes', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    await sync.build();
    await create(backend, book.id, book.pages[1]!.id, '02/2018');
    h.fail({ match: 'POST /api/sync/batches', status: 422, code: 'BAD_REQUEST', message: 'Sổ thiếu thông tin.' });
    const result = await sync.pushOnce({ force: true });
    expect(result.committed).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ setAside: true });
    expect(result.errors[0]!.message).toMatch(/Sổ thiếu thông tin\./);
    const status = sync.status();
    expect(status.books).toEqual([{ bookId: book.id, sent: 1, waiting: 0, errors: 1 }]);
    // A later run leaves it aside; "Thử lại" puts it back and it goes.
    expect((await sync.pushOnce({ force: true })).committed).toBe(0);
    const aside = sync.batches('set_aside')[0]!;
    await call(backend, 'sync.retry', { batchId: aside.batchId });
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0, errors: [] });
    expect(sync.status().books).toEqual([{ bookId: book.id, sent: 2, waiting: 0, errors: 0 }]);
  });

  it('makes a set-aside batch again on "Thử lại", so that a corrected book goes corrected', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    const detail = await call<{ version: number }>(backend, 'books.get', { id: book.id });
    const update = (officeCode: string, expectedVersion: number) =>
      call<{ version: number }>(backend, 'books.update', {
        id: book.id,
        office: book.office,
        officeCode,
        volume: book.volume,
        yearOpened: book.yearOpened,
        expectedVersion,
      });
    const wrong = await update('99999', detail.version);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    const refused = await sync.pushOnce({ force: true });
    expect(refused.committed).toBe(0);
    expect(refused.errors[0]).toMatchObject({ setAside: true });
    const aside = sync.batches('set_aside')[0]!;
    // Corrected after the refusal: the frozen copy would carry 99999 again.
    await update('20590', wrong.version);
    await call(backend, 'sync.retry', { batchId: aside.batchId });
    expect(sync.batches('set_aside')).toEqual([]);
    expect(await sync.pushOnce({ force: true })).toMatchObject({ waiting: 0, errors: [] });
    const books = [...h.batches.values()].flatMap((b) => b.batch.payload.books);
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((b) => b.officeCode === '20590')).toBe(true);
    expect(sync.status().sent).toBe(1);
  });

  it('retries, never sets aside, an upload the hub no longer has (404: its state, not the batch’s fault)', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'PATCH /api/sync/files', status: 404, code: 'NOT_FOUND', message: 'Không có tệp tải lên này.' });
    const first = await sync.pushOnce({ force: true });
    expect(first.committed).toBe(0);
    expect(first.errors.every((e) => !e.setAside)).toBe(true);
    expect(sync.batches('set_aside')).toEqual([]);
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0, errors: [] });
  });

  it('sets a batch aside loudly when the hub holds the same batch id with other content (409)', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({
      match: 'POST /api/sync/batches',
      status: 409,
      code: 'BATCH_CONTENT_MISMATCH',
      message: 'Lô cùng mã đã nhận với nội dung khác.',
    });
    const result = await sync.pushOnce({ force: true });
    expect(result.errors[0]).toMatchObject({ setAside: true });
    expect(result.errors[0]!.message).toMatch(/^MÁY CHỦ HUYỆN ĐÃ CÓ MỘT LÔ CÙNG MÃ NHƯNG NỘI DUNG KHÁC/);
    expect(sync.status().sent).toBe(0);
  });

  it('takes a receipt only when its batch id and hash match the frozen batch', async () => {
    const h = await hub();
    const wrongHash: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (!input.endsWith('/commit') || !response.ok) return response;
      const receipt = (await response.json()) as { batchHash: string };
      return new Response(JSON.stringify({ ...receipt, batchHash: 'f'.repeat(64) }), { status: 200 });
    };
    const { backend, book, sync } = await enrolled(h, { fetch: wrongHash });
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    const result = await sync.pushOnce({ force: true });
    expect(result.committed).toBe(0);
    expect(result.errors[0]!.message).toMatch(/không khớp/);
    expect(sync.status()).toMatchObject({ sent: 0, waiting: 0 });
    expect(sync.batches('committed')).toHaveLength(0);

    // The right receipt (as a USB receipt file) is taken, once; a second time changes nothing.
    const batchId = sync.batches('set_aside')[0]!.batchId;
    const receipt = JSON.stringify(h.batches.get(batchId)!.receipt);
    await call(backend, 'sync.applyReceipt', { receiptJson: receipt });
    expect(sync.status()).toMatchObject({ sent: 1, waiting: 0 });
    const refused = await backend.dispatch('sync.applyReceipt', {
      receiptJson: JSON.stringify({ ...JSON.parse(receipt), batchHash: 'e'.repeat(64) }),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await backend.dispatch('sync.applyReceipt', { receiptJson: receipt })).toMatchObject({ ok: true });
  });

  it('keeps a conflict the hub reports, for display, and does not count the entry as sent', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    const entry = await create(backend, book.id, book.pages[0]!.id, '01/2018');
    // The hub already holds version 2 of this entry (edited elsewhere): base 0 is not current.
    h.entries.set(entry.id, { version: 2, contentHash: 'a'.repeat(64) });
    await sync.pushOnce({ force: true });
    const status = sync.status();
    expect(status.conflicts).toEqual([
      expect.objectContaining({ entryId: entry.id, bookId: book.id, so: '01/2018', hubVersion: 2, localVersion: 1 }),
    ]);
    expect(status).toMatchObject({ sent: 0, waiting: 0 });
    expect(status.books).toEqual([{ bookId: book.id, sent: 0, waiting: 0, errors: 1 }]);
  });

  it('uploads only the files the hub lacks, and resumes an upload at its stored address', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h, {}, 3);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    // The first PATCH of the file is dropped: the upload's address is already stored.
    h.fail({ match: 'PATCH /api/sync/files', status: 'drop', times: 4 });
    const failed = await sync.pushOnce({ force: true });
    expect(failed.committed).toBe(0);
    const row = sync.batches('pending')[0]!;
    const uploads = JSON.parse(row.uploads) as Record<string, string>;
    expect(Object.keys(uploads)).toHaveLength(1);
    const done = await sync.pushOnce({ force: true });
    expect(done.committed).toBe(1);
    // The stored address was used: one upload created in all (one POST to the tus endpoint).
    expect(h.requests.filter((r) => r === 'POST /api/sync/files/' || r === 'POST /api/sync/files')).toHaveLength(1);

    // A later batch of the same book: the hub has the file, nothing is uploaded again.
    const patches = h.requests.filter((r) => r.startsWith('PATCH')).length;
    await create(backend, book.id, book.pages[1]!.id, '02/2018');
    expect((await sync.pushOnce({ force: true })).committed).toBe(1);
    expect(h.requests.filter((r) => r.startsWith('PATCH')).length).toBe(patches);
  });

  it('splits a run larger than the batch cap and sends each entry once, at its newest version', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h, { maxBatchEntries: 2 });
    const { MAX_BATCH_ENTRIES } = await import('../../../../electron/backend/sync/batch-builder');
    expect(MAX_BATCH_ENTRIES).toBe(5000);
    const made: RecordDetail[] = [];
    for (let i = 1; i <= 3; i++) made.push(await create(backend, book.id, book.pages[0]!.id, `0${i}/2018`));
    // The first entry is edited after the third was made: its newest version is in the last batch.
    await call(backend, 'records.update', {
      id: made[0]!.id,
      expectedVersion: 1,
      data: { ...made[0]!.data, ghiChu: 'Đã soát' },
    });
    // Outbox: book, entry 1, 2, 3, entry 1 again. At most 2 entries a batch.
    expect(await sync.build()).toBe(2);
    const frozen = sync.batches('pending').map((b) => JSON.parse(b.payload) as BatchPayload);
    expect(frozen.map((p) => p.entries.map((e) => `${String(e.data.so)} v${e.version}`).sort())).toEqual([
      ['02/2018 v1'],
      ['01/2018 v2', '03/2018 v1'],
    ]);
    const rows = sync.batches('pending');
    expect(rows[1]!.outboxFrom).toBe(rows[0]!.outboxTo + 1);
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 2, waiting: 0 });
    expect(h.entries.get(made[0]!.id)).toMatchObject({ version: 2 });
    expect(h.entries.size).toBe(3);
  });

  it('hashes a batch stably: the same rows give the same hash', async () => {
    const h = await hub();
    const { backend, book } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    const { readBatches } = await import('../../../../electron/backend/sync/batch-builder');
    const ctx = {
      sqlite: backend.db.sqlite,
      deviceId: backend.deviceId,
      communeCode: '20590',
      now: () => '2026-01-01T00:00:00.000Z',
    };
    const [a] = readBatches(ctx, 0);
    const [b] = readBatches(ctx, 0);
    const strip = (m: BatchManifest) => ({ ...m, batchId: '', batchHash: '' });
    expect(strip(a!.manifest)).toEqual(strip(b!.manifest));
    const payload: BatchPayload = a!.payload;
    const { batchHash: _hash, ...rest } = a!.manifest;
    void _hash;
    expect(computeBatchHash({ ...rest, batchId: b!.manifest.batchId }, payload)).toBe(b!.manifest.batchHash);
  });

  it('sends entries from before the outbox existed: enrollment gives them an outbox row', async () => {
    const h = await hub();
    const backend = await testBackend();
    const book = await ghBook(backend, 1);
    const entry = await create(backend, book.id, book.pages[0]!.id, '01/2018');
    // As a database upgraded from before migration 0009: no outbox rows at all.
    backend.db.sqlite.exec('DELETE FROM outbox');
    await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
    expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    expect(h.entries.get(entry.id)).toMatchObject({ version: 1 });
    const sent = [...h.batches.values()][0]!.batch.payload;
    expect(sent.books.map((b) => b.id)).toEqual([book.id]);
    expect(sent.events.map((e) => e.action).sort()).toEqual(['book.create', 'entry.create']);
  });

  it('only an administrator enrolls the device; a clerk sees the status and pushes', async () => {
    const h = await hub();
    const { backend } = await enrolled(h);
    const clerk = { userId: 'clerk-1', userName: 'can-bo-nhap', role: 'clerk' as const, deviceId: backend.deviceId };
    const refused = await backend.dispatchAs('sync.enroll', { hubUrl: h.url, code: h.enrollCode }, clerk);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await backend.dispatchAs('sync.status', {}, clerk)).toMatchObject({ ok: true });
    expect(await backend.dispatchAs('sync.pushNow', {}, clerk)).toMatchObject({ ok: true });
  });

  it('says plainly when the hub cannot be reached at enrollment, and stores nothing', async () => {
    const h = await hub();
    const url = h.url;
    await h.close();
    hubs.length = 0;
    const backend = await testBackend();
    const response = await backend.dispatch('sync.enroll', { hubUrl: url, code: 'MA-DANG-KY-1' });
    expect(response).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });
    expect(response.ok ? '' : response.error.message).toMatch(/Không kết nối được máy chủ huyện/);
    expect(backend.services.sync.status().enrolled).toBe(false);
  });

  it('runs in the background in the app: what the clerk saves reaches the hub without "Gửi ngay"', async () => {
    const h = await hub();
    const backend = await testBackend(await tempDir(), { syncIntervalMs: 100 });
    const book = await ghBook(backend, 1);
    await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
    const entry = await create(backend, book.id, book.pages[0]!.id, '01/2018');
    await vi.waitFor(() => expect(h.entries.get(entry.id)).toMatchObject({ version: 1 }), {
      timeout: 20_000,
      interval: 100,
    });
    await vi.waitFor(() => expect(backend.services.sync.status()).toMatchObject({ sent: 1, waiting: 0 }), {
      timeout: 20_000,
      interval: 100,
    });
  });

  it('enrolled again with another hub, sends everything there again', async () => {
    const first = await hub();
    const { backend, book, sync } = await enrolled(first);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    await sync.pushOnce({ force: true });
    expect(sync.status().sent).toBe(1);
    const second = await hub({ communeCode: '20591' });
    await call(backend, 'sync.enroll', { hubUrl: second.url, code: second.enrollCode });
    expect(sync.status()).toMatchObject({ sent: 0, waiting: 1, commune: { code: '20591' } });
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    expect(second.entries.size).toBe(1);
    expect(second.files.size).toBe(1);
  });

  it('tells the clerk when the hub flags this device’s clock as more than a day off', async () => {
    const h = await hub();
    const skewed: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (!input.endsWith('/commit') || !response.ok) return response;
      const receipt = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...receipt, clockSkewMs: -2 * 24 * 3_600_000 }), { status: 200 });
    };
    const { backend, book, sync } = await enrolled(h, { fetch: skewed });
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    const result = await sync.pushOnce({ force: true });
    expect(result.committed).toBe(1);
    expect(result.errors).toEqual([
      expect.objectContaining({
        setAside: false,
        message: expect.stringMatching(/^Đồng hồ của máy này chậm khoảng 48 giờ/),
      }),
    ]);
    expect(sync.status()).toMatchObject({ sent: 1, waiting: 0 });
  });

  it('takes backoff overrides from the environment for test rigs, ignoring nonsense', async () => {
    const { syncOptionsFromEnv, syncIntervalFromEnv } = await import('../../../../electron/backend/sync/sync-service');
    expect(syncOptionsFromEnv({ SOHOA_SYNC_BACKOFF_BASE_MS: '100', SOHOA_SYNC_BACKOFF_CAP_MS: '2000' })).toEqual({
      backoffBaseMs: 100,
      backoffCapMs: 2000,
    });
    expect(syncOptionsFromEnv({ SOHOA_SYNC_BACKOFF_BASE_MS: 'abc', SOHOA_SYNC_BACKOFF_CAP_MS: '-5' })).toEqual({});
    expect(syncIntervalFromEnv({})).toBe(30_000);
    expect(syncIntervalFromEnv({ SOHOA_SYNC_INTERVAL_MS: '250' })).toBe(250);

    // The cap bounds the wait whatever the number of attempts.
    const h = await hub();
    const backend = await testBackend(await tempDir(), { sync: { backoffBaseMs: 60_000, backoffCapMs: 1000 } });
    const book = await ghBook(backend, 1);
    await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'GET /api/sync/ping', status: 'drop', times: 3 });
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      await backend.services.sync.pushOnce({ force: true });
      const row = backend.services.sync.batches('pending')[0]!;
      expect(row.attempts).toBe(i + 1);
      expect(Date.parse(row.nextAttemptAt!) - start).toBeLessThanOrEqual(1000 + (Date.now() - start));
    }
  });

  it('sends a book whose office and volume are as long as the form allows', async () => {
    const h = await hub();
    const backend = await testBackend();
    const scans = await tempDir('sohoa-scans-');
    const { makeBookPdf } = await import('../../../fixtures/scans');
    const pdf = await makeBookPdf(`${scans}/so.pdf`, 1);
    const office = `UBND xã ${'Điện Phước '.repeat(90)}`.slice(0, 1000).trim();
    const volume = `01/2018 ${'quyển '.repeat(150)}`.slice(0, 1000).trim();
    const { book } = await backend.services.books.importBook({ type: 'GH', office, volume, yearOpened: 2018 }, [
      { path: pdf, name: 'so.pdf' },
    ]);
    await call(backend, 'sync.enroll', { hubUrl: h.url, code: h.enrollCode });
    expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, errors: [] });
    expect([...h.batches.values()][0]!.batch.payload.books).toEqual([
      expect.objectContaining({ id: book.id, office, volume }),
    ]);
  });

  it('offers the batch again when the hub answers the commit that it does not know it', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'POST /api/sync/batches/', status: 404, code: 'NOT_FOUND', message: 'Không có lô này.' });
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0, errors: [] });
    expect(h.requests.filter((r) => r === 'POST /api/sync/batches')).toHaveLength(2);
  });

  it('marks nothing sent when the receipt is lost on the way, and takes the same receipt on the replay', async () => {
    const h = await hub();
    const { backend, book, sync } = await enrolled(h);
    await create(backend, book.id, book.pages[0]!.id, '01/2018');
    h.fail({ match: 'POST /api/sync/batches/', status: 'lose-answer' });
    const lost = await sync.pushOnce({ force: true });
    expect(lost.committed).toBe(0);
    // The hub committed it; this device does not know yet.
    const onHub = [...h.batches.values()][0]!;
    expect(onHub.state).toBe('committed');
    expect(sync.status()).toMatchObject({ sent: 0, waiting: 1 });
    expect(sync.batches('committed')).toHaveLength(0);
    expect(await sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    expect(JSON.parse(sync.batches('committed')[0]!.receipt!)).toEqual(onHub.receipt);
    expect(h.batches.size).toBe(1);
  });
});
