/**
 * Sync proven under faults: a real hub (child process, PGlite) and three desktops (the real
 * backend, logged in), each behind its own fault-injecting proxy. Entries with scans are pushed
 * through dropped bodies and answers, truncated answers, delays, duplicated requests and 500s;
 * the hub is killed (SIGKILL) mid-batch and restarted on the same folder; an app is killed
 * mid-upload (a `sohoa sync push` child). Afterwards the hub and every app agree exactly: each
 * entry's version and content hash, every file present by SHA-256, 0 lost, 0 duplicated.
 *
 * Bounded: small by default; SOHOA_SYNC_FAULT_SCALE=N multiplies the entries and rounds (the full
 * size of the issue runs in `npm run bench -- sync`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResult, SyncStatus } from '../../../shared/sync/sync-status';
import { startFaultProxy, type FaultProxy, type FaultStats } from '../../fixtures/fault-proxy';
import {
  addEntries,
  communeWithCode,
  compare,
  copyFolder,
  desktopState,
  editAndDelete,
  hubState,
  openDesktop,
  seedBooks,
  sohoaChild,
  sohoaHub,
  sohoaOn,
  startHub,
  tempFolder,
  type Desktop,
  type HubProcess,
  type SeededBook,
} from '../../fixtures/sync-harness';

const SCALE = Math.max(1, Number(process.env.SOHOA_SYNC_FAULT_SCALE ?? 1));
const ENTRIES_PER_ROUND = 6 * SCALE;
const ROUNDS = 4 + SCALE;
const COMMUNES = [
  { code: '20590', name: 'Xã Điện Phước' },
  { code: '20591', name: 'Xã Điện Hồng' },
  { code: '20592', name: 'Xã Điện Thọ' },
];
/** Every kind of fault, about one request in three faulted. */
const RATES = {
  'drop-request-body': 0.06,
  'drop-response': 0.07,
  'truncate-response': 0.05,
  delay: 0.05,
  duplicate: 0.07,
  'error-500': 0.05,
} as const;

const folders: string[] = [];
async function folder(prefix: string): Promise<string> {
  const dir = await tempFolder(prefix);
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of folders) await fs.rm(dir, { recursive: true, force: true });
});

async function pushQuietly(desktop: Desktop): Promise<PushResult | null> {
  try {
    return await desktop.call<PushResult>('sync.pushNow');
  } catch {
    // A fault reached the caller: the next round tries again.
    return null;
  }
}

/** Pushes without faults until nothing waits (bounded), and returns each desktop's status. */
async function drain(desktops: Desktop[]): Promise<SyncStatus[]> {
  for (let round = 0; round < 8; round++) {
    await Promise.all(desktops.map(pushQuietly));
    const statuses = await Promise.all(desktops.map((d) => d.call<SyncStatus>('sync.status')));
    if (statuses.every((s) => s.waiting === 0 && s.pendingBatches === 0 && s.errors.length === 0)) return statuses;
  }
  return Promise.all(desktops.map((d) => d.call<SyncStatus>('sync.status')));
}

