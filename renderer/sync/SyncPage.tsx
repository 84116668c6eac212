/**
 * "Đồng bộ": where this machine's entries stand with the district hub — the connection, what is
 * sent and waiting, errors with what to do, conflicts with both values — and the ways to move
 * them: "Gửi ngay", a USB package, the hub's USB receipt.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { SessionUser } from '../../shared/accounts/account';
import type { SyncConflictView, SyncProblem, SyncStatus } from '../../shared/sync/sync-status';
import { api, messageOf } from '../api/client';
import { notifyCorrectionsChanged } from '../corrections/events';
import { SyncCorrections } from '../corrections/SyncCorrections';
import { connectionText, formatSyncTime, pushResultText, usbExportText } from './format';
import { useSyncStatus } from './use-sync-status';

/** How often the open panel reads the status. */
const POLL_MS = 3000;

type Outcome = { kind: 'busy' | 'done' | 'failed'; text: string };

/** Runs one action of the panel: "busy" while it runs, then its result (or error) in the outcome line. */
type Runner = <T>(busyText: string, call: () => Promise<T>, done: (result: T) => string) => void;

export function SyncPage({ user }: { user: SessionUser }) {
  const live = useSyncStatus(POLL_MS);
  const { status } = live;
  const [outcome, setOutcome] = useState<Outcome>();
  const run: Runner = (busyText, call, done) => {
    setOutcome({ kind: 'busy', text: busyText });
    call().then(
      (result) => {
        setOutcome({ kind: 'done', text: done(result) });
        live.refresh();
        // A receipt or a push may have brought the district's correction requests.
        notifyCorrectionsChanged();
      },
      (e: unknown) => {
        setOutcome({ kind: 'failed', text: messageOf(e) });
        live.refresh();
      },
    );
  };
  const busy = outcome?.kind === 'busy';
  return (
    <div className="page">
      <header className="app-header">
        <h1>Đồng bộ</h1>
        <a href="#/" className="button-link">
          Về danh sách sổ
        </a>
      </header>
      <main className="sync">
        {live.error && (
          <p role="alert" className="error-box">
            Không đọc được trạng thái đồng bộ: {live.error}
          </p>
        )}
        {!status && !live.error && <p>Đang tải…</p>}
        {status && !status.enrolled && <NotEnrolled isAdmin={user.role === 'admin'} />}
        {status && status.enrolled && (
          <>
            <Connection status={status} />
            <Counts status={status} />
            <SyncCorrections />
          </>
        )}
        {status?.enrolled && <Actions onStatus={live.show} run={run} busy={busy} outcome={outcome} />}
        {status && status.errors.length > 0 && (
          <Problems problems={status.errors} onStatus={live.show} run={run} busy={busy} />
        )}
        {status && status.conflicts.length > 0 && (
          <Conflicts conflicts={status.conflicts} onStatus={live.show} run={run} busy={busy} />
        )}
      </main>
    </div>
  );
}

function NotEnrolled({ isAdmin }: { isAdmin: boolean }) {
  return (
    <section className="empty-state" aria-labelledby="sync-not-enrolled">
      <h2 id="sync-not-enrolled">Máy này chưa kết nối với máy chủ huyện</h2>
      <p>Các trường hợp đã nhập vẫn được lưu trên máy này và sẽ được gửi lên huyện khi máy đã kết nối.</p>
      {isAdmin ? (
        <p>
          Để kết nối, vào <a href="#/cai-dat">Cài đặt → Kết nối huyện</a> và nhập địa chỉ máy chủ huyện cùng mã đăng ký
          do cán bộ huyện cấp.
        </p>
      ) : (
        <p>Hãy nhờ quản trị viên kết nối máy trong Cài đặt → Kết nối huyện.</p>
      )}
    </section>
  );
}

function Connection({ status }: { status: SyncStatus }) {
  const connection = connectionText(status);
  return (
    <section aria-labelledby="sync-connection" className="sync-section">
      <h2 id="sync-connection">Kết nối</h2>
      <dl className="sync-facts">
        <dt>Máy chủ huyện</dt>
        <dd data-testid="sync-hub">{status.hubUrl}</dd>
        <dt>Xã</dt>
        <dd data-testid="sync-commune">
          {status.commune ? `${status.commune.name} (mã ${status.commune.code})` : 'Chưa rõ'}
        </dd>
        <dt>Trạng thái</dt>
        <dd data-testid="sync-online" className={status.online === false ? 'sync-offline' : undefined}>
          {connection.text}
        </dd>
        <dt>Lần đồng bộ thành công gần nhất</dt>
        <dd data-testid="sync-last-success">
          {status.lastSuccessAt ? formatSyncTime(status.lastSuccessAt) : 'Chưa có lần nào'}
        </dd>
      </dl>
      {connection.advice && <p className="sync-advice">{connection.advice}</p>}
    </section>
  );
}

