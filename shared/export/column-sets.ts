/**
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
import type { CodeListId } from './code-lists';

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
  codeList?: CodeListId;
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
}

/**
 * Changes one TD entry can carry in the Excel file: as many as the TD schema allows (real rows
 * have one to three), so that nothing is ever cut off.
 */
export const MAX_TD_CHANGES = 20;

const SHEET_NAME = 'DL Import';
const CODE_SHEET_NAME = 'Ghi chu';

const col = (
  column: string,
  path: string,
  label: string,
  kind: ColumnKind = 'text',
  extra: Partial<Pick<EntryColumn, 'codeList' | 'fallback'>> = {},
): EntryColumn => ({ source: 'entry', column, path, label, kind, ...extra });

/** The registration columns every typed-in book shares (ho-tich.md §3). */
function registration(loaiDangKy: EntryColumn): ColumnDef[] {
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

interface PersonOptions {
  /** Nơi cư trú (left out for a guardian in CDGH). */
  residence?: boolean;
  /** Nơi sinh (a ward). */
  birthPlace?: boolean;
}

/** A person block (ho-tich.md §3) under `base` ("nguoiGiamHo.0"), columns prefixed `prefix`. */
function person(prefix: string, base: string, who: string, options: PersonOptions = {}): EntryColumn[] {
  const { residence = true, birthPlace = false } = options;
  return [
    col(`${prefix}HoTen`, `${base}.hoTen`, `Họ, chữ đệm, tên ${who}`),
    col(`${prefix}NgaySinh`, `${base}.ngaySinh`, `Ngày sinh ${who}`, 'date'),
    col(`${prefix}GioiTinh`, `${base}.gioiTinh`, `Giới tính ${who}`, 'code', { codeList: 'gioiTinh' }),
    ...(birthPlace ? [col(`${prefix}NoiSinh`, `${base}.noiSinh`, `Nơi sinh ${who}`)] : []),
    col(`${prefix}DanToc`, `${base}.danToc`, `Dân tộc ${who}`),
    col(`${prefix}QuocTich`, `${base}.quocTich`, `Quốc tịch ${who}`),
    col(`${prefix}SoDinhDanhCaNhan`, `${base}.soDinhDanh`, `Số định danh cá nhân ${who}`),
    ...identityPaper(prefix, `${base}.giayTo`, who),
    ...(residence ? [col(`${prefix}NoiCuTru`, `${base}.noiCuTru`, `Nơi cư trú ${who}`)] : []),
  ];
}

function identityPaper(prefix: string, base: string, who: string): EntryColumn[] {
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
function registrant(base: string, who: string, relation: boolean): EntryColumn[] {
  return [
    col('nycHoTen', `${base}.hoTen`, `Họ, chữ đệm, tên ${who}`),
    ...(relation ? [col('nycQuanHe', `${base}.quanHe`, `Quan hệ của ${who}`)] : []),
    ...identityPaper('nyc', `${base}.giayTo`, who),
  ];
}

/** Fields every type keeps out of the Excel file: they are listed in the acceptance report instead. */
const COMMON_NOT_EXPORTED = [
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

const GH_V1: ColumnSet = {
  bookType: 'GH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registration(col('loaiDangKy', 'loaiGiamHo', 'Loại đăng ký giám hộ', 'code', { codeList: 'loaiGiamHo' })),
    ...person('ngh1', 'nguoiGiamHo.0', 'người giám hộ thứ nhất'),
    ...person('ngh2', 'nguoiGiamHo.1', 'người giám hộ thứ hai'),
    ...person('ndgh', 'nguoiDuocGiamHo', 'người được giám hộ', { birthPlace: true }),
    ...registrant('nguoiDiDangKy', 'người đi đăng ký', false),
    col('soVanBanCu', 'vanBanCu.so', 'Số văn bản cử người giám hộ'),
    col('ngayVanBanCu', 'vanBanCu.ngay', 'Ngày văn bản cử người giám hộ', 'date'),
    col('coQuanVanBanCu', 'vanBanCu.coQuan', 'Cơ quan ra văn bản cử người giám hộ'),
    col('canCu', 'canCu', 'Căn cứ'),
    col('lyDo', 'lyDo', 'Lý do'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

const CDGH_V1: ColumnSet = {
  bookType: 'CDGH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registration(
      col('loaiDangKy', 'loaiChamDut', 'Loại chấm dứt giám hộ', 'code', { codeList: 'loaiChamDutGiamHo' }),
    ),
    col('soDangKyGiamHo', 'dangKyGiamHo.so', 'Số đăng ký giám hộ'),
    col('ngayDangKyGiamHo', 'dangKyGiamHo.ngay', 'Ngày đăng ký giám hộ', 'date'),
    col('noiDangKyGiamHo', 'dangKyGiamHo.noiDangKy', 'Nơi đăng ký giám hộ'),
    col('ngayChamDut', 'ngayChamDut', 'Ngày chấm dứt giám hộ', 'date'),
    col('lyDoChamDut', 'lyDoChamDut', 'Lý do chấm dứt giám hộ', 'code', { codeList: 'lyDoChamDutGiamHo' }),
    col('lyDoChamDutKhac', 'lyDoKhac', 'Lý do chấm dứt khác'),
    ...person('ngh1', 'nguoiGiamHo.0', 'người giám hộ thứ nhất', { residence: false }),
    ...person('ngh2', 'nguoiGiamHo.1', 'người giám hộ thứ hai', { residence: false }),
    ...person('ndgh', 'nguoiDuocGiamHo', 'người được giám hộ', { birthPlace: true }),
    ...registrant('nguoiDiDangKy', 'người đi đăng ký chấm dứt', false),
  ],
  notExported: [
    ...COMMON_NOT_EXPORTED,
    {
      path: 'dangKyGiamHo.entryId',
      reason: 'Mã trường hợp giám hộ trong ứng dụng: liên kết nội bộ; số, ngày, nơi đăng ký giám hộ có cột riêng',
    },
  ],
};

const LH_V1: ColumnSet = {
  bookType: 'LH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registration(col('loaiDangKy', 'loaiViec', 'Loại việc', 'code', { codeList: 'loaiViecLyHon' })),
    col('nguonGhiChu', 'nguon', 'Nguồn của bản án / quyết định', 'code', { codeList: 'nguonLyHon' }),
    ...person('chong', 'chong', 'bên chồng'),
    ...person('vo', 'vo', 'bên vợ'),
    col('soDangKyKetHon', 'ketHon.so', 'Số giấy chứng nhận kết hôn / ghi chú kết hôn'),
    col('ngayDangKyKetHon', 'ketHon.ngay', 'Ngày đăng ký kết hôn', 'date'),
    col('noiDangKyKetHon', 'ketHon.noiDangKy', 'Nơi đăng ký kết hôn'),
    col('soBanAn', 'banAn.so', 'Số bản án / quyết định'),
    col('ngayBanAn', 'banAn.ngay', 'Ngày bản án / quyết định', 'date'),
    col('ngayHieuLucBanAn', 'banAn.ngayHieuLuc', 'Ngày có hiệu lực của bản án / quyết định', 'date'),
    col('coQuanBanAn', 'banAn.coQuan', 'Cơ quan ra bản án / quyết định'),
    col('quocGiaBanAn', 'banAn.quocGia', 'Quốc gia của cơ quan ra bản án / quyết định'),
    col('noiDung', 'noiDung', 'Nội dung (con chung, tài sản…)'),
    ...registrant('nguoiYeuCau', 'người yêu cầu', true),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

function changes(): EntryColumn[] {
  return Array.from({ length: MAX_TD_CHANGES }, (_, i) => [
    col(`thayDoi${i + 1}Truong`, `thayDoi.${i}.truong`, `Nội dung thay đổi ${i + 1}: trường`),
    col(`thayDoi${i + 1}Tu`, `thayDoi.${i}.tu`, `Nội dung thay đổi ${i + 1}: từ`),
    col(`thayDoi${i + 1}Thanh`, `thayDoi.${i}.thanh`, `Nội dung thay đổi ${i + 1}: thành`),
  ]).flat();
}

const TD_V1: ColumnSet = {
  bookType: 'TD',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registration(col('loaiDangKy', 'loaiThayDoi', 'Loại thay đổi', 'codes', { codeList: 'loaiThayDoi' })),
    ...person('ntd', 'nguoi', 'người được thay đổi, cải chính'),
    col('loaiGiayToHoTich', 'giayToHoTich.loai', 'Tên giấy tờ hộ tịch', 'code', { codeList: 'loaiGiayToHoTich' }),
    col('soGiayToHoTich', 'giayToHoTich.so', 'Số giấy tờ hộ tịch'),
    col('ngayCapGiayToHoTich', 'giayToHoTich.ngayCap', 'Ngày cấp giấy tờ hộ tịch', 'date'),
    col('noiCapGiayToHoTich', 'giayToHoTich.noiCap', 'Nơi cấp giấy tờ hộ tịch'),
    ...changes(),
    col('lyDo', 'lyDo', 'Lý do'),
    col('canCu', 'canCu', 'Căn cứ'),
    ...registrant('nguoiDiDangKy', 'người đi đăng ký', true),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

/** Every version of every type, oldest first. */
export const COLUMN_SETS: Partial<Record<BookTypeCode, readonly ColumnSet[]>> = {
  GH: [GH_V1],
  CDGH: [CDGH_V1],
  LH: [LH_V1],
  TD: [TD_V1],
};

/** The version new exports use; undefined for a type without a column set. */
export function currentColumnSet(bookType: string): ColumnSet | undefined {
  const versions = (COLUMN_SETS as Record<string, readonly ColumnSet[] | undefined>)[bookType];
  return versions?.[versions.length - 1];
}

/** A given version (to read back an older export); undefined when unknown. */
export function columnSetVersion(bookType: string, version: number): ColumnSet | undefined {
  return (COLUMN_SETS as Record<string, readonly ColumnSet[] | undefined>)[bookType]?.find(
    (s) => s.version === version,
  );
}

export function entryColumns(set: ColumnSet): EntryColumn[] {
  return set.columns.filter((c): c is EntryColumn => c.source === 'entry');
}
