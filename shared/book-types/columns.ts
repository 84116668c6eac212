/**
 * Excel columns of the typed-in books (moved from shared/export/column-sets.ts, which still
 * exports them): the column types, and the columns of the shared blocks each type's module
 * (gh.ts, …) builds its column sets from.
 *
 * Column sets of the Excel export, per book type and version: which columns, in which order, and
 * where each value comes from (a dotted path into the entry's data, the book, or the row number).
 * Versioned data: a change of columns is a new version appended to the type's list, so that an
 * export made with an older version can still be read back and verified.
 *
 * Naming follows the BTP import templates (ho-tich.md §7): camelCase, the registration columns
 * first (so, quyenSo, trangSo, ngayDangKy, loaiDangKy, noiDangKy, nguoiKy, chucVuNguoiKy,
 * nguoiThucHien, ghiChu), then one block per person with a prefix:
 *
 *   ngh1, ngh2  người giám hộ thứ nhất / thứ hai (GH, CDGH; the book allows two guardians)
 *   ndgh        người được giám hộ (GH, CDGH)
 *   chong, vo   bên chồng, bên vợ (LH; same prefixes as the KH template)
 *   ntd         người được thay đổi, cải chính, bổ sung, xác định lại dân tộc (TD)
 *   nyc         người đi đăng ký / người yêu cầu (every type; as in the KS and KT templates)
 *
 * followed by the person's field as in the templates: HoTen, NgaySinh, GioiTinh, DanToc, QuocTich,
 * SoDinhDanhCaNhan, LoaiGiayToTuyThan, SoGiayToTuyThan, NgayCapGiayToTuyThan, NoiCapGiayToTuyThan,
 * NoiCuTru (and NoiSinh for a ward, QuanHe for a registrant).
 *
 * Lists: people appear as numbered prefixes (ngh1, ngh2); the TD list of changes is flattened into
 * numbered columns thayDoi1Truong, thayDoi1Tu, thayDoi1Thanh … up to MAX_TD_CHANGES; a list of
 * codes (TD loaiThayDoi) is one cell of comma-separated codes. An entry with more items than there
 * are columns is reported by the pre-import check (nothing is dropped silently).
 *
 * Dates are written in their own precision (dd.mm.yyyy, mm.yyyy, yyyy); codes where BTP uses codes
 * (gender, ID type, kind of registration); names where it uses names (ethnicity, nationality,
 * places, offices).
 */
import type { BookTypeCode } from '../catalogs/book-types';
import type { CodeListRef } from '../export/code-lists';

export type ColumnKind =
  /** Free text, written as it is stored. */
  | 'text'
  /** A whole number (trangSo). */
  | 'int'
  /** An ISO partial date, written dd.mm.yyyy, mm.yyyy or yyyy. */
  | 'date'
  /** One value of a code list, written as its export code. */
  | 'code'
  /** A list of values of a code list, written as comma-separated codes. */
  | 'codes';

interface ColumnBase {
  /** Header of the column in the BTP style (camelCase, no diacritics). */
  column: string;
  /** What the column holds, in Vietnamese, for reports and messages. */
  label: string;
  kind: ColumnKind;
  codeList?: CodeListRef;
  /**
   * The header cell exactly as the Ministry's template writes it, when it differs from the
   * column name (KS: "so " with its trailing space, "loaiDangKy \ni=[1,2,3,4,5,6]"): the export
   * writes it as is; reading matches headers by name after dropping spaces and notes.
   */
  header?: string;
  /**
   * A catalog the import reads the cell through (KS: "Ba Na" → "Ba-na", "Nhật Bản " → "Nhật
   * Bản"): an ethnicity or nationality as the Ministry's files write it becomes its canonical name.
   */
  lookup?: 'ethnicity' | 'nationality';
  /**
   * The template's own rich-text runs of `header`, where it splits the cell otherwise than "name
   * and line break" + "note" (KS: "nksLoaiKhaiSinh", "\n", "i=[1,2,3,4,5]"); joined, they are `header`.
   */
  headerRuns?: readonly string[];
}

