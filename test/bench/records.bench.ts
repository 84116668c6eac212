/**
 * Entries at scale: how long a bulk load (record import) of 10 000 and 100 000 entries takes beside
 * its floor (the same rows inserted by raw SQL into the same schema), how long saving one entry
 * takes (each in its own durable transaction, as the form saves), and how long a search by name or
 * number takes, on a database of 100 000 entries.
 */
import type Sqlite from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBackend, type Backend } from '../../electron/backend/app';
import { openDatabase } from '../../electron/backend/db/database';
import { ftsQuery, IMPORT_CHUNK } from '../../electron/backend/records/records-service';
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

/** Entries per import call (one book each) of a bulk load. */
const PER_BOOK = ENTRIES / BOOKS;

async function fill(backend: Backend, bookIds: { id: string; pageIds: string[] }[]): Promise<number> {
  const started = performance.now();
  const perBook = PER_BOOK;
  const total = perBook * bookIds.length;
  // Loading, not typing: one import per book, through the same service and checks as the form.
  for (const [b, book] of bookIds.entries()) {
    const year = 2000 + b;
    const items = Array.from({ length: perBook }, (_, i) => ({
      data: entry(b * perBook + i, year, i + 1, 1 + (i % book.pageIds.length)),
      pages: [{ pageId: book.pageIds[i % book.pageIds.length]! }],
    }));
    // Nothing else uses this data folder: no pause between the import's writes.
    const result = await backend.services.records.importMany(book.id, items, { skipInvalid: false, pauseMs: 0 });
    if (result.rejected.length > 0) throw new Error(`bench data rejected: ${JSON.stringify(result.rejected[0])}`);
    progress(`entries: ${(b + 1) * perBook} / ${total}`);
  }
  return performance.now() - started;
}

