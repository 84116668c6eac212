/**
 * Nationalities (quốc tịch) in Vietnamese, from ISO 3166-1 via i18n-iso-countries (its `vi`
 * locale), with the names Vietnamese documents use where the locale's differ ("Hoa Kỳ", "Lào"),
 * common aliases ("Mỹ", "Nhật") and states of old books (Liên Xô, Tiệp Khắc …). Entries store the
 * canonical Vietnamese NAME; pickers and imports also accept the ISO code ("VN", "USA") or the
 * English name.
 */
// The library's own entry (index.js), not its Node entry that loads every locale at run time:
// the same code then runs in the browser bundle and in the bundled backend.
import countries from 'i18n-iso-countries/index.js';
import enLocale from 'i18n-iso-countries/langs/en.json';
import viLocale from 'i18n-iso-countries/langs/vi.json';
import names from './data/nationality-names.json';
import { buildCatalogIndex, type CatalogEntry } from './lookup';

countries.registerLocale(viLocale);
countries.registerLocale(enLocale);

export interface Nationality extends CatalogEntry {
  /** ISO 3166-1 alpha-2; ISO 3166-3 four-letter code for former states; "XX" for stateless. */
  code: string;
  alpha3?: string;
}

export const DEFAULT_NATIONALITY = 'Việt Nam';
export const DEFAULT_NATIONALITY_CODE = 'VN';

const preferred: Partial<Record<string, { name: string; aliases: string[] }>> = names.preferred;

function buildList(): Nationality[] {
  const vi = countries.getNames('vi', { select: 'all' });
  const en = countries.getNames('en', { select: 'all' });
  const list: Nationality[] = Object.entries(vi).map(([code, viNames]) => {
    const override = preferred[code];
    const name = override?.name ?? viNames[0]!;
    const aliases = [...(override?.aliases ?? []), ...viNames, ...(en[code] ?? [])].filter((a) => a !== name);
    return { code, name, aliases: [...new Set(aliases)], alpha3: countries.alpha2ToAlpha3(code) };
  });
  const collator = new Intl.Collator('vi');
  list.sort((a, b) =>
    a.code === DEFAULT_NATIONALITY_CODE
      ? -1
      : b.code === DEFAULT_NATIONALITY_CODE
        ? 1
        : collator.compare(a.name, b.name),
  );
  return [...list, ...names.extra];
}

/** Việt Nam first, then by Vietnamese name; former states and "Không quốc tịch" last. */
export const NATIONALITIES: readonly Nationality[] = buildList();

const byAlpha3 = new Map(NATIONALITIES.filter((n) => n.alpha3).map((n) => [n.alpha3!, n.code]));

const index = buildCatalogIndex(NATIONALITIES, {
  codeKey: (input) => {
    const upper = input.toUpperCase();
    if (/^[A-Z]{2}$/.test(upper) || /^[A-Z]{4}$/.test(upper)) return upper;
    if (/^[A-Z]{3}$/.test(upper)) return byAlpha3.get(upper);
    return undefined;
  },
  // Typed in capitals ("MY", "VN", "USA") it is a code; "my" in lower case is the alias "Mỹ".
  codeFirst: (input) => /^[A-Z]{2,4}$/.test(input),
});

/** The entry for a name, alias or ISO code ("Việt Nam", "hoa ky", "Mỹ", "VN", "JPN"); else undefined. */
export function findNationality(input: string): Nationality | undefined {
  return index.find(input);
}

/** Ranked matches for the picker. */
export function suggestNationalities(input: string, limit = 10): Nationality[] {
  return index.suggest(input, limit);
}

/** True when the value is a canonical nationality name as stored in an entry. */
export function isNationalityName(value: string): boolean {
  return index.isName(value);
}
