/** The review app's hash routes (`#/lo/<lotId>` …): parsed once here, written with `href`. */
export type Route =
  | { name: 'lots' }
  | { name: 'lot'; lotId: string }
  | { name: 'entry'; lotId: string; entryId: string }
  | { name: 'stats' }
  | { name: 'users' }
  | { name: 'settings' }
  | { name: 'password' }
  | { name: 'unknown'; hash: string };

const ID = '([0-9a-fA-F-]{36})';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/lo') return { name: 'lots' };
  let m = new RegExp(`^/lo/${ID}$`).exec(path);
  if (m) return { name: 'lot', lotId: m[1]! };
  m = new RegExp(`^/lo/${ID}/muc/${ID}$`).exec(path);
  if (m) return { name: 'entry', lotId: m[1]!, entryId: m[2]! };
  if (path === '/thong-ke') return { name: 'stats' };
  if (path === '/nguoi-dung') return { name: 'users' };
  if (path === '/cai-dat') return { name: 'settings' };
  if (path === '/doi-mat-khau') return { name: 'password' };
  return { name: 'unknown', hash };
}

export function href(route: Exclude<Route, { name: 'unknown' }>): string {
  switch (route.name) {
    case 'lots':
      return '#/lo';
    case 'lot':
      return `#/lo/${route.lotId}`;
    case 'entry':
      return `#/lo/${route.lotId}/muc/${route.entryId}`;
    case 'stats':
      return '#/thong-ke';
    case 'users':
      return '#/nguoi-dung';
    case 'settings':
      return '#/cai-dat';
    case 'password':
      return '#/doi-mat-khau';
  }
}
