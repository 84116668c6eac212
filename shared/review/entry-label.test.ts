import { describe, expect, it } from 'vitest';
import { reviewEntryLabel } from './entry-label';

describe('reviewEntryLabel', () => {
  it('names the entry by its number and the person it is about', () => {
    expect(
      reviewEntryLabel('GH', {
        so: '05/2018',
        nguoiDuocGiamHo: { hoTen: 'Nguyễn Văn An' },
        nguoiGiamHo: [{ hoTen: 'Trần Thị Bình' }],
      }),
    ).toBe('Số 05/2018 — Nguyễn Văn An');
  });
  it('names both spouses of a divorce note', () => {
    expect(reviewEntryLabel('LH', { so: '3', chong: { hoTen: 'Lê Văn C' }, vo: { hoTen: 'Phạm Thị D' } })).toBe(
      'Số 3 — Lê Văn C, Phạm Thị D',
    );
  });
  it('says when the number is missing, and copes with no person', () => {
    expect(reviewEntryLabel('TD', { nguoi: { hoTen: 'Võ Văn E' } })).toBe('Chưa có số — Võ Văn E');
    expect(reviewEntryLabel('KS', { so: '12' })).toBe('Số 12');
  });
});
