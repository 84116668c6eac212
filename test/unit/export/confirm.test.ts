/**
 * What an export asks the clerk to confirm, and the folder it writes into: a book without mã
 * ĐVHC, an earlier export of the same book in the folder, a folder that cannot be written.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ensureWritableDir } from '../../../electron/backend/export/folder';
import { exportCommand } from '../../../electron/cli/export-commands';
import type { JobStatus } from '../../../shared/jobs/job';
import { createRecord, ghData, makeExportBook } from '../../fixtures/export-book';
import { makeBookPdf } from '../../fixtures/scans';
import { tempDir, testBackend } from '../backend/helpers';
import { waitForJob } from '../backend/jobs';
import { exportServiceFor, folderHashes } from './helpers';

const BASE = 'GH.04567.2018.01-2018';

async function bookWithoutCode() {
  const backend = await testBackend();
  const scans = await tempDir('sohoa-scans-');
  const { book } = await backend.services.books.importBook(
    { type: 'GH', office: 'UBND xã Hòa Bình', volume: '01/2018', yearOpened: 2018 },
    [{ path: await makeBookPdf(path.join(scans, 'so.pdf'), 1), name: 'so.pdf' }],
  );
  await createRecord(backend, book.id, ghData('01/2018', 1), [book.pages[0]!.id]);
  return { backend, book };
}

async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await run(), out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('a book without mã ĐVHC', () => {
  it('asks for a confirmation in the pre-export check and refuses to export without it', async () => {
    const { backend, book } = await bookWithoutCode();
    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(backend, out);
    const pre = await service.precheck(book.id);
    expect(pre.needsConfirmation).toEqual(['noOfficeCode']);
    expect(pre.items[0]).toMatchObject({
      kind: 'book',
      severity: 'warning',
      message: expect.stringContaining('phần mã này trong tên các tệp xuất sẽ để trống (ví dụ GH..2018.01-2018.xlsx)'),
    });
    await expect(service.exportBook(book.id, out)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('Sổ chưa có mã đơn vị hành chính'),
      details: { confirm: 'noOfficeCode' },
    });
    expect(await fs.readdir(out)).toEqual([]);

    const result = await service.exportBook(book.id, out, { confirmNoOfficeCode: true });
    expect(result.ok).toBe(true);
    // The empty segment stays: the year is still third, the volume fourth.
    expect((await fs.readdir(out)).sort()).toEqual([
      'GH..2018.01-2018.manifest.json',
      'GH..2018.01-2018.nghiem-thu.pdf',
      'GH..2018.01-2018.nghiem-thu.xlsx',
      'GH..2018.01-2018.xlsx',
      'GH..2018.01-2018.zip',
    ]);
    expect(result.files.find((f) => f.role === 'excel')!.name).toBe('GH..2018.01-2018.xlsx');
    expect((await service.verifyFolder(out)).ok).toBe(true);
  });

  it('fails the API call at once, with the confirmation to ask for', async () => {
    const { backend, book } = await bookWithoutCode();
    const refused = await backend.dispatch('export.book', { bookId: book.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { confirm: 'noOfficeCode' } } });
    const started = await backend.dispatch('export.book', { bookId: book.id, confirmNoOfficeCode: true });
    const job = (await waitForJob(backend, started)) as JobStatus;
    expect(job.state).toBe('done');
  });

  it('needs --confirm-no-office-code on the command line', async () => {
    const { backend, book } = await bookWithoutCode();
    const out = await tempDir('sohoa-export-');
    const refused = await capture(() => exportCommand(backend, ['--book', book.id, '--out', out]));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Không xuất được: Sổ chưa có mã đơn vị hành chính');
    expect(refused.err).toContain('Thêm --confirm-no-office-code');
    const all = await capture(() => exportCommand(backend, ['--all', '--out', out]));
    expect(all.code).toBe(1);
    expect(all.out).toContain('Thêm --confirm-no-office-code để xuất cả các sổ chưa có mã ĐVHC.');
    const confirmed = await capture(() =>
      exportCommand(backend, ['--book', book.id, '--out', out, '--confirm-no-office-code']),
    );
    expect(confirmed.code).toBe(0);
    expect(await fs.readdir(out)).toContain('GH..2018.01-2018.zip');
  });
});

describe('an earlier export of the same book in the folder', () => {
  it('is replaced only with replace: true; without it the folder stays as it was', async () => {
    const backend = await testBackend();
    const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const out = await tempDir('sohoa-export-');
    const service = exportServiceFor(backend, out);
    await service.exportBook(fixture.book.id, out);
    const before = await folderHashes(out);
    await expect(service.exportBook(fixture.book.id, out)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Thư mục ${out} đã có bản xuất trước của sổ này (${BASE}.manifest.json). Xác nhận thay thế để xuất lại; bản cũ sẽ bị ghi đè`,
      details: { confirm: 'replace' },
    });
    expect(await folderHashes(out)).toEqual(before);
    // The API exports into the user's export folder (chosen in Electron's main process).
    await backend.gate.chooseExportDir(backend.session, out);
    const refused = await backend.dispatch('export.book', { bookId: fixture.book.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { confirm: 'replace' } } });

    // A file of the export's name without a manifest is not overwritten silently either.
    const other = await tempDir('sohoa-export-');
    await fs.writeFile(path.join(other, `${BASE}.xlsx`), 'tệp của người khác');
    await expect(service.exportBook(fixture.book.id, other)).rejects.toMatchObject({
      details: { confirm: 'replace', existing: `${BASE}.xlsx` },
    });

    expect((await service.exportBook(fixture.book.id, out, { replace: true })).ok).toBe(true);
    const cli = await capture(() => exportCommand(backend, ['--book', fixture.book.id, '--out', out]));
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('Thêm --replace để thay bản xuất trước.');
    expect(
      (await capture(() => exportCommand(backend, ['--book', fixture.book.id, '--out', out, '--replace']))).code,
    ).toBe(0);
  });
});

describe('the export folder', () => {
  it('must be absolute, a folder, creatable and writable: else a clear Vietnamese message', async () => {
    const base = await tempDir();
    await expect(ensureWritableDir('exports')).rejects.toThrow('Thư mục phải là đường dẫn đầy đủ');
    const file = path.join(base, 'tep.txt');
    await fs.writeFile(file, 'x');
    await expect(ensureWritableDir(file)).rejects.toThrow(
      `${file} là một tệp, không phải thư mục; hãy chọn thư mục khác`,
    );
    await expect(ensureWritableDir(path.join(file, 'con'))).rejects.toThrow(
      `Không tạo được thư mục ${path.join(file, 'con')}; hãy chọn thư mục khác`,
    );
    // A folder nobody can create files in, even root: procfs (Linux, where the tests run).
    if (process.platform === 'linux') {
      await expect(ensureWritableDir('/proc')).rejects.toThrow(
        'Không ghi được vào thư mục /proc (không có quyền ghi?); hãy chọn thư mục khác',
      );
    }
    const created = path.join(base, 'Tài liệu', 'SoHoaHoTich');
    expect(await ensureWritableDir(created)).toBe(created);
    expect(await fs.readdir(created)).toEqual([]);
  });
});
