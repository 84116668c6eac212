import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './routes';

const LOT = '0192f1a2-7b3c-7d4e-8f50-123456789abc';
const ENTRY = '0192f1a2-7b3c-7d4e-8f50-cba987654321';

describe('review app routes', () => {
  it('reads every screen from the hash and writes it back the same', () => {
    const routes = [
      { name: 'lots' },
      { name: 'lot', lotId: LOT },
      { name: 'entry', lotId: LOT, entryId: ENTRY },
      { name: 'stats' },
      { name: 'users' },
      { name: 'settings' },
      { name: 'password' },
    ] as const;
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it('opens the lots on an empty hash or a trailing slash, and names anything else unknown', () => {
    expect(parseRoute('')).toEqual({ name: 'lots' });
    expect(parseRoute('#/')).toEqual({ name: 'lots' });
    expect(parseRoute(`#/lo/${LOT}/`)).toEqual({ name: 'lot', lotId: LOT });
    expect(parseRoute('#/lo/khong-phai-ma')).toEqual({ name: 'unknown', hash: '#/lo/khong-phai-ma' });
    expect(parseRoute(`#/lo/${LOT}/muc/`)).toEqual({ name: 'unknown', hash: `#/lo/${LOT}/muc/` });
    expect(parseRoute('#/so/abc')).toEqual({ name: 'unknown', hash: '#/so/abc' });
  });
});
