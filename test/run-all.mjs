#!/usr/bin/env node
/**
 * `npm test`: runs the unit tests (Vitest) and then the end-to-end tests (Playwright), the second
 * even when the first failed, with their output streaming as it comes. Exits non-zero when either
 * failed, after saying which.
 */
import { spawn } from 'node:child_process';

// SOHOA_TEST_SCRIPTS="a,b" runs other npm scripts instead (the runner's own test uses it).
const SUITES = process.env.SOHOA_TEST_SCRIPTS
  ? process.env.SOHOA_TEST_SCRIPTS.split(',').map((script) => ({ name: script, script }))
  : [
      { name: 'unit (Vitest)', script: 'test:unit' },
      { name: 'e2e (Playwright)', script: 'test:e2e' },
    ];

// The npm that runs this script, on the same Node; plain `npm` when started some other way.
const npm = process.env.npm_execpath
  ? { command: process.execPath, args: [process.env.npm_execpath] }
  : { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [] };

let interrupted = false;
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
  });
}

function run(script) {
  return new Promise((resolve) => {
    current = spawn(npm.command, [...npm.args, 'run', script], {
      stdio: 'inherit',
      shell: npm.args.length === 0 && process.platform === 'win32',
    });
    current.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const results = [];
for (const suite of SUITES) {
  if (interrupted) break;
  const code = await run(suite.script);
  results.push({ ...suite, code });
}

console.log('');
for (const { name, code } of results)
  console.log(`npm test: ${name} ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
if (interrupted) console.log('npm test: interrupted');
process.exitCode = !interrupted && results.length === SUITES.length && results.every((r) => r.code === 0) ? 0 : 1;
