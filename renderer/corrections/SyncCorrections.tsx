/**
 * The sync screen's line on the district's correction requests: how many are still unanswered and
 * how many answers wait to be sent (they go with the next batch, network or USB).
 */
import { answersWaiting } from './group';
import { useCorrections } from './use-corrections';

export function SyncCorrections() {
  const corrections = useCorrections({});
  const all = corrections.data ?? [];
  if (all.length === 0) return null;
  const open = all.filter((c) => c.state === 'open').length;
  return (
    <section aria-labelledby="sync-corrections" className="sync-section">
      <h2 id="sync-corrections">Yêu cầu sửa của huyện</h2>
      <dl className="sync-facts">
        <dt>Chưa trả lời</dt>
        <dd data-testid="sync-corrections-open">{open}</dd>
        <dt>Câu trả lời chờ gửi lên huyện</dt>
        <dd data-testid="sync-corrections-waiting">{answersWaiting(all)}</dd>
      </dl>
      <p className="sync-help">
        Xem và trả lời trong <a href="#/can-sua">Cần sửa</a>. Câu trả lời được gửi cùng lần gửi dữ liệu tiếp theo.
      </p>
    </section>
  );
}
