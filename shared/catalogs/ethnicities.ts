/**
 * Ethnicities (dân tộc), codes per QĐ 121-TCTK/PPCĐ (ho-tich.md §5). Entries store the canonical
 * NAME (the BTP templates take names); pickers and imports accept a code, name or alias.
 */
import data from './data/ethnicities.json';
import { buildCatalogIndex, type CatalogEntry } from './lookup';

export type Ethnicity = CatalogEntry;

export const ETHNICITIES: readonly Ethnicity[] = data;

const index = buildCatalogIndex(ETHNICITIES, {
  // "1" and "01" are both code 01; only one or two digits can be a code.
  codeKey: (input) => (/^\d{1,2}$/.test(input) ? input.padStart(2, '0') : undefined),
});

/** The canonical entry for a code ("01", "1"), name or alias ("kinh", "mèo", "khmer"); else undefined. */
export function findEthnicity(input: string): Ethnicity | undefined {
  return index.find(input);
}

/** Ranked matches for the picker (code, exact, prefix, word prefix, substring). */
export function suggestEthnicities(input: string, limit = 10): Ethnicity[] {
  return index.suggest(input, limit);
}

/** True when the value is a canonical ethnicity name as stored in an entry ("Mông", not "Mèo"). */
export function isEthnicityName(value: string): boolean {
  return index.isName(value);
}