/** Rows of `table` as objects, for re-inserting them by column name. */
function insertFor(db: Sqlite.Database, table: string, columns: string[]): Sqlite.Statement {
  return db.prepare(
    `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
}

function columnsOf(db: Sqlite.Database, table: string): string[] {
  return db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
}

/**
 * The floor of a bulk load: the very rows the app's import wrote (entries, page links, audit
 * events, outbox rows, the import runs and their entries; the search index filled by the schema's
 * own triggers) inserted again by prepared raw SQL into a fresh database of the same schema and
 * settings (encrypted, WAL, synchronous=FULL, foreign keys), IMPORT_CHUNK entries per
 * transaction as the import commits. Only the inserts are timed (reading the source is not).
 */
function floorLoad(source: Sqlite.Database, auditFrom: number, dir: string, key: Buffer): number {
  const target = openDatabase({ file: path.join(dir, 'floor.sqlite'), migrationsDir: MIGRATIONS_DIR, key });
  try {
    const db = target.sqlite;
    // What the entries refer to (not timed): the books, their files and pages.
    for (const table of ['books', 'scan_files', 'pages']) {
      const columns = columnsOf(source, table);
      const insert = insertFor(db, table, columns);
      db.transaction(() => {
        for (const row of source.prepare(`SELECT * FROM ${table}`).iterate())
          insert.run(row as Record<string, unknown>);
      })();
    }
    const tables = ['entries', 'entry_pages', 'audit_log', 'outbox', 'import_runs', 'import_run_entries'];
    const inserts = Object.fromEntries(tables.map((t) => [t, insertFor(db, t, columnsOf(source, t))]));
    // Read run by run, chunk by chunk, each by an index (reading is not timed, but should not crawl).
    const runs = source.prepare('SELECT * FROM import_runs ORDER BY started_at, rowid').all() as Record<
      string,
      unknown
    >[];
    const entriesOfRun = source.prepare('SELECT entry_id FROM import_run_entries WHERE import_id = ? ORDER BY rowid');
    const inSlice = 'IN (SELECT value FROM json_each(?))';
    const reads = {
      entries: source.prepare(`SELECT * FROM entries WHERE id ${inSlice} ORDER BY rowid`),
      entry_pages: source.prepare(`SELECT * FROM entry_pages WHERE entry_id ${inSlice} ORDER BY rowid`),
      audit_log: source.prepare(
        `SELECT * FROM audit_log WHERE entity_type = 'entry' AND entity_id ${inSlice} AND +seq >= ${auditFrom} ORDER BY seq`,
      ),
      outbox: source.prepare(
        `SELECT * FROM outbox WHERE entity_type = 'entry' AND entity_id ${inSlice} AND +audit_seq >= ${auditFrom} ORDER BY seq`,
      ),
    };
    let timed = 0;
    for (const run of runs) {
      const ids = entriesOfRun.pluck().all(run.id) as string[];
      for (let i = 0; i < ids.length; i += IMPORT_CHUNK) {
        const slice = JSON.stringify(ids.slice(i, i + IMPORT_CHUNK));
        const rows = Object.fromEntries(
          Object.entries(reads).map(([table, read]) => [table, read.all(slice) as Record<string, unknown>[]]),
        );
        const runEntries = ids.slice(i, i + IMPORT_CHUNK).map((entryId) => ({ import_id: run.id, entry_id: entryId }));
        const started = performance.now();
        db.transaction(() => {
          if (i === 0) inserts.import_runs!.run(run);
          for (const table of ['entries', 'entry_pages', 'audit_log', 'outbox'] as const) {
            for (const row of rows[table]!) inserts[table]!.run(row);
          }
          for (const row of runEntries) inserts.import_run_entries!.run(row);
        }).immediate();
        timed += performance.now() - started;
      }
    }
    return timed;
  } finally {
    target.close();
  }
}

/** A bulk load of `count` entries (PER_BOOK per book) into a fresh encrypted data folder, beside its floor. */
async function bulkLoad(count: number): Promise<{ appMs: number; floorMs: number; entries: number }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-load-'));
  const key = randomBytes(32);
  const backend = await openBackend({
    dataDir,
    migrationsDir: MIGRATIONS_DIR,
    key,
    actor: 'bench',
    onInternalError: () => {},
  });
  try {
    const pdf = await makeBookPdf(path.join(dataDir, 'so.pdf'), 50);
    const books: { id: string; pageIds: string[] }[] = [];
    for (let b = 0; b < Math.ceil(count / PER_BOOK); b++) {
      const { book } = await backend.services.books.importBook(
        { type: 'GH', office: `UBND xã ${b}`, volume: `01/${2000 + b}`, yearOpened: 2000 + b },
        [{ path: pdf, name: 'so.pdf' }],
      );
      books.push({ id: book.id, pageIds: book.pages.map((p) => p.id) });
    }
    const auditFrom =
      ((backend.db.sqlite.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0) + 1;
    const appMs = await fill(backend, books);
    const entries = backend.db.sqlite.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    progress(`floor: ${entries} entries by raw SQL`);
    const floorMs = floorLoad(backend.db.sqlite, auditFrom, dataDir, key);
    return { appMs, floorMs, entries };
  } finally {
    backend.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** App, floor, per-entry times and their ratio for a bulk load of `count` entries. */
function loadFigures(size: string, load: { appMs: number; floorMs: number; entries: number }): Figure[] {
  const perEntryUs = (totalMs: number) => Math.round((totalMs * 1000) / load.entries);
  const ratio = load.appMs / load.floorMs;
  return [
    {
      ...ms(
        `records.load_${size}_ms`,
        `Bulk load ${load.entries.toLocaleString('en')} entries (record import)`,
        load.appMs,
      ),
      ...(load.entries >= 100_000 ? { aim: { max: 15_000, text: '≤ 15 s' } } : {}),
    },
    ms(
      `records.load_${size}_floor_ms`,
      `  floor: the same rows by raw SQL, same schema (ratio ${ratio.toFixed(2)}×)`,
      load.floorMs,
    ),
    {
      key: `records.load_${size}_us_per_entry`,
      label: `  per entry: app ${perEntryUs(load.appMs)} µs, floor ${perEntryUs(load.floorMs)} µs`,
      value: perEntryUs(load.appMs),
      unit: 'count',
      note: 'µs',
    },
  ];
}

/** `node --import tsx test/bench/records.bench.ts load 10000`: the bulk load alone (before/after runs). */
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'load') {
  const count = Number(process.argv[3] ?? 10_000);
  const load = await bulkLoad(count);
  for (const f of loadFigures(String(count), load)) console.log(`${f.label.trim()}: ${f.value?.toFixed(0)}`);
}

export async function runRecordsBench(): Promise<BenchResult> {
  // The bulk load at 10 000 entries in a data folder of its own; at 100 000, the fill below.
  const small = await bulkLoad(10_000);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-records-'));
  // Encrypted, as the app's database is.
  const key = randomBytes(32);
  const backend = await openBackend({
    dataDir,
    migrationsDir: MIGRATIONS_DIR,
    key,
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
    const auditFrom =
      ((backend.db.sqlite.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0) + 1;
    const loadMs = await fill(backend, books);
    const loaded = backend.db.sqlite.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    progress(`floor: ${loaded} entries by raw SQL`);
    const load = { appMs: loadMs, floorMs: floorLoad(backend.db.sqlite, auditFrom, dataDir, key), entries: loaded };

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
            ...loadFigures('10k', small),
            ...loadFigures('100k', load),
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
