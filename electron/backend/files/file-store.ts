/**
 * Content-addressed store for scan files: each file is copied once into the data folder under
 * its SHA-256 and never modified afterwards (read-only on disk).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredFile {
  sha256: string;
  size: number;
  path: string;
}

export class FileStore {
  constructor(readonly root: string) {}

  /** Where the file with this hash lives; throws on anything that is not a SHA-256. */
  pathFor(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return fs
      .access(this.pathFor(sha256))
      .then(() => true)
      .catch(() => false);
  }

  /** Stores derived bytes (renditions, thumbnails); the same bytes are stored once. */
  async putBuffer(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathFor(sha256);
    if (!(await this.has(sha256))) {
      await fs.mkdir(path.join(this.root, 'tmp'), { recursive: true });
      const tmp = path.join(this.root, 'tmp', randomUUID());
      await fs.writeFile(tmp, bytes, { flag: 'wx', mode: 0o444 });
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(tmp, target);
    }
    return { sha256, size: bytes.length, path: target };
  }

  /** Copies a file in, hashing while copying, so a large book is read once. */
  async putFile(source: string): Promise<StoredFile> {
    await fs.mkdir(path.join(this.root, 'tmp'), { recursive: true });
    const tmp = path.join(this.root, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(source), hashing, createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      const target = this.pathFor(sha256);
      if (await this.has(sha256)) {
        await fs.rm(tmp, { force: true });
      } else {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.chmod(tmp, 0o444);
        await fs.rename(tmp, target);
      }
      return { sha256, size, path: target };
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }
}
