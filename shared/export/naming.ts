/**
 * File names of an export (ho-tich.md §8): dot-separated, starting with the book code, no spaces
 * or diacritics, `/` replaced. The Excel file, the zip and the reports of a book share one base
 * name `{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}`; each entry's PDF is named by a template.
 *
 * Segments never shift: an empty value (a book without mã ĐVHC) leaves an empty segment, so
 * "GH..2018.01-2018" still has the year third and the volume fourth. An entry whose số could not
 * be read gets `khongso-{stt}` in place of its số: the STT of its Excel row (00007 for row 7).
 */
import { safeText } from '../zod';

export const DEFAULT_NAMING = '{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}.{so}.pdf';
export const BOOK_BASE_TEMPLATE = '{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}';

/** Placeholders a template may use, and what they stand for. */
export const NAMING_PLACEHOLDERS = {
  LOAI: 'Mã loại sổ (GH, CDGH, LH, TD …)',
  maDVHC: 'Mã đơn vị hành chính của cơ quan đăng ký (bỏ trống nếu sổ chưa có)',
  namMoSo: 'Năm mở sổ',
  quyenSo: 'Quyển số của sổ',
  so: 'Số của trường hợp',
  trangSo: 'Trang số của trường hợp',
  namDangKy: 'Năm đăng ký của trường hợp',
  stt: 'Số thứ tự của trường hợp trong tệp Excel (00001 …)',
} as const;

export type NamingPlaceholder = keyof typeof NAMING_PLACEHOLDERS;
export type NamingValues = Partial<Record<NamingPlaceholder, string | number | undefined>>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** A naming template as the clerk or the CLI gives it; `.pdf` is added when missing. */
export const namingTemplate = safeText(200, { tooLong: 'Mẫu tên tệp quá dài' })
  .min(1, 'Nhập mẫu tên tệp')
  .superRefine((template, ctx) => {
    for (const [, name] of template.matchAll(PLACEHOLDER)) {
      if (!(name! in NAMING_PLACEHOLDERS)) {
        ctx.addIssue({
          code: 'custom',
          message: `Mẫu tên tệp có phần không rõ {${name}}; dùng: ${Object.keys(NAMING_PLACEHOLDERS)
            .map((p) => `{${p}}`)
            .join(', ')}`,
        });
      }
    }
    if (!/\{(so|stt)\}/.test(template)) {
      ctx.addIssue({ code: 'custom', message: 'Mẫu tên tệp phải có {so} hoặc {stt} để mỗi trường hợp một tên' });
    }
    if (/[\\/:*?"<>|]/.test(template.replace(PLACEHOLDER, ''))) {
      ctx.addIssue({ code: 'custom', message: 'Mẫu tên tệp không được chứa các ký tự \\ / : * ? " < > |' });
    }
  })
  .transform((template) => (/\.pdf$/i.test(template) ? template : `${template}.pdf`));

/**
 * One value of a name: without diacritics (đ → d), `/` and anything but letters, digits, `-` and
 * `_` turned into `-`, so that a value never adds a dot (the separator) or a space.
 */
export function safeSegment(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value)
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Fills a template. An empty value leaves its segment empty and visible ("GH..2018.01-2018"), so
 * that the parts of a name never shift position. A name never starts with a dot (hidden file).
 */
export function fillTemplate(template: string, values: NamingValues): string {
  const filled = template.replace(PLACEHOLDER, (_, name: string) => safeSegment(values[name as NamingPlaceholder]));
  const name = filled.replace(/\s+/g, '-');
  if (!name.replace(/\.[A-Za-z0-9]+$/, '').replace(/[.-]/g, '')) return 'khong-ten';
  return name.startsWith('.') ? `_${name}` : name;
}

/** The number segment of an entry whose số is empty or unreadable: tied to its Excel row. */
export const UNREADABLE_SO_PREFIX = 'khongso';

/** "00007": the STT of an Excel row as names write it. */
export function sttSegment(row: number): string {
  return String(row).padStart(5, '0');
}

export interface EntryNaming {
  so: string;
  trangSo?: number;
  namDangKy?: number;
  /** The entry's row in the Excel file (its STT), 1-based. */
  row: number;
}

/**
 * The values of an entry's PDF name. A số that gives no name segment (empty, marked "không đọc
 * được" or "không rõ", or nothing but punctuation) becomes `khongso-{stt}`: the PDF still names
 * its Excel row, and two such entries never share a name.
 */
export function entryNamingValues(book: BookNaming, entry: EntryNaming): NamingValues {
  const so = safeSegment(entry.so) || `${UNREADABLE_SO_PREFIX}-${sttSegment(entry.row)}`;
  return {
    ...bookNamingValues(book),
    so,
    trangSo: entry.trangSo,
    namDangKy: entry.namDangKy,
    stt: sttSegment(entry.row),
  };
}

export interface BookNaming {
  type: string;
  officeCode?: string;
  yearOpened: number;
  volume: string;
}

export function bookNamingValues(book: BookNaming): NamingValues {
  return { LOAI: book.type, maDVHC: book.officeCode, namMoSo: book.yearOpened, quyenSo: book.volume };
}

/** `{LOAI}.{maDVHC}.{namMoSo}.{quyenSo}`: the name of the book's Excel file and zip, without extension. */
export function bookBaseName(book: BookNaming): string {
  return fillTemplate(BOOK_BASE_TEMPLATE, bookNamingValues(book));
}

/**
 * Gives each entry a unique name: the second use of a name gets "_2" before the extension, the
 * third "_3", … (real books hold duplicate numbers). Names are compared case-insensitively, as
 * Windows and zip tools do.
 */
export function uniqueNamer(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}_${n}${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}
