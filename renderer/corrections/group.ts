/**
 * How the "Cần sửa" screen orders the district's requests: open ones by book, then by entry (in
 * page order), each entry's requests in the order they were made; answered ones, latest first.
 */
import type { DesktopCorrection } from '../../shared/review/corrections';

export interface EntryRequests {
  entryId: string;
  entryLabel: string | null;
  pageNo: number | null;
  requests: DesktopCorrection[];
}

export interface BookRequests {
  bookId: string;
  entries: EntryRequests[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function groupOpenRequests(corrections: readonly DesktopCorrection[]): BookRequests[] {
  const books = new Map<string, Map<string, EntryRequests>>();
  for (const c of corrections) {
    if (c.state !== 'open') continue;
    const entries = books.get(c.bookId) ?? new Map<string, EntryRequests>();
    books.set(c.bookId, entries);
    const entry = entries.get(c.entryId) ?? {
      entryId: c.entryId,
      entryLabel: c.entryLabel,
      pageNo: c.pageNo,
      requests: [],
    };
    entries.set(c.entryId, entry);
    entry.requests.push(c);
  }
  return [...books].map(([bookId, entries]) => ({
    bookId,
    entries: [...entries.values()]
      .map((e) => ({
        ...e,
        requests: [...e.requests].sort((a, b) => byText(a.requestedAt, b.requestedAt) || byText(a.field, b.field)),
      }))
      .sort(
        (a, b) =>
          (a.pageNo ?? Number.MAX_SAFE_INTEGER) - (b.pageNo ?? Number.MAX_SAFE_INTEGER) ||
          byText(a.entryLabel ?? '', b.entryLabel ?? ''),
      ),
  }));
}

export function answeredRequests(corrections: readonly DesktopCorrection[]): DesktopCorrection[] {
  return corrections
    .filter((c) => c.state === 'answered' && c.answer)
    .sort((a, b) => byText(b.answer!.answeredAt, a.answer!.answeredAt));
}

/** Answers given here that the hub has not acknowledged yet (they go with the next batch). */
export function answersWaiting(corrections: readonly DesktopCorrection[]): number {
  return corrections.filter((c) => c.answer && !c.answer.sent).length;
}
