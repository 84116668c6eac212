/**
 * Exporting a real GH book (PDF, JPEG, PNG and TIFF pages) and reading everything back
 * independently: the Excel file with exceljs, the zip with yauzl, the PDFs with pdf-lib.
 */
import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { JobCancelled, standaloneControl } from '../../../electron/backend/jobs/jobs';
import { exportManifestSchema } from '../../../shared/export/export';
import { currentColumnSet } from '../../../shared/export/column-sets';
import { expectedLeaves, flattenLeaves, matchHeader, parseRow } from '../../../shared/export/row-codec';
import { readExportedEntries, type ReadBackEntry } from '../../../electron/backend/export/read-back';
import { createRecord, ghData, makeExportBook, type ExportBookFixture } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, folderHashes, pdfText, readZip, sha256Of } from './helpers';

const BASE = 'GH.04567.2018.01-2018';
const NAMES = [
  `${BASE}.manifest.json`,
  `${BASE}.nghiem-thu.pdf`,
  `${BASE}.nghiem-thu.xlsx`,
  `${BASE}.xlsx`,
  `${BASE}.zip`,
];

async function exported() {
  const backend = await testBackend();
  const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
  const out = await tempDir('sohoa-export-');
  const service = exportServiceFor(backend, out);
  const result = await service.exportBook(fixture.book.id, out);
  return { backend, fixture, out, service, result };
}

type Exported = Awaited<ReturnType<typeof exported>>;

/** Entries in export order (số, then creation), with their stored data. */
function entriesInOrder({ backend, fixture }: Pick<Exported, 'backend' | 'fixture'>) {
  return backend.services.records
    .list({ bookId: fixture.book.id })
    .map((summary) => backend.services.records.get(summary.id));
}

