/**
 * An entry's history as a clerk reads it: every changed field under its label ("Người được
 * giám hộ › Họ, chữ đệm, tên"), never an internal key; dates as written in the book, page
 * links as page numbers, a redrawn box as one line.
 */
import { GENDERS } from '../catalogs/people';
import { formatForDisplay } from '../dates/partial-date';
import { describePath } from './labels';

export interface HistoryLine {
  label: string;
  before: string;
  after: string;
}

const MARK_LABELS: Readonly<Record<string, string>> = {
  docChuaChac: 'đọc chưa chắc',
  // Before migration 0006: still named in the history of older entries.
  khongRo: 'không rõ',
  khongDocDuoc: 'không đọc được',
  amLich: 'âm lịch',
  ghiChu: 'ghi chú',
};

const EMPTY = '(trống)';

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (value === true) return 'có';
  if (value === false) return 'không';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field values shown as a clerk wrote them: dates as dd/mm/yyyy, sex by name. */
export function fieldValue(field: string, value: unknown): string {
  if (typeof value === 'string' && /^ngay/.test(field) && /^\d{4}(-\d{2}){0,2}$/.test(value)) {
    return formatForDisplay(value);
  }
  if (field === 'gioiTinh' && typeof value === 'string') return GENDERS.find((g) => g.code === value)?.name ?? value;
  return text(value);
}

/**
 * The lines of one change. `before`/`after` are the audit log's flattened changed fields;
 * `pageNoOf` turns a page id into its page number in the book (undefined when unknown).
 */
export function historyLines(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  bookType: string,
  pageNoOf: (pageId: string) => number | undefined,
): HistoryLine[] {
  const lines: HistoryLine[] = [];
  const seen = new Set<string>();
  const add = (line: HistoryLine) => {
    if (seen.has(line.label)) return;
    seen.add(line.label);
    lines.push(line);
  };
  const page = (value: unknown) => {
    if (typeof value !== 'string') return 'không có';
    const no = pageNoOf(value);
    return no === undefined ? 'trang đã gỡ' : `trang ${no}`;
  };
  for (const path of Object.keys({ ...before, ...after })) {
    const old = before?.[path];
    const now = after?.[path];
    const steps = path.split('.');
    if (steps[0] === 'pages') {
      const n = Number(steps[1]) + 1;
      if (steps[2] === 'pageId') add({ label: `Trang scan gắn (thứ ${n})`, before: page(old), after: page(now) });
      else if (steps[2] === 'rect') {
        add({
          label: `Vùng khoanh trên trang scan (thứ ${n})`,
          before: old === null || old === undefined ? 'không có' : 'có',
          after: now === null || now === undefined ? 'bỏ vùng' : 'vẽ lại',
        });
      }
      continue;
    }
    if (steps[0] === 'danhDau' && steps.length >= 3) {
      const kind = steps[steps.length - 1]!;
      const field = describePath(steps.slice(1, -1).join('.'), bookType);
      add({ label: `Đánh dấu ô ${field} (${MARK_LABELS[kind] ?? kind})`, before: text(old), after: text(now) });
      continue;
    }
    const last = [...steps].reverse().find((s) => !/^\d+$/.test(s)) ?? path;
    add({ label: describePath(path, bookType), before: fieldValue(last, old), after: fieldValue(last, now) });
  }
  return lines;
}
