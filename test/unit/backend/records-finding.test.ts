/** Issue 4: finding entries, soft delete with history, drafts that survive a crash. */
import { describe, expect, it } from 'vitest';
import type { RecordDetail, RecordSearchResult } from '../../../shared/records/record';
import { ghBook, ghEntry, tempDir, testBackend } from './helpers';

type Backend = Awaited<ReturnType<typeof testBackend>>;

async function entry(
  backend: Backend,
  bookId: string,
  pageId: string,
  so: string,
  ward: string,
  guardian = 'Trần Văn Hùng',
) {
  const response = await backend.dispatch('records.create', {
    bookId,
    data: { ...ghEntry, so, nguoiGiamHo: [{ hoTen: guardian }], nguoiDuocGiamHo: { hoTen: ward, ngaySinh: '2010' } },
    pages: [{ pageId }],
  });
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as RecordDetail;
}

async function search(backend: Backend, input: object): Promise<RecordSearchResult> {
  const response = await backend.dispatch('records.search', input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as RecordSearchResult;
}

describe('searching entries', () => {
  it('finds names and numbers ignoring diacritics and case, across books', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const other = await ghBook(backend, 1);
    const a = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'NGUYỄN THỊ PHƯỢNG');
    const b = await entry(backend, book.id, book.pages[1]!.id, '02/2018', 'Nguyễn Thị Phương');
    const c = await entry(backend, other.id, other.pages[0]!.id, '03/2018', 'Đặng Văn Đức', 'Lê Thị Hoa');

    const phuong = await search(backend, { query: 'nguyen thi phuong' });
    expect(phuong.hits.map((h) => h.id).sort()).toEqual([a.id, b.id].sort());
    // Upper case, and "ợ" typed without the horn on the u: still both.
    expect((await search(backend, { query: 'PHUỢNG' })).hits.map((h) => h.id).sort()).toEqual([a.id, b.id].sort());
    expect((await search(backend, { query: 'dang van duc' })).hits.map((h) => h.id)).toEqual([c.id]);
    // The guardian's name is searchable too, and a prefix while typing.
    expect((await search(backend, { query: 'le thi ho' })).hits.map((h) => h.id)).toEqual([c.id]);
    expect((await search(backend, { query: '03/2018' })).hits.map((h) => h.id)).toEqual([c.id]);
    expect((await search(backend, { query: 'phuong', bookId: other.id })).total).toBe(0);
  });

  it('sorts, pages and filters by status', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    for (const [so, ward] of [
      ['03/2018', 'Cao Văn C'],
      ['01/2018', 'An Thị A'],
      ['02/2018', 'Bùi Văn B'],
    ]) {
      await entry(backend, book.id, book.pages[0]!.id, so!, ward!);
    }
    const warned = await entry(backend, book.id, book.pages[0]!.id, '04/2017', 'Đỗ Thị D'); // year differs: warning
    const bySo = await search(backend, { bookId: book.id, sort: 'so', limit: 2 });
    expect(bySo.total).toBe(4);
    expect(bySo.hits.map((h) => h.so)).toEqual(['04/2017', '01/2018']);
    const byName = await search(backend, { bookId: book.id, sort: 'name', descending: true });
    expect(byName.hits.map((h) => h.names[0])).toEqual(['Đỗ Thị D', 'Cao Văn C', 'Bùi Văn B', 'An Thị A']);
    expect((await search(backend, { status: 'warnings' })).hits.map((h) => h.id)).toEqual([warned.id]);
    expect((await search(backend, { status: 'ok' })).total).toBe(3);
    expect((await search(backend, { year: 2017 })).hits.map((h) => h.id)).toEqual([warned.id]);
  });
});

