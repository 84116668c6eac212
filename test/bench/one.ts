/**
 * Runs one bench in this (fresh) process and writes its BenchResult as JSON to the file named by
 * the second argument: `node --import tsx test/bench/one.ts <name> <result.json>`. run.ts starts
 * one such process per bench, so that no bench inherits another's heap, caches or open files.
 * Progress goes to stderr; stdout is left alone.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { BENCHES } from './benches';
import type { BenchResult } from './report';

const [name, resultFile] = process.argv.slice(2);
const bench = BENCHES.find((b) => b.name === name);
if (!bench || !resultFile) {
  process.stderr.write(`usage: one.ts <${BENCHES.map((b) => b.name).join('|')}> <result.json>\n`);
  process.exit(2);
}
const before = os.loadavg();
let result: BenchResult;
try {
  result = await (await bench.load())();
} catch (error) {
  result = { name: bench.name, groups: [], errors: [(error as Error).stack ?? String(error)], info: {} };
}
result.load = { before, after: os.loadavg() };
await fs.writeFile(resultFile, JSON.stringify(result));
// Whatever a bench left running (timers, sockets) must not keep this process alive.
process.exit(0);
