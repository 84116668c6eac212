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