function Counts({ status }: { status: SyncStatus }) {
  return (
    <section aria-labelledby="sync-counts" className="sync-section">
      <h2 id="sync-counts">Dữ liệu</h2>
      <dl className="sync-facts">
        <dt>Trường hợp chờ gửi</dt>
        <dd data-testid="sync-waiting">{status.waiting}</dd>
        <dt>Trường hợp đã gửi</dt>
        <dd data-testid="sync-sent">{status.sent}</dd>
        <dt>Trường hợp bị lỗi (gói bị để riêng, xung đột)</dt>
        <dd data-testid="sync-in-error">{status.books.reduce((n, book) => n + book.errors, 0)}</dd>
        <dt>Tệp scan chờ gửi</dt>
        <dd data-testid="sync-files-waiting">{status.filesWaiting}</dd>
        <dt>Gói đang gửi hoặc chờ gửi lại</dt>
        <dd data-testid="sync-pending-batches">{status.pendingBatches}</dd>
      </dl>
    </section>
  );
}

function Actions({
  onStatus,
  run,
  busy,
  outcome,
}: {
  onStatus: (status: SyncStatus) => void;
  run: Runner;
  busy: boolean;
  outcome: Outcome | undefined;
}) {
  const receiptInput = useRef<HTMLInputElement>(null);

  const pushNow = () =>
    run(
      'Đang gửi lên máy chủ huyện…',
      async () => {
        const result = await api.call('sync.pushNow', {});
        // The receipts may have brought conflicts: say so with the result.
        const after = await api.call('sync.status', {});
        onStatus(after);
        return { result, conflicts: after.conflicts.length };
      },
      ({ result, conflicts }) => pushResultText(result, conflicts),
    );

  const exportUsb = () => run('Đang xuất gói USB…', () => api.call('sync.exportUsb', {}), usbExportText);

  const loadReceipt = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    run(
      `Đang nạp biên nhận ${file.name}…`,
      async () => {
        const receiptJson = await file.text();
        const next = await api.call('sync.applyReceipt', { receiptJson });
        onStatus(next);
        return next;
      },
      (next) => `Đã nạp biên nhận ${file.name}. Còn ${next.waiting} trường hợp chờ gửi.`,
    );
  };

  return (
    <section aria-labelledby="sync-actions" className="sync-section">
      <h2 id="sync-actions">Gửi dữ liệu</h2>
      <div className="actions sync-actions">
        <button type="button" className="primary" onClick={pushNow} disabled={busy}>
          Gửi ngay
        </button>
        <button type="button" onClick={exportUsb} disabled={busy}>
          Xuất gói USB
        </button>
        <button
          type="button"
          onClick={() => receiptInput.current?.click()}
          disabled={busy}
          aria-describedby="sync-receipt-help"
        >
          Nạp biên nhận USB
        </button>
        <input
          ref={receiptInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Tệp biên nhận USB"
          onChange={loadReceipt}
        />
      </div>
      <p id="sync-receipt-help" className="sync-help">
        Khi không có mạng: bấm "Xuất gói USB", chép gói lên huyện; huyện trả lại tệp biên nhận (.json) để nạp vào đây.
      </p>
      <p role="status" aria-live="polite" className={`sync-outcome ${outcome?.kind ?? ''}`} data-testid="sync-outcome">
        {outcome?.kind === 'failed' ? `Chưa xong: ${outcome.text}` : outcome?.text}
      </p>
    </section>
  );
}

