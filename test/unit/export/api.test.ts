/**
 * The export through the API contract and the `sohoa` launcher. Skipped until the methods are
 * in shared/api/contract.ts and the commands in electron/cli/main.ts; then they run as they are.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isApiMethod } from '../../../shared/api/contract';
import type { ExportResult, PrecheckReport, VerifyReport } from '../../../shared/export/export';
import type { JobStatus } from '../../../shared/jobs/job';
import { makeExportBook } from '../../fixtures/export-book';
import { TEST_LOGIN } from '../../fixtures/sohoa';
import { tempDir, testBackend } from '../backend/helpers';
import { waitForJob } from '../backend/jobs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const wiredApi = isApiMethod('export.book');
const wiredCli = readFileSync(path.join(ROOT, 'electron/cli/main.ts'), 'utf8').includes('exportCommand');
const BASE = 'GH.04567.2018.01-2018';

describe.skipIf(!wiredApi)('export through the API', () => {
  it('checks, exports as a job into the data folder, and verifies', async () => {
    const backend = await testBackend();
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    const pre = await backend.dispatch('export.precheck', { bookId: book.id });
    expect(pre).toMatchObject({ ok: true, result: { ok: true, counts: { entries: 5 } } });
    expect((pre as { result: PrecheckReport }).result.items.length).toBeGreaterThan(0);

    const job = (await waitForJob(backend, await backend.dispatch('export.book', { bookId: book.id }))) as JobStatus;
    if (job.state !== 'done') throw new Error(`export ${job.state}: ${JSON.stringify(job)}`);
    const result = job.result as unknown as ExportResult;
    expect(result.outDir).toBe(path.join(backend.layout.root, 'exports'));
    expect(result).toMatchObject({ ok: true, baseName: BASE, counts: { pdfs: 5 } });
    expect(job.progress).toMatchObject({ message: 'Đã xuất xong' });

    const verified = await backend.dispatch('export.verify', {});
    expect(verified).toMatchObject({ ok: true, result: { ok: true } });
    expect((verified as { result: VerifyReport }).result.books).toHaveLength(1);
  });

  it('fails the call itself for an unknown book, a folder from the caller or a bad template', async () => {
    const backend = await testBackend();
    expect(await backend.dispatch('export.book', { bookId: '01234567-89ab-7def-8123-456789abcdef' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Không tìm thấy sổ này' },
    });
    const relative = await backend.dispatch('export.book', {
      bookId: '01234567-89ab-7def-8123-456789abcdef',
      outDir: '/tmp/xuat',
      naming: '{ten}',
    });
    expect(relative).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const issues = (relative as { error: { details: { issues: { path: string; message: string }[] } } }).error.details
      .issues;
    expect(issues.map((i) => i.path)).toContain('naming');
    expect(JSON.stringify(issues)).toContain('outDir');
  });
});

describe.skipIf(!wiredCli)('sohoa export and verify', () => {
  it('exports a book and verifies the folder from the command line', async () => {
    const data = await tempDir();
    const backend = await testBackend(data);
    const { book } = await makeExportBook(backend, await tempDir('sohoa-scans-'));
    backend.close();
    const out = await tempDir('sohoa-export-');
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'electron/cli/bin.mjs'), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...TEST_LOGIN },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const exported = await run('export', '--data-dir', data, '--book', book.id, '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('ĐẠT: 5 trường hợp');
    expect((await fs.readdir(out)).filter((n) => n.startsWith(BASE))).toHaveLength(5);
    const verified = await run('verify', out, '--data-dir', data);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Kết quả: ĐẠT');
    await fs.rm(path.join(out, `${BASE}.zip`));
    const broken = await run('verify', out, '--data-dir', data);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`Thiếu tệp nén PDF: ${BASE}.zip`);
  });
});
