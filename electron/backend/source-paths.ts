/**
 * Paths inside the source tree, for the entry points that run from source (CLI, web host, tests).
 * The packaged Electron app passes its own paths instead.
 */
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
export const RENDERER_DIST_DIR = fileURLToPath(new URL('../../dist-renderer', import.meta.url));
