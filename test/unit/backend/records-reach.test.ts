/**
 * Every entry reachable and correctable: a deleted entry opened with who/when/why and restored;
 * search that treats "1/2018" as "01/2018" and names each person's role.
 */
import { describe, expect, it } from 'vitest';
import type { RecordDetail, RecordHistoryItem, RecordSearchResult } from '../../../shared/records/record';
import { ghBook, ghEntry, testBackend } from './helpers';

type Backend = Awaited<ReturnType<typeof testBackend>>;

async function call<T>(backend: Backend, method: string, input: object): Promise<T> {
  const response = await backend.dispatch(method as never, input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

async function entry(backend: Backend, bookId: string, pageId: string, so: string, ward: string) {
  return call<RecordDetail>(backend, 'records.create', {
    bookId,
    data: {
      ...ghEntry,
      so,
      nguoiGiamHo: [{ hoTen: 'Trần Văn Hùng', ngaySinh: '1970-02-03' }],
      nguoiDuocGiamHo: { hoTen: ward, ngaySinh: '2010' },
    },
    pages: [{ pageId }],
  });
}

describe('a deleted entry', () => {
  it('opens with who deleted it, when and why, and is restored with a new version, audited and searchable', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const created = await entry(backend, book.id, book.pages[1]!.id, '03/2018', 'Lò Thị Mai');
    await call(backend, 'records.delete', { id: created.id, expectedVersion: 1, reason: 'Nhập nhầm sổ' });

    // Not without asking: callers that edit must not get a deleted entry.
    expect(await backend.dispatch('records.get', { id: created.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const opened = await call<RecordDetail>(backend, 'records.get', { id: created.id, includeDeleted: true });
    expect(opened).toMatchObject({
      id: created.id,
      version: 2,
      deleted: { by: 'can-bo-test', reason: 'Nhập nhầm sổ', at: expect.any(String) },
      pages: [{ pageId: book.pages[1]!.id, pageNo: 2 }],
    });
    expect((await call<RecordSearchResult>(backend, 'records.search', { query: 'lo thi mai' })).total).toBe(0);

    // A stale version is refused; the current one restores.
    expect(await backend.dispatch('records.restore', { id: created.id, expectedVersion: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const restored = await call<RecordDetail>(backend, 'records.restore', { id: created.id, expectedVersion: 2 });
    expect(restored.version).toBe(3);
    expect(restored.deleted).toBeUndefined();
    expect(restored.data).toEqual(created.data);
    expect(backend.services.records.list({ bookId: book.id }).map((r) => r.id)).toEqual([created.id]);
    const found = await call<RecordSearchResult>(backend, 'records.search', { query: 'lo thi mai' });
    expect(found.hits.map((h) => h.id)).toEqual([created.id]);
    expect((await call<RecordSearchResult>(backend, 'records.search', { status: 'deleted' })).total).toBe(0);

    const history = await call<RecordHistoryItem[]>(backend, 'records.history', { id: created.id });
    expect(history.map((h) => [h.action, h.version])).toEqual([
      ['entry.create', 1],
      ['entry.delete', 2],
      ['entry.restore', 3],
    ]);
    expect(history[2]!.before).toMatchObject({ lyDoXoa: 'Nhập nhầm sổ' });
    // Restoring twice is refused with a message, and nothing changes.
    expect(await backend.dispatch('records.restore', { id: created.id, expectedVersion: 3 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Trường hợp này chưa bị xóa' },
    });
  });

  it('keeps a number taken again meanwhile as a warning when restored', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const first = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'Lò Thị Mai');
    await call(backend, 'records.delete', { id: first.id, expectedVersion: 1, reason: 'Nhập nhầm' });
    await entry(backend, book.id, book.pages[0]!.id, '1/2018', 'Vàng Thị Sua');
    const restored = await call<RecordDetail>(backend, 'records.restore', { id: first.id, expectedVersion: 2 });
    expect(restored.warnings).toContainEqual({ path: 'so', message: 'Trùng số với số 1/2018 (Vàng Thị Sua)' });
  });
});

describe('searching', () => {
  it('finds "01/2018" by "1/2018" and "5/2018" by "005/2018"', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const one = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'Lò Thị Mai');
    const five = await entry(backend, book.id, book.pages[0]!.id, '5/2018', 'Vàng Thị Sua');
    await entry(backend, book.id, book.pages[0]!.id, '11/2018', 'Hà Văn Tuấn');
    const ids = async (query: string) =>
      (await call<RecordSearchResult>(backend, 'records.search', { query })).hits.map((h) => h.id);
    expect(await ids('1/2018')).toEqual([one.id]);
    expect(await ids('01/2018')).toEqual([one.id]);
    expect(await ids('005/2018')).toEqual([five.id]);
    expect(await ids('05/2018')).toEqual([five.id]);
  });

  it("shows each person's role and birth date, and a deleted hit's reason", async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const created = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'Lò Thị Mai');
    const [hit] = (await call<RecordSearchResult>(backend, 'records.search', { query: 'mai' })).hits;
    expect(hit!.people).toEqual([
      { role: 'Người được giám hộ', name: 'Lò Thị Mai', birthDate: '2010' },
      { role: 'Người giám hộ', name: 'Trần Văn Hùng', birthDate: '1970-02-03' },
    ]);
    expect(hit!.deleteReason).toBeUndefined();
    await call(backend, 'records.delete', { id: created.id, expectedVersion: 1, reason: 'Nhập trùng' });
    const [gone] = (await call<RecordSearchResult>(backend, 'records.search', { query: 'mai', status: 'deleted' }))
      .hits;
    expect(gone).toMatchObject({ id: created.id, deleted: true, deleteReason: 'Nhập trùng' });
  });
});
