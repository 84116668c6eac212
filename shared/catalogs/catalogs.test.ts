import { describe, expect, it } from 'vitest';
import { ETHNICITIES, findEthnicity, isEthnicityName, suggestEthnicities } from './ethnicities';
import { ID_TYPES, findIdType, idTypeName } from './id-types';
import {
  DEFAULT_NATIONALITY,
  NATIONALITIES,
  findNationality,
  isNationalityName,
  suggestNationalities,
} from './nationalities';
import { GENDERS, RESIDENCE_TYPES } from './people';
import {
  CHANGE_KINDS,
  CIVIL_STATUS_DOCUMENTS,
  DIVORCE_KINDS,
  DIVORCE_SOURCES,
  GUARDIANSHIP_KINDS,
  TERMINATION_KINDS,
  TERMINATION_REASONS,
  nameOf,
} from './pick-lists';

const nameOfEthnicity = (input: string) => findEthnicity(input)?.name;
const nameOfNationality = (input: string) => findNationality(input)?.name;

describe('ethnicities', () => {
  it('ships the 55 entries of QĐ 121-TCTK with two-digit codes', () => {
    expect(ETHNICITIES).toHaveLength(55);
    expect(ETHNICITIES.map((e) => e.code)).toEqual(
      Array.from({ length: 55 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(new Set(ETHNICITIES.map((e) => e.name)).size).toBe(55);
    expect(ETHNICITIES[7]).toMatchObject({ code: '08', name: 'Mông' });
    expect(ETHNICITIES[54]).toMatchObject({ code: '55', name: 'Người nước ngoài' });
  });

  it.each([
    ['01', 'Kinh'],
    ['1', 'Kinh'],
    ['kinh', 'Kinh'],
    ['KINH', 'Kinh'],
    ['Việt', 'Kinh'],
    ['mông', 'Mông'],
    ['hmong', 'Mông'],
    ["H'Mông", 'Mông'],
    ['mèo', 'Mông'],
    ['meo', 'Mông'],
    ['khmer', 'Khơ-me'],
    ['kho me', 'Khơ-me'],
    ['raglay', 'Ra-glai'],
    ['Rơ Măm', 'Rơ-măm'],
    ['van kieu', 'Bru-Vân Kiều'],
    ['Ktu', 'Cơ-tu'],
    ['hán', 'Hoa'],
    ['Sán Chỉ', 'Sán Chay'],
    ['cao lan', 'Sán Chay'],
    ['thai', 'Thái'],
    ['tay', 'Tày'],
    ['ede', 'Ê-đê'],
  ])('finds %s as %s', (input, name) => expect(nameOfEthnicity(input)).toBe(name));

  it.each(['', '  ', '00', '56', '123', 'Mông Cổ', 'xyz'])('finds nothing for %j', (input) =>
    expect(findEthnicity(input)).toBeUndefined(),
  );

  it('suggests by code, exact name, prefix, word prefix and substring, in that order', () => {
    expect(suggestEthnicities('kh').map((e) => e.name)).toEqual(['Khơ-me', 'Khơ-mú', 'Kháng']);
    expect(suggestEthnicities('mông')[0]!.name).toBe('Mông');
    expect(suggestEthnicities('la', 3).map((e) => e.name)).toEqual(['Lào', 'La Chí', 'La Ha']);
    expect(suggestEthnicities('08')[0]!.name).toBe('Mông');
    expect(suggestEthnicities('kieu').map((e) => e.name)).toEqual(['Bru-Vân Kiều']);
    expect(suggestEthnicities('', 3).map((e) => e.code)).toEqual(['01', '02', '03']);
  });

  it('accepts only canonical names as stored values', () => {
    expect(isEthnicityName('Mông')).toBe(true);
    expect(isEthnicityName('Mèo')).toBe(false);
    expect(isEthnicityName('mông')).toBe(false);
  });
});

describe('nationalities', () => {
  it('has Việt Nam first and as the default', () => {
    expect(DEFAULT_NATIONALITY).toBe('Việt Nam');
    expect(NATIONALITIES[0]).toMatchObject({ code: 'VN', name: 'Việt Nam' });
    expect(NATIONALITIES.length).toBeGreaterThan(240);
    expect(new Set(NATIONALITIES.map((n) => n.name)).size).toBe(NATIONALITIES.length);
  });

  it.each([
    ['Việt Nam', 'Việt Nam'],
    ['viet nam', 'Việt Nam'],
    ['VN', 'Việt Nam'],
    ['vn', 'Việt Nam'],
    ['VNM', 'Việt Nam'],
    ['hoa ky', 'Hoa Kỳ'],
    ['Mỹ', 'Hoa Kỳ'],
    ['my', 'Hoa Kỳ'],
    ['US', 'Hoa Kỳ'],
    ['United States', 'Hoa Kỳ'],
    ['MY', 'Malaysia'],
    ['nhat', 'Nhật Bản'],
    ['nhật bản', 'Nhật Bản'],
    ['JP', 'Nhật Bản'],
    ['Lào', 'Lào'],
    ['han quoc', 'Hàn Quốc'],
    ['Trung Quốc', 'Trung Quốc'],
    ['Cam-pu-chia', 'Campuchia'],
    ['Liên Xô', 'Liên Xô'],
    ['Đông Đức', 'Cộng hòa Dân chủ Đức'],
    ['France', 'Pháp'],
  ])('finds %s as %s', (input, name) => expect(nameOfNationality(input)).toBe(name));

  it('finds nothing for unknown text', () => {
    expect(findNationality('')).toBeUndefined();
    expect(findNationality('Atlantis')).toBeUndefined();
  });

  it('suggests by prefix and word prefix', () => {
    expect(suggestNationalities('nhat')[0]!.name).toBe('Nhật Bản');
    expect(suggestNationalities('hoa ky')[0]!.name).toBe('Hoa Kỳ');
    expect(suggestNationalities('viet')[0]!.name).toBe('Việt Nam');
    expect(suggestNationalities('', 1)[0]!.name).toBe('Việt Nam');
  });

  it('accepts only canonical names as stored values', () => {
    expect(isNationalityName('Hoa Kỳ')).toBe(true);
    expect(isNationalityName('Mỹ')).toBe(false);
    expect(isNationalityName('VN')).toBe(false);
  });
});

describe('code lists shipped as data', () => {
  it('has the ID types 1–8 and 10, each with its check', () => {
    expect(ID_TYPES.map((t) => t.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '10']);
    expect(findIdType('4')?.check).toBe('twelve-digits');
    expect(findIdType('10')).toMatchObject({ name: 'Thẻ căn cước', check: 'twelve-digits' });
    expect(findIdType('0')).toBeUndefined();
    expect(idTypeName('2')).toBe('Hộ chiếu');
  });

  it('has sexes, residence types and the pick lists of the four books', () => {
    expect(GENDERS.map((g) => g.code)).toEqual(['1', '2', '3']);
    expect(RESIDENCE_TYPES.map((r) => r.code)).toEqual(['1', '2', '0']);
    expect(GUARDIANSHIP_KINDS).toHaveLength(3);
    expect(TERMINATION_KINDS).toHaveLength(2);
    expect(TERMINATION_REASONS.at(-1)).toEqual({ code: 'khac', name: 'Lý do khác' });
    expect(nameOf(DIVORCE_KINDS, 'huy-ket-hon')).toBe('Hủy việc kết hôn');
    expect(DIVORCE_SOURCES[0]!.code).toBe('nuoc-ngoai');
    expect(CHANGE_KINDS.map((k) => k.code)).toEqual([
      'thay-doi',
      'cai-chinh',
      'bo-sung',
      'xac-dinh-lai-dan-toc',
      'xac-dinh-lai-gioi-tinh',
      'dieu-chinh',
    ]);
    expect(nameOf(CIVIL_STATUS_DOCUMENTS, 'KS')).toBe('Khai sinh');
    expect(nameOf(CIVIL_STATUS_DOCUMENTS, 'ZZ')).toBe('ZZ');
  });
});
