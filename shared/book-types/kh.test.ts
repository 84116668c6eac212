import { describe, expect, it } from 'vitest';
import { byPath, errorsOf } from '../records/test-helpers';
import { RECORD_TYPES } from '../records/registry';
import { FIELD_LABELS, describePath } from '../records/labels';
import { peopleOf } from '../records/people';
import { fieldsOf } from './layout';
import { pattern, schemaPaths } from './schema-paths';
import { KH_BOOK_TYPE, KH_V1, khErrors, khRecordSchema, khWarnings } from './kh';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** A marriage registered at a commune in 2019. */
const valid = {
  so: '12/2019',
  quyenSo: '01/2019',
  trangSo: 7,
  ngayDangKy: '2019-04-15',
  loaiDangKy: '1',
  ngayXacLapQuanHeHonNhan: '2019-04-15',
  nguoiKy: 'Nguyễn Văn Bình',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Lê Thị Hoa',
  chong: {
    hoTen: 'Phạm Văn Long',
    ngaySinh: '1994-02-10',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    loaiCuTru: '1',
    noiCuTru: 'Thôn Đông, xã An Bình, huyện Thuận Thành, tỉnh Bắc Ninh',
    giayTo: { loai: '1', so: '125678901', ngayCap: '2012-05-04', noiCap: 'Công an tỉnh Bắc Ninh' },
  },
  vo: {
    hoTen: 'Đỗ Thị Mai',
    ngaySinh: '1997-11-23',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    loaiCuTru: '1',
    noiCuTru: 'Thôn Tây, xã An Bình, huyện Thuận Thành, tỉnh Bắc Ninh',
    giayTo: {
      loai: '4',
      so: '027197001234',
      ngayCap: '2018-01-10',
      noiCap: 'Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư',
    },
  },
};

type Data = Record<string, unknown>;
const NOW = new Date('2026-11-30T12:00:00Z');
const errors = (data: Data) => errorsOf(khRecordSchema, { ...valid, ...data });
const warn = (data: Data) => byPath(khWarnings(khRecordSchema.parse({ ...valid, ...data })));
const chong = (fields: Data) => ({ chong: { ...valid.chong, ...fields } });
const vo = (fields: Data) => ({ vo: { ...valid.vo, ...fields } });
/** The wife born on another date (without her CCCD, whose digits give her birth year). */
const wifeBorn = (ngaySinh: string) => vo({ ngaySinh, giayTo: { loai: '', so: '' } });

