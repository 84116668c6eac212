/**
 * `sohoa` starts without transpiling anything and loads only what the verb needs; the launcher
 * rebuilds its bundle when a source changes. Checked by what the process loads, never by time
 * (the start-up time is printed by `npm run bench`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode, TEST_LOGIN } from '../../fixtures/sohoa';
import { dataWithAdmin, tempDir } from '../backend/helpers';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MODULE_LOG = path.join(ROOT, 'test/fixtures/module-log.mjs');

/** Runs sohoa with a hook that lists every module the process loaded. */
async function sohoaLoading(...args: string[]) {
  const log = path.join(await tempDir('sohoa-modules-'), 'modules.txt');
  const run = await runNode(['--import', MODULE_LOG], args, { ...process.env, ...TEST_LOGIN, SOHOA_MODULE_LOG: log });
  const modules = (await fs.readFile(log, 'utf8')).split('\n');
  const packages = new Set(modules.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? []));
  return { ...run, modules, packages };
}

const HEAVY = ['exceljs', 'pdfjs-dist', '@pdf-lib/fontkit', 'pdf-lib', 'archiver', 'tsx', 'esbuild'];

describe('sohoa start-up', () => {
  it('--help prints the usage from the prebuilt bundle, loading no library at all', async () => {
    await sohoaLoading('--help'); // builds the bundle first if a source changed
    const run = await sohoaLoading('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Cách dùng: sohoa');
    expect(run.modules.some((url) => /\/dist\/cli\/[^/]+\/sohoa\.mjs$/.test(url))).toBe(true);
    expect(run.modules.filter((url) => url.endsWith('.ts'))).toEqual([]);
    for (const name of HEAVY) expect(run.packages).not.toContain(name);
    expect([...run.packages]).toEqual([]);
  });

  it('book list on an empty data folder opens the database without the export libraries', async () => {
    const run = await sohoaLoading('book', 'list', '--json', '--data-dir', await dataWithAdmin());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.packages).toContain('better-sqlite3-multiple-ciphers');
    for (const name of HEAVY) expect(run.packages).not.toContain(name);
  });

  it('book list without --json says that there is no book yet rather than printing nothing', async () => {
    const run = await sohoaLoading('book', 'list', '--data-dir', await dataWithAdmin());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Chưa có sổ nào');
  });
});

describe('the sohoa launcher', () => {
  /**
   * Writes a file dated `minutesAgo` in the past: a build does not trust files written in the
   * two seconds before it, and this test wants to see a bundle reused, not rebuilt for safety.
   */
  async function writeDated(file: string, text: string, minutesAgo: number) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    const when = new Date(Date.now() - minutesAgo * 60_000);
    await fs.utimes(file, when, when);
  }

  /** A project folder with the real launcher and build script, and a CLI of two lines. */
  async function miniProject() {
    const root = await tempDir('sohoa-launcher-');
    const copy = async (file: string) =>
      writeDated(path.join(root, file), await fs.readFile(path.join(ROOT, file), 'utf8'), 10);
    await copy('electron/cli/bin.mjs');
    await copy('electron/tools/build-cli.mjs');
    await writeDated(path.join(root, 'package.json'), JSON.stringify({ type: 'module', dependencies: {} }), 10);
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    await writeDated(
      path.join(root, 'electron/cli/main.ts'),
      "import { says } from './says';\nconsole.log(says);\n",
      10,
    );
    await writeDated(path.join(root, 'electron/cli/says.ts'), "export const says: string = 'một';\n", 10);
    return root;
  }

  it('builds the bundle when it is missing and again whenever a source changes, never running a stale one', async () => {
    const root = await miniProject();
    const manifest = path.join(root, 'dist/cli/build.json');
    const buildId = async () => (JSON.parse(await fs.readFile(manifest, 'utf8')) as { id: string }).id;
    const say = async () => {
      const run = await runNode([], [], process.env, path.join(root, 'electron/cli/bin.mjs'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return run.stdout.trim();
    };

    expect(await say()).toBe('một');
    const first = await buildId();
    expect(await say()).toBe('một');
    expect(await buildId()).toBe(first); // nothing changed: the same bundle runs again

    // A file main.ts imports changes to text of the same size, dated earlier than the build.
    await writeDated(path.join(root, 'electron/cli/says.ts'), "export const says: string = 'bốn';\n", 5);
    expect(await say()).toBe('bốn');
    const second = await buildId();
    expect(second).not.toBe(first);

    // main.ts imports a new file instead.
    await writeDated(path.join(root, 'electron/cli/other.ts'), "export const says: string = 'ba';\n", 4);
    await writeDated(
      path.join(root, 'electron/cli/main.ts'),
      "import { says } from './other';\nconsole.log(says);\n",
      4,
    );
    expect(await say()).toBe('ba');
    expect(await buildId()).not.toBe(second);

    // The bundle is gone: built again.
    await fs.rm(path.join(root, 'dist'), { recursive: true });
    expect(await say()).toBe('ba');
  });
});
