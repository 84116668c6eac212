#!/usr/bin/env node
/**
 * Bundles the Electron shell with Vite's programmatic build (Rolldown underneath):
 *
 *   electron/main/main.ts       → dist-electron/main.cjs
 *   electron/preload/preload.ts → dist-electron/preload.cjs
 *   electron/backend/host/entry.ts → dist-electron/backend.cjs (the backend's utilityProcess)
 *
 * CommonJS for Node 22 (Electron's runtime). Kept external, i.e. loaded from node_modules at run
 * time: electron itself, better-sqlite3 and sharp (native addons), pdfjs-dist (ES module with its own
 * worker, loaded with a dynamic import) and every Node builtin. Everything else (our sources,
 * zod, drizzle-orm, ...) is bundled in. The preload runs sandboxed, where only
 * require('electron') is available, so the build fails if it would require anything else.
 *
 * Usage: node electron/tools/build-electron.mjs   (npm run build:electron)
 */
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(root, 'dist-electron');

const EXTERNAL_PACKAGES = ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pdfjs-dist', 'sharp'];
const BUILTINS = new Set(builtinModules);

/** Whether an import specifier stays a run-time require()/import() instead of being bundled. */
export function isExternal(id) {
  if (id.startsWith('node:')) return true;
  if (BUILTINS.has(id) || BUILTINS.has(id.split('/')[0])) return true;
  return EXTERNAL_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));
}

const targets = [
  { entry: 'electron/main/main.ts', fileName: 'main.cjs' },
  { entry: 'electron/preload/preload.ts', fileName: 'preload.cjs', sandboxed: true },
  { entry: 'electron/backend/host/entry.ts', fileName: 'backend.cjs' },
];

/** Packages only the backend process may load: main stays thin (window, schemes, IPC wiring). */
export const BACKEND_ONLY = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pdfjs-dist', 'sharp'];

async function bundle({ entry, fileName }) {
  await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    envDir: false,
    ssr: {
      // Bundle every dependency except the externals above.
      noExternal: true,
      target: 'node',
    },
    build: {
      ssr: path.join(root, entry),
      outDir,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: {
          format: 'cjs',
          entryFileNames: fileName,
          // One file per entry: the preload cannot require sibling chunks in the sandbox.
          codeSplitting: false,
        },
      },
    },
  });
}

/** A sandboxed preload may only require('electron'): fail the build on anything else. */
async function checkSandboxedRequires(fileName) {
  const code = await readFile(path.join(outDir, fileName), 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
  const unexpected = required.filter((id) => id !== 'electron');
  if (unexpected.length > 0 || /\bimport\(/.test(code)) {
    throw new Error(`${fileName} must only require('electron') (sandboxed preload); found: ${unexpected.join(', ')}`);
  }
}

/** main.cjs must not load the database or the scan tools: they belong to the backend process. */
async function checkThinMain(fileName) {
  const code = await readFile(path.join(outDir, fileName), 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
  const heavy = required.filter((id) => BACKEND_ONLY.some((name) => id === name || id.startsWith(`${name}/`)));
  if (heavy.length > 0) throw new Error(`${fileName} must leave ${heavy.join(', ')} to the backend process`);
}

async function run() {
  await rm(outDir, { recursive: true, force: true });
  for (const target of targets) {
    await bundle(target);
    if (target.sandboxed) await checkSandboxedRequires(target.fileName);
    if (target.fileName === 'main.cjs') await checkThinMain(target.fileName);
    console.log(`built ${path.relative(root, path.join(outDir, target.fileName))}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
