import { describe, expect, it } from 'vitest';
import { bookSyncText, connectionText, formatSyncTime, pushResultText, usbExportText } from './format';

describe('sync screen words', () => {
  it('writes a time as hour:minute ngày day/month/year, in local time', () => {
    const local = new Date(2026, 10, 3, 7, 5, 0);
    expect(formatSyncTime(local.toISOString())).toBe('07:05 ngày 03/11/2026');
    expect(formatSyncTime('không phải ngày')).toBe('không phải ngày');
  });

  it('names what a book has sent, waiting and in error, in words', () => {
    expect(bookSyncText(undefined)).toEqual({ text: 'Chưa có trường hợp', tone: 'none' });
    expect(bookSyncText({ bookId: 'b', sent: 0, waiting: 0, errors: 0 }).tone).toBe('none');
    expect(bookSyncText({ bookId: 'b', sent: 5, waiting: 0, errors: 0 })).toEqual({
      text: 'Đã gửi hết (5)',
      tone: 'sent',
    });
    expect(bookSyncText({ bookId: 'b', sent: 3, waiting: 2, errors: 0 })).toEqual({
      text: 'Đã gửi 3 · chờ 2',
      tone: 'waiting',
    });
    expect(bookSyncText({ bookId: 'b', sent: 0, waiting: 1, errors: 4 })).toEqual({
      text: 'Đã gửi 0 · chờ 1 · lỗi 4',
      tone: 'error',
    });
  });

  it('says what to do when the hub does not answer', () => {
    expect(connectionText({ enrolled: false, online: null }).text).toBe('Chưa kết nối với máy chủ huyện');
    expect(connectionText({ enrolled: true, online: null }).text).toBe('Chưa kiểm tra kết nối');
    expect(connectionText({ enrolled: true, online: true })).toEqual({ text: 'Kết nối được máy chủ huyện' });
    const offline = connectionText({ enrolled: true, online: false });
    expect(offline.text).toBe('Không kết nối được máy chủ huyện');
    expect(offline.advice).toContain('Xuất gói USB');
  });

  it('sums up a push', () => {
    expect(pushResultText({ committed: 2, waiting: 0, errors: [] })).toBe(
      'Máy chủ huyện đã nhận 2 gói. Không còn trường hợp nào chờ gửi.',
    );
    expect(
      pushResultText({
        committed: 0,
        waiting: 3,
        errors: [{ batchId: 'x', at: '2026-11-30T00:00:00Z', message: 'Lỗi', setAside: true }],
      }),
    ).toBe('Chưa gửi được. Còn 3 trường hợp chờ gửi. Có 1 lỗi: xem mục "Lỗi" bên dưới.');
    // Entries of a set-aside batch are not waiting, but not sent either: no "nothing left".
    expect(
      pushResultText({
        committed: 1,
        waiting: 0,
        errors: [{ batchId: 'x', at: '2026-11-30T00:00:00Z', message: 'Lỗi', setAside: true }],
      }),
    ).toBe('Máy chủ huyện đã nhận 1 gói. Có 1 lỗi: xem mục "Lỗi" bên dưới.');
    expect(pushResultText({ committed: 1, waiting: 0, errors: [] }, 2)).toBe(
      'Máy chủ huyện đã nhận 1 gói. Có 2 trường hợp xung đột: xem mục "Xung đột" bên dưới.',
    );
    expect(pushResultText({ committed: 0, waiting: 0, errors: [] })).toBe(
      'Không có gì cần gửi. Không còn trường hợp nào chờ gửi.',
    );
  });

  it('says where the USB package went, or that there was nothing to write', () => {
    expect(usbExportText({ path: '/du-lieu/dong-bo', entries: 3, files: 2 })).toBe(
      'Đã xuất gói USB (3 trường hợp, 2 tệp scan) vào thư mục: /du-lieu/dong-bo. Hãy chép tệp .zip trong thư mục này sang USB và mang lên huyện.',
    );
    expect(usbExportText({ path: '/du-lieu/dong-bo', entries: 0, files: 0 })).toBe(
      'Không có trường hợp nào chờ gửi: không có gói USB nào được xuất.',
    );
  });
});
