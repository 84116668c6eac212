/**
 * `npm run bench`: runs every bench in turn, prints a table and one `BENCH_JSON {…}` line on
 * stdout (progress goes to stderr). Aims are reported, never asserted; the exit code is non-zero
 * only when a bench could not measure something.
 */
import { runCliBench } from './cli.bench';
import { formatJson, formatTable, progress, type BenchResult } from './report';
import { runExportBench } from './export.bench';
import { runRecordsBench } from './records.bench';
import { runScanViewerBench } from './scan-viewer.bench';
import { runSyncBench } from './sync.bench';

const benches: { name: string; run: () => Promise<BenchResult> }[] = [
  { name: 'cli', run: runCliBench },
  { name: 'scan-viewer', run: runScanViewerBench },
  { name: 'records', run: runRecordsBench },
  { name: 'export', run: runExportBench },
  { name: 'sync', run: runSyncBench },
];
// `npm run bench -- records` runs only the named benches.
const only = process.argv.slice(2);
const selected = only.length > 0 ? benches.filter((b) => only.includes(b.name)) : benches;

const results: BenchResult[] = [];
const started = performance.now();
for (const bench of selected) {
  progress(`--- ${bench.name} ---`);
  try {
    results.push(await bench.run());
  } catch (error) {
    results.push({ name: bench.name, groups: [], errors: [(error as Error).stack ?? String(error)], info: {} });
  }
}
progress(`all benches done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

console.log(formatTable(results));
console.log(formatJson(results));
if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