describe('deleting and history', () => {
  it('soft-deletes with a reason, keeps the entry findable as deleted, and records everything', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const created = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'Nguyễn Thị Phượng');
    const edited = await backend.dispatch('records.update', {
      id: created.id,
      expectedVersion: 1,
      data: { ...created.data, so: '05/2018' },
    });
    expect(edited).toMatchObject({ ok: true, result: { version: 2 } });
    expect(await backend.dispatch('records.delete', { id: created.id, expectedVersion: 2, reason: '' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          issues: [
            {
              path: 'reason',
              message: 'Hãy ghi lý do xóa trường hợp này (ít nhất 3 ký tự), ví dụ: "Nhập trùng", "Nhập nhầm sổ"',
            },
          ],
        },
      },
    });
    expect(
      await backend.dispatch('records.delete', {
        id: created.id,
        expectedVersion: 2,
        reason: 'Nhập trùng với số 01/2018',
      }),
    ).toEqual({ ok: true, result: { deleted: true } });

    expect(backend.services.records.list({ bookId: book.id })).toEqual([]);
    expect((await search(backend, { status: 'deleted' })).hits).toMatchObject([{ id: created.id, deleted: true }]);
    const history = await backend.dispatch('records.history', { id: created.id });
    expect(history).toMatchObject({
      ok: true,
      result: [
        { action: 'entry.create', version: 1, actor: 'can-bo-test' },
        { action: 'entry.update', version: 2, before: { so: '01/2018' }, after: { so: '05/2018' } },
        { action: 'entry.delete', version: 3, after: { lyDoXoa: 'Nhập trùng với số 01/2018' } },
      ],
    });
    const row = backend.db.sqlite.prepare('SELECT deleted_by AS by, delete_reason AS why FROM entries').get();
    expect(row).toEqual({ by: 'can-bo-test', why: 'Nhập trùng với số 01/2018' });
  });
});

describe('drafts', () => {
  it('keep a half-typed entry across a restart and go away when the entry is saved', async () => {
    const dataDir = await tempDir();
    const backend = await testBackend(dataDir);
    const book = await ghBook(backend);
    const half = { so: '07/2018', nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Ph' } };
    expect(
      await backend.dispatch('drafts.save', { bookId: book.id, data: half, pages: [{ pageId: book.pages[2]!.id }] }),
    ).toMatchObject({
      ok: true,
    });
    backend.close(); // the power goes off

    const again = await testBackend(dataDir);
    const draft = await again.dispatch('drafts.get', { bookId: book.id });
    expect(draft).toMatchObject({ ok: true, result: { data: half, pages: [{ pageId: book.pages[2]!.id }] } });
    await entry(again, book.id, book.pages[2]!.id, '07/2018', 'Nguyễn Thị Phượng');
    expect(await again.dispatch('drafts.get', { bookId: book.id })).toEqual({ ok: true, result: null });
  });

  it('of an edit go away when the edit is saved, even when nothing was changed', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const saved = await entry(backend, book.id, book.pages[0]!.id, '07/2018', 'Nguyễn Thị Phượng');
    const key = { bookId: book.id, entryId: saved.id };
    await backend.dispatch('drafts.save', { ...key, data: saved.data, pages: [] });
    const update = await backend.dispatch('records.update', {
      id: saved.id,
      expectedVersion: saved.version,
      data: saved.data,
    });
    expect(update).toMatchObject({ ok: true, result: { version: saved.version } });
    expect(await backend.dispatch('drafts.get', key)).toEqual({ ok: true, result: null });
  });
});

describe('duplicates', () => {
  it('refuses a number already used in the same office/type/quyển/year unless a reason is given', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const first = await entry(backend, book.id, book.pages[0]!.id, '01/2018', 'Nguyễn Thị Phượng');
    // "1/2018" is the same number as "01/2018".
    const twin = await backend.dispatch('records.create', {
      bookId: book.id,
      data: { ...ghEntry, so: '1/2018' },
      pages: [{ pageId: book.pages[1]!.id }],
    });
    expect(twin).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ path: 'so' }], duplicates: [{ id: first.id, so: '01/2018' }] },
      },
    });
    expect(
      (twin as { error: { details: { issues: { message: string }[] } } }).error.details.issues[0]!.message,
    ).toMatch(/Trùng với trường hợp đã nhập: số 01\/2018 \(Nguyễn Thị Phượng\)/);
    const withReason = await backend.dispatch('records.create', {
      bookId: book.id,
      data: { ...ghEntry, so: '1/2018', trangSo: 2, trungSoLyDo: 'Sổ gốc ghi hai lần số 1' },
      pages: [{ pageId: book.pages[1]!.id }],
    });
    expect(withReason).toMatchObject({
      ok: true,
      result: { warnings: [{ path: 'so', message: expect.stringMatching(/đã ghi lý do/) }] },
    });
    // Another year, or another quyển, is not a duplicate.
    await entry(backend, book.id, book.pages[2]!.id, '01/2019', 'Lê Văn C');
    expect(
      await backend.dispatch('records.duplicates', { bookId: book.id, so: '01/2018', quyenSo: '02/2018' }),
    ).toEqual({
      ok: true,
      result: [],
    });
  });
});
