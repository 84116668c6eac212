/**
 * Issue 13: search counts and pages on the narrow table search_rows and two full-text indexes
 * (live, deleted) kept by triggers (migration 0014). The results must be those of the search
 * before it (the reference below is its SQL over `entries`, verbatim but for reading both
 * full-text indexes), in the same order, whichever way a page is taken; and the table and
 * indexes must follow every write path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pageNoSql } from '../../../electron/backend/books/page-sql';
import { ftsQuery, SEARCH_TUNING } from '../../../electron/backend/records/records-service';
import type { RecordSearchResult, SearchRecordsInput } from '../../../shared/records/record';
import { personName, seeded } from '../../bench/name-mix';
import { searchEntryData } from '../../bench/search.bench';
import { ghBook, testBackend } from './helpers';

type Backend = Awaited<ReturnType<typeof testBackend>>;

const DEFAULT_TUNING = { ...SEARCH_TUNING };
afterEach(() => Object.assign(SEARCH_TUNING, DEFAULT_TUNING));

async function search(backend: Backend, input: SearchRecordsInput): Promise<RecordSearchResult> {
  const response = await backend.dispatch('records.search', input);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as RecordSearchResult;
}

const OLD_SORT: Record<string, string[]> = {
  so: ['e.so_year', 'e.so_number', 'e.so'],
  ngayDangKy: ['e.ngay_dang_ky'],
  name: ['fold_name(e.primary_name)', 'e.primary_name'],
  updatedAt: ['e.updated_at'],
  page: [`(SELECT min(${pageNoSql('ep.page_id')}) FROM entry_pages ep WHERE ep.entry_id = e.id)`, 'e.trang_so'],
};

/** The search before migration 0014, over `entries` (no page filter: not used here). */
function reference(
  backend: Backend,
  input: Required<Pick<SearchRecordsInput, 'limit' | 'offset'>> & SearchRecordsInput,
) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const match = input.query ? ftsQuery(input.query) : undefined;
  if (match) {
    where.push(
      `e.id IN (SELECT k.entry_id FROM (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match
         UNION ALL SELECT rowid FROM entries_fts_deleted WHERE entries_fts_deleted MATCH @match) f
       JOIN entry_search_keys k ON k.key = f.rowid)`,
    );
    params.match = match;
  }
  if (input.bookId) {
    where.push('e.book_id = @bookId');
    params.bookId = input.bookId;
  }
  if (input.year) {
    where.push('coalesce(e.so_year, e.registration_year) = @year');
    params.year = input.year;
  }
  where.push(
    {
      deleted: 'e.deleted_at IS NOT NULL',
      warnings: "e.deleted_at IS NULL AND e.warnings != '[]'",
      marked: 'e.deleted_at IS NULL AND e.marked_count > 0',
      ok: "e.deleted_at IS NULL AND e.warnings = '[]' AND e.marked_count = 0",
      all: 'e.deleted_at IS NULL',
    }[input.status ?? 'all'],
  );
  const clause = `FROM entries e WHERE ${where.join(' AND ')}`;
  const direction = input.descending ? 'DESC' : 'ASC';
  const order = OLD_SORT[input.sort ?? 'so']!.map((c) => `${c} ${direction}`).join(', ');
  const { sqlite } = backend.db;
  const total = sqlite.prepare(`SELECT count(*) ${clause}`).pluck().get(params) as number;
  const ids = sqlite
    .prepare(`SELECT e.id ${clause} ORDER BY ${order}, e.id LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: input.limit, offset: input.offset }) as string[];
  return { total, ids };
}

/** search_rows holds exactly what it derives from `entries`, and each entry is in the right full-text index. */
function expectInStep(backend: Backend): void {
  const { sqlite } = backend.db;
  const derived = sqlite
    .prepare(
      `SELECT k.key, e.id AS entry_id, e.book_id, e.book_type, coalesce(e.so_year, e.registration_year) AS year,
         e.deleted_at IS NOT NULL AS deleted, e.warnings != '[]' AS warned, e.marked_count > 0 AS marked,
         e.so_year, e.so_number, e.so, e.ngay_dang_ky, fold_name(e.primary_name) AS name_key, e.primary_name,
         e.updated_at
       FROM entries e JOIN entry_search_keys k ON k.entry_id = e.id ORDER BY k.key`,
    )
    .all();
  expect(sqlite.prepare('SELECT * FROM search_rows ORDER BY key').all()).toEqual(derived);
  const rows = sqlite
    .prepare(
      'SELECT k.key, e.search_text AS text, e.deleted_at IS NOT NULL AS deleted FROM entries e JOIN entry_search_keys k ON k.entry_id = e.id',
    )
    .all() as { key: number; text: string; deleted: number }[];
  const inIndex = (table: string, key: number, text: string) =>
    sqlite
      .prepare(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ? AND rowid = ?`)
      .pluck()
      .get(
        text
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
          .map((w) => `"${w}"`)
          .join(' AND '),
        key,
      );
  for (const row of rows) {
    expect(inIndex('entries_fts', row.key, row.text)).toBe(row.deleted ? 0 : 1);
    expect(inIndex('entries_fts_deleted', row.key, row.text)).toBe(row.deleted ? 1 : 0);
  }
}

