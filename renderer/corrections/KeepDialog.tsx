/**
 * "Giữ nguyên…": the clerk keeps the value the district questioned, and says why (required: the
 * reviewer reads the reason when the book comes back). Checked here with the backend's own rule.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { keepCorrectionInput, type DesktopCorrection } from '../../shared/review/corrections';
import { api, messageOf } from '../api/client';
import { notifyCorrectionsChanged } from './events';
import { requestFieldLabel } from './labels';

export function KeepDialog({
  request,
  onClose,
  onKept,
}: {
  request: DesktopCorrection;
  onClose: () => void;
  onKept?: (request: DesktopCorrection) => void;
}) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<Element | null>(document.activeElement);

  // Focus goes back where it was when the dialog closes.
  useEffect(() => {
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = keepCorrectionInput.shape.reason.safeParse(reason);
    if (!checked.success) {
      setReasonError(checked.error.issues[0]?.message);
      input.current?.focus();
      return;
    }
    setReasonError(undefined);
    setError(undefined);
    setBusy(true);
    api.call('corrections.keep', { requestId: request.id, reason: checked.data }).then(
      () => {
        setBusy(false);
        notifyCorrectionsChanged();
        onKept?.(request);
        onClose();
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // The dialog's keys are its own (never the entry form's or the viewer's shortcuts).
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  const label = requestFieldLabel(request);
  return (
    <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="keep-title" onKeyDown={onKeyDown}>
      <form className="auth-card keep-dialog" onSubmit={submit} noValidate>
        <h2 id="keep-title">Giữ nguyên giá trị</h2>
        <p>
          {request.entryLabel ?? 'Trường hợp'} · ô <strong>{label}</strong>: đã nhập “{request.typedValue || '(trống)'}
          ”, huyện đọc là “{request.readValue || '(trống)'}”.
        </p>
        <label htmlFor="keep-reason">Lý do giữ nguyên (bắt buộc)</label>
        <textarea
          id="keep-reason"
          ref={input}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? 'keep-reason-msg' : undefined}
          autoFocus
        />
        {reasonError && (
          <p id="keep-reason-msg" className="field-message error" role="alert">
            {reasonError}
          </p>
        )}
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <div className="auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang lưu…' : 'Giữ nguyên'}
          </button>
          <button type="button" onClick={onClose}>
            Hủy
          </button>
        </div>
      </form>
    </div>
  );
}
