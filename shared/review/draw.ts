/**
 * The reproducible random draw of a lot's sample (issue 11): the seed recorded with the lot gives
 * the same sample again, on any machine, in any later version of the app.
 *
 * Generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014; the reference C by Sebastiano Vigna, prng.di.unimi.it/splitmix64.c), on BigInt:
 *
 *   state += 0x9e3779b97f4a7c15
 *   z = state
 *   z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
 *   z = (z ^ (z >> 27)) * 0x94d049bb133111eb
 *   return z ^ (z >> 31)                        (all arithmetic modulo 2^64)
 *
 * The draw: the population is put in a canonical order first (ids sorted ascending by UTF-16 code
 * units, as `Array.prototype.sort` does), so the order the caller read them in does not matter.
 * Then a partial Fisher–Yates shuffle: for i = 0 … n−1, pick j uniformly in [i, size) and swap
 * positions i and j; position i is the i-th entry drawn. A uniform integer in [0, k) is taken by
 * rejection (outputs ≥ 2^64 − (2^64 mod k) are discarded, then the remainder mod k), so there is no
 * modulo bias.
 *
 * Picking a fresh seed is the hub's job (node:crypto), not shared code's.
 */

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const TWO_64 = 1n << 64n;

/** The largest seed: 2^64 − 1. */
export const MAX_SEED = MASK64;

/** Parses a decimal seed (0 … 2^64 − 1); throws a RangeError with a Vietnamese message otherwise. */
export function parseSeed(seed: string): bigint {
  if (!/^\d{1,20}$/.test(seed)) throw new RangeError('Hạt giống phải là số nguyên không âm (tối đa 20 chữ số)');
  const value = BigInt(seed);
  if (value > MAX_SEED) throw new RangeError('Hạt giống vượt quá 2^64 − 1');
  return value;
}

/** A SplitMix64 generator: `next()` returns the next 64-bit output as a BigInt. */
export function splitMix64(seed: bigint): { next: () => bigint } {
  let state = seed & MASK64;
  return {
    next(): bigint {
      state = (state + GOLDEN_GAMMA) & MASK64;
      let z = state;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
      return z ^ (z >> 31n);
    },
  };
}

/** A uniform integer in [0, bound) from the generator, by rejection (no modulo bias). */
function uniformBelow(rng: { next: () => bigint }, bound: number): number {
  const k = BigInt(bound);
  const limit = TWO_64 - (TWO_64 % k);
  for (;;) {
    const x = rng.next();
    if (x < limit) return Number(x % k);
  }
}

/**
 * Draws `n` distinct ids from `population` with the seed, without replacement, and returns them in
 * draw order. `n` at or above the population size returns every id (in a seeded order). The ids
 * must be distinct.
 */
export function drawSample(seed: string, population: readonly string[], n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('Cỡ mẫu phải là số nguyên không âm');
  const rng = splitMix64(parseSeed(seed));
  const items = [...population].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < items.length; i++) {
    if (items[i] === items[i - 1]) throw new Error(`Mã bị trùng trong tập rút mẫu: ${String(items[i])}`);
  }
  const count = Math.min(n, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + uniformBelow(rng, items.length - i);
    const picked = items[j] as string;
    items[j] = items[i] as string;
    items[i] = picked;
  }
  return items.slice(0, count);
}
