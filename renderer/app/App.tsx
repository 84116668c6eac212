/** Top-level screens, addressed by the URL hash so that a reload keeps the clerk's place. */
import { useEffect, useState } from 'react';
import { AccountsPage } from '../accounts/AccountsPage';
import { AuthGate } from '../accounts/AuthGate';
import { BooksPage } from '../books/BooksPage';
import { CorrectionsPage } from '../corrections/CorrectionsPage';
import { SearchPage } from '../search/SearchPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SyncPage } from '../sync/SyncPage';
import { BookWorkspace } from '../workspace/BookWorkspace';

type Route =
  | { screen: 'books' }
  | { screen: 'search' }
  | { screen: 'accounts' }
  | { screen: 'sync' }
  | { screen: 'settings' }
  | { screen: 'corrections' }
  | { screen: 'book'; bookId: string; entryId?: string };

/**
 * #/ books · #/tim search · #/tai-khoan accounts · #/dong-bo sync · #/cai-dat settings ·
 * #/can-sua the district's correction requests · #/so/<book> a book · #/so/<book>/tc/<entry> an entry
 */
function routeFromHash(hash: string): Route {
  if (hash === '#/tim') return { screen: 'search' };
  if (hash === '#/tai-khoan') return { screen: 'accounts' };
  if (hash === '#/dong-bo') return { screen: 'sync' };
  if (hash === '#/cai-dat') return { screen: 'settings' };
  if (hash === '#/can-sua') return { screen: 'corrections' };
  const m = /^#\/so\/([0-9a-f-]{36})(?:\/tc\/([0-9a-f-]{36}))?$/.exec(hash);
  return m ? { screen: 'book', bookId: m[1]!, ...(m[2] ? { entryId: m[2] } : {}) } : { screen: 'books' };
}

export function navigate(hash: string): void {
  window.location.hash = hash;
}

export function App() {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <AuthGate>
      {(user) => {
        if (route.screen === 'search') return <SearchPage />;
        if (route.screen === 'accounts' && user.role === 'admin') return <AccountsPage />;
        if (route.screen === 'sync') return <SyncPage user={user} />;
        if (route.screen === 'settings' && user.role === 'admin') return <SettingsPage />;
        if (route.screen === 'corrections') return <CorrectionsPage />;
        if (route.screen === 'book') {
          return <BookWorkspace key={route.bookId} bookId={route.bookId} entryId={route.entryId} />;
        }
        return <BooksPage />;
      }}
    </AuthGate>
  );
}
