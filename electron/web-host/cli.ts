/**
 * `npm run dev:web -- [--data-dir DIR] [--port N]`: the app in a browser against a local
 * backend. Prints the address to open and runs until stopped.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openGate } from '../backend/accounts/gate';
import { defaultDataDir } from '../backend/paths';
import { MIGRATIONS_DIR, RENDERER_DIST_DIR } from '../backend/source-paths';
import { syncIntervalFromEnv, syncOptionsFromEnv } from '../backend/sync/sync-service';
import { startWebHost } from './server';

const { values } = parseArgs({
  // --renderer-dir: another built renderer (tests serve a stand-in page without building one).
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'renderer-dir': { type: 'string' } },
  allowPositionals: false,
});

const dataDir = values['data-dir'] ?? defaultDataDir();
// For the end-to-end tests: "Mở thư mục" writes the folder to this file instead of launching
// the system's file manager.
const openLog = process.env.SOHOA_OPEN_FOLDER_LOG;
// The database opens at the first login in the browser (its key is unwrapped with the password).
const gate = await openGate({
  dataDir,
  migrationsDir: MIGRATIONS_DIR,
  // The sync job starts with the backend (at the first login) and stops when it closes.
  backend: {
    syncIntervalMs: syncIntervalFromEnv(),
    sync: syncOptionsFromEnv(),
    ...(openLog ? { openFolder: (dir: string) => fs.appendFile(openLog, `${dir}\n`) } : {}),
  },
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const host = await startWebHost({
  gate,
  rendererDir: values['renderer-dir'] ?? RENDERER_DIST_DIR,
  port: Number(values.port ?? 0),
});

console.log(`Số hóa Hộ tịch (bản trình duyệt) — dữ liệu: ${gate.layout.root}`);
console.log(`URL: ${host.openUrl}`);

const stop = async () => {
  await host.close();
  gate.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
