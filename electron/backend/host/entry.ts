/**
 * Entry of the backend process. In Electron, main starts it with `utilityProcess.fork` and the
 * channel is `process.parentPort`; in tests and tools it is a Node child started with `fork`, and
 * the channel is Node's IPC. Bundled to `dist-electron/backend.cjs` (build-electron.mjs).
 */
import { runBackendHost } from './backend-host';
import { parseBackendProcessArgv, type MessageEnd } from './protocol';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function channel(): MessageEnd {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) throw new Error('backend process: started without a channel to main');
  return {
    post: (message) => process.send!(message),
    onMessage: (listener) => process.on('message', listener),
  };
}

async function main(): Promise<void> {
  const host = await runBackendHost(channel(), parseBackendProcessArgv(process.argv.slice(2)));
  await host.closed;
  // The channel keeps the process alive: the backend is closed, so the process ends here.
  process.exit(0);
}

// A CommonJS bundle: no top-level await.
main().catch((error: unknown) => {
  console.error('[backend] could not start', error);
  process.exit(1);
});