describe('KH schema (hard errors)', () => {
  it('accepts a complete entry, without warnings', () => {
    expect(errors({})).toEqual({});
    expect(warn({})).toEqual({});
  });

  it('is the record type of KH books', () => {
    expect(RECORD_TYPES.KH.schema).toBe(khRecordSchema);
  });

  it('requires số, the registration date, the kind and both spouses’ names and birth dates', () => {
    expect(
      errors({
        so: '',
        ngayDangKy: '',
        loaiDangKy: '',
        chong: { hoTen: '', ngaySinh: '' },
        vo: { hoTen: ' ' },
      }),
    ).toEqual({
      so: `Bắt buộc nhập số, ${REQUIRED_HINT}`,
      ngayDangKy: `Bắt buộc nhập ngày đăng ký, ${REQUIRED_HINT}`,
      loaiDangKy: `Chọn loại đăng ký kết hôn, ${REQUIRED_HINT}`,
      'chong.hoTen': `Bắt buộc nhập họ, chữ đệm, tên bên chồng, ${REQUIRED_HINT}`,
      'chong.ngaySinh': `Bắt buộc nhập ngày, tháng, năm sinh bên chồng, ${REQUIRED_HINT}`,
      'vo.hoTen': `Bắt buộc nhập họ, chữ đệm, tên bên vợ, ${REQUIRED_HINT}`,
      'vo.ngaySinh': `Bắt buộc nhập ngày, tháng, năm sinh bên vợ, ${REQUIRED_HINT}`,
    });
  });

  it('lets a required field stay empty when marked "Không đọc được" (or a lunar date)', () => {
    expect(
      errors({
        so: '',
        loaiDangKy: '',
        ...chong({ ngaySinh: '' }),
        ...vo({ ngaySinh: '' }),
        danhDau: {
          so: { khongDocDuoc: true },
          loaiDangKy: { khongDocDuoc: true },
          'chong.ngaySinh': { khongDocDuoc: true },
          'vo.ngaySinh': { amLich: 'năm Đinh Sửu' },
        },
      }),
    ).toEqual({});
  });

  it('accepts partial dates (month and year, year only)', () => {
    expect(errors({ ngayDangKy: '2019-04', ...chong({ ngaySinh: '1994' }), ngayXacLapQuanHeHonNhan: '2019' })).toEqual(
      {},
    );
    expect(errors({ ...vo({ ngaySinh: '1997-13' }) })['vo.ngaySinh']).toBeDefined();
  });

  it('refuses a kind or a marriage status outside the lists', () => {
    expect(errors({ loaiDangKy: '9' }).loaiDangKy).toBe('Chọn loại đăng ký kết hôn trong danh sách');
    expect(errors({ tinhTrangKetHon: 'ly-hon' }).tinhTrangKetHon).toBe('Chọn tình trạng kết hôn trong danh sách');
  });

  it('has the shared errors: no date after today, birth not after registration, 12-digit CCCD', () => {
    expect(errorsOf(khRecordSchema, { ...valid, ngayDangKy: '2100-01-01' }).ngayDangKy).toBe(
      'Ngày đăng ký không thể sau ngày hôm nay',
    );
    expect(errors(vo({ ngaySinh: '2019-05-01' }))['vo.ngaySinh']).toBe('Ngày sinh không thể sau ngày đăng ký');
    expect(errors(vo({ giayTo: { loai: '4', so: '02719700' } }))['vo.giayTo.so']).toBe(
      'Số thẻ căn cước công dân phải gồm đúng 12 chữ số',
    );
    expect(errors(chong({ giayTo: { loai: '1', so: '1', ngayCap: '2100-01-01' } }))['chong.giayTo.ngayCap']).toBe(
      'Ngày này không thể sau ngày hôm nay',
    );
  });

  it('requires the name of an "other" identity paper (kind 8), as the template asks', () => {
    expect(errors(chong({ giayTo: { loai: '8', so: 'GT-01' } }))['chong.giayTo.khac']).toBe(
      `Bắt buộc nhập tên giấy tờ khác của bên chồng, ${REQUIRED_HINT}`,
    );
    expect(errors(vo({ giayTo: { loai: '8', so: 'GT-02' } }))['vo.giayTo.khac']).toBe(
      `Bắt buộc nhập tên giấy tờ khác của bên vợ, ${REQUIRED_HINT}`,
    );
    expect(errors(chong({ giayTo: { loai: '8', so: 'GT-01', khac: 'Giấy xác nhận của trại giam' } }))).toEqual({});
  });

  it('refuses a marriage established after its registration', () => {
    expect(errors({ ngayXacLapQuanHeHonNhan: '2019-04-16' }).ngayXacLapQuanHeHonNhan).toBe(
      'Ngày xác lập quan hệ hôn nhân không thể sau ngày đăng ký kết hôn',
    );
    // Re-registration of an older marriage; a year that may be the same.
    expect(errors({ loaiDangKy: '2', ngayXacLapQuanHeHonNhan: '1990-06-01' })).toEqual({});
    expect(errors({ ngayXacLapQuanHeHonNhan: '2019' })).toEqual({});
  });

  it('refuses annulment and recognition notes dated before the registration', () => {
    expect(
      errors({ tinhTrangKetHon: '2', huyKetHonNgayGhiChu: '2019-04-14', huyKetHonCanCu: 'Quyết định số 05/2020' }),
    ).toEqual({ huyKetHonNgayGhiChu: 'Ngày ghi chú hủy việc kết hôn không thể trước ngày đăng ký kết hôn' });
    expect(errors({ tinhTrangKetHon: '3', congNhanKetHonNgayGhiChu: '2018' })).toEqual({
      congNhanKetHonNgayGhiChu: 'Ngày ghi chú công nhận việc kết hôn không thể trước ngày đăng ký kết hôn',
    });
    expect(errors({ tinhTrangKetHon: '2', huyKetHonNgayGhiChu: '2020-03-02' })).toEqual({});
  });

  it('refuses the marriage, note and foreign registration dates after today', () => {
    const issues = khErrors(
      {
        ...valid,
        ngayDangKy: '2026-11-01',
        ngayXacLapQuanHeHonNhan: '2026-12',
        huyKetHonNgayGhiChu: '2027',
        congNhanKetHonNgayGhiChu: '2026-12-24',
        dangKyNuocNgoai: { ngay: '2030-01-01' },
      },
      NOW,
    );
    expect(byPath(issues.filter((i) => i.message === 'Ngày này không thể sau ngày hôm nay'))).toEqual({
      ngayXacLapQuanHeHonNhan: 'Ngày này không thể sau ngày hôm nay',
      huyKetHonNgayGhiChu: 'Ngày này không thể sau ngày hôm nay',
      congNhanKetHonNgayGhiChu: 'Ngày này không thể sau ngày hôm nay',
      'dangKyNuocNgoai.ngay': 'Ngày này không thể sau ngày hôm nay',
    });
  });

  it('checks the foreign registration’s country against the catalog', () => {
    expect(
      errors({ loaiDangKy: '3', dangKyNuocNgoai: { so: 'A-1', quocGia: 'Korea' } })['dangKyNuocNgoai.quocGia'],
    ).toMatch(/^Quốc tịch không có trong danh mục/);
    expect(
      errors({ loaiDangKy: '3', dangKyNuocNgoai: { so: 'A-1', ngay: '2018-10-02', quocGia: 'Hàn Quốc' } }),
    ).toEqual({});
  });
});

