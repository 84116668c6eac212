/**
 * Scan files, content-addressed by SHA-256. The hub only talks to the BlobStore interface, so an
 * S3-compatible store can replace the folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface BlobStore {
  has(sha256: string): Promise<boolean>;
  /** Stores the stream's bytes under `sha256` if they hash to it; else stores nothing and throws BlobHashMismatch. */
  put(sha256: string, data: Readable): Promise<{ byteSize: number }>;
  /**
   * Stores a finished upload's file under `sha256` if it hashes to it (BlobHashMismatch else),
   * leaving the file where it is (a folder store links it: no second copy on disk).
   */
  putFile(sha256: string, file: string): Promise<{ byteSize: number }>;
  read(sha256: string): Promise<Readable>;
  size(sha256: string): Promise<number | undefined>;
}

export class BlobHashMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Tệp không khớp mã SHA-256: mong đợi ${expected}, nhận được ${actual}.`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A folder: files/<first two hex>/<sha256>, written through a temporary file and a rename. */
export class FolderBlobStore implements BlobStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Mã SHA-256 không hợp lệ: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== undefined;
  }

  async size(sha256: string): Promise<number | undefined> {
    const stat = await fs.promises.stat(this.pathOf(sha256)).catch(() => undefined);
    return stat?.isFile() ? stat.size : undefined;
  }

  async read(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    await fs.promises.access(file);
    return fs.createReadStream(file);
  }

  async putFile(sha256: string, file: string): Promise<{ byteSize: number }> {
    const hash = createHash('sha256');
    let byteSize = 0;
    for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      byteSize += chunk.length;
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
    if (await this.has(sha256)) return { byteSize };
    const target = this.pathOf(sha256);
    const tmp = path.join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
    try {
      await fs.promises.link(file, tmp);
    } catch {
      // Another file system (or no hard links): a copy, checked again on the way.
      return this.put(sha256, fs.createReadStream(file));
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(tmp, target);
    return { byteSize };
  }

  async put(sha256: string, data: Readable): Promise<{ byteSize: number }> {
    const target = this.pathOf(sha256);
    const tmp = path.join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let byteSize = 0;
    try {
      await pipeline(
        data,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            byteSize += chunk.length;
            yield chunk;
          }
        },
        fs.createWriteStream(tmp),
      );
      const actual = hash.digest('hex');
      if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(tmp, target);
      return { byteSize };
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }
}
