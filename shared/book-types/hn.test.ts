/**
 * HN — Sổ cấp Giấy xác nhận tình trạng hôn nhân: its schema (hard errors) and warnings, one test
 * per rule, on entries as a clerk types them from the book.
 */
import { describe, expect, it } from 'vitest';
import { canonicalRecordData, recordTypeFor } from '../records/registry';
import { describePath, FIELD_LABELS } from '../records/labels';
import { peopleOf } from '../records/people';
import { byPath, errorsOf } from '../records/test-helpers';
import { criticalFieldPaths } from '../review/critical';
import { HN_BOOK_TYPE, hnRecordSchema, hnWarnings } from './hn';

const HINT = 'hoặc đánh dấu "Không đọc được"';

/** A certificate for marriage, as a 2019 book writes it. */
const forMarriage = {
  so: '12/2019',
  quyenSo: '01/2019',
  trangSo: 7,
  ngayDangKy: '2019-06-14',
  nguoiKy: 'Lò Văn Sáng',
  chucVuNguoiKy: 'Phó Chủ tịch UBND xã',
  nguoiThucHien: 'Quàng Thị Hoa',
  nguoiDuocXacNhan: {
    hoTen: 'Lò Thị Xuân',
    gioiTinh: '2',
    ngaySinh: '1995-02-11',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    loaiCuTru: '1',
    noiCuTru: 'Bản Chiềng, xã Chiềng Ly, huyện Thuận Châu, tỉnh Sơn La',
    giayTo: { loai: '1', so: '050123456', ngayCap: '2012-08-20', noiCap: 'Công an tỉnh Sơn La' },
  },
  thoiGianCuTru: {
    noiCuTru: 'Bản Chiềng, xã Chiềng Ly, huyện Thuận Châu, tỉnh Sơn La',
    tuNgay: '2013-02-11',
    denNgay: '2019-06-14',
  },
  tinhTrangHonNhan: 'Chưa đăng ký kết hôn với ai',
  loaiMucDichSuDung: 'ket-hon',
  mucDichSuDung: 'Để đăng ký kết hôn với anh Cầm Văn Dũng',
  nguoiYeuCau: { hoTen: 'Lò Thị Xuân', quanHe: 'Bản thân', giayTo: { loai: '1', so: '050123456' } },
};

const PERSON = forMarriage.nguoiDuocXacNhan;

const errors = (data: object) => errorsOf(hnRecordSchema, { ...forMarriage, ...data });
const warnings = (data: object, context = {}) =>
  byPath(hnWarnings(hnRecordSchema.parse({ ...forMarriage, ...data }), context));
const person = (data: Record<string, unknown>) => ({ nguoiDuocXacNhan: { ...PERSON, ...data } });
const FUTURE = '2199-01-01';

