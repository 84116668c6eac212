import { describe, expect, it } from 'vitest';
import { MAX_SEED, drawSample, parseSeed, splitMix64 } from './draw';

const population = Array.from({ length: 20 }, (_, i) => `e${String(i).padStart(2, '0')}`);

describe('SplitMix64', () => {
  it('gives the published known answers (seed 1234567, and seed 0)', () => {
    const rng = splitMix64(1234567n);
    expect(Array.from({ length: 5 }, () => rng.next())).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
    const zero = splitMix64(0n);
    expect(zero.next()).toBe(0xe220a8397b1dcdafn);
  });
});

describe('parseSeed', () => {
  it('takes decimal seeds from 0 to 2^64 − 1', () => {
    expect(parseSeed('0')).toBe(0n);
    expect(parseSeed('18446744073709551615')).toBe(MAX_SEED);
  });
  it('refuses anything else with a Vietnamese message', () => {
    for (const bad of ['', '-1', '1.5', 'abc', '18446744073709551616', '123456789012345678901']) {
      expect(() => parseSeed(bad)).toThrow(/Hạt giống/);
    }
  });
});

describe('drawSample', () => {
  it('gives known answers (computed by an independent implementation of the same algorithm)', () => {
    expect(drawSample('42', population, 5)).toEqual(['e13', 'e16', 'e02', 'e08', 'e06']);
    expect(drawSample('18446744073709551615', population, 5)).toEqual(['e16', 'e02', 'e15', 'e18', 'e03']);
  });

  it('gives the same sample for the same seed, whatever order the population comes in', () => {
    const shuffled = [...population].reverse();
    expect(drawSample('987654321', shuffled, 7)).toEqual(drawSample('987654321', population, 7));
  });

  it('gives different samples for different seeds', () => {
    const samples = new Set(Array.from({ length: 50 }, (_, s) => drawSample(String(s), population, 5).join(',')));
    expect(samples.size).toBe(50);
  });

  it('draws without replacement, members of the population only', () => {
    const sample = drawSample('7', population, 12);
    expect(sample).toHaveLength(12);
    expect(new Set(sample).size).toBe(12);
    for (const id of sample) expect(population).toContain(id);
  });

  it('returns everything when n reaches the population, and nothing for n = 0', () => {
    expect([...drawSample('3', population, 20)].sort()).toEqual(population);
    expect([...drawSample('3', population, 99)].sort()).toEqual(population);
    expect(drawSample('3', population, 0)).toEqual([]);
    expect(drawSample('3', [], 5)).toEqual([]);
  });

  it('refuses duplicate ids and a bad sample size', () => {
    expect(() => drawSample('1', ['a', 'b', 'a'], 2)).toThrow(/trùng/);
    expect(() => drawSample('1', population, -1)).toThrow(/Cỡ mẫu/);
  });

  it('is uniform: every id equally likely at every draw position (chi-square, fixed seeds)', () => {
    const ids = population.slice(0, 10);
    const draws = 10_000;
    const positions = 3;
    const counts = Array.from({ length: positions }, () => new Map(ids.map((id) => [id, 0])));
    for (let s = 0; s < draws; s++) {
      drawSample(String(s * 7919 + 13), ids, positions).forEach((id, pos) => {
        const byId = counts[pos];
        byId?.set(id, (byId.get(id) ?? 0) + 1);
      });
    }
    const expected = draws / ids.length;
    for (const byId of counts) {
      const chi2 = [...byId.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      // 9 degrees of freedom: 27.88 is the 0.1 % critical value.
      expect(chi2).toBeLessThan(27.88);
    }
  });
});
