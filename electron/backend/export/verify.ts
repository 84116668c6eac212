/**
 * `verify`: re-checks an export folder against the manifests in it, without the database:
 * every file present with its recorded SHA-256, the Excel rows and the zip's PDFs as recorded
 * (counts, names, hashes), and the export's own acceptance result.
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { columnSetVersion } from '../../../shared/export/column-sets';
import {
  exportManifestSchema,
  MANIFEST_SUFFIX,
  type ExportManifest,
  type VerifyBookReport,
  type VerifyReport,
} from '../../../shared/export/export';
import {
  CheckList,
  NamesHasher,
  checkExcel,
  checkExcelSample,
  checkZip,
  checkZipSample,
  sampleRows,
  type ExpectedEntry,
} from './checks';
import { PART_SUFFIX, sha256File } from './files';
import { readSheetRows } from './xlsx';

export function manifestLabel(manifest: Pick<ExportManifest, 'book'>): string {
  return `${manifest.book.type} quyển ${manifest.book.volume} — ${manifest.book.office}`;
}

const ROLE_NAMES: Record<keyof ExportManifest['files'], string> = {
  excel: 'tệp Excel',
  zip: 'tệp nén PDF',
  reportExcel: 'báo cáo nghiệm thu Excel',
  reportPdf: 'báo cáo nghiệm thu PDF',
};

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * What the acceptance reports print against the manifest: the SHA-256 of the Excel file and the
 * zip (both reports) and of each entry's PDF (the Excel report). A manifest rewritten after the
 * export, beside the reports a reviewer signed, no longer agrees with them.
 */
async function reportHashProblems(dir: string, manifest: ExportManifest): Promise<string[]> {
  const problems: string[] = [];
  const { excel, zip, reportExcel, reportPdf } = manifest.files;
  const dataFiles = [
    { record: excel, role: ROLE_NAMES.excel },
    { record: zip, role: ROLE_NAMES.zip },
  ];
  // The Excel report: the files on its first sheet, the PDFs on its third.
  try {
    const printed = new Map<string, string>();
    await readSheetRows(path.join(dir, reportExcel.name), 1, (row) => {
      const [, name, , hash] = row.cells;
      if (name && hash && /^[0-9a-f]{64}$/.test(hash)) printed.set(name, hash);
    });
    for (const { record, role } of dataFiles) {
      const hash = printed.get(record.name);
      if (!hash) problems.push(`Báo cáo nghiệm thu Excel không ghi SHA-256 của ${role} ${record.name}`);
      else if (hash !== record.sha256) {
        problems.push(
          `Báo cáo nghiệm thu Excel ghi SHA-256 của ${role} ${record.name} là ${short(hash)}, tệp kê khai ghi ${short(record.sha256)}`,
        );
      }
    }
    const byRow = new Map(manifest.entries.map((e) => [e.row, e]));
    const seen = new Set<number>();
    await readSheetRows(path.join(dir, reportExcel.name), 3, (row) => {
      if (row.number === 1) return;
      const [stt, , pdf, , hash] = row.cells;
      const entry = byRow.get(Number(stt));
      if (!entry) {
        problems.push(
          `Báo cáo nghiệm thu Excel, trang "Trường hợp" dòng ${row.number}: STT ${stt ?? ''} không có trong tệp kê khai`,
        );
        return;
      }
      seen.add(entry.row);
      if (pdf !== entry.pdf || hash !== entry.pdfSha256) {
        problems.push(
          `Báo cáo nghiệm thu Excel ghi tệp ${pdf ?? ''} (STT ${entry.row}) với SHA-256 ${short(hash ?? '')}, tệp kê khai ghi ${entry.pdf} với ${short(entry.pdfSha256)}`,
        );
      }
    });
    const unlisted = manifest.entries.filter((e) => !seen.has(e.row));
    if (unlisted.length > 0) {
      problems.push(
        `Báo cáo nghiệm thu Excel không ghi ${unlisted.length} tệp PDF của tệp kê khai (từ STT ${unlisted[0]!.row})`,
      );
    }
  } catch (error) {
    problems.push(`Không đọc được báo cáo nghiệm thu Excel ${reportExcel.name}: ${(error as Error).message}`);
  }
  // The PDF report: its text, without the line breaks of the table.
  try {
    const text = (await pdfText(path.join(dir, reportPdf.name))).replace(/\s+/g, '');
    for (const { record, role } of dataFiles) {
      if (!text.includes(record.sha256)) {
        problems.push(
          `Báo cáo nghiệm thu PDF không ghi SHA-256 ${short(record.sha256)} mà tệp kê khai ghi cho ${role} ${record.name}`,
        );
      }
    }
  } catch (error) {
    problems.push(`Không đọc được báo cáo nghiệm thu PDF ${reportPdf.name}: ${(error as Error).message}`);
  }
  return problems;
}

