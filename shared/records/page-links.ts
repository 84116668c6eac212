/**
 * An entry's printed page ("Trang số", what the book says) and its scan pages (the links the
 * export cuts the entry's PDF from) are two facts. Books are often scanned with a cover or
 * blank pages first, so a book has a usual offset between them; an entry off that offset is
 * worth a look, and a printed page corrected in the form moves the links with it.
 */
import type { FieldIssue } from '../api/errors';

/**
 * The most common difference (scan page − printed page) among the given entries; undefined
 * when there is none (no habit to compare with yet). Ties go to the smaller offset.
 */
export function usualPageOffset(differences: readonly number[]): number | undefined {
  if (differences.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const d of differences) counts.set(d, (counts.get(d) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount || (n === bestCount && Math.abs(d) < Math.abs(best))) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * A warning (never an error) when no scan page of the entry sits at its printed page plus the
 * book's usual offset: a wrong "Trang số" or an entry linked to the wrong page. None while the
 * book has no other entry to take the habit from.
 */
export function pageLinkWarning(
  trangSo: number,
  linkedPageNos: readonly number[],
  usualOffset: number | undefined,
): FieldIssue | undefined {
  if (usualOffset === undefined || linkedPageNos.length === 0 || !Number.isInteger(trangSo)) return undefined;
  if (linkedPageNos.some((no) => no - trangSo === usualOffset)) return undefined;
  const expected = trangSo + usualOffset;
  const habit = usualOffset === 0 ? '' : ` (các trường hợp khác của sổ lệch ${usualOffset} trang)`;
  return {
    path: 'trangSo',
    message: `Trang số ${trangSo} không khớp trang scan ${linkedPageNos.join(', ')}: theo sổ phải là trang scan ${expected}${habit}`,
  };
}

/**
 * The scan pages an entry moves to when the clerk corrects its printed page without touching its
 * links: when the links matched the old printed page (at the usual offset), they follow the new
 * one by the same distance (the usual offset taken as 0 in a book with no other entry). When they did not (the old "Trang số" was the mistake), they stay:
 * undefined.
 */
export function followPrintedPage(
  oldTrangSo: number,
  newTrangSo: number,
  linkedPageNos: readonly number[],
  usualOffset: number | undefined,
): number[] | undefined {
  if (oldTrangSo === newTrangSo || linkedPageNos.length === 0) return undefined;
  if (linkedPageNos[0]! - oldTrangSo !== (usualOffset ?? 0)) return undefined;
  return linkedPageNos.map((no) => no + newTrangSo - oldTrangSo);
}
