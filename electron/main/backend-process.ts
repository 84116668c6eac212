/**
 * Starts the backend in its own process (Electron's utilityProcess): the database, the export, the
 * import and the sync run there, so that the main process (window, schemes, IPC wiring) never waits
 * on them and the window never freezes. The channel logic is backend-client.ts (tested with a
 * forked Node process); this file only adapts Electron's UtilityProcess to it.
 */
import path from 'node:path';
import { utilityProcess } from 'electron';
import { backendProcessArgv, type BackendProcessArgs } from '../backend/host/protocol';
import { connectBackend, type BackendClient, type ClientHooks } from './backend-client';

/** The backend bundle beside main.cjs (dist-electron/backend.cjs). */
export const BACKEND_BUNDLE = 'backend.cjs';

export function startBackendProcess(args: BackendProcessArgs, hooks: ClientHooks): BackendClient {
  const child = utilityProcess.fork(path.join(__dirname, BACKEND_BUNDLE), backendProcessArgv(args), {
    serviceName: 'Số hóa Hộ tịch – dữ liệu',
    stdio: 'inherit',
  });
  return connectBackend(
    {
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', listener),
      kill: () => child.kill(),
    },
    hooks,
  );
}
