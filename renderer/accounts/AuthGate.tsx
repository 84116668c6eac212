/**
 * Who uses the app: the first start creates the administrator (and shows the recovery key once),
 * then everyone logs in. After the configured idle time a lock overlay asks for the password
 * again; the screen underneath stays mounted, so a half-typed entry is kept as it was.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { PASSWORD_MIN_LENGTH, type SessionUser } from '../../shared/accounts/account';
import { ROLE_LABELS } from '../../shared/accounts/permissions';
import { api, messageOf, UNAUTHENTICATED_EVENT } from '../api/client';
import { FormAlert, PasswordField } from './fields';
import { CorrectionsLink } from '../corrections/CorrectionsLink';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'setup' }
  | { kind: 'recovery'; user: SessionUser; recoveryKey: string }
  | { kind: 'login'; message?: string }
  | { kind: 'in'; user: SessionUser };

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/** The idle times offered in the user bar (any other stored value is shown as it is). */
const IDLE_CHOICES = [1, 5, 10, 15, 30, 60];

function formatMinutes(minutes: number): string {
  return minutes < 1 ? `${Math.round(minutes * 60)} giây` : `${minutes} phút`;
}

export function AuthGate({ children }: { children: (user: SessionUser) => ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const refresh = useCallback(() => {
    api.call('auth.status', {}).then(
      (status) => {
        if (status.setupNeeded) setState({ kind: 'setup' });
        else if (status.user) setState({ kind: 'in', user: status.user });
        else setState({ kind: 'login' });
      },
      (error: unknown) => setState({ kind: 'error', message: messageOf(error) }),
    );
  }, []);
  useEffect(refresh, [refresh]);

  useEffect(() => {
    const onSignedOut = () =>
      setState((s) =>
        s.kind === 'in' ? { kind: 'login', message: 'Phiên làm việc đã kết thúc. Hãy đăng nhập lại.' } : s,
      );
    window.addEventListener(UNAUTHENTICATED_EVENT, onSignedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onSignedOut);
  }, []);

  switch (state.kind) {
    case 'loading':
      return <p className="auth-loading">Đang mở…</p>;
    case 'error':
      return (
        <p role="alert" className="error">
          {state.message}
        </p>
      );
    case 'setup':
      return <SetupScreen onDone={(user, recoveryKey) => setState({ kind: 'recovery', user, recoveryKey })} />;
    case 'recovery':
      return (
        <RecoveryKeyScreen recoveryKey={state.recoveryKey} onDone={() => setState({ kind: 'in', user: state.user })} />
      );
    case 'login':
      return <LoginScreen notice={state.message} onDone={(user) => setState({ kind: 'in', user })} />;
    case 'in':
      return (
        <SignedIn user={state.user} onSignedOut={() => setState({ kind: 'login' })}>
          {children(state.user)}
        </SignedIn>
      );
  }
}

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-screen">
      <main className="auth-card">
        <h1>Số hóa Hộ tịch</h1>
        <h2>{title}</h2>
        {children}
      </main>
    </div>
  );
}

function SetupScreen({ onDone }: { onDone: (user: SessionUser, recoveryKey: string) => void }) {
  const [fullName, setFullName] = useState('');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) return setError('Hai lần nhập mật khẩu không giống nhau');
    setBusy(true);
    setError(undefined);
    api.call('auth.setup', { fullName, userName, password }).then(
      (result) => onDone(result.user, result.recoveryKey),
      (e: unknown) => {
        setBusy(false);
        setError(messageOf(e));
      },
    );
  };
  return (
    <AuthCard title="Tạo tài khoản quản trị">
      <p>
        Lần đầu sử dụng: hãy tạo tài khoản quản trị. Quản trị viên tạo tài khoản cho cán bộ nhập liệu và quản lý sổ.
      </p>
      <form onSubmit={submit} className="auth-form">
        <label>
          Họ và tên
          <input value={fullName} onChange={(e) => setFullName(e.target.value)} autoFocus required />
        </label>
        <label>
          Tên đăng nhập
          <input value={userName} onChange={(e) => setUserName(e.target.value)} autoComplete="username" required />
        </label>
        <PasswordField value={password} onChange={setPassword} autoComplete="new-password" required>
          Mật khẩu (ít nhất {PASSWORD_MIN_LENGTH} ký tự)
        </PasswordField>
        <PasswordField value={repeat} onChange={setRepeat} autoComplete="new-password" required>
          Nhập lại mật khẩu
        </PasswordField>
        <FormAlert error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Tạo tài khoản quản trị
        </button>
      </form>
    </AuthCard>
  );
}

