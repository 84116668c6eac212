/**
 * A full disk and a read-only data folder: one clear Vietnamese message, and nothing half-written
 * (no partial row, no half file in files/tmp, the database still sound). Needs root to mount a
 * small tmpfs and a read-only bind mount; skipped, with the reason, where that is not possible.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/app';
import {
  appErrorFrom,
  STORAGE_FULL_MESSAGE,
  STORAGE_READ_ONLY_MESSAGE,
} from '../../../electron/backend/api/system-errors';
import { MIGRATIONS_DIR } from '../../../electron/backend/source-paths';
import { makeBookPdf } from '../../fixtures/scans';
import { ghEntry, ghMetadata, tempDir } from './helpers';
import { waitForJob } from './jobs';

const mounted: string[] = [];
let cannotMount: string | undefined;

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

beforeAll(async () => {
  if (process.platform !== 'linux') return void (cannotMount = 'mounting a tmpfs needs Linux');
  if (process.getuid?.() !== 0) return void (cannotMount = 'mounting a tmpfs needs root');
  const probe = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-mount-probe-'));
  try {
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    execFileSync('umount', [probe]);
  } catch (error) {
    cannotMount = `mount refused (${String(error).split('\n')[0]}): no CAP_SYS_ADMIN in this container?`;
  } finally {
    await fs.rmdir(probe).catch(() => undefined);
  }
});

afterEach(async () => {
  while (mounted.length) {
    const dir = mounted.pop()!;
    execFileSync('umount', ['-l', dir]);
  }
});

function skipUnlessMountable(ctx: TestContext): void {
  if (cannotMount) ctx.skip(cannotMount);
}

async function smallDisk(size: string): Promise<string> {
  const dir = await tempDir('sohoa-tmpfs-');
  mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

/** Fills the disk of `dir` to the last byte. */
async function fill(dir: string): Promise<string> {
  const filler = path.join(dir, 'filler');
  const handle = await fs.open(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        await handle.write(chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
    // The last partial block.
    for (;;) {
      try {
        await handle.write(Buffer.alloc(512, 1));
      } catch {
        break;
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  return filler;
}

async function open(dataDir: string): Promise<Backend> {
  return openBackend({ dataDir, migrationsDir: MIGRATIONS_DIR, actor: 't', onInternalError: () => {} });
}

async function createdBook(backend: Backend, scans: string) {
  const pdf = await makeBookPdf(path.join(scans, 'so.pdf'), 1);
  return (await backend.services.books.importBook(ghMetadata, [{ path: pdf, name: 'so.pdf' }])).book;
}

function counts(backend: Backend) {
  const count = (table: string) =>
    (backend.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { books: count('books'), entries: count('entries'), pages: count('pages'), audit: count('audit_log') };
}

describe('a full disk', () => {
  it('an entry save says the disk is full, saves nothing, and the database stays sound', async (ctx) => {
    skipUnlessMountable(ctx);
    const dataDir = await smallDisk('4m');
    const scans = await tempDir();
    const backend = await open(dataDir);
    try {
      const book = await createdBook(backend, scans);
      const before = counts(backend);
      const filler = await fill(dataDir);
      const data = { ...ghEntry, ghiChu: 'x'.repeat(900) };
      let response = await backend.dispatch(
        'records.create',
        {
          bookId: book.id,
          data,
          pages: [{ pageId: book.pages[0]!.id }],
        },
        backend.localRequest,
      );
      // SQLite may still fit one small write in a page it had: fill on until it cannot.
      for (let so = 2; response.ok && so < 200; so++) {
        before.entries++;
        before.audit++;
        response = await backend.dispatch(
          'records.create',
          {
            bookId: book.id,
            data: { ...data, so: `${so}/2018` },
            pages: [{ pageId: book.pages[0]!.id }],
          },
          backend.localRequest,
        );
      }
      expect(response).toEqual({
        ok: false,
        error: { code: 'STORAGE_FULL', message: STORAGE_FULL_MESSAGE, details: expect.anything() },
      });
      await fs.rm(filler);
      expect(counts(backend)).toEqual(before);
      expect(backend.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      // Space again: the same entry saves.
      const again = await backend.dispatch(
        'records.create',
        {
          bookId: book.id,
          data: { ...data, so: '500/2018' },
          pages: [{ pageId: book.pages[0]!.id }],
        },
        backend.localRequest,
      );
      expect(again).toMatchObject({ ok: true });
    } finally {
      await backend.maintenance;
      backend.close();
    }
  });

  it('a scan import says the disk is full and leaves no book, no half file', async (ctx) => {
    skipUnlessMountable(ctx);
    const dataDir = await smallDisk('4m');
    const scans = await tempDir();
    const pdf = await makeBookPdf(path.join(scans, 'so.pdf'), 3);
    const backend = await open(dataDir);
    try {
      await backend.maintenance;
      const filler = await fill(dataDir);
      const { stagedId } = await backend.staging.stagePath(pdf);
      const job = await waitForJob(
        backend,
        await backend.dispatch('books.create', { ...ghMetadata, files: [{ stagedId }] }, backend.localRequest),
      );
      expect(job).toMatchObject({ state: 'failed', error: { code: 'STORAGE_FULL', message: STORAGE_FULL_MESSAGE } });
      await fs.rm(filler);
      expect(counts(backend).books).toBe(0);
      expect(await fs.readdir(backend.files.tmpDir).catch(() => [])).toEqual([]);
    } finally {
      backend.close();
    }
  });
});

describe('a full disk, for an upload', () => {
  it('a staged upload says the disk is full and keeps no partial file', async (ctx) => {
    skipUnlessMountable(ctx);
    const dataDir = await smallDisk('4m');
    const backend = await open(dataDir);
    try {
      await backend.maintenance;
      const filler = await fill(dataDir);
      const chunks = Array.from({ length: 8 }, () => Buffer.alloc(64 * 1024, 7));
      await expect(backend.staging.stageStream('so.pdf', Readable.from(chunks))).rejects.toMatchObject({
        code: 'STORAGE_FULL',
        message: STORAGE_FULL_MESSAGE,
      });
      expect(await fs.readdir(backend.staging.dir)).toEqual([]);
      await fs.rm(filler);
    } finally {
      backend.close();
    }
  });
});

describe('a read-only data folder', () => {
  async function readOnly(dir: string): Promise<void> {
    mount(['--bind', dir, dir]);
    mounted.push(dir);
    mount(['-o', 'remount,ro,bind', dir]);
  }

  // SQLite keeps the database open: a folder turning read-only under a running app is felt by
  // the next new file (a scan import), not by an entry save; both are covered at start below.
  it('a scan import into a folder that turned read-only says so and adds nothing', async (ctx) => {
    skipUnlessMountable(ctx);
    const dataDir = await tempDir();
    const scans = await tempDir();
    const backend = await open(dataDir);
    try {
      await backend.maintenance;
      const book = await createdBook(backend, scans);
      const before = counts(backend);
      await readOnly(dataDir);
      const pdf = await makeBookPdf(path.join(scans, 'them.pdf'), 1);
      const { stagedId } = await backend.staging.stagePath(pdf);
      const job = await waitForJob(
        backend,
        await backend.dispatch('books.addFiles', { bookId: book.id, files: [{ stagedId }] }, backend.localRequest),
      );
      expect(job).toMatchObject({
        state: 'failed',
        error: { code: 'STORAGE_READ_ONLY', message: STORAGE_READ_ONLY_MESSAGE },
      });
      expect(counts(backend)).toEqual(before);
    } finally {
      backend.close();
    }
  });

  it('opening a data folder that is read-only says so in Vietnamese', async (ctx) => {
    skipUnlessMountable(ctx);
    const dataDir = await tempDir();
    const first = await open(dataDir);
    await first.maintenance;
    first.close();
    await readOnly(dataDir);
    await expect(open(dataDir)).rejects.toMatchObject({
      code: 'STORAGE_READ_ONLY',
      message: STORAGE_READ_ONLY_MESSAGE,
    });
  });
});

describe('the one mapping of system failures', () => {
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
  it.each([
    ['ENOSPC', 'STORAGE_FULL'],
    ['EDQUOT', 'STORAGE_FULL'],
    ['SQLITE_FULL', 'STORAGE_FULL'],
    ['EROFS', 'STORAGE_READ_ONLY'],
    ['EACCES', 'STORAGE_READ_ONLY'],
    ['EPERM', 'STORAGE_READ_ONLY'],
    ['SQLITE_READONLY', 'STORAGE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'STORAGE_READ_ONLY'],
    ['SQLITE_CANTOPEN', 'STORAGE_READ_ONLY'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'VALIDATION'],
  ])('%s → %s with a Vietnamese message', (code, expected) => {
    const error = appErrorFrom(coded(code));
    expect(error?.code).toBe(expected);
    expect(error?.message).toMatch(/chưa lưu/);
    // Wrapped by a library: found through `cause`.
    expect(appErrorFrom(new Error('wrapped', { cause: coded(code) }))?.code).toBe(expected);
  });

  it('a failure outside the data folder names its file instead of blaming the data folder', () => {
    const onStick = Object.assign(coded('EROFS'), { path: '/media/usb/xuat/GH.xlsx' });
    expect(appErrorFrom(onStick, '/home/x/.local/share/SoHoaHoTich')).toMatchObject({
      code: 'STORAGE_READ_ONLY',
      message: expect.stringContaining('"/media/usb/xuat/GH.xlsx"'),
    });
    const full = Object.assign(coded('ENOSPC'), { path: '/media/usb/xuat/GH.zip' });
    expect(appErrorFrom(full, '/data')?.message).toMatch(/^Ổ đĩa chứa "\/media\/usb\/xuat\/GH.zip" đã đầy/);
    const inside = Object.assign(coded('EROFS'), { path: '/data/files/tmp/x' });
    expect(appErrorFrom(inside, '/data')?.message).toBe(STORAGE_READ_ONLY_MESSAGE);
  });

  it('SQLite reporting a full disk as a write error is a full disk; a real bug is left alone', () => {
    expect(appErrorFrom(coded('SQLITE_IOERR_WRITE', 'database or disk is full'))?.code).toBe('STORAGE_FULL');
    expect(appErrorFrom(new TypeError('x is undefined'))).toBeUndefined();
    expect(appErrorFrom(coded('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
  });
});
