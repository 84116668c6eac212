import { describe, expect, it } from 'vitest';
import { lhRecordSchema, lhWarnings } from './lh';
import { RECORD_TYPES } from './registry';
import { byPath, errorsOf } from './test-helpers';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** A divorce decided in Taiwan, noted in a commune's LH book. */
const valid = {
  so: '05/2019',
  quyenSo: '01/2019',
  trangSo: 6,
  ngayDangKy: '2019-11-20',
  loaiViec: 'ly-hon',
  nguon: 'nuoc-ngoai',
  chong: {
    hoTen: 'Lin Chih-Ming',
    ngaySinh: '1975-02-14',
    gioiTinh: '1',
    quocTich: 'Đài Loan',
    giayTo: { loai: '2', so: '312345678' },
    noiCuTru: 'Đài Trung, Đài Loan',
  },
  vo: {
    hoTen: 'Trần Thị Thu Hà',
    ngaySinh: '1988-09-03',
    gioiTinh: '2',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    giayTo: { loai: '2', so: 'C1234567' },
    soDinhDanh: '089188001234',
    noiCuTru: 'Ấp Tân Hòa, xã Tân Phú, huyện Châu Thành, tỉnh An Giang',
  },
  ketHon: { so: '120/2010', ngay: '2010-05-20', noiDangKy: 'Sở Tư pháp tỉnh An Giang' },
  banAn: {
    so: '108年度婚字第123號',
    ngay: '2019-06-10',
    ngayHieuLuc: '2019-07-15',
    coQuan: 'Tòa án địa phương Đài Trung',
    quocGia: 'Đài Loan',
  },
  noiDung: 'Con chung: Lin Bảo Ngọc, sinh 2012, giao cho người chồng nuôi dưỡng',
  nguoiYeuCau: { hoTen: 'Trần Thị Thu Hà', giayTo: { loai: '2', so: 'C1234567' }, quanHe: 'Bản thân' },
};

const errors = (data: object) => errorsOf(lhRecordSchema, { ...valid, ...data });
const warn = (data: object) => byPath(lhWarnings(lhRecordSchema.parse({ ...valid, ...data })));

describe('LH schema (hard errors)', () => {
  it('accepts a complete entry', () => {
    expect(errors({})).toEqual({});
  });

  it('speaks of "ngày ghi chú" for the registration date', () => {
    expect(errors({ ngayDangKy: '' }).ngayDangKy).toBe(`Bắt buộc nhập ngày ghi chú, ${REQUIRED_HINT}`);
    expect(errors({ ngayDangKy: '2100-01-01' }).ngayDangKy).toBe('Ngày ghi chú không thể sau ngày hôm nay');
  });

  it('requires the kind, both spouses and the judgment (số, ngày, cơ quan, quốc gia)', () => {
    expect(
      errors({ loaiViec: '', chong: { hoTen: '' }, vo: { hoTen: ' ' }, banAn: {}, nguoiYeuCau: undefined }),
    ).toEqual({
      loaiViec: `Chọn loại việc (ly hôn hoặc hủy việc kết hôn), ${REQUIRED_HINT}`,
      'chong.hoTen': `Bắt buộc nhập họ, chữ đệm, tên người chồng, ${REQUIRED_HINT}`,
      'vo.hoTen': `Bắt buộc nhập họ, chữ đệm, tên người vợ, ${REQUIRED_HINT}`,
      'banAn.so': `Bắt buộc nhập số bản án, quyết định, ${REQUIRED_HINT}`,
      'banAn.ngay': `Bắt buộc nhập ngày bản án, quyết định, ${REQUIRED_HINT}`,
      'banAn.coQuan': `Bắt buộc nhập cơ quan ra bản án, quyết định, ${REQUIRED_HINT}`,
      'banAn.quocGia': `Chọn quốc gia của cơ quan ra bản án, ${REQUIRED_HINT}`,
    });
  });

  it('needs no country for a Vietnamese court, and checks the country against the catalog', () => {
    const banAn = { ...valid.banAn, quocGia: '' };
    expect(errors({ nguon: 'trong-nuoc', banAn })).toEqual({});
    expect(errors({ banAn: { ...valid.banAn, quocGia: 'Taiwan' } })['banAn.quocGia']).toMatch(
      /^Quốc tịch không có trong danh mục/,
    );
  });

  it('refuses a judgment after the recording date', () => {
    expect(errors({ ngayDangKy: '2019-06-09' }).ngayDangKy).toBe(
      'Ngày ghi chú không thể trước ngày bản án, quyết định',
    );
    expect(errors({ ngayDangKy: '2019-06' })).toEqual({});
  });

  it('refuses a marriage on or after the judgment', () => {
    const married = (ngay: string) => ({ ketHon: { ...valid.ketHon, ngay } });
    expect(errors(married('2019-06-11'))['ketHon.ngay']).toBe(
      'Ngày đăng ký kết hôn phải trước ngày bản án, quyết định',
    );
    expect(errors(married('2019-06-10'))['ketHon.ngay']).toBe(
      'Ngày đăng ký kết hôn phải trước ngày bản án, quyết định',
    );
    expect(errors(married('2019'))).toEqual({});
  });

  it('refuses an effective date before the judgment', () => {
    expect(errors({ banAn: { ...valid.banAn, ngayHieuLuc: '2019-06-01' } })['banAn.ngayHieuLuc']).toBe(
      'Ngày có hiệu lực không thể trước ngày bản án, quyết định',
    );
  });
});

describe('LH warnings', () => {
  it('has none for a plain entry (a foreign passport is not held to the Vietnamese format)', () => {
    expect(warn({})).toEqual({});
  });

  it('warns about a Vietnamese passport number of the wrong shape', () => {
    expect(warn({ vo: { ...valid.vo, giayTo: { loai: '2', so: '1234567' } } })['vo.giayTo.so']).toBe(
      'Số hộ chiếu Việt Nam gồm 1 chữ cái và 7 chữ số (ví dụ C1234567)',
    );
  });

  it('warns when the judgment took effect after it was noted', () => {
    expect(warn({ banAn: { ...valid.banAn, ngayHieuLuc: '2019-12-01' } })['banAn.ngayHieuLuc']).toBe(
      'Ngày có hiệu lực sau ngày ghi chú: kiểm tra lại',
    );
  });

  it('warns when a "foreign" judgment comes from Việt Nam', () => {
    expect(warn({ banAn: { ...valid.banAn, quocGia: 'Việt Nam' } }).nguon).toMatch(/Tòa án Việt Nam/);
  });

  it('checks số định danh against sex and birth year', () => {
    const w = warn({ vo: { ...valid.vo, soDinhDanh: '089088001234' } });
    expect(w['vo.soDinhDanh']).toBe('Chữ số thứ 4 của số định danh ứng với giới tính Nam, khác giới tính đã nhập');
    expect(warn({ vo: { ...valid.vo, soDinhDanh: '089190001234' } })['vo.soDinhDanh']).toBe(
      'Chữ số thứ 4–6 của số định danh ứng với năm sinh 1990, khác năm sinh đã nhập (1988)',
    );
  });

  it('is indexed under the husband then the wife', () => {
    expect(RECORD_TYPES.LH.indexed(lhRecordSchema.parse(valid)).names).toEqual(['Lin Chih-Ming', 'Trần Thị Thu Hà']);
    expect(RECORD_TYPES.LH.registrationDateLabel).toBe('Ngày ghi chú');
  });
});
