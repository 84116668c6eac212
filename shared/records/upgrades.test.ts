import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, splitFieldMarks, upgradeRecordData, type SchemaHistory } from './upgrades';

describe('upgrading stored entry data', () => {
  it('splits version 1 marks by whether the field holds a reading, as migration 0006 did', () => {
    const v1 = {
      so: '01/2018',
      nguoiGiamHo: [{ hoTen: 'Nguyễn Văn B', ngaySinh: '' }],
      danhDau: {
        so: { khongRo: true },
        'nguoiGiamHo.0.hoTen': { khongDocDuoc: true },
        'nguoiGiamHo.0.ngaySinh': { khongDocDuoc: true, ghiChu: 'Rách' },
        'nguoiDuocGiamHo.noiSinh': { khongRo: true },
        ngayDangKy: { amLich: 'năm Canh Dần', khongRo: false },
      },
    };
    expect(upgradeRecordData('GH', 1, v1)).toEqual({
      version: 2,
      newer: false,
      data: {
        ...v1,
        danhDau: {
          so: { docChuaChac: true },
          'nguoiGiamHo.0.hoTen': { docChuaChac: true },
          'nguoiGiamHo.0.ngaySinh': { ghiChu: 'Rách', khongDocDuoc: true },
          'nguoiDuocGiamHo.noiSinh': { khongDocDuoc: true },
          ngayDangKy: { amLich: 'năm Canh Dần' },
        },
      },
    });
    expect(splitFieldMarks({ so: '1' })).toEqual({ so: '1' });
  });

  it('leaves current data alone and never rewrites data of a newer version', () => {
    const data = { so: '1', danhDau: { so: { docChuaChac: true } } };
    expect(currentSchemaVersion('TD')).toBe(2);
    expect(upgradeRecordData('TD', 2, data)).toEqual({ data, version: 2, newer: false });
    expect(upgradeRecordData('TD', 7, data)).toEqual({ data, version: 7, newer: true });
  });

  it('chains the steps of a registry from the stored version to the current one', () => {
    const schemas: Record<string, SchemaHistory> = {
      XX: {
        current: 3,
        steps: { 1: (d) => ({ ...d, a: 1 }), 2: (d) => ({ ...d, b: Number(d.a) + 1 }) },
      },
    };
    expect(upgradeRecordData('XX', 1, {}, schemas)).toEqual({ data: { a: 1, b: 2 }, version: 3, newer: false });
    expect(upgradeRecordData('XX', 2, { a: 5 }, schemas)).toEqual({ data: { a: 5, b: 6 }, version: 3, newer: false });
  });
});
