import { describe, expect, it } from 'vitest';
import { foldForSearch, nfc } from './normalize';

describe('text normalisation', () => {
  it('folds diacritics, đ and case for search', () => {
    expect(foldForSearch('NGUYỄN THỊ PHƯỢNG')).toBe('nguyen thi phuong');
    expect(foldForSearch('Đặng  Đình   Đức')).toBe('dang dinh duc');
  });

  it('makes text typed by different IMEs (NFD vs NFC) equal', () => {
    const decomposed = 'Phượng'.normalize('NFD');
    expect(decomposed).not.toBe('Phượng');
    expect(nfc(decomposed)).toBe('Phượng');
  });
});
