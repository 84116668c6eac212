import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from './registry';
import { tdRecordSchema, tdWarnings } from './td';
import { byPath, errorsOf } from './test-helpers';

const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** "Thay đổi tên đệm: Sùng Thị Dính → Sùng Mí Dính" (a real row, ho-tich.md §4). */
const nameChange = {
  so: '03/2019',
  quyenSo: '01/2019',
  trangSo: 4,
  ngayDangKy: '2019-04-22',
  nguoiKy: 'Giàng A Sử',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  loaiThayDoi: ['thay-doi'],
  nguoi: {
    hoTen: 'Sùng Mí Dính',
    ngaySinh: '2012-09-15',
    gioiTinh: '1',
    danToc: 'Mông',
    quocTich: 'Việt Nam',
    noiCuTru: 'Bản Sủng Là, xã Sủng Là, huyện Đồng Văn, tỉnh Hà Giang',
  },
  giayToHoTich: { loai: 'KS', so: '45', ngayCap: '2012-10-02', noiCap: 'UBND xã Sủng Là' },
  thayDoi: [{ truong: 'Tên đệm', tu: 'Sùng Thị Dính', thanh: 'Sùng Mí Dính' }],
  lyDo: 'Tên đệm "Thị" không phù hợp với giới tính nam',
  canCu: 'Điều 26, 27 Luật Hộ tịch 2014',
  nguoiDiDangKy: { hoTen: 'Sùng Mí Pó', giayTo: { loai: '1', so: '073456789' }, quanHe: 'Cha' },
};

/** "Xác định lại dân tộc: Mường → Nùng". */
const ethnicityChange = {
  ...nameChange,
  so: '04/2019',
  loaiThayDoi: ['xac-dinh-lai-dan-toc'],
  nguoi: { hoTen: 'Hoàng Văn Tâm', ngaySinh: '2001-03-08', gioiTinh: '1', danToc: 'Nùng', quocTich: 'Việt Nam' },
  thayDoi: [{ truong: 'Dân tộc', tu: 'Mường', thanh: 'Nùng' }],
  lyDo: 'Xác định lại theo dân tộc của mẹ',
  nguoiDiDangKy: { hoTen: 'Hoàng Văn Tâm', giayTo: { loai: '4', so: '019201001234' }, quanHe: 'Bản thân' },
};

const errors = (base: object, data: object = {}) => errorsOf(tdRecordSchema, { ...base, ...data });
const warn = (base: object, data: object = {}) => byPath(tdWarnings(tdRecordSchema.parse({ ...base, ...data })));

