import { describe, expect, it } from 'vitest';
import { followPrintedPage, pageLinkWarning, usualPageOffset } from './page-links';

describe('printed page and scan pages', () => {
  it("takes the book's usual offset from the most common difference", () => {
    expect(usualPageOffset([])).toBeUndefined();
    expect(usualPageOffset([2, 2, 0, 2, 5])).toBe(2);
    expect(usualPageOffset([3, -1])).toBe(-1);
  });

  it('warns when no scan page sits at the printed page plus the usual offset', () => {
    expect(pageLinkWarning(5, [5], 0)).toBeUndefined();
    expect(pageLinkWarning(5, [7], 2)).toBeUndefined();
    // Across facing pages: one of them is enough.
    expect(pageLinkWarning(5, [7, 8], 2)).toBeUndefined();
    expect(pageLinkWarning(5, [9], 2)).toEqual({
      path: 'trangSo',
      message:
        'Trang số 5 không khớp trang scan 9: theo sổ phải là trang scan 7 (các trường hợp khác của sổ lệch 2 trang)',
    });
    expect(pageLinkWarning(5, [6], 0)?.message).toBe(
      'Trang số 5 không khớp trang scan 6: theo sổ phải là trang scan 5',
    );
    expect(pageLinkWarning(5, [], 0)).toBeUndefined();
    // No other entry yet: no habit to compare with.
    expect(pageLinkWarning(5, [9], undefined)).toBeUndefined();
  });

  it('moves the links with a corrected printed page only when they matched the old one', () => {
    expect(followPrintedPage(3, 4, [5], 2)).toEqual([6]);
    expect(followPrintedPage(3, 4, [5, 6], 2)).toEqual([6, 7]);
    // The old "Trang số" was the mistake: the links stay.
    expect(followPrintedPage(2, 3, [5], 2)).toBeUndefined();
    expect(followPrintedPage(3, 3, [5], 2)).toBeUndefined();
    expect(followPrintedPage(1, 2, [1], undefined)).toEqual([2]);
  });
});
