/**
 * KT — Sổ đăng ký khai tử: the schema's hard errors and the warnings, one rule per test, on a
 * typical entry of the book.
 */
import { describe, expect, it } from 'vitest';
import { describePath } from '../records/labels';
import { peopleOf } from '../records/people';
import { RECORD_TYPES } from '../records/registry';
import { byPath, errorsOf } from '../records/test-helpers';
import { criticalFieldPaths } from '../review/critical';
import { KT_BOOK_TYPE, KT_V1, KT_V2, daysToRegistration, ktErrors, ktRecordSchema, ktWarnings } from './kt';
import { pattern, schemaPaths } from './schema-paths';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';
const NOW = new Date('2026-11-30T08:00:00Z');

/** A typical entry: an old man dying at home, registered by his son within the 15 days. */
const entry = {
  so: '07/2019',
  quyenSo: '01/2019',
  trangSo: 4,
  ngayDangKy: '2019-03-12',
  loaiDangKy: 'dung-han',
  nguoiKy: 'Lò Văn Thắng',
  chucVuNguoiKy: 'Phó Chủ tịch UBND xã',
  nguoiThucHien: 'Cầm Thị Hoa',
  nguoiChet: {
    hoTen: 'Lò Văn Páo',
    ngaySinh: '1938',
    gioiTinh: '1',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    giayTo: { loai: '1', so: '050123456', ngayCap: '1995-06-02', noiCap: 'Công an tỉnh Sơn La' },
    loaiCuTru: '1',
    noiCuTru: 'Bản Nà Sản, xã Chiềng Mung, huyện Mai Sơn, tỉnh Sơn La',
  },
  ngayChet: '2019-03-02',
  gioPhutChet: '05 giờ 30 phút',
  noiChet: 'Tại nhà, bản Nà Sản',
  nguyenNhanChet: 'Già yếu',
  giayBaoTu: { loai: 'cong-an', so: '12/GXN', ngay: '2019-03-05', coQuanCap: 'Công an xã Chiềng Mung' },
  nguoiYeuCau: { hoTen: 'Lò Văn Sáng', quanHe: 'Con', giayTo: { loai: '1', so: '050987654' } },
};

const with_ = (data: object) => ({ ...entry, ...data });
const errors = (data: object = {}) => errorsOf(ktRecordSchema, with_(data));
const errorsNow = (data: object = {}) => byPath(ktErrors(with_(data), NOW));
const warn = (data: object = {}) => byPath(ktWarnings(ktRecordSchema.parse(with_(data))));

