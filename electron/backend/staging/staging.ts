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
/** Uploads of another process sharing the data folder are younger than this; older ones are abandoned. */
export const STAGED_MAX_AGE_MS = 60 * 60 * 1000;

export interface StagingOptions {
  maxBytes?: number;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(0)} GB`
    : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

class TooLarge extends Error {}

export function createStaging(dir: string, options: StagingOptions = {}) {
  const staged = new Map<string, StagedFile>();
  const maxBytes = options.maxBytes ?? MAX_STAGED_BYTES;

  const tooLarge = (name: string) =>
    new AppError(
      'BAD_FILE',
      `Tệp "${path.basename(name)}" lớn hơn ${sizeText(maxBytes)}, quá giới hạn cho một tệp scan; hãy tách thành nhiều tệp nhỏ hơn`,
      { maxBytes },
    );

  /**
   * Leftovers of an earlier run are never imported: their staged ids died with it. Those of
   * another process still running on the same data folder are young and stay.
   */
  async function clearLeftovers(startedAt = Date.now()): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    for (const name of await fs.readdir(dir)) {
      const file = path.join(dir, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < startedAt - STAGED_MAX_AGE_MS) await fs.rm(file, { recursive: true, force: true });
    }
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

  return { clearLeftovers, checkDeclaredSize, stageStream, stagePath, resolve, release, maxBytes };
}

export type Staging = ReturnType<typeof createStaging>;
