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
import { ColumnHasher, columnLetter, rowCells } from '../../../electron/backend/export/checks';
import { sha256File, sha256Json } from '../../../electron/backend/export/files';
import { readSheetRows } from '../../../electron/backend/export/xlsx';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { exportManifestSchema } from '../../../shared/export/export';
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

/** Sets cells of the entries sheet (row 1 is the header) with exceljs, as a clerk in Excel would. */
async function editCells(file: string, edits: { row: number; column: string; value: string }[]) {
  const set = currentColumnSet('GH')!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('DL Import')!;
  for (const edit of edits) {
    sheet.getRow(edit.row).getCell(set.columns.findIndex((c) => c.column === edit.column) + 1).value = edit.value;
  }
  await wb.xlsx.writeFile(file);
}

/** Rebuilds a zip from `files` with archiver, then gives entries their raw names (archiver would clean them). */
async function writeZip(file: string, files: { name: string; bytes: Buffer; rawName?: string }[]) {
  const archive = new ZipArchive({ store: true });
  const written = createWriteStream(file);
  archive.pipe(written);
  for (const f of files) archive.append(f.bytes, { name: f.name });
  await archive.finalize();
  await finished(written);
  let bytes = await fs.readFile(file);
  for (const f of files.filter((f) => f.rawName)) {
    expect(f.rawName!.length).toBe(f.name.length);
    bytes = Buffer.from(bytes.toString('latin1').split(f.name).join(f.rawName!), 'latin1');
  }
  await fs.writeFile(file, bytes);
}

