import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import {
  KEY_FILE_NAME,
  openGate,
  type Gate,
  type GateOptions,
  type Session,
} from '../../../electron/backend/accounts/gate';
import { readKeyFile } from '../../../electron/backend/accounts/key-file';
import { unwrapKey } from '../../../electron/backend/accounts/passwords';
import { openBackend, type Backend, type BackendOptions } from '../../../electron/backend/app';
import { openDatabase } from '../../../electron/backend/db/database';
import type { RecordDetail } from '../../../shared/records/record';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { makeBookPdf } from '../../fixtures/scans';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export async function tempDir(prefix = 'sohoa-test-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The administrator every test backend is set up with. */
export const TEST_ADMIN = { fullName: 'Cán Bộ Test', userName: 'can-bo-test', password: 'mat-khau-test' };

/** Cheap scrypt for tests (the parameters are stored beside every hash, so any cost verifies). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1, keyLength: 32 };

/**
 * A backend whose `dispatch` goes through the account gate as the logged-in test administrator
 * (`dispatchAs` calls the backend's own dispatcher with any request context).
 */
export type TestBackend = Omit<Backend, 'dispatch'> & {
  dispatch(name: string, input: unknown): ReturnType<Backend['dispatch']>;
  dispatchAs: Backend['dispatch'];
  gate: Gate;
  session: Session;
  ready(): Promise<Backend>;
};

/** A fresh data folder with the test administrator set up, for the command line to log in to. */
export async function dataWithAdmin(): Promise<string> {
  const dir = await tempDir();
  const { gate } = await testGate(dir);
  gate.close();
  return dir;
}

/** The account gate on a data folder: a fresh folder gets the test administrator, an old one logs in. */
export async function testGate(
  dir: string,
  backend: GateOptions['backend'] = {},
): Promise<{ gate: Gate; session: Session }> {
  const gate = await openGate({
    dataDir: dir,
    migrationsDir: MIGRATIONS_DIR,
    scrypt: TEST_SCRYPT,
    onInternalError: () => {},
    // Never the real Documents folder of the machine running the tests.
    backend: { exportDir: path.join(dir, 'exports'), ...backend },
  });
  const session: Session = { user: null };
  if (gate.setupNeeded()) await gate.setup(TEST_ADMIN, session);
  else await gate.login(TEST_ADMIN, session);
  return { gate, session };
}

/** A backend on a real, encrypted SQLite file in a fresh temporary data folder, logged in as admin. */
export async function testBackend(
  dataDir?: string,
  extra: Pick<BackendOptions, 'writeHooks' | 'exportDir' | 'exportDirFixed' | 'sync' | 'syncIntervalMs'> = {},
): Promise<TestBackend> {
  const dir = dataDir ?? (await tempDir());
  const { gate, session } = await testGate(dir, extra);
  cleanups.push(async () => gate.close());
  const backend = gate.backend()!;
  // Direct service calls in tests act as the test administrator too.
  backend.actAs(gate.requestFor(session));
  const dispatchAs = backend.dispatch;
  return Object.assign(backend, {
    dispatch: (name: string, input: unknown) => gate.dispatch(name, input, session),
    dispatchAs,
    gate,
    session,
    /** Already open: the CLI's lazily opened backend, for verbs called in-process. */
    ready: async (): Promise<Backend> => backend,
  });
}

export const ghMetadata = { type: 'GH' as const, office: 'UBND xã Tân Lập', volume: '01/2018', yearOpened: 2018 };

/** A GH book of `pages` pages imported from a real PDF. */
export async function ghBook(backend: Pick<Backend, 'services'>, pages = 3) {
  const dir = await tempDir('sohoa-scans-');
  const pdf = await makeBookPdf(path.join(dir, 'so.pdf'), pages);
  const report = await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so.pdf' }]);
  return report.book;
}

export const ghEntry = {
  so: '01/2018',
  quyenSo: '01/2018',
  trangSo: 1,
  ngayDangKy: '2018-03-05',
  loaiGiamHo: 'cu',
  nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh: '1970' }],
  nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phượng', ngaySinh: '2010-07-12' },
};

/** The data key of a test folder, unwrapped with the test administrator's password. */
export async function testDataKey(databaseFile: string): Promise<Buffer> {
  const keys = readKeyFile(path.join(path.dirname(databaseFile), KEY_FILE_NAME));
  const slot = keys?.slots.find((s) => s.kind === 'user' && s.userName === TEST_ADMIN.userName);
  const key = slot ? await unwrapKey(slot.key, TEST_ADMIN.password) : null;
  if (!key) throw new Error(`no key slot of ${TEST_ADMIN.userName} beside ${databaseFile}`);
  return key;
}

/**
 * The database file opened as the sqlite3 shell would, with the key but without the app (no
 * migrations, no functions): what someone editing rows behind the app's back has.
 */
export async function rawDatabase(databaseFile: string, options: { readonly?: boolean } = {}) {
  const key = await testDataKey(databaseFile);
  const raw = new Sqlite(databaseFile, { readonly: options.readonly ?? false });
  raw.pragma(`cipher='sqlcipher'`);
  raw.pragma(`key="x'${key.toString('hex')}'"`);
  return raw;
}

/** The migrations folder as it was before migration `idx` (for a test of that migration). */
export async function migrationsBefore(idx: number): Promise<string> {
  const dir = await tempDir('sohoa-migrations-');
  await fs.mkdir(path.join(dir, 'meta'));
  const journal = JSON.parse(await fs.readFile(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx < idx);
  await fs.writeFile(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) {
    await fs.copyFile(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  }
  return dir;
}

/**
 * Today's backend on the migrations before `idx` (plaintext, as the migration tests run) opened on
 * `dataDir`. Today's code reads and writes `pages.view_sha256` (migration 0016, one nullable
 * column), so an older database gets that column first, by hand and outside the journal: the
 * migration under test then runs on data today's code could write. Such a database must not be
 * opened later with migration 0016 itself (the column is there already); the migration tests
 * that use this stop before it.
 */
export async function todaysBackendBefore(idx: number, dataDir: string): Promise<Backend> {
  const migrationsDir = await migrationsBefore(idx);
  if (idx <= 16) {
    const db = openDatabase({ file: path.join(dataDir, 'sohoa.sqlite'), migrationsDir });
    try {
      const columns = db.sqlite.prepare('PRAGMA table_info(pages)').all() as { name: string }[];
      if (!columns.some((c) => c.name === 'view_sha256')) db.sqlite.exec('ALTER TABLE pages ADD view_sha256 text');
    } finally {
      db.close();
    }
  }
  return openBackend({ dataDir, migrationsDir, onInternalError: () => {} });
}

/**
 * Today's backend on the migrations before `idx` (see todaysBackendBefore), in a fresh data
 * folder, holding a one-page GH book with one entry: the data a migration must keep.
 */
export async function backendWithEntryBefore(idx: number) {
  const dataDir = await tempDir();
  const old = await todaysBackendBefore(idx, dataDir);
  const book = await ghBook(old, 1);
  const created = await old.dispatch(
    'records.create',
    { bookId: book.id, data: ghEntry, pages: [{ pageId: book.pages[0]!.id }] },
    old.localRequest,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { dataDir, old, book, entry: created.result as RecordDetail };
}
