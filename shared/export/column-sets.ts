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
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';
import {
  CODE_SHEET_NAME,
  COMMON_NOT_EXPORTED,
  SHEET_NAME,
  col,
  personColumns as person,
  registrantColumns as registrant,
  registrationColumns as registration,
  type ColumnSet,
  type EntryColumn,
} from '../book-types/columns';

export type {
  BookColumn,
  BookField,
  ColumnDef,
  ColumnKind,
  ColumnSet,
  EntryColumn,
  RowNumberColumn,
} from '../book-types/columns';

/**
 * Changes one TD entry can carry in the Excel file: as many as the TD schema allows (real rows
 * have one to three), so that nothing is ever cut off.
 */
export const MAX_TD_CHANGES = 20;

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
  GH: BOOK_TYPE_DEFINITIONS.GH.columnSets,
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
