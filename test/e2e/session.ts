/**
 * What every end-to-end test starts from: a fresh data folder, a folder for the scans it makes,
 * and the web host it starts (stopped, and both folders removed, when the test ends).
 */
import { test } from '@playwright/test';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from './web-host';

export interface Session {
  dataDir: string;
  scansDir: string;
  host?: RunningHost;
  /** Starts (or restarts) the web host on the data folder. */
  start(): Promise<RunningHost>;
  stop(): Promise<void>;
}

export function useSession(): Session {
  const session: Session = {
    dataDir: '',
    scansDir: '',
    async start() {
      await session.stop();
      session.host = await startHost(session.dataDir);
      return session.host;
    },
    async stop() {
      await session.host?.stop();
      session.host = undefined;
    },
  };
  test.beforeEach(async () => {
    session.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-data-'));
    session.scansDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-scans-'));
  });
  test.afterEach(async () => {
    await session.stop();
    await fs.rm(session.dataDir, { recursive: true, force: true });
    await fs.rm(session.scansDir, { recursive: true, force: true });
  });
  return session;
}
