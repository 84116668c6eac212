import { describe, expect, it } from 'vitest';
import { ghRecordSchema, ghWarnings, type GhRecord } from './gh';
import { canonicalRecordData, RECORD_TYPES } from './registry';
import { byPath, errorsOf } from './test-helpers';

/** A complete entry as a clerk types it from a 2018 GH book. */
const valid = {
  so: '01/2018',
  quyenSo: '01/2018',
  trangSo: 2,
  ngayDangKy: '2018-03-05',
  nguoiKy: 'Nguyễn Văn Hùng',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Lê Thị Mai',
  ghiChu: '',
  loaiGiamHo: 'cu',
  nguoiGiamHo: [
    {
      hoTen: 'Nguyễn Văn Bình',
      ngaySinh: '1970-04-02',
      gioiTinh: '1',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      giayTo: {
        loai: '4',
        so: '001070012345',
        ngayCap: '2016-06-10',
        noiCap: 'Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư',
      },
      soDinhDanh: '001070012345',
      noiCuTru: 'Thôn Đông, xã An Bình, huyện Thanh Oai, thành phố Hà Nội',
    },
  ],
  nguoiDuocGiamHo: {
    hoTen: 'Nguyễn Thị Phượng',
    ngaySinh: '2010-07-12',
    gioiTinh: '2',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    noiSinh: 'Trạm y tế xã An Bình, huyện Thanh Oai, thành phố Hà Nội',
    noiCuTru: 'Thôn Đông, xã An Bình, huyện Thanh Oai, thành phố Hà Nội',
  },
  nguoiDiDangKy: { hoTen: 'Nguyễn Văn Bình', giayTo: { loai: '4', so: '001070012345' } },
  vanBanCu: { so: '12/QĐ-UBND', ngay: '2018-02-20', coQuan: 'UBND xã An Bình' },
  canCu: 'Điều 54 Bộ luật Dân sự 2015',
  lyDo: '',
};

const errors = (data: object) => errorsOf(ghRecordSchema, { ...valid, ...data });
const warn = (data: object, context = {}) => byPath(ghWarnings(ghRecordSchema.parse({ ...valid, ...data }), context));
const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

