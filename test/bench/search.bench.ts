/**
 * Search at province scale (`npm run bench -- search`; `--search-entries 1000000` or
 * BENCH_SEARCH_ENTRIES for another size, default 100 000): a database of GH entries whose people
 * have a realistic name mix (name-mix.ts: about 38% Nguyễn), 1% deleted, 5% with warnings, 3% with
 * marked fields, in 20 books. Twelve queries (broad and narrow names, a number), five rounds each
 * after one warm-up round, through the dispatcher as the screen calls it (count + first 50 hits
 * with their people), beside the floor measured in the same run on the same database: plain FTS5
 * MATCH of the same query (its count, and the first 50 rowids in no order).
 *
 * Each book's first entry is saved through the records service (so the schema still accepts the
 * data); the others are copies of its row with their own id, số, names and state, inserted with
 * prepared statements in large transactions; the search index and table follow through the
 * triggers of entries, as for any write.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openBackend, type Backend } from '../../electron/backend/app';
import { ftsQuery } from '../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../electron/backend/source-paths';
import { recordTypeFor } from '../../shared/records/registry';
import { foldForSearch } from '../../shared/text/normalize';
import { makeBookPdf } from '../fixtures/scans';
import { NGUYEN_SHARE, personName, seeded } from './name-mix';
import { median, percentile, progress, type BenchResult, type Figure } from './report';

const ENTRIES = Number(process.env.BENCH_SEARCH_ENTRIES ?? 100_000);
const BOOKS = 20;
const ROUNDS = 5;
const LIMIT = 50;
const BATCH = 5000;

export const SEARCH_QUERIES = [
  'nguyen',
  'nguyen van',
  'nguyen thi lan',
  'tran',
  'le thi h',
  'pham van hung',
  'hoang',
  'vu ngoc',
  'sung a',
  'do minh',
  '12/2005',
  'giang thi mai',
];

/** The data of entry n of a book of `year`: a guardianship with two people of the name mix. */
export function searchEntryData(r: () => number, n: number, year: number, trangSo: number): Record<string, unknown> {
  const wardSex = r() < 0.5 ? 1 : 2;
  const guardianSex = r() < 0.5 ? 1 : 2;
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  return {
    so: `${String(n).padStart(2, '0')}/${year}`,
    quyenSo: `01/${year}`,
    trangSo,
    ngayDangKy: `${year}-${month}-${day}`,
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: personName(r, guardianSex), ngaySinh: String(year - 30 - Math.floor(r() * 30)) }],
    nguoiDuocGiamHo: {
      hoTen: personName(r, wardSex),
      ngaySinh: `${year - 3 - Math.floor(r() * 12)}-${month}-${day}`,
      gioiTinh: String(wardSex),
    },
    nguoiKy: 'Nguyễn Văn Tư',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
  };
}

/**
 * A book with `count` entries: the first saved through the records service, the others copies of
 * its row (own id, số, names, dates, state) inserted by prepared statements.
 */
