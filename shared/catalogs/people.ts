/** Code lists for person blocks (ho-tich.md §5). */
import residenceTypes from './data/residence-types.json';
import type { CodeList } from './pick-lists';

export const GENDERS = [
  { code: '1', name: 'Nam' },
  { code: '2', name: 'Nữ' },
  { code: '3', name: 'Không xác định' },
] as const;
export type GenderCode = (typeof GENDERS)[number]['code'];
export const GENDER_CODES = GENDERS.map((g) => g.code) as [GenderCode, ...GenderCode[]];

/** Loại cư trú: 1 Thường trú · 2 Tạm trú · 0 Không có thông tin. */
export const RESIDENCE_TYPES: CodeList = residenceTypes;

// Kept here for existing imports; the lists of the four books live in pick-lists.ts, identity
// documents in id-types.ts, ethnicities and nationalities in their own modules.
export { GUARDIANSHIP_KINDS, GUARDIANSHIP_KIND_CODES, type GuardianshipKindCode } from './pick-lists';
