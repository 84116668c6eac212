/**
 * Content-addressed store for scan files: each file is copied once into the data folder under
 * its SHA-256 and never modified afterwards (read-only on disk).
 *
 * Durable before referenced: a file is written to files/tmp, flushed to disk, renamed into place
 * and its folder flushed, all before `putFile`/`putBuffer` return, so the database never points
 * at bytes a power cut could still take away. Never follows a symlink: a link planted in files/
 * (to /etc/passwd, say) is neither served nor taken for a stored scan.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Not on Windows, where a symlink needs privileges to create; lstat guards there instead. */
const O_NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

export interface StoredFile {
  sha256: string;
  size: number;
  path: string;
}

/** A stored file opened for reading; the caller closes `handle` (or lets a stream of it do so). */
export interface OpenedFile {
  handle: FileHandle;
  size: number;
}

/**
 * Opens a file for reading only when it is a regular file reached without a symlink (neither
 * the file nor its folder); undefined otherwise (missing, a link, a folder, a device …).
 */
export async function openRegularFile(filePath: string): Promise<OpenedFile | undefined> {
  const folder = await fs.lstat(path.dirname(filePath)).catch(() => undefined);
  if (!folder?.isDirectory()) return undefined;
  if (!O_NOFOLLOW) {
    const link = await fs.lstat(filePath).catch(() => undefined);
    if (!link?.isFile()) return undefined;
  }
  let handle: FileHandle;
  try {
    handle = await fs.open(filePath, fsConstants.O_RDONLY | O_NOFOLLOW);
  } catch {
    return undefined; // ELOOP for a symlink, ENOENT, EACCES …
  }
  const stat = await handle.stat().catch(() => undefined);
  if (!stat?.isFile()) {
    await handle.close();
    return undefined;
  }
  return { handle, size: stat.size };
}

/** How the store makes a write durable; replaceable so a test can watch the order of the steps. */
export interface Durability {
  /** Flushes a written file's bytes to disk. */
  syncFile(filePath: string): Promise<void>;
  /** Flushes a folder, so that a rename or a new entry in it survives a power cut. */
  syncDir(dirPath: string): Promise<void>;
}

export const diskDurability: Durability = {
  async syncFile(filePath) {
    const handle = await fs.open(filePath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async syncDir(dirPath) {
    let handle: FileHandle;
    try {
      handle = await fs.open(dirPath, 'r');
    } catch (error) {
      // Windows cannot open a folder; NTFS journals the rename itself.
      if (process.platform === 'win32') return;
      throw error;
    }
    try {
      await handle.sync();
    } catch (error) {
      if (process.platform !== 'win32') throw error;
    } finally {
      await handle.close();
    }
  },
};

export class FileStore {
  constructor(
    readonly root: string,
    private readonly durability: Durability = diskDurability,
  ) {}

  /** Where the file with this hash lives; throws on anything that is not a SHA-256. */
  pathFor(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Where half-written files wait (cleared of abandoned ones at start, see sweep.ts). */
  get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }

  /** True when a regular file (not a symlink) is stored under this hash. */
  async has(sha256: string): Promise<boolean> {
    const file = this.pathFor(sha256);
    const [folder, stat] = await Promise.all([
      fs.lstat(path.dirname(file)).catch(() => undefined),
      fs.lstat(file).catch(() => undefined),
    ]);
    return Boolean(folder?.isDirectory() && stat?.isFile());
  }

  /**
   * Called when a file asked for is missing: a derived file (a page's screen rendition or
   * thumbnail) is made again from its original. Set by the backend once its database is open.
   */
  rebuildMissing?: (sha256: string) => Promise<void>;
  private readonly rebuilding = new Map<string, Promise<void>>();

  /**
   * Opens a stored file without following symlinks; undefined when there is no regular file
   * (after trying to rebuild it, see `rebuildMissing`).
   */
  async open(sha256: string): Promise<OpenedFile | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    const opened = await openRegularFile(this.pathFor(sha256));
    if (opened || !this.rebuildMissing) return opened;
    let rebuilt = this.rebuilding.get(sha256);
    if (!rebuilt) {
      rebuilt = this.rebuildMissing(sha256)
        .catch(() => undefined) // not rebuilt: missing, as before
        .finally(() => this.rebuilding.delete(sha256));
      this.rebuilding.set(sha256, rebuilt);
    }
    await rebuilt;
    return openRegularFile(this.pathFor(sha256));
  }

  /** The bytes of a stored file (never through a symlink); throws when there is none. */
  async read(sha256: string): Promise<Buffer> {
    const opened = await this.open(sha256);
    if (!opened) throw Object.assign(new Error(`no stored file ${sha256}`), { code: 'ENOENT' });
    try {
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  /** Stores derived bytes (renditions, thumbnails); the same bytes are stored once. */
  async putBuffer(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathFor(sha256);
    if (await this.has(sha256)) {
      await this.touch(target);
    } else {
      await fs.mkdir(this.tmpDir, { recursive: true });
      const tmp = path.join(this.tmpDir, randomUUID());
      try {
        await fs.writeFile(tmp, bytes, { flag: 'wx', mode: 0o444 });
        await this.settle(tmp, target);
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
    }
    return { sha256, size: bytes.length, path: target };
  }

  /** Copies a file in, hashing while copying, so a large book is read once. */
  async putFile(source: string): Promise<StoredFile> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, randomUUID());
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
        await this.touch(target);
      } else {
        await fs.chmod(tmp, 0o444);
        await this.settle(tmp, target);
      }
      return { sha256, size, path: target };
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  /**
   * Makes a written temporary file the stored one, durably: its bytes flushed, then renamed into
   * its folder (a symlink planted at the target is replaced, never written through), then the
   * folder (and the store, when the folder is new) flushed.
   */
  private async settle(tmp: string, target: string): Promise<void> {
    await this.durability.syncFile(tmp);
    const folder = path.dirname(target);
    const folderStat = await fs.lstat(folder).catch(() => undefined);
    if (folderStat && !folderStat.isDirectory()) await fs.rm(folder, { force: true }); // a planted link
    const created = await fs.mkdir(folder, { recursive: true });
    if (created !== undefined) await this.durability.syncDir(this.root);
    await fs.rename(tmp, target);
    await this.durability.syncDir(folder);
  }

  /**
   * Marks a stored file as just (re)used: the sweep of unreferenced files at start leaves young
   * ones alone, so a file another running import reuses is not taken from under it.
   */
  private async touch(target: string): Promise<void> {
    const now = new Date();
    await fs.lutimes(target, now, now).catch(() => undefined);
  }
}
