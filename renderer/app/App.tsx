/** Top-level screens, addressed by the URL hash so that a reload keeps the clerk's place. */
import { useEffect, useState } from 'react';
import { BooksPage } from '../books/BooksPage';
import { BookWorkspace } from '../workspace/BookWorkspace';

type Route = { screen: 'books' } | { screen: 'book'; bookId: string };

function routeFromHash(hash: string): Route {
  const m = /^#\/so\/([0-9a-f-]{36})$/.exec(hash);
  return m ? { screen: 'book', bookId: m[1]! } : { screen: 'books' };
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
  return route.screen === 'book' ? <BookWorkspace key={route.bookId} bookId={route.bookId} /> : <BooksPage />;
}
