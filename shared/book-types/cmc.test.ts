import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../records/registry';
import { byPath, errorsOf } from '../records/test-helpers';
import { CMC_BOOK_TYPE, CMC_V1, cmcKindRoles, cmcRecordSchema, cmcWarnings } from './cmc';
import { pattern, schemaPaths } from './schema-paths';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** A father acknowledging his child, as a 2019 book writes it. */
const fatherAcknowledges = {
  so: '02/2019',
  quyenSo: '01/2019',
  trangSo: 3,
  ngayDangKy: '2019-05-14',
  nguoiKy: 'Lò Văn Pọm',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Cà Thị Lả',
  loaiDangKy: '1',
  loaiXacNhan: '1',
  chaMe: {
    hoTen: 'Lò Văn Khánh',
    ngaySinh: '1985-02-03',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    queQuan: 'Xã Chiềng Pằn, huyện Yên Châu, tỉnh Sơn La',
    loaiCuTru: '1',
    noiCuTru: 'Bản Pằn, xã Chiềng Pằn, huyện Yên Châu, tỉnh Sơn La',
    giayTo: { loai: '4', so: '014085001234', ngayCap: '2018-06-01', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
  },
  con: {
    hoTen: 'Lò Thị Mai',
    ngaySinh: '2012-08',
    danToc: 'Thái',
    quocTich: 'Việt Nam',
    noiCuTru: 'Bản Pằn, xã Chiềng Pằn, huyện Yên Châu, tỉnh Sơn La',
  },
  nguoiDiDangKy: {
    hoTen: 'Lò Văn Khánh',
    quanHeNguoiDuocNhan: 'Cha',
    quanHeNguoiNhan: 'Bản thân',
    giayTo: { loai: '4', so: '014085001234' },
  },
};

const errors = (data: object = {}) => errorsOf(cmcRecordSchema, { ...fatherAcknowledges, ...data });
const warn = (data: object = {}) => byPath(cmcWarnings(cmcRecordSchema.parse({ ...fatherAcknowledges, ...data })));
const withParent = (changes: object) => ({ chaMe: { ...fatherAcknowledges.chaMe, ...changes } });
const withChild = (changes: object) => ({ con: { ...fatherAcknowledges.con, ...changes } });

describe('CMC schema (hard errors)', () => {
  it('accepts a complete entry, and is registered under its code', () => {
    expect(errors()).toEqual({});
    expect(warn()).toEqual({});
    expect(RECORD_TYPES.CMC.schema).toBe(cmcRecordSchema);
  });

  it('requires số, registration date, both kinds and both names unless marked', () => {
    const e = errors({
      so: '',
      ngayDangKy: '',
      loaiDangKy: '',
      loaiXacNhan: '',
      chaMe: { ...fatherAcknowledges.chaMe, hoTen: '' },
      con: { ...fatherAcknowledges.con, hoTen: '' },
    });
    for (const path of ['so', 'ngayDangKy', 'loaiDangKy', 'loaiXacNhan', 'chaMe.hoTen', 'con.hoTen']) {
      expect(e[path], path).toContain(REQUIRED_HINT);
    }
    expect(e['loaiXacNhan']).toContain('loại xác nhận');
    expect(e['chaMe.hoTen']).toContain('cha, mẹ');
    expect(e['con.hoTen']).toContain('của con');
  });

  it('lets a required field stay empty when marked illegible', () => {
    expect(
      errors({
        loaiXacNhan: '',
        con: { ...fatherAcknowledges.con, hoTen: '' },
        danhDau: { loaiXacNhan: { khongDocDuoc: true }, 'con.hoTen': { khongDocDuoc: true } },
      }),
    ).toEqual({});
  });

  it('rejects codes outside the lists, with a Vietnamese message', () => {
    expect(errors({ loaiXacNhan: '9' })['loaiXacNhan']).toBe('Chọn loại xác nhận trong danh sách');
    expect(errors({ loaiDangKy: 'x' })['loaiDangKy']).toBe('Chọn loại đăng ký trong danh sách');
  });

  it('accepts partial dates (month/year, year only)', () => {
    expect(errors({ ...withParent({ ngaySinh: '1985' }), ...withChild({ ngaySinh: '2012-08' }) })).toEqual({});
  });

  it('keeps the shared errors: birth after registration, dates after today, a CCCD of 12 digits', () => {
    expect(errorsOf(cmcRecordSchema, { ...fatherAcknowledges, ...withChild({ ngaySinh: '2019-06-01' }) })).toEqual({
      'con.ngaySinh': 'Ngày sinh không thể sau ngày đăng ký',
    });
    expect(errors({ ngayDangKy: '2099-01-01', so: '02/2099' })['ngayDangKy']).toBe(
      'Ngày đăng ký không thể sau ngày hôm nay',
    );
    expect(errors(withParent({ giayTo: { loai: '4', so: '12345' } }))['chaMe.giayTo.so']).toBe(
      'Số thẻ căn cước công dân phải gồm đúng 12 chữ số',
    );
  });

  it('is an error when the parent is born after the child, named by the kind', () => {
    const father = errors(withParent({ ngaySinh: '2013-01-01' }));
    expect(father['chaMe.ngaySinh']).toBe('Cha không thể sinh sau con: kiểm tra lại ngày sinh');
    const mother = errors({ loaiXacNhan: '4', ...withParent({ hoTen: 'Cà Thị Xuân', ngaySinh: '2013' }) });
    expect(mother['chaMe.ngaySinh']).toBe('Mẹ không thể sinh sau con: kiểm tra lại ngày sinh');
    // Partial dates that may be the same period are not an error.
    expect(errors({ ...withParent({ ngaySinh: '2012' }) })['chaMe.ngaySinh']).toBeUndefined();
  });

  it('requires the name of an "other" identity paper', () => {
    const e = errors({
      ...withParent({ giayTo: { loai: '8', so: 'GT-1' } }),
      nguoiDiDangKy: { hoTen: 'Lò Văn Khánh', giayTo: { loai: '8', so: 'GT-1' } },
    });
    expect(e['chaMe.giayTo.khac']).toContain('tên giấy tờ khác');
    expect(e['nguoiDiDangKy.giayTo.khac']).toContain('tên giấy tờ khác');
    expect(errors(withParent({ giayTo: { loai: '8', so: 'GT-1', khac: 'Giấy xác nhận' } }))).toEqual({});
  });

  it('is an error when the foreign registration is after the recording here, or after today', () => {
    const base = { loaiDangKy: '3', dangKyNuocNgoai: { so: 'A-12', coQuan: 'Tokyo', quocGia: 'Nhật Bản' } };
    expect(errors({ ...base, dangKyNuocNgoai: { ...base.dangKyNuocNgoai, ngay: '2019-03-01' } })).toEqual({});
    expect(errors({ ...base, dangKyNuocNgoai: { ...base.dangKyNuocNgoai, ngay: '2019-06-01' } })['ngayDangKy']).toBe(
      'Ngày ghi vào sổ không thể trước ngày đăng ký ở nước ngoài',
    );
    expect(
      errorsOf(cmcRecordSchema, { ...fatherAcknowledges, ...base, dangKyNuocNgoai: { ngay: '2099-01-01' } })[
        'dangKyNuocNgoai.ngay'
      ],
    ).toBe('Ngày này không thể sau ngày hôm nay');
  });

  it('rejects a nationality outside the catalog', () => {
    expect(errors(withChild({ quocTichKhac: 'Xứ Sở Thần Tiên' }))['con.quocTichKhac']).toContain('Quốc tịch');
  });
});

describe('CMC warnings', () => {
  it('warns when the parent would have been under 12 at the child’s birth', () => {
    expect(warn(withParent({ ngaySinh: '2002-01-01' }))['chaMe.ngaySinh']).toBe(
      'Cha mới 10 tuổi khi con sinh ra (dưới 12 tuổi): kiểm tra lại ngày sinh',
    );
    expect(
      warn({ loaiXacNhan: '2', ...withParent({ hoTen: 'Cà Thị Xuân', ngaySinh: '2001' }) })['chaMe.ngaySinh'],
    ).toBe('Mẹ mới 10–11 tuổi khi con sinh ra (dưới 12 tuổi): kiểm tra lại ngày sinh');
    // 12 or possibly 12: no warning.
    expect(warn(withParent({ ngaySinh: '2000' }))['chaMe.ngaySinh']).toBeUndefined();
  });

  it('warns when the parent’s middle name belongs to the other parent than the kind says', () => {
    expect(warn({ loaiXacNhan: '2' })['loaiXacNhan']).toBe(
      'Loại xác nhận là "Mẹ nhận con" nhưng tên đệm "Văn" trong phần ghi về cha, mẹ thường là của cha: kiểm tra lại',
    );
    expect(warn({ loaiXacNhan: '3', ...withParent({ hoTen: 'Cà Thị Xuân' }) })['loaiXacNhan']).toBe(
      'Loại xác nhận là "Con nhận cha" nhưng tên đệm "Thị" trong phần ghi về cha, mẹ thường là của mẹ: kiểm tra lại',
    );
    expect(warn({ loaiXacNhan: '4', ...withParent({ hoTen: 'Cà Thị Xuân' }) })['loaiXacNhan']).toBeUndefined();
    // A given name "Thi" is not a middle name.
    expect(warn(withParent({ hoTen: 'Nguyễn Thi' }))['loaiXacNhan']).toBeUndefined();
  });

  it('warns when the parent and the child are the same person', () => {
    expect(warn(withChild({ hoTen: 'LÒ VĂN KHÁNH', ngaySinh: '1985-02-03' }))['con.hoTen']).toBe(
      'Cha và con trùng nhau (cùng họ tên, ngày sinh): kiểm tra lại',
    );
  });

  it('keeps the shared warnings: số against the year, personal numbers against birth years', () => {
    expect(warn({ so: '02/2018' })['so']).toBe('Năm trong số (2018) khác năm đăng ký (2019)');
    expect(warn(withParent({ giayTo: { loai: '4', so: '014090001234' } }))['chaMe.giayTo.so']).toContain(
      'năm sinh 1990',
    );
  });

  it('asks for the foreign registration exactly when the entry is recorded from abroad', () => {
    expect(warn({ loaiDangKy: '3' })['dangKyNuocNgoai.coQuan']).toContain('Ghi vào sổ việc đã đăng ký ở nước ngoài');
    expect(warn({ dangKyNuocNgoai: { quocGia: 'Nhật Bản' } })['loaiDangKy']).toContain('loại đăng ký không phải');
    expect(warn({ loaiDangKy: '3', dangKyNuocNgoai: { quocGia: 'Nhật Bản' } })).toEqual({});
  });
});

describe('CMC kinds', () => {
  it('says which parent and who acknowledges', () => {
    expect(cmcKindRoles('1')).toEqual({ parent: 'cha', acknowledger: 'chaMe' });
    expect(cmcKindRoles('2')).toEqual({ parent: 'mẹ', acknowledger: 'chaMe' });
    expect(cmcKindRoles('3')).toEqual({ parent: 'cha', acknowledger: 'con' });
    expect(cmcKindRoles('4')).toEqual({ parent: 'mẹ', acknowledger: 'con' });
    expect(cmcKindRoles('')).toBeUndefined();
  });
});

describe('CMC description', () => {
  it('indexes số, page, date and both names, the child first', () => {
    const record = cmcRecordSchema.parse(fatherAcknowledges);
    expect(CMC_BOOK_TYPE.record.indexed(record)).toEqual({
      so: '02/2019',
      quyenSo: '01/2019',
      trangSo: 3,
      ngayDangKy: '2019-05-14',
      names: ['Lò Thị Mai', 'Lò Văn Khánh'],
    });
    expect(CMC_BOOK_TYPE.people).toEqual(['chaMe', 'con']);
    expect(CMC_BOOK_TYPE.critical).toEqual(['chaMe.hoTen', 'chaMe.ngaySinh', 'con.hoTen', 'con.ngaySinh']);
  });

  it('exports the 50 columns of the CMC template, after STT', () => {
    const names = CMC_V1.columns.map((c) => c.column);
    const person = (p: string) =>
      [
        'HoTen',
        'NgaySinh',
        'DanToc',
        'QuocTich',
        'QuocTichKhac',
        'QueQuan',
        'LoaiCuTru',
        'NoiCuTru',
        'LoaiGiayToTuyThan',
        'GiayToKhac',
        'SoGiayToTuyThan',
        'NgayCapGiayToTuyThan',
        'NoiCapGiayToTuyThan',
      ].map((f) => p + f);
    expect(names).toEqual([
      'STT',
      'so',
      'quyenSo',
      'trangSo',
      'quyetDinhSo',
      'ngayDangKy',
      'loaiDangKy',
      'loaiXacNhan',
      'noiDangKy',
      'nguoiKy',
      'chucVuNguoiKy',
      'nguoiThucHien',
      'ghiChu',
      ...person('cm'),
      ...person('nc'),
      'nycHoTen',
      'nycQHNguoiDuocNhan',
      'nycQHNguoiNhan',
      'nycLoaiGiayToTuyThan',
      'nycGiayToKhac',
      'nycSoGiayToTuyThan',
      'nycNgayCapGiayToTuyThan',
      'nycNoiCapGiayToTuyThan',
      'soDangKyNuocNgoai',
      'ngayDangKyNuocNgoai',
      'cqNuocNgoaiDaDangKy',
      'qgNuocNgoaiDaDangKy',
    ]);
    expect(names).toHaveLength(51);
  });

  it('has a column, or a stated reason, for every field of the schema', () => {
    const { leaves } = schemaPaths(cmcRecordSchema);
    const columns = CMC_V1.columns.flatMap((c) => (c.source === 'entry' ? [pattern(c.path)] : []));
    const reasons = CMC_V1.notExported.map((n) => pattern(n.path));
    const uncovered = [...leaves].filter(
      (leaf) => !columns.includes(leaf) && !reasons.some((r) => leaf === r || leaf.startsWith(`${r}.`)),
    );
    expect([...leaves]).toEqual(expect.arrayContaining(['chaMe.queQuan', 'nguoiDiDangKy.quanHeNguoiNhan']));
    expect(uncovered).toEqual([]);
  });

  it('shows the foreign-registration block only for a registration recorded from abroad', () => {
    const group = CMC_BOOK_TYPE.layout.items.find(
      (item) => item.kind === 'group' && item.legend.includes('nước ngoài'),
    );
    expect(group && group.kind === 'group' ? group.when : undefined).toEqual({ path: 'loaiDangKy', equals: '3' });
  });
});
