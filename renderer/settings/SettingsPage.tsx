/** "Cài đặt": the administrator's settings of this machine (today: the connection to the district hub). */
import { HubConnection } from '../sync/HubConnection';

export function SettingsPage() {
  return (
    <div className="page">
      <header className="app-header">
        <h1>Cài đặt</h1>
        <a href="#/" className="button-link">
          Về danh sách sổ
        </a>
      </header>
      <main className="settings">
        <HubConnection />
      </main>
    </div>
  );
}
