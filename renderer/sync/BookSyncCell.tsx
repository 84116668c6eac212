/** A book's sync state in the book list: words ("Đã gửi 3 · chờ 2 · lỗi 1"), the colour repeats them. */
import type { BookSyncState } from '../../shared/sync/sync-status';
import { bookSyncText } from './format';

export function BookSyncCell({ state }: { state: BookSyncState | undefined }) {
  const { text, tone } = bookSyncText(state);
  return (
    <td className={`book-sync ${tone}`} data-testid="book-sync">
      {text}
    </td>
  );
}
