import { describe, expect, it } from 'vitest';
import {
  CODE_LETTERS,
  INSPECTION_LEVELS,
  OC_PERCENTS,
  codeLetter,
  codeLetterSampleSize,
  operatingCharacteristic,
  probabilityOfAcceptance,
  resolvePlan,
  samplingPlan,
  tableTwoACell,
  type CodeLetter,
  type InspectionLevel,
} from './iso2859';

/*
 * Checked against the published tables as transcribed in: ANSI/ASQC Z1.4 / MIL-STD-105E / ISO 2859
 * Table I (pdfcoffee.com "AQL sampling chart", wisetool.com sampling table, GOST R ISO 2859-1
 * Table A.1) and Table II-A (nibs.org DPW AC-TABLE "Table 1-A", MIL-STD-105E Level II single normal,
 * AQL 0.65–15, rejection numbers and arrows).
 */

describe('ISO 2859-1 Table 1: sample size code letters', () => {
  // lot size → S-1 S-2 S-3 S-4 I II III, at both ends of every range.
  const rows: [number, number, string][] = [
    [2, 8, 'AAAAAAB'],
    [9, 15, 'AAAAABC'],
    [16, 25, 'AABBBCD'],
    [26, 50, 'ABBCCDE'],
    [51, 90, 'BBCCCEF'],
    [91, 150, 'BBCDDFG'],
    [151, 280, 'BCDEEGH'],
    [281, 500, 'BCDEFHJ'],
    [501, 1200, 'CCEFGJK'],
    [1201, 3200, 'CDEGHKL'],
    [3201, 10000, 'CDFGJLM'],
    [10001, 35000, 'CDFHKMN'],
    [35001, 150000, 'DEGJLNP'],
    [150001, 500000, 'DEGJMPQ'],
    [500001, 10_000_000, 'DEHKNQR'],
  ];
  const cases = rows.flatMap(([lo, hi, letters]) =>
    [lo, hi].flatMap((lot) =>
      INSPECTION_LEVELS.map((level, i) => [lot, level, letters[i]] as [number, InspectionLevel, string]),
    ),
  );
  it.each(cases)('lot %i at level %s → %s', (lot, level, letter) => {
    expect(codeLetter(lot, level)).toBe(letter);
  });

  it('level II is the default and a lot of 1 uses the first range', () => {
    expect(codeLetter(1000)).toBe('J');
    expect(codeLetter(1)).toBe('A');
  });

  it('refuses a lot size that is not a positive integer, in Vietnamese', () => {
    for (const bad of [0, -5, 2.5, Number.NaN]) expect(() => codeLetter(bad)).toThrow(/Cỡ lô phải là số nguyên dương/);
  });
});