describe('KT schema (hard errors)', () => {
  it('accepts a typical entry, and one with partial dates', () => {
    expect(errors()).toEqual({});
    expect(
      errors({ ngayDangKy: '2019-03', ngayChet: '2019', nguoiChet: { ...entry.nguoiChet, ngaySinh: '' } }),
    ).toEqual({});
  });

  it('requires số, the registration date and kind, the name of the deceased and the date of death', () => {
    expect(
      errors({ so: '', ngayDangKy: '', loaiDangKy: '', nguoiChet: { ...entry.nguoiChet, hoTen: '' }, ngayChet: '' }),
    ).toEqual({
      so: `Bắt buộc nhập số, ${REQUIRED_HINT}`,
      ngayDangKy: `Bắt buộc nhập ngày đăng ký, ${REQUIRED_HINT}`,
      loaiDangKy: `Chọn loại đăng ký khai tử, ${REQUIRED_HINT}`,
      'nguoiChet.hoTen': `Bắt buộc nhập họ, chữ đệm, tên người chết, ${REQUIRED_HINT}`,
      ngayChet: `Bắt buộc nhập ngày, tháng, năm chết, ${REQUIRED_HINT}`,
    });
  });

  it('lets a required field stay empty when it is marked unreadable, or a lunar date', () => {
    expect(
      errors({
        ngayChet: '',
        loaiDangKy: '',
        danhDau: { ngayChet: { amLich: 'mồng 5 tháng Giêng năm Kỷ Hợi' }, loaiDangKy: { khongDocDuoc: true } },
      }),
    ).toEqual({});
  });

  it('refuses a kind of registration, death notice or declaration not in the lists', () => {
    expect(errors({ loaiDangKy: '1' }).loaiDangKy).toBe('Chọn loại đăng ký khai tử trong danh sách');
    expect(errors({ giayBaoTu: { loai: 'x' } })['giayBaoTu.loai']).toBe('Chọn loại giấy báo tử trong danh sách');
    expect(errors({ tuyenBoChet: { tinhTrang: '3' } })['tuyenBoChet.tinhTrang']).toBe(
      'Chọn tình trạng tuyên bố việc chết trong danh sách',
    );
  });

  it('refuses a date of death before the date of birth', () => {
    expect(errors({ ngayChet: '1937-12' }).ngayChet).toBe('Ngày chết không thể trước ngày sinh');
    // Partial dates that may be the same day are accepted.
    expect(errors({ ngayChet: '1938-01-01' })).toEqual({});
  });

  it('refuses a date of death after the registration date', () => {
    expect(errors({ ngayChet: '2019-03-13' }).ngayChet).toBe('Ngày chết không thể sau ngày đăng ký khai tử');
    expect(errors({ ngayChet: '2019-03' })).toEqual({});
  });

  it('refuses dates in the future: death, death notice, declaration', () => {
    const future = errorsNow({
      ngayDangKy: '2026-11-30',
      so: '01/2026',
      ngayChet: '2026-12-01',
      giayBaoTu: { ngay: '2027' },
      tuyenBoChet: { tinhTrang: 'tuyen-bo', ngayGhiChu: '2026-12-02' },
    });
    expect(future.ngayChet).toContain('Ngày này không thể sau ngày hôm nay');
    expect(future['giayBaoTu.ngay']).toBe('Ngày này không thể sau ngày hôm nay');
    expect(future['tuyenBoChet.ngayGhiChu']).toBe('Ngày này không thể sau ngày hôm nay');
  });

  it('refuses a birth date after the registration date (shared rule)', () => {
    expect(errors({ nguoiChet: { ...entry.nguoiChet, ngaySinh: '2019-04-01' } })['nguoiChet.ngaySinh']).toBe(
      'Ngày sinh không thể sau ngày đăng ký',
    );
  });

  it('refuses a declaration of death recorded before the death, and its cancellation before it', () => {
    expect(errors({ tuyenBoChet: { tinhTrang: 'tuyen-bo', ngayGhiChu: '2019-02-28' } })['tuyenBoChet.ngayGhiChu']).toBe(
      'Ngày ghi chú tuyên bố chết không thể trước ngày chết',
    );
    expect(
      errors({ tuyenBoChet: { tinhTrang: 'huy-tuyen-bo', ngayGhiChu: '2020-05-02', ngayGhiChuHuy: '2020-05-01' } })[
        'tuyenBoChet.ngayGhiChuHuy'
      ],
    ).toBe('Ngày ghi chú hủy tuyên bố chết không thể trước ngày ghi chú tuyên bố chết');
    expect(errors({ tuyenBoChet: { tinhTrang: 'tuyen-bo', ngayGhiChu: '2020-05-02' } })).toEqual({});
  });

  it('requires the name of an "other" identity paper', () => {
    const other = errors({
      nguoiChet: { ...entry.nguoiChet, giayTo: { loai: '8', so: '12' } },
      nguoiYeuCau: { hoTen: 'Lò Văn Sáng', giayTo: { loai: '8', so: '7' } },
    });
    expect(other['nguoiChet.giayTo.khac']).toBe(`Bắt buộc nhập tên giấy tờ khác, ${REQUIRED_HINT}`);
    expect(other['nguoiYeuCau.giayTo.khac']).toBe(`Bắt buộc nhập tên giấy tờ khác, ${REQUIRED_HINT}`);
    expect(errors({ nguoiChet: { ...entry.nguoiChet, giayTo: { loai: '8', so: '12', khac: 'Sổ hộ khẩu' } } })).toEqual(
      {},
    );
  });

  it('checks identity numbers with the shared rules (CCCD of 12 digits)', () => {
    expect(
      errors({ nguoiChet: { ...entry.nguoiChet, giayTo: { loai: '4', so: '0381' } } })['nguoiChet.giayTo.so'],
    ).toBe('Số thẻ căn cước công dân phải gồm đúng 12 chữ số');
  });
});

