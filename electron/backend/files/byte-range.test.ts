import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

describe('byte ranges', () => {
  it('reads the shapes pdf.js and browsers send', () => {
    expect(parseByteRange('bytes=0-65535', 1000000)).toEqual({ kind: 'partial', start: 0, end: 65535 });
    expect(parseByteRange('bytes=999000-', 1000000)).toEqual({ kind: 'partial', start: 999000, end: 999999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseByteRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
  });

  it('sends the whole file without a usable range, and refuses impossible ones', () => {
    expect(parseByteRange(undefined, 10)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=0-1,5-6', 10)).toEqual({ kind: 'whole' });
    expect(parseByteRange('items=0-1', 10)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=5-2', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
  });
});