describe('ISO 2859-1 Table 2-A: single sampling, normal inspection', () => {
  it('holds the sample size of every code letter', () => {
    const sizes = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000];
    expect(CODE_LETTERS.map(codeLetterSampleSize)).toEqual(sizes);
  });

  // The published rows for AQL 0.65 1.0 1.5 2.5 4.0 6.5 10 15 as rejection numbers (Ac = Re − 1)
  // and arrows (v: use the first plan below, ^: the first plan above).
  const published: Record<string, string> = {
    A: 'v v v v v 1 ^ v',
    B: 'v v v v 1 ^ v 2',
    C: 'v v v 1 ^ v 2 3',
    D: 'v v 1 ^ v 2 3 4',
    E: 'v 1 ^ v 2 3 4 6',
    F: '1 ^ v 2 3 4 6 8',
    G: '^ v 2 3 4 6 8 11',
    H: 'v 2 3 4 6 8 11 15',
    J: '2 3 4 6 8 11 15 22',
    K: '3 4 6 8 11 15 22 ^',
    L: '4 6 8 11 15 22 ^ ^',
    M: '6 8 11 15 22 ^ ^ ^',
    N: '8 11 15 22 ^ ^ ^ ^',
    P: '11 15 22 ^ ^ ^ ^ ^',
    Q: '15 22 ^ ^ ^ ^ ^ ^',
  };
  const aqls = [0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10, 15];
  const cells = Object.entries(published).flatMap(([letter, row]) =>
    row.split(' ').map((token, i) => [letter, aqls[i] as number, token] as [string, number, string]),
  );
  it.each(cells)('cell %s / AQL %s is %s as published', (letter, aql, token) => {
    const expected = token === 'v' ? '↓' : token === '^' ? '↑' : `${Number(token) - 1}/${token}`;
    expect(tableTwoACell(letter as CodeLetter, aql)).toBe(expected);
  });

  it('holds the published corners: 0/1 down the diagonal, 30/31 and 44/45 only for A–E', () => {
    expect(tableTwoACell('Q', 0.01)).toBe('0/1');
    expect(tableTwoACell('P', 0.015)).toBe('0/1');
    expect(tableTwoACell('R', 0.01)).toBe('↑');
    expect(tableTwoACell('R', 0.025)).toBe('1/2');
    expect(tableTwoACell('A', 1000)).toBe('30/31');
    expect(tableTwoACell('B', 1000)).toBe('44/45');
    expect(tableTwoACell('C', 1000)).toBe('↑');
    expect(tableTwoACell('E', 250)).toBe('44/45');
    expect(tableTwoACell('F', 65)).toBe('21/22');
    expect(tableTwoACell('F', 100)).toBe('↑');
  });

  // (code letter, AQL) → the plan the arrows lead to: sample size, Ac, Re.
  const resolved: [CodeLetter, number, number, number, number][] = [
    ['J', 1.0, 80, 2, 3],
    ['H', 1.0, 50, 1, 2],
    ['E', 1.0, 13, 0, 1],
    ['F', 1.0, 13, 0, 1], // ↑ to E
    ['G', 1.0, 50, 1, 2], // ↓ to H
    ['D', 1.0, 13, 0, 1], // ↓ through to E
    ['A', 1.0, 13, 0, 1], // the long ↓ to E
    ['K', 1.0, 125, 3, 4],
    ['L', 1.0, 200, 5, 6],
    ['M', 1.0, 315, 7, 8],
    ['Q', 1.0, 1250, 21, 22],
    ['R', 1.0, 1250, 21, 22], // ↑ to Q
    ['A', 0.065, 200, 0, 1], // ↓ to L
    ['A', 0.1, 125, 0, 1], // ↓ to K
    ['M', 0.15, 315, 1, 2],
    ['M', 0.1, 500, 1, 2], // ↓ to N
    ['L', 0.1, 125, 0, 1], // ↑ to K
    ['B', 6.5, 2, 0, 1], // ↑ to A
    ['B', 10, 5, 1, 2], // ↓ to C
    ['A', 15, 3, 1, 2], // ↓ to B
    ['C', 2.5, 5, 0, 1],
    ['H', 2.5, 50, 3, 4],
    ['J', 4.0, 80, 7, 8],
    ['K', 10, 125, 21, 22],
    ['K', 15, 80, 21, 22], // ↑ to J
    ['N', 2.5, 500, 21, 22],
    ['N', 4.0, 315, 21, 22], // ↑ to M
    ['P', 10, 125, 21, 22], // ↑ ↑ ↑ ↑ to K
    ['G', 0.65, 20, 0, 1], // ↑ to F
    ['H', 0.4, 32, 0, 1], // ↑ to G
    ['H', 0.65, 80, 1, 2], // ↓ to J
    ['F', 100, 13, 21, 22], // ↑ to E
    ['D', 1000, 3, 44, 45], // ↑ ↑ to B
    ['A', 10, 2, 0, 1], // ↑ off the top: nearest plan of row A
    ['R', 0.015, 2000, 1, 2], // ↓ off the bottom: nearest plan of row R
  ];
  it.each(resolved)('%s / AQL %s → n %i, Ac %i, Re %i', (letter, aql, n, ac, re) => {
    const plan = resolvePlan(letter, aql);
    expect([plan.sampleSize, plan.accept, plan.reject]).toEqual([n, ac, re]);
  });

  it('refuses an AQL that is not a column of the table, in Vietnamese', () => {
    expect(() => resolvePlan('J', 1.2)).toThrow(/AQL 1.2 không có trong bảng/);
  });
});

