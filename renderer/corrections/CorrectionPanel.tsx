/**
 * The workspace's "Cần sửa" panel, above an entry that the district questioned: each open request
 * (field, the clerk's value, what the reviewer read, the note) with "Giữ nguyên…", and the answers
 * already given. Correcting is editing the entry: the form flags the fields and links the save.
 */
import { useState } from 'react';
import type { DesktopCorrection } from '../../shared/review/corrections';
import { KeepDialog } from './KeepDialog';
import { answerText, formatWhen, requestFieldLabel, sentText, shownValue } from './labels';

export function CorrectionPanel({ corrections, editing }: { corrections: DesktopCorrection[]; editing: boolean }) {
  const [keeping, setKeeping] = useState<DesktopCorrection>();
  const open = corrections.filter((c) => c.state === 'open');
  const answered = corrections.filter((c) => c.state === 'answered' && c.answer);
  if (open.length === 0 && answered.length === 0) return null;
  return (
    <section className="correction-panel" aria-labelledby="correction-panel-heading">
      <h3 id="correction-panel-heading">
        {open.length > 0 ? `Cần sửa (${open.length})` : 'Yêu cầu sửa của huyện: đã trả lời hết'}
      </h3>
      {open.length > 0 && (
        <>
          <p className="correction-help">
            {editing
              ? 'Các ô huyện yêu cầu sửa được đánh dấu trong mẫu nhập. Sửa theo trang sổ gốc rồi lưu; hoặc giữ nguyên và ghi lý do.'
              : 'Đối chiếu với ô được khoanh trên trang: bấm “Sửa” để sửa trường hợp, hoặc “Giữ nguyên…” và ghi lý do.'}
          </p>
          <ul className="correction-list">
            {open.map((r) => (
              <li key={r.id} data-request={r.id}>
                <p>
                  <strong>{requestFieldLabel(r)}</strong>: đã nhập “{shownValue(r.typedValue)}” — huyện đọc là “
                  {shownValue(r.readValue)}”
                  {r.currentValue !== null && r.currentValue !== r.typedValue && (
                    <> (hiện tại: “{shownValue(r.currentValue)}”)</>
                  )}
                </p>
                {r.note && <p>Ghi chú: {r.note}</p>}
                <p className="correction-by">
                  {r.requestedBy}, {formatWhen(r.requestedAt)}
                </p>
                <button type="button" className="small" onClick={() => setKeeping(r)}>
                  Giữ nguyên…
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {answered.length > 0 && (
        <ul className="correction-answered" aria-label="Yêu cầu sửa đã trả lời">
          {answered.map((r) => (
            <li key={r.id} data-request={r.id}>
              {requestFieldLabel(r)}: {answerText(r)}
              {r.answer?.reason ? ` — lý do: ${r.answer.reason}` : ''} · {sentText(r)}
            </li>
          ))}
        </ul>
      )}
      {keeping && <KeepDialog request={keeping} onClose={() => setKeeping(undefined)} />}
    </section>
  );
}
