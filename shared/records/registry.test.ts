import { describe, expect, it } from 'vitest';
import { BOOK_TYPES } from '../catalogs/book-types';
import { BOOK_TYPE_DEFINITIONS } from '../book-types/registry';
import { currentColumnSet } from '../export/column-sets';
import { canonicalRecordData, RECORD_TYPES, recordTypeFor } from './registry';
import { decodePersonalNumber, sameText } from './rules';

describe('registry', () => {
  it('registers all ten book types, each with its form and a current Excel column set', () => {
    expect(Object.keys(RECORD_TYPES).sort()).toEqual(BOOK_TYPES.map((t) => t.code).sort());
    for (const { code } of BOOK_TYPES) {
      expect(BOOK_TYPE_DEFINITIONS[code].layout.items.length, code).toBeGreaterThan(0);
      expect(currentColumnSet(code)?.bookType, code).toBe(code);
    }
  });

  it('registers only known book types, each under its own code', () => {
    const known = new Set<string>(BOOK_TYPES.map((t) => t.code));
    for (const code of Object.keys(RECORD_TYPES)) expect(known.has(code), code).toBe(true);
    expect(recordTypeFor('XX')).toBeUndefined();
    expect(recordTypeFor('TD')).toBe(RECORD_TYPES.TD);
  });

  it('keeps the first name in place even when it is empty (marked illegible)', () => {
    const indexed = RECORD_TYPES.GH.indexed({
      so: '',
      trangSo: 1,
      nguoiGiamHo: [{ hoTen: 'Lò Văn Pấng' }, { hoTen: '' }],
      nguoiDuocGiamHo: {},
    });
    expect(indexed).toEqual({
      so: '',
      quyenSo: undefined,
      trangSo: 1,
      ngayDangKy: undefined,
      names: ['', 'Lò Văn Pấng'],
    });
  });

  it('drops empty values, false and null, NFC-normalises text', () => {
    expect(
      canonicalRecordData({
        so: '1/2018',
        ghiChu: '',
        x: undefined,
        k: false,
        z: null,
        danhDau: { so: { khongDocDuoc: true, docChuaChac: false } },
        n: { hoTen: 'Phượng'.normalize('NFD') },
      }),
    ).toEqual({ so: '1/2018', danhDau: { so: { khongDocDuoc: true } }, n: { hoTen: 'Phượng' } });
  });
});

describe('rule helpers', () => {
  it('decodes century, sex and birth year from a 12-digit number', () => {
    expect(decodePersonalNumber('001070012345')).toEqual({ gioiTinh: '1', namSinh: 1970 });
    expect(decodePersonalNumber('001188012345')).toEqual({ gioiTinh: '2', namSinh: 1988 });
    expect(decodePersonalNumber('079303012345')).toEqual({ gioiTinh: '2', namSinh: 2003 });
    expect(decodePersonalNumber('079210012345')).toEqual({ gioiTinh: '1', namSinh: 2010 });
    expect(decodePersonalNumber('12345')).toBeUndefined();
  });

  it('compares texts as written: NFC and spaces ignored, case and diacritics not', () => {
    expect(sameText('Sùng  Mí Dính ', 'Sùng Mí Dính'.normalize('NFD'))).toBe(true);
    expect(sameText('Sung Mi Dinh', 'Sùng Mí Dính')).toBe(false);
    expect(sameText('nguyễn', 'Nguyễn')).toBe(false);
  });
});