describe('sync under faults', { timeout: 360_000 }, () => {
  let hub: HubProcess;
  const desktops: Desktop[] = [];
  const proxies: FaultProxy[] = [];
  const books = new Map<Desktop, SeededBook[]>();

  beforeAll(async () => {
    hub = await startHub({ dataDir: await folder('sohoa-hub-') });
    for (const [i, commune] of COMMUNES.entries()) {
      const code = await communeWithCode(hub.target, commune.code, commune.name);
      const proxy = await startFaultProxy({ target: hub.url, seed: 1000 + i });
      proxies.push(proxy);
      const desktop = await openDesktop(await folder(`sohoa-desk-${i}-`), `may-${i}`);
      desktops.push(desktop);
      await desktop.call('sync.enroll', { hubUrl: proxy.url, code });
      books.set(desktop, await seedBooks(desktop, { books: 1, pagesPerBook: 4, entriesPerBook: 0, bytesPerPage: 20_000, seed: i }));
    }
  }, 240_000);

  afterAll(async () => {
    for (const d of desktops) d.close();
    for (const p of proxies) await p.close();
    await hub?.kill();
  });

  it('loses nothing and duplicates nothing through dropped links, a killed hub and a killed app', async () => {
    let numbered = 0;
    const addRound = (round: number): void => {
      for (const [i, d] of desktops.entries()) {
        const [book] = books.get(d)!;
        const ids = addEntries(d, book!, ENTRIES_PER_ROUND, numbered, round * 10 + i);
        // Versions above 1 and tombstones, also of entries sent in an earlier batch.
        const earlier = book!.entryIds.slice(0, book!.entryIds.length - ids.length);
        editAndDelete(d, [...earlier.slice(round, round + 2), ...ids], 2, 1, round * 100 + i);
      }
      numbered += ENTRIES_PER_ROUND;
    };

    for (const [i, proxy] of proxies.entries()) proxy.configure({ seed: 2000 + i, rates: RATES, delayMs: 150 });

    // Rounds of typing and pushing through the faults.
    for (let round = 0; round < ROUNDS; round++) {
      addRound(round);
      await Promise.all(desktops.map(pushQuietly));
    }

    // The hub killed mid-batch: when the first file upload of the next round reaches it.
    addRound(ROUNDS);
    const [first] = desktops;
    // A second book for the first desktop: a new scan file to upload.
    books.get(first!)!.push(
      ...(await seedBooks(first!, { books: 1, pagesPerBook: 3, entriesPerBook: 0, bytesPerPage: 40_000, seed: 77 })),
    );
    addEntries(first!, books.get(first!)![1]!, ENTRIES_PER_ROUND, 0, 78);
    let killedHub: Promise<void> | null = null;
    proxies[0]!.configure({
      seed: 3000,
      rates: RATES,
      observe: (request) => {
        if (!killedHub && request.method === 'PATCH') killedHub = hub.kill();
      },
    });
    await Promise.all(desktops.map(pushQuietly));
    expect(killedHub, 'no file upload reached the hub to kill it on').not.toBeNull();
    await killedHub;
    // Pushing while the hub is down: every device gets network errors and keeps its batches.
    await Promise.all(desktops.map(pushQuietly));
    await hub.restart();
    expect(hub.starts()).toBe(2);

    // An app killed mid-upload: `sohoa sync push` on the third desktop, killed when its first
    // upload request reaches the proxy.
    const third = desktops[2]!;
    third.backend; // stays open: several processes may use one data folder
    books.get(third)!.push(
      ...(await seedBooks(third, { books: 1, pagesPerBook: 4, entriesPerBook: 0, bytesPerPage: 60_000, seed: 99 })),
    );
    addEntries(third, books.get(third)![1]!, ENTRIES_PER_ROUND, 0, 100);
    const child = sohoaChild(third.dir, ['sync', 'push', '--json']);
    let killedApp = false;
    proxies[2]!.configure({
      observe: (request) => {
        if (!killedApp && request.method === 'PATCH') {
          killedApp = true;
          child.kill();
        }
      },
    });
    const childRun = await child.done;
    expect(killedApp, `the push finished before any upload: ${childRun.stdout}${childRun.stderr}`).toBe(true);

    // More rounds under faults, then the faults stop and everything drains.
    for (const [i, proxy] of proxies.entries()) proxy.configure({ seed: 4000 + i, rates: RATES, delayMs: 100 });
    for (let round = ROUNDS + 1; round < ROUNDS + 3; round++) {
      addRound(round);
      await Promise.all(desktops.map(pushQuietly));
    }
    for (const proxy of proxies) proxy.configure({});
    const statuses = await drain(desktops);
    for (const s of statuses) expect(s).toMatchObject({ waiting: 0, pendingBatches: 0, errors: [] });

    // Every fault kind happened somewhere.
    const total = proxies.map((p) => p.stats()).reduce(
      (acc: Record<string, number>, s: FaultStats) => {
        for (const [k, v] of Object.entries(s.faults)) acc[k] = (acc[k] ?? 0) + v;
        return acc;
      },
      {},
    );
    for (const kind of Object.keys(RATES)) expect(total[kind], kind).toBeGreaterThan(0);

    await hub.stop();
    const state = await hubState(hub.target);
    const mine = desktops.map(desktopState);
    const agreement = compare(state, mine);
    expect(agreement).toEqual({
      lost: [],
      duplicated: [],
      unknown: [],
      missingFiles: [],
      unacknowledged: [],
      eventGaps: [],
    });
    const entries = mine.reduce((n, d) => n + d.entries.size, 0);
    expect(state.entries.size).toBe(entries);
    expect(entries).toBeGreaterThan(3 * ENTRIES_PER_ROUND * ROUNDS);
    expect(state.batches.pending).toBe(0);
    expect(state.conflicts).toBe(0);
  });
});

