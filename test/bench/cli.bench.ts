/**
 * Start-up of the `sohoa` command: `--help`, and `book list` on a data folder with no books (only
 * its administrator: every verb that opens the data logs in, so this includes unwrapping the
 * database key with the password's scrypt), through the launcher as `npx sohoa` runs it, beside
 * `node -e 0` measured in the same run as the floor of this machine. Aim: under 0.5 s on the
 * 2-core build machine. Printed, never asserted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { median, percentile, progress, type BenchResult, type Figure } from './report';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'electron/cli/bin.mjs');
const RUNS = 10;

const LOGIN = { SOHOA_USER: 'quan-tri', SOHOA_PASSWORD: 'mat-khau-bench' };
const env = { ...process.env, ...LOGIN };

async function timeRuns(args: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await promisify(execFile)(process.execPath, args, { cwd: ROOT, env });
    times.push(performance.now() - started);
  }
  return times;
}

export async function runCliBench(): Promise<BenchResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-cli-'));
  try {
    // The first start builds the bundle when a source changed: not what is measured.
    await promisify(execFile)(process.execPath, [BIN, '--help'], { cwd: ROOT });
    await promisify(execFile)(process.execPath, [BIN, 'setup', '--admin', LOGIN.SOHOA_USER, '--data-dir', dataDir], {
      cwd: ROOT,
      env,
    });
    await promisify(execFile)(process.execPath, [BIN, 'book', 'list', '--data-dir', dataDir], { cwd: ROOT, env });
    const runs: [string, string, string[], boolean][] = [
      ['node_floor', '`node -e 0` (floor)', ['-e', '0'], false],
      ['help', '`sohoa --help`', [BIN, '--help'], true],
      ['book_list', '`sohoa book list` (no books; login included)', [BIN, 'book', 'list', '--data-dir', dataDir], true],
    ];
    const figures: Figure[] = [];
    let floor: number[] = [];
    for (const [key, label, args, aimed] of runs) {
      progress(`${label}: ${RUNS} runs`);
      const times = await timeRuns(args);
      if (!aimed) floor = times;
      const against = (value: number | undefined) => (aimed ? { floor: { value, what: '`node -e 0`' } } : {});
      figures.push(
        {
          key: `cli.${key}_median_ms`,
          label: `${label}, median`,
          value: median(times),
          unit: 'ms',
          ...(aimed ? { aim: { max: 500, text: '< 0.5 s' } } : {}),
          ...against(median(floor)),
        },
        {
          key: `cli.${key}_max_ms`,
          label: `${label}, slowest of ${RUNS}`,
          value: percentile(times, 100),
          unit: 'ms',
          ...against(percentile(floor, 100)),
        },
      );
    }
    return {
      name: 'cli',
      groups: [{ title: `sohoa start-up (${RUNS} runs each, Node ${process.version})`, figures }],
      errors: [],
      info: { runs: RUNS, cpus: os.cpus().length, loadavg: os.loadavg() },
    };
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