/** The text of a PDF's pages (pdf.js), in drawing order. */
async function pdfText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(await fs.readFile(file)), verbosity: 0 });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return parts.join('\n');
  } finally {
    await task.destroy();
  }
}

export async function verifyManifest(dir: string, manifestName: string): Promise<VerifyBookReport> {
  return (await checkManifest(dir, manifestName)).report;
}

/**
 * The checks of one manifest, and the names of the files it lists (none when it cannot be read):
 * the manifest of a large book is read and parsed once.
 */
async function checkManifest(
  dir: string,
  manifestName: string,
): Promise<{ report: VerifyBookReport; listed: string[] }> {
  const list = new CheckList();
  let manifest: ExportManifest;
  try {
    const raw = JSON.parse(await fs.readFile(path.join(dir, manifestName), 'utf8')) as unknown;
    const parsed = exportManifestSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(`nội dung không đúng cấu trúc (${first?.path.join('.') || 'gốc'}: ${first?.message ?? ''})`);
    }
    manifest = parsed.data;
  } catch (error) {
    list.add('manifest', 'Đọc được tệp kê khai', 'fail', {
      details: [`${manifestName}: ${(error as Error).message}`],
    });
    return { report: { manifest: manifestName, label: manifestName, ok: false, checks: list.checks }, listed: [] };
  }
  list.add('manifest', 'Đọc được tệp kê khai', 'pass');
  const label = manifestLabel(manifest);

  // Files and their hashes.
  const missing: string[] = [];
  const changed: string[] = [];
  /** Files exactly as exported (their SHA-256 and size as the manifest records). */
  const intact = new Set<keyof ExportManifest['files']>();
  for (const role of Object.keys(ROLE_NAMES) as (keyof ExportManifest['files'])[]) {
    const record = manifest.files[role];
    const file = path.join(dir, record.name);
    const actual = await sha256File(file).catch(() => undefined);
    if (!actual) missing.push(`Thiếu ${ROLE_NAMES[role]}: ${record.name}`);
    else if (actual.sha256 !== record.sha256 || actual.size !== record.size) {
      changed.push(
        `${ROLE_NAMES[role]} ${record.name} đã bị thay đổi sau khi xuất (SHA-256 ${actual.sha256.slice(0, 12)}…, cần ${record.sha256.slice(0, 12)}…)`,
      );
    } else intact.add(role);
  }
  list.expect('files.present', 'Đủ các tệp đã xuất', missing, { expected: 4, actual: 4 - missing.length });
  list.expect('files.hash', 'SHA-256 của các tệp khớp tệp kê khai', changed);

  // Counts recorded in the manifest agree with each other.
  const { counts, entries } = manifest;
  const pages = entries.reduce((n, e) => n + e.pdfPages, 0);
  const countProblems = [
    ...(counts.entries !== entries.length ? [`Số trường hợp ${counts.entries} ≠ ${entries.length} dòng kê khai`] : []),
    ...(manifest.files.excel.rows !== entries.length ? [`Tệp Excel ghi ${manifest.files.excel.rows} dòng`] : []),
    ...(manifest.files.zip.entries !== entries.length ? [`Tệp nén ghi ${manifest.files.zip.entries} tệp`] : []),
    ...(counts.pdfPages !== pages ? [`Tổng số trang PDF ${counts.pdfPages} ≠ ${pages}`] : []),
  ];
  list.expect('counts', 'Số liệu trong tệp kê khai khớp nhau', countProblems, {
    expected: entries.length,
    actual: counts.entries,
  });

  const set = columnSetVersion(manifest.columnSet.bookType, manifest.columnSet.version);
  const expected: ExpectedEntry[] = entries.map((e) => ({
    row: e.row,
    so: e.so,
    rowSha256: e.rowSha256,
    pdf: e.pdf,
    pdfSha256: e.pdfSha256,
    pdfPages: e.pdfPages,
  }));
  // A file exactly as exported was checked in full when it was written: its hash says so. It is
  // read again only in part (its header and counts, the list of names, a sample of rows and
  // PDFs in full); a changed file is read entirely, to name what changed.
  const sampled = sampleRows(expected.length);
  const names = new NamesHasher();
  for (const e of expected) names.add(e.pdf);
  const sampleOptions = {
    excelFile: path.join(dir, manifest.files.excel.name),
    zipFile: path.join(dir, manifest.files.zip.name),
    total: expected.length,
    sample: new Map(expected.filter((e) => sampled.has(e.row)).map((e) => [e.row, e])),
    namesSha256: names.digest(),
  };
  if (!set) {
    list.add('excel.header', 'Biết bộ cột của tệp Excel', 'fail', {
      details: [
        `Ứng dụng không biết bộ cột ${manifest.columnSet.bookType} phiên bản ${manifest.columnSet.version} (tệp xuất bằng phiên bản mới hơn?)`,
      ],
    });
  } else if (!missing.some((m) => m.includes(manifest.files.excel.name))) {
    const sampledOk = intact.has('excel') && (await checkExcelSample(list, { set, ...sampleOptions }));
    if (!sampledOk) {
      await checkExcel(list, {
        set,
        excelFile: path.join(dir, manifest.files.excel.name),
        zipFile: '',
        expected,
        countPages: false,
        ...(manifest.files.excel.columnSha256 ? { columnSha256: manifest.files.excel.columnSha256 } : {}),
      });
    }
  }
  if (set && !missing.some((m) => m.includes(manifest.files.zip.name))) {
    const sampledOk = intact.has('zip') && (await checkZipSample(list, { set, ...sampleOptions }));
    if (!sampledOk) {
      await checkZip(list, {
        set,
        excelFile: '',
        zipFile: path.join(dir, manifest.files.zip.name),
        expected,
        countPages: false,
      });
    }
  }
  if (!missing.some((m) => m.includes(manifest.files.reportExcel.name) || m.includes(manifest.files.reportPdf.name))) {
    list.expect(
      'reports.hashes',
      'Báo cáo nghiệm thu ghi cùng mã SHA-256 với tệp kê khai',
      await reportHashProblems(dir, manifest),
    );
  }
  const failedAtExport = manifest.acceptance.checks.filter((c) => c.status === 'fail');
  list.expect(
    'acceptance',
    'Lần xuất không có mục "Không đạt"',
    failedAtExport.map((c) => `Lúc xuất: ${c.label}${c.details?.length ? ` — ${c.details[0]}` : ''}`),
  );
  return {
    report: { manifest: manifestName, bookId: manifest.book.id, label, ok: list.ok, checks: list.checks },
    listed: Object.values(manifest.files).map((f) => f.name),
  };
}