function Problems({
  problems,
  onStatus,
  run,
  busy,
}: {
  problems: SyncProblem[];
  onStatus: (status: SyncStatus) => void;
  run: Runner;
  busy: boolean;
}) {
  // "Thử lại": the batch goes back to the queue and is sent at once; the result shows in the
  // panel's outcome line like "Gửi ngay".
  const retry = (batchId: string) =>
    run(
      'Đang gửi lại…',
      async () => {
        onStatus(await api.call('sync.retry', { batchId }));
        const result = await api.call('sync.pushNow', {});
        const after = await api.call('sync.status', {});
        onStatus(after);
        return { result, conflicts: after.conflicts.length };
      },
      ({ result, conflicts }) => pushResultText(result, conflicts),
    );
  return (
    <section aria-labelledby="sync-errors" className="sync-section">
      <h2 id="sync-errors">Lỗi</h2>
      <ul className="sync-problems">
        {problems.map((problem) => (
          <li key={problem.batchId} className="sync-problem" data-batch={problem.batchId}>
            {/* A problem that is not a set-aside batch (a network error being retried, a clock the
                hub flags) says itself what happens next. */}
            <p>
              <strong>{problem.setAside ? 'Gói bị để riêng' : 'Lưu ý'}</strong> ({formatSyncTime(problem.at)}):{' '}
              {problem.message}
            </p>
            {problem.setAside && (
              <>
                <p className="sync-help">Gói này không chặn các gói khác.</p>
                <button type="button" onClick={() => retry(problem.batchId)} disabled={busy}>
                  Thử lại
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Conflicts({
  conflicts,
  onStatus,
  run,
  busy,
}: {
  conflicts: SyncConflictView[];
  onStatus: (status: SyncStatus) => void;
  run: Runner;
  busy: boolean;
}) {
  // Either choice is a new version of the entry (in its history, sent with the hub's version as
  // its base); the other version stays in the hub's history: nothing is overwritten.
  const resolve = (conflict: SyncConflictView, keep: 'local' | 'hub') =>
    run(
      keep === 'hub' ? 'Đang nhận bản của huyện…' : 'Đang giữ bản của máy này…',
      async () => onStatus(await api.call('sync.resolveConflict', { entryId: conflict.entryId, keep })),
      () =>
        keep === 'hub'
          ? `Trường hợp số ${conflict.so} đã lấy theo bản của huyện; bản của máy này vẫn còn trong lịch sử.`
          : `Trường hợp số ${conflict.so} giữ bản của máy này và sẽ được gửi lại lên huyện.`,
    );
  return (
    <section aria-labelledby="sync-conflicts" className="sync-section">
      <h2 id="sync-conflicts">Xung đột</h2>
      <p className="sync-help">
        Máy chủ huyện đã có một phiên bản khác của các trường hợp dưới đây. Không bản nào bị ghi đè: hãy đối chiếu với
        sổ gốc rồi chọn giữ bản của máy này hoặc nhận bản của huyện (bản kia vẫn còn trong lịch sử).
      </p>
      {conflicts.map((conflict) => (
        <article key={conflict.entryId} className="sync-conflict" aria-label={`Xung đột trường hợp số ${conflict.so}`}>
          <h3>
            <a href={`#/so/${conflict.bookId}/tc/${conflict.entryId}`}>
              Trường hợp số {conflict.so}
              {conflict.primaryName ? ` — ${conflict.primaryName}` : ''}
            </a>
          </h3>
          <p>
            Phiên bản trên máy chủ huyện: {conflict.hubVersion}; trên máy này: {conflict.localVersion}.
          </p>
          {conflict.fields.length > 0 ? (
            <table className="data-table">
              <caption className="visually-hidden">Các trường khác nhau của trường hợp số {conflict.so}</caption>
              <thead>
                <tr>
                  <th scope="col">Trường</th>
                  <th scope="col">Trên máy chủ huyện</th>
                  <th scope="col">Trên máy này</th>
                </tr>
              </thead>
              <tbody>
                {conflict.fields.map((field) => (
                  <tr key={field.label}>
                    <th scope="row">{field.label}</th>
                    <td>{field.hub || '(để trống)'}</td>
                    <td>{field.local || '(để trống)'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="sync-help">
              Máy chủ huyện chưa gửi về giá trị của phiên bản {conflict.hubVersion}: hãy xem trường hợp này trên máy chủ
              huyện hoặc hỏi cán bộ huyện, rồi đối chiếu với sổ gốc.
            </p>
          )}
          <div className="sync-conflict-actions">
            <button type="button" onClick={() => resolve(conflict, 'local')} disabled={busy}>
              Giữ bản của máy này
            </button>
            {conflict.fields.length > 0 && (
              <button type="button" onClick={() => resolve(conflict, 'hub')} disabled={busy}>
                Nhận bản của huyện
              </button>
            )}
          </div>
        </article>
      ))}
    </section>
  );
}
