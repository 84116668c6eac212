/**
 * Recognizes the names file managers and browsers give to copies of a file, so that when a
 * folder holds the same scan twice, the original name is the one kept: "p1.jpg" rather than
 * "p1-copy.jpg", "p1 (1).jpg", "p1 - Copy.jpg", "p1 - Bản sao.jpg" (Windows in Vietnamese),
 * "p1 copy 2.jpg" (macOS) or "p1 (another copy).jpg" (GNOME).
 */

/** What may follow the original's name (before the extension) in a copy's name. */
const COPY_SUFFIX =
  /^(?:\s*[-_]?\s*\(?\s*(?:copy|bản sao|ban sao|another copy|\d+(?:st|nd|rd|th) copy)\s*\)?(?:\s*\(?\s*\d+\s*\)?)?|\s*\(\d+\))$/iu;

function splitName(name: string): { stem: string; ext: string } {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? { stem: base.slice(0, dot), ext: base.slice(dot).toLowerCase() } : { stem: base, ext: '' };
}

/** Whether `name` looks like a copy of `original` (same extension, the original's name plus a copy suffix). */
export function isCopyName(name: string, original: string): boolean {
  const copy = splitName(name);
  const of = splitName(original);
  if (copy.ext !== of.ext || of.stem === '') return false;
  if (copy.stem.slice(0, of.stem.length).toLowerCase() !== of.stem.toLowerCase()) return false;
  const rest = copy.stem.slice(of.stem.length);
  return rest !== '' && COPY_SUFFIX.test(rest);
}
