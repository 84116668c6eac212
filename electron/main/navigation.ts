/**
 * The app's own origin and the navigation policy of the Electron shell. Pure (no electron import)
 * so that it is unit-tested in plain Node.
 */

/** The privileged scheme the built renderer is served from (see `scan-protocol.ts`). */
export const APP_SCHEME = 'app';
/** The single host of the app scheme. */
export const APP_HOST = 'bundle';
/** The app's origin, as Chromium reports it for a standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether `url` is a document of the app itself: `app://bundle/…`, with no credentials and no
 * port. Note that WHATWG `URL.origin` is "null" for non-special schemes, hence the field checks.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/**
 * Whether the window may navigate to `url`. Only the app's own pages: no remote sites, no
 * `file:`, no `data:`/`javascript:`, no scan URLs as top-level documents.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
