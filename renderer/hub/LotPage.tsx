/**
 * One lot: the book, the ISO 2859-1 plan with its chance of accepting lots 1% and 5% defective,
 * the draw (seed recorded and shown), the sample with its progress, the decision panel, the
 * minutes and the exchange of corrections with the commune.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LotDetail } from '../../shared/review/hub-api';
import { CORRECTION_ANSWER_LABELS, LOT_STATE_LABELS, SAMPLE_REASON_LABELS } from '../../shared/review/review';
import { call, messageOf, minutesUrl } from './api';
import { formatAql, formatPercent, formatTime } from './format';
import { OcChart } from './OcChart';
import { href } from './routes';
import { useLoad } from './use-load';

export function LotPage({ lotId }: { lotId: string }) {
  const load = useCallback(() => call('lots.get', { lotId }), [lotId]);
  const lot = useLoad(load);
  if (lot.error && !lot.data)
    return (
      <section>
        <h1>Lô kiểm tra</h1>
        <p role="alert" className="error-box">
          {lot.error}
        </p>
        <p>
          <a href={href({ name: 'lots' })}>Về danh sách lô</a>
        </p>
      </section>
    );
  if (!lot.data) return <p>Đang tải…</p>;
  const data = lot.data;
  return (
    <article aria-labelledby="lot-title" className="lot-page">
      <p>
        <a href={href({ name: 'lots' })}>← Danh sách lô</a>
      </p>
      <h1 id="lot-title">{data.bookLabel}</h1>
      <dl className="hub-facts">
        <dt>Xã</dt>
        <dd>
          {data.communeName} ({data.communeCode})
        </dd>
        <dt>Loại sổ</dt>
        <dd>{data.bookType}</dd>
        <dt>Cỡ lô</dt>
        <dd data-testid="lot-size">{data.lotSize} trường hợp</dd>
        <dt>Trạng thái</dt>
        <dd>{LOT_STATE_LABELS[data.state]}</dd>
        <dt>Nhận lúc</dt>
        <dd>{formatTime(data.receivedAt)}</dd>
        {data.previousLotId && (
          <>
            <dt>Lô trước của sổ</dt>
            <dd>
              <a href={href({ name: 'lot', lotId: data.previousLotId })}>Xem lô trước</a>
            </dd>
          </>
        )}
      </dl>
      <PlanSection lot={data} />
      <DrawSection lot={data} onDrawn={lot.set} />
      {data.sample.length > 0 && <SampleSection lot={data} />}
      <DecisionSection lot={data} onDecided={lot.set} />
      <CorrectionsSection lot={data} />
    </article>
  );
}

function operatingAt(lot: LotDetail, percent: number): number | undefined {
  return lot.operating.find((p) => Math.abs(p.percentDefective - percent) < 1e-9)?.probabilityAccept;
}

function PlanSection({ lot }: { lot: LotDetail }) {
  const { plan } = lot;
  const at1 = operatingAt(lot, 1);
  const at5 = operatingAt(lot, 5);
  return (
    <section aria-labelledby="plan-title" className="card">
      <h2 id="plan-title">Phương án lấy mẫu (ISO 2859-1)</h2>
      <dl className="hub-facts" data-testid="plan">
        <dt>Mức kiểm tra</dt>
        <dd>II (kiểm tra thường, lấy mẫu một lần)</dd>
        <dt>AQL</dt>
        <dd data-testid="plan-aql">{formatAql(plan.aql)}</dd>
        <dt>Chữ mã</dt>
        <dd data-testid="plan-code">{plan.codeLetter}</dd>
        <dt>Cỡ mẫu n</dt>
        <dd data-testid="plan-n">{plan.sampleSize}</dd>
        <dt>Số chấp nhận Ac</dt>
        <dd data-testid="plan-ac">{plan.accept}</dd>
        <dt>Số loại bỏ Re</dt>
        <dd data-testid="plan-re">{plan.reject}</dd>
      </dl>
      <ul className="oc-points">
        <li>
          Khả năng chấp nhận lô có 1% mục lỗi:{' '}
          <strong data-testid="oc-1">{at1 === undefined ? '—' : formatPercent(at1)}</strong>
        </li>
        <li>
          Khả năng chấp nhận lô có 5% mục lỗi:{' '}
          <strong data-testid="oc-5">{at5 === undefined ? '—' : formatPercent(at5)}</strong>
        </li>
      </ul>
      {lot.operating.length > 1 && <OcChart points={lot.operating} />}
    </section>
  );
}

function DrawSection({ lot, onDrawn }: { lot: LotDetail; onDrawn: (lot: LotDetail) => void }) {
  const [seed, setSeed] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (lot.seed !== null)
    return (
      <section aria-labelledby="draw-title" className="card">
        <h2 id="draw-title">Rút mẫu</h2>
        <p>
          Đã rút mẫu lúc {formatTime(lot.drawnAt)}. Hạt giống: <strong data-testid="seed">{lot.seed}</strong> (rút lại
          với cùng hạt giống cho cùng mẫu). Cỡ mẫu ngẫu nhiên n = <strong>{lot.plan.sampleSize}</strong>; tổng số mục
          phải kiểm (kể cả mục luôn kiểm): <strong>{lot.sample.length}</strong>.
        </p>
      </section>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const trimmed = seed.trim();
    call('lots.draw', trimmed ? { lotId: lot.id, seed: trimmed } : { lotId: lot.id }).then(
      (drawn) => {
        setBusy(false);
        onDrawn(drawn);
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };
  return (
    <section aria-labelledby="draw-title" className="card">
      <h2 id="draw-title">Rút mẫu</h2>
      <form onSubmit={submit} className="hub-form-row">
        <label>
          Hạt giống (để lặp lại lần rút)
          <input
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            inputMode="numeric"
            aria-describedby="seed-help"
            aria-invalid={error ? true : undefined}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Rút mẫu
        </button>
      </form>
      <p id="seed-help" className="field-message">
        Để trống: máy chủ tự chọn hạt giống và ghi lại cùng lô.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function SampleSection({ lot }: { lot: LotDetail }) {
  const judged = lot.sample.filter((s) => s.judged).length;
  const sorted = [...lot.sample].sort((a, b) => a.order - b.order);
  return (
    <section aria-labelledby="sample-title" className="card">
      <h2 id="sample-title">Mẫu kiểm tra</h2>
      <p>
        <progress max={lot.sample.length} value={judged} aria-labelledby="sample-progress" />{' '}
        <span id="sample-progress">
          Đã kiểm {judged}/{lot.sample.length} mục
        </span>
      </p>
      <table className="data-table">
        <caption className="visually-hidden">Các mục trong mẫu</caption>
        <thead>
          <tr>
            <th scope="col">STT</th>
            <th scope="col">Trường hợp</th>
            <th scope="col">Lý do chọn</th>
            <th scope="col">Đã kiểm</th>
            <th scope="col">Kết quả</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((item, index) => (
            <tr key={item.entryId}>
              <td>{index + 1}</td>
              <td>
                <a href={href({ name: 'entry', lotId: lot.id, entryId: item.entryId })}>{item.label}</a>
              </td>
              <td>{item.reasons.map((r) => SAMPLE_REASON_LABELS[r]).join('; ')}</td>
              <td>{item.judged ? 'Đã kiểm' : 'Chưa kiểm'}</td>
              <td>
                {item.judged ? item.defective ? <strong className="defective">Có lỗi</strong> : 'Không lỗi' : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const DECISION_LABELS = { accepted: 'Đạt', rejected: 'Không đạt' } as const;
type Decision = keyof typeof DECISION_LABELS;

function DecisionSection({ lot, onDecided }: { lot: LotDetail; onDecided: (lot: LotDetail) => void }) {
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (lot.state === 'accepted' || lot.state === 'rejected' || lot.state === 'resent') {
    const decided: Decision = lot.state === 'accepted' ? 'accepted' : 'rejected';
    return (
      <section aria-labelledby="decision-title" className="card">
        <h2 id="decision-title">Kết luận</h2>
        <p data-testid="decision">
          Lô <strong>{DECISION_LABELS[decided]}</strong>
          {lot.state === 'resent' && ' (xã đã gửi lại sổ)'} — {lot.decidedBy ?? ''}, {formatTime(lot.decidedAt)}.
        </p>
        {lot.decisionNote && <p>Ghi chú: {lot.decisionNote}</p>}
        <p>
          <a href={minutesUrl(lot.id)} download>
            Tải biên bản nghiệm thu (PDF)
          </a>
        </p>
      </section>
    );
  }
  if (lot.state !== 'in_review') return null;

  const pending = lot.sample.filter((s) => !s.judged).length;
  const proposed = lot.proposedDecision;
  const decide = (decision: Decision) => {
    setBusy(true);
    setError(undefined);
    const trimmed = note.trim();
    call('lots.decide', trimmed ? { lotId: lot.id, decision, note: trimmed } : { lotId: lot.id, decision }).then(
      (decided) => {
        setBusy(false);
        setConfirming(null);
        onDecided(decided);
      },
      (e: unknown) => {
        setBusy(false);
        setConfirming(null);
        setError(messageOf(e));
      },
    );
  };
  return (
    <section aria-labelledby="decision-title" className="card">
      <h2 id="decision-title">Kết luận lô</h2>
      <p data-testid="decision-numbers">
        Số mục lỗi trong mẫu ngẫu nhiên: <strong>{lot.defectiveRandom}</strong> (chấp nhận khi ≤ Ac = {lot.plan.accept},
        loại bỏ khi ≥ Re = {lot.plan.reject}).
      </p>
      <p data-testid="proposed">
        Đề xuất theo phương án: <strong>{proposed ? DECISION_LABELS[proposed] : 'chưa đủ căn cứ để kết luận'}</strong>
        {pending > 0 && ` — còn ${pending} mục trong mẫu chưa kiểm xong`}
      </p>
      <label className="hub-note">
        Ghi chú kết luận
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
      </label>
      <div className="actions">
        {(['accepted', 'rejected'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={proposed === d ? 'primary' : undefined}
            disabled={busy || pending > 0 || proposed !== d || confirming !== null}
            onClick={() => setConfirming(d)}
          >
            Xác nhận: {DECISION_LABELS[d]}
          </button>
        ))}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-labelledby="confirm-title"
          aria-describedby="confirm-text"
          className="confirm-box"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              setConfirming(null);
            }
          }}
        >
          <h3 id="confirm-title">Kết luận lô: {DECISION_LABELS[confirming]}?</h3>
          <p id="confirm-text">
            {confirming === 'rejected'
              ? 'Các ô bị đánh sai sẽ thành yêu cầu sửa gửi về xã. Kết luận được ghi lại, không sửa được.'
              : 'Sổ được nghiệm thu và có thể xuất lên cơ sở dữ liệu quốc gia. Kết luận được ghi lại, không sửa được.'}
          </p>
          <div className="actions">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => decide(confirming)}
            >
              Đồng ý
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              Hủy
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function CorrectionsSection({ lot }: { lot: LotDetail }) {
  if (lot.corrections.length === 0) return null;
  return (
    <section aria-labelledby="corrections-title" className="card">
      <h2 id="corrections-title">Trao đổi với xã</h2>
      <table className="data-table">
        <caption className="visually-hidden">Yêu cầu sửa và trả lời của xã</caption>
        <thead>
          <tr>
            <th scope="col">Ô</th>
            <th scope="col">Xã đã nhập</th>
            <th scope="col">Đọc được trên trang</th>
            <th scope="col">Ghi chú</th>
            <th scope="col">Yêu cầu</th>
            <th scope="col">Trả lời của xã</th>
          </tr>
        </thead>
        <tbody>
          {lot.corrections.map((c) => (
            <tr key={c.id}>
              <td>{c.fieldLabel}</td>
              <td>{c.typedValue || '(trống)'}</td>
              <td>{c.readValue || '(trống)'}</td>
              <td>{c.note}</td>
              <td>
                {c.requestedBy}, {formatTime(c.requestedAt)}
                {c.lotId !== lot.id && ' (lô trước)'}
              </td>
              <td>
                {c.answer ? (
                  <>
                    <strong>{CORRECTION_ANSWER_LABELS[c.answer.kind]}</strong>
                    {c.answer.entryVersion !== null && ` (phiên bản ${c.answer.entryVersion})`}
                    {c.answer.reason && `: ${c.answer.reason}`} — {c.answer.answeredBy},{' '}
                    {formatTime(c.answer.answeredAt)}
                  </>
                ) : (
                  'Chưa trả lời'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