describe('GH schema (hard errors)', () => {
  it('accepts a complete entry, and a minimal one', () => {
    expect(errors({})).toEqual({});
    expect(
      errorsOf(ghRecordSchema, {
        so: '3/',
        trangSo: 1,
        ngayDangKy: '1995',
        loaiGiamHo: 'duong-nhien',
        nguoiGiamHo: [{ hoTen: 'Lò Văn Pấng' }],
        nguoiDuocGiamHo: { hoTen: 'Lò Thị Ín' },
      }),
    ).toEqual({});
  });

  it('accepts two guardians, refuses three or none', () => {
    const second = { hoTen: 'Trần Thị Lan', ngaySinh: '1972', gioiTinh: '2' };
    expect(errors({ nguoiGiamHo: [...valid.nguoiGiamHo, second] })).toEqual({});
    expect(errors({ nguoiGiamHo: [second, second, second] }).nguoiGiamHo).toBe('Tối đa hai người giám hộ');
    expect(errors({ nguoiGiamHo: [] }).nguoiGiamHo).toBe('Cần ít nhất một người giám hộ');
  });

  it('requires số, the registration date, names and the kind, all at once, in Vietnamese', () => {
    expect(
      errors({
        so: ' ',
        ngayDangKy: '',
        loaiGiamHo: '',
        nguoiGiamHo: [{ hoTen: '' }],
        nguoiDuocGiamHo: { hoTen: '' },
      }),
    ).toEqual({
      so: `Bắt buộc nhập số, ${REQUIRED_HINT}`,
      ngayDangKy: `Bắt buộc nhập ngày đăng ký, ${REQUIRED_HINT}`,
      loaiGiamHo: `Chọn loại giám hộ, ${REQUIRED_HINT}`,
      'nguoiGiamHo.0.hoTen': `Bắt buộc nhập họ, chữ đệm, tên, ${REQUIRED_HINT}`,
      'nguoiDuocGiamHo.hoTen': `Bắt buộc nhập họ, chữ đệm, tên, ${REQUIRED_HINT}`,
    });
  });

  it('lets a required field stay empty when marked illegible or lunar, never otherwise', () => {
    const empty = { so: '', ngayDangKy: '', loaiGiamHo: '', nguoiDuocGiamHo: { hoTen: '' } };
    expect(
      errors({
        ...empty,
        danhDau: {
          so: { khongDocDuoc: true },
          ngayDangKy: { amLich: 'ngày 12 tháng Giêng năm Mậu Tuất' },
          loaiGiamHo: { khongDocDuoc: true },
          'nguoiDuocGiamHo.hoTen': { khongDocDuoc: true, ghiChu: 'Mực nhòe' },
        },
      }),
    ).toEqual({});
    // An unticked box, a mark on another field, or "Đọc chưa chắc" (a reading is expected) does not count.
    expect(
      Object.keys(
        errors({
          ...empty,
          danhDau: { so: { khongDocDuoc: false }, ghiChu: { khongDocDuoc: true }, loaiGiamHo: { docChuaChac: true } },
        }),
      ).sort(),
    ).toEqual(['loaiGiamHo', 'ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'so']);
  });

  it('refuses the old "không rõ" mark with what to write instead', () => {
    expect(errors({ danhDau: { so: { khongRo: true } } })['danhDau.so.khongRo']).toMatch(
      /^Dấu "không rõ" \(khongRo\) không còn dùng: ghi docChuaChac/,
    );
  });

  it('refuses a malformed mark path', () => {
    expect(errors({ danhDau: { 'nguoi giam ho': { khongDocDuoc: true } } })['danhDau.nguoi giam ho']).toBe(
      'Đường dẫn ô được đánh dấu không hợp lệ',
    );
  });

  it('refuses impossible dates, birth after registration and dates in the future', () => {
    expect(errors({ ngayDangKy: '2018-02-30' }).ngayDangKy).toMatch(/^Ngày không hợp lệ/);
    expect(errors({ ngayDangKy: '2100-01-01' }).ngayDangKy).toBe('Ngày đăng ký không thể sau ngày hôm nay');
    const ward = (ngaySinh: string) => ({ nguoiDuocGiamHo: { ...valid.nguoiDuocGiamHo, ngaySinh } });
    expect(errors(ward('2018-03-06'))['nguoiDuocGiamHo.ngaySinh']).toBe('Ngày sinh không thể sau ngày đăng ký');
    // Same year, unknown day: not certainly after, so no false error.
    expect(errors(ward('2018'))).toEqual({});
    expect(errors({ ngayDangKy: '', danhDau: { ngayDangKy: { khongDocDuoc: true } }, ...ward('2100') })).toEqual({
      'nguoiDuocGiamHo.ngaySinh': 'Ngày sinh không thể sau ngày hôm nay',
    });
    const guardian = { ...valid.nguoiGiamHo[0], giayTo: { loai: '1', so: '012345678', ngayCap: '2100' } };
    expect(errors({ nguoiGiamHo: [guardian] })['nguoiGiamHo.0.giayTo.ngayCap']).toBe(
      'Ngày này không thể sau ngày hôm nay',
    );
  });

  it('checks sex, ethnicity and nationality against the catalogs', () => {
    const ward = { ...valid.nguoiDuocGiamHo, gioiTinh: '4', danToc: 'Mèo', quocTich: 'Mỹ' };
    const e = errors({ nguoiDuocGiamHo: ward });
    expect(e['nguoiDuocGiamHo.gioiTinh']).toBe('Giới tính: chọn 1 Nam, 2 Nữ hoặc 3 Không xác định');
    expect(e['nguoiDuocGiamHo.danToc']).toMatch(/^Dân tộc không có trong danh mục/);
    expect(e['nguoiDuocGiamHo.quocTich']).toMatch(/^Quốc tịch không có trong danh mục/);
    expect(errors({ nguoiDuocGiamHo: { ...ward, gioiTinh: '3', danToc: 'Mông', quocTich: 'Hoa Kỳ' } })).toEqual({});
  });

  it('requires 12 digits for CCCD, thẻ căn cước and số định danh, unless marked illegible', () => {
    const guardian = (giayTo: object, extra: object = {}) => ({
      nguoiGiamHo: [{ ...valid.nguoiGiamHo[0], giayTo, soDinhDanh: '', ...extra }],
    });
    expect(errors(guardian({ loai: '4', so: '00107001234' }))['nguoiGiamHo.0.giayTo.so']).toBe(
      'Số thẻ căn cước công dân phải gồm đúng 12 chữ số',
    );
    expect(errors(guardian({ loai: '10', so: '0010700123AB' }))['nguoiGiamHo.0.giayTo.so']).toBe(
      'Số thẻ căn cước phải gồm đúng 12 chữ số',
    );
    expect(errors(guardian({ loai: '1', so: '' }, { soDinhDanh: '12345' }))['nguoiGiamHo.0.soDinhDanh']).toBe(
      'Số định danh cá nhân phải gồm đúng 12 chữ số',
    );
    expect(
      errors({
        ...guardian({ loai: '4', so: '0010700' }),
        danhDau: { 'nguoiGiamHo.0.giayTo.so': { docChuaChac: true } },
      }),
    ).toEqual({});
    // Other kinds are never an error (warnings at most), and no ID is required.
    expect(errors(guardian({ loai: '1', so: '1234' }))).toEqual({});
    expect(errors(guardian({}))).toEqual({});
    expect(errors(guardian({ loai: '9', so: '1' }))['nguoiGiamHo.0.giayTo.loai']).toBe(
      'Chọn loại giấy tờ tùy thân trong danh sách',
    );
  });

  it("reports a wrong type with zod's Vietnamese locale, not English", () => {
    expect(errors({ trangSo: 'hai' }).trangSo).toBe('Trang số phải là một số');
    const other = ghRecordSchema.safeParse({ ...valid, nguoiDuocGiamHo: 'x' });
    expect(other.success).toBe(false);
    expect(other.error!.issues[0]!.message).not.toMatch(/Invalid|expected/);
  });

  it('survives the rules running on a malformed payload', () => {
    const result = ghRecordSchema.safeParse({ so: 1, nguoiGiamHo: 'x', nguoiDuocGiamHo: null, danhDau: 'x' });
    expect(result.success).toBe(false);
    expect(ghRecordSchema.safeParse(null).success).toBe(false);
  });
});

describe('GH warnings (saved with the entry)', () => {
  it('has none for a plain entry', () => {
    expect(warn({})).toEqual({});
  });

  it('warns when số is not n/yyyy or its year differs from the registration year', () => {
    expect(warn({ so: '12' }).so).toMatch(/n\/yyyy/);
    expect(warn({ so: '12/2017' })).toEqual({ so: 'Năm trong số (2017) khác năm đăng ký (2018)' });
    expect(warn({ so: '12/' })).toEqual({});
  });

  it('warns when the registration is before the book was opened', () => {
    expect(warn({}, { bookOpenedOn: '2018-04-01' })).toEqual({
      ngayDangKy: 'Ngày đăng ký trước ngày mở sổ (01/04/2018): kiểm tra lại',
    });
    expect(warn({}, { bookOpenedOn: '2018' })).toEqual({});
  });

  it('warns about an adult ward unless a reason is given', () => {
    const adult = { nguoiDuocGiamHo: { hoTen: 'Nguyễn Văn An', ngaySinh: '1990-01-01' } };
    expect(warn(adult)['nguoiDuocGiamHo.ngaySinh']).toBe(
      'Người được giám hộ đã 28 tuổi khi đăng ký: kiểm tra lại, hoặc ghi lý do vào ô Lý do',
    );
    expect(warn({ ...adult, lyDo: 'Mất năng lực hành vi dân sự (Quyết định số 05/2017/QĐ-TA)' })).toEqual({});
    // Born 2000 (day unknown), registered 05/03/2018: 17 or 18, not certainly adult.
    expect(warn({ nguoiDuocGiamHo: { hoTen: 'Nguyễn Văn An', ngaySinh: '2000' } })).toEqual({});
  });

  it('warns about an under-age guardian only when certain', () => {
    const guardian = (ngaySinh: string) => ({ nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh }] });
    expect(warn(guardian('2005-01-01'))['nguoiGiamHo.0.ngaySinh']).toBe(
      'Người giám hộ mới 13 tuổi khi đăng ký (người giám hộ phải đủ 18 tuổi)',
    );
    expect(warn(guardian('2000-06'))['nguoiGiamHo.0.ngaySinh']).toBe(
      'Người giám hộ mới 17 tuổi khi đăng ký (người giám hộ phải đủ 18 tuổi)',
    );
    expect(warn(guardian('2000'))).toEqual({});
  });

  it('warns when a guardian is the ward, or both guardians are one person', () => {
    const same = warn({ nguoiGiamHo: [{ hoTen: 'NGUYỄN THỊ PHƯỢNG', ngaySinh: '2010-07-12' }] });
    expect(same['nguoiGiamHo.0.hoTen']).toBe('Người giám hộ trùng với người được giám hộ');
    const g = { hoTen: 'Trần Văn Tư', ngaySinh: '1960' };
    expect(warn({ nguoiGiamHo: [g, { ...g, hoTen: 'Tran Van Tu' }] })['nguoiGiamHo.1.hoTen']).toBe(
      'Hai người giám hộ trùng nhau',
    );
  });

  it('warns when the appointing document is dated after the registration', () => {
    expect(warn({ vanBanCu: { so: '12/QĐ-UBND', ngay: '2018-04-01' } }).ngayDangKy).toBe(
      'Ngày đăng ký trước ngày của văn bản cử người giám hộ: kiểm tra lại',
    );
  });

  it('warns about an annotation written into a name', () => {
    const guardian = { ...valid.nguoiGiamHo[0], hoTen: 'Lưu Văn Hường (đã chết)' };
    expect(warn({ nguoiGiamHo: [guardian] })['nguoiGiamHo.0.hoTen']).toBe(
      'Họ tên có phần ghi trong ngoặc "(đã chết)": chuyển phần này sang ô Ghi chú, chỉ giữ họ tên',
    );
  });

  it('warns about a field marked illegible that still has a value, never about an uncertain reading', () => {
    expect(warn({ danhDau: { nguoiKy: { khongDocDuoc: true } } }).nguoiKy).toBe(
      'Ô được đánh dấu "Không đọc được" nhưng vẫn có nội dung: nếu đã đọc được (dù chưa chắc), đánh dấu "Đọc chưa chắc"',
    );
    expect(warn({ danhDau: { nguoiKy: { docChuaChac: true } } }).nguoiKy).toBeUndefined();
  });
});

