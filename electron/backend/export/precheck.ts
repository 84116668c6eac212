/**
 * The pre-import check of a book: everything the national import would reject or a reviewer
 * would question, as a list the UI can show (kind, severity, Vietnamese message, entry, page).
 */
import { issuesFromZod } from '../../../shared/api/errors';
import type { BookDetail } from '../../../shared/books/book';
import { bookTypeName, type BookTypeCode } from '../../../shared/catalogs/book-types';
import { currentColumnSet, type ColumnSet } from '../../../shared/export/column-sets';
import type { PrecheckItem, PrecheckReport, Severity } from '../../../shared/export/export';
import {
  describeGap,
  describeMark,
  duplicateGroups,
  fieldMarks,
  numberingGaps,
  numberingKey,
} from '../../../shared/export/precheck-rules';
import { cellText, fieldLabel, flattenLeaves, uncoveredPaths } from '../../../shared/export/row-codec';
import type { RecordSummary } from '../../../shared/records/record';
import { recordTypeFor } from '../../../shared/records/registry';
import type { JobControl } from '../jobs/jobs';
import { DATA_CHUNK, type StoredEntry } from '../records/entry-data';
import type { ExportSource } from './source';

export const NO_OFFICE_CODE_MESSAGE =
  'Sổ chưa có mã đơn vị hành chính (mã ĐVHC) của cơ quan đăng ký; phần mã này trong tên các tệp xuất sẽ để trống (ví dụ GH..2018.01-2018.xlsx). Hãy nhập mã ĐVHC cho sổ, hoặc xác nhận xuất khi chưa có mã';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "Số 01/2018 (Nguyễn Thị Phượng)" */
export function entryLabel(entry: Pick<RecordSummary, 'so' | 'names'>): string {
  const name = entry.names.find(Boolean);
  const so = entry.so ? `Số ${entry.so}` : 'Trường hợp không rõ số';
  return name ? `${so} (${name})` : so;
}