describe('HN schema (hard errors)', () => {
  it('accepts an entry of the book, with no warning', () => {
    expect(errors({})).toEqual({});
    expect(warnings({})).toEqual({});
  });

  it('accepts partial dates and an entry with no residence period nor requester', () => {
    expect(
      errors({
        ngayDangKy: '2019-06',
        ...person({ ngaySinh: '1995' }),
        thoiGianCuTru: { tuNgay: '2013-02', denNgay: '2019' },
        nguoiYeuCau: undefined,
      }),
    ).toEqual({});
    const { thoiGianCuTru: _t, nguoiYeuCau: _n, ...bare } = forMarriage;
    expect(errorsOf(hnRecordSchema, bare)).toEqual({});
  });

  it('requires số, ngày cấp, the name and birth date, the status and the purpose, unless marked', () => {
    const blank = {
      so: '',
      ngayDangKy: '',
      ...person({ hoTen: '', ngaySinh: '' }),
      tinhTrangHonNhan: '',
      loaiMucDichSuDung: '',
    };
    expect(errors(blank)).toEqual({
      so: `Bắt buộc nhập số, ${HINT}`,
      ngayDangKy: `Bắt buộc nhập ngày cấp, ${HINT}`,
      'nguoiDuocXacNhan.hoTen': `Bắt buộc nhập họ, chữ đệm, tên người được xác nhận, ${HINT}`,
      'nguoiDuocXacNhan.ngaySinh': `Bắt buộc nhập ngày, tháng, năm sinh, ${HINT}`,
      tinhTrangHonNhan: `Bắt buộc nhập tình trạng hôn nhân, ${HINT}`,
      loaiMucDichSuDung: `Chọn mục đích sử dụng, ${HINT}`,
    });
    const marked = Object.fromEntries(
      [
        'so',
        'ngayDangKy',
        'nguoiDuocXacNhan.hoTen',
        'nguoiDuocXacNhan.ngaySinh',
        'tinhTrangHonNhan',
        'loaiMucDichSuDung',
      ].map((p) => [p, { khongDocDuoc: true }]),
    );
    expect(errors({ ...blank, danhDau: marked })).toEqual({});
    // A lunar birth date stands for the date.
    expect(
      errors({ ...person({ ngaySinh: '' }), danhDau: { 'nguoiDuocXacNhan.ngaySinh': { amLich: 'Ất Hợi' } } }),
    ).toEqual({});
  });

  it('refuses a purpose that is not in the list', () => {
    expect(errors({ loaiMucDichSuDung: 'du-lich' })).toEqual({
      loaiMucDichSuDung: 'Chọn mục đích sử dụng trong danh sách',
    });
  });

  it('requires the purpose written out when it is "Mục đích khác"', () => {
    expect(errors({ loaiMucDichSuDung: 'khac', mucDichSuDung: '' })).toEqual({
      mucDichSuDung: `Bắt buộc nhập mục đích sử dụng cụ thể, ${HINT}`,
    });
    expect(errors({ loaiMucDichSuDung: 'khac', mucDichSuDung: 'Bổ sung hồ sơ xin việc' })).toEqual({});
    expect(errors({ loaiMucDichSuDung: 'ket-hon', mucDichSuDung: '' })).toEqual({});
  });

  it('requires the name of an "other" identity paper, for the person and the requester', () => {
    const other = { loai: '8', so: 'GT-12', khac: '' };
    expect(
      errors({
        ...person({ giayTo: { ...other, ngayCap: '', noiCap: '' } }),
        nguoiYeuCau: { hoTen: 'Lò Văn Tiến', quanHe: 'Anh', giayTo: other },
      }),
    ).toEqual({
      'nguoiDuocXacNhan.giayTo.khac': `Bắt buộc nhập tên giấy tờ khác, ${HINT}`,
      'nguoiYeuCau.giayTo.khac': `Bắt buộc nhập tên giấy tờ khác, ${HINT}`,
    });
    expect(
      errors(person({ giayTo: { ...other, khac: 'Giấy xác nhận của Công an xã', ngayCap: '', noiCap: '' } })),
    ).toEqual({});
  });

  it('refuses a residence period whose end is before its start', () => {
    expect(errors({ thoiGianCuTru: { noiCuTru: 'Bản Chiềng', tuNgay: '2015-03-01', denNgay: '2014-12-31' } })).toEqual({
      'thoiGianCuTru.denNgay': 'Thời gian cư trú: "đến ngày" không thể trước "từ ngày"',
    });
    // Partial dates that may be the same day are not out of order.
    expect(errors({ thoiGianCuTru: { tuNgay: '2015-03-01', denNgay: '2015-03' } })).toEqual({});
  });

  it('refuses dates after today: the certificate, the residence period, the identity paper', () => {
    expect(
      errors({
        ngayDangKy: FUTURE,
        thoiGianCuTru: { tuNgay: FUTURE, denNgay: FUTURE },
        ...person({ giayTo: { ...PERSON.giayTo, ngayCap: FUTURE } }),
      }),
    ).toEqual({
      ngayDangKy: 'Ngày cấp không thể sau ngày hôm nay',
      'thoiGianCuTru.tuNgay': 'Ngày này không thể sau ngày hôm nay',
      'thoiGianCuTru.denNgay': 'Ngày này không thể sau ngày hôm nay',
      'nguoiDuocXacNhan.giayTo.ngayCap': 'Ngày này không thể sau ngày hôm nay',
    });
  });

  it('refuses a birth after the certificate was issued', () => {
    expect(errors(person({ ngaySinh: '2019-07-01' }))).toEqual({
      'nguoiDuocXacNhan.ngaySinh': 'Ngày sinh không thể sau ngày cấp',
    });
  });

  it('refuses a citizen identity card number that is not 12 digits', () => {
    expect(errors(person({ giayTo: { loai: '4', so: '03519500123', ngayCap: '', noiCap: '' } }))).toEqual({
      'nguoiDuocXacNhan.giayTo.so': 'Số thẻ căn cước công dân phải gồm đúng 12 chữ số',
    });
  });

  it('has no field for a personal number (the HN template has no such column)', () => {
    const parsed = hnRecordSchema.parse({ ...forMarriage, ...person({ soDinhDanh: '035195001234' }) });
    expect(parsed.nguoiDuocXacNhan).not.toHaveProperty('soDinhDanh');
  });
});

