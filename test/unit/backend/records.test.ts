import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, testBackend } from './helpers';

async function created(
  backend: Awaited<ReturnType<typeof testBackend>>,
  bookId: string,
  pageId: string,
  data: object = ghEntry,
) {
  const response = await backend.dispatch('records.create', { bookId, data, pages: [{ pageId }] });
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as RecordDetail;
}

describe('saving entries', () => {
  it('stores a validated entry with a UUIDv7, version 1, pages and a content hash', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const record = await created(backend, book.id, book.pages[1]!.id);
    expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(record).toMatchObject({
      bookType: 'GH',
      version: 1,
      so: '01/2018',
      ngayDangKy: '2018-03-05',
      names: ['Nguyễn Thị Phượng', 'Nguyễn Văn Bình'],
      pages: [{ pageId: book.pages[1]!.id, pageNo: 2 }],
      warnings: [],
      createdBy: 'can-bo-test',
    });
    const expectedHash = createHash('sha256').update(canonicalize(record.data)!).digest('hex');
    expect(record.contentHash).toBe(expectedHash);
    const row = backend.db.sqlite
      .prepare('SELECT so_number AS n, so_year AS y, search_text AS s FROM entries WHERE id = ?')
      .get(record.id);
    expect(row).toEqual({ n: 1, y: 2018, s: '01/2018 nguyen thi phuong nguyen van binh' });
    expect(backend.services.books.get(book.id)).toMatchObject({ entryCount: 1, pagesWithoutEntries: 2 });
  });

  it('hashes the same entry the same way whatever the IME produced', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const nfc = await created(backend, book.id, book.pages[0]!.id);
    // The same entry typed with a decomposing IME, plus an empty optional field: nothing changed.
    const decomposed = JSON.parse(JSON.stringify({ ...ghEntry, ghiChu: '' }).normalize('NFD')) as object;
    expect(JSON.stringify(decomposed)).not.toBe(JSON.stringify(ghEntry));
    const same = await backend.dispatch('records.update', { id: nfc.id, expectedVersion: 1, data: decomposed });
    expect(same).toMatchObject({ ok: true, result: { version: 1, contentHash: nfc.contentHash, data: nfc.data } });
  });

  it('refuses invalid data with field paths and Vietnamese messages', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const response = await backend.dispatch('records.create', {
      bookId: book.id,
      data: { ...ghEntry, ngayDangKy: '2018-02-30', nguoiDuocGiamHo: { hoTen: '' } },
      pages: [{ pageId: book.pages[0]!.id }],
    });
    expect(response).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const issues = (response as { error: { details: { issues: { path: string }[] } } }).error.details.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['ngayDangKy', 'nguoiDuocGiamHo.hoTen']);
    expect(backend.services.records.list({})).toEqual([]);
  });

  it('saves warnings with the entry', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const record = await created(backend, book.id, book.pages[0]!.id, { ...ghEntry, so: '05/2017' });
    expect(record.warnings).toEqual([{ path: 'so', message: 'Năm trong số (2017) khác năm đăng ký (2018)' }]);
    expect(backend.services.records.get(record.id).warnings).toEqual(record.warnings);
  });

  it('refuses a page of another book', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const other = await ghBook(backend, 1);
    const response = await backend.dispatch('records.create', {
      bookId: book.id,
      data: ghEntry,
      pages: [{ pageId: other.pages[0]!.id }],
    });
    expect(response).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Trang được chọn không thuộc sổ này' },
    });
  });
});

describe('editing entries keeps history', () => {
  it('bumps the version and audits only the changed fields', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const record = await created(backend, book.id, book.pages[0]!.id);
    const response = await backend.dispatch('records.update', {
      id: record.id,
      expectedVersion: 1,
      data: { ...ghEntry, nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phương', ngaySinh: '2010-07-12' } },
    });
    expect(response).toMatchObject({
      ok: true,
      result: { version: 2, names: ['Nguyễn Thị Phương', 'Nguyễn Văn Bình'] },
    });
    const updated = (response as { result: RecordDetail }).result;
    expect(updated.contentHash).not.toBe(record.contentHash);
    const audit = backend.db.sqlite
      .prepare("SELECT action, version, before, after FROM audit_log WHERE entity_type = 'entry' ORDER BY seq")
      .all() as { action: string; version: number; before: string | null; after: string }[];
    expect(audit.map((a) => [a.action, a.version])).toEqual([
      ['entry.create', 1],
      ['entry.update', 2],
    ]);
    expect(JSON.parse(audit[1]!.before!)).toEqual({ 'nguoiDuocGiamHo.hoTen': 'Nguyễn Thị Phượng' });
    expect(JSON.parse(audit[1]!.after)).toEqual({ 'nguoiDuocGiamHo.hoTen': 'Nguyễn Thị Phương' });
  });

  it('refuses an edit made on a stale version', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const record = await created(backend, book.id, book.pages[0]!.id);
    const edit = (so: string) =>
      backend.dispatch('records.update', { id: record.id, expectedVersion: 1, data: { ...ghEntry, so } });
    expect((await edit('02/2018')).ok).toBe(true);
    expect(await edit('03/2018')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { currentVersion: 2 } },
    });
    expect(backend.services.records.get(record.id).so).toBe('02/2018');
  });

  it('does not create a version when nothing changed', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const record = await created(backend, book.id, book.pages[0]!.id);
    const same = await backend.dispatch('records.update', { id: record.id, expectedVersion: 1, data: ghEntry });
    expect(same).toMatchObject({ ok: true, result: { version: 1 } });
  });
});

describe('the dispatcher', () => {
  it('answers unknown methods and malformed input with codes, not exceptions', async () => {
    const backend = await testBackend();
    expect(await backend.dispatch('records.dropAll', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(await backend.dispatch('records.get', { id: 'not-a-uuid' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'id' }] } },
    });
    expect(await backend.dispatch('app.info', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('hides internal errors behind a Vietnamese message', async () => {
    const backend = await testBackend();
    backend.db.close(); // any call now fails inside the service
    const response = await backend.dispatch('books.list', {});
    expect(response).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' },
    });
  });
});
