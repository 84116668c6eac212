/**
 * The lot service's view of the ISO 2859-1 plans and the seeded draw (shared/review/iso2859.ts,
 * shared/review/draw.ts): one place where the hub calls them.
 */
import { randomBytes } from 'node:crypto';
import { drawSample, MAX_SEED } from '../../shared/review/draw';
import type { OperatingPoint } from '../../shared/review/hub-api';
import { operatingCharacteristic, samplingPlan } from '../../shared/review/iso2859';
import type { SamplingPlan } from '../../shared/review/review';

/** The plan of a lot of `lotSize` live entries (≥ 1) at this AQL. */
export function planFor(lotSize: number, aql: number): SamplingPlan {
  return samplingPlan(lotSize, aql);
}

/** The plan's operating characteristic for this lot (1 % and 5 % among the points). */
export function operatingPoints(plan: SamplingPlan, lotSize: number): OperatingPoint[] {
  return operatingCharacteristic(plan, lotSize);
}

export { MAX_SEED };

/** A fresh 64-bit seed as a decimal string. */
export function freshSeed(): string {
  return randomBytes(8).readBigUInt64BE().toString();
}

/** The random part of the sample: `n` ids of `population` in draw order. */
export function drawRandom(seed: string, population: readonly string[], n: number): string[] {
  return drawSample(seed, population, n);
}
