/**
 * ISO 2859-1 (= ANSI/ASQ Z1.4, MIL-STD-105E) as data: Table 1 (sample size code letters) and
 * Table 2-A (single sampling plans for normal inspection, master table), transcribed cell by cell
 * with their arrows, and the plans derived from them by the standard's rule:
 *
 *   ↓  use the first sampling plan below the arrow; ↑  use the first sampling plan above the arrow.
 *      Use that plan's sample size (not the row's). If the sample size equals or exceeds the lot
 *      size, carry out 100 % inspection.
 *
 * Two arrows of the published table point off its edge (row A, AQL 10 ↑ and row R, AQL 0.015 ↓).
 * There the plan is the nearest plan in the edge row (A: 0/1 with n = 2; R: 1/2 with n = 2000),
 * that is, the plan the arrow would have continued towards had the table gone on with the same
 * sample size.
 *
 * The hub uses general inspection level II, normal inspection, single sampling.
 */
import type { OperatingPoint } from './hub-api';
import type { SamplingPlan } from './review';

export const INSPECTION_LEVELS = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/**
 * Table 1: sample size code letters. Each row: the largest lot size of the range (null: and over),
 * then the letters for S-1 S-2 S-3 S-4 | I II III. The first range is 2 to 8 (a lot of 1 uses it).
 */
const TABLE_1 = `
       8 | A A A A | A A B
      15 | A A A A | A B C
      25 | A A B B | B C D
      50 | A B B C | C D E
      90 | B B C C | C E F
     150 | B B C D | D F G
     280 | B C D E | E G H
     500 | B C D E | F H J
    1200 | C C E F | G J K
    3200 | C D E G | H K L
   10000 | C D F G | J L M
   35000 | C D F H | K M N
  150000 | D E G J | L N P
  500000 | D E G J | M P Q
       - | D E H K | N Q R
`;

/** The AQL columns of Table 2-A (percent nonconforming up to 10, nonconformities per 100 above). */
export const TABLE_2A_AQLS = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10, 15, 25, 40, 65, 100, 150,
  250, 400, 650, 1000,
] as const;

/**
 * Table 2-A: one row per code letter: letter, sample size, then one cell per AQL column: "Ac/Re",
 * ↓ or ↑.
 */
const TABLE_2A = `
  AQL →  |0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650  1000
  A    2 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31
  B    3 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45
  C    5 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑
  D    8 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑     ↑
  E   13 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑     ↑     ↑
  F   20 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑
  G   32 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  H   50 |    ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  J   80 |    ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  K  125 |    ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  L  200 |    ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  M  315 |    ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  N  500 |    ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  P  800 |    ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  Q 1250 |  0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  R 2000 |    ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
`;

interface TableOneRow {
  maxLot: number;
  letters: Record<InspectionLevel, CodeLetter>;
}

function isCodeLetter(s: string): s is CodeLetter {
  return (CODE_LETTERS as readonly string[]).includes(s);
}

function parseTableOne(text: string): TableOneRow[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [max = '', ...groups] = line.split('|').map((part) => part.trim());
      const letters = groups.join(' ').split(/\s+/);
      if (letters.length !== INSPECTION_LEVELS.length || !letters.every(isCodeLetter)) {
        throw new Error(`ISO 2859-1 Table 1: bad row "${line}"`);
      }
      const byLevel = Object.fromEntries(INSPECTION_LEVELS.map((level, i) => [level, letters[i]])) as Record<
        InspectionLevel,
        CodeLetter
      >;
      return { maxLot: max === '-' ? Number.POSITIVE_INFINITY : Number(max), letters: byLevel };
    });
}

type Cell = { kind: 'plan'; accept: number; reject: number } | { kind: 'down' } | { kind: 'up' };
interface TableTwoRow {
  letter: CodeLetter;
  sampleSize: number;
  cells: Cell[];
}

function parseCell(token: string): Cell {
  if (token === '↓') return { kind: 'down' };
  if (token === '↑') return { kind: 'up' };
  const m = /^(\d+)\/(\d+)$/.exec(token);
  if (!m) throw new Error(`ISO 2859-1 Table 2-A: bad cell "${token}"`);
  return { kind: 'plan', accept: Number(m[1]), reject: Number(m[2]) };
}

