/** "Đổi mật khẩu": one's own password, with the current one. */
import { useState, type FormEvent } from 'react';
import { FormAlert, PasswordField } from '../accounts/fields';
import { call, messageOf } from './api';

export function ChangePasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) return setError('Hai lần nhập mật khẩu mới không giống nhau');
    setBusy(true);
    setError(undefined);
    call('auth.changePassword', { currentPassword: current, newPassword: next }).then(
      () => {
        setBusy(false);
        setDone(true);
        setCurrent('');
        setNext('');
        setRepeat('');
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };
  return (
    <section aria-labelledby="password-title">
      <h1 id="password-title">Đổi mật khẩu</h1>
      <form onSubmit={submit} className="card auth-form">
        <PasswordField value={current} onChange={setCurrent} autoComplete="current-password" required>
          Mật khẩu hiện tại
        </PasswordField>
        <PasswordField value={next} onChange={setNext} autoComplete="new-password" required>
          Mật khẩu mới
        </PasswordField>
        <PasswordField value={repeat} onChange={setRepeat} autoComplete="new-password" required>
          Nhập lại mật khẩu mới
        </PasswordField>
        <FormAlert error={error} />
        {done && (
          <p role="status" className="notice">
            Đã đổi mật khẩu.
          </p>
        )}
        <div className="auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            Đổi mật khẩu
          </button>
        </div>
      </form>
    </section>
  );
}