function RecoveryKeyScreen({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [noted, setNoted] = useState(false);
  return (
    <AuthCard title="Khóa khôi phục">
      <p>
        Dữ liệu được mã hóa. Khóa khôi phục dưới đây mở lại được dữ liệu khi quên mật khẩu của quản trị viên cuối cùng.
        Hãy in ra hoặc chép ra giấy và cất nơi an toàn.
      </p>
      <p className="recovery-key" data-testid="recovery-key">
        {recoveryKey}
      </p>
      <p className="warning">
        <strong>Không có khóa này, nếu quên mật khẩu của quản trị viên cuối cùng thì không thể mở lại dữ liệu.</strong>{' '}
        Khóa chỉ hiện một lần.
      </p>
      <div className="auth-actions">
        <button type="button" onClick={() => window.print()}>
          In khóa khôi phục
        </button>
        <label>
          <input type="checkbox" checked={noted} onChange={(e) => setNoted(e.target.checked)} /> Tôi đã cất giữ khóa
          khôi phục
        </label>
        <button type="button" className="primary" disabled={!noted} onClick={onDone}>
          Tiếp tục
        </button>
      </div>
    </AuthCard>
  );
}

function LoginScreen({ notice, onDone }: { notice?: string; onDone: (user: SessionUser) => void }) {
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    api.call('auth.login', { userName, password }).then(onDone, (e: unknown) => {
      setBusy(false);
      setPassword('');
      setError(messageOf(e));
    });
  };
  return (
    <AuthCard title="Đăng nhập">
      {notice && <p className="notice">{notice}</p>}
      <form onSubmit={submit} className="auth-form">
        <label>
          Tên đăng nhập
          <input
            value={userName}
            onChange={(e) => setUserName(e.target.value)}
            autoComplete="username"
            autoFocus
            required
          />
        </label>
        <PasswordField value={password} onChange={setPassword} autoComplete="current-password" required>
          Mật khẩu
        </PasswordField>
        <FormAlert error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Đăng nhập
        </button>
      </form>
    </AuthCard>
  );
}