function parseTableTwoA(text: string): TableTwoRow[] {
  const [header = '', ...rows] = text.trim().split('\n');
  const columns = (header.split('|')[1] ?? '').trim().split(/\s+/).map(Number);
  if (columns.length !== TABLE_2A_AQLS.length || columns.some((aql, i) => aql !== TABLE_2A_AQLS[i])) {
    throw new Error('ISO 2859-1 Table 2-A: the AQL columns do not match TABLE_2A_AQLS');
  }
  return rows.map((line) => {
    const [head = '', body = ''] = line.split('|');
    const [letter = '', size = ''] = head.trim().split(/\s+/);
    const cells = body.trim().split(/\s+/).map(parseCell);
    if (!isCodeLetter(letter) || cells.length !== TABLE_2A_AQLS.length) {
      throw new Error(`ISO 2859-1 Table 2-A: bad row "${line}"`);
    }
    return { letter, sampleSize: Number(size), cells };
  });
}

const TABLE_ONE = parseTableOne(TABLE_1);
const TABLE_TWO_A = parseTableTwoA(TABLE_2A);

/** Table 1: the sample size code letter of a lot size at an inspection level. */
export function codeLetter(lotSize: number, level: InspectionLevel = 'II'): CodeLetter {
  checkLotSize(lotSize);
  const row = TABLE_ONE.find((r) => lotSize <= r.maxLot);
  if (!row) throw new RangeError(`Cỡ lô ${lotSize} ngoài bảng ISO 2859-1`);
  return row.letters[level];
}

/** Table 2-A as transcribed: the cell of a code letter and an AQL column ("Ac/Re", "↓" or "↑"). */
export function tableTwoACell(letter: CodeLetter, aql: number): string {
  const cell = TABLE_TWO_A[rowIndex(letter)]?.cells[columnIndex(aql)];
  if (!cell) throw new RangeError(`Không có ô ${letter}/${aql} trong bảng 2-A`);
  return cell.kind === 'plan' ? `${cell.accept}/${cell.reject}` : cell.kind === 'down' ? '↓' : '↑';
}

/** Table 2-A sample size of a code letter (the row's own, before any arrow). */
export function codeLetterSampleSize(letter: CodeLetter): number {
  return TABLE_TWO_A[rowIndex(letter)]?.sampleSize ?? 0;
}

export interface TablePlan {
  /** The code letter whose row holds the plan (after following arrows). */
  planLetter: CodeLetter;
  sampleSize: number;
  accept: number;
  reject: number;
}

/** Follows Table 2-A's arrows from (letter, AQL) to the plan they point at. */
export function resolvePlan(letter: CodeLetter, aql: number): TablePlan {
  const column = columnIndex(aql);
  let row = rowIndex(letter);
  for (;;) {
    const current = TABLE_TWO_A[row];
    const cell = current?.cells[column];
    if (!current || !cell) throw new Error('ISO 2859-1 Table 2-A: lost while following an arrow');
    if (cell.kind === 'plan') {
      return { planLetter: current.letter, sampleSize: current.sampleSize, accept: cell.accept, reject: cell.reject };
    }
    const next = cell.kind === 'down' ? row + 1 : row - 1;
    if (next < 0 || next >= TABLE_TWO_A.length) return nearestPlanInRow(current, column);
    row = next;
  }
}

function nearestPlanInRow(row: TableTwoRow, column: number): TablePlan {
  for (let distance = 1; distance < row.cells.length; distance++) {
    for (const c of [column - distance, column + distance]) {
      const cell = row.cells[c];
      if (cell?.kind === 'plan') {
        return { planLetter: row.letter, sampleSize: row.sampleSize, accept: cell.accept, reject: cell.reject };
      }
    }
  }
  throw new Error(`ISO 2859-1 Table 2-A: row ${row.letter} has no plan`);
}

/**
 * The single sampling plan, normal inspection, general inspection level II, for a lot and an AQL.
 * The code letter is Table 1's; sample size, Ac and Re come from the plan the arrows point at; the
 * sample size is capped at the lot size (100 % inspection).
 */
