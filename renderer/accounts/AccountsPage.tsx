/** "Tài khoản": the administrator creates accounts, resets their passwords, disables them. */
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH, type AccountSummary } from '../../shared/accounts/account';
import { ROLE_LABELS, type PersonRole } from '../../shared/accounts/permissions';
import { api, messageOf } from '../api/client';
import { useApi } from '../api/use-api';
import { FormAlert, PasswordField } from './fields';

export function AccountsPage() {
  const accounts = useApi('accounts.list', {}, 'accounts');
  const [notice, setNotice] = useState<string>();
  return (
    <div className="page">
      <header className="app-header">
        <h1>Tài khoản</h1>
        <a href="#/" className="button-link">
          Về danh sách sổ
        </a>
      </header>
      <main className="accounts">
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {accounts.error && (
          <p role="alert" className="error">
            {accounts.error}
          </p>
        )}
        <table className="data-table">
          <thead>
            <tr>
              <th>Họ và tên</th>
              <th>Tên đăng nhập</th>
              <th>Vai trò</th>
              <th>Trạng thái</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(accounts.data ?? []).map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                onChanged={(message) => {
                  setNotice(message);
                  accounts.reload();
                }}
              />
            ))}
          </tbody>
        </table>
        <CreateAccountForm
          onCreated={(account) => {
            setNotice(`Đã tạo tài khoản ${account.userName}`);
            accounts.reload();
          }}
        />
      </main>
    </div>
  );
}

function AccountRow({ account, onChanged }: { account: AccountSummary; onChanged: (message: string) => void }) {
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const reset = (event: FormEvent) => {
    event.preventDefault();
    api.call('accounts.resetPassword', { id: account.id, password }).then(
      () => {
        setResetting(false);
        setPassword('');
        onChanged(`Đã đặt lại mật khẩu cho ${account.userName}`);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  };
  const disable = () => {
    if (!window.confirm(`Khóa tài khoản ${account.userName}? Người này sẽ không đăng nhập được nữa.`)) return;
    api.call('accounts.setDisabled', { id: account.id, disabled: true }).then(
      () => onChanged(`Đã khóa tài khoản ${account.userName}`),
      (e: unknown) => setError(messageOf(e)),
    );
  };
  return (
    <tr data-account={account.userName}>
      <td>{account.fullName}</td>
      <td>{account.userName}</td>
      <td>{ROLE_LABELS[account.role]}</td>
      <td>{account.disabled ? 'Đã khóa' : 'Đang dùng'}</td>
      <td>
        {resetting ? (
          <form onSubmit={reset} className="inline-form">
            <PasswordField value={password} onChange={setPassword} autoFocus autoComplete="new-password">
              Mật khẩu mới
            </PasswordField>
            <button type="submit" className="primary">
              Lưu
            </button>
            <button type="button" onClick={() => setResetting(false)}>
              Hủy
            </button>
          </form>
        ) : (
          <>
            <button type="button" onClick={() => setResetting(true)}>
              {account.disabled ? 'Mở lại (đặt mật khẩu mới)' : 'Đặt lại mật khẩu'}
            </button>{' '}
            {!account.disabled && (
              <button type="button" onClick={disable}>
                Khóa
              </button>
            )}
          </>
        )}
        <FormAlert error={error} />
      </td>
    </tr>
  );
}

function CreateAccountForm({ onCreated }: { onCreated: (account: AccountSummary) => void }) {
  const [fullName, setFullName] = useState('');
  const [userName, setUserName] = useState('');
  const [role, setRole] = useState<PersonRole>('clerk');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    api.call('accounts.create', { fullName, userName, role, password }).then(
      (account) => {
        setFullName('');
        setUserName('');
        setPassword('');
        onCreated(account);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  };
  return (
    <form onSubmit={submit} className="auth-form account-create" aria-labelledby="create-account-title">
      <h2 id="create-account-title">Thêm tài khoản</h2>
      <label>
        Họ và tên
        <input value={fullName} onChange={(e) => setFullName(e.target.value)} required />
      </label>
      <label>
        Tên đăng nhập
        <input value={userName} onChange={(e) => setUserName(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        Vai trò
        <select value={role} onChange={(e) => setRole(e.target.value as PersonRole)}>
          <option value="clerk">{ROLE_LABELS.clerk}</option>
          <option value="admin">{ROLE_LABELS.admin}</option>
        </select>
      </label>
      <PasswordField value={password} onChange={setPassword} required autoComplete="new-password">
        Mật khẩu (ít nhất {PASSWORD_MIN_LENGTH} ký tự)
      </PasswordField>
      <FormAlert error={error} />
      <button type="submit" className="primary">
        Tạo tài khoản
      </button>
    </form>
  );
}