describe('KT warnings', () => {
  it('has none for a typical entry', () => {
    expect(warn()).toEqual({});
  });

  it('warns when an "đúng hạn" registration comes more than 15 days after the death', () => {
    expect(warn({ ngayChet: '2019-02-20' }).loaiDangKy).toBe(
      'Đăng ký đúng hạn nhưng ngày đăng ký sau ngày chết 20 ngày (quá 15 ngày, Điều 33 Luật Hộ tịch): kiểm tra loại đăng ký hoặc các ngày',
    );
    // The 15th day is still in time; a month-only death date may be in time.
    expect(warn({ ngayChet: '2019-02-25' })).toEqual({});
    expect(warn({ ngayChet: '2019-02' })).toEqual({});
    // Other kinds are not concerned.
    expect(warn({ ngayChet: '2019-02-20', loaiDangKy: 'lai' })).toEqual({});
  });

  it('warns when a "quá hạn" registration is within the 15 days', () => {
    expect(warn({ loaiDangKy: 'qua-han' }).loaiDangKy).toBe(
      'Đăng ký quá hạn nhưng ngày đăng ký chỉ sau ngày chết 10 ngày (trong hạn 15 ngày): kiểm tra loại đăng ký hoặc các ngày',
    );
    expect(warn({ loaiDangKy: 'qua-han', ngayChet: '2018' })).toEqual({});
  });

  it('counts the days the partial dates leave open', () => {
    expect(daysToRegistration(with_({ ngayChet: '2019-02' }))).toEqual({ min: 12, max: 39 });
    expect(daysToRegistration(with_({ ngayChet: '' }))).toBeUndefined();
  });

  it('warns when the declarant is the deceased', () => {
    expect(warn({ nguoiYeuCau: { hoTen: 'lo van pao', quanHe: 'Con' } })['nguoiYeuCau.hoTen']).toBe(
      'Người đi khai tử trùng tên với người chết: kiểm tra lại',
    );
  });

  it('keeps the shared warnings (số and registration year)', () => {
    expect(warn({ so: '07/2018' }).so).toBe('Năm trong số (2018) khác năm đăng ký (2019)');
  });
});

describe('KT description', () => {
  it('is indexed and searched under the deceased, then the declarant', () => {
    expect(RECORD_TYPES.KT.indexed(ktRecordSchema.parse(entry))).toEqual({
      so: '07/2019',
      quyenSo: '01/2019',
      trangSo: 4,
      ngayDangKy: '2019-03-12',
      names: ['Lò Văn Páo', 'Lò Văn Sáng'],
    });
    expect(peopleOf('KT', entry)).toEqual([
      { role: 'Người chết', name: 'Lò Văn Páo', birthDate: '1938' },
      { role: 'Người yêu cầu', name: 'Lò Văn Sáng' },
    ]);
  });

  it('has the deceased’s name and birth date read blind first', () => {
    expect(criticalFieldPaths('KT')).toEqual(['so', 'ngayDangKy', 'nguoiChet.hoTen', 'nguoiChet.ngaySinh']);
  });

  it('labels its fields in Vietnamese', () => {
    expect(describePath('tuyenBoChet.ngayGhiChuHuy', 'KT')).toBe('Tuyên bố chết › Ngày ghi chú hủy');
    expect(describePath('nguoiYeuCau.giayTo.khac', 'KT')).toBe(
      'Người đi khai tử › Giấy tờ tùy thân › Tên giấy tờ khác',
    );
  });
});

describe('KT column sets', () => {
  const { leaves } = schemaPaths(ktRecordSchema);

  it.each([KT_V1, KT_V2])('version $version has a column, or a stated reason, for every field', (set) => {
    const covered = (leaf: string) =>
      set.columns.some((c) => c.source === 'entry' && pattern(c.path) === leaf) ||
      set.notExported.some((n) => leaf === pattern(n.path) || leaf.startsWith(`${pattern(n.path)}.`));
    expect([...leaves].filter((leaf) => !covered(leaf))).toEqual([]);
  });

  it('are the 48 columns of the Ministry’s KT template after STT, the older one without the date in words', () => {
    expect(KT_BOOK_TYPE.columnSets).toEqual([KT_V1, KT_V2]);
    const v2 = KT_V2.columns.map((c) => c.column);
    expect(v2[0]).toBe('STT');
    expect(v2.slice(1)).toHaveLength(48);
    expect(v2.slice(10, 14)).toEqual(['ghiChu', 'nktHoTen', 'nktGioiTinh', 'nktNgaySinh']);
    expect(v2.slice(-4)).toEqual([
      'soDangKyNuocNgoai',
      'ngayDangKyNuocNgoai',
      'cqNuocNgoaiDaDangKy',
      'qgNuocNgoaiDaDangKy',
    ]);
    expect(v2.filter((c) => /^(nkt|gbt|nyc)/.test(c))).toHaveLength(34);
    expect(KT_V1.columns.map((c) => c.column)).toEqual(v2.filter((c) => c !== 'nktNgayChetGhiBangChu'));
    expect(KT_V1.notExported.map((n) => n.path)).toContain('ngayChetBangChu');
  });
});
