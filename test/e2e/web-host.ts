/** Starts the real web host (backend + HTTP transport) as its own process, as dev:web does. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunningHost {
  openUrl: string;
  stop(): Promise<void>;
}

export async function startHost(dataDir: string): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    // The same Node that runs the tests (22, from the project's devDependency), with tsx.
    process.execPath,
    ['--import', 'tsx', 'electron/web-host/cli.ts', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Exports never go to the real Documents folder; "Mở thư mục" is recorded, not launched.
      env: {
        ...process.env,
        SOHOA_EXPORT_DIR: path.join(dataDir, 'exports'),
        SOHOA_OPEN_FOLDER_LOG: path.join(dataDir, 'opened-folders.log'),
      },
    },
  );
  let output = '';
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000);
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
  return {
    openUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