export async function fillSearchBook(
  backend: Backend,
  book: { id: string; pages: { id: string; pageNo: number }[] },
  year: number,
  count: number,
  seed: number,
): Promise<void> {
  const r = seeded(seed);
  const gh = recordTypeFor('GH')!;
  const pageOf = (i: number) => book.pages[Math.floor((i * book.pages.length) / count)]!;
  const first = backend.services.records.create({
    bookId: book.id,
    data: searchEntryData(r, 1, year, pageOf(0).pageNo),
    pages: [{ pageId: pageOf(0).id }],
  });
  const { sqlite } = backend.db;
  const columns = (sqlite.prepare('PRAGMA table_info(entries)').all() as { name: string }[]).map((c) => c.name);
  const own = [
    'id',
    'so',
    'so_number',
    'trang_so',
    'data',
    'content_hash',
    'primary_name',
    'search_text',
    'ngay_dang_ky',
    'warnings',
    'marked_count',
    'deleted_at',
    'deleted_by',
    'delete_reason',
    'updated_at',
  ];
  const insert = sqlite.prepare(
    `INSERT INTO entries (${columns.join(', ')}) SELECT ${columns
      .map((c) => (own.includes(c) ? `@${c}` : c))
      .join(', ')} FROM entries WHERE id = @template`,
  );
  const link = sqlite.prepare('INSERT INTO entry_pages (entry_id, page_id, position) VALUES (?, ?, 0)');
  const warning = JSON.stringify([{ path: 'ngayDangKy', message: 'Ngày đăng ký trước ngày mở sổ' }]);
  for (let start = 1; start < count; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const page = pageOf(i);
        const data = searchEntryData(r, i + 1, year, page.pageNo);
        const indexed = gh.indexed(data as never);
        const json = JSON.stringify(data);
        const id = uuidv7();
        const roll = r();
        const deleted = roll < 0.01;
        insert.run({
          template: first.id,
          id,
          so: indexed.so,
          so_number: i + 1,
          trang_so: page.pageNo,
          data: json,
          content_hash: createHash('sha256').update(json).digest('hex'),
          primary_name: indexed.names[0] ?? '',
          search_text: foldForSearch([indexed.so, ...indexed.names].join(' ')),
          ngay_dang_ky: indexed.ngayDangKy ?? null,
          warnings: roll >= 0.01 && roll < 0.06 ? warning : '[]',
          marked_count: roll >= 0.06 && roll < 0.09 ? 1 : 0,
          deleted_at: deleted ? '2024-01-02T03:04:05.000Z' : null,
          deleted_by: deleted ? 'bench' : null,
          delete_reason: deleted ? 'Nhập nhầm' : null,
          updated_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        });
        link.run(id, page.id);
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const ms = (key: string, label: string, value: number | undefined, floor?: Figure['floor'], note?: string): Figure => ({
  key,
  label,
  value,
  unit: 'ms',
  ...(floor ? { floor } : {}),
  ...(note ? { note } : {}),
});

export async function runSearchBench(): Promise<BenchResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-search-'));
  const backend = await openBackend({
    dataDir,
    migrationsDir: MIGRATIONS_DIR,
    actor: 'bench',
    onInternalError: () => {},
  });
  try {
    const pdf = await makeBookPdf(path.join(dataDir, 'so.pdf'), 50);
    const perBook = Math.ceil(ENTRIES / BOOKS);
    const fillStarted = performance.now();
    for (let b = 0; b < BOOKS; b++) {
      const year = 2000 + b;
      const { book } = await backend.services.books.importBook(
        { type: 'GH', office: `UBND xã ${b}`, volume: `01/${year}`, yearOpened: year },
        [{ path: pdf, name: 'so.pdf' }],
      );
      await fillSearchBook(backend, book, year, perBook, 1000 + b);
      progress(`search: ${((b + 1) * perBook).toLocaleString('en')} / ${ENTRIES.toLocaleString('en')} entries`);
    }
    const fillMs = performance.now() - fillStarted;
    const { sqlite } = backend.db;
    sqlite.pragma('optimize');
    const total = sqlite.prepare('SELECT count(*) FROM entries').pluck().get() as number;

    const countFts = sqlite.prepare('SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?').pluck();
    const firstFts = sqlite.prepare(`SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT ${LIMIT}`).pluck();
    const app: Record<string, number[]> = {};
    const floor: Record<string, number[]> = {};
    // CPU time of this process too: on a loaded machine the wall time is mostly waiting for a core.
    const appCpu: number[] = [];
    const floorCpu: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    const hits: Record<string, number> = {};
    for (let round = 0; round <= ROUNDS; round++) {
      for (const query of SEARCH_QUERIES) {
        const match = ftsQuery(query)!;
        let cpu = process.cpuUsage();
        let started = performance.now();
        const response = await backend.dispatch('records.search', { query, limit: LIMIT }, backend.localRequest);
        const appMs = performance.now() - started;
        const appCpuMs = cpuMs(cpu);
        if (!response.ok) throw new Error(`search failed: ${response.error.message}`);
        cpu = process.cpuUsage();
        started = performance.now();
        countFts.get(match);
        firstFts.all(match);
        const floorMs = performance.now() - started;
        const floorCpuMs = cpuMs(cpu);
        if (round === 0) {
          hits[query] = (response.result as { total: number }).total;
          continue; // warm-up
        }
        (app[query] ??= []).push(appMs);
        appCpu.push(appCpuMs);
        floorCpu.push(floorCpuMs);
        (floor[query] ??= []).push(floorMs);
      }
      progress(`search: round ${round} of ${ROUNDS}${round === 0 ? ' (warm-up)' : ''}`);
    }
    const all = (times: Record<string, number[]>) => Object.values(times).flat();
    const fts = (what: string) => `plain FTS5 MATCH (count + ${LIMIT} rowids)${what}`;
    const aims =
      ENTRIES >= 1_000_000
        ? { max: 60, text: '≤ 60 ms at 1 000 000' }
        : ENTRIES >= 100_000
          ? { max: 20, text: '≤ 20 ms at 100 000' }
          : undefined;
    const perQuery = SEARCH_QUERIES.map((query) =>
      ms(
        `search.q.${query.replace(/[^a-z0-9]+/g, '_')}_p50_ms`,
        `  "${query}" (${hits[query]?.toLocaleString('en')} hits): p50`,
        median(app[query]!),
        { value: median(floor[query]!), what: fts('') },
      ),
    );
    return {
      name: 'search',
      errors: [],
      info: { entries: total, books: BOOKS, rounds: ROUNDS, limit: LIMIT, hits, nguyenShare: NGUYEN_SHARE },
      groups: [
        {
          title: `Search, ${total.toLocaleString('en')} entries (about ${(NGUYEN_SHARE * 100).toFixed(0)}% of people named Nguyễn), ${SEARCH_QUERIES.length} queries × ${ROUNDS}`,
          figures: [
            ms('search.fill_ms', `Fill (copies of a saved row, through the triggers)`, fillMs),
            ms('search.p50_ms', `Search (count + first ${LIMIT} hits with people): p50`, median(all(app)), {
              value: median(all(floor)),
              what: fts(''),
            }),
            {
              ...ms(
                'search.p95_ms',
                `Search (count + first ${LIMIT} hits with people): p95`,
                percentile(all(app), 95),
                {
                  value: percentile(all(floor), 95),
                  what: fts(''),
                },
              ),
              ...(aims ? { aim: aims } : {}),
            },
            ms('search.cpu_p50_ms', '  the same, CPU time of the process: p50', median(appCpu), {
              value: median(floorCpu),
              what: fts(', CPU time'),
            }),
            ms('search.cpu_p95_ms', '  the same, CPU time of the process: p95', percentile(appCpu, 95), {
              value: percentile(floorCpu, 95),
              what: fts(', CPU time'),
            }),
            ...perQuery,
          ],
        },
      ],
    };
  } finally {
    backend.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
