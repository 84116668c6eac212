/**
 * Issue 5: books of the four types exported from the UI and from the CLI; the files read back
 * independently (exceljs, pdf-lib page counts) match the database; the acceptance report counts
 * are right; and a deliberately broken export folder fails `sohoa verify` with a clear message.
 */
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import yauzl from 'yauzl';
import { sohoa } from '../fixtures/sohoa';
import { makeBookPdf } from '../fixtures/scans';
import { SAMPLES } from '../unit/export/samples';
import { useSession } from './session';

async function zipEntries(file: string): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(file, { lazyEntries: true });
  const out: { name: string; bytes: Buffer }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** The header row and data rows of the first sheet, as text. */
async function readSheet(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return { header: rows[0]!, rows: rows.slice(1) };
}

const session = useSession();

test('four books exported from the UI and the CLI, read back, verified, and a broken folder caught', async ({
  page,
}) => {
  const books: Record<string, string> = {};
  for (const type of ['GH', 'CDGH', 'LH', 'TD'] as const) {
    const pdf = await makeBookPdf(path.join(session.scansDir, `${type}.pdf`), 3);
    const created = await sohoa(
      'book',
      'import',
      pdf,
      '--type',
      type,
      '--volume',
      '01/2018',
      '--office',
      'UBND xã Tân Lập',
      '--office-code',
      '12345',
      '--data-dir',
      session.dataDir,
    );
    expect(created.code).toBe(0);
    books[type] = created.stdout.trim();
    // Two entries per book, on pages 1 and 2 (the second spans pages 2 and 3).
    const first = { ...SAMPLES[type], trangSo: 1 };
    const second = { ...SAMPLES[type], so: '08/2018', trangSo: 2 };
    const lines = [JSON.stringify(first), JSON.stringify({ data: second, pages: [{ pageNo: 2 }, { pageNo: 3 }] })];
    const file = path.join(session.scansDir, `${type}.jsonl`);
    await fs.writeFile(file, lines.join('\n'));
    const loaded = await sohoa('record', 'import', '--book', books[type]!, file, '--data-dir', session.dataDir);
    expect(loaded.stderr).toContain('Đã nhập 2 trường hợp.');
  }

  // From the UI: check, export, and read the acceptance result, book by book.
  await session.start();
  await page.goto(session.host!.openUrl);
  let outDir = '';
  for (const type of ['GH', 'CDGH', 'LH', 'TD']) {
    await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${books[type]}`);
    await page.getByRole('button', { name: 'Xuất & nghiệm thu' }).click();
    await page.getByRole('button', { name: 'Kiểm tra trước khi xuất' }).click();
    await expect(page.getByRole('heading', { name: /Không có lỗi chặn xuất/ })).toContainText('2 trường hợp · 3 trang');
    await page.getByRole('button', { name: 'Xuất sổ (Excel + PDF)' }).click();
    await expect(page.getByRole('heading', { name: 'Đã xuất, nghiệm thu đạt: 2 dòng Excel, 2 tệp PDF' })).toBeVisible({
      timeout: 60_000,
    });
    outDir = (await page.locator('.export-panel code').textContent())!;
    await page.getByRole('button', { name: 'Kiểm tra lại thư mục đã xuất' }).click();
    await expect(page.getByRole('heading', { name: 'Kiểm tra lại: đạt' })).toBeVisible();
    expect(await fs.readdir(outDir)).toContain(`${type}.12345.2018.01-2018.zip`);
  }

  const names = await fs.readdir(outDir);
  const xlsx = names.find((n) => n.endsWith('.xlsx') && !/nghiem-thu|bao-cao/i.test(n) && n.startsWith('GH.'))!;
  expect(xlsx).toBe('GH.12345.2018.01-2018.xlsx');
  const sheet = await readSheet(path.join(outDir, xlsx));
  expect(sheet.rows).toHaveLength(2);
  const soColumn = sheet.header.indexOf('so');
  expect(sheet.rows.map((r) => r[soColumn])).toEqual(['07/2018', '08/2018']);
  // A value that looks like a formula stays text.
  expect(sheet.rows[0]![sheet.header.indexOf('ghiChu')]).toBe('=SUM(A1:A2) ghi chú bên lề');
  const pdfs = await zipEntries(path.join(outDir, 'GH.12345.2018.01-2018.zip'));
  expect(pdfs.map((p) => p.name).sort()).toEqual([
    'GH.12345.2018.01-2018.07-2018.pdf',
    'GH.12345.2018.01-2018.08-2018.pdf',
  ]);
  const pageCounts = await Promise.all(pdfs.map(async (p) => (await PDFDocument.load(p.bytes)).getPageCount()));
  expect(pageCounts.sort()).toEqual([1, 2]);

  // From the CLI: every book, then verify.
  const all = path.join(session.scansDir, 'all');
  const exported = await sohoa('export', '--all', '--out', all, '--data-dir', session.dataDir);
  expect(exported.code).toBe(0);
  for (const type of ['GH', 'CDGH', 'LH', 'TD']) {
    const base = `${type}.12345.2018.01-2018`;
    const { rows } = await readSheet(path.join(all, `${base}.xlsx`));
    expect(rows).toHaveLength(2);
    expect((await zipEntries(path.join(all, `${base}.zip`))).length).toBe(2);
  }
  const verified = await sohoa('verify', all, '--data-dir', session.dataDir);
  expect(verified.code).toBe(0);

  // Broken on purpose: one byte of one Excel file changed, then a PDF taken out of a zip.
  const target = path.join(all, 'LH.12345.2018.01-2018.xlsx');
  const bytes = await fs.readFile(target);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
  await fs.writeFile(target, bytes);
  const broken = await sohoa('verify', all, '--data-dir', session.dataDir);
  expect(broken.code).not.toBe(0);
  expect(`${broken.stdout}${broken.stderr}`).toMatch(/Không đạt/);
  expect(`${broken.stdout}${broken.stderr}`).toContain('LH.12345.2018.01-2018.xlsx');
});

test('the web host exports into its data folder, confirms a book without mã ĐVHC, opens the folder and confirms a replacement', async ({
  page,
}) => {
  // A GH book without mã ĐVHC; 2018 complete (1, 2), 2019 missing 2.
  const pdf = await makeBookPdf(path.join(session.scansDir, 'gh.pdf'), 4);
  const created = await sohoa(
    'book',
    'import',
    pdf,
    ...['--type', 'GH', '--volume', '01/2018', '--office', 'UBND xã Hòa Bình', '--data-dir', session.dataDir],
  );
  expect(created.code).toBe(0);
  const bookId = created.stdout.trim();
  const entries = [
    { so: '01/2018', ngayDangKy: '2018-03-05' },
    { so: '02/2018', ngayDangKy: '2018-04-05' },
    { so: '01/2019', ngayDangKy: '2019-01-10' },
    { so: '03/2019', ngayDangKy: '2019-02-10' },
  ].map((e, i) => JSON.stringify({ data: { ...SAMPLES.GH, ...e, trangSo: i + 1 }, pages: [{ pageNo: i + 1 }] }));
  const file = path.join(session.scansDir, 'gh.jsonl');
  await fs.writeFile(file, entries.join('\n'));
  const loaded = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', session.dataDir);
  expect(loaded.stderr).toContain('Đã nhập 4 trường hợp.');

  await session.start();
  await page.goto(session.host!.openUrl); // the token, kept in a cookie
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  // "Kiểm tra sổ": a line for 2019 only, none for the complete 2018.
  const checks = page.locator('.book-checks');
  await expect(checks.getByRole('listitem')).toHaveText(['Năm 2019: thiếu số 2']);

  await page.getByRole('button', { name: 'Xuất & nghiệm thu' }).click();
  const folderField = page.getByLabel('Thư mục xuất');
  // The web host exports only under its data folder: shown, not typed, and no folder dialog.
  const chosen = path.join(session.dataDir, 'xuat');
  await expect(folderField).toHaveValue(chosen);
  await expect(folderField).not.toBeEditable();
  await expect(page.getByRole('button', { name: 'Chọn thư mục…' })).toHaveCount(0);

  // The book has no mã ĐVHC: the check asks for a confirmation, the export waits for it.
  await page.getByRole('button', { name: 'Kiểm tra trước khi xuất' }).click();
  const confirmCode = page.getByRole('checkbox', { name: /Xác nhận xuất khi sổ chưa có mã ĐVHC/ });
  await expect(confirmCode).toBeVisible();
  await page.getByRole('button', { name: 'Xuất sổ (Excel + PDF)' }).click();
  await expect(page.getByRole('alert')).toContainText('Sổ chưa có mã ĐVHC: đánh dấu ô xác nhận');
  await confirmCode.check();
  await page.getByRole('button', { name: 'Xuất sổ (Excel + PDF)' }).click();
  await expect(page.getByRole('heading', { name: 'Đã xuất, nghiệm thu đạt: 4 dòng Excel, 4 tệp PDF' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.locator('.export-panel code')).toHaveText(chosen);
  expect((await fs.readdir(chosen)).sort()).toEqual([
    'GH..2018.01-2018.manifest.json',
    'GH..2018.01-2018.nghiem-thu.pdf',
    'GH..2018.01-2018.nghiem-thu.xlsx',
    'GH..2018.01-2018.xlsx',
    'GH..2018.01-2018.zip',
  ]);

  // "Mở thư mục": the web host's opener is told the folder (recorded here, not launched).
  await page.getByRole('button', { name: 'Mở thư mục' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã mở thư mục' })).toContainText(chosen);
  expect(await fs.readFile(path.join(session.dataDir, 'opened-folders.log'), 'utf8')).toBe(`${chosen}\n`);

  // Exporting again asks before the earlier export is replaced; "Không xuất" leaves it as it is.
  const before = await fs.readFile(path.join(chosen, 'GH..2018.01-2018.manifest.json'));
  await page.getByRole('button', { name: 'Xuất sổ (Excel + PDF)' }).click();
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('đã có bản xuất trước của sổ này (GH..2018.01-2018.manifest.json)');
  await ask.getByRole('button', { name: 'Không xuất' }).click();
  await expect(ask).toBeHidden();
  expect(await fs.readFile(path.join(chosen, 'GH..2018.01-2018.manifest.json'))).toEqual(before);
  await page.getByRole('button', { name: 'Xuất sổ (Excel + PDF)' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Thay thế bản xuất trước' }).click();
  await expect(page.getByRole('heading', { name: 'Đã xuất, nghiệm thu đạt: 4 dòng Excel, 4 tệp PDF' })).toBeVisible({
    timeout: 60_000,
  });
  // Unchanged data: the new export is byte for byte the earlier one.
  expect(await fs.readFile(path.join(chosen, 'GH..2018.01-2018.manifest.json'))).toEqual(before);

  // Nothing was written outside the data folder's "xuat".
  await expect(fs.stat(path.join(session.dataDir, 'exports'))).rejects.toThrow();
});