describe('HN warnings', () => {
  it('warns when the year of số differs from the year of issue, and before the book was opened', () => {
    expect(warnings({ so: '12/2018' }, { bookOpenedOn: '2019-07-01' })).toEqual({
      so: 'Năm trong số (2018) khác năm đăng ký (2019)',
      ngayDangKy: 'Ngày cấp trước ngày mở sổ (01/07/2019): kiểm tra lại',
    });
  });

  it('warns when a 12-digit number disagrees with the sex and birth year', () => {
    expect(warnings(person({ giayTo: { loai: '4', so: '014096001234', ngayCap: '', noiCap: '' } }))).toEqual({
      'nguoiDuocXacNhan.giayTo.so':
        'Chữ số thứ 4 của số giấy tờ ứng với giới tính Nam, khác giới tính đã nhập | ' +
        'Chữ số thứ 4–6 của số giấy tờ ứng với năm sinh 1996, khác năm sinh đã nhập (1995)',
    });
  });

  it('warns when a woman is not yet 18 at the date of a certificate for marriage', () => {
    expect(warnings(person({ ngaySinh: '2001-07-01' }))).toEqual({
      'nguoiDuocXacNhan.ngaySinh':
        'Người được xác nhận mới 17 tuổi khi cấp giấy để kết hôn (nữ phải từ đủ 18 tuổi): kiểm tra lại',
    });
    // Exactly 18, or a birth year that leaves 17 or 18 open: no warning.
    expect(warnings(person({ ngaySinh: '2001-06-14' }))).toEqual({});
    expect(warnings(person({ ngaySinh: '2001' }))).toEqual({});
  });

  it('warns when a man is not yet 20, and not for another purpose', () => {
    const young = person({ gioiTinh: '1', ngaySinh: '2000-01-01' });
    expect(warnings(young)).toEqual({
      'nguoiDuocXacNhan.ngaySinh':
        'Người được xác nhận mới 19 tuổi khi cấp giấy để kết hôn (nam phải từ đủ 20 tuổi): kiểm tra lại',
    });
    expect(warnings(person({ gioiTinh: '1', ngaySinh: '1999-06-14' }))).toEqual({});
    expect(warnings({ ...young, loaiMucDichSuDung: 'khac', mucDichSuDung: 'Xin việc' })).toEqual({});
  });

  it('warns when the status says married and the purpose is marriage', () => {
    expect(warnings({ tinhTrangHonNhan: 'Đang có chồng là ông Cầm Văn Dũng' })).toEqual({
      tinhTrangHonNhan: 'Tình trạng hôn nhân ghi đang có vợ hoặc chồng nhưng mục đích sử dụng là kết hôn: kiểm tra lại',
    });
    expect(warnings({ tinhTrangHonNhan: 'Đã ly hôn, hiện chưa đăng ký kết hôn với ai' })).toEqual({});
    expect(
      warnings({ tinhTrangHonNhan: 'Đang có chồng', loaiMucDichSuDung: 'khac', mucDichSuDung: 'Vay vốn ngân hàng' }),
    ).toEqual({});
  });

  it('warns when the residence period ends after the certificate or starts before the birth', () => {
    expect(
      warnings({ thoiGianCuTru: { noiCuTru: 'Bản Chiềng', tuNgay: '1990-01-01', denNgay: '2019-07-01' } }),
    ).toEqual({
      'thoiGianCuTru.denNgay': 'Thời gian cư trú kết thúc sau ngày cấp giấy: kiểm tra lại',
      'thoiGianCuTru.tuNgay': 'Thời gian cư trú bắt đầu trước ngày sinh: kiểm tra lại',
    });
  });
});

describe('HN in the registry', () => {
  it('indexes số, trang, ngày cấp and the name of the person confirmed', () => {
    const type = recordTypeFor('HN')!;
    expect(type.indexed(type.schema.parse(forMarriage))).toEqual({
      so: '12/2019',
      quyenSo: '01/2019',
      trangSo: 7,
      ngayDangKy: '2019-06-14',
      names: ['Lò Thị Xuân'],
    });
    expect(type.registrationDateLabel).toBe('Ngày cấp');
  });

  it('names its fields, people and critical fields', () => {
    expect(describePath('nguoiDuocXacNhan.ngaySinh', 'HN')).toBe('Người được xác nhận › Ngày, tháng, năm sinh');
    expect(describePath('thoiGianCuTru.denNgay', 'HN')).toBe('Thời gian cư trú › Đến ngày');
    expect(describePath('ngayDangKy', 'HN')).toBe('Ngày cấp');
    expect(FIELD_LABELS.tinhTrangHonNhan).toBe('Tình trạng hôn nhân');
    expect(peopleOf('HN', forMarriage)).toEqual([
      { role: 'Người được xác nhận', name: 'Lò Thị Xuân', birthDate: '1995-02-11' },
    ]);
    expect(criticalFieldPaths('HN')).toEqual([
      'so',
      'ngayDangKy',
      'nguoiDuocXacNhan.hoTen',
      'nguoiDuocXacNhan.ngaySinh',
    ]);
  });

  it('stores the same canonical data however the blank form left its empty blocks', () => {
    const blank = HN_BOOK_TYPE.layout.blank();
    const typed = { ...blank, ...forMarriage, nguoiYeuCau: { hoTen: '', quanHe: '', giayTo: { loai: '', so: '' } } };
    const { nguoiYeuCau: _n, ...without } = forMarriage;
    expect(canonicalRecordData(hnRecordSchema.parse(typed))).toEqual(
      canonicalRecordData(hnRecordSchema.parse(without)),
    );
  });
});