describe('KH warnings', () => {
  it('warns when the husband was under 20 at registration (2014 law), naming the law', () => {
    const w = warn(chong({ ngaySinh: '1999-06-01' }));
    expect(w['chong.ngaySinh']).toBe(
      'Bên chồng mới 19 tuổi khi đăng ký kết hôn (Luật Hôn nhân và gia đình 2014: nam từ đủ 20 tuổi; ' +
        'luật trước đây tính khác): kiểm tra lại ngày sinh và ngày đăng ký',
    );
    expect(warn(chong({ ngaySinh: '1999-04-15' }))).toEqual({});
  });

  it('warns when the wife was under 18 at registration', () => {
    expect(warn(wifeBorn('2001-04-16'))['vo.ngaySinh']).toBe(
      'Bên vợ mới 17 tuổi khi đăng ký kết hôn (Luật Hôn nhân và gia đình 2014: nữ từ đủ 18 tuổi; ' +
        'luật trước đây tính khác): kiểm tra lại ngày sinh và ngày đăng ký',
    );
    expect(warn(wifeBorn('2001-04-15'))).toEqual({});
  });

  it('does not warn on age when partial dates leave legal age possible', () => {
    // Born in 2001, registered in 2019: 17 or 18; born in 1999: 19 or 20.
    expect(warn(wifeBorn('2001'))).toEqual({});
    expect(warn({ ngayDangKy: '2019', ...chong({ ngaySinh: '1999' }) })).toEqual({});
    expect(warn({ ngayDangKy: '2019', ...chong({ ngaySinh: '2000' }) })['chong.ngaySinh']).toBe(
      'Bên chồng mới 18–19 tuổi khi đăng ký kết hôn (Luật Hôn nhân và gia đình 2014: nam từ đủ 20 tuổi; ' +
        'luật trước đây tính khác): kiểm tra lại ngày sinh và ngày đăng ký',
    );
  });

  it('warns when both spouses are the same person (name without diacritics, same birth date)', () => {
    expect(warn(vo({ hoTen: 'pham van long', ngaySinh: valid.chong.ngaySinh }))['vo.hoTen']).toBe(
      'Bên vợ trùng họ tên và ngày sinh với bên chồng: kiểm tra lại',
    );
    expect(warn(vo({ hoTen: 'Phạm Văn Long' }))).toEqual({});
  });

  it('checks the sex digit of a 12-digit number against the side (no sex field in this book)', () => {
    expect(warn(chong({ ngaySinh: '1994-02-10', giayTo: { loai: '4', so: '001194012345' } }))['chong.giayTo.so']).toBe(
      'Chữ số thứ 4 của số giấy tờ ứng với giới tính Nữ, nhưng đây là bên chồng: kiểm tra lại',
    );
    expect(warn(vo({ giayTo: { loai: '4', so: '027097001234' } }))['vo.giayTo.so']).toBe(
      'Chữ số thứ 4 của số giấy tờ ứng với giới tính Nam, nhưng đây là bên vợ: kiểm tra lại',
    );
    expect(warn(chong({ giayTo: { loai: '4', so: '001094012345' } }))).toEqual({});
  });

  it('points out values of a block the form hides for this kind or status', () => {
    const abroad = { so: 'A-1', ngay: '2018-10-02', coQuan: 'Seoul', quocGia: 'Hàn Quốc' };
    expect(warn({ dangKyNuocNgoai: abroad }).loaiDangKy).toBe(
      'Có thông tin đăng ký kết hôn ở nước ngoài nhưng loại đăng ký không phải "Ghi vào sổ việc kết hôn đã đăng ký ở cơ quan có thẩm quyền nước ngoài": kiểm tra lại',
    );
    expect(warn({ loaiDangKy: '3', dangKyNuocNgoai: abroad })).toEqual({});
    expect(warn({ dangKyNuocNgoai: { so: '', ngay: '', coQuan: '', quocGia: '' } })).toEqual({});
    expect(warn({ huyKetHonNgayGhiChu: '2020-01-01' }).tinhTrangKetHon).toBe(
      'Có ghi chú hủy việc kết hôn nhưng tình trạng kết hôn không phải "Đã hủy việc kết hôn trái pháp luật"',
    );
    expect(warn({ tinhTrangKetHon: '2', congNhanKetHonCanCu: 'Quyết định 7' }).tinhTrangKetHon).toBe(
      'Có ghi chú công nhận việc kết hôn nhưng tình trạng kết hôn không phải "Đã công nhận việc kết hôn"',
    );
    expect(warn({ tinhTrangKetHon: '2', huyKetHonNgayGhiChu: '2020-01-01', huyKetHonCanCu: 'Bản án 12' })).toEqual({});
  });

  it('has the shared warnings: số year, CMND length, identity number vs birth year', () => {
    expect(warn({ so: '12/2018' }).so).toBe('Năm trong số (2018) khác năm đăng ký (2019)');
    expect(warn(chong({ giayTo: { loai: '1', so: '12345' } }))['chong.giayTo.so']).toBe(
      'Số CMND thường gồm 9 chữ số (12 chữ số với CMND cấp từ 2012 đến 2016)',
    );
    expect(warn(vo({ giayTo: { loai: '4', so: '027195001234' } }))['vo.giayTo.so']).toBe(
      'Chữ số thứ 4–6 của số giấy tờ ứng với năm sinh 1995, khác năm sinh đã nhập (1997)',
    );
    expect(warn(vo({ hoTen: 'Đỗ Thị Mai (đã chết)' }))['vo.hoTen']).toMatch(/^Họ tên có phần ghi trong ngoặc/);
  });
});

