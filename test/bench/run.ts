/**
 * `npm run bench [-- NAME…] [-- --json] [-- --search-entries N]`: runs the benches (all, or the
 * named ones: `npm run bench -- search`), each in a fresh process (`node --import tsx one.ts`,
 * its result handed back as JSON in a temporary file), then prints for every measured path the
 * app's figure, the floor measured in the same run, their ratio and the machine's load average.
 *
 * Output: by default the table and then one `BENCH_JSON {…}` line on stdout. With `--json`,
 * stdout carries only the JSON document (for comparison between commits:
 * `npm run -s bench -- --json > bench.json`) and the table goes to stderr. Progress always goes
 * to stderr. `--search-entries N` sets the size of the search bench (default 100 000; e.g.
 * 1000000), as BENCH_SEARCH_ENTRIES does. Aims are printed, never asserted; the exit code is
 * non-zero only when a bench could not measure something.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCHES } from './benches';
import { formatJson, formatTable, jsonReport, progress, type BenchResult } from './report';

const args = process.argv.slice(2);
let json = false;
const names: string[] = [];
const env: NodeJS.ProcessEnv = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--json') json = true;
  else if (arg === '--search-entries' || arg.startsWith('--search-entries=')) {
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (!value || !/^\d+$/.test(value)) throw new Error('--search-entries needs a number of entries');
    env.BENCH_SEARCH_ENTRIES = value;
  } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
  else names.push(arg);
}
const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
}
const selected = names.length > 0 ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;

/** One bench in its own Node process; its stdout goes to our stderr, to keep ours for results. */
async function runIsolated(name: string, dir: string): Promise<BenchResult> {
  const resultFile = path.join(dir, `${name}.json`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'one.ts'), name, resultFile],
      { cwd: path.resolve(import.meta.dirname, '../..'), env, stdio: ['ignore', process.stderr, process.stderr] },
    );
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  try {
    return JSON.parse(await fs.readFile(resultFile, 'utf8')) as BenchResult;
  } catch {
    return { name, groups: [], errors: [`the bench process ended (exit ${code}) without a result`], info: {} };
  }
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-results-'));
const results: BenchResult[] = [];
const started = performance.now();
try {
  for (const bench of selected) {
    progress(
      `--- ${bench.name} (load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}) ---`,
    );
    results.push(await runIsolated(bench.name, dir));
  }
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
progress(`all benches done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

if (json) {
  process.stderr.write(`${formatTable(results)}\n`);
  console.log(JSON.stringify(jsonReport(results), null, 2));
} else {
  console.log(formatTable(results));
  console.log(formatJson(results));
}
if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