export async function verifyFolder(dir: string, now: () => string): Promise<VerifyReport> {
  const resolved = path.resolve(dir);
  const problems: string[] = [];
  let entries: Dirent[];
  try {
    entries = await fs.readdir(resolved, { withFileTypes: true });
  } catch {
    return {
      dir: resolved,
      checkedAt: now(),
      ok: false,
      books: [],
      problems: [`Không mở được thư mục ${resolved}`],
      notes: [],
    };
  }
  const names = entries.filter((d) => d.isFile()).map((d) => d.name);
  const manifests = names.filter((n) => n.endsWith(MANIFEST_SUFFIX) && !n.startsWith('.')).sort();
  if (manifests.length === 0) {
    problems.push(
      `Thư mục không có tệp kê khai (*${MANIFEST_SUFFIX}): không phải thư mục xuất của ứng dụng, hoặc lần xuất chưa hoàn tất`,
    );
  }
  const books: VerifyBookReport[] = [];
  const known = new Set(manifests);
  for (const name of manifests) {
    const { report, listed } = await checkManifest(resolved, name);
    books.push(report);
    for (const file of listed) known.add(file);
  }
  // Temporary files, and the hidden folders of an export being written (or killed while written).
  const leftovers = entries.map((d) => d.name).filter((n) => n.startsWith('.') && n.endsWith(PART_SUFFIX));
  // Anything else would be counted, uploaded or mistaken for part of an export.
  if (manifests.length > 0) {
    const stray = entries
      .filter((d) => !known.has(d.name) && !leftovers.includes(d.name))
      .map((d) => d.name)
      .sort();
    for (const name of stray) {
      const isDir = entries.find((d) => d.name === name)?.isDirectory();
      problems.push(
        `${isDir ? 'Thư mục con lạ' : 'Tệp lạ'} trong thư mục xuất: ${name} (không thuộc lần xuất nào có tệp kê khai); hãy chuyển đi nơi khác`,
      );
    }
  }
  const notes = leftovers.length
    ? [`Có ${leftovers.length} tệp tạm của một lần xuất bị hủy hoặc gián đoạn (${leftovers[0]} …); có thể xóa`]
    : [];
  return {
    dir: resolved,
    checkedAt: now(),
    ok: problems.length === 0 && books.every((b) => b.ok),
    books,
    problems,
    notes,
  };
}
