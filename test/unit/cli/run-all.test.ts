/** `npm test` runs both suites, the second even when the first failed, and fails if either did. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../backend/helpers';

const RUNNER = path.resolve(import.meta.dirname, '../../run-all.mjs');

/** Runs the runner in a project whose npm scripts exit with the given codes, and says what ran. */
async function runAll(codes: Record<string, number>) {
  const dir = await tempDir('sohoa-run-all-');
  const scripts = Object.fromEntries(
    Object.entries(codes).map(([name, code]) => [
      name,
      `node -e "require('fs').appendFileSync('ran.txt', '${name}\\\\n'); process.exit(${code})"`,
    ]),
  );
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', private: true, scripts }));
  const env = { ...process.env, SOHOA_TEST_SCRIPTS: Object.keys(codes).join(',') };
  const result = await promisify(execFile)(process.execPath, [RUNNER], { cwd: dir, env }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const ran = (await fs.readFile(path.join(dir, 'ran.txt'), 'utf8')).trim().split('\n');
  return { ...result, ran };
}

describe('npm test', () => {
  it('runs the second suite although the first failed, and exits non-zero', async () => {
    const run = await runAll({ 'test:first': 3, 'test:second': 0 });
    expect(run.ran).toEqual(['test:first', 'test:second']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('npm test: test:first FAILED (exit 3)');
    expect(run.stdout).toContain('npm test: test:second passed');
  });

  it('exits non-zero when only the last suite failed, and 0 when both passed', async () => {
    expect((await runAll({ 'test:first': 0, 'test:second': 1 })).code).toBe(1);
    const passed = await runAll({ 'test:first': 0, 'test:second': 0 });
    expect(passed.ran).toEqual(['test:first', 'test:second']);
    expect(passed.code).toBe(0);
  });
});
