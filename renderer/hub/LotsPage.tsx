/** The lots: one per book as received, with its state, size, review progress and defective count. */
import { useCallback, useMemo, useState } from 'react';
import { LOT_STATE_LABELS, LOT_STATES, type LotState } from '../../shared/review/review';
import { call } from './api';
import { formatTime } from './format';
import { href } from './routes';
import { useLoad } from './use-load';

export function LotsPage() {
  const [state, setState] = useState<LotState | ''>('');
  const [text, setText] = useState('');
  const load = useCallback(() => call('lots.list', state ? { state } : {}), [state]);
  const lots = useLoad(load);
  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase('vi');
    const all = lots.data ?? [];
    if (!needle) return all;
    return all.filter((lot) =>
      `${lot.communeCode} ${lot.communeName} ${lot.bookLabel} ${lot.bookType}`.toLocaleLowerCase('vi').includes(needle),
    );
  }, [lots.data, text]);

  return (
    <section aria-labelledby="lots-title">
      <h1 id="lots-title">Lô kiểm tra</h1>
      <div className="hub-filters">
        <label>
          Trạng thái
          <select value={state} onChange={(e) => setState(e.target.value as LotState | '')}>
            <option value="">Tất cả</option>
            {LOT_STATES.map((s) => (
              <option key={s} value={s}>
                {LOT_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Xã hoặc sổ
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      {lots.error && (
        <p role="alert" className="error-box">
          {lots.error}
        </p>
      )}
      {lots.loading && !lots.data && <p>Đang tải…</p>}
      {lots.data && shown.length === 0 && <p className="empty-state">Không có lô nào.</p>}
      {shown.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">Danh sách lô kiểm tra</caption>
          <thead>
            <tr>
              <th scope="col">Xã</th>
              <th scope="col">Sổ</th>
              <th scope="col">Cỡ lô</th>
              <th scope="col">Tiến độ</th>
              <th scope="col">Mục lỗi</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Nhận lúc</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((lot) => (
              <tr key={lot.id}>
                <td>
                  {lot.communeName} ({lot.communeCode})
                </td>
                <td>
                  <a href={href({ name: 'lot', lotId: lot.id })}>{lot.bookLabel}</a>
                </td>
                <td>{lot.lotSize}</td>
                <td>
                  {lot.progress.sampled === 0 ? (
                    'Chưa rút mẫu'
                  ) : (
                    <>
                      <progress
                        max={lot.progress.sampled}
                        value={lot.progress.judged}
                        aria-label={`Đã kiểm ${lot.progress.judged}/${lot.progress.sampled} mục`}
                      />{' '}
                      {lot.progress.judged}/{lot.progress.sampled}
                    </>
                  )}
                </td>
                <td>{lot.defective}</td>
                <td>
                  <span className={`lot-state lot-state-${lot.state}`}>{LOT_STATE_LABELS[lot.state]}</span>
                </td>
                <td>{formatTime(lot.receivedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
