/**
 * Code lists of the export: where the BTP templates take a code, the value stored in an entry
 * (a readable slug such as "cu", or already a numeric code such as "1") is written as the code
 * listed here, and read back to the stored value. The second sheet of every exported workbook
 * lists the lists a book type uses. Data, not code: a new code is a new row here.
 *
 * Stored values mirror the catalogs in shared/catalogs (guardianship kinds, ID types, …); the
 * export codes are the export's own (numbered like the BTP `loaiDangKy i=[1,2,…]` lists).
 */

export interface CodeListEntry {
  /** What an entry stores. */
  value: string;
  /** What the Excel file holds. */
  code: string;
  name: string;
}

export interface CodeList {
  id: string;
  /** Title of the list on the "Ghi chu" sheet. */
  title: string;
  entries: readonly CodeListEntry[];
}

const same = (list: readonly (readonly [string, string])[]): CodeListEntry[] =>
  list.map(([code, name]) => ({ value: code, code, name }));

export const CODE_LISTS = {
  gioiTinh: {
    id: 'gioiTinh',
    title: 'Giới tính',
    entries: same([
      ['1', 'Nam'],
      ['2', 'Nữ'],
      ['3', 'Không xác định'],
    ]),
  },
  loaiGiayToTuyThan: {
    id: 'loaiGiayToTuyThan',
    title: 'Loại giấy tờ tùy thân',
    entries: same([
      ['1', 'Giấy chứng minh nhân dân'],
      ['2', 'Hộ chiếu'],
      ['3', 'Thẻ thường trú'],
      ['4', 'Thẻ căn cước công dân'],
      ['5', 'Giấy chứng minh quân đội nhân dân'],
      ['6', 'Giấy chứng minh sĩ quan quân đội'],
      ['7', 'Giấy chứng minh công an nhân dân'],
      ['8', 'Giấy tờ khác'],
      ['10', 'Thẻ căn cước'],
      ['0', 'Không có giấy tờ'],
    ]),
  },
  loaiCuTru: {
    id: 'loaiCuTru',
    title: 'Loại cư trú',
    entries: same([
      ['1', 'Thường trú'],
      ['2', 'Tạm trú'],
      ['0', 'Không có thông tin'],
    ]),
  },
  loaiGiamHo: {
    id: 'loaiGiamHo',
    title: 'Loại đăng ký giám hộ',
    entries: [
      { value: 'cu', code: '1', name: 'Giám hộ cử' },
      { value: 'duong-nhien', code: '2', name: 'Giám hộ đương nhiên' },
      { value: 'ghi-vao-so', code: '3', name: 'Ghi vào sổ hộ tịch việc giám hộ' },
    ],
  },
  loaiChamDutGiamHo: {
    id: 'loaiChamDutGiamHo',
    title: 'Loại chấm dứt giám hộ',
    entries: [
      { value: 'cu', code: '1', name: 'Chấm dứt giám hộ cử' },
      { value: 'duong-nhien', code: '2', name: 'Chấm dứt giám hộ đương nhiên' },
    ],
  },
  lyDoChamDutGiamHo: {
    id: 'lyDoChamDutGiamHo',
    title: 'Lý do chấm dứt giám hộ',
    entries: [
      { value: 'du-nang-luc', code: '1', name: 'Người được giám hộ đã có năng lực hành vi dân sự đầy đủ' },
      { value: 'chet', code: '2', name: 'Người được giám hộ chết' },
      {
        value: 'cha-me-du-dieu-kien',
        code: '3',
        name: 'Cha, mẹ của người được giám hộ đủ điều kiện thực hiện quyền, nghĩa vụ của mình',
      },
      { value: 'con-nuoi', code: '4', name: 'Người được giám hộ được nhận làm con nuôi' },
      { value: 'khac', code: '5', name: 'Lý do khác' },
    ],
  },
  loaiViecLyHon: {
    id: 'loaiViecLyHon',
    title: 'Loại việc ghi chú ly hôn',
    entries: [
      { value: 'ly-hon', code: '1', name: 'Ly hôn' },
      { value: 'huy-ket-hon', code: '2', name: 'Hủy việc kết hôn' },
    ],
  },
  nguonLyHon: {
    id: 'nguonLyHon',
    title: 'Nguồn của bản án, quyết định ly hôn',
    entries: [
      { value: 'nuoc-ngoai', code: '1', name: 'Tòa án, cơ quan có thẩm quyền nước ngoài' },
      { value: 'trong-nuoc', code: '2', name: 'Tòa án Việt Nam' },
    ],
  },
  loaiThayDoi: {
    id: 'loaiThayDoi',
    title: 'Loại thay đổi, cải chính, bổ sung hộ tịch',
    entries: [
      { value: 'thay-doi', code: '1', name: 'Thay đổi hộ tịch' },
      { value: 'cai-chinh', code: '2', name: 'Cải chính hộ tịch' },
      { value: 'bo-sung', code: '3', name: 'Bổ sung hộ tịch' },
      { value: 'xac-dinh-lai-dan-toc', code: '4', name: 'Xác định lại dân tộc' },
      { value: 'xac-dinh-lai-gioi-tinh', code: '5', name: 'Xác định lại giới tính' },
      { value: 'dieu-chinh', code: '6', name: 'Điều chỉnh hộ tịch' },
    ],
  },
  loaiGiayToHoTich: {
    id: 'loaiGiayToHoTich',
    title: 'Tên giấy tờ hộ tịch được thay đổi',
    entries: same([
      ['KS', 'Khai sinh'],
      ['KH', 'Kết hôn'],
      ['KT', 'Khai tử'],
      ['GH', 'Giám hộ'],
      ['CDGH', 'Chấm dứt giám hộ'],
      ['CMC', 'Nhận cha, mẹ, con'],
      ['NCN', 'Nuôi con nuôi'],
      ['HN', 'Xác nhận tình trạng hôn nhân'],
      ['LH', 'Ghi chú ly hôn'],
      ['khac', 'Giấy tờ hộ tịch khác'],
    ]),
  },
} as const satisfies Record<string, CodeList>;

export type CodeListId = keyof typeof CODE_LISTS;

/**
 * A column's code list: one of the shared lists above by id, or a list a book type defines in its
 * own module (KS "loại đăng ký", KT "tình trạng tuyên bố"), so that adding a type touches only it.
 */
export type CodeListRef = CodeListId | CodeList;

export function codeListOf(ref: CodeListRef): CodeList {
  return typeof ref === 'string' ? CODE_LISTS[ref] : ref;
}

/** The export code of a stored value; a value already written as a code, or unknown, is kept. */
export function toExportCode(listId: CodeListRef, value: string): string {
  const entries: readonly CodeListEntry[] = codeListOf(listId).entries;
  return entries.find((e) => e.value === value)?.code ?? value;
}

/** The stored value of an export code; an unknown code is kept as it is. */
export function fromExportCode(listId: CodeListRef, code: string): string {
  const entries: readonly CodeListEntry[] = codeListOf(listId).entries;
  return entries.find((e) => e.code === code)?.value ?? code;
}

/** True when the stored value has a code in the list. */
export function hasExportCode(listId: CodeListRef, value: string): boolean {
  const entries: readonly CodeListEntry[] = codeListOf(listId).entries;
  return entries.some((e) => e.value === value);
}
