import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openBackend, type Backend, type BackendOptions } from '../../../electron/backend/app';
import type { RequestContext } from '../../../electron/backend/context';
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

/** A backend whose `dispatch` acts as the backend's local request unless told otherwise. */
export type TestBackend = Backend & {
  dispatch(name: string, input: unknown, request?: RequestContext): ReturnType<Backend['dispatch']>;
};

/** A backend on a real SQLite file in a fresh temporary data folder. */
export async function testBackend(
  dataDir?: string,
  extra: Pick<BackendOptions, 'writeHooks'> = {},
): Promise<TestBackend> {
  const dir = dataDir ?? (await tempDir());
  const backend = await openBackend({
    ...extra,
    dataDir: dir,
    migrationsDir: MIGRATIONS_DIR,
    actor: 'can-bo-test',
    onInternalError: () => {},
    // Never the real Documents folder of the machine running the tests.
    exportDir: path.join(dir, 'exports'),
  });
  cleanups.push(async () => backend.close());
  const dispatch = backend.dispatch;
  return Object.assign(backend, {
    dispatch: (name: string, input: unknown, request: RequestContext = backend.localRequest) =>
      dispatch(name, input, request),
  });
}

export const ghMetadata = { type: 'GH' as const, office: 'UBND xã Tân Lập', volume: '01/2018', yearOpened: 2018 };

/** A GH book of `pages` pages imported from a real PDF. */
export async function ghBook(backend: Backend, pages = 3) {
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
