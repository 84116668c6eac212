/**
 * The real district hub for end-to-end tests: `sohoa-hub serve` on its embedded PostgreSQL
 * (PGlite) in a temporary folder, as its own process, and its command line on the same folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runNode, type SohoaRun } from '../fixtures/sohoa';
import { stopChild, trackChild } from './web-host';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HUB_BIN = path.join(ROOT, 'hub/bin.mjs');

export interface RunningHub {
  url: string;
  dataDir: string;
  /** Stops the server (SIGTERM, SIGKILL 10 s later); the folder stays for the CLI. */
  stop(): Promise<void>;
}

export function makeHubDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-hub-'));
}

/** `sohoa-hub args… --data-dir DIR` (through the running hub when there is one, as the CLI decides). */
export function hubCli(dataDir: string, ...args: string[]): Promise<SohoaRun> {
  return runNode([], [...args, '--data-dir', dataDir], process.env, HUB_BIN);
}

export async function startHub(dataDir: string): Promise<RunningHub> {
  const child = spawn(process.execPath, [HUB_BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      // Generous: tsx and the embedded database start in seconds on a busy 2-core machine.
      const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /HUB: (\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hub exited with ${code}:\n${output}`));
      });
    });
    return { url, dataDir, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