describe('TD schema (hard errors)', () => {
  it('accepts the real rows of the book', () => {
    expect(errors(nameChange)).toEqual({});
    expect(errors(ethnicityChange)).toEqual({});
  });

  it('accepts several changes and several kinds', () => {
    expect(
      errors(nameChange, {
        loaiThayDoi: ['cai-chinh', 'bo-sung'],
        thayDoi: [
          { truong: 'Ngày, tháng, năm sinh', tu: '15/09/2012', thanh: '15/08/2012' },
          { truong: 'Quê quán', tu: '', thanh: 'Đồng Văn, Hà Giang' },
        ],
      }),
    ).toEqual({});
  });

  it('requires the person’s name and birth date, the record changed, a kind and a change', () => {
    expect(
      errors(nameChange, { nguoi: { hoTen: '', ngaySinh: '' }, giayToHoTich: {}, loaiThayDoi: [], thayDoi: [] }),
    ).toEqual({
      'nguoi.hoTen': `Bắt buộc nhập họ, chữ đệm, tên, ${REQUIRED_HINT}`,
      'nguoi.ngaySinh': `Bắt buộc nhập ngày, tháng, năm sinh, ${REQUIRED_HINT}`,
      'giayToHoTich.loai': `Chọn tên giấy tờ hộ tịch được thay đổi, ${REQUIRED_HINT}`,
      loaiThayDoi: `Chọn ít nhất một loại việc, ${REQUIRED_HINT}`,
      thayDoi: `Bắt buộc nhập ít nhất một nội dung thay đổi, ${REQUIRED_HINT}`,
    });
    expect(
      errors(nameChange, {
        nguoi: { hoTen: 'Sùng Mí Dính', ngaySinh: '' },
        danhDau: { 'nguoi.ngaySinh': { khongDocDuoc: true } },
      }),
    ).toEqual({});
  });

  it('requires the field and the new value of each change', () => {
    expect(errors(nameChange, { thayDoi: [{ truong: '', tu: 'Sùng Thị Dính', thanh: '' }] })).toEqual({
      'thayDoi.0.truong': `Bắt buộc nhập nội dung được thay đổi (ví dụ: Tên đệm), ${REQUIRED_HINT}`,
      'thayDoi.0.thanh': `Bắt buộc nhập giá trị mới, ${REQUIRED_HINT}`,
    });
  });

  it('refuses an unknown or repeated kind', () => {
    expect(errors(nameChange, { loaiThayDoi: ['doi-ten'] })['loaiThayDoi.0']).toBe('Chọn loại việc trong danh sách');
    expect(errors(nameChange, { loaiThayDoi: ['thay-doi', 'thay-doi'] }).loaiThayDoi).toBe(
      'Mỗi loại việc chỉ chọn một lần',
    );
  });

  it('refuses a change whose new value is the old one, but not a change of diacritics', () => {
    const change = (tu: string, thanh: string) => ({ thayDoi: [{ truong: 'Họ, chữ đệm, tên', tu, thanh }] });
    expect(errors(nameChange, change('Sùng Mí Dính', ' Sùng  Mí Dính'))['thayDoi.0.thanh']).toBe(
      'Giá trị mới giống hệt giá trị cũ',
    );
    expect(errors(nameChange, change('Sùng Mí Dính'.normalize('NFD'), 'Sùng Mí Dính'))['thayDoi.0.thanh']).toBe(
      'Giá trị mới giống hệt giá trị cũ',
    );
    expect(errors(nameChange, change('Sung Mi Dinh', 'Sùng Mí Dính'))).toEqual({});
  });

  it('requires both values of a re-determination of ethnicity to be ethnicities', () => {
    const change = (tu: string, thanh: string) => ({ thayDoi: [{ truong: 'Dân tộc', tu, thanh }] });
    expect(errors(ethnicityChange, change('Mường', 'Người Nùng'))['thayDoi.0.thanh']).toBe(
      '"Người Nùng" không phải là dân tộc trong danh mục',
    );
    expect(errors(ethnicityChange, change('Kinh Mường', 'Nùng'))['thayDoi.0.tu']).toBe(
      '"Kinh Mường" không phải là dân tộc trong danh mục',
    );
    expect(errors(ethnicityChange, change('', 'Nùng'))['thayDoi.0.tu']).toBe(
      `Bắt buộc nhập dân tộc cũ, ${REQUIRED_HINT}`,
    );
    // Codes and aliases as the book writes them are ethnicities.
    expect(errors(ethnicityChange, change('Mèo', '07'))).toEqual({});
    // With several kinds, only the changes about ethnicity are checked.
    expect(
      errors(ethnicityChange, {
        loaiThayDoi: ['xac-dinh-lai-dan-toc', 'thay-doi'],
        thayDoi: [
          { truong: 'Dân tộc', tu: 'Mường', thanh: 'Nùng' },
          { truong: 'Tên', tu: 'Tâm', thanh: 'Tâm Anh' },
        ],
      }),
    ).toEqual({});
  });

  it('refuses a record changed before it was issued', () => {
    expect(errors(nameChange, { giayToHoTich: { loai: 'KS', ngayCap: '2019-05-01' } })['giayToHoTich.ngayCap']).toBe(
      'Ngày cấp giấy tờ hộ tịch được thay đổi không thể sau ngày đăng ký thay đổi',
    );
  });
});

describe('TD warnings', () => {
  it('has none for the real rows', () => {
    expect(warn(nameChange)).toEqual({});
    expect(warn(ethnicityChange)).toEqual({});
  });

  it('warns when no change is about ethnicity although the kind says so', () => {
    expect(warn(nameChange, { loaiThayDoi: ['thay-doi', 'xac-dinh-lai-dan-toc'] }).loaiThayDoi).toBe(
      'Đã chọn "Xác định lại dân tộc" nhưng chưa có nội dung thay đổi nào về dân tộc',
    );
  });

  it('warns about a missing old value unless the entry is a supplement', () => {
    const added = { thayDoi: [{ truong: 'Quê quán', tu: '', thanh: 'Đồng Văn, Hà Giang' }] };
    expect(warn(nameChange, added)['thayDoi.0.tu']).toBe(
      'Chưa nhập giá trị cũ ("từ"): chỉ để trống khi bổ sung hộ tịch',
    );
    expect(warn(nameChange, { ...added, loaiThayDoi: ['bo-sung'] })).toEqual({});
  });

  it('warns about a CMND of the wrong length and an ID number without a kind', () => {
    const registrant = (giayTo: object) => ({ nguoiDiDangKy: { hoTen: 'Sùng Mí Pó', giayTo } });
    expect(warn(nameChange, registrant({ loai: '1', so: '07345678' }))['nguoiDiDangKy.giayTo.so']).toBe(
      'Số CMND thường gồm 9 chữ số (12 chữ số với CMND cấp từ 2012 đến 2016)',
    );
    expect(warn(nameChange, registrant({ loai: '', so: '073456789' }))['nguoiDiDangKy.giayTo.loai']).toBe(
      'Chọn loại giấy tờ tùy thân cho số đã nhập',
    );
  });

  it('is indexed under the person changed', () => {
    expect(RECORD_TYPES.TD.indexed(tdRecordSchema.parse(nameChange)).names).toEqual(['Sùng Mí Dính']);
  });
});