/** The logged-in frame: the user bar, the idle lock, the password dialog. */
function SignedIn({
  user,
  onSignedOut,
  children,
}: {
  user: SessionUser;
  onSignedOut: () => void;
  children: ReactNode;
}) {
  const [locked, setLocked] = useState(false);
  const [changing, setChanging] = useState(false);
  const [idleMinutes, setIdleMinutes] = useState(10);

  useEffect(() => {
    api.call('prefs.get', {}).then(
      (prefs) => setIdleMinutes(prefs.idleLockMinutes),
      () => {},
    );
  }, []);

  useEffect(() => {
    // While locked only the password counts; the countdown starts again once unlocked.
    if (locked) return;
    let timer = window.setTimeout(() => setLocked(true), idleMinutes * 60_000);
    const onActivity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setLocked(true), idleMinutes * 60_000);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [idleMinutes, locked]);

  const logout = () => {
    void api.call('auth.logout', {}).finally(onSignedOut);
  };

  return (
    <>
      <div className="user-bar">
        <span>
          {user.fullName} ({ROLE_LABELS[user.role]})
        </span>
        <CorrectionsLink />
        <a href="#/dong-bo">Đồng bộ</a>
        {user.role === 'admin' && <a href="#/tai-khoan">Tài khoản</a>}
        {user.role === 'admin' && <a href="#/cai-dat">Cài đặt</a>}
        <button type="button" className="link-button" onClick={() => setChanging(true)}>
          Đổi mật khẩu
        </button>
        <label className="idle-choice">
          Tự khóa sau
          <select
            value={IDLE_CHOICES.includes(idleMinutes) ? idleMinutes : ''}
            onChange={(e) => {
              const minutes = Number(e.target.value);
              setIdleMinutes(minutes);
              void api.call('prefs.set', { idleLockMinutes: minutes }).catch(() => {});
            }}
          >
            {!IDLE_CHOICES.includes(idleMinutes) && <option value="">{formatMinutes(idleMinutes)}</option>}
            {IDLE_CHOICES.map((m) => (
              <option key={m} value={m}>
                {m} phút
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link-button" onClick={() => setLocked(true)}>
          Khóa màn hình
        </button>
        <button type="button" className="link-button" onClick={logout}>
          Đăng xuất
        </button>
      </div>
      {/* Kept mounted under the lock: what the form holds stays exactly as it was. */}
      <div className="signed-in" aria-hidden={locked || undefined} inert={locked || undefined}>
        {children}
      </div>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
      {locked && <LockOverlay user={user} onUnlocked={() => setLocked(false)} onSignedOut={logout} />}
    </>
  );
}

function LockOverlay({
  user,
  onUnlocked,
  onSignedOut,
}: {
  user: SessionUser;
  onUnlocked: () => void;
  onSignedOut: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    api.call('auth.unlock', { password }).then(onUnlocked, (e: unknown) => {
      setPassword('');
      setError(messageOf(e));
    });
  };
  return (
    <div className="lock-overlay locked" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <form className="auth-card" onSubmit={submit}>
        <h2 id="lock-title">Màn hình đã khóa</h2>
        <p>
          {user.fullName} ({user.userName}) — nhập mật khẩu để tiếp tục. Dữ liệu đang nhập vẫn được giữ nguyên.
        </p>
        <PasswordField value={password} onChange={setPassword} autoFocus autoComplete="current-password">
          Mật khẩu
        </PasswordField>
        <FormAlert error={error} />
        <div className="auth-actions">
          <button type="submit" className="primary">
            Mở khóa
          </button>
          <button type="button" onClick={onSignedOut}>
            Đăng xuất
          </button>
        </div>
      </form>
    </div>
  );
}

function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) return setError('Hai lần nhập mật khẩu mới không giống nhau');
    setError(undefined);
    api.call('auth.changePassword', { currentPassword, newPassword }).then(
      () => setDone(true),
      (e: unknown) => setError(messageOf(e)),
    );
  };
  return (
    <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="change-password-title">
      <form className="auth-card" onSubmit={submit}>
        <h2 id="change-password-title">Đổi mật khẩu</h2>
        {done ? (
          <p className="notice">Đã đổi mật khẩu.</p>
        ) : (
          <>
            <PasswordField value={currentPassword} onChange={setCurrent} autoFocus>
              Mật khẩu hiện tại
            </PasswordField>
            <PasswordField value={newPassword} onChange={setNew} autoComplete="new-password">
              Mật khẩu mới (ít nhất {PASSWORD_MIN_LENGTH} ký tự)
            </PasswordField>
            <PasswordField value={repeat} onChange={setRepeat} autoComplete="new-password">
              Nhập lại mật khẩu mới
            </PasswordField>
          </>
        )}
        <FormAlert error={error} />
        <div className="auth-actions">
          {!done && (
            <button type="submit" className="primary">
              Đổi mật khẩu
            </button>
          )}
          <button type="button" onClick={onClose}>
            Đóng
          </button>
        </div>
      </form>
    </div>
  );
}
