/**
 * An entry's history as a clerk reads it: every changed field under its label ("Người được
 * giám hộ › Họ, chữ đệm, tên"), never an internal key; dates as written in the book, page
 * links as page numbers, a redrawn box as one line.
 */
import { idTypeName } from '../catalogs/id-types';
import { GENDERS } from '../catalogs/people';
import {
  CHANGE_KINDS,
  CIVIL_STATUS_DOCUMENTS,
  DIVORCE_KINDS,
  DIVORCE_SOURCES,
  GUARDIANSHIP_KINDS,
  TERMINATION_KINDS,
  TERMINATION_REASONS,
  nameOf,
  type CodeList,
} from '../catalogs/pick-lists';
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

/** Fields that hold a code of a pick list, by their last name (or "parent.last"). */
const CODE_LISTS: Readonly<Record<string, CodeList>> = {
  loaiGiamHo: GUARDIANSHIP_KINDS,
  loaiChamDut: TERMINATION_KINDS,
  lyDoChamDut: TERMINATION_REASONS,
  loaiViec: DIVORCE_KINDS,
  nguon: DIVORCE_SOURCES,
  loaiThayDoi: CHANGE_KINDS,
  'giayToHoTich.loai': CIVIL_STATUS_DOCUMENTS,
};

/**
 * Field values shown as a clerk wrote them: dates as dd/mm/yyyy, sex and codes of a pick list by
 * name. `path` is the dotted path ("nguoi.ngaySinh", "loaiThayDoi.0") or the field's last name.
 */
function fieldValue(path: string, value: unknown): string {
  const names = path.split('.').filter((s) => !/^\d+$/.test(s));
  const field = names[names.length - 1] ?? path;
  const parent = names[names.length - 2];
  if (typeof value === 'string' && /^ngay/.test(field) && /^\d{4}(-\d{2}){0,2}$/.test(value)) {
    return formatForDisplay(value);
  }
  if (typeof value === 'string') {
    if (field === 'gioiTinh') return GENDERS.find((g) => g.code === value)?.name ?? value;
    if (field === 'loai' && parent === 'giayTo' && value) return idTypeName(value);
    const list = CODE_LISTS[parent ? `${parent}.${field}` : field] ?? CODE_LISTS[field];
    if (list && value) return nameOf(list, value);
  }
  return text(value);
}

/**
 * One field's value as the history shows it ('' when empty, where the history writes "(trống)"):
 * the district reviewer sees the clerk's values this way.
 */
export function displayFieldValue(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  return fieldValue(path, value);
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
    add({ label: describePath(path, bookType), before: fieldValue(path, old), after: fieldValue(path, now) });
  }
  return lines;
}
