/**
 * Entries at scale: how long saving one entry takes (each in its own durable transaction, as the
 * form saves), and how long a search by name or number takes, on a database of 100 000 entries.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Sqlite from 'better-sqlite3-multiple-ciphers';
import { openBackend, type Backend } from '../../electron/backend/app';
import { openDatabase } from '../../electron/backend/db/database';
import { ftsQuery } from '../../electron/backend/records/records-service';
import { MIGRATIONS_DIR } from '../../electron/backend/source-paths';
import { makeBookPdf } from '../fixtures/scans';
import { median, percentile, progress, type BenchResult, type Figure } from './report';

/** BENCH_RECORDS_ENTRIES makes it smaller (a smoke run), a multiple of the 20 books. */
const ENTRIES = Number(process.env.BENCH_RECORDS_ENTRIES ?? 100_000);
const BOOKS = 20;
const TIMED_SAVES = 300;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Sùng', 'Lò', 'Hà', 'Vàng'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Hồng', 'Quốc', 'Thu', 'A', 'Đức', 'Ngọc'];
const GIVEN = [
  'Phượng',
  'Bình',
  'Hùng',
  'Lan',
  'Mai',
  'Dính',
  'Páo',
  'Thắng',
  'Nhung',
  'Hạnh',
  'Tư',
  'Súa',
  'Lử',
  'Chứ',
  'Hoa',
];

/** A deterministic name for entry n (a linear congruential walk, so runs compare). */
function nameOf(n: number): string {
  const x = (n * 2654435761) >>> 0;
  return `${FAMILY[x % FAMILY.length]} ${MIDDLE[(x >>> 8) % MIDDLE.length]} ${GIVEN[(x >>> 16) % GIVEN.length]}`;
}

function entry(n: number, year: number, number: number, page: number) {
  return {
    so: `${String(number).padStart(2, '0')}/${year}`,
    quyenSo: `01/${year}`,
    trangSo: page,
    ngayDangKy: `${year}-03-05`,
    loaiGiamHo: 'cu',
    nguoiGiamHo: [{ hoTen: nameOf(n * 7 + 3), ngaySinh: '1960' }],
    nguoiDuocGiamHo: { hoTen: nameOf(n), ngaySinh: `${year - 8}-07-12`, danToc: 'Kinh' },
    nguoiKy: 'Nguyễn Văn Tư',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
  };
}

const ms = (key: string, label: string, value: number | undefined, floor?: Figure['floor']): Figure => ({
  key,
  label,
  value,
  unit: 'ms',
  ...(floor ? { floor } : {}),
});

/** Every row of `table` from one database into another (same schema), one transaction. */
function copyRows(from: Sqlite.Database, to: Sqlite.Database, table: string, where = '', ...args: unknown[]): void {
  const rows = from.prepare(`SELECT * FROM ${table} ${where}`).all(...args) as Record<string, unknown>[];
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const insert = to.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  to.transaction(() => rows.forEach((row) => insert.run(row)))();
}

/**
 * The floor of the bulk load: the same entry and page-link rows the load wrote, inserted by
 * prepared statements into a fresh database of the same schema (migrations, indexes, triggers),
 * one transaction per book, nothing checked. Only the inserts are timed.
 */
function rawLoadFloor(backend: Backend, dir: string, bookIds: string[]): number {
  const floor = openDatabase({ file: path.join(dir, 'floor.sqlite'), migrationsDir: MIGRATIONS_DIR });
  try {
    const source = backend.db.sqlite;
    for (const table of ['users', 'books', 'scan_files', 'pages']) copyRows(source, floor.sqlite, table);
    let elapsed = 0;
    for (const bookId of bookIds) {
      const entryRows = source.prepare('SELECT * FROM entries WHERE book_id = ?').all(bookId) as Record<
        string,
        unknown
      >[];
      const links = source
        .prepare('SELECT ep.* FROM entry_pages ep JOIN entries e ON e.id = ep.entry_id WHERE e.book_id = ?')
        .all(bookId) as Record<string, unknown>[];
      const insertEntry = floor.sqlite.prepare(
        `INSERT INTO entries (${Object.keys(entryRows[0]!).join(', ')}) VALUES (${Object.keys(entryRows[0]!)
          .map((c) => `@${c}`)
          .join(', ')})`,
      );
      const insertLink = floor.sqlite.prepare(
        `INSERT INTO entry_pages (${Object.keys(links[0]!).join(', ')}) VALUES (${Object.keys(links[0]!)
          .map((c) => `@${c}`)
          .join(', ')})`,
      );
      const started = performance.now();
      floor.sqlite.transaction(() => {
        for (const row of entryRows) insertEntry.run(row);
        for (const row of links) insertLink.run(row);
      })();
      elapsed += performance.now() - started;
    }
    return elapsed;
  } finally {
    floor.close();
  }
}

