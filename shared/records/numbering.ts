/**
 * Numbering of entries in a book (ho-tich.md §6): numbers restart at 01 each year, so
 * (office, book type, quyển, year, số) identifies an entry. Proposes the next số, lists gaps,
 * and gives the backend the duplicate key.
 */
import { foldForSearch } from '../text/normalize';
import { SO_PATTERN } from './fields';
import { parseSo } from './rules';

/**
 * The số after `previous`, keeping its zero padding and year: "01/2018" → "02/2018",
 * "9/2018" → "10/2018", "099/2018" → "100/2018", "12/" → "13/". Undefined when `previous`
 * is not `n/yyyy` or `n/`.
 */
export function nextSo(previous: string): string | undefined {
  const m = SO_PATTERN.exec(typeof previous === 'string' ? previous.trim() : '');
  if (!m) return undefined;
  const digits = m[1]!;
  const next = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  return `${next}/${m[2] ?? ''}`;
}

export interface NumberingGaps {
  /** Year written in the số; undefined for numbers written `n/` without a year. */
  year: number | undefined;
  /** Smallest and largest number present that year. */
  first: number;
  last: number;
  /** Numbers between first and last that no entry has. */
  missing: number[];
  /** The same as ranges, for display: [{from: 5, to: 9}] reads "5–9". */
  ranges: { from: number; to: number }[];
  /** Numbers present more than once. */
  repeated: number[];
}

/**
 * Per year, the numbers missing between the smallest and largest present, and those repeated.
 * Numbers not written `n/yyyy` or `n/` are ignored. Years in ascending order, `n/` last.
 */
export function numberingGaps(sos: readonly string[]): NumberingGaps[] {
  const byYear = new Map<number | undefined, number[]>();
  for (const so of sos) {
    const { number, year } = parseSo(so);
    if (number === undefined) continue;
    const list = byYear.get(year) ?? [];
    list.push(number);
    byYear.set(year, list);
  }
  const result: NumberingGaps[] = [];
  for (const [year, numbers] of byYear) {
    const sorted = [...numbers].sort((a, b) => a - b);
    const present = new Set(sorted);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const missing: number[] = [];
    const ranges: { from: number; to: number }[] = [];
    for (let n = first + 1; n < last; n++) {
      if (present.has(n)) continue;
      missing.push(n);
      const open = ranges[ranges.length - 1];
      if (open && open.to === n - 1) open.to = n;
      else ranges.push({ from: n, to: n });
    }
    const repeated = [...present].filter((n) => sorted.indexOf(n) !== sorted.lastIndexOf(n));
    result.push({ year, first, last, missing, ranges, repeated });
  }
  return result.sort((a, b) => (a.year ?? Infinity) - (b.year ?? Infinity));
}

/** The years of `numberingGaps` that miss a number: what "Kiểm tra sổ" lists, one line each. */
export function yearsWithGaps(gaps: readonly NumberingGaps[]): NumberingGaps[] {
  return gaps.filter((g) => g.missing.length > 0);
}

/**
 * Pages of a book with no entry: `pageNos` are all the book's page numbers, `usedPageNos` the
 * pages entries are linked to (an entry may span pages). Sorted ascending.
 */
export function pagesWithoutEntries(pageNos: readonly number[], usedPageNos: readonly number[]): number[] {
  const used = new Set(usedPageNos);
  return [...new Set(pageNos)].filter((p) => !used.has(p)).sort((a, b) => a - b);
}

export interface DuplicateKeyParts {
  /** Registering office as printed on the book. */
  office: string;
  bookType: string;
  quyenSo?: string;
  so: string;
}

/**
 * The key under which two entries are duplicates: office and quyển folded (case, diacritics and
 * spaces ignored), số as number without leading zeros, and the year from the số, or
 * `registrationYear` when the số has none ("12/"). A số not `n/yyyy` is compared as written
 * (folded). E.g. office "UBND xã An Bình", GH, quyển "01/2018", số "01/2018" →
 * "ubndxaanbinh|GH|01/2018|2018|1".
 */
export function duplicateKey(parts: DuplicateKeyParts, registrationYear?: number): string {
  const compact = (text: string | undefined) => foldForSearch(text ?? '').replace(/\s+/g, '');
  const { number, year } = parseSo(parts.so);
  const soPart = number === undefined ? `?${compact(parts.so)}` : String(number);
  const yearPart = year ?? registrationYear ?? '';
  return [compact(parts.office), parts.bookType.toUpperCase(), compact(parts.quyenSo), yearPart, soPart].join('|');
}

/** When an entry duplicates others of the same book: an error without a reason, else a warning. */
export function duplicateIssues(
  record: { trungSoLyDo?: string },
  duplicates: number,
): { errors: { path: string[]; message: string }[]; warnings: { path: string[]; message: string }[] } {
  if (duplicates <= 0) return { errors: [], warnings: [] };
  if (!record.trungSoLyDo?.trim()) {
    return {
      errors: [
        {
          path: ['so'],
          message:
            'Số này đã có trong cùng quyển, cùng năm. Nếu sổ gốc thật sự ghi trùng số, nhập lý do vào ô "Lý do trùng số"',
        },
      ],
      warnings: [],
    };
  }
  return { errors: [], warnings: [{ path: ['so'], message: 'Số trùng với trường hợp khác trong sổ (đã ghi lý do)' }] };
}

/**
 * The spellings of a number a search must accept: "01/2018" and "1/2018" are the same number,
 * so a digit token stands for itself without leading zeros and padded with zeros up to four
 * digits: "1" and "01" → ["1", "01", "001", "0001"]; "2018" → ["2018"]. Other tokens: as given.
 */
export function numberSpellings(token: string): string[] {
  if (!/^\d+$/.test(token)) return [token];
  const core = token.replace(/^0+(?=\d)/, '');
  const spellings = [core];
  for (let width = core.length + 1; width <= 4; width++) spellings.push(core.padStart(width, '0'));
  return spellings;
}