describe('the USB route', { timeout: 240_000 }, () => {
  it('gives the same hub state as the network route for the same waiting batch, and adds nothing twice', async () => {
    const hubDir = await folder('sohoa-hub-net-');
    const hub = await startHub({ dataDir: hubDir });
    const code = await communeWithCode(hub.target, '20590', 'Xã Điện Phước');
    const deskDir = await folder('sohoa-desk-net-');
    const desktop = await openDesktop(deskDir, 'may');
    await desktop.call('sync.enroll', { hubUrl: hub.url, code });
    const [book] = await seedBooks(desktop, { books: 1, pagesPerBook: 3, entriesPerBook: 0, bytesPerPage: 20_000, seed: 5 });
    const ids = addEntries(desktop, book!, 12, 0, 6);
    editAndDelete(desktop, ids, 3, 2, 7);
    desktop.close();
    await hub.stop();

    // Two copies of the same moment: hub and desktop.
    const usbHubDir = await folder('sohoa-hub-usb-');
    const usbDeskDir = await folder('sohoa-desk-usb-');
    await copyFolder(hubDir, usbHubDir);
    await copyFolder(deskDir, usbDeskDir);

    // Network.
    await hub.restart();
    const network = await openDesktop(deskDir, 'may');
    const [status] = await drain([network]);
    expect(status).toMatchObject({ waiting: 0, pendingBatches: 0 });
    network.close();
    await hub.stop();
    const byNetwork = await hubState(hub.target);

    // USB: export on the copy, import on the other hub (not running), twice.
    const usbOut = await folder('sohoa-usb-');
    const exported = await sohoaOn(usbDeskDir, ['sync', 'export', '--out', usbOut]);
    expect(exported.code, exported.stderr).toBe(0);
    const zips = (await fs.readdir(usbOut)).filter((f) => f.endsWith('.zip'));
    expect(zips.length).toBeGreaterThan(0);
    const receipts = await folder('sohoa-receipts-');
    for (const zip of zips) {
      const imported = await sohoaHub({ dataDir: usbHubDir }, ['import', path.join(usbOut, zip), '--receipt-out', receipts]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const byUsb = await hubState({ dataDir: usbHubDir });
    expect(byUsb.stateHash).toBe(byNetwork.stateHash);
    expect(byUsb.entries.size).toBe(byNetwork.entries.size);

    for (const zip of zips) {
      const again = await sohoaHub({ dataDir: usbHubDir }, ['import', path.join(usbOut, zip), '--receipt-out', receipts]);
      expect(again.code, again.stderr).toBe(0);
    }
    expect((await hubState({ dataDir: usbHubDir })).stateHash).toBe(byNetwork.stateHash);

    // The same batch by network after the USB import (the copy never saw the receipt): the hub
    // answers with the committed receipt and adds nothing.
    const usbHub = await startHub({ dataDir: usbHubDir });
    const usbDesk = await openDesktop(usbDeskDir, 'may');
    // The copy's enrollment names the first hub's address: point it at the second one.
    usbDesk.backend.db.sqlite.prepare('UPDATE sync_settings SET hub_url = ?').run(usbHub.url);
    const [after] = await drain([usbDesk]);
    expect(after).toMatchObject({ waiting: 0, pendingBatches: 0, errors: [] });
    const mine = desktopState(usbDesk);
    usbDesk.close();
    // The USB receipt applied afterwards is harmless.
    for (const receipt of await fs.readdir(receipts)) {
      const applied = await sohoaOn(usbDeskDir, ['sync', 'receipt', path.join(receipts, receipt)]);
      expect(applied.code, applied.stderr).toBe(0);
    }
    await usbHub.stop();
    const final = await hubState({ dataDir: usbHubDir });
    expect(final.stateHash).toBe(byNetwork.stateHash);
    expect(compare(final, [mine])).toMatchObject({ lost: [], duplicated: [], missingFiles: [], unacknowledged: [] });
  });
});