async function expectSameAsBefore(backend: Backend, inputs: SearchRecordsInput[]): Promise<number> {
  let compared = 0;
  for (const input of inputs) {
    const full = { limit: 25, offset: 0, ...input };
    const expected = reference(backend, full);
    const actual = await search(backend, full);
    expect({ input: full, total: actual.total, ids: actual.hits.map((h) => h.id) }).toEqual({
      input: full,
      total: expected.total,
      ids: expected.ids,
    });
    compared += expected.ids.length;
  }
  return compared;
}

/** A book of `count` entries of the name mix, loaded by the record import, some years apart. */
async function loadBook(
  backend: Backend,
  count: number,
  seed: number,
  wards?: (n: number) => string,
  firstYear = 2015,
) {
  const book = await ghBook(backend, 20);
  const r = seeded(seed);
  const items = Array.from({ length: count }, (_, i) => {
    const year = firstYear + (i % 4);
    const data = searchEntryData(r, Math.floor(i / 4) + 1, year, 1 + (i % 20));
    if (wards) (data.nguoiDuocGiamHo as { hoTen: string }).hoTen = wards(i);
    // Some registered in a year other than their number's: a warning on the entry.
    if (i % 17 === 0) data.ngayDangKy = `${year + 1}-01-05`;
    return { data, pages: [{ pageId: book.pages[i % 20]!.id }] };
  });
  const result = await backend.services.records.importMany(book.id, items, { skipInvalid: false, pauseMs: 0 });
  expect(result.rejected).toEqual([]);
  return { book, ids: result.imported.map((e) => e.id) };
}

const QUERIES = ['', 'nguyen', 'nguyen thi', 'tran van', 'le', 'hung', '5/2016', 'sung a', 'khong co ai'];
const SORTS = ['so', 'name', 'ngayDangKy', 'updatedAt', 'page'] as const;
const STATUSES = [undefined, 'deleted', 'warnings', 'ok', 'marked'] as const;

