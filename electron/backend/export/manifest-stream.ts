/**
 * The manifest of a large book without holding it: what the manifest lists of each entry is
 * spooled to a file line by line while the entries are written, then streamed into the manifest
 * (and the acceptance report). The manifest's text is exactly `JSON.stringify(manifest, null, 1)`
 * plus a newline, as earlier versions wrote it, so that their `verify` and this one read both.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import type { ExportManifest } from '../../../shared/export/export';

export type ManifestEntry = ExportManifest['entries'][number];

/** Manifest entries, one JSON line each, appended in row order and read back as a stream. */
export class EntrySpool {
  private readonly out: WriteStream;
  private readonly closed: Promise<void>;
  count = 0;

  /** A spool in a folder of its own under the system's temporary folder (never in the export folder). */
  static async create(): Promise<EntrySpool> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-export-spool-'));
    return new EntrySpool(path.join(dir, 'entries.jsonl'));
  }

  private constructor(readonly file: string) {
    this.out = createWriteStream(file, { flags: 'wx' });
    this.closed = finished(this.out);
    this.closed.catch(() => {}); // observed in finish()
  }

  async add(entry: ManifestEntry): Promise<void> {
    this.count += 1;
    if (!this.out.write(`${JSON.stringify(entry)}\n`)) await once(this.out, 'drain');
  }

  async finish(): Promise<void> {
    this.out.end();
    await this.closed;
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await this.closed.catch(() => {});
  }

  /** Deletes the spool and its folder. */
  async remove(): Promise<void> {
    await this.abort();
    await fs.rm(path.dirname(this.file), { recursive: true, force: true });
  }

  async *entries(): AsyncGenerator<ManifestEntry> {
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as ManifestEntry;
  }

  /** Every entry at once: only when a check must name what differs. */
  async readAll(): Promise<ManifestEntry[]> {
    const all: ManifestEntry[] = [];
    for await (const entry of this.entries()) all.push(entry);
    return all;
  }
}

const ENTRIES_PLACEHOLDER = '\n "entries": []';

/**
 * Writes `manifest` (its `entries` empty) with `entries` in their place, streaming; the bytes are
 * those of `JSON.stringify({ ...manifest, entries }, null, 1)` and a newline. Returns the size.
 */
export async function writeManifest(
  file: string,
  manifest: ExportManifest,
  entries: AsyncIterable<ManifestEntry>,
): Promise<number> {
  const text = JSON.stringify({ ...manifest, entries: [] }, null, 1);
  const at = text.indexOf(ENTRIES_PLACEHOLDER);
  if (at < 0) throw new Error('manifest without entries');
  const out = createWriteStream(file, { flags: 'wx' });
  const closed = finished(out);
  closed.catch(() => {}); // observed below
  let size = 0;
  const write = async (part: string) => {
    size += Buffer.byteLength(part);
    if (!out.write(part)) await once(out, 'drain');
  };
  try {
    await write(text.slice(0, at));
    let first = true;
    for await (const entry of entries) {
      const item = JSON.stringify(entry, null, 1)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n');
      await write(first ? '\n "entries": [\n' : ',\n');
      await write(item);
      first = false;
    }
    await write(first ? ENTRIES_PLACEHOLDER : '\n ]');
    await write(`${text.slice(at + ENTRIES_PLACEHOLDER.length)}\n`);
    out.end();
    await closed;
  } catch (error) {
    out.destroy();
    throw error;
  }
  return size;
}
