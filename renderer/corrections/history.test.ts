import { describe, expect, it } from 'vitest';
import type { DesktopCorrection } from '../../shared/review/corrections';
import { correctionHistory } from './history';

const base: DesktopCorrection = {
  id: '00000000-0000-4000-8000-000000000001',
  lotId: '00000000-0000-4000-8000-0000000000ff',
  bookId: '00000000-0000-4000-8000-00000000000a',
  entryId: '00000000-0000-4000-8000-00000000000e',
  entryVersion: 1,
  field: 'nguoiDuocGiamHo.hoTen',
  fieldLabel: '',
  typedValue: 'Nguyễn Thị Phượng',
  readValue: 'Nguyễn Thị Phương',
  note: 'Sổ không có dấu nặng',
  requestedAt: '2026-11-20T08:00:00.000Z',
  requestedBy: 'Phạm Thị Kiểm',
  state: 'open',
  entryLabel: 'Số 01/2018 — Nguyễn Thị Phượng',
  currentValue: 'Nguyễn Thị Phượng',
  pageNo: 2,
  pageId: null,
  rect: null,
  receivedAt: '2026-11-21T08:00:00.000Z',
  answer: null,
};

describe('the district’s exchange in an entry’s history', () => {
  it('shows each request, and each answer after it, in time order, with the field named by this app when the hub gave no label', () => {
    const corrected: DesktopCorrection = {
      ...base,
      state: 'answered',
      answer: {
        kind: 'corrected',
        reason: '',
        entryVersion: 2,
        answeredAt: '2026-11-22T08:00:00.000Z',
        answeredBy: 'lan',
        sent: false,
      },
    };
    const kept: DesktopCorrection = {
      ...base,
      id: '00000000-0000-4000-8000-000000000002',
      field: 'so',
      fieldLabel: 'Số',
      typedValue: '01/2018',
      readValue: '',
      note: '',
      requestedAt: '2026-11-20T09:00:00.000Z',
      state: 'answered',
      answer: {
        kind: 'kept',
        reason: 'Đúng với sổ',
        entryVersion: null,
        answeredAt: '2026-11-21T09:00:00.000Z',
        answeredBy: 'lan',
        sent: true,
      },
    };
    const lines = correctionHistory([corrected, kept]);
    expect(lines.map((l) => [l.at, l.actor, l.title, l.detail])).toEqual([
      [
        '2026-11-20T08:00:00.000Z',
        'Phạm Thị Kiểm',
        'Huyện yêu cầu sửa (phiên bản 1)',
        'Người được giám hộ › Họ, chữ đệm, tên: đã nhập “Nguyễn Thị Phượng”, huyện đọc là “Nguyễn Thị Phương” — Sổ không có dấu nặng',
      ],
      [
        '2026-11-20T09:00:00.000Z',
        'Phạm Thị Kiểm',
        'Huyện yêu cầu sửa (phiên bản 1)',
        'Số: đã nhập “01/2018”, huyện đọc là “(trống)”',
      ],
      ['2026-11-21T09:00:00.000Z', 'lan', 'Trả lời yêu cầu sửa: Giữ nguyên', 'Số — lý do: Đúng với sổ'],
      [
        '2026-11-22T08:00:00.000Z',
        'lan',
        'Trả lời yêu cầu sửa: Đã sửa (phiên bản 2)',
        'Người được giám hộ › Họ, chữ đệm, tên',
      ],
    ]);
    expect(correctionHistory([base])).toHaveLength(1);
  });
});
