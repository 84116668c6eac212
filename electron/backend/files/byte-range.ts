/**
 * HTTP byte ranges for stored scans, so that pdf.js reads a 300 MB book page by page instead
 * of loading it whole. Used by both transports (web host and Electron's scan scheme).
 */

export type RangeAnswer =
  /** No usable Range header: send the whole file. */
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** Reads a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; several ranges get the whole file. */
export function parseByteRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'whole' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
