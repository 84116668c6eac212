/** What a bench hands back, simple statistics, and the printing of results for people and machines. */
import os from 'node:os';

export type Unit = 'ms' | 'MB' | 'MB/s' | 'entries/s' | '%' | 'count';

export interface Figure {
  /** Stable machine name, e.g. "pdf.next_page_p95_ms". */
  key: string;
  label: string;
  /** Undefined when it could not be measured (the reason goes into `note`). */
  value: number | undefined;
  unit: Unit;
  /** An aim from the issue: printed as met / not met, never asserted. */
  aim?: { max: number; text: string };
  note?: string;
  /**
   * The floor of this path measured in the same run: the fastest thing that does the same work
   * (plain FTS5 MATCH for search, raw SQL inserts for a bulk load…), in the figure's unit. The
   * table prints it and the ratio app / floor; "—" where no floor is built.
   */
  floor?: { value: number | undefined; what: string };
}

export interface FigureGroup {
  title: string;
  figures: Figure[];
}

export interface BenchResult {
  name: string;
  /** os.loadavg() when the bench started and when it ended (1, 5, 15 minutes). */
  load?: { before: number[]; after: number[] };
  groups: FigureGroup[];
  /** Failures that left figures unmeasured; the run exits non-zero when there are any. */
  errors: string[];
  /** Context for the JSON line: fixture sizes, browser version, viewport… */
  info: Record<string, unknown>;
}

export const MB = 1024 * 1024;

export const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Nearest-rank percentile of the values (p in 0..100); undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (values: number[]) => percentile(values, 50);

const aimMet = (figure: Figure): boolean | undefined =>
  figure.aim && figure.value !== undefined ? figure.value <= figure.aim.max : undefined;

function formatValue(figure: Pick<Figure, 'value' | 'unit'>): string {
  const { value, unit } = figure;
  if (value === undefined) return 'n/a';
  if (unit === 'ms') {
    if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
    return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
  }
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  if (unit === 'MB/s') return `${value.toFixed(1)} MB/s`;
  if (unit === 'entries/s') return `${value.toFixed(0)} /s`;
  if (unit === '%') return `${value.toFixed(2)} %`;
  return value.toFixed(0);
}

/** Units where more is better: the ratio is floor / app, so that it reads "times slower" too. */
const HIGHER_IS_BETTER: Unit[] = ['MB/s', 'entries/s'];

/** How many times the app is off its floor (1 = at the floor); undefined without both figures. */
export function floorRatio(figure: Figure): number | undefined {
  const floor = figure.floor?.value;
  const { value } = figure;
  if (floor === undefined || value === undefined || floor <= 0 || value <= 0) return undefined;
  return HIGHER_IS_BETTER.includes(figure.unit) ? floor / value : value / floor;
}

const formatRatio = (ratio: number | undefined) =>
  ratio === undefined ? '—' : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;

const formatLoad = (load: number[]) => load.map((l) => l.toFixed(2)).join(' ');

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** The human table, one block per bench and group: app, floor, ratio, aim, note. */
export function formatTable(results: BenchResult[]): string {
  const lines: string[] = [`Load average now (1, 5, 15 min): ${formatLoad(os.loadavg())}; ${os.cpus().length} CPUs`];
  for (const result of results) {
    lines.push('', `== ${result.name} ==`);
    if (result.load) {
      lines.push(`  load average at start ${formatLoad(result.load.before)}, at end ${formatLoad(result.load.after)}`);
    }
    for (const group of result.groups) {
      lines.push('', group.title);
      const labelWidth = Math.max(...group.figures.map((f) => [...f.label].length), 10) + 2;
      lines.push(`  ${pad('', labelWidth)}${pad('app', 10)}${pad('floor', 10)}${pad('ratio', 7)}`);
      for (const figure of group.figures) {
        const met = aimMet(figure);
        const aim = figure.aim
          ? `aim ${figure.aim.text}: ${met === undefined ? 'n/a' : met ? 'aim met' : 'aim NOT met'}`
          : '';
        const floor = figure.floor ? formatValue({ value: figure.floor.value, unit: figure.unit }) : '—';
        const notes = [figure.floor ? `floor: ${figure.floor.what}` : '', figure.note ?? ''].filter(Boolean);
        const note = notes.length > 0 ? `(${notes.join('; ')})` : '';
        lines.push(
          `  ${pad(figure.label, labelWidth)}${pad(formatValue(figure), 10)}${pad(floor, 10)}${pad(formatRatio(floorRatio(figure)), 7)}${[aim, note].filter(Boolean).join('  ')}`,
        );
      }
    }
    for (const error of result.errors) lines.push(`  ERROR: ${error}`);
  }
  return lines.join('\n');
}

/** The figures for machines (`npm run bench -- --json`, and the `BENCH_JSON {…}` line). */
export function jsonReport(results: BenchResult[]) {
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100) / 100);
  const payload = {
    schema: 1,
    at: new Date().toISOString(),
    machine: {
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / MB),
      node: process.version,
      loadavg: os.loadavg(),
    },
    benches: Object.fromEntries(
      results.map((result) => [
        result.name,
        {
          figures: Object.fromEntries(
            result.groups.flatMap((group) =>
              group.figures.map((figure) => [
                figure.key,
                {
                  value: round(figure.value),
                  unit: figure.unit,
                  ...(figure.floor ? { floor: round(figure.floor.value), ratio: round(floorRatio(figure)) } : {}),
                  ...(figure.aim ? { aimMax: figure.aim.max, aimMet: aimMet(figure) ?? null } : {}),
                },
              ]),
            ),
          ),
          errors: result.errors,
          info: result.info,
          ...(result.load ? { load: result.load } : {}),
        },
      ]),
    ),
  };
  return payload;
}

/** One line for machines: `BENCH_JSON {…}`. */
export const formatJson = (results: BenchResult[]): string => `BENCH_JSON ${JSON.stringify(jsonReport(results))}`;

/** Peaks of the Node process's memory while `work` runs: sampled RSS, and getrusage's maxRSS. */
export async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; rssBefore: number; peakRss: number }> {
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const rssBefore = process.memoryUsage().rss;
  let sampled = rssBefore;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    sampled = Math.max(sampled, process.memoryUsage().rss);
    const maxRssAfter = process.resourceUsage().maxRSS * 1024;
    // A new lifetime high was reached during the work: that is its exact peak. Otherwise the
    // samples are the best estimate (the lifetime high belongs to something before).
    return { result, ms, rssBefore, peakRss: maxRssAfter > maxRssBefore ? maxRssAfter : sampled };
  } finally {
    clearInterval(timer);
  }
}
