import { describe, expect, it } from 'vitest';
import { formatAql, formatTime } from './format';

describe('review screen formats', () => {
  it('writes times in Vietnam time, as the minutes do, whatever the browser zone', () => {
    // 04:01 UTC is 11:01 in Hà Nội.
    expect(formatTime('2026-11-30T04:01:00.000Z')).toContain('11:01');
    expect(formatTime(null)).toBe('—');
  });

  it('writes an AQL with one decimal at least', () => {
    expect(formatAql(1)).toBe('1,0');
    expect(formatAql(0.065)).toBe('0,065');
    expect(formatAql(2.5)).toBe('2,5');
  });
});
