#!/usr/bin/env node
/**
 * Builds the command-line entry points once, so that nothing is transpiled when they start:
 *
 *   electron/cli/main.ts      → dist/cli/<build>/sohoa.mjs (+ one chunk per lazily loaded verb)
 *   electron/web-host/cli.ts  → dist/cli/<build>/web-host.mjs (npm run dev:web, the e2e tests)
 *   dist/cli/build.json       → which build is current, and the sources it was made from
 *
 * esbuild, ES modules for Node 22, split so that `sohoa --help` loads only the entry chunk.
 * Pure-JS dependencies that are cheap to parse are bundled in; native addons and the heavy
 * libraries (Excel, PDF, fonts, zip) stay external, loaded from node_modules when a verb needs
 * them. Each build goes into its own folder and build.json is replaced atomically, so a `sohoa`
 * already running (or starting while another one rebuilds) never reads half-written files.
 *
 * electron/cli/bin.mjs and electron/web-host/bin.mjs call freshEntry() on every start and build()
 * when the bundle is missing or older than any of its sources (a source edit is never silently ignored); `npm install` builds
 * it once through the "prepare" script. dist/ is gitignored.
 *
 * Usage: node electron/tools/build-cli.mjs   (npm run build:cli)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_DIST = path.join(ROOT, 'dist', 'cli');
const MANIFEST = path.join(CLI_DIST, 'build.json');

/** What is built, by output name; entries that do not exist (yet) in this checkout are left out. */
const ENTRIES = Object.fromEntries(
  Object.entries({ sohoa: 'electron/cli/main.ts', 'web-host': 'electron/web-host/cli.ts' }).filter(([, file]) =>
    fs.existsSync(path.join(ROOT, file)),
  ),
);

/** Bundled into the CLI: small pure-JS packages (and i18n-iso-countries' JSON). */
const BUNDLED_PACKAGES = ['zod', 'drizzle-orm', 'uuid', 'canonicalize', 'i18n-iso-countries'];
/** Besides the sources themselves: a new esbuild setting or npm install also means a rebuild. */
const EXTRA_INPUTS = ['electron/tools/build-cli.mjs', 'package.json', 'node_modules/.package-lock.json'];

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
}

/** What identifies a version of a file without reading it: size and modification time. */
function stamp(file) {
  const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/**
 * The entry file of the current build, or undefined when there is none or when one of its
 * inputs (each source file it was built from, package.json, the installed packages) changed,
 * appeared or disappeared since: a few dozen stat calls, no reading.
 */
export function freshEntry(name = 'sohoa') {
  const manifest = readManifest();
  if (!manifest || typeof manifest.inputs !== 'object' || manifest.inputs === null) return undefined;
  const entry = path.join(CLI_DIST, String(manifest.id), `${name}.mjs`);
  if (!fs.existsSync(entry)) return undefined;
  for (const [file, was] of Object.entries(manifest.inputs)) {
    if (stamp(file) !== was) return undefined;
  }
  return entry;
}

/** Removes builds other than the current one, once they are old enough not to be running. */
function removeOldBuilds(currentId) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of fs.readdirSync(CLI_DIST)) {
    const dir = path.join(CLI_DIST, name);
    if (name === currentId || name === 'build.json') continue;
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the entry points and makes them current; returns the file of the one named. */
export async function build(name = 'sohoa') {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const id = `${started.toString(36)}-${process.pid}`;
  // The inputs of the last build, stamped before esbuild reads them: one edited while it runs
  // keeps its earlier stamp here, so the next start sees the change and builds again.
  const before = new Map(Object.keys(readManifest()?.inputs ?? {}).map((file) => [file, stamp(file)]));
  for (const file of EXTRA_INPUTS) before.set(file, stamp(file));
  const outdir = path.join(CLI_DIST, id);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    external: externalPackages(),
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.split('/').includes('node_modules'));
  // A file new to this build is stamped now; if it was modified during the build (or just before
  // it, given coarse file times) it may be bundled in either version, so it gets a stamp that
  // never matches and the next start builds again.
  const unsure = started - 2000;
  const inputs = Object.fromEntries(
    [...sources, ...EXTRA_INPUTS].map((file) => {
      if (before.has(file)) return [file, before.get(file)];
      const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
      return [file, stat && stat.mtimeMs >= unsure ? 'modified-during-build' : stamp(file)];
    }),
  );
  const manifest = { id, inputs };
  const temp = `${MANIFEST}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(manifest, null, 1)}\n`);
  fs.renameSync(temp, MANIFEST);
  removeOldBuilds(id);
  return path.join(outdir, `${name}.mjs`);
}

/** Every dependency of package.json (and its subpaths) except the bundled ones. */
function externalPackages() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
    (name) => !BUNDLED_PACKAGES.includes(name),
  );
  return names.flatMap((name) => [name, `${name}/*`]);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  build().then(
    (entry) => console.log(`built ${path.relative(ROOT, entry)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
