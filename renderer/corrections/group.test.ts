import { describe, expect, it } from 'vitest';
import type { DesktopCorrection } from '../../shared/review/corrections';
import { answeredRequests, answersWaiting, groupOpenRequests } from './group';

const BOOK_A = '00000000-0000-4000-8000-00000000000a';
const BOOK_B = '00000000-0000-4000-8000-00000000000b';

let n = 0;
function correction(over: Partial<DesktopCorrection>): DesktopCorrection {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    lotId: '00000000-0000-4000-8000-0000000000ff',
    bookId: BOOK_A,
    entryId: 'e1',
    entryVersion: 1,
    field: 'so',
    fieldLabel: 'Số',
    typedValue: '01/2018',
    readValue: '07/2018',
    note: '',
    requestedAt: '2026-11-20T08:00:00.000Z',
    requestedBy: 'Kiểm tra viên',
    state: 'open',
    entryLabel: 'Số 01/2018',
    currentValue: '01/2018',
    pageNo: 1,
    pageId: null,
    rect: null,
    receivedAt: '2026-11-21T08:00:00.000Z',
    answer: null,
    ...over,
  };
}

describe('grouping the district’s requests for the Cần sửa screen', () => {
  it('groups open requests by book, then entry in page order, requests in the order they were made', () => {
    const late = correction({ entryId: 'e1', field: 'nguoi.hoTen', requestedAt: '2026-11-20T09:00:00.000Z' });
    const early = correction({ entryId: 'e1', field: 'so', requestedAt: '2026-11-20T08:00:00.000Z' });
    const page3 = correction({ entryId: 'e2', entryLabel: 'Số 02/2018', pageNo: 3 });
    const page1 = correction({ entryId: 'e3', entryLabel: 'Số 03/2018', pageNo: 1 });
    const gone = correction({ entryId: 'e4', entryLabel: null, pageNo: null });
    const otherBook = correction({ bookId: BOOK_B, entryId: 'e9' });
    const answered = correction({
      entryId: 'e5',
      state: 'answered',
      answer: {
        kind: 'kept',
        reason: 'Đúng với sổ',
        entryVersion: null,
        answeredAt: '2026-11-22T08:00:00.000Z',
        answeredBy: 'lan',
        sent: false,
      },
    });
    const groups = groupOpenRequests([late, page3, otherBook, gone, early, answered, page1]);
    expect(groups.map((g) => g.bookId)).toEqual([BOOK_A, BOOK_B]);
    expect(groups[0]!.entries.map((e) => e.entryId)).toEqual(['e1', 'e3', 'e2', 'e4']);
    expect(groups[0]!.entries[0]!.requests.map((r) => r.id)).toEqual([early.id, late.id]);
    expect(groups[1]!.entries.map((e) => e.entryId)).toEqual(['e9']);
  });

  it('lists answered requests latest first and counts the answers not yet sent', () => {
    const answer = (answeredAt: string, sent: boolean) => ({
      kind: 'corrected' as const,
      reason: '',
      entryVersion: 2,
      answeredAt,
      answeredBy: 'lan',
      sent,
    });
    const older = correction({ state: 'answered', answer: answer('2026-11-22T08:00:00.000Z', true) });
    const newer = correction({ state: 'answered', answer: answer('2026-11-23T08:00:00.000Z', false) });
    const open = correction({});
    expect(answeredRequests([older, open, newer]).map((r) => r.id)).toEqual([newer.id, older.id]);
    expect(answersWaiting([older, open, newer])).toBe(1);
  });
});
