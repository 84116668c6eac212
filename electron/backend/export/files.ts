/** File helpers of the export: hashing, temporary names, the final renames. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
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
 * Test seam: a child process told `SOHOA_EXPORT_KILL_AT=<step>` kills itself at that step of
 * the switch, to prove that a kill at any point leaves the complete old or the complete new
 * export (the steps are listed in SWITCH_STEPS).
 */
function killPoint(step: string): void {
  if (process.env.SOHOA_EXPORT_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

/** Every kill point of an export of five files replacing an earlier one, in order. */
export const SWITCH_STEPS = [
  'written',
  'synced',
  'committed',
  ...[1, 2, 3, 4, 5].flatMap((i) => [`aside-${i}`, `in-${i}`]),
  'switched',
  'cleaned',
];

async function fsyncPath(target: string): Promise<void> {
  const handle = await fs.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface SwitchIntent {
  /** The final names, in the order they are switched (the manifest last). */
  names: string[];
  newDir: string;
  oldDir: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Completes a committed switch: each final name's earlier file goes aside and the new one in
 * (idempotent, so that it can run again after a kill), then the leftovers go.
 */
async function rollForward(dir: string, intentFile: string, intent: SwitchIntent): Promise<void> {
  if (switching.has(intentFile)) return;
  switching.add(intentFile);
  try {
    await rollForwardNow(dir, intentFile, intent);
  } finally {
    switching.delete(intentFile);
  }
}

/** Switches this process is completing now (two exports into one folder must not both do one). */
const switching = new Set<string>();

async function rollForwardNow(dir: string, intentFile: string, intent: SwitchIntent): Promise<void> {
  const newDir = path.join(dir, path.basename(intent.newDir));
  const oldDir = path.join(dir, path.basename(intent.oldDir));
  await fs.mkdir(oldDir, { recursive: true });
  for (const [i, name] of intent.names.entries()) {
    const fresh = path.join(newDir, name);
    const final = path.join(dir, name);
    const exists = (p: string) =>
      fs
        .lstat(p)
        .then(() => true)
        .catch(() => false);
    if (!(await exists(fresh))) continue; // already in place
    if ((await exists(final)) && !(await exists(path.join(oldDir, name)))) {
      await fs.rename(final, path.join(oldDir, name));
    }
    killPoint(`aside-${i + 1}`);
    await fs.rename(fresh, final);
    killPoint(`in-${i + 1}`);
  }
  await fsyncPath(dir);
  killPoint('switched');
  await fs.rm(intentFile, { force: true });
  await fsyncPath(dir);
  await fs.rm(newDir, { recursive: true, force: true });
  await fs.rm(oldDir, { recursive: true, force: true });
  killPoint('cleaned');
}

/**
 * Finishes every switch in `dir` that was committed but interrupted (the new export is complete:
 * it goes in), so that the folder shows one complete export per book. Run before an export
 * reads the folder and before `verify`.
 */
export async function recoverSwitches(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith('.') && n.endsWith(`.switch${PART_SUFFIX}`))) {
    const file = path.join(dir, name);
    let intent: SwitchIntent | undefined;
    try {
      intent = JSON.parse(await fs.readFile(file, 'utf8')) as SwitchIntent;
    } catch {
      intent = undefined;
    }
    if (intent && Array.isArray(intent.names)) await rollForward(dir, file, intent);
    else await fs.rm(file, { force: true });
  }
}

/**
 * One export's files, written into a hidden folder beside their final place, then switched in
 * one step: every file and the folder are fsynced, then one rename of the switch intent commits
 * the change (before it, the earlier export is untouched; after it, `recoverSwitches` completes
 * the switch even after a kill). A cancelled or failed export leaves the earlier one as it was.
 */
export class StagedFiles {
  private readonly tag = randomBytes(4).toString('hex');
  private readonly staged = new Map<string, string>();
  private readonly newDir: string;
  private readonly oldDir: string;
  private readonly intentFile: string;

  constructor(
    readonly dir: string,
    /** The export's base name: names its hidden folders, so that leftovers are found. */
    readonly base: string,
  ) {
    this.newDir = path.join(dir, `.${base}.${this.tag}.new${PART_SUFFIX}`);
    this.oldDir = path.join(dir, `.${base}.${this.tag}.old${PART_SUFFIX}`);
    this.intentFile = path.join(dir, `.${base}.${this.tag}.switch${PART_SUFFIX}`);
  }

  /** The temporary path for a final name. */
  temp(finalName: string): string {
    mkdirSync(this.newDir, { recursive: true });
    const tmp = path.join(this.newDir, finalName);
    this.staged.set(finalName, tmp);
    return tmp;
  }

  final(finalName: string): string {
    return path.join(this.dir, finalName);
  }

  /** Syncs everything to disk, then switches the files in, in the given order (the manifest last). */
  async commit(order: string[]): Promise<void> {
    for (const name of order) if (!this.staged.has(name)) throw new Error(`not staged: ${name}`);
    killPoint('written');
    for (const name of order) await fsyncPath(this.staged.get(name)!);
    await fsyncPath(this.newDir);
    killPoint('synced');
    const intent: SwitchIntent = { names: order, newDir: this.newDir, oldDir: this.oldDir };
    const pending = `${this.intentFile}.tmp`;
    await fs.writeFile(pending, JSON.stringify(intent), { flag: 'wx' });
    await fsyncPath(pending);
    // The one step: from here on the new export is the export.
    await fs.rename(pending, this.intentFile);
    await fsyncPath(this.dir);
    killPoint('committed');
    this.staged.clear();
    await rollForward(this.dir, this.intentFile, intent);
  }

  /**
   * Completes interrupted switches, then removes what crashed exports of this base name left
   * behind (this export's own hidden folder is kept).
   */
  async removeLeftovers(): Promise<void> {
    await recoverSwitches(this.dir);
    const pattern = new RegExp(
      `^\\.${escapeRegExp(this.base)}\\.[0-9a-f]{8}\\.(new|old|switch)${escapeRegExp(PART_SUFFIX)}(\\.tmp)?$`,
    );
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const mine = path.basename(this.newDir);
    const stale = names.filter((n) => pattern.test(n) && n !== mine);
    await Promise.all(stale.map((n) => fs.rm(path.join(this.dir, n), { recursive: true, force: true })));
  }

  /** Removes whatever is still staged (a cancelled or failed export). */
  async discard(): Promise<void> {
    if (this.staged.size === 0) return;
    await fs.rm(this.newDir, { recursive: true, force: true });
    await fs.rm(`${this.intentFile}.tmp`, { force: true });
    this.staged.clear();
  }
}
