/** District staff accounts (district administrators only): list, create, lock and unlock. */
import { useCallback, useState, type FormEvent } from 'react';
import type { HubUserInfo } from '../../shared/review/hub-api';
import { HUB_ROLE_LABELS } from '../../shared/review/review';
import { FormAlert, PasswordField } from '../accounts/fields';
import { call, messageOf } from './api';
import { useLoad } from './use-load';

export function UsersPage({ self }: { self: HubUserInfo }) {
  const load = useCallback(() => call('users.list', {}), []);
  const users = useLoad(load);
  const [rowError, setRowError] = useState<string>();
  const toggle = (user: HubUserInfo) => {
    setRowError(undefined);
    call('users.setDisabled', { id: user.id, disabled: !user.disabled }).then(users.reload, (e: unknown) =>
      setRowError(messageOf(e)),
    );
  };
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Người dùng</h1>
      {users.error && (
        <p role="alert" className="error-box">
          {users.error}
        </p>
      )}
      <FormAlert error={rowError} />
      {users.data && (
        <table className="data-table">
          <caption className="visually-hidden">Tài khoản của huyện</caption>
          <thead>
            <tr>
              <th scope="col">Tên đăng nhập</th>
              <th scope="col">Họ tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">
                <span className="visually-hidden">Thao tác</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{HUB_ROLE_LABELS[u.role]}</td>
                <td>{u.disabled ? 'Đã khóa' : 'Đang dùng'}</td>
                <td>
                  {u.id !== self.id && (
                    <button
                      type="button"
                      onClick={() => toggle(u)}
                      aria-label={`${u.disabled ? 'Mở khóa' : 'Khóa'} ${u.username}`}
                    >
                      {u.disabled ? 'Mở khóa' : 'Khóa'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateUser onCreated={users.reload} />
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    call('users.create', { username, displayName, role: 'reviewer', password }).then(
      (user) => {
        setBusy(false);
        setDone(`Đã tạo tài khoản ${user.username} (${HUB_ROLE_LABELS[user.role]}).`);
        setUsername('');
        setDisplayName('');
        setPassword('');
        onCreated();
      },
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };
  return (
    <section aria-labelledby="new-user-title" className="card">
      <h2 id="new-user-title">Tạo tài khoản kiểm tra viên</h2>
      <p className="field-message">
        Tài khoản quản trị huyện do quản trị máy chủ tạo bằng lệnh <code>sohoa-hub user add</code> trên máy chủ huyện.
      </p>
      <form onSubmit={submit} className="auth-form">
        <label>
          Tên đăng nhập
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" required />
        </label>
        <label>
          Họ tên
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </label>
        <PasswordField value={password} onChange={setPassword} autoComplete="new-password" required>
          Mật khẩu ban đầu
        </PasswordField>
        <FormAlert error={error} />
        {done && (
          <p role="status" className="notice">
            {done}
          </p>
        )}
        <div className="auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            Tạo tài khoản
          </button>
        </div>
      </form>
    </section>
  );
}