/** A value of the entry's data. */
export interface EntryColumn extends ColumnBase {
  source: 'entry';
  /** Dotted path into the entry data; numbers index lists ("nguoiGiamHo.0.hoTen"). */
  path: string;
  /** Written instead when the entry has no value (quyenSo: the book's volume). */
  fallback?: BookField;
}

export type BookField = 'office' | 'officeCode' | 'volume' | 'yearOpened';

/** A value of the book, the same on every row (noiDangKy: the office as printed). */
export interface BookColumn extends ColumnBase {
  source: 'book';
  bookField: BookField;
}

/** The row number (STT), 1-based, in export order. */
export interface RowNumberColumn extends ColumnBase {
  source: 'rowNumber';
}

export type ColumnDef = EntryColumn | BookColumn | RowNumberColumn;

export interface ColumnSet {
  bookType: BookTypeCode;
  version: number;
  /** When this version was fixed (yyyy-mm-dd). */
  since: string;
  /** Name of the sheet of entries (as in the BTP template) and of the sheet of code lists. */
  sheetName: string;
  codeSheetName: string;
  columns: readonly ColumnDef[];
  /**
   * Paths of the entry data deliberately left out of the Excel file (a path covers everything
   * below it). Anything else without a column is reported by the pre-import check.
   */
  notExported: readonly { path: string; reason: string }[];
  /**
   * The code-list sheet exactly as the Ministry's template has it (KS: "Ghi chu"), cell by cell
   * (numbers as numbers) with its merged ranges; written instead of the generated list when given.
   */
  codeSheet?: {
    cells: readonly { address: string; value: string | number }[];
    merges?: readonly string[];
  };
}

/**
 * Changes one TD entry can carry in the Excel file: as many as the TD schema allows (real rows
 * have one to three), so that nothing is ever cut off. Kept here, in a module that imports only
 * types, so that test fixtures outside Vite (Playwright) can read it.
 */
export const MAX_TD_CHANGES = 20;

export const SHEET_NAME = 'DL Import';
export const CODE_SHEET_NAME = 'Ghi chu';

export const col = (
  column: string,
  path: string,
  label: string,
  kind: ColumnKind = 'text',
  extra: Partial<Pick<EntryColumn, 'codeList' | 'fallback' | 'header'>> = {},
): EntryColumn => ({ source: 'entry', column, path, label, kind, ...extra });

/** The registration columns every typed-in book shares (ho-tich.md §3). */
export function registrationColumns(loaiDangKy: EntryColumn): ColumnDef[] {
  return [
    { source: 'rowNumber', column: 'STT', label: 'Số thứ tự', kind: 'int' },
    col('so', 'so', 'Số'),
    col('quyenSo', 'quyenSo', 'Quyển số', 'text', { fallback: 'volume' }),
    col('trangSo', 'trangSo', 'Trang số', 'int'),
    col('ngayDangKy', 'ngayDangKy', 'Ngày, tháng, năm đăng ký', 'date'),
    loaiDangKy,
    { source: 'book', bookField: 'office', column: 'noiDangKy', label: 'Cơ quan đăng ký', kind: 'text' },
    col('nguoiKy', 'nguoiKy', 'Người ký'),
    col('chucVuNguoiKy', 'chucVuNguoiKy', 'Chức vụ người ký'),
    col('nguoiThucHien', 'nguoiThucHien', 'Người thực hiện'),
    col('ghiChu', 'ghiChu', 'Ghi chú'),
  ];
}

export interface PersonColumnOptions {
  /** Nơi cư trú (left out for a guardian in CDGH). */
  residence?: boolean;
  /** Nơi sinh (a ward). */
  birthPlace?: boolean;
}

