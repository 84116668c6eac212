import { describe, expect, it } from 'vitest';
import { conflictFields, type ConflictSide } from './conflict-fields';

const base = {
  so: '03/2019',
  ngayDangKy: '2019-05-06',
  nguoiDuocGiamHo: { hoTen: 'Lò Thị Mai', ngaySinh: '2011' },
};
const side = (over: Partial<ConflictSide> = {}): ConflictSide => ({
  schemaVersion: 2,
  data: base,
  pageIds: ['p-1'],
  deleted: null,
  ...over,
});
const pageNos = new Map([
  ['p-1', 4],
  ['p-2', 5],
]);

describe('both values of a sync conflict', () => {
  it('names each differing field by its label, dates and pages as a clerk reads them, in local order', () => {
    const fields = conflictFields(
      'GH',
      side({ data: { ...base, ngayDangKy: '2019-05-07' }, pageIds: ['p-2'] }),
      side({ data: { ...base, ghiChu: 'Bản sao' } }),
      (id) => pageNos.get(id),
    );
    expect(fields).toEqual([
      { label: 'Ngày đăng ký', hub: '07/05/2019', local: '06/05/2019' },
      { label: 'Ghi chú', hub: '(trống)', local: 'Bản sao' },
      { label: 'Trang scan gắn (thứ 1)', hub: 'trang 5', local: 'trang 4' },
    ]);
  });

  it('is empty for the same content, and reads data of an older field schema as today', () => {
    expect(conflictFields('GH', side(), side(), (id) => pageNos.get(id))).toEqual([]);
    // Schema 1 marked "không rõ" on a field with a reading: read today as "đọc chưa chắc".
    const old = side({
      schemaVersion: 1,
      data: { ...base, danhDau: { 'nguoiDuocGiamHo.hoTen': { khongRo: true } } },
    });
    const today = side({ data: { ...base, danhDau: { 'nguoiDuocGiamHo.hoTen': { docChuaChac: true } } } });
    expect(conflictFields('GH', old, today, (id) => pageNos.get(id))).toEqual([]);
  });

  it('puts a deletion on one side first, as the entry state with its reason', () => {
    const fields = conflictFields('LH', side({ deleted: { reason: 'Nhập trùng' } }), side(), () => 4);
    expect(fields[0]).toEqual({ label: 'Tình trạng', hub: 'Đã xóa (lý do: Nhập trùng)', local: 'Còn hiệu lực' });
  });
});
