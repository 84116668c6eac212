/** Where data lives. Shared by the Electron shell, the web host and the CLI so they agree. */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'SoHoaHoTich';

/** A data folder per OS user: %APPDATA% on Windows, Application Support on macOS, XDG on Linux. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SOHOA_DATA_DIR) return path.resolve(env.SOHOA_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), APP_FOLDER_NAME);
}

export interface DataLayout {
  root: string;
  database: string;
  files: string;
  staging: string;
}

export function dataLayout(dataDir: string): DataLayout {
  const root = path.resolve(dataDir);
  return {
    root,
    database: path.join(root, 'sohoa.sqlite'),
    files: path.join(root, 'files'),
    staging: path.join(root, 'staging'),
  };
}

/** The operating-system user, recorded as the actor until the app has its own users. */
export function currentActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
