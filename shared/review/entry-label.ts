/**
 * How a reviewed entry is named in lists, the review screen and the acceptance minutes:
 * "Số 05/2018 — Nguyễn Văn A" (registration number, then the person the entry is about; for a
 * divorce note both spouses). Read defensively: the data may come from an older schema.
 */
import { peopleOf } from '../records/people';

export function reviewEntryLabel(bookType: string, data: Record<string, unknown>): string {
  const so = typeof data.so === 'string' && data.so.trim() ? `Số ${data.so.trim()}` : 'Chưa có số';
  const people = peopleOf(bookType, data);
  const names = bookType === 'LH' ? people.map((p) => p.name) : people.slice(0, 1).map((p) => p.name);
  return names.length > 0 ? `${so} — ${names.join(', ')}` : so;
}
