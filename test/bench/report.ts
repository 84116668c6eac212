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
}

export interface FigureGroup {
  title: string;
  figures: Figure[];
}

export interface BenchResult {
  name: string;
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

function formatValue(figure: Figure): string {
  const { value, unit } = figure;
  if (value === undefined) return 'n/a';
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  if (unit === 'MB/s') return `${value.toFixed(1)} MB/s`;
  if (unit === 'entries/s') return `${value.toFixed(0)} /s`;
  if (unit === '%') return `${value.toFixed(2)} %`;
  return value.toFixed(0);
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** The human table, one block per bench and group. */
export function formatTable(results: BenchResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push('', `== ${result.name} ==`);
    for (const group of result.groups) {
      lines.push('', group.title);
      const labelWidth = Math.max(...group.figures.map((f) => [...f.label].length), 10) + 2;
      for (const figure of group.figures) {
        const met = aimMet(figure);
        const aim = figure.aim
          ? `aim ${figure.aim.text}: ${met === undefined ? 'n/a' : met ? 'aim met' : 'aim NOT met'}`
          : '';
        const note = figure.note ? `(${figure.note})` : '';
        lines.push(
          `  ${pad(figure.label, labelWidth)}${pad(formatValue(figure), 10)}${[aim, note].filter(Boolean).join('  ')}`,
        );
      }
    }
    for (const error of result.errors) lines.push(`  ERROR: ${error}`);
  }
  return lines.join('\n');
}

/** One line for machines: `BENCH_JSON {…}`. */
export function formatJson(results: BenchResult[]): string {
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
  const payload = {
    schema: 1,
    at: new Date().toISOString(),
    machine: {
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / MB),
      node: process.version,
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
                  ...(figure.aim ? { aimMax: figure.aim.max, aimMet: aimMet(figure) ?? null } : {}),
                },
              ]),
            ),
          ),
          errors: result.errors,
          info: result.info,
        },
      ]),
    ),
  };
  return `BENCH_JSON ${JSON.stringify(payload)}`;
}

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
