/** File helpers of the export: hashing, temporary names, the final renames. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a JSON value in canonical form (RFC 8785), for comparing rows and leaves. */
export function sha256Json(value: unknown): string {
  return sha256Hex(canonicalize(value) ?? '');
}

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Marks temporary files of an export: hidden, and recognisable by `verify`. */
export const PART_SUFFIX = '.part';

/**
 * Files written under temporary names in the target folder, renamed to their final names only
 * when everything is written and checked: a cancelled or failed export leaves the previous
 * complete one as it was.
 */
export class StagedFiles {
  private readonly tag = randomBytes(4).toString('hex');
  private readonly staged = new Map<string, string>();

  constructor(readonly dir: string) {}

  /** The temporary path for a final name. */
  temp(finalName: string): string {
    const tmp = path.join(this.dir, `.${finalName}.${this.tag}${PART_SUFFIX}`);
    this.staged.set(finalName, tmp);
    return tmp;
  }

  final(finalName: string): string {
    return path.join(this.dir, finalName);
  }

  /** Renames in the given order (the manifest last: it marks the export complete). */
  async commit(order: string[]): Promise<void> {
    for (const name of order) {
      const tmp = this.staged.get(name);
      if (!tmp) throw new Error(`not staged: ${name}`);
      await fs.rename(tmp, this.final(name));
      this.staged.delete(name);
    }
  }

  /**
   * Removes temporary files a crashed export of the same files left behind (a cancelled or
   * failed one removes its own). Only for names no other export is writing now.
   */
  async removeLeftovers(finalNames: string[]): Promise<void> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const stale = names.filter(
      (n) =>
        n.endsWith(PART_SUFFIX) &&
        !n.includes(`.${this.tag}${PART_SUFFIX}`) &&
        finalNames.some(
          (f) => n.startsWith(`.${f}.`) && /^[0-9a-f]{8}$/.test(n.slice(f.length + 2, -PART_SUFFIX.length)),
        ),
    );
    await Promise.all(stale.map((n) => fs.rm(path.join(this.dir, n), { force: true })));
  }

  /** Removes whatever is still under a temporary name. */
  async discard(): Promise<void> {
    await Promise.all([...this.staged.values()].map((tmp) => fs.rm(tmp, { force: true })));
    this.staged.clear();
  }
}
