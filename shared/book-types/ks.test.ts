import { describe, expect, it } from 'vitest';
import { peopleOf } from '../records/people';
import { RECORD_TYPES } from '../records/registry';
import { byPath, errorsOf } from '../records/test-helpers';
import { fieldsOf } from './layout';
import { KS_BOOK_TYPE, daysToRegistration, ksRecordSchema, ksWarnings, type KsRecord } from './ks';

/** A complete entry as a clerk types it from a 2018 KS book. */
const valid = {
  so: '12/2018',
  quyenSo: '01/2018',
  trangSo: 4,
  ngayDangKy: '2018-03-20',
  nguoiKy: 'Nguyễn Văn Hùng',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Lê Thị Mai',
  loaiDangKy: '1',
  nguoiKhaiSinh: {
    hoTen: 'Trần Minh An',
    gioiTinh: '1',
    ngaySinh: '2018-02-10',
    ngaySinhBangChu: 'Ngày mười tháng hai năm hai nghìn không trăm mười tám',
    noiSinh: 'Trạm y tế xã Tân Lập',
    queQuan: 'Xã Tân Lập, huyện Đan Phượng, Hà Nội',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    loaiKhaiSinh: '1',
    soDinhDanh: '001218012345',
  },
  me: {
    hoTen: 'Đỗ Thị Lan',
    ngaySinh: '1990-05-01',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    loaiCuTru: '1',
    noiCuTru: 'Thôn Đông, xã Tân Lập',
    giayTo: { loai: '1', so: '012345678' },
  },
  cha: {
    hoTen: 'Trần Văn Bình',
    ngaySinh: '1988',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    loaiCuTru: '1',
    noiCuTru: 'Thôn Đông, xã Tân Lập',
  },
  nguoiYeuCau: { hoTen: 'Trần Văn Bình', quanHe: 'Cha', giayTo: { loai: '1', so: '012345679' } },
};

const parse = (data: unknown) => ksRecordSchema.parse(data);
const warningsOf = (data: unknown) => byPath(ksWarnings(parse(data) as KsRecord));
const withChanges = (change: (d: typeof valid & Record<string, unknown>) => void) => {
  const copy = structuredClone(valid) as typeof valid & Record<string, unknown>;
  change(copy);
  return copy;
};

