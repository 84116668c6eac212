/** Code lists for person blocks (ho-tich.md §5). */
export const GENDERS = [
  { code: '1', name: 'Nam' },
  { code: '2', name: 'Nữ' },
  { code: '3', name: 'Không xác định' },
] as const;
export type GenderCode = (typeof GENDERS)[number]['code'];
export const GENDER_CODES = GENDERS.map((g) => g.code) as [GenderCode, ...GenderCode[]];

/** Kinds of guardianship in the GH book. */
export const GUARDIANSHIP_KINDS = [
  { code: 'cu', name: 'Giám hộ cử' },
  { code: 'duong-nhien', name: 'Giám hộ đương nhiên' },
  { code: 'ghi-vao-so', name: 'Ghi vào sổ hộ tịch việc giám hộ' },
] as const;
export type GuardianshipKindCode = (typeof GUARDIANSHIP_KINDS)[number]['code'];
export const GUARDIANSHIP_KIND_CODES = GUARDIANSHIP_KINDS.map((k) => k.code) as [
  GuardianshipKindCode,
  ...GuardianshipKindCode[],
];
