/**
 * What the district review needs to know about one entry as the hub received it (issue 11): its
 * data upgraded to the current schema, the warnings the book type's rules give, why it must be
 * inspected whatever the random draw says, the fields the reviewer judges, and how a blind read
 * is compared with the clerk's value. Written once here for the hub's review service and tests.
 */
import { parseIsoPartialDate, parseTypedDate, toIso } from '../dates/partial-date';
import { flatten } from '../records/diff';
import { FIELD_LABELS } from '../records/labels';
import { markedPaths, textAt } from '../records/marks';
import { recordTypeFor } from '../records/registry';
import { upgradeRecordData, type RecordData } from '../records/upgrades';
import { nfc } from '../text/normalize';
import { criticalFieldPaths } from './critical';
import type { SampleReason } from './review';

export interface EntryFacts {
  /** The data upgraded to the current schema version of its book type. */
  data: RecordData;
  /** The rules' warnings (and, for data the rules refuse, their errors), each with its field path. */
  warnings: { path: string; message: string }[];
  /** The always-inspected reasons, in SAMPLE_REASONS order (never 'random'). */
  reasons: SampleReason[];
}

/** Keys of an entry's data that are bookkeeping, not fields the clerk typed from the page. */
const BOOKKEEPING = new Set(['danhDau', 'trungSoLyDo']);

export function entryFacts(input: {
  bookType: string;
  schemaVersion: number;
  version: number;
  data: RecordData;
  bookOpenedOn?: string | null;
}): EntryFacts {
  const { data } = upgradeRecordData(input.bookType, input.schemaVersion, input.data);
  const found: { path: string; message: string }[] = [];
  const add = (path: readonly PropertyKey[], message: string) =>
    found.push({ path: path.map(String).join('.'), message });
  const recordType = recordTypeFor(input.bookType);
  if (recordType) {
    const parsed = recordType.schema.safeParse(data);
    if (parsed.success) {
      try {
        const context = input.bookOpenedOn ? { bookOpenedOn: input.bookOpenedOn } : {};
        for (const issue of recordType.warnings(parsed.data, context)) add(issue.path, issue.message);
      } catch {
        // A rule that cannot read this data gives no warning; the reviewer still sees every field.
      }
    } else {
      // Data the rules refuse (typed under older rules) is certainly worth inspecting.
      for (const issue of parsed.error.issues) add(issue.path, issue.message);
    }
  }
  const reasons: SampleReason[] = [];
  const warnings = found.filter((w, i) => found.findIndex((o) => o.message === w.message) === i);
  if (warnings.length > 0) reasons.push('warning');
  if (markedPaths(data).some(({ mark }) => mark.docChuaChac === true || mark.khongDocDuoc === true)) {
    reasons.push('uncertain');
  }
  if (textAt(data, ['trungSoLyDo']) !== '') reasons.push('duplicate');
  if (input.version > 1) reasons.push('edited');
  return { data, warnings, reasons };
}

/**
 * The warnings a reviewer may see. Before the blind read of the critical fields, a warning that is
 * about one of them, or that quotes any part of their values (a year, a word of a name), is held
 * back and counted in one line instead: the reviewer must read those fields without a hint.
 */
export function visibleWarnings(
  bookType: string,
  facts: Pick<EntryFacts, 'data' | 'warnings'>,
  blindPending: boolean,
): string[] {
  if (!blindPending) return facts.warnings.map((w) => w.message);
  const critical = criticalFieldPaths(bookType);
  const tokens = new Set<string>();
  const flat = flatten(facts.data);
  for (const path of critical) {
    const value = flat[path];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = normalizeRead(String(value)).toLocaleLowerCase('vi');
    if (text) tokens.add(text);
    // Years and long numbers, and the words of a name (a day or month alone says little).
    for (const part of text.split(/[\s/.,-]+/))
      if (/^\d+$/.test(part) ? part.length >= 4 : part.length >= 2) tokens.add(part);
  }
  const shown: string[] = [];
  let held = 0;
  for (const w of facts.warnings) {
    const message = w.message.toLocaleLowerCase('vi');
    const quotes = [...tokens].some((t) =>
      /^\d+$/.test(t) ? new RegExp(`(^|\\D)${t}(\\D|$)`).test(message) : message.includes(t),
    );
    if (critical.some((p) => w.path === p || w.path.startsWith(`${p}.`)) || quotes) held++;
    else shown.push(w.message);
  }
  if (held > 0) shown.push(`${held} cảnh báo về các ô quan trọng sẽ hiện sau khi đọc đối chiếu.`);
  return shown;
}

const FIELD_ORDER = new Map(Object.keys(FIELD_LABELS).map((key, i) => [key, i]));

/** Orders dotted paths as the books print them (FIELD_LABELS order, list items by position). */
export function compareFieldPaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    const rx = FIELD_ORDER.get(x) ?? Number.MAX_SAFE_INTEGER;
    const ry = FIELD_ORDER.get(y) ?? Number.MAX_SAFE_INTEGER;
    if (rx !== ry) return rx - ry;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * The fields the reviewer judges on an entry: its critical fields first (always, even when empty),
 * then every other field the clerk typed, in the book's order. Marks and the duplicate reason are
 * bookkeeping (shown with their field, not judged).
 */
export function reviewFieldPaths(bookType: string, data: RecordData): string[] {
  const critical = criticalFieldPaths(bookType);
  const typed = Object.entries(flatten(data))
    .filter(([path, value]) => !BOOKKEEPING.has(path.split('.')[0]!) && value !== undefined)
    .map(([path]) => path)
    .filter((path) => !critical.includes(path))
    .sort(compareFieldPaths);
  return [...critical, ...typed];
}

/** NFC, trimmed, inner spaces collapsed. */
export function normalizeRead(value: string): string {
  return nfc(value).trim().replace(/\s+/g, ' ');
}

const isDateField = (path: string): boolean => /^ngay/.test(path.split('.').pop() ?? '');
const isNameField = (path: string): boolean => path.split('.').pop() === 'hoTen';

/**
 * Whether what the reviewer read blind on the page agrees with the clerk's stored value: both
 * normalized (normalizeRead); names compared without regard to case; dates compared as partial
 * dates (5/3/1990 = 05/03/1990 = the stored 1990-03-05); an empty read agrees with an empty field.
 */
export function blindReadMatches(path: string, stored: unknown, read: string): boolean {
  const typed = typeof stored === 'string' || typeof stored === 'number' ? normalizeRead(String(stored)) : '';
  const seen = normalizeRead(read);
  if (typed === seen) return true;
  if (isDateField(path)) {
    const a = parseIsoPartialDate(typed) ?? parseTypedDate(typed);
    const b = parseTypedDate(seen);
    return a !== undefined && b !== undefined && toIso(a) === toIso(b);
  }
  if (isNameField(path)) return typed.toLocaleLowerCase('vi') === seen.toLocaleLowerCase('vi');
  return false;
}
