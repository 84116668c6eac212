import { describe, expect, it } from 'vitest';
import { describePath } from './labels';
import { isMarkedIllegible, isMarkedUncertain, markedPaths, markOf, pathFromKey, valueAt } from './marks';
import { missingUnlessMarked, requireUnlessMarked, type RuleIssue } from './rules';

const record = {
  so: '',
  nguoiGiamHo: [{ hoTen: 'Nguyễn Văn B' }, { hoTen: '' }],
  nguoiDuocGiamHo: { ngaySinh: '' },
  danhDau: {
    'nguoiGiamHo.1.hoTen': { khongDocDuoc: true, ghiChu: 'Rách góc trang' },
    'nguoiDuocGiamHo.ngaySinh': { amLich: 'năm Giáp Thân' },
    so: { khongDocDuoc: true },
    'nguoiGiamHo.0.hoTen': { docChuaChac: true },
    ghiChu: { khongDocDuoc: false },
  },
};

describe('field marks', () => {
  it('lists the marked fields for the reviewer, in field order, without empty marks', () => {
    expect(markedPaths(record)).toEqual([
      { path: 'nguoiDuocGiamHo.ngaySinh', mark: { amLich: 'năm Giáp Thân' } },
      { path: 'nguoiGiamHo.0.hoTen', mark: { docChuaChac: true } },
      { path: 'nguoiGiamHo.1.hoTen', mark: { khongDocDuoc: true, ghiChu: 'Rách góc trang' } },
      { path: 'so', mark: { khongDocDuoc: true } },
    ]);
    expect(markedPaths({})).toEqual([]);
    expect(markedPaths({ danhDau: 'x' })).toEqual([]);
  });

  it('tells illegible and uncertain fields, reading the record defensively', () => {
    expect(isMarkedIllegible(record, ['so'])).toBe(true);
    expect(isMarkedIllegible(record, ['nguoiGiamHo', 1, 'hoTen'])).toBe(true);
    // An uncertain reading is kept: it does not excuse an empty field, only lenient formats.
    expect(isMarkedIllegible(record, ['nguoiGiamHo', 0, 'hoTen'])).toBe(false);
    expect(isMarkedUncertain(record, ['nguoiGiamHo', 0, 'hoTen'])).toBe(true);
    expect(isMarkedUncertain(record, ['so'])).toBe(true);
    expect(isMarkedIllegible(record, ['nguoiDuocGiamHo', 'ngaySinh'])).toBe(false);
    expect(isMarkedIllegible(record, ['ghiChu'])).toBe(false);
    expect(isMarkedIllegible(null, ['so'])).toBe(false);
    expect(markOf({ danhDau: { so: 'x' } }, ['so'])).toBeUndefined();
  });

  it('reads values at paths and turns keys into paths', () => {
    expect(valueAt(record, ['nguoiGiamHo', 0, 'hoTen'])).toBe('Nguyễn Văn B');
    expect(valueAt(record, ['nguoiGiamHo', 'x'])).toBeUndefined();
    expect(valueAt('x', ['a'])).toBeUndefined();
    expect(pathFromKey('nguoiGiamHo.1.hoTen')).toEqual(['nguoiGiamHo', 1, 'hoTen']);
  });

  it('lets a required field be empty only when marked (lunar dates count)', () => {
    const paths = [
      ['so'],
      ['nguoiGiamHo', 1, 'hoTen'],
      ['nguoiDuocGiamHo', 'ngaySinh'],
      ['ghiChu'],
      ['nguoiDuocGiamHo', 'hoTen'],
    ];
    expect(missingUnlessMarked(record, paths, 'Bắt buộc')).toEqual([
      { path: ['ghiChu'], message: 'Bắt buộc' },
      { path: ['nguoiDuocGiamHo', 'hoTen'], message: 'Bắt buộc' },
    ]);
    const issues: RuleIssue[] = [];
    requireUnlessMarked({ loaiGiamHo: '' }, { addIssue: (i) => issues.push(i) }, [['loaiGiamHo']], 'Chọn loại');
    expect(issues).toEqual([{ code: 'custom', path: ['loaiGiamHo'], message: 'Chọn loại' }]);
  });

  it('names a marked field in Vietnamese for the reviewer', () => {
    expect(describePath('nguoiGiamHo.1.hoTen')).toBe('Người giám hộ 2 › Họ, chữ đệm, tên');
    expect(describePath(['thayDoi', 0, 'thanh'])).toBe('Nội dung thay đổi 1 › Thành');
    expect(describePath('ngayDangKy', 'LH')).toBe('Ngày ghi chú');
    expect(describePath('ngayDangKy', 'GH')).toBe('Ngày đăng ký');
    expect(describePath('banAn.ngayHieuLuc', 'LH')).toBe('Bản án, quyết định › Ngày có hiệu lực');
  });
});