/** The check of `bookId` as `source` holds it; `now` stamps the report. */
export async function runPrecheck(
  source: ExportSource,
  now: () => string,
  bookId: string,
  control?: JobControl,
): Promise<{ report: PrecheckReport; book: BookDetail; entries: RecordSummary[] }> {
  const book = source.book(bookId);
  const entries = source.entries(bookId);
  const set = currentColumnSet(book.type);
  const recordType = recordTypeFor(book.type);
  const items: PrecheckItem[] = [];
  const add = (item: PrecheckItem) => items.push(item);

  if (!set || !recordType) {
    add({
      kind: 'book',
      severity: 'error',
      message: `${bookTypeName(book.type as BookTypeCode)} chưa có mẫu xuất Excel trong ứng dụng`,
    });
  }
  if (entries.length === 0) {
    add({ kind: 'book', severity: 'error', message: 'Sổ chưa có trường hợp nào để xuất' });
  }
  if (!book.officeCode) {
    add({
      kind: 'book',
      severity: 'warning',
      message: NO_OFFICE_CODE_MESSAGE,
    });
  }

  /** Why a duplicate number was saved anyway (trungSoLyDo), by entry. */
  const duplicateReasons = new Map<string, string>();

  // Entry by entry: the stored data against the type's current schema and rules.
  control?.report({ done: 0, total: entries.length, message: 'Đang kiểm tra từng trường hợp' });
  const load = source.loadStored;
  let chunk = new Map<string, StoredEntry>();
  for (const [index, summary] of entries.entries()) {
    if (index % DATA_CHUNK === 0) {
      control?.checkpoint();
      control?.report({ done: index });
      await new Promise((resolve) => setImmediate(resolve));
      chunk = load(entries.slice(index, index + DATA_CHUNK).map((e) => e.id));
    }
    const label = entryLabel(summary);
    const at = { entryId: summary.id, so: summary.so };
    if (summary.pages.length === 0) {
      add({ kind: 'entryWithoutPages', severity: 'error', message: `${label}: chưa gắn với trang scan nào`, ...at });
    }
    const stored = chunk.get(summary.id);
    if (!stored) {
      add({ kind: 'invalid', severity: 'error', message: `${label}: trường hợp vừa bị xóa`, ...at });
      continue;
    }
    const { data } = stored;
    if (typeof data.trungSoLyDo === 'string' && data.trungSoLyDo) duplicateReasons.set(summary.id, data.trungSoLyDo);
    if (recordType) checkAgainstSchema(recordType, set, data, label, at, add);
    if (set) {
      for (const path of uncoveredPaths(set, data)) {
        add({
          kind: 'notExported',
          severity: 'error',
          message: `${label}: trường "${path}" không có cột trong tệp Excel (bộ cột ${set.bookType} phiên bản ${set.version}); dữ liệu này sẽ không được xuất`,
          field: path,
          ...at,
        });
      }
    }
    for (const [path, value] of Object.entries(flattenLeaves(data))) {
      if (typeof value === 'string' && cellText(value) !== value) {
        add({
          kind: 'warning',
          severity: 'warning',
          message: `${label}: ${fieldLabel(set, path)} có ký tự điều khiển không ghi được vào Excel; các ký tự này sẽ bị bỏ`,
          field: path,
          ...at,
        });
      }
    }
    if (data.ngayDangKyKhongRo === true && !data.ngayDangKy) {
      add({
        kind: 'uncertain',
        severity: 'warning',
        message: `${label}: sổ không ghi ngày đăng ký (đánh dấu "không rõ")`,
        field: 'ngayDangKy',
        ...at,
      });
    }
    for (const mark of fieldMarks(data)) {
      add({
        kind: 'uncertain',
        severity: mark.docChuaChac || mark.khongDocDuoc ? 'warning' : 'info',
        message: `${label}: ${fieldLabel(set, mark.path)} được đánh dấu ${describeMark(mark)}${mark.ghiChu ? ` — ${mark.ghiChu}` : ''}`,
        field: mark.path,
        ...at,
      });
    }
  }

  // The book as a whole: duplicate numbers, gaps, pages without entries.
  const numbered = entries.map((e) => ({
    id: e.id,
    so: e.so,
    ...(e.quyenSo !== undefined ? { quyenSo: e.quyenSo } : {}),
    ...(e.ngayDangKy !== undefined ? { ngayDangKy: e.ngayDangKy } : {}),
  }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const group of duplicateGroups(numbered)) {
    // A reason written on any entry of the group explains the repeated number: the source book
    // itself holds it twice. The clerk writes it once, on whichever entry was saved second.
    const reasoned = group.find((g) => duplicateReasons.has(g.id));
    for (const entry of group) {
      const summary = byId.get(entry.id)!;
      const others = group.filter((g) => g.id !== entry.id).map((g) => entryLabel(byId.get(g.id)!));
      let tail = 'nếu sổ gốc ghi trùng thật, ghi rõ lý do';
      if (reasoned) {
        const reason = duplicateReasons.get(reasoned.id)!;
        tail =
          reasoned.id === entry.id
            ? `lý do đã ghi: ${reason}`
            : `lý do đã ghi ở ${entryLabel(byId.get(reasoned.id)!)}: ${reason}`;
      }
      add({
        kind: 'duplicate',
        severity: reasoned ? 'info' : 'warning',
        message: `${entryLabel(summary)}: trùng số với ${others.join(', ')} trong cùng sổ; ${tail}`,
        entryId: entry.id,
        so: entry.so,
      });
    }
  }
  const ownKeys = new Map(numbered.map((e) => [numberingKey(e), e.id]));
  for (const other of source.otherBooksEntries(book)) {
    const key = numberingKey({
      id: other.id,
      so: other.so,
      ...(other.quyenSo !== null ? { quyenSo: other.quyenSo } : {}),
      ...(other.ngayDangKy !== null ? { ngayDangKy: other.ngayDangKy } : {}),
    });
    const own = ownKeys.get(key);
    if (!own) continue;
    const summary = byId.get(own)!;
    add({
      kind: 'duplicate',
      severity: 'warning',
      message: `${entryLabel(summary)}: trùng số với một trường hợp của sổ khác cùng cơ quan (quyển ${other.volume})`,
      entryId: own,
      so: summary.so,
    });
  }
  for (const gap of numberingGaps(numbered)) {
    add({
      kind: 'gap',
      severity: 'warning',
      message: `Thiếu số ${describeGap(gap)}${gap.quyenSo ? ` (quyển ${gap.quyenSo})` : ''}: kiểm tra lại sổ gốc xem có bỏ sót trường hợp nào không`,
    });
  }
  const linked = new Set(entries.flatMap((e) => e.pages.map((p) => p.pageId)));
  const unlinked = book.pages.filter((p) => !linked.has(p.id));
  for (const page of unlinked) {
    add({
      kind: 'pageWithoutEntry',
      severity: 'warning',
      message: `Trang ${page.pageNo} chưa gắn với trường hợp nào (trang trắng, bìa hay còn sót?)`,
      pageId: page.id,
    });
  }

  // Within a severity: the book itself, then entry by entry in export order, then gaps and pages.
  const order = new Map(entries.map((e, i) => [e.id, i]));
  const rank = (item: PrecheckItem) =>
    item.kind === 'book' ? -1 : item.entryId ? (order.get(item.entryId) ?? entries.length) : entries.length;
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.item.severity] - SEVERITY_ORDER[b.item.severity] || rank(a.item) - rank(b.item) || a.i - b.i,
    )
    .map(({ item }) => item);
  const count = (severity: Severity) => sorted.filter((i) => i.severity === severity).length;
  const report: PrecheckReport = {
    bookId: book.id,
    bookType: book.type,
    volume: book.volume,
    office: book.office,
    checkedAt: now(),
    ...(set ? { columnSetVersion: set.version } : {}),
    counts: {
      entries: entries.length,
      pages: book.pages.length,
      pagesWithoutEntries: unlinked.length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
    items: sorted,
    ok: count('error') === 0,
    needsConfirmation: book.officeCode ? [] : ['noOfficeCode'],
  };
  control?.report({ done: entries.length });
  return { report, book, entries };
}

function checkAgainstSchema(
  recordType: NonNullable<ReturnType<typeof recordTypeFor>>,
  set: ColumnSet | undefined,
  data: Record<string, unknown>,
  label: string,
  at: { entryId: string; so: string },
  add: (item: PrecheckItem) => void,
): void {
  const parsed = recordType.schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of issuesFromZod(parsed.error.issues)) {
      add({
        kind: 'invalid',
        severity: 'error',
        message: `${label}: ${issue.path ? `${fieldLabel(set, issue.path)}: ` : ''}${issue.message}`,
        field: issue.path,
        ...at,
      });
    }
    return;
  }
  let warnings: { path: string; message: string }[];
  try {
    warnings = issuesFromZod(recordType.warnings(parsed.data));
  } catch {
    warnings = [];
  }
  for (const warning of warnings) {
    add({
      kind: 'warning',
      severity: 'warning',
      message: `${label}: ${warning.message}`,
      field: warning.path,
      ...at,
    });
  }
}
