/** Text rules shared by forms, the backend write path and the CLI loader. */

/** Vietnamese text is stored NFC so that the same name typed with different IMEs compares equal. */
export function nfc(value: string): string {
  return value.normalize('NFC');
}

/**
 * Folds a string for diacritic- and case-insensitive search: "NGUYỄN Thị Phượng" → "nguyen thi phuong".
 * SQLite's LOWER/LIKE are ASCII-only, so the folded form is stored in its own column.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
