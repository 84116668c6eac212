import { describe, expect, it } from 'vitest';
import { changedRequestIds, fieldChanged, valueAtField } from './correction-ticks';

const before = {
  so: '05/2018',
  ngayDangKy: '2018-03-05',
  nguoiDuocGiamHo: { hoTen: 'Nguyễn Văn A', ngaySinh: '2010' },
  nguoiGiamHo: [{ hoTen: 'Trần Thị B' }, { hoTen: 'Lê Văn C' }],
  soLuong: 2,
  danhDau: { 'nguoiDuocGiamHo.ngaySinh': { docChuaChac: true } },
};

describe('which correction requests an edit answers', () => {
  it('reads dotted paths, list items included', () => {
    expect(valueAtField(before, 'nguoiDuocGiamHo.hoTen')).toBe('Nguyễn Văn A');
    expect(valueAtField(before, 'nguoiGiamHo.1.hoTen')).toBe('Lê Văn C');
    expect(valueAtField(before, 'nguoiGiamHo.5.hoTen')).toBeUndefined();
    expect(valueAtField(before, 'so.x')).toBeUndefined();
  });

  it('counts a changed value or a changed mark, not a different spelling of empty or trailing spaces', () => {
    const renamed = { ...before, nguoiDuocGiamHo: { ...before.nguoiDuocGiamHo, hoTen: 'Nguyễn Văn Á' } };
    expect(fieldChanged(before, renamed, 'nguoiDuocGiamHo.hoTen')).toBe(true);
    expect(fieldChanged(before, renamed, 'so')).toBe(false);

    const spaced = { ...before, so: '05/2018 ' };
    expect(fieldChanged(before, spaced, 'so')).toBe(false);

    const unmarked = { ...before, danhDau: {} };
    expect(fieldChanged(before, unmarked, 'nguoiDuocGiamHo.ngaySinh')).toBe(true);

    const emptied = { ...before, ghiChu: '' };
    expect(fieldChanged({ ...before, ghiChu: undefined }, emptied, 'ghiChu')).toBe(false);
    expect(fieldChanged({ ...before, soLuong: Number.NaN }, { ...before, soLuong: null }, 'soLuong')).toBe(false);
    expect(fieldChanged(before, { ...before, soLuong: 3 }, 'soLuong')).toBe(true);
  });

  it('ticks by default exactly the requests whose field changed', () => {
    const requests = [
      { id: 'r1', field: 'nguoiDuocGiamHo.hoTen' },
      { id: 'r2', field: 'so' },
      { id: 'r3', field: 'nguoiGiamHo.1.hoTen' },
    ];
    const after = {
      ...before,
      nguoiDuocGiamHo: { ...before.nguoiDuocGiamHo, hoTen: 'Nguyễn Văn Á' },
      nguoiGiamHo: [{ hoTen: 'Trần Thị B' }, { hoTen: 'Lê Văn Cường' }],
    };
    expect(changedRequestIds(requests, before, after)).toEqual(['r1', 'r3']);
    expect(changedRequestIds(requests, before, before)).toEqual([]);
  });
});
