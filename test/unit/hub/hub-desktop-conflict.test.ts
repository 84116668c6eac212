/**
 * A conflict made for real: the desktop app (real encrypted SQLite, real scans) syncs with the
 * real hub (PGlite, or PostgreSQL with HUB_TEST_DATABASE_URL); another device of the commune
 * sends a newer version of the same entry first. The desktop then shows both values of every
 * field that differs, under the fields' Vietnamese labels.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflicts, entries, entryVersions } from '../../../hub/db/schema';
import { checkDatabase } from '../../../electron/backend/db/database';
import { contentHash } from '../../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import type { RecordDetail, RecordHistoryItem } from '../../../shared/records/record';
import type { SyncStatus } from '../../../shared/sync/sync-status';
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

  /** The conflict of the first test: the hub renamed the person, this machine added a note. */
  async function conflicted() {
    const { backend, entry } = await desktopWithSentEntry();
    const v2 = await otherDeviceSends(entry.id, (data) => ({
      ...data,
      nguoiDuocGiamHo: { ...(data.nguoiDuocGiamHo as object), hoTen: 'Nguyễn Thị Phương' },
    }));
    const local = await call<RecordDetail>(backend, 'records.update', {
      id: entry.id,
      expectedVersion: 1,
      data: { ...entry.data, ghiChu: 'Sửa tại xã' },
    });
    await backend.services.sync.pushOnce({ force: true });
    expect(backend.services.sync.status().conflicts).toHaveLength(1);
    return { backend, entry: local, v2 };
  }

  async function hubVersions(entryId: string) {
    const rows = await hub.ctx.db.select().from(entryVersions).where(eq(entryVersions.entryId, entryId));
    return rows
      .map((r) => ({ version: r.version, applied: r.applied, hash: r.contentHash }))
      .sort((a, b) => a.version - b.version || Number(b.applied) - Number(a.applied));
  }

  it('"Nhận bản của huyện": the hub\'s data becomes a new version here (audited), sent above the hub\'s', async () => {
    const { backend, entry, v2 } = await conflicted();
    const status = await call<SyncStatus>(backend, 'sync.resolveConflict', { entryId: entry.id, keep: 'hub' });
    expect(status.conflicts).toEqual([]);
    expect(status.waiting).toBe(1);
    const taken = await call<RecordDetail>(backend, 'records.get', { id: entry.id });
    expect(taken.version).toBe(3);
    expect(taken.contentHash).toBe(v2.contentHash);
    expect((taken.data.nguoiDuocGiamHo as { hoTen: string }).hoTen).toBe('Nguyễn Thị Phương');
    expect(taken.data.ghiChu).toBeUndefined();
    const history = await call<RecordHistoryItem[]>(backend, 'records.history', { id: entry.id });
    expect(history.at(-1)).toMatchObject({
      action: 'entry.update',
      version: 3,
      after: { xungDotDongBo: 'Nhận bản của huyện (phiên bản 2)', ghiChu: null },
    });
    // Audited like any edit: the log's chain and the entry's hash still check.
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true, problems: [] });

    expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    const [current] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entry.id));
    expect(current).toMatchObject({ version: 3, contentHash: v2.contentHash });
    // Every version stays in the hub's history; the conflict this device had is settled there too.
    expect(await hubVersions(entry.id)).toEqual([
      { version: 1, applied: true, hash: expect.any(String) },
      { version: 2, applied: true, hash: v2.contentHash },
      { version: 2, applied: false, hash: entry.contentHash },
      { version: 3, applied: true, hash: v2.contentHash },
    ]);
    const kept = await hub.ctx.db.select().from(conflicts).where(eq(conflicts.entryId, entry.id));
    expect(kept.map((k) => k.resolvedAt !== null)).toEqual([true]);
    expect(backend.services.sync.status()).toMatchObject({ conflicts: [], waiting: 0, sent: 1 });
  });

  it('"Giữ bản của máy này": this machine\'s version is sent again above the hub\'s, which stays in its history', async () => {
    const { backend, entry, v2 } = await conflicted();
    await call<SyncStatus>(backend, 'sync.resolveConflict', { entryId: entry.id, keep: 'local' });
    const kept = await call<RecordDetail>(backend, 'records.get', { id: entry.id });
    expect(kept).toMatchObject({ version: 3, contentHash: entry.contentHash });
    expect(kept.data.ghiChu).toBe('Sửa tại xã');
    const history = await call<RecordHistoryItem[]>(backend, 'records.history', { id: entry.id });
    expect(history.at(-1)?.after).toEqual({
      xungDotDongBo: 'Giữ bản của máy này thay cho bản phiên bản 2 của huyện',
    });
    expect(checkDatabase(backend.db, MIGRATIONS_DIR)).toMatchObject({ ok: true, problems: [] });

    expect(await backend.services.sync.pushOnce({ force: true })).toMatchObject({ committed: 1, waiting: 0 });
    const [current] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entry.id));
    expect(current).toMatchObject({ version: 3, contentHash: entry.contentHash });
    expect(current?.data.data.ghiChu).toBe('Sửa tại xã');
    expect((await hubVersions(entry.id)).map((v) => [v.version, v.applied, v.hash])).toContainEqual([
      2,
      true,
      v2.contentHash,
    ]);
    expect(backend.services.sync.status()).toMatchObject({ conflicts: [], waiting: 0, sent: 1 });
  });

  it('refuses, changing nothing, a conflict that is not there or whose hub version this machine lacks', async () => {
    const { backend, entry } = await conflicted();
    const none = await backend.dispatch('sync.resolveConflict', {
      entryId: '0190a0a0-0000-7000-8000-000000000000',
      keep: 'local',
    });
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A receipt of a hub from before the hub's version travelled with conflicts.
    backend.db.sqlite.prepare('UPDATE sync_conflicts SET hub_entry = NULL WHERE entry_id = ?').run(entry.id);
    const refused = await backend.dispatch('sync.resolveConflict', { entryId: entry.id, keep: 'hub' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(refused)).toContain('Giữ bản của máy này');
    expect(await call<RecordDetail>(backend, 'records.get', { id: entry.id })).toMatchObject({ version: 2 });
    expect(backend.services.sync.status().conflicts).toHaveLength(1);
  });
});
