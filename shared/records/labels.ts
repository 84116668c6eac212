/**
 * Vietnamese labels of entry fields, for messages and the reviewer's list of marked fields:
 * "nguoiGiamHo.1.hoTen" → "Người giám hộ 2 › Họ, chữ đệm, tên".
 */
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';
import { pathFromKey, type FieldPath } from './marks';

const SHARED_LABELS: Readonly<Record<string, string>> = {
  so: 'Số',
  quyenSo: 'Quyển số',
  trangSo: 'Trang số',
  ngayDangKy: 'Ngày đăng ký',
  nguoiKy: 'Người ký',
  chucVuNguoiKy: 'Chức vụ người ký',
  nguoiThucHien: 'Người thực hiện',
  ghiChu: 'Ghi chú',
  trungSoLyDo: 'Lý do trùng số',
  hoTen: 'Họ, chữ đệm, tên',
  ngaySinh: 'Ngày, tháng, năm sinh',
  gioiTinh: 'Giới tính',
  danToc: 'Dân tộc',
  quocTich: 'Quốc tịch',
  giayTo: 'Giấy tờ tùy thân',
  loai: 'Loại',
  ngayCap: 'Ngày cấp',
  noiCap: 'Nơi cấp',
  soDinhDanh: 'Số định danh cá nhân',
  noiSinh: 'Nơi sinh',
  noiCuTru: 'Nơi cư trú',
  loaiCuTru: 'Loại cư trú',
  quocTichKhac: 'Quốc tịch khác',
  khac: 'Tên giấy tờ khác',
  dangKyNuocNgoai: 'Đã đăng ký ở nước ngoài',
  quanHe: 'Quan hệ',
  nguoiGiamHo: 'Người giám hộ',
  nguoiDuocGiamHo: 'Người được giám hộ',
  nguoiDiDangKy: 'Người đi đăng ký',
  loaiGiamHo: 'Loại giám hộ',
  vanBanCu: 'Văn bản cử người giám hộ',
  coQuan: 'Cơ quan',
  ngay: 'Ngày',
  canCu: 'Căn cứ',
  lyDo: 'Lý do',
  dangKyGiamHo: 'Đăng ký giám hộ',
  entryId: 'Trường hợp giám hộ đã nhập',
  noiDangKy: 'Nơi đăng ký',
  ngayChamDut: 'Ngày chấm dứt',
  lyDoChamDut: 'Lý do chấm dứt',
  lyDoKhac: 'Lý do khác',
  loaiChamDut: 'Loại chấm dứt giám hộ',
  loaiViec: 'Loại việc',
  nguon: 'Nguồn',
  chong: 'Bên chồng',
  vo: 'Bên vợ',
  ketHon: 'Đăng ký kết hôn',
  banAn: 'Bản án, quyết định',
  ngayHieuLuc: 'Ngày có hiệu lực',
  quocGia: 'Quốc gia',
  noiDung: 'Nội dung',
  nguoiYeuCau: 'Người yêu cầu',
  nguoi: 'Người được thay đổi',
  giayToHoTich: 'Giấy tờ hộ tịch',
  thayDoi: 'Nội dung thay đổi',
  truong: 'Nội dung',
  tu: 'Từ',
  thanh: 'Thành',
  loaiThayDoi: 'Loại việc',
  // Not fields of a book: lines of an entry's history written when a sync conflict is settled.
  tinhTrang: 'Tình trạng',
  xungDotDongBo: 'Xung đột đồng bộ',
};

/** The shared labels, and those each type's description adds for its own fields (`fieldLabels`). */
export const FIELD_LABELS: Readonly<Record<string, string>> = withTypeLabels();

function withTypeLabels(): Record<string, string> {
  const labels: Record<string, string> = { ...SHARED_LABELS };
  for (const type of Object.values(BOOK_TYPE_DEFINITIONS)) {
    const own: Readonly<Record<string, string>> = ('fieldLabels' in type && type.fieldLabels) || {};
    // The first label of a name stands; agreement.test.ts checks no type gives another one.
    for (const [name, label] of Object.entries(own)) labels[name] ??= label;
  }
  return labels;
}

/** Labels that differ in one book (LH prints "Ngày ghi chú"): from each type's description. */
const BOOK_LABELS: Readonly<Record<string, Readonly<Record<string, string>> | undefined>> = Object.fromEntries(
  Object.entries(BOOK_TYPE_DEFINITIONS).map(([code, type]): [string, Readonly<Record<string, string>> | undefined] => [
    code,
    'labels' in type ? type.labels : undefined,
  ]),
);

/** The label of a field path, list positions counted from 1; unknown names are shown as they are. */
export function describePath(path: FieldPath | string, bookType?: string): string {
  const steps = typeof path === 'string' ? pathFromKey(path) : path;
  const parts: string[] = [];
  steps.forEach((step, i) => {
    if (typeof step === 'number') {
      const last = parts.length - 1;
      if (last >= 0) parts[last] = `${parts[last]} ${step + 1}`;
      return;
    }
    const own = i === 0 && bookType ? BOOK_LABELS[bookType]?.[step] : undefined;
    parts.push(own ?? FIELD_LABELS[step] ?? step);
  });
  return parts.join(' › ');
}
