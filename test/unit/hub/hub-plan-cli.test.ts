/** `sohoa-hub plan` as a real child process: the ISO 2859-1 plan of a lot, JSON or a Vietnamese line. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(ROOT, 'hub', 'bin.mjs');
/** Node + tsx start on a busy 2-core machine: a generous bound, not a timing. */
const CLI_TEST_MS = 120_000;

function hubCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('sohoa-hub plan', () => {
  it(
    'prints {codeLetter, sampleSize, accept, reject} as JSON, AQL 1.0 by default',
    async () => {
      const lot1000 = await hubCli(['plan', '--lot-size', '1000', '--json']);
      expect(lot1000.code).toBe(0);
      expect(JSON.parse(lot1000.stdout)).toEqual({ codeLetter: 'J', sampleSize: 80, accept: 2, reject: 3 });

      const lot500 = await hubCli(['plan', '--lot-size', '500', '--aql', '1.0', '--json']);
      expect(JSON.parse(lot500.stdout)).toEqual({ codeLetter: 'H', sampleSize: 50, accept: 1, reject: 2 });

      const lot100 = await hubCli(['plan', '--lot-size', '100', '--json']);
      expect(JSON.parse(lot100.stdout)).toEqual({ codeLetter: 'F', sampleSize: 13, accept: 0, reject: 1 });

      const aql25 = await hubCli(['plan', '--lot-size', '1000', '--aql', '2.5', '--json']);
      expect(JSON.parse(aql25.stdout)).toEqual({ codeLetter: 'J', sampleSize: 80, accept: 5, reject: 6 });
    },
    CLI_TEST_MS,
  );

  it(
    'prints a Vietnamese line without --json, and says when the whole lot is inspected',
    async () => {
      const line = await hubCli(['plan', '--lot-size', '1000']);
      expect(line.code).toBe(0);
      expect(line.stdout).toContain('mã chữ J, cỡ mẫu 80');
      expect(line.stdout).toContain('chấp nhận khi có ≤ 2 bản ghi lỗi, không đạt khi ≥ 3');

      const small = await hubCli(['plan', '--lot-size', '8', '--aql', '1,0']);
      expect(small.code).toBe(0);
      expect(small.stdout).toContain('cỡ mẫu 8 (kiểm tra toàn bộ)');
    },
    CLI_TEST_MS,
  );

  it(
    'refuses bad input with a Vietnamese message and exit code 2',
    async () => {
      for (const [args, message] of [
        [['plan'], 'Thiếu --lot-size'],
        [['plan', '--lot-size', 'abc'], 'Cỡ lô phải là số nguyên dương'],
        [['plan', '--lot-size', '0'], 'Cỡ lô phải là số nguyên dương'],
        [['plan', '--lot-size', '100', '--aql', '1.2'], 'AQL không hợp lệ'],
        [['plan', '--lot-size', '100', '--aql', 'x'], 'AQL không hợp lệ'],
      ] as const) {
        const result = await hubCli([...args]);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toContain(message);
        expect(result.stdout).toBe('');
      }
    },
    CLI_TEST_MS,
  );
});
