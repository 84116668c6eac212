/**
 * `verify`: re-checks an export folder against the manifests in it, without the database:
 * every file present with its recorded SHA-256, the Excel rows and the zip's PDFs as recorded
 * (counts, names, hashes), and the export's own acceptance result.
 */
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
import { CheckList, checkExcel, checkZip, type ExpectedEntry } from './checks';
import { PART_SUFFIX, sha256File } from './files';

export function manifestLabel(manifest: Pick<ExportManifest, 'book'>): string {
  return `${manifest.book.type} quyển ${manifest.book.volume} — ${manifest.book.office}`;
}

const ROLE_NAMES: Record<keyof ExportManifest['files'], string> = {
  excel: 'tệp Excel',
  zip: 'tệp nén PDF',
  reportExcel: 'báo cáo nghiệm thu Excel',
  reportPdf: 'báo cáo nghiệm thu PDF',
};

export async function verifyManifest(dir: string, manifestName: string): Promise<VerifyBookReport> {
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
    return { manifest: manifestName, label: manifestName, ok: false, checks: list.checks };
  }
  list.add('manifest', 'Đọc được tệp kê khai', 'pass');
  const label = manifestLabel(manifest);

  // Files and their hashes.
  const missing: string[] = [];
  const changed: string[] = [];
  for (const role of Object.keys(ROLE_NAMES) as (keyof ExportManifest['files'])[]) {
    const record = manifest.files[role];
    const file = path.join(dir, record.name);
    const actual = await sha256File(file).catch(() => undefined);
    if (!actual) missing.push(`Thiếu ${ROLE_NAMES[role]}: ${record.name}`);
    else if (actual.sha256 !== record.sha256 || actual.size !== record.size) {
      changed.push(
        `${ROLE_NAMES[role]} ${record.name} đã bị thay đổi sau khi xuất (SHA-256 ${actual.sha256.slice(0, 12)}…, cần ${record.sha256.slice(0, 12)}…)`,
      );
    }
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
  if (!set) {
    list.add('excel.header', 'Biết bộ cột của tệp Excel', 'fail', {
      details: [
        `Ứng dụng không biết bộ cột ${manifest.columnSet.bookType} phiên bản ${manifest.columnSet.version} (tệp xuất bằng phiên bản mới hơn?)`,
      ],
    });
  } else if (!missing.some((m) => m.includes(manifest.files.excel.name))) {
    await checkExcel(list, {
      set,
      excelFile: path.join(dir, manifest.files.excel.name),
      zipFile: '',
      expected,
      countPages: false,
    });
  }
  if (set && !missing.some((m) => m.includes(manifest.files.zip.name))) {
    await checkZip(list, {
      set,
      excelFile: '',
      zipFile: path.join(dir, manifest.files.zip.name),
      expected,
      countPages: false,
    });
  }
  const failedAtExport = manifest.acceptance.checks.filter((c) => c.status === 'fail');
  list.expect(
    'acceptance',
    'Lần xuất không có mục "Không đạt"',
    failedAtExport.map((c) => `Lúc xuất: ${c.label}${c.details?.length ? ` — ${c.details[0]}` : ''}`),
  );
  return { manifest: manifestName, bookId: manifest.book.id, label, ok: list.ok, checks: list.checks };
}

export async function verifyFolder(dir: string, now: () => string): Promise<VerifyReport> {
  const resolved = path.resolve(dir);
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await fs.readdir(resolved, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
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
  const manifests = names.filter((n) => n.endsWith(MANIFEST_SUFFIX) && !n.startsWith('.')).sort();
  if (manifests.length === 0) {
    problems.push(
      `Thư mục không có tệp kê khai (*${MANIFEST_SUFFIX}): không phải thư mục xuất của ứng dụng, hoặc lần xuất chưa hoàn tất`,
    );
  }
  const books: VerifyBookReport[] = [];
  for (const name of manifests) books.push(await verifyManifest(resolved, name));
  const leftovers = names.filter((n) => n.startsWith('.') && n.endsWith(PART_SUFFIX));
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
