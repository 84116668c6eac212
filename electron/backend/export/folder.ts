/**
 * The export folder: a visible folder the clerk chooses (remembered per user), by default
 * `SoHoaHoTich` in the user's Documents, never the hidden data folder; its checks (absolute,
 * creatable, writable); and opening it in the system's file manager.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { absoluteDir } from '../../../shared/export/export';
import { APP_FOLDER_NAME } from '../paths';
import { PART_SUFFIX } from './files';

export interface FolderEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** Reads a small text file; undefined when it cannot. */
  readText: (file: string) => string | undefined;
}

const systemEnvironment = (): FolderEnvironment => ({
  env: process.env,
  platform: process.platform,
  home: os.homedir(),
  readText: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
});

/**
 * The user's Documents folder: `XDG_DOCUMENTS_DIR` (environment, then `user-dirs.dirs`, where a
 * Vietnamese desktop writes "$HOME/Tài liệu") on Linux, `~/Documents` elsewhere (Windows:
 * `%USERPROFILE%\Documents`).
 */
export function documentsDir(environment: FolderEnvironment = systemEnvironment()): string {
  const { env, platform, home, readText } = environment;
  if (platform === 'win32') return path.win32.join(env.USERPROFILE ?? home, 'Documents');
  if (platform !== 'darwin') {
    const expand = (value: string) => value.replace(/^\$HOME(?=\/|$)/, home).replace(/^~(?=\/|$)/, home);
    if (env.XDG_DOCUMENTS_DIR) return path.resolve(expand(env.XDG_DOCUMENTS_DIR));
    const config = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
    const dirs = readText(path.join(config, 'user-dirs.dirs'));
    const line = dirs?.split('\n').find((l) => /^\s*XDG_DOCUMENTS_DIR=/.test(l));
    const value = line ? /=\s*"?([^"]*)"?\s*$/.exec(line)?.[1] : undefined;
    // "$HOME/" alone means the feature is off (xdg-user-dirs): fall back to ~/Documents.
    if (value && expand(value).replace(/\/+$/, '') !== home) return path.resolve(expand(value));
  }
  return path.join(home, 'Documents');
}

/**
 * Where exports go until the clerk chooses: `SOHOA_EXPORT_DIR` when set (scripts, tests), else
 * `<Documents>/SoHoaHoTich`.
 */
export function defaultExportDir(environment: FolderEnvironment = systemEnvironment()): string {
  if (environment.env.SOHOA_EXPORT_DIR) return path.resolve(environment.env.SOHOA_EXPORT_DIR);
  const documents = documentsDir(environment);
  return environment.platform === 'win32'
    ? path.win32.join(documents, APP_FOLDER_NAME)
    : path.join(documents, APP_FOLDER_NAME);
}

/**
 * Makes sure `dir` is an absolute folder the app can write into, creating it when missing.
 * Throws VALIDATION with a Vietnamese message otherwise. Returns the resolved path.
 */
export async function ensureWritableDir(dir: string): Promise<string> {
  const parsed = absoluteDir.safeParse(dir);
  if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues[0]?.message ?? 'Thư mục không hợp lệ');
  const resolved = path.resolve(parsed.data);
  const stat = await fs.stat(resolved).catch(() => undefined);
  if (stat && !stat.isDirectory()) {
    throw new AppError('VALIDATION', `${resolved} là một tệp, không phải thư mục; hãy chọn thư mục khác`);
  }
  if (!stat) {
    try {
      await fs.mkdir(resolved, { recursive: true });
    } catch {
      throw new AppError('VALIDATION', `Không tạo được thư mục ${resolved}; hãy chọn thư mục khác`);
    }
  }
  const probe = path.join(resolved, `.sohoa-ghi-thu-${randomBytes(4).toString('hex')}${PART_SUFFIX}`);
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
    await fs.rm(probe, { force: true });
  } catch {
    throw new AppError(
      'VALIDATION',
      `Không ghi được vào thư mục ${resolved} (không có quyền ghi?); hãy chọn thư mục khác`,
    );
  }
  return resolved;
}

/** Opens a folder in the system's file manager. */
export type FolderOpener = (dir: string) => Promise<void>;

/** The command that opens a folder on this system: explorer, open, or xdg-open. */
export function openerCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'explorer.exe';
  if (platform === 'darwin') return 'open';
  return 'xdg-open';
}

/**
 * Opens with the system's opener, detached (the file manager outlives the app), the path as one
 * argument (no shell). Resolves once the opener started.
 */
export const systemFolderOpener: FolderOpener = (dir) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(openerCommand(), [dir], { detached: true, stdio: 'ignore', shell: false });
    child.once('error', () => reject(new AppError('INTERNAL', 'Không mở được thư mục bằng trình quản lý tệp của máy')));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });

/** Opens `dir` when it is an existing folder; a clear Vietnamese message otherwise. */
export async function openExportFolder(dir: string, opener: FolderOpener): Promise<void> {
  const resolved = path.resolve(dir);
  const stat = await fs.stat(resolved).catch(() => undefined);
  if (!stat?.isDirectory()) throw new AppError('NOT_FOUND', `Không có thư mục ${resolved}`);
  await opener(resolved);
}
