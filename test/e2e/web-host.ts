/** Starts the real web host (backend + HTTP transport) as its own process, as dev:web does. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunningHost {
  openUrl: string;
  stop(): Promise<void>;
}

/** Every server still running (web hosts, hubs), stopped at the latest when the test process exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Keeps `child` in the set that is killed when the test process exits. */
export function trackChild(child: ChildProcess): void {
  running.add(child);
}

/** Stops a server: SIGTERM (it closes its database), SIGKILL if it has not exited 10 s later. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startHost(dataDir: string): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    // The same Node that runs the tests (22, from the project's devDependency), and the launcher
    // dev:web uses: the prebuilt bundle, rebuilt first if a source changed.
    process.execPath,
    ['electron/web-host/bin.mjs', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Exports go to <data-dir>/xuat (the web host's only export folder); "Mở thư mục" is
      // recorded, not launched.
      env: {
        ...process.env,
        SOHOA_OPEN_FOLDER_LOG: path.join(dataDir, 'opened-folders.log'),
      },
    },
  );
  trackChild(child);
  let output = '';
  try {
    const openUrl = await new Promise<string>((resolve, reject) => {
      // Generous: loading the backend (and a rebuild after an edit) takes seconds on a busy 2-core machine.
      const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /URL: (\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`web host exited with ${code}:\n${output}`));
      });
    });
    return { openUrl, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child); // never leave a host running when it failed to start in time
    throw error;
  }
}
