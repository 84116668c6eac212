/**
 * `verify` on an export folder and the `sohoa export` / `sohoa verify` commands (called as
 * functions, as electron/cli/main.ts dispatches them).
 */
import { ZipArchive } from 'archiver';
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportCommand, verifyCommand } from '../../../electron/cli/export-commands';
import { makeBookPdf } from '../../fixtures/scans';
import { createRecord, ghData, makeExportBook, EXPORT_BOOK_METADATA } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, readZip } from './helpers';

const BASE = 'GH.04567.2018.01-2018';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs a command function, capturing what it prints. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await run();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

async function exportedFolder() {
  const backend = await testBackend();
  const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
  const out = await tempDir('sohoa-export-');
  const service = exportServiceFor(backend, out);
  await service.exportBook(fixture.book.id, out);
  return { backend, fixture, out, service };
}

const failed = (report: Awaited<ReturnType<ReturnType<typeof exportServiceFor>['verifyFolder']>>) =>
  report.books.flatMap((b) => b.checks.filter((c) => c.status === 'fail'));

describe('verify', () => {
  it('passes on a complete export', async () => {
    const { backend, out } = await exportedFolder();
    await fs.writeFile(path.join(out, `.${BASE}.zip.0badc0de.part`), 'half');
    const run = await capture(() => verifyCommand(backend, [out]));
    expect(run.code).toBe(0);
    expect(run.out).toContain('Lưu ý: Có 1 tệp tạm của một lần xuất bị hủy hoặc gián đoạn');
    expect(run.out).toContain(`GH quyển 01/2018 — UBND xã Tân Lập: ĐẠT`);
    expect(run.out).toContain('Kết quả: ĐẠT — 1 sổ');
  });

  it('fails when a PDF is missing from the zip', async () => {
    const { backend, out, service } = await exportedFolder();
    const zipFile = path.join(out, `${BASE}.zip`);
    const files = await readZip(zipFile);
    const archive = new ZipArchive({ store: true });
    const written = createWriteStream(`${zipFile}.new`);
    archive.pipe(written);
    for (const file of files.filter((f) => f.name !== `${BASE}.03-2018.pdf`))
      archive.append(file.bytes, { name: file.name });
    await archive.finalize();
    await finished(written);
    await fs.rename(`${zipFile}.new`, zipFile);

    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    const names = failed(report).find((c) => c.id === 'zip.names')!;
    expect(names.details).toEqual([`Thiếu tệp ${BASE}.03-2018.pdf (STT 3, số 03/2018)`]);
    expect(failed(report).find((c) => c.id === 'zip.count')).toMatchObject({ expected: '5', actual: '4' });
    expect(failed(report).find((c) => c.id === 'files.hash')!.details![0]).toContain(
      `tệp nén PDF ${BASE}.zip đã bị thay đổi sau khi xuất`,
    );
    const run = await capture(() => verifyCommand(backend, [out]));
    expect(run.code).toBe(1);
    expect(run.out).toContain(`Thiếu tệp ${BASE}.03-2018.pdf`);
    expect(run.out).toContain('Kết quả: KHÔNG ĐẠT');
  });

  it('fails when the Excel file has an extra row', async () => {
    const { out, service } = await exportedFolder();
    const file = path.join(out, `${BASE}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet('DL Import')!.addRow(['6', '06/2018', '01/2018', '9']);
    await wb.xlsx.writeFile(file);

    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(failed(report).find((c) => c.id === 'excel.rows')).toMatchObject({
      expected: '5',
      actual: '6',
      details: ['Thừa 1 dòng'],
    });
    expect(failed(report).find((c) => c.id === 'excel.content')!.details).toContain(
      'Dòng 7 thừa: không có trường hợp nào tương ứng',
    );
  });

  it('fails when one byte of a PDF changed', async () => {
    const { out, service } = await exportedFolder();
    const zipFile = path.join(out, `${BASE}.zip`);
    const bytes = await fs.readFile(zipFile);
    const at = bytes.indexOf('%PDF-', bytes.indexOf(`${BASE}.02-2018.pdf`)) + 40;
    bytes[at] = bytes[at]! ^ 0xff;
    await fs.writeFile(zipFile, bytes);

    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(failed(report).find((c) => c.id === 'zip.hash')!.details).toEqual([
      `${BASE}.02-2018.pdf (STT 2, số 02/2018): nội dung khác với lúc xuất (SHA-256 không khớp)`,
    ]);
    expect(failed(report).map((c) => c.id)).toContain('files.hash');
  });

  it('fails on a folder without a manifest, or with a report missing', async () => {
    const { out, service, backend } = await exportedFolder();
    await fs.rm(path.join(out, `${BASE}.nghiem-thu.pdf`));
    const report = await service.verifyFolder(out);
    expect(failed(report).find((c) => c.id === 'files.present')!.details).toEqual([
      `Thiếu báo cáo nghiệm thu PDF: ${BASE}.nghiem-thu.pdf`,
    ]);
    const empty = await tempDir('sohoa-empty-');
    const run = await capture(() => verifyCommand(backend, [empty]));
    expect(run.code).toBe(1);
    expect(run.out).toContain('Thư mục không có tệp kê khai');
  });

  it('fails on an unreadable manifest with its name', async () => {
    const { out, service } = await exportedFolder();
    await fs.writeFile(path.join(out, `${BASE}.manifest.json`), '{"format": "sohoa-hotich-export"');
    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(report.books[0]!.checks[0]).toMatchObject({ id: 'manifest', status: 'fail' });
    expect(report.books[0]!.checks[0]!.details![0]).toContain(`${BASE}.manifest.json`);
  });
});

describe('sohoa export', () => {
  it('exports one book with --book and --out, with a naming template', async () => {
    const backend = await testBackend();
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const out = await tempDir('sohoa-export-');
    const run = await capture(() =>
      exportCommand(backend, ['--book', book.id, '--out', out, '--naming', '{LOAI}_{so}', '--data-dir', '/x']),
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('ĐẠT: 5 trường hợp, 5 dòng Excel, 5 tệp PDF (6 trang)');
    expect((await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name)[3]).toBe('GH_03-2018_2.pdf');
    expect((await capture(() => verifyCommand(backend, [out]))).code).toBe(0);
  });

  it('exports every book with --all, giving a book of the same name its own files', async () => {
    const backend = await testBackend();
    await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const scans = await tempDir('sohoa-scans-');
    const twin = await backend.services.books.importBook(EXPORT_BOOK_METADATA, [
      { path: await makeBookPdf(path.join(scans, 'b.pdf'), 1), name: 'b.pdf' },
    ]);
    await createRecord(backend, twin.book.id, ghData('01/2018', 1, { trungSoLyDo: 'Sổ thứ hai cùng quyển số' }), [
      twin.book.pages[0]!.id,
    ]);
    await backend.services.books.importBook(
      { type: 'LH', office: 'UBND xã Tân Lập', volume: '01/2019', yearOpened: 2019 },
      [{ path: await makeBookPdf(path.join(scans, 'c.pdf'), 1), name: 'c.pdf' }],
    );
    const out = await tempDir('sohoa-export-');
    const run = await capture(() => exportCommand(backend, ['--all', '--out', out]));
    expect(run.code).toBe(0);
    expect(run.out).toContain('Bỏ qua LH quyển 01/2019 — UBND xã Tân Lập: Sổ chưa có trường hợp nào');
    expect(run.out).toContain(`Kết quả: đã xuất 2 sổ vào ${out}, bỏ qua 1 sổ`);
    const names = (await fs.readdir(out)).sort();
    expect(names.filter((n) => n.endsWith('.manifest.json'))).toEqual([
      `${BASE}.2.manifest.json`,
      `${BASE}.manifest.json`,
    ]);
    const verified = await capture(() => verifyCommand(backend, [out, '--json']));
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, books: [{ ok: true }, { ok: true }] });
  });

  it('explains a wrong command line and exits 2', async () => {
    const backend = await testBackend();
    const neither = await capture(() => exportCommand(backend, ['--out', '/tmp/x']));
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('Cần đúng một trong hai: --book ID hoặc --all');
    const naming = await capture(() => exportCommand(backend, ['--all', '--naming', '{LOAI}.{ten}.pdf']));
    expect(naming.code).toBe(2);
    expect(naming.err).toContain('Mẫu tên tệp có phần không rõ {ten}');
    const out = await tempDir();
    const unknown = await capture(() =>
      exportCommand(backend, ['--book', '01234567-89ab-7def-8123-456789abcdef', '--out', out]),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Không tìm thấy sổ này');
  });
});