describe('search on search_rows', () => {
  it('gives the results, totals and order of the search before it, whichever way a page is taken', async () => {
    const backend = await testBackend();
    const { book, ids } = await loadBook(backend, 600, 7);
    // Deleted, edited (a new name and number) and restored entries among them.
    for (const id of ids.slice(0, 30)) {
      const entry = backend.services.records.get(id);
      backend.services.records.remove({ id, expectedVersion: entry.version, reason: 'Nhập nhầm' });
    }
    for (const id of ids.slice(30, 50)) {
      const entry = backend.services.records.get(id);
      backend.services.records.update({
        id,
        expectedVersion: entry.version,
        data: { ...entry.data, nguoiDuocGiamHo: { hoTen: personName(seeded(entry.version + id.length), 1) } },
      });
    }
    for (const id of ids.slice(0, 5)) {
      const entry = backend.services.records.get(id, { includeDeleted: true });
      backend.services.records.restore({ id, expectedVersion: entry.version });
    }
    expect((await search(backend, { status: 'warnings' })).total).toBeGreaterThan(0);
    expect((await search(backend, { status: 'deleted' })).total).toBe(25);

    const inputs: SearchRecordsInput[] = [];
    for (const query of QUERIES) {
      for (const sort of SORTS) {
        for (const status of STATUSES) {
          for (const descending of [false, true]) {
            inputs.push({ query, sort, status, descending }, { query, sort, status, descending, offset: 40 });
          }
        }
      }
      inputs.push({ query, bookId: book.id }, { query, year: 2016 }, { query, year: 2017, sort: 'name' });
    }
    // As the search chooses for this size, then with every search of more than 10 hits taking
    // the walk of the sort index.
    expect(await expectSameAsBefore(backend, inputs)).toBeGreaterThan(5000);
    SEARCH_TUNING.sortOutright = 10;
    expect(await expectSameAsBefore(backend, inputs)).toBeGreaterThan(5000);
    expectInStep(backend);
  }, 300_000);

  it('counts 14 000 hits right, and pages them as before', async () => {
    const backend = await testBackend();
    const r = seeded(3);
    // 14 003 wards named Nguyễn among 16 000 (guardians of the mix, so some entries match twice).
    const { ids } = await loadBook(
      backend,
      16_000,
      11,
      (i) => `${i < 14_003 ? 'Nguyễn' : 'Trần'} ${personName(r, 2).split(' ').slice(1).join(' ')}`,
    );
    for (const id of ids.slice(0, 3)) {
      const entry = backend.services.records.get(id);
      backend.services.records.remove({ id, expectedVersion: entry.version, reason: 'Nhập nhầm' });
    }
    const guardiansOnly = reference(backend, { query: 'nguyen', limit: 1, offset: 0 }).total - 14_000;
    expect(guardiansOnly).toBeGreaterThan(0); // guardians named Nguyễn of the Trần wards
    const result = await search(backend, { query: 'nguyen', limit: 50 });
    expect(result.total).toBe(14_000 + guardiansOnly);
    const inputs: SearchRecordsInput[] = [
      { query: 'nguyen' },
      { query: 'nguyen', sort: 'name' },
      { query: 'nguyen', descending: true, offset: 500 },
      { query: 'nguyen', status: 'deleted' },
      { query: 'nguyen', sort: 'updatedAt' },
      { query: 'nguyen thi', sort: 'name', descending: true },
    ];
    await expectSameAsBefore(backend, inputs);
    // And with every page taken by sorting all hits.
    SEARCH_TUNING.sortOutright = 100_000;
    await expectSameAsBefore(backend, inputs);
  }, 600_000);

  it('follows every write: save, edit, delete, restore, import and a version taken from the hub', async () => {
    const backend = await testBackend();
    const { book, ids } = await loadBook(backend, 40, 5);
    expectInStep(backend);
    const records = backend.services.records;
    const created = records.create({
      bookId: book.id,
      data: { ...searchEntryData(seeded(1), 900, 2018, 1), nguoiDuocGiamHo: { hoTen: 'Khổng Thị Duy' } },
      pages: [{ pageId: book.pages[0]!.id }],
    });
    expect((await search(backend, { query: 'khong thi duy' })).hits.map((h) => h.id)).toEqual([created.id]);
    const edited = records.update({
      id: created.id,
      expectedVersion: created.version,
      data: { ...created.data, so: '901/2018', nguoiDuocGiamHo: { hoTen: 'Ông Văn Nhất' } },
    });
    expect((await search(backend, { query: 'khong thi duy' })).total).toBe(0);
    expect((await search(backend, { query: 'ong van nhat 901/2018' })).hits.map((h) => h.id)).toEqual([created.id]);
    expectInStep(backend);

    records.remove({ id: created.id, expectedVersion: edited.version, reason: 'Trùng' });
    expect((await search(backend, { query: 'ong van nhat' })).total).toBe(0);
    expect((await search(backend, { query: 'ong van nhat', status: 'deleted' })).hits.map((h) => h.id)).toEqual([
      created.id,
    ]);
    expectInStep(backend);
    const restored = records.restore({ id: created.id, expectedVersion: edited.version + 1 });
    expect((await search(backend, { query: 'ong van nhat' })).total).toBe(1);
    expectInStep(backend);

    // The hub's version, deleted there with another name: taken as the entry's.
    const hubData = { ...restored.data, nguoiDuocGiamHo: { hoTen: 'Ứng Thị Hai' } };
    records.takeSyncVersion({
      id: created.id,
      atLeast: restored.version + 5,
      note: 'Lấy bản của huyện',
      hub: { schemaVersion: 1, data: hubData, pages: [], deleted: { by: 'huyen', reason: 'Trùng ở huyện' } },
    });
    expect((await search(backend, { query: 'ung thi hai' })).total).toBe(0);
    expect((await search(backend, { query: 'ung thi hai', status: 'deleted' })).total).toBe(1);
    expect((await search(backend, { query: 'ong van nhat', status: 'deleted' })).total).toBe(0);
    expectInStep(backend);

    // An import, and entries a cancelled import soft-deleted.
    const more = await loadBook(backend, 30, 6, undefined, 2005);
    expectInStep(backend);
    expect((await search(backend, { bookId: more.book.id })).total).toBe(30);
    expect((await search(backend, { query: '' })).total).toBe(ids.length + 30);
  }, 300_000);
});
