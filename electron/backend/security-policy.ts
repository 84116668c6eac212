/**
 * The renderer's Content-Security-Policy, sent by both transports: no remote origins, no eval.
 * Scans come from the app's own scheme in Electron (sohoa-scan:) and from 'self' over HTTP.
 */
export const SCAN_SCHEME = 'sohoa-scan';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' blob: data: ${SCAN_SCHEME}:`,
  `connect-src 'self' ${SCAN_SCHEME}:`,
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
