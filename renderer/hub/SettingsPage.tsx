/** The district's review settings (district administrators only): the AQL of new plans. */
import { formatAql } from './format';
import { useCallback, useState, type FormEvent } from 'react';
import { AQL_VALUES } from '../../shared/review/review';
import { FormAlert } from '../accounts/fields';
import { call, messageOf } from './api';
import { useLoad } from './use-load';

export function SettingsPage() {
  const load = useCallback(() => call('settings.get', {}), []);
  const settings = useLoad(load);
  const [chosen, setAql] = useState<number>();
  const aql = chosen ?? settings.data?.aql;
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (aql === undefined) return;
    setError(undefined);
    setSaved(undefined);
    call('settings.setAql', { aql }).then(
      (next) => {
        settings.set(next);
        setSaved(`Đã lưu: AQL ${formatAql(next.aql)} cho các lô rút mẫu từ nay.`);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  };
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Cài đặt kiểm tra</h1>
      {settings.error && (
        <p role="alert" className="error-box">
          {settings.error}
        </p>
      )}
      {aql !== undefined && (
        <form onSubmit={submit} className="card auth-form">
          <label>
            Mức chất lượng chấp nhận (AQL, % mục lỗi)
            <select value={String(aql)} onChange={(e) => setAql(Number(e.target.value))}>
              {AQL_VALUES.map((v) => (
                <option key={v} value={String(v)}>
                  {formatAql(v)}
                </option>
              ))}
            </select>
          </label>
          <p className="field-message">
            Theo ISO 2859-1, mức kiểm tra II, lấy mẫu một lần, kiểm tra thường. Lô đã rút mẫu giữ phương án cũ.
          </p>
          <FormAlert error={error} />
          {saved && (
            <p role="status" className="notice">
              {saved}
            </p>
          )}
          <div className="auth-actions">
            <button type="submit" className="primary">
              Lưu
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
