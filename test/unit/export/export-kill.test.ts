/**
 * An export replaces the previous one in one step: the command line, killed at every step of
 * the switch, leaves the complete old export (killed before the commit) or the complete new one
 * (killed after it; the next export or `verify` completes the switch), never a mix.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TEST_LOGIN } from '../../fixtures/sohoa';
import { describe, expect, it } from 'vitest';
import { SWITCH_STEPS } from '../../../electron/backend/export/files';
import { makeExportBook } from '../../fixtures/export-book';
import { tempDir, testBackend } from '../backend/helpers';
import { exportServiceFor, sha256Of } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'electron/cli/bin.mjs');

/** `sohoa export` in a child process, told to kill itself at `killAt`; resolves with how it ended. */
function exportInChild(args: string[], killAt?: string): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...TEST_LOGIN, ...(killAt ? { SOHOA_EXPORT_KILL_AT: killAt } : {}) };
    const child = spawn(process.execPath, [BIN, 'export', ...args], { cwd: ROOT, env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** The hashes of the visible files (hidden work folders aside). */
async function visible(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) {
    if (!name.startsWith('.')) out[name] = await sha256Of(path.join(dir, name));
  }
  return out;
}

async function copyFolder(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const name of await fs.readdir(from)) await fs.copyFile(path.join(from, name), path.join(to, name));
}

describe('an export killed at any step', () => {
  it(
    'leaves the complete old or the complete new export, and the next one cleans up',
    { timeout: 300_000 },
    async () => {
      const dataDir = await tempDir();
      const backend = await testBackend(dataDir);
      const fixture = await makeExportBook(backend, await tempDir('sohoa-scans-'));
      const bookId = fixture.book.id;
      const root = await tempDir('sohoa-export-');
      const service = exportServiceFor(backend, root);
      const oldDir = path.join(root, 'old');
      await service.exportBook(bookId, oldDir);
      const entry = fixture.entries[0]!;
      backend.services.records.update({
        id: entry.id,
        expectedVersion: entry.version,
        data: { ...entry.data, ghiChu: 'Bản sửa sau lần xuất trước' },
      });
      const args = (out: string) => ['--book', bookId, '--out', out, '--replace', '--data-dir', dataDir];
      const newDir = path.join(root, 'new');
      expect(await exportInChild(args(newDir))).toEqual({ code: 0, signal: null });
      const oldFiles = await visible(oldDir);
      const newFiles = await visible(newDir);
      expect(Object.keys(oldFiles)).toHaveLength(5);
      expect(Object.keys(newFiles).sort()).toEqual(Object.keys(oldFiles).sort());
      expect(newFiles).not.toEqual(oldFiles);

      // The reports name who exported: this process's own export is the reference for its re-exports.
      const reference = path.join(root, 'reference');
      await service.exportBook(bookId, reference);
      const referenceFiles = await visible(reference);
      const committedAt = SWITCH_STEPS.indexOf('committed');
      for (const [i, step] of SWITCH_STEPS.entries()) {
        const out = path.join(root, `killed-${step}`);
        await copyFolder(oldDir, out);
        expect(await exportInChild(args(out), step), step).toEqual({ code: null, signal: 'SIGKILL' });
        // What `verify` shows (it completes a committed switch first).
        const report = await service.verifyFolder(out);
        expect(report.ok, `${step}: ${report.problems.join('; ')}`).toBe(true);
        expect(await visible(out), step).toEqual(i < committedAt ? oldFiles : newFiles);
        // The next export replaces it and leaves nothing else behind.
        await service.exportBook(bookId, out, { replace: true });
        expect((await fs.readdir(out)).sort(), step).toEqual(Object.keys(newFiles).sort());
        expect(await visible(out), step).toEqual(referenceFiles);
      }
    },
  );
});
