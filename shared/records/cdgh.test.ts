import { describe, expect, it } from 'vitest';
import { cdghRecordSchema, cdghWarnings } from './cdgh';
import { RECORD_TYPES } from './registry';
import { byPath, errorsOf } from './test-helpers';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** Termination of the guardianship of a girl who came of age, typed from a 2021 CDGH book. */
const valid = {
  so: '02/2021',
  quyenSo: '01/2021',
  trangSo: 3,
  ngayDangKy: '2021-08-16',
  nguoiKy: 'Phạm Văn Thắng',
  chucVuNguoiKy: 'Phó Chủ tịch UBND xã',
  loaiChamDut: 'cu',
  nguoiGiamHo: [
    {
      hoTen: 'Nguyễn Văn Bình',
      ngaySinh: '1970-04-02',
      gioiTinh: '1',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      giayTo: { loai: '4', so: '001070012345' },
    },
  ],
  nguoiDuocGiamHo: {
    hoTen: 'Nguyễn Thị Phượng',
    ngaySinh: '2003-07-12',
    gioiTinh: '2',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    noiCuTru: 'Thôn Đông, xã An Bình, huyện Thanh Oai, thành phố Hà Nội',
  },
  dangKyGiamHo: { so: '01/2018', ngay: '2018-03-05', noiDangKy: 'UBND xã An Bình' },
  ngayChamDut: '2021-07-12',
  lyDoChamDut: 'du-nang-luc',
  nguoiDiDangKy: { hoTen: 'Nguyễn Thị Phượng', giayTo: { loai: '4', so: '001303004567' } },
};

const errors = (data: object) => errorsOf(cdghRecordSchema, { ...valid, ...data });
const warn = (data: object) => byPath(cdghWarnings(cdghRecordSchema.parse({ ...valid, ...data })));

describe('CDGH schema (hard errors)', () => {
  it('accepts a complete entry', () => {
    expect(errors({})).toEqual({});
  });

  it('requires the link, the termination date and the reason, unless marked', () => {
    expect(
      errors({ dangKyGiamHo: { so: '', ngay: '' }, ngayChamDut: '', lyDoChamDut: '', nguoiDuocGiamHo: { hoTen: '' } }),
    ).toEqual({
      'dangKyGiamHo.so': `Bắt buộc nhập số đăng ký giám hộ, ${REQUIRED_HINT}`,
      'dangKyGiamHo.ngay': `Bắt buộc nhập ngày đăng ký giám hộ, ${REQUIRED_HINT}`,
      ngayChamDut: `Bắt buộc nhập ngày chấm dứt giám hộ, ${REQUIRED_HINT}`,
      lyDoChamDut: `Chọn lý do chấm dứt giám hộ, ${REQUIRED_HINT}`,
      'nguoiDuocGiamHo.hoTen': `Bắt buộc nhập họ, chữ đệm, tên, ${REQUIRED_HINT}`,
    });
    expect(
      errors({
        dangKyGiamHo: { so: '', ngay: '' },
        ngayChamDut: '',
        danhDau: {
          'dangKyGiamHo.so': { khongDocDuoc: true },
          'dangKyGiamHo.ngay': { khongDocDuoc: true },
          ngayChamDut: { khongDocDuoc: true },
        },
      }),
    ).toEqual({});
  });

  it('takes a GH entry picked from the database as the link', () => {
    const entryId = '0190f3c2-7a4b-7c1d-8e2f-3a4b5c6d7e8f';
    expect(errors({ dangKyGiamHo: { entryId } })).toEqual({});
    expect(errors({ dangKyGiamHo: { entryId: 'abc' } })['dangKyGiamHo.entryId']).toBe(
      'Mã trường hợp giám hộ không hợp lệ',
    );
  });

  it('asks for the text of "another reason"', () => {
    expect(errors({ lyDoChamDut: 'khac' }).lyDoKhac).toBe(`Bắt buộc nhập lý do chấm dứt, ${REQUIRED_HINT}`);
    expect(errors({ lyDoChamDut: 'khac', lyDoKhac: 'Người giám hộ ra nước ngoài định cư' })).toEqual({});
    expect(errors({ lyDoChamDut: 'het-han' }).lyDoChamDut).toBe('Chọn lý do chấm dứt trong danh sách');
  });

  it('refuses a termination before the guardianship it ends', () => {
    expect(errors({ ngayChamDut: '2018-03-04' }).ngayChamDut).toBe(
      'Ngày chấm dứt giám hộ không thể trước ngày đăng ký giám hộ (05/03/2018)',
    );
    expect(errors({ ngayDangKy: '2017-12-30', ngayChamDut: '2017' }).ngayDangKy).toBe(
      'Ngày đăng ký chấm dứt không thể trước ngày đăng ký giám hộ (05/03/2018)',
    );
    // Partial dates that may be the same day are not an error.
    expect(errors({ ngayChamDut: '2018-03' })).toEqual({});
    expect(errors({ ngayChamDut: '2100' }).ngayChamDut).toBe('Ngày này không thể sau ngày hôm nay');
  });

  it('keeps the guardian without residence', () => {
    const parsed = cdghRecordSchema.parse({
      ...valid,
      nguoiGiamHo: [{ ...valid.nguoiGiamHo[0], noiCuTru: 'Thôn Đông' }],
    });
    expect('noiCuTru' in parsed.nguoiGiamHo[0]!).toBe(false);
  });
});

describe('CDGH warnings', () => {
  it('has none for a plain entry', () => {
    expect(warn({})).toEqual({});
  });

  it('warns when the termination date is after its registration', () => {
    expect(warn({ ngayChamDut: '2021-09-01' }).ngayDangKy).toBe(
      'Ngày đăng ký chấm dứt trước ngày chấm dứt giám hộ: kiểm tra lại',
    );
  });

  it('warns when "full capacity" is the reason but the ward is under 18', () => {
    const ward = { ...valid.nguoiDuocGiamHo, ngaySinh: '2005-01-01' };
    expect(warn({ nguoiDuocGiamHo: ward }).lyDoChamDut).toBe(
      'Người được giám hộ mới 16 tuổi vào ngày chấm dứt, chưa đủ 18 tuổi: kiểm tra lại lý do',
    );
    expect(warn({ nguoiDuocGiamHo: ward, lyDoChamDut: 'con-nuoi' })).toEqual({});
  });

  it('warns when the guardian is the ward', () => {
    expect(warn({ nguoiGiamHo: [{ hoTen: 'Nguyễn Thị Phượng' }] })['nguoiGiamHo.0.hoTen']).toBe(
      'Người giám hộ trùng với người được giám hộ',
    );
  });

  it('is indexed under the ward', () => {
    expect(RECORD_TYPES.CDGH.indexed(cdghRecordSchema.parse(valid)).names).toEqual([
      'Nguyễn Thị Phượng',
      'Nguyễn Văn Bình',
    ]);
  });
});
