import { describe, expect, it } from 'vitest';
import { sortByName } from './natural-sort';

describe('natural sort', () => {
  it('orders numbered pages as people count them', () => {
    const names = ['trang-10.jpg', 'trang-2.jpg', 'Trang-1.jpg', 'trang-100.jpg', 'trang-20.jpg'];
    expect(sortByName(names, (n) => n)).toEqual([
      'Trang-1.jpg',
      'trang-2.jpg',
      'trang-10.jpg',
      'trang-20.jpg',
      'trang-100.jpg',
    ]);
  });
});
