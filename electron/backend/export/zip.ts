/**
 * The zip of entry PDFs: written as a stream (archiver), one entry at a time so that memory
 * holds one PDF at most; read back entry by entry (yauzl) for the verification.
 */
import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface ZipWriter {
  /** Adds one file; resolves once it has been handed to the file. */
  add(name: string, bytes: Uint8Array): Promise<void>;
  /** Writes the central directory and closes the file. */
  finish(): Promise<void>;
  /** Stops writing (the caller deletes the file). */
  abort(): Promise<void>;
}

/** Entries handed to archiver but not yet in the file: at most this many, and this many bytes. */
const MAX_PENDING_ENTRIES = 64;
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/** PDFs of scans do not compress: stored as they are, which also keeps writing fast. */
export function openZipWriter(file: string, date: Date): ZipWriter {
  const archive = new ZipArchive({ store: true, forceZip64: false });
  // Large writes: a zip of many small PDFs is otherwise thousands of small system calls.
  const out = createWriteStream(file, { flags: 'wx', highWaterMark: 1024 * 1024 });
  let failure: Error | undefined;
  // Entries go through archiver one after the other; a few may wait in its queue while the next
  // PDF is built, but no more than the limits above (bounded memory whatever the book's size).
  const pendingSizes: number[] = [];
  let pendingBytes = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const fail = (error: Error) => {
    failure ??= error;
    notify();
  };
  archive.on('error', fail);
  archive.on('entry', () => {
    pendingBytes -= pendingSizes.shift() ?? 0;
    notify();
  });
  out.on('error', fail);
  archive.pipe(out);
  const closed = finished(out).catch((error: Error) => fail(error));

  return {
    async add(name, bytes) {
      if (failure) throw failure;
      pendingSizes.push(bytes.byteLength);
      pendingBytes += bytes.byteLength;
      archive.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { name, date });
      while (!failure && (pendingSizes.length > MAX_PENDING_ENTRIES || pendingBytes > MAX_PENDING_BYTES)) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure) throw failure;
    },
    async finish() {
      await archive.finalize();
      await closed;
      if (failure) throw failure;
    },
    async abort() {
      archive.abort();
      out.destroy();
      await closed;
    },
  };
}

export interface ZipEntryInfo {
  name: string;
  /** Why extracting this entry would write outside the target folder, in Vietnamese. */
  unsafe?: string;
  size: number;
  sha256: string;
  /** The bytes, when the caller asked to keep them. */
  bytes?: Buffer;
}

/**
 * Why a name in a zip is unsafe to extract (zip-slip), in Vietnamese; undefined when safe.
 * An absolute path, a drive letter, a ".." segment or a backslash (a separator on Windows).
 */
export function unsafeZipPath(name: string): string | undefined {
  if (/^[A-Za-z]:/.test(name) || name.startsWith('/') || name.startsWith('\\')) {
    return 'đường dẫn tuyệt đối, giải nén sẽ ghi ra ngoài thư mục đích';
  }
  if (name.split(/[\\/]/).includes('..')) return 'có "..", giải nén sẽ ghi ra ngoài thư mục đích';
  if (name.includes('\\')) return 'có dấu \\ (trên Windows là dấu phân cách thư mục)';
  return undefined;
}

/**
 * Reads every entry of a zip in order, hashing each; `keep` decides which entries' bytes are
 * passed on (to count PDF pages). An entry with an unsafe name (unsafeZipPath) is passed on with
 * the reason, and reading goes on with the next. Throws when the zip cannot be read.
 */
export async function readZipEntries(
  file: string,
  onEntry: (entry: ZipEntryInfo) => Promise<void> | void,
  keep: (name: string) => boolean = () => false,
): Promise<void> {
  // Names are decoded here rather than by yauzl, which stops at the first unsafe name.
  const zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const unsafe = unsafeZipPath(name);
      if (name.endsWith('/') && !unsafe) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      const wanted = !unsafe && keep(name);
      let size = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (wanted) chunks.push(chunk);
      }
      await onEntry({
        name,
        ...(unsafe ? { unsafe } : {}),
        size,
        sha256: hash.digest('hex'),
        ...(wanted ? { bytes: Buffer.concat(chunks) } : {}),
      });
    }
  } finally {
    zip.close();
  }
}

export interface ZipListing {
  name: string;
  unsafe?: string;
  /** Uncompressed size as the central directory gives it. */
  size: number;
  /** Present for the entries read (`read` said yes): their SHA-256 and, when asked, bytes. */
  sha256?: string;
  bytes?: Buffer;
}

/**
 * The entries of a zip from its central directory, in order, reading (hashing) only those `read`
 * selects and keeping the bytes of those `keep` selects: a check of names and counts plus an
 * independent read of a sample, without reading every entry. Throws when the zip cannot be read.
 */
export async function scanZipEntries(
  file: string,
  onEntry: (entry: ZipListing) => Promise<void> | void,
  read: (name: string, index: number) => boolean,
  keep: (name: string) => boolean = () => false,
): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  try {
    let index = 0;
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const unsafe = unsafeZipPath(name);
      if (name.endsWith('/') && !unsafe) continue;
      index += 1;
      if (unsafe || !read(name, index)) {
        await onEntry({ name, ...(unsafe ? { unsafe } : {}), size: entry.uncompressedSize });
        continue;
      }
      const stream = await zip.openReadStreamPromise(entry);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      const wanted = keep(name);
      let size = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (wanted) chunks.push(chunk);
      }
      await onEntry({ name, size, sha256: hash.digest('hex'), ...(wanted ? { bytes: Buffer.concat(chunks) } : {}) });
    }
  } finally {
    zip.close();
  }
}
