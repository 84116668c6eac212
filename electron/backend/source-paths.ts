/**
 * Paths inside the source tree, for the entry points that run from source (CLI, web host, tests).
 * The packaged Electron app passes its own paths instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder: the nearest one up with a package.json. Found rather than fixed relative
 * to this file, because this code also runs from the prebuilt CLI bundle (dist/cli/<build>/).
 */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
export const RENDERER_DIST_DIR = path.join(ROOT, 'dist-renderer');