describe('KH description', () => {
  it('exports the 44 columns of the Ministry’s KH template, STT first, in its order', () => {
    const who = ['chong', 'vo'].flatMap((p) =>
      [
        'HoTen',
        'NgaySinh',
        'DanToc',
        'QuocTich',
        'QuocTichKhac',
        'LoaiCuTru',
        'NoiCuTru',
        'LoaiGiayToTuyThan',
        'GiayToKhac',
        'SoGiayToTuyThan',
        'NgayCapGiayToTuyThan',
        'NoiCapGiayToTuyThan',
      ].map((f) => `${p}${f}`),
    );
    const template = [
      'so',
      'quyenSo',
      'trangSo',
      'ngayDangKy',
      'loaiDangKy',
      'noiDangKy',
      'nguoiKy',
      'chucVuNguoiKy',
      'ngayXacLapQuanHeHonNhan',
      'nguoiThucHien',
      'ghiChu',
      'tinhTrangKetHon',
      'huyKetHonNgayGhiChu',
      'huyKetHonCanCu',
      'congNhanKetHonNgayGhiChu',
      'congNhanKetHonCanCu',
      ...who,
      'soDangKyNuocNgoai',
      'ngayDangKyNuocNgoai',
      'cqNuocNgoaiDaDangKy',
      'qgNuocNgoaiDaDangKy',
    ];
    expect(template).toHaveLength(44);
    expect(KH_V1.columns.map((c) => c.column)).toEqual(['STT', ...template]);
    expect(KH_BOOK_TYPE.columnSets).toEqual([KH_V1]);
  });

  it('has a column, or a stated reason, for every field of the schema', () => {
    const { leaves } = schemaPaths(khRecordSchema);
    const columns = KH_V1.columns.flatMap((c) => (c.source === 'entry' ? [pattern(c.path)] : []));
    const reasons = KH_V1.notExported.map((n) => pattern(n.path));
    const uncovered = [...leaves].filter(
      (leaf) => !columns.includes(leaf) && !reasons.some((r) => leaf === r || leaf.startsWith(`${r}.`)),
    );
    expect(uncovered).toEqual([]);
    expect(leaves.size).toBeGreaterThan(40);
  });

  it('shows the foreign registration only for a marriage registered abroad', () => {
    const blank = KH_BOOK_TYPE.layout.blank();
    const paths = (data: Data) =>
      fieldsOf(
        KH_BOOK_TYPE.layout.items.filter(
          (item) => item.kind !== 'group' || !item.when || data[item.when.path] === item.when.equals,
        ),
        data,
      ).map((f) => f.path);
    expect(paths(blank)).not.toContain('dangKyNuocNgoai.so');
    expect(paths({ ...blank, loaiDangKy: '3' })).toContain('dangKyNuocNgoai.so');
    expect(paths({ ...blank, tinhTrangKetHon: '2' })).toContain('huyKetHonNgayGhiChu');
    expect(paths({ ...blank, tinhTrangKetHon: '2' })).not.toContain('congNhanKetHonNgayGhiChu');
  });

  it('carries over the registration header and the signer', () => {
    const carried = fieldsOf(KH_BOOK_TYPE.layout.items, KH_BOOK_TYPE.layout.blank())
      .filter((f) => f.carry)
      .map((f) => f.path);
    expect(carried).toEqual(['quyenSo', 'ngayDangKy', 'loaiDangKy', 'nguoiKy', 'chucVuNguoiKy', 'nguoiThucHien']);
  });

  it('indexes số, page, date and both spouses’ names; reads both spouses blind first', () => {
    const record = khRecordSchema.parse(valid);
    expect(RECORD_TYPES.KH.indexed(record)).toEqual({
      so: '12/2019',
      quyenSo: '01/2019',
      trangSo: 7,
      ngayDangKy: '2019-04-15',
      names: ['Phạm Văn Long', 'Đỗ Thị Mai'],
    });
    expect(
      RECORD_TYPES.KH.indexed(
        khRecordSchema.parse({ ...valid, ...chong({ hoTen: '' }), danhDau: { 'chong.hoTen': { khongDocDuoc: true } } }),
      ).names,
    ).toEqual(['', 'Đỗ Thị Mai']);
    expect(KH_BOOK_TYPE.people).toEqual(['chong', 'vo']);
    expect(peopleOf('KH', valid)).toEqual([
      { role: 'Chồng', name: 'Phạm Văn Long', birthDate: '1994-02-10' },
      { role: 'Vợ', name: 'Đỗ Thị Mai', birthDate: '1997-11-23' },
    ]);
    expect(KH_BOOK_TYPE.critical).toEqual(['chong.hoTen', 'chong.ngaySinh', 'vo.hoTen', 'vo.ngaySinh']);
  });

  it('labels its own fields in Vietnamese', () => {
    expect(FIELD_LABELS.ngayXacLapQuanHeHonNhan).toBe('Ngày xác lập quan hệ hôn nhân');
    expect(describePath('huyKetHonNgayGhiChu', 'KH')).toBe('Ngày ghi chú hủy việc kết hôn');
    expect(describePath('chong.giayTo.khac', 'KH')).toBe('Bên chồng › Giấy tờ tùy thân › Tên giấy tờ khác');
  });
});
