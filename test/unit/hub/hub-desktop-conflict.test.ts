/**
 * A conflict made for real: the desktop app (real encrypted SQLite, real scans) syncs with the
 * real hub (PGlite, or PostgreSQL with HUB_TEST_DATABASE_URL); another device of the commune
 * sends a newer version of the same entry first. The desktop then shows both values of every
 * field that differs, under the fields' Vietnamese labels.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../../../hub/db/schema';
import { contentHash } from '../../../electron/backend/records/records-service';
import type { RecordDetail } from '../../../shared/records/record';
import type { SyncEntry } from '../../../shared/sync/protocol';
import { ghBook, ghEntry, testBackend, type TestBackend } from '../backend/helpers';
import { addCommune, call as hubCall, enroll, makeBatch, newEnrollCode, startTestHub, type TestHub } from './helpers';

const HOOK_MS = 120_000;
const COMMUNE = '20590';
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  await addCommune(hub.ctx, COMMUNE, 'Xã Điện Phước');
}, HOOK_MS);
afterAll(async () => {
  await hub?.close();
}, HOOK_MS);

async function call<T>(backend: TestBackend, name: string, input: unknown = {}): Promise<T> {
  const response = await backend.dispatch(name, input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

/** A desktop enrolled with the hub, one GH book, one entry sent (version 1 on the hub). */
async function desktopWithSentEntry() {
  const backend = await testBackend(undefined, { sync: { client: { timeoutMs: 30_000 }, random: () => 0.5 } });
  const book = await ghBook(backend, 2);
  await call(backend, 'sync.enroll', { hubUrl: hub.url, code: await newEnrollCode(hub.ctx, COMMUNE) });
  const entry = await call<RecordDetail>(backend, 'records.create', {
    bookId: book.id,
    data: ghEntry,
    pages: [{ pageId: book.pages[0]!.id }],
  });
  expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
  return { backend, book, entry };
}

/** Another device of the commune sends version 2 of the entry, changed by `change`, first. */
async function otherDeviceSends(entryId: string, change: (data: Record<string, unknown>) => Record<string, unknown>) {
  const [row] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entryId));
  if (!row) throw new Error('entry not on the hub');
  const data = change(structuredClone(row.data.data));
  const v2: SyncEntry = { ...row.data, version: 2, baseVersion: 1, data, contentHash: contentHash(data) };
  const other = await enroll(hub, COMMUNE);
  const b = makeBatch({ device: other, books: [], entries: [v2] });
  expect((await hubCall(hub, other, 'POST', '/api/sync/batches', b)).status).toBe(200);
  expect((await hubCall(hub, other, 'POST', `/api/sync/batches/${b.manifest.batchId}/commit`)).status).toBe(200);
  return v2;
}

describe('a conflict between the desktop and the hub', () => {
  it("shows, per differing field, its Vietnamese label with the hub's and this machine's values", async () => {
    const { backend, entry } = await desktopWithSentEntry();
    const v2 = await otherDeviceSends(entry.id, (data) => ({
      ...data,
      nguoiDuocGiamHo: { ...(data.nguoiDuocGiamHo as object), hoTen: 'Nguyễn Thị Phương' },
    }));
    // Here, version 1 is edited too (base 1): the hub holds version 2 now, so it keeps a conflict.
    await call(backend, 'records.update', {
      id: entry.id,
      expectedVersion: 1,
      data: { ...entry.data, ghiChu: 'Sửa tại xã' },
    });
    await backend.services.sync.pushOnce({ force: true });

    const status = backend.services.sync.status();
    expect(status.conflicts).toHaveLength(1);
    const [conflict] = status.conflicts;
    expect(conflict).toMatchObject({ entryId: entry.id, so: '01/2018', hubVersion: 2, localVersion: 2 });
    expect(conflict!.fields).toEqual(
      expect.arrayContaining([
        { label: 'Người được giám hộ › Họ, chữ đệm, tên', hub: 'Nguyễn Thị Phương', local: 'Nguyễn Thị Phượng' },
        { label: 'Ghi chú', hub: '(trống)', local: 'Sửa tại xã' },
      ]),
    );
    expect(conflict!.fields).toHaveLength(2);
    // The hub kept both versions; its current one is the other device's, not overwritten.
    const [current] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entry.id));
    expect(current?.contentHash).toBe(v2.contentHash);
    // The same through the contract (what the "Đồng bộ" panel reads).
    const viaApi = await call<typeof status>(backend, 'sync.status');
    expect(viaApi.conflicts[0]!.fields).toEqual(conflict!.fields);
  });

  it('shows a deletion on one side as the entry state, with the reason', async () => {
    const { backend, entry } = await desktopWithSentEntry();
    await otherDeviceSends(entry.id, (data) => ({ ...data, ghiChu: 'Huyện đã soát' }));
    await call(backend, 'records.delete', { id: entry.id, expectedVersion: 1, reason: 'Nhập trùng' });
    await backend.services.sync.pushOnce({ force: true });
    const [conflict] = backend.services.sync.status().conflicts;
    expect(conflict?.fields).toEqual([
      { label: 'Tình trạng', hub: 'Còn hiệu lực', local: 'Đã xóa (lý do: Nhập trùng)' },
      { label: 'Ghi chú', hub: 'Huyện đã soát', local: '(trống)' },
    ]);
  });
});
