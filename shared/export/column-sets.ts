/**
 * Column sets of the Excel export (each defined in its type's module, shared/book-types/<type>.ts,
 * from the shared blocks of shared/book-types/columns.ts), per book type and version: which columns, in which order, and
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
import type { ColumnSet, EntryColumn } from '../book-types/columns';

export type {
  BookColumn,
  BookField,
  ColumnDef,
  ColumnKind,
  ColumnSet,
  EntryColumn,
  RowNumberColumn,
} from '../book-types/columns';
export { MAX_TD_CHANGES } from '../book-types/columns';

/** Every version of every type, oldest first. */
export const COLUMN_SETS: Partial<Record<BookTypeCode, readonly ColumnSet[]>> = Object.fromEntries(
  Object.entries(BOOK_TYPE_DEFINITIONS).map(([code, type]) => [code, type.columnSets]),
);

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
