import { describe, expect, it } from 'vitest';
import { ghRecordSchema } from './gh';
import { canonicalRecordData } from './registry';
import { guardianshipWarnings, parseSo } from './rules';

const valid = {
  so: '01/2018',
  quyenSo: '01/2018',
  trangSo: 2,
  ngayDangKy: '2018-03-05',
  loaiGiamHo: 'cu',
  nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh: '1970' }],
  nguoiDuocGiamHo: { hoTen: 'Nguyễn Thị Phượng', ngaySinh: '2010-07-12' },
};

function errorsOf(data: unknown): Record<string, string> {
  const result = ghRecordSchema.safeParse(data);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('GH schema (hard errors)', () => {
  it('accepts a complete entry', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('requires số, names and the kind, with Vietnamese messages', () => {
    const errors = errorsOf({
      ...valid,
      so: ' ',
      loaiGiamHo: '',
      nguoiGiamHo: [{ hoTen: '' }],
      nguoiDuocGiamHo: { hoTen: '' },
    });
    expect(errors).toMatchObject({
      so: 'Bắt buộc nhập số',
      loaiGiamHo: 'Chọn loại giám hộ',
      'nguoiGiamHo.0.hoTen': 'Bắt buộc nhập họ, chữ đệm, tên',
      'nguoiDuocGiamHo.hoTen': 'Bắt buộc nhập họ, chữ đệm, tên',
    });
  });

  it('requires the registration date unless marked unknown, never a made-up default', () => {
    expect(errorsOf({ ...valid, ngayDangKy: '' }).ngayDangKy).toMatch(/Không rõ ngày đăng ký/);
    expect(errorsOf({ ...valid, ngayDangKy: '', ngayDangKyKhongRo: true })).toEqual({});
  });

  it('refuses impossible dates, birth after registration and registration in the future', () => {
    expect(errorsOf({ ...valid, ngayDangKy: '2018-02-30' }).ngayDangKy).toMatch(/không hợp lệ/);
    expect(errorsOf({ ...valid, ngayDangKy: '2100-01-01' }).ngayDangKy).toBe('Ngày đăng ký không thể sau ngày hôm nay');
    expect(
      errorsOf({ ...valid, nguoiDuocGiamHo: { hoTen: 'A', ngaySinh: '2018-03-06' } })['nguoiDuocGiamHo.ngaySinh'],
    ).toBe('Ngày sinh không thể sau ngày đăng ký');
    // Same year, unknown day: not certainly after, so no false error.
    expect(errorsOf({ ...valid, nguoiDuocGiamHo: { hoTen: 'A', ngaySinh: '2018' } })).toEqual({});
  });

  it('allows at most two guardians and at least one', () => {
    const g = { hoTen: 'X' };
    expect(errorsOf({ ...valid, nguoiGiamHo: [g, g, g] }).nguoiGiamHo).toBe('Tối đa hai người giám hộ');
    expect(errorsOf({ ...valid, nguoiGiamHo: [] }).nguoiGiamHo).toBe('Cần ít nhất một người giám hộ');
  });

  it("reports a wrong type with zod's Vietnamese locale, not English", () => {
    const message = errorsOf({ ...valid, trangSo: 'hai' }).trangSo;
    expect(message).toBe('Trang số phải là một số');
    const other = ghRecordSchema.safeParse({ ...valid, nguoiDuocGiamHo: 'x' });
    expect(other.success).toBe(false);
    expect(other.error!.issues[0]!.message).not.toMatch(/Invalid|expected/);
  });
});

describe('GH warnings (saved with the entry)', () => {
  const warn = (data: object) => guardianshipWarnings(ghRecordSchema.parse({ ...valid, ...data }));

  it('has none for a plain entry', () => {
    expect(warn({})).toEqual([]);
  });

  it('warns when số is not n/yyyy or its year differs from the registration year', () => {
    expect(warn({ so: '12' })[0]!.message).toMatch(/n\/yyyy/);
    expect(warn({ so: '12/2017' })[0]).toEqual({
      path: ['so'],
      message: 'Năm trong số (2017) khác năm đăng ký (2018)',
    });
    expect(warn({ so: '12/' })).toEqual([]);
  });

  it('warns about an adult ward, an under-age guardian, and a guardian who is the ward', () => {
    expect(warn({ nguoiDuocGiamHo: { hoTen: 'A', ngaySinh: '1990-01-01' } })[0]!.path).toEqual([
      'nguoiDuocGiamHo',
      'ngaySinh',
    ]);
    expect(warn({ nguoiGiamHo: [{ hoTen: 'B', ngaySinh: '2005-01-01' }] })[0]!.message).toBe(
      'Người giám hộ mới 13 tuổi khi đăng ký',
    );
    const same = warn({ nguoiGiamHo: [{ hoTen: 'NGUYỄN THỊ PHƯỢNG', ngaySinh: '2010-07-12' }] });
    expect(same.map((w) => w.message)).toContain('Người giám hộ trùng với người được giám hộ');
  });
});

describe('numbers and canonical data', () => {
  it('splits số into number and year', () => {
    expect(parseSo('01/2018')).toEqual({ number: 1, year: 2018 });
    expect(parseSo('7/')).toEqual({ number: 7, year: undefined });
    expect(parseSo('A12')).toEqual({});
  });

  it('drops empty values and NFC-normalises text', () => {
    expect(
      canonicalRecordData({
        so: '1/2018',
        ghiChu: '',
        x: undefined,
        k: false,
        n: { hoTen: 'Phượng'.normalize('NFD') },
      }),
    ).toEqual({ so: '1/2018', n: { hoTen: 'Phượng' } });
  });
});

describe('GH schema reports everything at once', () => {
  it('shows the missing registration date together with other missing fields', () => {
    const errors = errorsOf({ ...valid, ngayDangKy: '', nguoiDuocGiamHo: { hoTen: '' } });
    expect(Object.keys(errors).sort()).toEqual(['ngayDangKy', 'nguoiDuocGiamHo.hoTen']);
  });

  it('survives the date rules running on a malformed payload', () => {
    const result = ghRecordSchema.safeParse({ so: '1/2018', nguoiGiamHo: 'x', nguoiDuocGiamHo: null });
    expect(result.success).toBe(false);
  });
});