describe('verify names what differs', () => {
  it('names the changed cell of the Excel file: its column letter, header and row', async () => {
    const { out, service } = await exportedFolder();
    const set = currentColumnSet('GH')!;
    const ghiChu = columnLetter(set.columns.findIndex((c) => c.column === 'ghiChu'));
    await editCells(path.join(out, `${BASE}.xlsx`), [{ row: 3, column: 'ghiChu', value: 'Sửa tay trong Excel' }]);
    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(failed(report).find((c) => c.id === 'excel.content')!.details).toEqual([
      `dòng 3 (STT 2, số 02/2018): ô ${ghiChu}3 (cột ghiChu) ghi "Sửa tay trong Excel" — khác với lúc xuất`,
    ]);
  });

  it('lists the cells that may have changed when several rows and columns differ', async () => {
    const { out, service } = await exportedFolder();
    const set = currentColumnSet('GH')!;
    const letter = (column: string) => columnLetter(set.columns.findIndex((c) => c.column === column));
    await editCells(path.join(out, `${BASE}.xlsx`), [
      { row: 2, column: 'ghiChu', value: 'Khác' },
      { row: 4, column: 'nguoiKy', value: 'Người khác' },
    ]);
    const details = failed(await service.verifyFolder(out)).find((c) => c.id === 'excel.content')!.details;
    // Changed columns are listed in column order.
    const [first, second] = ['nguoiKy', 'ghiChu'].sort(
      (x, y) => set.columns.findIndex((c) => c.column === x) - set.columns.findIndex((c) => c.column === y),
    ) as [string, string];
    const refs = (row: number) => `${letter(first)}${row} (cột ${first}), ${letter(second)}${row} (cột ${second})`;
    expect(details).toEqual([
      `dòng 2 (STT 1, số 01/2018): nội dung khác với lúc xuất, ở một trong các ô ${refs(2)}`,
      `dòng 4 (STT 3, số 03/2018): nội dung khác với lúc xuất, ở một trong các ô ${refs(4)}`,
    ]);
  });

  it('fails when the manifest was rewritten to match a changed file but the reports were not', async () => {
    const { out, service } = await exportedFolder();
    const excelFile = path.join(out, `${BASE}.xlsx`);
    await editCells(excelFile, [{ row: 3, column: 'ghiChu', value: 'Sửa tay trong Excel' }]);
    // Someone recomputes every hash of the manifest for the edited file.
    const set = currentColumnSet('GH')!;
    const manifestFile = path.join(out, `${BASE}.manifest.json`);
    const manifest = exportManifestSchema.parse(JSON.parse(await fs.readFile(manifestFile, 'utf8')));
    const columns = new ColumnHasher(set.columns.length);
    await readSheetRows(excelFile, 1, (row) => {
      if (row.number === 1) return;
      const cells = rowCells(row.cells, set.columns.length);
      columns.add(cells);
      manifest.entries[row.number - 2]!.rowSha256 = sha256Json(cells);
    });
    const rewritten = await sha256File(excelFile);
    const old = manifest.files.excel.sha256;
    manifest.files.excel = { ...manifest.files.excel, ...rewritten, columnSha256: columns.digest() };
    await fs.writeFile(manifestFile, JSON.stringify(manifest));

    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(failed(report).map((c) => c.id)).toEqual(['reports.hashes']);
    expect(failed(report)[0]!.details).toEqual([
      `Báo cáo nghiệm thu Excel ghi SHA-256 của tệp Excel ${BASE}.xlsx là ${old.slice(0, 12)}…, tệp kê khai ghi ${rewritten.sha256.slice(0, 12)}…`,
      `Báo cáo nghiệm thu PDF không ghi SHA-256 ${rewritten.sha256.slice(0, 12)}… mà tệp kê khai ghi cho tệp Excel ${BASE}.xlsx`,
    ]);
  });

  it('names zip entries with unsafe paths and still checks the other entries', async () => {
    const { out, service, backend } = await exportedFolder();
    const zipFile = path.join(out, `${BASE}.zip`);
    const files = await readZip(zipFile);
    const changed = files.map((f) =>
      f.name === `${BASE}.02-2018.pdf` ? { ...f, bytes: Buffer.concat([f.bytes, Buffer.from('\n%thêm\n')]) } : f,
    );
    await writeZip(zipFile, [
      ...changed,
      { name: 'zz/zz/etc/evil.pdf', rawName: '../../etc/evil.pdf', bytes: Buffer.from('%PDF-1.4') },
      { name: 'ztmp/abs.pdf', rawName: '/tmp/abs.pdf', bytes: Buffer.from('%PDF-1.4') },
      { name: 'C-zz.pdf', rawName: 'C:\\z.pdf', bytes: Buffer.from('%PDF-1.4') },
    ]);
    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(failed(report).find((c) => c.id === 'zip.paths')!.details).toEqual([
      'Mục "../../etc/evil.pdf" trong tệp nén có đường dẫn không an toàn: có "..", giải nén sẽ ghi ra ngoài thư mục đích',
      'Mục "/tmp/abs.pdf" trong tệp nén có đường dẫn không an toàn: đường dẫn tuyệt đối, giải nén sẽ ghi ra ngoài thư mục đích',
      'Mục "C:\\z.pdf" trong tệp nén có đường dẫn không an toàn: đường dẫn tuyệt đối, giải nén sẽ ghi ra ngoài thư mục đích',
    ]);
    // The other entries were still read and checked one by one.
    expect(failed(report).find((c) => c.id === 'zip.hash')!.details).toEqual([
      `${BASE}.02-2018.pdf (STT 2, số 02/2018): nội dung khác với lúc xuất (SHA-256 không khớp)`,
    ]);
    expect(failed(report).find((c) => c.id === 'zip.count')).toMatchObject({ expected: '5', actual: '8' });
    const run = await capture(() => verifyCommand(backend, [out]));
    expect(run.code).toBe(1);
    expect(run.out).toContain('Mục "../../etc/evil.pdf" trong tệp nén có đường dẫn không an toàn');
  });

  it('names stray files and folders in the export folder', async () => {
    const { out, service, backend } = await exportedFolder();
    await fs.writeFile(path.join(out, 'ghi-chu.txt'), 'ghi chú của cán bộ');
    await fs.writeFile(path.join(out, `${BASE}.cu.xlsx`), 'bản cũ');
    await fs.mkdir(path.join(out, 'ban-cu'));
    const report = await service.verifyFolder(out);
    expect(report.ok).toBe(false);
    expect(report.books.every((b) => b.ok)).toBe(true);
    expect(report.problems).toEqual([
      `Tệp lạ trong thư mục xuất: ${BASE}.cu.xlsx (không thuộc lần xuất nào có tệp kê khai); hãy chuyển đi nơi khác`,
      'Thư mục con lạ trong thư mục xuất: ban-cu (không thuộc lần xuất nào có tệp kê khai); hãy chuyển đi nơi khác',
      'Tệp lạ trong thư mục xuất: ghi-chu.txt (không thuộc lần xuất nào có tệp kê khai); hãy chuyển đi nơi khác',
    ]);
    const run = await capture(() => verifyCommand(backend, [out]));
    expect(run.code).toBe(1);
    expect(run.out).toContain('LỖI: Tệp lạ trong thư mục xuất: ghi-chu.txt');
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