describe('samplingPlan (level II, normal, single)', () => {
  const cases: [number, number, string, number, number, number][] = [
    [1000, 1.0, 'J', 80, 2, 3],
    [500, 1.0, 'H', 50, 1, 2],
    [281, 1.0, 'H', 50, 1, 2],
    [60, 1.0, 'E', 13, 0, 1],
    [51, 1.0, 'E', 13, 0, 1],
    [90, 1.0, 'E', 13, 0, 1],
    [100, 1.0, 'F', 13, 0, 1], // F/1.0 ↑ → E's plan
    [150, 1.0, 'F', 13, 0, 1],
    [151, 1.0, 'G', 50, 1, 2], // G/1.0 ↓ → H's plan
    [30, 1.0, 'D', 13, 0, 1], // D/1.0 ↓ → E's plan
    [20, 1.0, 'C', 13, 0, 1],
    [10, 1.0, 'B', 10, 0, 1], // 13 ≥ lot: the whole lot
    [5, 1.0, 'A', 5, 0, 1],
    [1, 1.0, 'A', 1, 0, 1],
    [1201, 1.0, 'K', 125, 3, 4],
    [5000, 1.0, 'L', 200, 5, 6],
    [1000, 2.5, 'J', 80, 5, 6],
    [1000, 0.65, 'J', 80, 1, 2],
    [1000, 0.065, 'J', 200, 0, 1],
    [500, 4.0, 'H', 50, 5, 6],
    [8, 10, 'A', 2, 0, 1],
  ];
  it.each(cases)('lot %i, AQL %s → %s, n %i, Ac %i, Re %i', (lot, aql, letter, n, ac, re) => {
    expect(samplingPlan(lot, aql)).toEqual({
      inspectionLevel: 'II',
      aql,
      codeLetter: letter,
      sampleSize: n,
      accept: ac,
      reject: re,
    });
  });
});

describe('operating characteristic', () => {
  // Independently computed exact binomial sums Σ_{d≤Ac} C(n,d) p^d (1−p)^(n−d) (Python fractions).
  const binomial: [number, number, number, number][] = [
    [80, 2, 1, 0.9534468143],
    [80, 2, 5, 0.2306205049],
    [80, 2, 0.5, 0.9922881683],
    [80, 2, 2.5, 0.6766908743],
    [50, 1, 1, 0.9105646869],
    [50, 1, 5, 0.2794317523],
    [13, 0, 1, 0.877521023],
    [13, 0, 5, 0.5133420833],
    [125, 3, 1, 0.9625509378],
    [125, 3, 5, 0.1237846978],
    [200, 5, 1, 0.9839770931],
    [200, 5, 5, 0.062342495],
  ];
  it.each(binomial)('n %i, Ac %i at %s %% → %s (binomial)', (n, ac, pct, expected) => {
    expect(probabilityOfAcceptance({ sampleSize: n, accept: ac }, pct)).toBeCloseTo(expected, 9);
  });

  it('is hypergeometric over a finite lot (independently computed)', () => {
    expect(probabilityOfAcceptance({ sampleSize: 80, accept: 2 }, 1, 1000)).toBeCloseTo(0.9607516815523858, 9);
    expect(probabilityOfAcceptance({ sampleSize: 80, accept: 2 }, 5, 1000)).toBeCloseTo(0.2186447254041694, 9);
    expect(probabilityOfAcceptance({ sampleSize: 13, accept: 0 }, 5, 60)).toBeCloseTo(0.4738457042665108, 9);
  });

  it('is exact for a lot inspected whole: accepted iff at most Ac defectives', () => {
    const plan = { sampleSize: 10, accept: 0 };
    expect(probabilityOfAcceptance(plan, 0, 10)).toBe(1);
    expect(probabilityOfAcceptance(plan, 10, 10)).toBe(0);
  });

  it('gives the curve with the 1 % and 5 % points, falling as lots get worse', () => {
    const plan = samplingPlan(1000, 1.0);
    const oc = operatingCharacteristic(plan, 1000);
    expect(oc.map((p) => p.percentDefective)).toEqual([...OC_PERCENTS]);
    expect(oc.length).toBeGreaterThanOrEqual(12);
    expect(oc.find((p) => p.percentDefective === 1)?.probabilityAccept).toBeCloseTo(0.9607516815523858, 9);
    expect(oc.find((p) => p.percentDefective === 5)?.probabilityAccept).toBeCloseTo(0.2186447254041694, 9);
    expect(oc[0]?.probabilityAccept).toBe(1);
    for (let i = 1; i < oc.length; i++) {
      expect(oc[i]?.probabilityAccept ?? 2).toBeLessThanOrEqual(oc[i - 1]?.probabilityAccept ?? -1);
    }
  });

  it('refuses a percentage outside 0–100', () => {
    expect(() => probabilityOfAcceptance({ sampleSize: 13, accept: 0 }, 120)).toThrow(/0–100/);
  });
});
