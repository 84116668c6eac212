/**
 * A realistic mix of Vietnamese names for search at province scale, seeded (the same names on
 * every machine and run): family names by their share of the population (about 38% Nguyễn, then
 * Trần, Lê, Phạm…, and names of the mountain communes: Sùng, Lò, Vàng, Giàng…), a middle name by
 * sex (Văn, Thị, and others), and a given name from a list of common ones.
 */

/** Family names with their approximate share of the population, in per mille. */
const FAMILY: [string, number][] = [
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Hoàng', 31],
  ['Huỳnh', 20],
  ['Phan', 45],
  ['Vũ', 22],
  ['Võ', 17],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 8],
  ['Trương', 7],
  ['Mai', 5],
  ['Hà', 8],
  ['Lò', 6],
  ['Sùng', 6],
  ['Vàng', 6],
  ['Giàng', 5],
  ['Thào', 4],
  ['Lù', 3],
  ['Mùa', 3],
  ['Cao', 5],
  ['Tạ', 4],
  ['Lương', 4],
  ['Quàng', 3],
  ['Triệu', 3],
  ['Hứa', 2],
  ['Kiều', 2],
  ['Đoàn', 6],
  ['Chu', 4],
  ['Lâm', 5],
  ['Tô', 3],
  ['Vương', 3],
  ['Thái', 3],
];
const MALE_MIDDLE = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Xuân', 'Công', 'A', 'Ngọc'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Hồng', 'Kim', 'Thanh', 'Mai', 'Bích'];
const MALE_GIVEN = [
  'Hùng',
  'Dũng',
  'Nam',
  'Tuấn',
  'Minh',
  'Hải',
  'Long',
  'Thắng',
  'Bình',
  'Sơn',
  'Cường',
  'Phúc',
  'Tư',
  'Páo',
  'Dính',
  'Chứ',
  'Lử',
  'Quang',
  'Hiếu',
  'Khoa',
  'Trung',
  'Đạt',
  'Tùng',
  'Kiên',
];
const FEMALE_GIVEN = [
  'Lan',
  'Hoa',
  'Mai',
  'Phượng',
  'Hạnh',
  'Nhung',
  'Hương',
  'Linh',
  'Trang',
  'Thảo',
  'Hà',
  'Ngọc',
  'Súa',
  'Dợ',
  'Mỷ',
  'Yến',
  'Anh',
  'Loan',
  'Thủy',
  'Hằng',
  'Vân',
  'Nga',
  'Oanh',
  'Quyên',
];

const FAMILY_TOTAL = FAMILY.reduce((sum, [, share]) => sum + share, 0);

/** A small seeded PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function familyName(r: () => number): string {
  let n = r() * FAMILY_TOTAL;
  for (const [name, share] of FAMILY) {
    n -= share;
    if (n < 0) return name;
  }
  return FAMILY[0]![0];
}

/** One person's full name, e.g. "Nguyễn Thị Phượng"; `sex` 1 male, 2 female. */
export function personName(r: () => number, sex: 1 | 2): string {
  const middle = pick(r, sex === 1 ? MALE_MIDDLE : FEMALE_MIDDLE);
  const given = pick(r, sex === 1 ? MALE_GIVEN : FEMALE_GIVEN);
  return `${familyName(r)} ${middle} ${given}`;
}

/** The share of people named Nguyễn in the mix (for the bench's notes). */
export const NGUYEN_SHARE = (FAMILY.find(([name]) => name === 'Nguyễn')![1] / FAMILY_TOTAL) as number;
