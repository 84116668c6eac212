/**
 * The district review app: the login gate, the header (user, role, "Đăng xuất") and the hash
 * routes. When a call finds the session ended, the login screen takes over and the address stays
 * as it was, so the reviewer comes back to the same screen after logging in again.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { HUB_ROLE_LABELS } from '../../shared/review/review';
import type { HubSession, HubUserInfo } from '../../shared/review/hub-api';
import { FormAlert, PasswordField } from '../accounts/fields';
import { call, messageOf, SESSION_ENDED_EVENT, SESSION_ENDED_MESSAGE } from './api';
import { href, parseRoute, type Route } from './routes';
import { LotsPage } from './LotsPage';
import { LotPage } from './LotPage';
import { StatsPage } from './StatsPage';
import { UsersPage } from './UsersPage';
import { SettingsPage } from './SettingsPage';
import { ChangePasswordPage } from './ChangePasswordPage';
import { ReviewScreen } from './review/ReviewScreen';

type State = { kind: 'loading' } | { kind: 'login'; notice?: string } | { kind: 'in'; user: HubUserInfo };

function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const route = useRoute();

  useEffect(() => {
    call('auth.me', {}).then(
      (session) => setState({ kind: 'in', user: session.user }),
      () => setState({ kind: 'login' }),
    );
  }, []);

  useEffect(() => {
    const onEnded = () => setState({ kind: 'login', notice: SESSION_ENDED_MESSAGE });
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, []);

  const logout = useCallback(() => {
    call('auth.logout', {}).then(
      () => setState({ kind: 'login' }),
      () => setState({ kind: 'login' }),
    );
  }, []);

  switch (state.kind) {
    case 'loading':
      return <p className="auth-loading">Đang mở…</p>;
    case 'login':
      return <LoginScreen notice={state.notice} onDone={(session) => setState({ kind: 'in', user: session.user })} />;
    case 'in':
      return (
        <div className="hub-app">
          <Header user={state.user} route={route} onLogout={logout} />
          <main className="page hub-page">
            <RouteView route={route} user={state.user} />
          </main>
        </div>
      );
  }
}

function LoginScreen({ notice, onDone }: { notice: string | undefined; onDone: (session: HubSession) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    call('auth.login', { username, password }).then(onDone, (e: unknown) => {
      setBusy(false);
      setPassword('');
      setError(messageOf(e));
    });
  };
  return (
    <div className="auth-screen">
      <main className="auth-card">
        <h1>Kiểm tra số hóa hộ tịch</h1>
        <h2>Đăng nhập</h2>
        {notice && !error && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <form onSubmit={submit} className="auth-form">
          <label>
            Tên đăng nhập
            <input
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              autoFocus
              required
            />
          </label>
          <PasswordField value={password} onChange={setPassword} autoComplete="current-password" required>
            Mật khẩu
          </PasswordField>
          <FormAlert error={error} />
          <div className="auth-actions">
            <button type="submit" className="primary" disabled={busy}>
              Đăng nhập
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}

function Header({ user, route, onLogout }: { user: HubUserInfo; route: Route; onLogout: () => void }) {
  const admin = user.role === 'district_admin';
  const links: { to: Parameters<typeof href>[0]; label: string; current: boolean }[] = [
    { to: { name: 'lots' }, label: 'Lô kiểm tra', current: route.name === 'lots' || route.name === 'lot' },
    { to: { name: 'stats' }, label: 'Thống kê', current: route.name === 'stats' },
  ];
  if (admin) {
    links.push({ to: { name: 'users' }, label: 'Người dùng', current: route.name === 'users' });
    links.push({ to: { name: 'settings' }, label: 'Cài đặt', current: route.name === 'settings' });
  }
  return (
    <header className="hub-header">
      <p className="hub-title">Kiểm tra số hóa hộ tịch</p>
      <nav aria-label="Chức năng">
        <ul>
          {links.map((l) => (
            <li key={l.label}>
              <a href={href(l.to)} aria-current={l.current ? 'page' : undefined}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="hub-user">
        <span>
          {user.displayName} ({HUB_ROLE_LABELS[user.role]})
        </span>
        <a href={href({ name: 'password' })}>Đổi mật khẩu</a>
        <button type="button" onClick={onLogout}>
          Đăng xuất
        </button>
      </div>
    </header>
  );
}

function RouteView({ route, user }: { route: Route; user: HubUserInfo }) {
  const admin = user.role === 'district_admin';
  switch (route.name) {
    case 'lots':
      return <LotsPage />;
    case 'lot':
      return <LotPage lotId={route.lotId} />;
    case 'stats':
      return <StatsPage />;
    case 'users':
      return admin ? <UsersPage self={user} /> : <AdminOnly />;
    case 'settings':
      return admin ? <SettingsPage /> : <AdminOnly />;
    case 'password':
      return <ChangePasswordPage />;
    case 'entry':
      return (
        <ReviewScreen
          lotId={route.lotId}
          entryId={route.entryId}
          onNavigate={(entryId) => {
            window.location.hash = href(
              entryId ? { name: 'entry', lotId: route.lotId, entryId } : { name: 'lot', lotId: route.lotId },
            );
          }}
        />
      );
    case 'unknown':
      return (
        <section>
          <h1>Không tìm thấy trang</h1>
          <p>
            Địa chỉ này không có trong ứng dụng. <a href={href({ name: 'lots' })}>Về danh sách lô</a>
          </p>
        </section>
      );
  }
}

function AdminOnly() {
  return (
    <section>
      <h1>Không có quyền</h1>
      <p role="alert" className="error-box">
        Chỉ quản trị huyện được dùng chức năng này.
      </p>
    </section>
  );
}
