/**
 * What every end-to-end test starts from: a fresh data folder with the test administrator set up
 * (`sohoa setup`), a folder for the scans it makes, and the web host it starts (stopped, and both
 * folders removed, when the test ends). Starting the host also logs the test's browser context
 * in as that administrator, unless `start({ login: false })` is asked for.
 */
import { test, type BrowserContext } from '@playwright/test';
import { makeBookPdf } from '../fixtures/scans';
import { runNode, sohoa, TEST_LOGIN } from '../fixtures/sohoa';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from './web-host';

export interface Session {
  dataDir: string;
  scansDir: string;
  host?: RunningHost;
  /** The test's browser context (its cookies carry the login). */
  context?: BrowserContext;
  /** Whether `sohoa setup` should create the test administrator (default true). */
  setUp: boolean;
  /** Imports a GH book of `pages` generated PDF pages (quyển 01/2018) through `sohoa`; its id. */
  importGhBook(pages?: number): Promise<string>;
  /** Starts (or restarts) the web host on the data folder, and logs the browser context in. */
  start(options?: { login?: boolean }): Promise<RunningHost>;
  stop(): Promise<void>;
}

/**
 * A contract call from a browser context, as the app's own page makes it: the session cookie of
 * the printed address, our Origin, JSON, and the CSRF token the page carries.
 */
export async function callApi(context: BrowserContext, openUrl: string, name: string, input: unknown) {
  const url = new URL(openUrl);
  // Trades the run token for the session cookie (kept when the context has one); the page it
  // lands on carries the session's CSRF token.
  const page = await (await context.request.get(openUrl)).text();
  const csrf = /<meta name="sohoa-csrf" content="([^"]+)">/.exec(page)?.[1];
  if (!csrf) throw new Error('the web host sent no CSRF token');
  const response = await context.request.post(`${url.origin}/api/call/${name}`, {
    data: input,
    headers: { origin: url.origin, 'content-type': 'application/json', 'x-sohoa-csrf': csrf },
  });
  return (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
}

/** Logs a browser context in through the web host, as the login screen would. */
export async function logIn(context: BrowserContext, openUrl: string, userName: string, password: string) {
  const body = await callApi(context, openUrl, 'auth.login', { userName, password });
  if (!body.ok) throw new Error(`login failed: ${body.error?.message}`);
}

export function useSession(options: { setUp?: boolean } = {}): Session {
  const session: Session = {
    dataDir: '',
    scansDir: '',
    setUp: options.setUp ?? true,
    async importGhBook(pages = 3) {
      const pdf = await makeBookPdf(path.join(session.scansDir, 'gh.pdf'), pages);
      const run = await sohoa(
        ...['book', 'import', pdf, '--type', 'GH', '--volume', '01/2018', '--office', 'UBND xã Tân Lập'],
        ...['--data-dir', session.dataDir],
      );
      if (run.code !== 0) throw new Error(`sohoa book import failed: ${run.stderr}`);
      return run.stdout.trim();
    },
    async start(startOptions = {}) {
      await session.stop();
      session.host = await startHost(session.dataDir);
      if (session.setUp && startOptions.login !== false && session.context) {
        await logIn(session.context, session.host.openUrl, TEST_LOGIN.SOHOA_USER, TEST_LOGIN.SOHOA_PASSWORD);
      }
      return session.host;
    },
    async stop() {
      await session.host?.stop();
      session.host = undefined;
    },
  };
  test.beforeEach(async ({ context }) => {
    session.context = context;
    session.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-data-'));
    session.scansDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sohoa-e2e-scans-'));
    if (session.setUp) {
      const setup = await runNode(
        [],
        ['setup', '--admin', TEST_LOGIN.SOHOA_USER, '--full-name', 'Cán Bộ Test', '--data-dir', session.dataDir],
        {
          ...process.env,
          SOHOA_PASSWORD: TEST_LOGIN.SOHOA_PASSWORD,
        },
      );
      if (setup.code !== 0) throw new Error(`sohoa setup failed: ${setup.stderr}`);
    }
  });
  test.afterEach(async () => {
    await session.stop();
    await fs.rm(session.dataDir, { recursive: true, force: true });
    await fs.rm(session.scansDir, { recursive: true, force: true });
  });
  return session;
}
