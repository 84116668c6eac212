/**
 * Files the clerk picked in the UI, waiting to be imported into a book. The browser transport
 * uploads their bytes here; the Electron transport only registers the picked file's path.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/api/errors';
import { appErrorFrom } from '../api/system-errors';

export interface StagedFile {
  path: string;
  name: string;
  /** Whether the staging area owns the bytes (and removes them once imported). */
  owned: boolean;
}

/** A whole book scanned at 300 dpi in colour stays well below this; anything larger is refused. */
export const MAX_STAGED_BYTES = 4 * 1024 ** 3;

export interface StagingOptions {
  maxBytes?: number;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(0)} GB`
    : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

class TooLarge extends Error {}

/** Whether a process of that id is running (EPERM: it is, but another user's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Each process that opens the data folder (the app, the web host, a command line call) stages
 * in its own folder, `staging/<pid>-<random>/`, so that one never empties another's.
 */
export function createStaging(root: string, options: StagingOptions = {}) {
  const staged = new Map<string, StagedFile>();
  const dir = path.join(root, `${process.pid}-${randomUUID().slice(0, 8)}`);
  const maxBytes = options.maxBytes ?? MAX_STAGED_BYTES;

  const tooLarge = (name: string) =>
    new AppError(
      'BAD_FILE',
      `Tệp "${path.basename(name)}" lớn hơn ${sizeText(maxBytes)}, quá giới hạn cho một tệp scan; hãy tách thành nhiều tệp nhỏ hơn`,
      { maxBytes },
    );

  /**
   * Leftovers of processes that are gone are never imported (their staged ids died with them):
   * removed, with files of the older shared layout. Folders of running processes stay.
   */
  async function clearLeftovers(): Promise<void> {
    await fs.mkdir(root, { recursive: true });
    for (const entry of await fs.readdir(root, { withFileTypes: true })) {
      const owner = /^(\d+)-[0-9a-f]{8}$/.exec(entry.name);
      if (entry.isDirectory() && owner && (path.join(root, entry.name) === dir || isAlive(Number(owner[1])))) continue;
      await fs.rm(path.join(root, entry.name), { recursive: true, force: true });
    }
    await fs.mkdir(dir, { recursive: true });
  }

  /** The declared size of an upload, when known: refused before a byte is written. */
  function checkDeclaredSize(name: string, bytes: number): void {
    if (bytes > maxBytes) throw tooLarge(name);
  }

  async function stageStream(name: string, body: Readable): Promise<{ stagedId: string }> {
    const stagedId = randomUUID();
    const target = path.join(dir, stagedId);
    let size = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) done(new TooLarge());
        else done(null, chunk);
      },
    });
    try {
      await fs.mkdir(dir, { recursive: true });
      await pipeline(body, counting, createWriteStream(target, { flags: 'wx', flush: true }));
    } catch (error) {
      await fs.rm(target, { force: true });
      if (error instanceof TooLarge) throw tooLarge(name);
      const known = appErrorFrom(error);
      if (known && known.code !== 'VALIDATION') throw known;
      throw new AppError('BAD_FILE', `Không nhận được trọn vẹn tệp "${name}"`, { cause: String(error) });
    }
    staged.set(stagedId, { path: target, name: path.basename(name), owned: true });
    return { stagedId };
  }

  async function stagePath(filePath: string): Promise<{ stagedId: string }> {
    const stat = await fs.stat(filePath).catch(() => undefined);
    if (!stat?.isFile()) throw new AppError('BAD_FILE', 'Không đọc được tệp đã chọn');
    if (stat.size > maxBytes) throw tooLarge(filePath);
    const stagedId = randomUUID();
    staged.set(stagedId, { path: filePath, name: path.basename(filePath), owned: false });
    return { stagedId };
  }

  function resolve(stagedId: string): StagedFile {
    const file = staged.get(stagedId);
    if (!file) throw new AppError('NOT_FOUND', 'Tệp tạm không còn; hãy chọn lại tệp scan');
    return file;
  }

  async function release(stagedId: string): Promise<void> {
    const file = staged.get(stagedId);
    staged.delete(stagedId);
    if (file?.owned) await fs.rm(file.path, { force: true });
  }

  return { dir, clearLeftovers, checkDeclaredSize, stageStream, stagePath, resolve, release, maxBytes };
}

export type Staging = ReturnType<typeof createStaging>;
