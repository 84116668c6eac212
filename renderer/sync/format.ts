/** The words the sync screens show for the numbers of SyncStatus (pure, so they are unit-tested). */
import {
  formatSyncTime,
  type BookSyncState,
  type PushResult,
  type SyncStatus,
  type UsbExportResult,
} from '../../shared/sync/sync-status';

export { formatSyncTime };

export type SyncTone = 'sent' | 'waiting' | 'error' | 'none';

/** A book's line in the book list: words first, the colour only repeats them. */
export function bookSyncText(state: BookSyncState | undefined): { text: string; tone: SyncTone } {
  if (!state || state.sent + state.waiting + state.errors === 0) return { text: 'Chưa có trường hợp', tone: 'none' };
  if (state.waiting === 0 && state.errors === 0) return { text: `Đã gửi hết (${state.sent})`, tone: 'sent' };
  const parts = [`Đã gửi ${state.sent}`];
  if (state.waiting > 0) parts.push(`chờ ${state.waiting}`);
  if (state.errors > 0) parts.push(`lỗi ${state.errors}`);
  return { text: parts.join(' · '), tone: state.errors > 0 ? 'error' : 'waiting' };
}

/** Whether the hub answers, in words, with what to do when it does not. */
export function connectionText(status: Pick<SyncStatus, 'enrolled' | 'online'>): { text: string; advice?: string } {
  if (!status.enrolled) return { text: 'Chưa kết nối với máy chủ huyện' };
  if (status.online === null) return { text: 'Chưa kiểm tra kết nối' };
  if (status.online) return { text: 'Kết nối được máy chủ huyện' };
  return {
    text: 'Không kết nối được máy chủ huyện',
    advice:
      'Các trường hợp vẫn được giữ trên máy này và sẽ tự gửi khi kết nối lại. Hãy kiểm tra mạng hoặc hỏi cán bộ huyện; nếu lâu không có mạng, dùng "Xuất gói USB".',
  };
}

/** What "Gửi ngay" did; `conflicts`: how many entries the status shows in conflict afterwards. */
export function pushResultText(result: PushResult, conflicts = 0): string {
  const failed = result.errors.length > 0;
  const sent =
    result.committed > 0
      ? `Máy chủ huyện đã nhận ${result.committed} gói.`
      : failed
        ? 'Chưa gửi được.'
        : result.waiting === 0 && conflicts === 0
          ? 'Không có gì cần gửi.'
          : 'Không có gói nào được gửi.';
  // "Nothing left waiting" only when nothing is in error or conflict either: those entries are
  // not waiting, but they are not sent.
  const left =
    result.waiting > 0
      ? `Còn ${result.waiting} trường hợp chờ gửi.`
      : failed || conflicts > 0
        ? ''
        : 'Không còn trường hợp nào chờ gửi.';
  const problems = failed ? `Có ${result.errors.length} lỗi: xem mục "Lỗi" bên dưới.` : '';
  const conflicting = conflicts > 0 ? `Có ${conflicts} trường hợp xung đột: xem mục "Xung đột" bên dưới.` : '';
  return [sent, left, problems, conflicting].filter(Boolean).join(' ');
}

/** What "Xuất gói USB" wrote, and what to do with it. */
export function usbExportText(result: UsbExportResult): string {
  if (result.entries === 0 && result.files === 0) {
    return 'Không có trường hợp nào chờ gửi: không có gói USB nào được xuất.';
  }
  return `Đã xuất gói USB (${result.entries} trường hợp, ${result.files} tệp scan) vào thư mục: ${result.path}. Hãy chép tệp .zip trong thư mục này sang USB và mang lên huyện.`;
}
