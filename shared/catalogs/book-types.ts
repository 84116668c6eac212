/** The ten civil-status book types (ho-tich.md §2): the four typed in beside the scan first, then the six the Ministry takes as Excel files. */
export const BOOK_TYPES = [
  { code: 'GH', name: 'Sổ đăng ký giám hộ' },
  { code: 'CDGH', name: 'Sổ đăng ký chấm dứt giám hộ' },
  { code: 'LH', name: 'Sổ ghi chú ly hôn' },
  {
    code: 'TD',
    name: 'Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc',
  },
  { code: 'KS', name: 'Sổ đăng ký khai sinh' },
  { code: 'KT', name: 'Sổ đăng ký khai tử' },
  { code: 'KH', name: 'Sổ đăng ký kết hôn' },
  { code: 'NCN', name: 'Sổ đăng ký nuôi con nuôi' },
  { code: 'CMC', name: 'Sổ đăng ký nhận cha, mẹ, con' },
  { code: 'HN', name: 'Sổ cấp giấy xác nhận tình trạng hôn nhân' },
] as const;

export type BookTypeCode = (typeof BOOK_TYPES)[number]['code'];
export const BOOK_TYPE_CODES = BOOK_TYPES.map((t) => t.code) as [BookTypeCode, ...BookTypeCode[]];

export function bookTypeName(code: BookTypeCode): string {
  return BOOK_TYPES.find((t) => t.code === code)?.name ?? code;
}

/** Legal periods ("nhóm sổ"): the book layout differs by period. */
export const LEGAL_PERIODS = [
  { code: '2016-2019', name: 'Từ 2016 (Luật Hộ tịch 2014)' },
  { code: '2006-2015', name: '2006–2015 (Nghị định 158/2005)' },
  { code: '1999-2005', name: '1999–2005 (Nghị định 83/1998)' },
  { code: '1976-1998', name: '1976–1998 (Nghị định 04/CP 1961)' },
  { code: 'truoc-1976', name: 'Năm 1975 trở về trước' },
] as const;

export type LegalPeriodCode = (typeof LEGAL_PERIODS)[number]['code'];
export const LEGAL_PERIOD_CODES = LEGAL_PERIODS.map((p) => p.code) as [LegalPeriodCode, ...LegalPeriodCode[]];

/** The period a book opened in a given year belongs to. */
export function legalPeriodForYear(year: number): LegalPeriodCode {
  if (year >= 2016) return '2016-2019';
  if (year >= 2006) return '2006-2015';
  if (year >= 1999) return '1999-2005';
  if (year >= 1976) return '1976-1998';
  return 'truoc-1976';
}