describe('exporting a book', () => {
  it('writes the Excel file, the zip, the two reports and the manifest under the book name', async () => {
    const { out, result } = await exported();
    expect((await fs.readdir(out)).sort()).toEqual(NAMES);
    expect(result).toMatchObject({
      baseName: BASE,
      outDir: out,
      ok: true,
      counts: { entries: 5, excelRows: 5, pdfs: 5, pdfPages: 6, bookPages: 8, pagesWithoutEntries: 2 },
    });
    const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      'excel.readable': 'pass',
      'excel.header': 'pass',
      'excel.rows': 'pass',
      'excel.text': 'pass',
      'excel.content': 'pass',
      'zip.count': 'pass',
      'zip.names': 'pass',
      'zip.hash': 'pass',
      'pdf.pages': 'pass',
      'entries.pages': 'pass',
      'precheck.errors': 'pass',
      // Pages 4 and 8 carry no entry; duplicates, a gap and an illegible field are warnings.
      'pages.linked': 'warn',
      'precheck.warnings': 'warn',
    });
    for (const file of result.files.filter((f) => f.sha256)) {
      expect(await sha256Of(path.join(out, file.name))).toBe(file.sha256);
    }
  });

  it('writes one text row per entry that reads back as the database holds it', async () => {
    const run = await exported();
    const set = currentColumnSet('GH')!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(run.out, `${BASE}.xlsx`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['DL Import', 'Ghi chu']);
    const sheet = wb.getWorksheet('DL Import')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      for (let c = 1; c <= set.columns.length; c++) {
        const cell = row.getCell(c);
        expect(cell.formula, `formula in ${cell.address}`).toBeUndefined();
        // Text, but the header's notes (rich text, italics) and STT (a number, as in the template).
        const allowed =
          row.number === 1
            ? [ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]
            : set.columns[c - 1]!.source === 'rowNumber'
              ? [ExcelJS.ValueType.Number]
              : [ExcelJS.ValueType.String, ExcelJS.ValueType.Null];
        expect(allowed, `type of ${cell.address}`).toContain(cell.type);
        if (row.number > 1 && cell.type === ExcelJS.ValueType.String) expect(cell.numFmt).toBe('@');
        const value = cell.value;
        cells.push(
          value === null
            ? ''
            : typeof value === 'object' && 'richText' in value
              ? value.richText.map((r) => r.text).join('')
              : String(value),
        );
      }
      rows.push(cells);
    });
    expect(rows[0]!.map((h) => h.split('\n')[0])).toEqual(set.columns.map((c) => c.column));
    expect(rows[0]![set.columns.findIndex((c) => c.column === 'loaiDangKy')]).toBe('loaiDangKy\ni=[1,2,3]');

    const records = entriesInOrder(run);
    expect(rows.slice(1)).toHaveLength(records.length);
    const col = (row: string[], name: string) => row[set.columns.findIndex((c) => c.column === name)];
    const book = { office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 };
    const match = matchHeader(set, rows[0]!);
    records.forEach((record, i) => {
      const row = rows[i + 1]!;
      expect(col(row, 'STT')).toBe(String(i + 1));
      expect(col(row, 'so')).toBe(record.so);
      expect(col(row, 'trangSo')).toBe(String(record.trangSo));
      expect(col(row, 'noiDangKy')).toBe('UBND xã Tân Lập');
      expect(col(row, 'ndghHoTen')).toBe(record.names[0]);
      // Reading the row back gives the entry as stored.
      expect(parseRow(set, match, row).leaves).toEqual(expectedLeaves(set, record.data, book));
    });
    expect(rows.slice(1).map((r) => col(r, 'so'))).toEqual(['01/2018', '02/2018', '03/2018', '03/2018', '05/2018']);
    expect(rows.slice(1).map((r) => col(r, 'ngayDangKy'))).toEqual([
      '05.03.2018',
      '04.2018',
      '2018',
      '05.03.2018',
      '05.03.2018',
    ]);
    const first = rows[1]!;
    expect(col(first, 'ghiChu')).toBe('=HYPERLINK("http://example.invalid","bấm vào đây")');
    expect(col(first, 'nguoiKy')).toBe('+84 Lê Văn Ký');
    expect(col(first, 'chucVuNguoiKy')).toBe('-Chủ tịch');
    expect(col(first, 'nguoiThucHien')).toBe('@Trần Thị Hoa');
    expect(col(first, 'ngh2HoTen')).toBe('Đỗ Thị Lan');
    expect(col(first, 'ngh2NgaySinh')).toBe('10.1972');
    expect(col(first, 'ngh1LoaiGiayToTuyThan')).toBe('4');
    expect(col(first, 'ngh1SoGiayToTuyThan')).toBe('001070012345');
    expect(col(first, 'loaiDangKy')).toBe('1');

    // The raw sheet has no formula element at all.
    const raw = (await readZip(path.join(run.out, `${BASE}.xlsx`))).find((f) => f.name === 'xl/worksheets/sheet1.xml')!;
    expect(raw.bytes.toString('utf8')).not.toMatch(/<f[ >]/);

    const codes: string[][] = [];
    wb.getWorksheet('Ghi chu')!.eachRow((row) =>
      codes.push([String(row.getCell(1).value), String(row.getCell(2).value)]),
    );
    expect(codes).toContainEqual(['Loại đăng ký giám hộ', 'Cột: loaiDangKy']);
    expect(codes).toContainEqual(['2', 'Giám hộ đương nhiên']);
    expect(codes).toContainEqual(['4', 'Thẻ căn cước công dân']);
  });

  it('reads the exported file back into the same entries', async () => {
    const run = await exported();
    const set = currentColumnSet('GH')!;
    const back: ReadBackEntry[] = [];
    const match = await readExportedEntries(path.join(run.out, `${BASE}.xlsx`), set, (e) => void back.push(e));
    expect(match.exact).toBe(true);
    const records = entriesInOrder(run);
    expect(back.map((e) => e.rowNumber)).toEqual([1, 2, 3, 4, 5]);
    records.forEach((record, i) => {
      // Every stored field but the annotations and the duplicate reason, which the report lists.
      const kept = Object.fromEntries(
        Object.entries(flattenLeaves(record.data)).filter(([p]) => !/^(danhDau|trungSoLyDo)(\.|$)/.test(p)),
      );
      expect(flattenLeaves(back[i]!.data)).toEqual(kept);
      expect(back[i]!.book).toEqual({ noiDangKy: 'UBND xã Tân Lập' });
    });
  });

  it('zips one PDF per entry, cut from the scans, named by the template and unique', async () => {
    const run = await exported();
    const files = await readZip(path.join(run.out, `${BASE}.zip`));
    expect(files.map((f) => f.name)).toEqual([
      `${BASE}.01-2018.pdf`,
      `${BASE}.02-2018.pdf`,
      `${BASE}.03-2018.pdf`,
      `${BASE}.03-2018_2.pdf`,
      `${BASE}.05-2018.pdf`,
    ]);
    const docs = await Promise.all(files.map((f) => PDFDocument.load(f.bytes)));
    expect(docs.map((d) => d.getPageCount())).toEqual([1, 2, 1, 1, 1]);

    // Page 2 is stored with /Rotate 90 and the clerk turned it 90° more; page 3 as it is.
    const spanning = docs[1]!;
    expect(spanning.getPages().map((p) => p.getRotation().angle)).toEqual([180, 0]);
    // The photo: EXIF orientation 6 (600×800 stored, shown 800×600), then the clerk's 90°.
    const photo = docs[2]!.getPage(0);
    expect(photo.getRotation().angle).toBe(90);
    expect(photo.getWidth()).toBeGreaterThan(photo.getHeight());
    // The original JPEG bytes are inside the PDF, not recompressed.
    expect(files[2]!.bytes.indexOf(run.fixture.jpegBytes)).toBeGreaterThan(0);
    // The TIFF page comes through its stored JPEG rendition, byte for byte.
    const tiffPage = run.fixture.book.pages.find((p) => p.pageNo === 7)!;
    const rendition = await fs.readFile(run.backend.files.pathFor(tiffPage.displaySha256!));
    expect(files[4]!.bytes.indexOf(rendition)).toBeGreaterThan(0);
    // The PNG became an image page.
    const pngPage = docs[3]!.getPage(0);
    const xobjects = pngPage.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
    expect(xobjects.keys()).toHaveLength(1);
    // Each PDF is named inside as its file.
    expect(docs[0]!.getTitle()).toBe(`${BASE}.01-2018.pdf`);
  });

  it('names the PDF of an entry whose số is unreadable by its Excel row (STT)', async () => {
    const backend = await testBackend();
    const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const unreadable = await createRecord(
      backend,
      fixture.book.id,
      ghData('', 7, { danhDau: { so: { khongDocDuoc: true, ghiChu: 'Số bị rách' } } }),
      [fixture.page(4)],
    );
    const out = await tempDir('sohoa-export-');
    const result = await exportServiceFor(backend, out).exportBook(fixture.book.id, out);
    expect(result.ok).toBe(true);
    const manifest = exportManifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(out, `${BASE}.manifest.json`), 'utf8')),
    );
    const entry = manifest.entries.find((e) => e.entryId === unreadable.id)!;
    const stt = String(entry.row).padStart(5, '0');
    expect(entry.pdf).toBe(`${BASE}.khongso-${stt}.pdf`);
    expect((await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name)).toContain(entry.pdf);
    // Its Excel row carries the same STT and an empty số.
    const set = currentColumnSet('GH')!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${BASE}.xlsx`));
    const row = wb.worksheets[0]!.getRow(entry.row + 1);
    expect(String(row.getCell(set.columns.findIndex((c) => c.column === 'STT') + 1).value)).toBe(String(entry.row));
    expect(row.getCell(set.columns.findIndex((c) => c.column === 'so') + 1).value ?? '').toBe('');
  });

  it('uses a naming template given by the clerk', async () => {
    const backend = await testBackend();
    const fixture: ExportBookFixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const out = await tempDir('sohoa-export-');
    await exportServiceFor(backend, out).exportBook(fixture.book.id, out, {
      naming: '{stt}_{LOAI}-{so}-trang{trangSo}.pdf',
    });
    const names = (await readZip(path.join(out, `${BASE}.zip`))).map((f) => f.name);
    expect(names).toEqual([
      '00001_GH-01-2018-trang1.pdf',
      '00002_GH-02-2018-trang2.pdf',
      '00003_GH-03-2018-trang4.pdf',
      '00004_GH-03-2018-trang5.pdf',
      '00005_GH-05-2018-trang6.pdf',
    ]);
  });

  it('writes an acceptance report in Excel and PDF with the counts and the hashes', async () => {
    const { out } = await exported();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${BASE}.nghiem-thu.xlsx`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Kiểm tra trước', 'Trường hợp']);
    const summary: Record<string, string[]> = {};
    wb.getWorksheet('Tổng hợp')!.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => String(v ?? ''));
      summary[cells[0]!] = cells.slice(1);
    });
    expect(summary['Kết quả']).toEqual(['ĐẠT']);
    expect(summary['Trường hợp trong CSDL']).toEqual(['5']);
    expect(summary['Dòng trong tệp Excel']).toEqual(['5']);
    expect(summary['Tệp PDF trong tệp nén']).toEqual(['5']);
    expect(summary['Tổng số trang PDF']).toEqual(['6']);
    expect(summary['Trang scan của sổ']).toEqual(['8']);
    expect(summary['Trang chưa gắn trường hợp']).toEqual(['2']);
    expect(summary['Tệp Excel các trường hợp']).toEqual([
      `${BASE}.xlsx`,
      expect.any(String),
      await sha256Of(path.join(out, `${BASE}.xlsx`)),
    ]);
    expect(summary['Tệp nén các PDF']).toEqual([
      `${BASE}.zip`,
      expect.any(String),
      await sha256Of(path.join(out, `${BASE}.zip`)),
    ]);

    const findings: string[] = [];
    wb.getWorksheet('Kiểm tra trước')!.eachRow((row) => findings.push(String(row.getCell(4).value)));
    expect(findings.some((f) => f.includes('trùng số') && f.includes('Sổ gốc ghi hai lần số 03'))).toBe(true);
    expect(findings.some((f) => f.includes('Thiếu số 4/2018'))).toBe(true);
    expect(findings.some((f) => f.includes('đọc chưa chắc') && f.includes('Chữ bị nhòe'))).toBe(true);
    let entryRows = 0;
    wb.getWorksheet('Trường hợp')!.eachRow(() => (entryRows += 1));
    expect(entryRows).toBe(6);

    const text = await pdfText(path.join(out, `${BASE}.nghiem-thu.pdf`));
    expect(text).toContain('BÁO CÁO NGHIỆM THU DỮ LIỆU SỐ HÓA SỔ HỘ TỊCH');
    expect(text).toContain('KẾT QUẢ: ĐẠT');
    expect(text).toContain('Sổ đăng ký giám hộ');
    expect(text).toContain('UBND xã Tân Lập');
    expect(text.replace(/\s+/g, '')).toContain(await sha256Of(path.join(out, `${BASE}.zip`)));

    const manifest = exportManifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(out, `${BASE}.manifest.json`), 'utf8')),
    );
    expect(manifest).toMatchObject({
      appVersion: '0.1.0-test',
      columnSet: { bookType: 'GH', version: 1 },
      naming: '{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}.{so}.pdf',
      counts: { entries: 5, pdfPages: 6 },
      files: { excel: { rows: 5 }, zip: { entries: 5 } },
    });
    expect(manifest.entries.map((e) => e.pdfPages)).toEqual([1, 2, 1, 1, 1]);
    expect(manifest.files.reportPdf.sha256).toBe(await sha256Of(path.join(out, `${BASE}.nghiem-thu.pdf`)));
  });
});

