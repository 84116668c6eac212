/**
 * Cài đặt → Kết nối huyện: the administrator enrolls this machine with the district hub, with the
 * hub's address and the one-time code the district gave. Once enrolled it shows the connection.
 */
import { useState, type FormEvent } from 'react';
import { ApiCallError } from '../../shared/api/errors';
import { enrollInput } from '../../shared/sync/sync-status';
import { api, messageOf } from '../api/client';
import { FormAlert } from '../accounts/fields';
import { formatSyncTime } from './format';
import { useSyncStatus } from './use-sync-status';

export function HubConnection() {
  // The connection changes rarely: read it now and then, not every few seconds.
  const live = useSyncStatus(15_000);
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  /** An enrolled machine shows its connection; the form comes back only when asked for. */
  const [reenrolling, setReenrolling] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    // The same rules as the backend's, before a round trip.
    const parsed = enrollInput.safeParse({ hubUrl, code });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    setBusy(true);
    api.call('sync.enroll', parsed.data).then(
      (status) => {
        setBusy(false);
        setCode('');
        setReenrolling(false);
        live.show(status);
        setNotice(
          `Đã kết nối máy này với máy chủ huyện${status.commune ? ` cho ${status.commune.name} (mã ${status.commune.code})` : ''}.`,
        );
      },
      (e: unknown) => {
        setBusy(false);
        // Not reached: say what to check, here where the address was typed.
        const unreachable = e instanceof ApiCallError && e.code === 'HUB_UNREACHABLE';
        setError(
          unreachable
            ? `${messageOf(e)} Hãy kiểm tra địa chỉ máy chủ (hỏi cán bộ huyện) và kết nối mạng của máy này.`
            : messageOf(e),
        );
      },
    );
  };

  const status = live.status;
  return (
    <section aria-labelledby="hub-connection" className="settings-section">
      <h2 id="hub-connection">Kết nối huyện</h2>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {live.error && <FormAlert error={`Không đọc được trạng thái kết nối: ${live.error}`} />}
      {!status && !live.error && <p>Đang tải…</p>}
      {status?.enrolled && (
        <dl className="sync-facts" data-testid="hub-enrolled">
          <dt>Máy chủ huyện</dt>
          <dd>{status.hubUrl}</dd>
          <dt>Xã</dt>
          <dd>{status.commune ? `${status.commune.name} (mã ${status.commune.code})` : 'Chưa rõ'}</dd>
          <dt>Lần đồng bộ thành công gần nhất</dt>
          <dd>{status.lastSuccessAt ? formatSyncTime(status.lastSuccessAt) : 'Chưa có lần nào'}</dd>
        </dl>
      )}
      {status?.enrolled && !reenrolling && (
        <>
          <p>
            Máy này đã kết nối. Xem việc gửi dữ liệu trong <a href="#/dong-bo">Đồng bộ</a>.
          </p>
          <button
            type="button"
            onClick={() => {
              setNotice(undefined);
              setHubUrl(status.hubUrl ?? '');
              setReenrolling(true);
            }}
          >
            Đăng ký lại
          </button>
        </>
      )}
      {status?.enrolled && reenrolling && (
        <p className="sync-advice" data-testid="hub-reenroll-warning">
          Máy này đã kết nối với {status.hubUrl}
          {status.commune ? ` (${status.commune.name})` : ''}. Chỉ đăng ký lại khi huyện đã cấp mã mới (ví dụ máy chủ
          huyện đổi địa chỉ). Nếu đăng ký với máy chủ hoặc xã khác, toàn bộ trường hợp sẽ được gửi lại từ đầu.
        </p>
      )}
      {status && (!status.enrolled || reenrolling) && (
        <form onSubmit={submit} className="auth-form hub-enroll" aria-labelledby="hub-connection">
          <p>
            Nhập địa chỉ máy chủ huyện và mã đăng ký do cán bộ huyện cấp (mỗi mã chỉ dùng một lần). Sau khi kết nối, các
            trường hợp đã nhập được gửi lên huyện mỗi khi có mạng.
          </p>
          <label>
            Địa chỉ máy chủ huyện
            <input
              value={hubUrl}
              onChange={(e) => setHubUrl(e.target.value)}
              placeholder="http://192.168.1.10:8080/"
              inputMode="url"
              autoComplete="off"
              required
            />
          </label>
          <label>
            Mã đăng ký
            <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required />
          </label>
          <FormAlert error={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Đang kết nối…' : 'Kết nối'}
            </button>
            {reenrolling && (
              <button type="button" onClick={() => setReenrolling(false)} disabled={busy}>
                Hủy
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