/** A person block (ho-tich.md §3) under `base` ("nguoiGiamHo.0"), columns prefixed `prefix`. */
export function personColumns(
  prefix: string,
  base: string,
  who: string,
  options: PersonColumnOptions = {},
): EntryColumn[] {
  const { residence = true, birthPlace = false } = options;
  return [
    col(`${prefix}HoTen`, `${base}.hoTen`, `Họ, chữ đệm, tên ${who}`),
    col(`${prefix}NgaySinh`, `${base}.ngaySinh`, `Ngày sinh ${who}`, 'date'),
    col(`${prefix}GioiTinh`, `${base}.gioiTinh`, `Giới tính ${who}`, 'code', { codeList: 'gioiTinh' }),
    ...(birthPlace ? [col(`${prefix}NoiSinh`, `${base}.noiSinh`, `Nơi sinh ${who}`)] : []),
    col(`${prefix}DanToc`, `${base}.danToc`, `Dân tộc ${who}`),
    col(`${prefix}QuocTich`, `${base}.quocTich`, `Quốc tịch ${who}`),
    col(`${prefix}SoDinhDanhCaNhan`, `${base}.soDinhDanh`, `Số định danh cá nhân ${who}`),
    ...identityPaperColumns(prefix, `${base}.giayTo`, who),
    ...(residence ? [col(`${prefix}NoiCuTru`, `${base}.noiCuTru`, `Nơi cư trú ${who}`)] : []),
  ];
}

export function identityPaperColumns(prefix: string, base: string, who: string): EntryColumn[] {
  return [
    col(`${prefix}LoaiGiayToTuyThan`, `${base}.loai`, `Loại giấy tờ tùy thân ${who}`, 'code', {
      codeList: 'loaiGiayToTuyThan',
    }),
    col(`${prefix}SoGiayToTuyThan`, `${base}.so`, `Số giấy tờ tùy thân ${who}`),
    col(`${prefix}NgayCapGiayToTuyThan`, `${base}.ngayCap`, `Ngày cấp giấy tờ tùy thân ${who}`, 'date'),
    col(`${prefix}NoiCapGiayToTuyThan`, `${base}.noiCap`, `Nơi cấp giấy tờ tùy thân ${who}`),
  ];
}

/**
 * The person who came to register (GH, CDGH: name and identity paper) or who asked for the entry
 * (LH, TD: also the relationship).
 */
export function registrantColumns(base: string, who: string, relation: boolean): EntryColumn[] {
  return [
    col('nycHoTen', `${base}.hoTen`, `Họ, chữ đệm, tên ${who}`),
    ...(relation ? [col('nycQuanHe', `${base}.quanHe`, `Quan hệ của ${who}`)] : []),
    ...identityPaperColumns('nyc', `${base}.giayTo`, who),
  ];
}

/** Fields every type keeps out of the Excel file: they are listed in the acceptance report instead. */
export const COMMON_NOT_EXPORTED = [
  {
    path: 'danhDau',
    reason:
      'Đánh dấu trường đọc chưa chắc, không đọc được, âm lịch: liệt kê trong báo cáo kiểm tra, không phải cột dữ liệu',
  },
  {
    path: 'trungSoLyDo',
    reason: 'Lý do trùng số: nêu cùng cảnh báo trùng số trong báo cáo kiểm tra',
  },
  {
    path: 'ngayDangKyKhongRo',
    reason: 'Dữ liệu cũ "không rõ ngày đăng ký": ô ngày đăng ký để trống, liệt kê trong báo cáo kiểm tra',
  },
];

/*
 * Columns of the six Excel books, named as the BTP templates name them (ho-tich.md §7): a person
 * is a prefix ("nkt", "chong", "me") and the template's field names, in the template's order.
 */