describe('a partial export never replaces a complete one', () => {
  it('leaves the previous export as it was when the next one is cancelled', async () => {
    const run = await exported();
    const before = await folderHashes(run.out);
    const abort = new AbortController();
    // Cancelled once two PDFs are in the new zip: the temporary files exist by then.
    let partialFiles: string[] = [];
    const control = standaloneControl((p) => {
      if (!p.message.startsWith('Đã ghi 2/')) return;
      const staging = readdirSync(run.out).filter((n) => n.endsWith('.part'));
      partialFiles = staging.flatMap((d) => readdirSync(path.join(run.out, d)).map((n) => `${d}/${n}`));
      abort.abort();
    }, abort.signal);
    await expect(
      run.service.exportBook(run.fixture.book.id, run.out, { replace: true }, control),
    ).rejects.toBeInstanceOf(JobCancelled);
    // The new .xlsx and .zip, in the export's hidden folder beside the previous one.
    expect(partialFiles.sort()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\.${BASE.replaceAll('.', '\\.')}\\.[0-9a-f]{8}\\.new\\.part/${BASE.replaceAll('.', '\\.')}\\.xlsx$`,
        ),
      ),
      expect.stringMatching(/\.zip$/),
    ]);
    expect(await folderHashes(run.out)).toEqual(before);
    expect((await run.service.verifyFolder(run.out)).ok).toBe(true);
  });

  it('refuses to finish when an entry changes during the export, and keeps the previous one', async () => {
    const run = await exported();
    const before = await folderHashes(run.out);
    const entry = run.fixture.entries[0]!;
    let changed = false;
    const control = standaloneControl((p) => {
      if (!changed && p.message.startsWith('Đã ghi 2/')) {
        changed = true;
        run.backend.services.records.update({
          id: entry.id,
          expectedVersion: entry.version,
          data: { ...entry.data, ghiChu: 'Sửa trong lúc xuất' },
        });
      }
    });
    await expect(run.service.exportBook(run.fixture.book.id, run.out, { replace: true }, control)).rejects.toThrow(
      'Dữ liệu của sổ đã thay đổi trong lúc xuất',
    );
    expect(await folderHashes(run.out)).toEqual(before);
  });

  it('replaces the previous export with a complete new one', async () => {
    const run = await exported();
    const entry = run.fixture.entries[0]!;
    run.backend.services.records.update({
      id: entry.id,
      expectedVersion: entry.version,
      data: { ...entry.data, ghiChu: 'Bản sửa' },
    });
    // What a crashed export would have left: cleaned up by the next one.
    await fs.mkdir(path.join(run.out, `.${BASE}.deadbeef.new.part`));
    await fs.writeFile(path.join(run.out, `.${BASE}.deadbeef.new.part`, `${BASE}.xlsx`), 'half');
    const again = await run.service.exportBook(run.fixture.book.id, run.out, { replace: true });
    expect(again.ok).toBe(true);
    expect((await fs.readdir(run.out)).sort()).toEqual(NAMES);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(run.out, `${BASE}.xlsx`));
    const set = currentColumnSet('GH')!;
    expect(wb.worksheets[0]!.getRow(2).getCell(set.columns.findIndex((c) => c.column === 'ghiChu') + 1).value).toBe(
      'Bản sửa',
    );
    expect((await run.service.verifyFolder(run.out)).ok).toBe(true);
  });
});
