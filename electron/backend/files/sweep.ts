/**
 * What a killed import leaves behind, cleared at start: half-written files in files/tmp, and
 * stored files no row points at. Another process (the `sohoa` command line, a second window) may
 * be importing into the same data folder at this very moment, so only what is clearly abandoned
 * goes: a temporary file untouched for an hour (one being written is touched with every chunk),
 * a stored file untouched for a day (the store touches a file again whenever an import reuses it,
 * and an import writes its rows within minutes of its files).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs/promises';
import path from 'node:path';
import { auditReader } from '../audit/audit-reader';
import { SHA256_HEX, type FileStore } from './file-store';

export const TMP_MAX_AGE_MS = 60 * 60 * 1000;
export const BLOB_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface SweepOptions {
  /** When this process started: nothing modified after (start − age) is touched. */
  startedAt: number;
  tmpMaxAgeMs?: number;
  blobMaxAgeMs?: number;
}

export interface SweepReport {
  tmp: string[];
  blobs: string[];
}

const SHARD = /^[0-9a-f]{2}$/;

/** Every hash a row of the database names: scans, renditions, thumbnails, and the audit log's. */
function referencedHashes(sqlite: Database.Database): Set<string> {
  const rows = sqlite
    .prepare(
      `SELECT sha256 AS h FROM scan_files
       UNION SELECT display_sha256 FROM pages WHERE display_sha256 IS NOT NULL
       UNION SELECT thumb_sha256 FROM pages WHERE thumb_sha256 IS NOT NULL
       UNION SELECT view_sha256 FROM pages WHERE view_sha256 IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  return new Set(rows);
}

/** The audit log names removed files by hash: they stay, as the history's evidence. */
function namedInAudit(sqlite: Database.Database, sha256: string): boolean {
  return auditReader(sqlite).mentions(sha256);
}

export async function sweepAbandoned(store: FileStore, sqlite: Database.Database, options: SweepOptions) {
  const report: SweepReport = { tmp: [], blobs: [] };
  const tmpBefore = options.startedAt - (options.tmpMaxAgeMs ?? TMP_MAX_AGE_MS);
  const blobBefore = options.startedAt - (options.blobMaxAgeMs ?? BLOB_MAX_AGE_MS);

  for (const name of await fs.readdir(store.tmpDir).catch(() => [] as string[])) {
    const file = path.join(store.tmpDir, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat || stat.mtimeMs >= tmpBefore) continue;
    await fs.rm(file, { recursive: true, force: true });
    report.tmp.push(name);
  }

  const candidates: { sha256: string; file: string }[] = [];
  for (const shard of await fs.readdir(store.root).catch(() => [] as string[])) {
    if (!SHARD.test(shard)) continue;
    const folder = path.join(store.root, shard);
    const folderStat = await fs.lstat(folder).catch(() => undefined);
    if (!folderStat?.isDirectory()) continue;
    for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
      if (!SHA256_HEX.test(name) || !name.startsWith(shard)) continue;
      const file = path.join(folder, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < blobBefore) candidates.push({ sha256: name, file });
    }
  }
  if (candidates.length === 0) return report;
  const referenced = referencedHashes(sqlite);
  for (const { sha256, file } of candidates) {
    if (referenced.has(sha256) || namedInAudit(sqlite, sha256)) continue;
    // Checked again just before: an import may have touched it since the listing.
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat || stat.mtimeMs >= blobBefore) continue;
    await fs.rm(file, { force: true });
    report.blobs.push(sha256);
  }
  return report;
}