/** The field names a template person can carry, and where each one lives under the person. */
const BTP_PERSON_FIELDS = {
  HoTen: { path: 'hoTen', label: 'Họ, chữ đệm, tên', kind: 'text' },
  GioiTinh: { path: 'gioiTinh', label: 'Giới tính', kind: 'code', codeList: 'gioiTinh' },
  NgaySinh: { path: 'ngaySinh', label: 'Ngày sinh', kind: 'date' },
  NoiSinh: { path: 'noiSinh', label: 'Nơi sinh', kind: 'text' },
  DanToc: { path: 'danToc', label: 'Dân tộc', kind: 'text' },
  QuocTich: { path: 'quocTich', label: 'Quốc tịch', kind: 'text' },
  QuocTichKhac: { path: 'quocTichKhac', label: 'Quốc tịch khác', kind: 'text' },
  SoDinhDanh: { path: 'soDinhDanh', label: 'Số định danh cá nhân', kind: 'text' },
  SoDinhDanhCaNhan: { path: 'soDinhDanh', label: 'Số định danh cá nhân', kind: 'text' },
  LoaiCuTru: { path: 'loaiCuTru', label: 'Loại cư trú', kind: 'code', codeList: 'loaiCuTru' },
  NoiCuTru: { path: 'noiCuTru', label: 'Nơi cư trú', kind: 'text' },
  LoaiGiayToTuyThan: {
    path: 'giayTo.loai',
    label: 'Loại giấy tờ tùy thân',
    kind: 'code',
    codeList: 'loaiGiayToTuyThan',
  },
  GiayToKhac: { path: 'giayTo.khac', label: 'Tên giấy tờ tùy thân khác', kind: 'text' },
  SoGiayToTuyThan: { path: 'giayTo.so', label: 'Số giấy tờ tùy thân', kind: 'text' },
  NgayCapGiayToTuyThan: { path: 'giayTo.ngayCap', label: 'Ngày cấp giấy tờ tùy thân', kind: 'date' },
  NoiCapGiayToTuyThan: { path: 'giayTo.noiCap', label: 'Nơi cấp giấy tờ tùy thân', kind: 'text' },
  QuanHe: { path: 'quanHe', label: 'Quan hệ', kind: 'text' },
} as const satisfies Record<string, { path: string; label: string; kind: ColumnKind; codeList?: CodeListRef }>;

export type BtpPersonField = keyof typeof BTP_PERSON_FIELDS;

/** The template person fields of KT/KH/CMC/HN (ho-tich.md §7), in the templates' order. */
export const BTP_PERSON_DEFAULT: readonly BtpPersonField[] = [
  'HoTen',
  'GioiTinh',
  'NgaySinh',
  'DanToc',
  'QuocTich',
  'QuocTichKhac',
  'LoaiCuTru',
  'NoiCuTru',
  'LoaiGiayToTuyThan',
  'GiayToKhac',
  'SoGiayToTuyThan',
  'NgayCapGiayToTuyThan',
  'NoiCapGiayToTuyThan',
];

/**
 * A template person under `base` ("nguoiChet"), columns `prefix` + field ("nktHoTen"), in the
 * order given. `headers` gives a header cell exactly as a template writes it, by field name.
 */
export function btpPersonColumns(
  prefix: string,
  base: string,
  who: string,
  fields: readonly BtpPersonField[] = BTP_PERSON_DEFAULT,
  headers: Partial<Record<BtpPersonField, string>> = {},
): EntryColumn[] {
  return fields.map((name) => {
    const field: { path: string; label: string; kind: ColumnKind; codeList?: CodeListRef } = BTP_PERSON_FIELDS[name];
    return col(`${prefix}${name}`, `${base}.${field.path}`, `${field.label} ${who}`, field.kind, {
      ...(field.codeList ? { codeList: field.codeList } : {}),
      ...(headers[name] !== undefined ? { header: headers[name] } : {}),
    });
  });
}

/** The requester in a template (nyc…): name, relationship and paper, as in the KS and KT templates. */
export function btpRequesterColumns(base: string, who: string): EntryColumn[] {
  return btpPersonColumns('nyc', base, who, [
    'HoTen',
    'QuanHe',
    'LoaiGiayToTuyThan',
    'GiayToKhac',
    'SoGiayToTuyThan',
    'NgayCapGiayToTuyThan',
    'NoiCapGiayToTuyThan',
  ]);
}

/** An event registered abroad first (the last four columns of the KS, KT and KH templates). */
export function foreignRegistrationColumns(base: string): EntryColumn[] {
  return [
    col('soDangKyNuocNgoai', `${base}.so`, 'Số đăng ký ở nước ngoài'),
    col('ngayDangKyNuocNgoai', `${base}.ngay`, 'Ngày đăng ký ở nước ngoài', 'date'),
    col('cqNuocNgoaiDaDangKy', `${base}.coQuan`, 'Cơ quan nước ngoài đã đăng ký'),
    col('qgNuocNgoaiDaDangKy', `${base}.quocGia`, 'Quốc gia đã đăng ký'),
  ];
}
