/** Entries carry the version of their field schema; older stored JSON is upgraded when read. */
import { describe, expect, it } from 'vitest';
import type { RecordDetail } from '../../../shared/records/record';
import { ghBook, ghEntry, testBackend } from './helpers';

describe('the field schema version of entries', () => {
  it('stores the current version, upgrades an older entry on reading, and saves it in the current one', async () => {
    const backend = await testBackend();
    const book = await ghBook(backend);
    const created = backend.services.records.create({
      bookId: book.id,
      data: ghEntry,
      pages: [{ pageId: book.pages[0]!.id }],
    });
    const stored = () =>
      backend.db.sqlite.prepare('SELECT schema_version AS v, data FROM entries WHERE id = ?').get(created.id) as {
        v: number;
        data: string;
      };
    expect(stored().v).toBe(2);

    // What an older version stored (marks before the split), e.g. arriving from another device.
    const oldMarks = { so: { khongRo: true }, 'nguoiDuocGiamHo.noiSinh': { khongRo: true, ghiChu: 'Rách' } };
    backend.db.sqlite
      .prepare(
        "UPDATE entries SET schema_version = 1, data = json_set(data, '$.danhDau', json(?)), content_hash = sohoa_content_hash(json_set(data, '$.danhDau', json(?))) WHERE id = ?",
      )
      .run(JSON.stringify(oldMarks), JSON.stringify(oldMarks), created.id);

    const read = await backend.dispatch('records.get', { id: created.id });
    const upgraded = { so: { docChuaChac: true }, 'nguoiDuocGiamHo.noiSinh': { ghiChu: 'Rách', khongDocDuoc: true } };
    expect(read).toMatchObject({ ok: true, result: { data: { danhDau: upgraded } } });
    const listed = backend.services.records.search({
      bookId: book.id,
      sort: 'so',
      descending: false,
      limit: 10,
      offset: 0,
    });
    expect(listed.hits.map((h) => h.id)).toEqual([created.id]);

    const saved = await backend.dispatch('records.update', {
      id: created.id,
      expectedVersion: 1,
      data: { ...(read as { result: RecordDetail }).result.data, ghiChu: 'Đã soát' },
    });
    expect(saved).toMatchObject({ ok: true, result: { version: 2 } });
    expect(stored().v).toBe(2);
    expect(JSON.parse(stored().data)).toMatchObject({ danhDau: upgraded, ghiChu: 'Đã soát' });
  });
});
