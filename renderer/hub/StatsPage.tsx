/** Error rates per clerk, per book and per field over a period: tables and bar charts. */
import { useCallback, useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { ErrorRateRow } from '../../shared/review/hub-api';
import { call } from './api';
import { formatRate } from './format';
import { useLoad } from './use-load';

interface Period {
  from?: string;
  to?: string;
}

export function StatsPage() {
  const [period, setPeriod] = useState<Period>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const load = useCallback(() => call('stats.errorRates', period), [period]);
  const stats = useLoad(load);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPeriod({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">Thống kê lỗi</h1>
      <form onSubmit={apply} className="hub-filters">
        <label>
          Từ ngày
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Đến ngày
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">Xem</button>
      </form>
      {stats.error && (
        <p role="alert" className="error-box">
          {stats.error}
        </p>
      )}
      {stats.loading && !stats.data && <p>Đang tải…</p>}
      {stats.data && (
        <>
          <RateBlock id="by-clerk" title="Theo cán bộ nhập" keyLabel="Cán bộ" rows={stats.data.byClerk} />
          <RateBlock id="by-book" title="Theo sổ" keyLabel="Sổ" rows={stats.data.byBook} />
          <RateBlock id="by-field" title="Theo ô" keyLabel="Ô" rows={stats.data.byField} />
        </>
      )}
    </section>
  );
}

function RateBlock({
  id,
  title,
  keyLabel,
  rows,
}: {
  id: string;
  title: string;
  keyLabel: string;
  rows: ErrorRateRow[];
}) {
  const titleId = `${id}-title`;
  return (
    <section aria-labelledby={titleId} className="card stats-block" data-testid={id}>
      <h2 id={titleId}>{title}</h2>
      {rows.length === 0 ? (
        <p className="empty-state">Chưa có mục nào được kiểm trong khoảng thời gian này.</p>
      ) : (
        <>
          <figure className="hub-chart">
            <BarChart
              title={`Biểu đồ: ${title}`}
              width={Math.min(900, 160 + rows.length * 90)}
              height={260}
              data={rows.map((r) => ({ label: r.label, defective: r.defectivePer100, wrong: r.wrongPer1000 }))}
              margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis />
              <Tooltip formatter={(value) => formatRate(Number(value))} />
              <Legend />
              <Bar dataKey="defective" name="Lỗi/100 trường hợp" fill="#b00020" isAnimationActive={false} />
              <Bar dataKey="wrong" name="Ô sai/1 000 ô" fill="#0b5cad" isAnimationActive={false} />
            </BarChart>
            <figcaption>{title}: số trường hợp lỗi trên 100 trường hợp và số ô sai trên 1 000 ô đã kiểm.</figcaption>
          </figure>
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col">Trường hợp đã kiểm</th>
                <th scope="col">Trường hợp lỗi</th>
                <th scope="col">Lỗi/100 trường hợp</th>
                <th scope="col">Ô đã kiểm</th>
                <th scope="col">Ô sai</th>
                <th scope="col">Ô sai/1 000 ô</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{r.entriesJudged}</td>
                  <td>{r.defectiveEntries}</td>
                  <td>{formatRate(r.defectivePer100)}</td>
                  <td>{r.fieldsJudged}</td>
                  <td>{r.wrongFields}</td>
                  <td>{formatRate(r.wrongPer1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
