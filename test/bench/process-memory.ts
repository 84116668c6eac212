/**
 * Memory of the processes a bench started (Chromium's browser, renderer, GPU and utility
 * processes), read from /proc. Linux only: elsewhere it finds no processes and the figures
 * that depend on it are reported as unavailable.
 */
import fs from 'node:fs/promises';

export interface ProcessMemory {
  pid: number;
  /** Chromium's --type (renderer, gpu-process, utility, zygote…), or "browser" without one. */
  type: string;
  rssBytes: number;
  /** Proportional set size: shared pages split between their users, so the sum is meaningful. */
  pssBytes?: number;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile, or this is not Linux
  }
}

const kilobytes = (text: string | undefined, field: string): number | undefined => {
  const m = text ? new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text) : null;
  return m ? Number(m[1]) * 1024 : undefined;
};

/** Every live descendant of `rootPid` (not the root itself). */
export async function descendants(rootPid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fs.readdir('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readText(`/proc/${name}/stat`);
        if (!stat) return;
        // "pid (comm) state ppid …": comm may contain spaces and parentheses.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const list = children.get(ppid) ?? [];
        list.push(Number(name));
        children.set(ppid, list);
      }),
  );
  const found: number[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Memory of every Chromium process below `rootPid` (other descendants are left out). */
export async function chromiumProcesses(rootPid: number): Promise<ProcessMemory[]> {
  const pids = await descendants(rootPid);
  const result = await Promise.all(
    pids.map(async (pid): Promise<ProcessMemory | undefined> => {
      // Chromium's child processes rewrite their argv into one space-separated string.
      const cmdline = (await readText(`/proc/${pid}/cmdline`))?.replaceAll('\0', ' ') ?? '';
      if (!/chrom/i.test(cmdline.split(' ')[0] ?? '')) return undefined;
      const type = /(?:^| )--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser';
      const rssBytes = kilobytes(await readText(`/proc/${pid}/status`), 'VmRSS');
      if (rssBytes === undefined) return undefined;
      const pssBytes = kilobytes(await readText(`/proc/${pid}/smaps_rollup`), 'Pss');
      return { pid, type, rssBytes, ...(pssBytes !== undefined ? { pssBytes } : {}) };
    }),
  );
  return result.filter((p): p is ProcessMemory => p !== undefined);
}
