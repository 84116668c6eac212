import { describe, expect, it } from 'vitest';
import { isCopyName } from './copy-names';

describe('isCopyName', () => {
  it.each([
    'p1-copy.jpg',
    'p1_copy.jpg',
    'p1 copy.jpg',
    'p1 copy 2.jpg',
    'p1 - Copy.jpg',
    'p1 - Copy (2).jpg',
    'p1 (1).jpg',
    'p1(2).JPG',
    'p1 (copy).jpg',
    'p1 (another copy).jpg',
    'p1 (3rd copy).jpg',
    'p1 - Bản sao.jpg',
    'p1 - Bản sao (2).jpg',
    'p1 - ban sao.jpg',
  ])('%s is a copy of p1.jpg', (name) => {
    expect(isCopyName(name, 'p1.jpg')).toBe(true);
  });

  it.each([
    ['p1.jpg', 'p1.jpg'],
    ['p10.jpg', 'p1.jpg'],
    ['p1-2.jpg', 'p1.jpg'],
    ['p1 copy.png', 'p1.jpg'],
    ['p1-copy.jpg', 'p2.jpg'],
    ['p1.jpg', 'p1-copy.jpg'],
    ['trang-1 (1).pdf', 'trang-10.pdf'],
    ['scanner copy.jpg', 'scan.jpg'],
  ])('%s is not a copy of %s', (name, original) => {
    expect(isCopyName(name, original)).toBe(false);
  });

  it('compares Vietnamese names in either Unicode form', () => {
    expect(isCopyName('Trang 1 - Bản sao.jpg'.normalize('NFD'), 'Trang 1.jpg')).toBe(true);
  });
});
