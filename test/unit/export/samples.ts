/**
 * Complete sample entries, one per typed-in book type: every field the type has is filled, so
 * that every column of the type's export column set has a value to find. They must stay valid
 * for the type's schema: when a schema renames or adds a field, the column-set tests fail.
 */
// From the light module (types only): Playwright loads this file outside Vite.
import { MAX_TD_CHANGES } from '../../../shared/book-types/columns';

const person = (hoTen: string, ngaySinh: string, gioiTinh: string, so: string) => ({
  hoTen,
  ngaySinh,
  gioiTinh,
  danToc: 'Kinh',
  quocTich: 'Việt Nam',
  giayTo: { loai: '4', so, ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
  soDinhDanh: so,
});

const registration = {
  so: '07/2018',
  quyenSo: '01/2018',
  trangSo: 12,
  ngayDangKy: '2018-03-05',
  nguoiKy: 'Lê Văn Ký',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Trần Thị Hoa',
  ghiChu: '=SUM(A1:A2) ghi chú bên lề',
};

const registrant = {
  hoTen: 'Phạm Văn Đến',
  giayTo: { loai: '1', so: '012345678', ngayCap: '2005-01-10', noiCap: 'Công an tỉnh Hà Nam' },
};

export const SAMPLES: Record<'GH' | 'CDGH' | 'LH' | 'TD', Record<string, unknown>> = {
  GH: {
    ...registration,
    loaiGiamHo: 'cu',
    nguoiGiamHo: [
      { ...person('Nguyễn Văn Bình', '1970-02-01', '1', '001070012345'), noiCuTru: 'Thôn Đông, xã Tân Lập' },
      { ...person('Đỗ Thị Lan', '1972-10', '2', '001172012345'), noiCuTru: 'Thôn Đông, xã Tân Lập' },
    ],
    nguoiDuocGiamHo: {
      ...person('Nguyễn Thị Phượng', '2010-07-12', '2', '001310012345'),
      noiSinh: 'Trạm y tế xã Tân Lập',
      noiCuTru: 'Thôn Đông, xã Tân Lập',
    },
    nguoiDiDangKy: registrant,
    vanBanCu: { so: '15/QĐ-UBND', ngay: '2018-02-20', coQuan: 'UBND xã Tân Lập' },
    canCu: 'Điều 54 Bộ luật Dân sự 2015',
    lyDo: 'Cha mẹ đều đã mất',
  },
  CDGH: {
    ...registration,
    ngayDangKy: '2020-06-15',
    so: '03/2020',
    loaiChamDut: 'cu',
    nguoiGiamHo: [
      person('Nguyễn Văn Bình', '1970-02-01', '1', '001070012345'),
      person('Đỗ Thị Lan', '1972-10', '2', '001172012345'),
    ],
    nguoiDuocGiamHo: {
      ...person('Nguyễn Thị Phượng', '2002-07-12', '2', '001302012345'),
      noiSinh: 'Trạm y tế xã Tân Lập',
      noiCuTru: 'Thôn Đông, xã Tân Lập',
    },
    dangKyGiamHo: { so: '07/2018', ngay: '2018-03-05', noiDangKy: 'UBND xã Tân Lập' },
    ngayChamDut: '2020-06-10',
    lyDoChamDut: 'khac',
    lyDoKhac: 'Người giám hộ xin thôi',
    nguoiDiDangKy: registrant,
  },
  LH: {
    ...registration,
    so: '02/2019',
    ngayDangKy: '2019-09-10',
    loaiViec: 'ly-hon',
    nguon: 'nuoc-ngoai',
    chong: { ...person('Trần Văn Nam', '1980-01-01', '1', '001080012345'), noiCuTru: 'Xã Tân Lập' },
    vo: { ...person('Lê Thị Mai', '1985-05-05', '2', '001185012345'), noiCuTru: 'Tokyo, Nhật Bản' },
    ketHon: { so: '12/2010', ngay: '2010-10-10', noiDangKy: 'UBND xã Tân Lập' },
    banAn: {
      so: '345/2019/HNGĐ',
      ngay: '2019-06-01',
      ngayHieuLuc: '2019-07-01',
      coQuan: 'Tòa án quận Shinjuku',
      quocGia: 'Nhật Bản',
    },
    noiDung: 'Con chung: 01; tài sản tự thỏa thuận',
    nguoiYeuCau: { ...registrant, quanHe: 'Người yêu cầu là chồng' },
  },
  TD: {
    ...registration,
    so: '05/2021',
    ngayDangKy: '2021-04-02',
    loaiThayDoi: ['thay-doi', 'xac-dinh-lai-dan-toc'],
    nguoi: { ...person('Sùng Mí Dính', '1995', '1', '001095012345'), noiCuTru: 'Bản Phố, xã Tân Lập' },
    giayToHoTich: { loai: 'KS', so: '45/1995', ngayCap: '1995-08-01', noiCap: 'UBND xã Tân Lập' },
    thayDoi: Array.from({ length: MAX_TD_CHANGES }, (_, i) =>
      i === 0
        ? { truong: 'Dân tộc', tu: 'Mường', thanh: 'Nùng' }
        : { truong: `Tên đệm (${i + 1})`, tu: `Thị ${i}`, thanh: `Mí ${i}` },
    ),
    lyDo: 'Theo nguyện vọng',
    canCu: 'Luật Hộ tịch 2014',
    nguoiDiDangKy: { ...registrant, quanHe: 'Bố đẻ' },
  },
};