async function fill(backend: Backend, bookIds: { id: string; pageIds: string[] }[]): Promise<number> {
  const started = performance.now();
  const perBook = ENTRIES / BOOKS;
  // Loading, not typing: one transaction per book, through the same service and checks as the form.
  for (const [b, book] of bookIds.entries()) {
    const year = 2000 + b;
    const items = Array.from({ length: perBook }, (_, i) => ({
      data: entry(b * perBook + i, year, i + 1, 1 + (i % book.pageIds.length)),
      pages: [{ pageId: book.pageIds[i % book.pageIds.length]! }],
    }));
    // Nothing else uses this data folder: no pause between the import's writes.
    const result = await backend.services.records.importMany(book.id, items, { skipInvalid: false, pauseMs: 0 });
    if (result.rejected.length > 0) throw new Error(`bench data rejected: ${JSON.stringify(result.rejected[0])}`);
    progress(`entries: ${(b + 1) * perBook} / ${ENTRIES}`);
  }
  return performance.now() - started;
}

export async function runRecordsBench(): Promise<BenchResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-records-'));
  const backend = await openBackend({
    dataDir,
    migrationsDir: MIGRATIONS_DIR,
    actor: 'bench',
    onInternalError: () => {},
  });
  const errors: string[] = [];
  try {
    const pdf = await makeBookPdf(path.join(dataDir, 'so.pdf'), 50);
    const books: { id: string; pageIds: string[] }[] = [];
    for (let b = 0; b < BOOKS; b++) {
      const { book } = await backend.services.books.importBook(
        { type: 'GH', office: `UBND xã ${b}`, volume: `01/${2000 + b}`, yearOpened: 2000 + b },
        [{ path: pdf, name: 'so.pdf' }],
      );
      books.push({ id: book.id, pageIds: book.pages.map((p) => p.id) });
    }
    const loadMs = await fill(backend, books);

    // Saving as the form does: one call through the dispatcher, its own transaction, fsync'd.
    const saves: number[] = [];
    const target = books[0]!;
    for (let i = 0; i < TIMED_SAVES; i++) {
      const started = performance.now();
      const response = await backend.dispatch(
        'records.create',
        {
          bookId: target.id,
          data: entry(ENTRIES + i, 2000, ENTRIES / BOOKS + 1 + i, 1),
          pages: [{ pageId: target.pageIds[0] }],
        },
        backend.localRequest,
      );
      saves.push(performance.now() - started);
      if (!response.ok) throw new Error(`save failed: ${response.error.message}`);
    }

    const queries = [
      'nguyen thi phuong',
      'sung a dinh',
      'HOANG',
      'le van b',
      '12/2005',
      'vang thi sua',
      'do ngoc',
      'pao',
    ];
    const searches: number[] = [];
    const floorSearches: number[] = [];
    const countFts = backend.db.sqlite.prepare('SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?').pluck();
    const firstFts = backend.db.sqlite.prepare('SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT 50');
    let hits = 0;
    for (let round = 0; round < 5; round++) {
      for (const query of queries) {
        let started = performance.now();
        const response = await backend.dispatch('records.search', { query, limit: 50 }, backend.localRequest);
        searches.push(performance.now() - started);
        if (!response.ok) throw new Error(`search failed: ${response.error.message}`);
        hits += (response.result as { total: number }).total;
        // The floor: plain FTS5 MATCH of the same query, its count and 50 rowids in no order.
        started = performance.now();
        const match = ftsQuery(query)!;
        countFts.get(match);
        firstFts.all(match);
        floorSearches.push(performance.now() - started);
      }
    }
    progress('floor of the load: the same rows by raw SQL into a fresh database…');
    const floorLoadMs = rawLoadFloor(
      backend,
      dataDir,
      books.map((b) => b.id),
    );
    const total = (backend.db.sqlite.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    return {
      name: 'records',
      errors,
      info: {
        entries: total,
        books: BOOKS,
        timedSaves: TIMED_SAVES,
        searches: searches.length,
        averageHits: Math.round(hits / searches.length),
      },
      groups: [
        {
          title: `Entries (${total.toLocaleString('en')} in ${BOOKS} books)`,
          figures: [
            ms(
              'records.load_100k_ms',
              `Load ${ENTRIES.toLocaleString('en')} entries (validated, one transaction per book)`,
              loadMs,
              { value: floorLoadMs, what: 'the same rows by raw SQL inserts, same schema' },
            ),
            ms('records.save_p50_ms', 'Save one entry (form path, own transaction): p50', median(saves)),
            ms('records.save_p95_ms', 'Save one entry (form path, own transaction): p95', percentile(saves, 95)),
            ms('records.search_p50_ms', 'Search by name or số (first 50 hits + total): p50', median(searches), {
              value: median(floorSearches),
              what: 'plain FTS5 MATCH (count + 50 rowids)',
            }),
            ms('records.search_p95_ms', 'Search by name or số (first 50 hits + total): p95', percentile(searches, 95), {
              value: percentile(floorSearches, 95),
              what: 'plain FTS5 MATCH (count + 50 rowids)',
            }),
          ],
        },
      ],
    };
  } finally {
    backend.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