describe('GH in the registry', () => {
  it('indexes the ward first, then the guardians', () => {
    const record = ghRecordSchema.parse(valid) as GhRecord;
    expect(RECORD_TYPES.GH.indexed(record)).toEqual({
      so: '01/2018',
      quyenSo: '01/2018',
      trangSo: 2,
      ngayDangKy: '2018-03-05',
      names: ['Nguyễn Thị Phượng', 'Nguyễn Văn Bình'],
    });
  });

  it('stores NFC text and drops empty values', () => {
    const typed = {
      ...valid,
      nguoiDuocGiamHo: { ...valid.nguoiDuocGiamHo, hoTen: 'Nguyễn Thị Phượng'.normalize('NFD') },
    };
    const canonical = canonicalRecordData(ghRecordSchema.parse(typed)) as GhRecord;
    expect(canonical.nguoiDuocGiamHo.hoTen).toBe('Nguyễn Thị Phượng');
    expect('ghiChu' in canonical).toBe(false);
    expect('lyDo' in canonical).toBe(false);
  });
});

describe('canonical data', () => {
  it('drops objects left empty, so a blank identity document does not change the hash', () => {
    expect(canonicalRecordData({ so: '1/2018', nguoi: { hoTen: 'A', giayTo: { loai: '', so: '' } }, x: {} })).toEqual({
      so: '1/2018',
      nguoi: { hoTen: 'A' },
    });
    expect(canonicalRecordData({ ghiChu: '' })).toEqual({});
    expect(canonicalRecordData({ list: [{ a: '' }, { a: 'b' }] })).toEqual({ list: [{}, { a: 'b' }] });
  });
});