export function samplingPlan(lotSize: number, aql: number): SamplingPlan {
  const letter = codeLetter(lotSize, 'II');
  const plan = resolvePlan(letter, aql);
  return {
    inspectionLevel: 'II',
    aql,
    codeLetter: letter,
    sampleSize: Math.min(plan.sampleSize, lotSize),
    accept: plan.accept,
    reject: plan.reject,
  };
}

function checkLotSize(lotSize: number): void {
  if (!Number.isSafeInteger(lotSize) || lotSize < 1) {
    throw new RangeError(`Cỡ lô phải là số nguyên dương (nhận được: ${String(lotSize)})`);
  }
}

function rowIndex(letter: CodeLetter): number {
  return TABLE_TWO_A.findIndex((r) => r.letter === letter);
}

function columnIndex(aql: number): number {
  const i = TABLE_2A_AQLS.findIndex((a) => Math.abs(a - aql) < 1e-9);
  if (i < 0) throw new RangeError(`AQL ${String(aql)} không có trong bảng ISO 2859-1 (ví dụ 1.0)`);
  return i;
}

/**
 * Probability that the plan accepts a lot with this percent defective: P(d ≤ Ac) for the number d
 * of defective entries in the sample. Binomial (an endless stream of lots) by default; with
 * `lotSize`, hypergeometric over a lot holding round(p · N) defective entries (exact for a finite
 * lot: a lot inspected whole is accepted exactly when it has at most Ac defectives).
 */
export function probabilityOfAcceptance(
  plan: Pick<SamplingPlan, 'sampleSize' | 'accept'>,
  percentDefective: number,
  lotSize?: number,
): number {
  if (!Number.isFinite(percentDefective) || percentDefective < 0 || percentDefective > 100) {
    throw new RangeError('Tỉ lệ lỗi phải trong khoảng 0–100 %');
  }
  const p = percentDefective / 100;
  const n = plan.sampleSize;
  const ac = plan.accept;
  if (lotSize !== undefined) {
    checkLotSize(lotSize);
    return clamp01(hypergeometricCdf(ac, lotSize, Math.round(p * lotSize), Math.min(n, lotSize)));
  }
  return clamp01(binomialCdf(ac, n, p));
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed term by term in logs (n up to a few thousand). */
function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p === 0) return 1;
  if (p === 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let sum = 0;
  for (let d = 0; d <= k; d++) sum += Math.exp(logChoose(n, d) + d * lp + (n - d) * lq);
  return sum;
}

/** P(X ≤ k) for X ~ Hypergeometric(population N, successes K, draws n). */
function hypergeometricCdf(k: number, N: number, K: number, n: number): number {
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(k, K, n);
  if (hi < lo) return 0;
  const total = logChoose(N, n);
  let sum = 0;
  for (let d = lo; d <= hi; d++) sum += Math.exp(logChoose(K, d) + logChoose(N - K, n - d) - total);
  return sum;
}

/** ln C(a, b), as a sum of logs over the shorter side. */
function logChoose(a: number, b: number): number {
  if (b < 0 || b > a) return Number.NEGATIVE_INFINITY;
  const m = Math.min(b, a - b);
  let s = 0;
  for (let i = 1; i <= m; i++) s += Math.log((a - m + i) / i);
  return s;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** The lot qualities the operating characteristic is given at (percent defective); 1 and 5 included. */
export const OC_PERCENTS = [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12.5, 15, 20, 25, 30, 40, 50] as const;

/**
 * The plan's operating characteristic for this lot: the chance of acceptance at each of
 * OC_PERCENTS (hypergeometric over the lot, see probabilityOfAcceptance), for the chart and for the
 * 1 % and 5 % figures the review screen shows.
 */
export function operatingCharacteristic(
  plan: Pick<SamplingPlan, 'sampleSize' | 'accept'>,
  lotSize: number,
): OperatingPoint[] {
  return OC_PERCENTS.map((percentDefective) => ({
    percentDefective,
    probabilityAccept: probabilityOfAcceptance(plan, percentDefective, lotSize),
  }));
}
