/**
 * Lookup shared by the pickers and the backend: a catalog entry is found by its code, its name or
 * an alias, ignoring case, diacritics, spaces and hyphens ("khơ-me", "kho me", "KHOME" are one key).
 */
import { foldForSearch } from '../text/normalize';

export interface CatalogEntry {
  code: string;
  /** Canonical name: the value stored in an entry. */
  name: string;
  aliases: readonly string[];
}

/** Folded, then without anything but letters and digits: the key for exact matches. */
export function compactKey(value: string): string {
  return foldForSearch(value).replace(/[^a-z0-9]/g, '');
}

/** Folded with words kept apart (hyphens count as spaces): for word-prefix matches. */
function wordsOf(value: string): string[] {
  return foldForSearch(value)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface IndexedEntry<E> {
  entry: E;
  order: number;
  nameKey: string;
  aliasKeys: string[];
  words: string[];
}

export interface CatalogIndex<E extends CatalogEntry> {
  entries: readonly E[];
  /** Exact match on code, name or alias; undefined when nothing (or nothing unambiguous) matches. */
  find(input: string): E | undefined;
  /** Ranked matches for a picker: code, exact name/alias, prefix, word prefix, then substring. */
  suggest(input: string, limit?: number): E[];
  /** True when the value is the canonical name of an entry, as stored. */
  isName(value: string): boolean;
}

/**
 * Builds the index. `codeKey` turns typed text into a code when it looks like one ("1" → "01");
 * `codeFirst` says whether a typed text should be read as a code before a name (see nationalities).
 */
export function buildCatalogIndex<E extends CatalogEntry>(
  entries: readonly E[],
  options: {
    codeKey: (input: string) => string | undefined;
    codeFirst?: (input: string) => boolean;
  },
): CatalogIndex<E> {
  const indexed: IndexedEntry<E>[] = entries.map((entry, order) => ({
    entry,
    order,
    nameKey: compactKey(entry.name),
    aliasKeys: entry.aliases.map(compactKey),
    words: [...new Set([entry.name, ...entry.aliases].flatMap(wordsOf))],
  }));
  const byCode = new Map(entries.map((e) => [e.code.toUpperCase(), e]));
  const byName = new Map<string, E>();
  const byAlias = new Map<string, E>();
  for (const item of indexed) byName.set(item.nameKey, item.entry);
  for (const item of indexed) {
    for (const key of item.aliasKeys) if (!byName.has(key) && !byAlias.has(key)) byAlias.set(key, item.entry);
  }
  const names = new Set(entries.map((e) => e.name));

  function findByCode(input: string): E | undefined {
    const code = options.codeKey(input.trim());
    return code === undefined ? undefined : byCode.get(code.toUpperCase());
  }

  function find(input: string): E | undefined {
    if (typeof input !== 'string' || !input.trim()) return undefined;
    if (options.codeFirst?.(input.trim())) {
      const byCodeFirst = findByCode(input);
      if (byCodeFirst) return byCodeFirst;
    }
    const key = compactKey(input);
    return byName.get(key) ?? byAlias.get(key) ?? findByCode(input);
  }

  function suggest(input: string, limit = 10): E[] {
    const text = typeof input === 'string' ? input.trim() : '';
    if (!text) return entries.slice(0, limit);
    const key = compactKey(text);
    const typedWords = wordsOf(text);
    const code = findByCode(text);
    const ranked: { entry: E; rank: number; order: number }[] = [];
    for (const item of indexed) {
      let rank: number | undefined;
      if (code === item.entry) rank = 0;
      else if (item.nameKey === key || item.aliasKeys.includes(key)) rank = 1;
      else if (key && item.nameKey.startsWith(key)) rank = 2;
      else if (key && item.aliasKeys.some((k) => k.startsWith(key))) rank = 3;
      else if (typedWords.length > 0 && typedWords.every((w) => item.words.some((iw) => iw.startsWith(w)))) rank = 4;
      else if (key && (item.nameKey.includes(key) || item.aliasKeys.some((k) => k.includes(key)))) rank = 5;
      if (rank !== undefined) ranked.push({ entry: item.entry, rank, order: item.order });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
    return ranked.slice(0, limit).map((r) => r.entry);
  }

  return { entries, find, suggest, isName: (value) => names.has(value) };
}