describe('KS entries', () => {
  it('accept a complete entry with no warning', () => {
    expect(errorsOf(ksRecordSchema, valid)).toEqual({});
    expect(warningsOf(valid)).toEqual({});
  });

  it('require số, the registration date, the kind of registration, the child’s name and birth date unless marked', () => {
    const blank = withChanges((d) => {
      d.so = '';
      d.ngayDangKy = '';
      d.loaiDangKy = '';
      d.nguoiKhaiSinh.hoTen = '';
      d.nguoiKhaiSinh.ngaySinh = '';
    });
    const errors = errorsOf(ksRecordSchema, blank);
    expect(Object.keys(errors).sort()).toEqual([
      'loaiDangKy',
      'ngayDangKy',
      'nguoiKhaiSinh.hoTen',
      'nguoiKhaiSinh.ngaySinh',
      'so',
    ]);
    expect(errors.loaiDangKy).toBe('Chọn loại đăng ký, hoặc đánh dấu "Không đọc được"');
    const marked = {
      ...blank,
      danhDau: Object.fromEntries(
        ['so', 'ngayDangKy', 'loaiDangKy', 'nguoiKhaiSinh.hoTen', 'nguoiKhaiSinh.ngaySinh'].map((p) => [
          p,
          { khongDocDuoc: true },
        ]),
      ),
    };
    expect(errorsOf(ksRecordSchema, marked)).toEqual({});
  });

  it('keep the parents optional (a father not yet determined) and partial dates', () => {
    const data = withChanges((d) => {
      delete (d as Record<string, unknown>).cha;
      d.me.ngaySinh = '1990-05';
      d.nguoiKhaiSinh.loaiKhaiSinh = '3';
    });
    expect(errorsOf(ksRecordSchema, data)).toEqual({});
  });

  it('refuse a birth date after the registration date', () => {
    const data = withChanges((d) => (d.nguoiKhaiSinh.ngaySinh = '2018-03-21'));
    expect(errorsOf(ksRecordSchema, data)).toEqual({
      'nguoiKhaiSinh.ngaySinh': 'Ngày sinh không thể sau ngày đăng ký',
    });
  });

  it('refuse codes outside the template’s lists', () => {
    const data = withChanges((d) => {
      d.loaiDangKy = '7';
      d.nguoiKhaiSinh.loaiKhaiSinh = '9';
    });
    expect(errorsOf(ksRecordSchema, data)).toMatchObject({
      loaiDangKy: expect.stringContaining('Chọn loại đăng ký khai sinh trong danh sách'),
      'nguoiKhaiSinh.loaiKhaiSinh': expect.stringContaining('Chọn loại khai sinh trong danh sách'),
    });
  });

  it('refuse a parent born after the child', () => {
    const data = withChanges((d) => {
      d.me.ngaySinh = '2018-02-11';
      d.cha.ngaySinh = '2019';
    });
    const errors = errorsOf(ksRecordSchema, data);
    expect(errors['me.ngaySinh']).toContain('Mẹ không thể sinh sau người được khai sinh');
    expect(errors['cha.ngaySinh']).toContain('Cha không thể sinh sau người được khai sinh');
    // The same year as the child's, to the year only: maybe not after, no error.
    expect(
      errorsOf(
        ksRecordSchema,
        withChanges((d) => (d.cha.ngaySinh = '2018')),
      )['cha.ngaySinh'],
    ).toBeUndefined();
  });

  it('warn when a parent would have been under 12 or over 70 at the birth', () => {
    const young = warningsOf(withChanges((d) => (d.me.ngaySinh = '2007-01-01')));
    expect(young['me.ngaySinh']).toBe('Mẹ mới 11 tuổi khi sinh người được khai sinh: kiểm tra lại ngày sinh');
    const old = warningsOf(withChanges((d) => (d.cha.ngaySinh = '1945')));
    expect(old['cha.ngaySinh']).toBe('Cha đã 72–73 tuổi khi sinh người được khai sinh: kiểm tra lại ngày sinh');
    expect(warningsOf(withChanges((d) => (d.cha.ngaySinh = '1948')))['cha.ngaySinh']).toBeUndefined();
    expect(warningsOf(withChanges((d) => (d.me.ngaySinh = '2006-02-10')))['me.ngaySinh']).toBeUndefined();
  });

  it('warn when "đúng hạn" is registered more than 60 days after the birth', () => {
    const late = warningsOf(withChanges((d) => (d.nguoiKhaiSinh.ngaySinh = '2018-01-18')));
    expect(late.loaiDangKy).toBe(
      'Đăng ký đúng hạn nhưng ngày đăng ký sau ngày sinh hơn 60 ngày (61 ngày): kiểm tra loại đăng ký (quá hạn?)',
    );
    expect(warningsOf(withChanges((d) => (d.nguoiKhaiSinh.ngaySinh = '2018-01-19'))).loaiDangKy).toBeUndefined();
    // A birth known to the month only may be within 60 days: no warning.
    expect(warningsOf(withChanges((d) => (d.nguoiKhaiSinh.ngaySinh = '2018-01'))).loaiDangKy).toBeUndefined();
  });

  it('warn when "quá hạn" is registered within 60 days of the birth', () => {
    const data = withChanges((d) => (d.loaiDangKy = '4'));
    expect(warningsOf(data).loaiDangKy).toBe(
      'Đăng ký quá hạn nhưng ngày đăng ký trong vòng 60 ngày kể từ ngày sinh: kiểm tra loại đăng ký (đúng hạn?)',
    );
    const overdue = withChanges((d) => {
      d.loaiDangKy = '4';
      d.nguoiKhaiSinh.ngaySinh = '2017-10-01';
    });
    expect(warningsOf(overdue).loaiDangKy).toBeUndefined();
    expect(daysToRegistration(parse(overdue))).toEqual({ min: 170, max: 170 });
  });

  it('refuse declaration notes (mất tích, hạn chế năng lực hành vi) dated before the birth or the registration', () => {
    const data = withChanges((d) => {
      d.matTich = { tinhTrang: '1', ngayGhiChuTuyenBo: '2018-03-01', canCuTuyenBo: 'QĐ 1/2030' };
      d.hanCheNangLucHanhVi = { tinhTrang: '2', ngayGhiChuTuyenBo: '2030', ngayGhiChuHuyTuyenBo: '2017' };
    });
    const errors = errorsOf(ksRecordSchema, data);
    expect(errors['matTich.ngayGhiChuTuyenBo']).toBe(
      'Ngày ghi chú tuyên bố mất tích không thể trước ngày đăng ký khai sinh',
    );
    expect(errors['hanCheNangLucHanhVi.ngayGhiChuHuyTuyenBo']).toBe(
      'Ngày ghi chú hủy tuyên bố hạn chế năng lực hành vi dân sự không thể trước ngày sinh | Ngày ghi chú hủy tuyên bố hạn chế năng lực hành vi dân sự không thể trước ngày đăng ký khai sinh',
    );
    expect(errors['hanCheNangLucHanhVi.ngayGhiChuTuyenBo']).toBe('Ngày này không thể sau ngày hôm nay');
    const fine = withChanges((d) => {
      d.matTich = { tinhTrang: '2', ngayGhiChuTuyenBo: '2019-02-01', ngayGhiChuHuyTuyenBo: '2020-01' };
    });
    expect(errorsOf(ksRecordSchema, fine)).toEqual({});
    expect(warningsOf(fine)).toEqual({});
  });

  it('warn when an annulment is noted before its declaration', () => {
    const data = withChanges((d) => {
      d.matTich = { tinhTrang: '2', ngayGhiChuTuyenBo: '2020-02-01', ngayGhiChuHuyTuyenBo: '2019-12' };
    });
    expect(warningsOf(data)['matTich.ngayGhiChuHuyTuyenBo']).toBe(
      'Ngày ghi chú hủy tuyên bố mất tích trước ngày ghi chú tuyên bố mất tích: kiểm tra lại',
    );
  });

  it('check the foreign registration of "ghi vào sổ" against the birth and the registration', () => {
    const before = withChanges((d) => {
      d.loaiDangKy = '3';
      d.dangKyNuocNgoai = { so: '123', ngay: '2018-01-01', coQuan: 'Tokyo', quocGia: 'Nhật Bản' };
    });
    expect(errorsOf(ksRecordSchema, before)['dangKyNuocNgoai.ngay']).toBe(
      'Ngày đăng ký ở nước ngoài không thể trước ngày sinh',
    );
    const after = withChanges((d) => {
      d.loaiDangKy = '3';
      d.dangKyNuocNgoai = { so: '123', ngay: '2018-04-01', coQuan: 'Tokyo', quocGia: 'Nhật Bản' };
    });
    expect(warningsOf(after)['dangKyNuocNgoai.ngay']).toBe(
      'Ngày đăng ký ở nước ngoài sau ngày ghi vào sổ: kiểm tra lại',
    );
  });

  it('require the name of an "other" identity paper of the requester', () => {
    const data = withChanges((d) => (d.nguoiYeuCau.giayTo = { loai: '8', so: 'ABC' }));
    expect(errorsOf(ksRecordSchema, data)).toEqual({
      'nguoiYeuCau.giayTo.khac': 'Bắt buộc nhập tên giấy tờ khác, hoặc đánh dấu "Không đọc được"',
    });
  });

  it('apply the shared checks: so/year, personal numbers, ethnicity and nationality names', () => {
    const data = withChanges((d) => {
      d.so = '12/2017';
      d.nguoiKhaiSinh.soDinhDanh = '001118012345';
    });
    const warnings = warningsOf(data);
    expect(warnings.so).toBe('Năm trong số (2017) khác năm đăng ký (2018)');
    expect(warnings['nguoiKhaiSinh.soDinhDanh']).toContain('giới tính Nữ');
    const bad = withChanges((d) => {
      d.nguoiKhaiSinh.soDinhDanh = '12345';
      d.me.danToc = 'Ba Na';
      d.cha.quocTich = 'Xứ Sở Thần Tiên';
    });
    expect(Object.keys(errorsOf(ksRecordSchema, bad)).sort()).toEqual([
      'cha.quocTich',
      'me.danToc',
      'nguoiKhaiSinh.soDinhDanh',
    ]);
  });

  it('is indexed by số, page, date and names, and lists its people with their roles', () => {
    const record = parse(valid);
    expect(RECORD_TYPES.KS.indexed(record)).toEqual({
      so: '12/2018',
      quyenSo: '01/2018',
      trangSo: 4,
      ngayDangKy: '2018-03-20',
      names: ['Trần Minh An', 'Đỗ Thị Lan', 'Trần Văn Bình', 'Trần Văn Bình'],
    });
    expect(peopleOf('KS', record)).toEqual([
      { role: 'Người được khai sinh', name: 'Trần Minh An', birthDate: '2018-02-10' },
      { role: 'Mẹ', name: 'Đỗ Thị Lan', birthDate: '1990-05-01' },
      { role: 'Cha', name: 'Trần Văn Bình', birthDate: '1988' },
      { role: 'Người yêu cầu', name: 'Trần Văn Bình' },
    ]);
    expect(KS_BOOK_TYPE.critical).toEqual(['nguoiKhaiSinh.hoTen', 'nguoiKhaiSinh.ngaySinh']);
  });

  it('shows the foreign-registration block only for "ghi vào sổ" and carries the header and signer over', () => {
    const group = KS_BOOK_TYPE.layout.items.find(
      (i) => i.kind === 'group' && i.legend.startsWith('Đã đăng ký tại cơ quan'),
    );
    expect(group).toMatchObject({ when: { path: 'loaiDangKy', equals: '3' } });
    const carried = fieldsOf(KS_BOOK_TYPE.layout.items, KS_BOOK_TYPE.layout.blank())
      .filter((f) => f.carry)
      .map((f) => f.path);
    expect(carried).toEqual(['quyenSo', 'ngayDangKy', 'nguoiKy', 'chucVuNguoiKy', 'nguoiThucHien']);
  });
});
