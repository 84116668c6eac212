/**
 * URL → file resolution for the two privileged schemes, kept pure (no electron, no I/O) so that
 * the traversal rules are unit-tested against real folders:
 *
 * - `app://bundle/<path>` serves the built renderer (`dist-renderer/`);
 * - `sohoa-scan://files/<sha256>` serves a stored scan from the backend's file store, and
 *   nothing else.
 *
 * The rules are deliberately stricter than URL normalisation: Chromium already folds `..` for
 * standard schemes, but the checks run on the raw string so that they hold whatever the caller
 * passed. Suspicious shapes (encoded dots, slashes, backslashes or NUL, dot segments, empty
 * segments, other hosts, ports, credentials, drive letters) are refused with 403; well-formed
 * names that do not exist or are not a SHA-256 give 404.
 */
import path from 'node:path';
import { SCAN_SCHEME } from '../backend/security-policy';
import { SHA256_HEX } from '../backend/files/file-store';
import { APP_HOST, APP_SCHEME } from './navigation';

export const SCAN_HOST = 'files';

export type Resolution = { path: string } | { status: 403 | 404 };

/** The file store as the scan resolver needs it (`FileStore` fits). */
export interface ScanFiles {
  root: string;
  pathFor(sha256: string): string;
}

/** Percent-encoded `.`, `/`, `\` or NUL, and raw backslashes. */
const FORBIDDEN_RAW = /%2e|%2f|%5c|%00|\\/i;

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

interface ParsedUrl {
  /** Decoded path, always starting with "/". */
  pathname: string;
  segments: string[];
  hasQueryOrFragment: boolean;
}

function forbidden(): { status: 403 } {
  return { status: 403 };
}

function notFound(): { status: 404 } {
  return { status: 404 };
}

/** Splits `scheme://host/path?query#fragment` by hand, refusing anything ambiguous. */
function parseStrict(url: unknown, scheme: string, host: string): ParsedUrl | { status: 403 } {
  if (typeof url !== 'string') return forbidden();
  if (FORBIDDEN_RAW.test(url) || hasControlCharacter(url)) return forbidden();
  const prefix = `${scheme}://`;
  if (url.slice(0, prefix.length).toLowerCase() !== prefix) return forbidden();
  const rest = url.slice(prefix.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  // Exactly the expected host: no other host, no port, no credentials.
  if (authority.toLowerCase() !== host) return forbidden();
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const queryStart = afterAuthority.search(/[?#]/);
  const rawPath = queryStart === -1 ? afterAuthority : afterAuthority.slice(0, queryStart);

  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath === '' ? '/' : rawPath);
  } catch {
    return forbidden(); // malformed escapes, invalid UTF-8 (e.g. overlong "%c0%ae")
  }
  if (!pathname.startsWith('/')) return forbidden();
  // Any ".." at all (decoding keeps the raw dots, and encoded ones were refused above), and,
  // belt and braces, no separator or NUL that decoding might have produced.
  if (pathname.includes('..') || pathname.includes('\\') || pathname.includes('\0')) return forbidden();
  // A drive letter or an NTFS stream ("C:", "file:stream") never belongs in a URL path here.
  if (pathname.includes(':')) return forbidden();
  const segments = pathname.slice(1).split('/');
  // Empty inner segments ("//etc/passwd") and "." segments are refused; a trailing "/" is not.
  if (segments.slice(0, -1).some((segment) => segment === '' || segment === '.')) return forbidden();
  if (segments[segments.length - 1] === '.') return forbidden();
  return { pathname, segments, hasQueryOrFragment: queryStart !== -1 };
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * `app://bundle/<path>` → a file inside `bundleRoot`. "/" and folder URLs serve `index.html`;
 * a last segment without an extension (a client-side route) also serves `index.html`. Query
 * strings and fragments are ignored: they never take part in the file path.
 */
export function resolveBundleRequest(url: string, bundleRoot: string): Resolution {
  const parsed = parseStrict(url, APP_SCHEME, APP_HOST);
  if ('status' in parsed) return parsed;
  const root = path.resolve(bundleRoot);
  const last = parsed.segments[parsed.segments.length - 1] ?? '';
  const relative = last === '' || !last.includes('.') ? 'index.html' : parsed.segments.join('/');
  const target = path.resolve(root, relative);
  if (!isInside(root, target)) return forbidden();
  return { path: target };
}

/**
 * `sohoa-scan://files/<sha256>` → the stored file for that hash, inside the file store. Exactly
 * one path segment, exactly 64 lowercase hex digits, no query or fragment.
 */
export function resolveScanRequest(url: string, files: ScanFiles): Resolution {
  const parsed = parseStrict(url, SCAN_SCHEME, SCAN_HOST);
  if ('status' in parsed) return parsed;
  if (parsed.hasQueryOrFragment) return forbidden();
  if (parsed.segments.length !== 1) return forbidden();
  const name = parsed.segments[0] ?? '';
  if (!SHA256_HEX.test(name)) return notFound();
  let target: string;
  try {
    target = path.resolve(files.pathFor(name));
  } catch {
    return notFound();
  }
  if (!isInside(path.resolve(files.root), target)) return forbidden();
  return { path: target };
}
