/**
 * Sync with the district hub (`npm run bench -- sync`), each figure beside a floor measured in the
 * same run:
 *
 * - the fault run at the full size: 3 devices, 50 batches each (about 1 000 entries in
 *   all) with scans, through fault-injecting proxies, the hub SIGKILLed mid-batch and during a
 *   commit, an app SIGKILLed mid-upload: lost, duplicated, other disagreements (aim 0);
 * - entries per second and MB per second over loopback (floor: a plain HTTP POST of the same
 *   bytes to a Node server that only counts them);
 * - the time to sync a 300-page book with its scans (floor: the same bytes by plain POST);
 * - the share of bytes re-sent when the link drops every 20 MB (aim < 5%; floor: the bytes the
 *   same sync sends on a link that never drops);
 * - hub ingest with 50 concurrent simulated devices (raw protocol: batch, tus upload, commit)
 *   beside the same number of batches sent one at a time.
 *
 * The USB route is also compared with the network route at this size (state hashes).
 * Sizes: SOHOA_SYNC_BENCH_ROUNDS (default 50) sets the fault run's batches per device;
 * SOHOA_SYNC_BENCH_QUICK=1 makes everything about ten times smaller (a smoke run of the bench).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fsp from 'node:fs/promises';
import canonicalize from 'canonicalize';
import { computeBatchHash } from '../../electron/backend/sync/batch-hash';
import {
  SYNC_PROTOCOL,
  batchOffer,
  enrollResponse,
  receipt as receiptSchema,
  type Batch,
  type BatchManifest,
  type BatchPayload,
} from '../../shared/sync/protocol';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { runFaultScenario, runUsbVsNetwork, drain } from '../fixtures/sync-scenario';
import {
  addCommune,
  addEntries,
  communeWithCode,
  openDesktop,
  seedBooks,
  startHub,
  tempFolder,
  type HubProcess,
} from '../fixtures/sync-harness';
import { MB, percentile, progress, type BenchResult, type Figure, type FigureGroup } from './report';

const QUICK = process.env.SOHOA_SYNC_BENCH_QUICK === '1';
const ROUNDS = Math.max(1, Number(process.env.SOHOA_SYNC_BENCH_ROUNDS ?? (QUICK ? 5 : 50)));
/** Sizes divided by ten in a quick run. */
const size = (n: number): number => (QUICK ? Math.max(2, Math.round(n / 10)) : n);

const count = (key: string, label: string, value: number | undefined, aim?: Figure['aim']): Figure => ({
  key,
  label,
  value,
  unit: 'count',
  ...(aim ? { aim } : {}),
});

/** A Node server that reads request bodies and answers 204: the floor of an HTTP transfer here. */
async function plainPostFloor(bytes: number): Promise<number> {
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const body = randomBytes(Math.min(bytes, 8 * MB));
  try {
    // Same total, in 8 MB requests (the client's tus chunk size).
    const started = performance.now();
    for (let sent = 0; sent < bytes; sent += body.length) {
      const res = await fetch(url, { method: 'POST', body: body.subarray(0, Math.min(body.length, bytes - sent)) });
      await res.arrayBuffer();
    }
    return performance.now() - started;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface OneSync {
  ms: number;
  bytesUp: number;
  entries: number;
  scanBytes: number;
  drops: number;
  pushes: number;
  waiting: number;
}

/** One desktop with `books` scanned books and entries, synced through a proxy (which counts bytes). */
async function syncOneDesktop(plan: {
  books: number;
  pages: number;
  bytesPerPage: number;
  entries: number;
  dropEveryBytes?: number;
  seed: number;
}): Promise<OneSync> {
  const hubDir = await tempFolder('sohoa-bench-hub-');
  const deskDir = await tempFolder('sohoa-bench-desk-');
  let hub: HubProcess | null = null;
  try {
    hub = await startHub({ dataDir: hubDir });
    const code = await communeWithCode(hub.target, '20590', 'Xã Điện Phước');
    const proxy = await startFaultProxy({ target: hub.url });
    const desktop = await openDesktop(deskDir, 'may');
    try {
      await desktop.call('sync.enroll', { hubUrl: proxy.url, code });
      const books = await seedBooks(desktop, {
        books: plan.books,
        pagesPerBook: plan.pages,
        bytesPerPage: plan.bytesPerPage,
        seed: plan.seed,
      });
      let numbered = 0;
      for (const [b, book] of books.entries()) {
        const n = Math.round(plan.entries / books.length);
        await addEntries(desktop, book, n, 0, plan.seed + b);
        numbered += n;
      }
      const scanBytes = (
        desktop.backend.db.sqlite.prepare('SELECT coalesce(sum(byte_size), 0) AS n FROM scan_files').get() as {
          n: number;
        }
      ).n;
      if (plan.dropEveryBytes) proxy.configure({ dropEveryBytes: plan.dropEveryBytes });
      const before = proxy.stats().bytesUp;
      const started = performance.now();
      // Each drop fails the push under way; pushing again resumes (as the background job would).
      const statuses = await drain([desktop], 60);
      const ms = performance.now() - started;
      const stats = proxy.stats();
      return {
        ms,
        bytesUp: stats.bytesUp - before,
        entries: numbered,
        scanBytes,
        drops: stats.linkDrops,
        pushes: stats.faults.none,
        waiting: statuses[0]?.waiting ?? -1,
      };
    } finally {
      desktop.close();
      await proxy.close();
    }
  } finally {
    await hub?.kill();
    await fsp.rm(hubDir, { recursive: true, force: true });
    await fsp.rm(deskDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------- 50 simulated devices (raw protocol)

interface SimDevice {
  id: string;
  credential: string;
  bookId: string;
}

function simBatch(
  device: SimDevice,
  entries: number,
  fileBytes: number,
  outboxFrom: number,
): { batch: Batch; file: Buffer } {
  const file = randomBytes(fileBytes);
  const sha256 = createHash('sha256').update(file).digest('hex');
  const at = new Date().toISOString();
  const scanFileId = randomUUID();
  const pageId = randomUUID();
  const book = {
    id: device.bookId,
    type: 'GH',
    office: 'UBND xã Điện Phước',
    officeCode: null,
    volume: '01/2018',
    yearOpened: 2018,
    openedOn: null,
    closedOn: null,
    period: '',
    notes: null,
    version: 1,
    createdAt: at,
    createdBy: 'may',
    updatedAt: at,
    updatedBy: 'may',
  };
  const payload: BatchPayload = {
    books: [book],
    scanFiles: [
      {
        id: scanFileId,
        bookId: device.bookId,
        sha256,
        originalName: 'trang.jpg',
        mediaType: 'image/jpeg',
        byteSize: file.length,
        pageCount: 1,
        position: outboxFrom,
        addedAt: at,
        addedBy: 'may',
        removedAt: null,
        removedBy: null,
      },
    ],
    pages: [
      {
        id: pageId,
        bookId: device.bookId,
        scanFileId,
        indexInFile: 0,
        pageNo: 1,
        rotation: 0,
        width: null,
        height: null,
        removedAt: null,
      },
    ],
    entries: Array.from({ length: entries }, (_, i) => {
      const data = { so: `${i + 1}/2018`, quyenSo: '01/2018', nguoiDuocGiamHo: { hoTen: `Người ${i}` } };
      return {
        id: randomUUID(),
        bookId: device.bookId,
        bookType: 'GH',
        version: 1,
        baseVersion: 0,
        contentHash: createHash('sha256')
          .update(canonicalize(data) ?? '')
          .digest('hex'),
        schemaVersion: 1,
        data,
        pages: [{ pageId, position: 0, rect: null }],
        createdAt: at,
        createdBy: 'may',
        updatedAt: at,
        updatedBy: 'may',
        deletedAt: null,
        deletedBy: null,
        deleteReason: null,
      };
    }),
    events: [],
  };
  const manifest: Omit<BatchManifest, 'batchHash'> = {
    protocol: SYNC_PROTOCOL,
    batchId: randomUUID(),
    deviceId: device.id,
    communeCode: '20590',
    createdAt: at,
    outboxFrom,
    outboxTo: outboxFrom + entries,
    counts: { books: 1, scanFiles: 1, pages: 1, entries, tombstones: 0, events: 0, files: 1 },
    entries: payload.entries.map((e) => ({ id: e.id, version: e.version, contentHash: e.contentHash })),
    files: [{ sha256, byteSize: file.length, mediaType: 'image/jpeg' }],
  };
  return { batch: { manifest: { ...manifest, batchHash: computeBatchHash(manifest, payload) }, payload }, file };
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** One batch by the raw protocol: offer, tus upload of what the hub lacks, commit. */
async function sendSimBatch(hubUrl: string, device: SimDevice, batch: Batch, file: Buffer): Promise<void> {
  const auth = { authorization: `Bearer ${device.credential}` };
  const offer = batchOffer.parse(
    await expectOk(
      await fetch(`${hubUrl}/api/sync/batches`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      }),
      'batch',
    ),
  );
  if (offer.state === 'pending') {
    for (const sha of offer.missing) {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const created = await fetch(`${hubUrl}/api/sync/files`, {
        method: 'POST',
        headers: {
          ...auth,
          'tus-resumable': '1.0.0',
          'upload-length': String(file.length),
          'upload-metadata': `sha256 ${b64(sha)},batchId ${b64(batch.manifest.batchId)}`,
        },
      });
      await expectOk(created, 'tus create');
      const location = new URL(created.headers.get('location') ?? '', hubUrl).toString();
      await expectOk(
        await fetch(location, {
          method: 'PATCH',
          headers: {
            ...auth,
            'tus-resumable': '1.0.0',
            'upload-offset': '0',
            'content-type': 'application/offset+octet-stream',
          },
          body: new Uint8Array(file),
        }),
        'tus patch',
      );
    }
    const receipt = receiptSchema.parse(
      await expectOk(
        await fetch(`${hubUrl}/api/sync/batches/${batch.manifest.batchId}/commit`, { method: 'POST', headers: auth }),
        'commit',
      ),
    );
    if (receipt.batchHash !== batch.manifest.batchHash) throw new Error('receipt for another batch hash');
  }
}

async function ingestBench(devices: number, entriesPerBatch: number, fileBytes: number): Promise<Figure[]> {
  const hubDir = await tempFolder('sohoa-bench-hub50-');
  const hub = await startHub({ dataDir: hubDir });
  try {
    await addCommune(hub.target, '20590', 'Xã Điện Phước');
    const { runningHub } = await import('../../hub/server');
    const lock = runningHub(hubDir);
    if (!lock) throw new Error('the hub wrote no lock file');
    const token = (await fsp.readFile(lock.tokenFile, 'utf8')).trim();
    const sims: SimDevice[] = [];
    for (let i = 0; i < devices; i++) {
      const made = (await expectOk(
        await fetch(`${hub.url}/api/admin/ops/enroll-code`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ commune: '20590' }),
        }),
        'enroll-code',
      )) as { result: { code: string } };
      const id = randomUUID();
      const enrolled = enrollResponse.parse(
        await expectOk(
          await fetch(`${hub.url}/api/sync/enroll`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: made.result.code, deviceId: id, deviceName: `Máy ${i}` }),
          }),
          'enroll',
        ),
      );
      sims.push({ id, credential: enrolled.credential, bookId: randomUUID() });
    }
    progress(`${devices} simulated devices enrolled`);

    const concurrent = sims.map((d) => simBatch(d, entriesPerBatch, fileBytes, 1));
    const times: number[] = [];
    let started = performance.now();
    await Promise.all(
      sims.map(async (d, i) => {
        const t = performance.now();
        await sendSimBatch(hub.url, d, concurrent[i]!.batch, concurrent[i]!.file);
        times.push(performance.now() - t);
      }),
    );
    const concurrentMs = performance.now() - started;
    progress(`${devices} concurrent batches in ${concurrentMs.toFixed(0)} ms`);

    const sequential = sims.map((d) => simBatch(d, entriesPerBatch, fileBytes, 1000));
    started = performance.now();
    for (const [i, d] of sims.entries()) await sendSimBatch(hub.url, d, sequential[i]!.batch, sequential[i]!.file);
    const sequentialMs = performance.now() - started;
    progress(`${devices} batches one at a time in ${sequentialMs.toFixed(0)} ms`);

    const total = devices * entriesPerBatch;
    return [
      {
        key: 'sync.ingest50_entries_per_s',
        label: `hub ingest, ${devices} devices at once (${entriesPerBatch} entries + ${(fileBytes / 1024).toFixed(0)} kB each)`,
        value: total / (concurrentMs / 1000),
        unit: 'entries/s',
        floor: { value: total / (sequentialMs / 1000), what: 'the same batches one at a time' },
      },
      {
        key: 'sync.ingest50_batch_p95_ms',
        label: `  one device's batch, p95 (of ${devices})`,
        value: percentile(times, 95),
        unit: 'ms',
      },
      {
        key: 'sync.ingest_sequential_entries_per_s',
        label: `  floor: the same number of batches one at a time`,
        value: total / (sequentialMs / 1000),
        unit: 'entries/s',
      },
    ];
  } finally {
    await hub.kill();
    await fsp.rm(hubDir, { recursive: true, force: true });
  }
}

export async function runSyncBench(): Promise<BenchResult> {
  const groups: FigureGroup[] = [];
  const errors: string[] = [];
  const info: Record<string, unknown> = { rounds: ROUNDS };
  const guard = async (title: string, run: () => Promise<Figure[]>): Promise<void> => {
    try {
      progress(`sync: ${title}`);
      groups.push({ title, figures: await run() });
    } catch (error) {
      errors.push(`${title}: ${(error as Error).stack ?? String(error)}`);
    }
  };

  await guard(`fault run: 3 devices, ${ROUNDS} batches each, with scans`, async () => {
    const result = await runFaultScenario({
      devices: 3,
      rounds: ROUNDS,
      entriesPerRound: 7,
      pagesPerBook: 10,
      bytesPerPage: 60_000,
      seed: 11,
      rates: {
        'drop-request-body': 0.04,
        'drop-response': 0.05,
        'truncate-response': 0.03,
        delay: 0.03,
        duplicate: 0.05,
        'error-500': 0.04,
      },
      killHub: true,
      killApp: true,
      log: progress,
    });
    const a = result.agreement;
    info.faultRun = {
      faults: result.faults,
      hubStarts: result.hubStarts,
      hubKilledMidBatch: result.hubKilledMidBatch,
      hubKilledInCommit: result.hubKilledInCommit,
      appKilledMidUpload: result.appKilledMidUpload,
      appRun: result.appRun,
      disagreements: a,
    };
    const other = a.unknown.length + a.missingFiles.length + a.unacknowledged.length + a.eventGaps.length;
    const faulted = Object.entries(result.faults)
      .filter(([k]) => k !== 'none')
      .reduce((n, [, v]) => n + v, 0);
    return [
      count('sync.fault_entries', 'entries on the devices (hub holds the same number)', result.desktopEntries),
      count('sync.fault_batches', 'batches committed by the hub', result.hub.batches.committed),
      count(
        'sync.fault_requests_faulted',
        `requests faulted by the proxies (hub killed mid-batch: ${result.hubKilledMidBatch ? 'yes' : 'no'}, in a commit: ${result.hubKilledInCommit ? 'yes' : 'no'}; app killed: ${result.appKilledMidUpload ? 'yes' : 'no'})`,
        faulted,
      ),
      count('sync.fault_lost', 'entries lost (or at another version/hash)', a.lost.length, { max: 0, text: '0' }),
      count('sync.fault_duplicated', 'entry versions held twice', a.duplicated.length, { max: 0, text: '0' }),
      count('sync.fault_other', 'other disagreements (files, acks, events, unknown)', other, { max: 0, text: '0' }),
      { key: 'sync.fault_run_ms', label: 'fault run, wall time', value: result.ms, unit: 'ms' },
    ];
  });

  await guard('throughput over loopback', async () => {
    const entries = await syncOneDesktop({ books: 1, pages: 10, bytesPerPage: 50_000, entries: size(2000), seed: 21 });
    const entryFloorMs = await plainPostFloor(entries.bytesUp);
    const bulk = await syncOneDesktop({
      books: 1,
      pages: size(200),
      bytesPerPage: 250_000,
      entries: size(200),
      seed: 22,
    });
    const bulkFloorMs = await plainPostFloor(bulk.bytesUp);
    info.throughput = { entries, bulk };
    return [
      {
        key: 'sync.entries_per_s',
        label: `entries synced (${entries.entries} entries, ${(entries.bytesUp / MB).toFixed(1)} MB sent)`,
        value: entries.entries / (entries.ms / 1000),
        unit: 'entries/s',
        floor: { value: entries.entries / (entryFloorMs / 1000), what: 'the same bytes by plain HTTP POST' },
      },
      {
        key: 'sync.entries_floor_per_s',
        label: '  floor: the same bytes by plain HTTP POST',
        value: entries.entries / (entryFloorMs / 1000),
        unit: 'entries/s',
      },
      {
        key: 'sync.mb_per_s',
        label: `scans synced (${(bulk.bytesUp / MB).toFixed(0)} MB sent)`,
        value: bulk.bytesUp / MB / (bulk.ms / 1000),
        unit: 'MB/s',
        floor: { value: bulk.bytesUp / MB / (bulkFloorMs / 1000), what: 'the same bytes by plain HTTP POST' },
      },
      {
        key: 'sync.mb_floor_per_s',
        label: '  floor: the same bytes by plain HTTP POST',
        value: bulk.bytesUp / MB / (bulkFloorMs / 1000),
        unit: 'MB/s',
      },
    ];
  });

  await guard('a 300-page book with its scans', async () => {
    const book = await syncOneDesktop({
      books: 1,
      pages: size(300),
      bytesPerPage: 100_000,
      entries: size(300),
      seed: 31,
    });
    const floorMs = await plainPostFloor(book.bytesUp);
    info.book300 = book;
    return [
      {
        key: 'sync.book300_ms',
        label: `300 pages (${(book.scanBytes / MB).toFixed(0)} MB of scans), 300 entries`,
        value: book.ms,
        unit: 'ms',
        floor: { value: floorMs, what: 'the same bytes by plain HTTP POST' },
      },
      { key: 'sync.book300_floor_ms', label: '  floor: the same bytes by plain HTTP POST', value: floorMs, unit: 'ms' },
    ];
  });

  await guard('a link that drops every 20 MB', async () => {
    const plan = { books: 3, pages: size(300), bytesPerPage: 100_000, entries: size(300), seed: 41 };
    const clean = await syncOneDesktop(plan);
    const dropped = await syncOneDesktop({ ...plan, dropEveryBytes: (QUICK ? 2 : 20) * MB });
    info.drops = { clean, dropped };
    if (dropped.waiting !== 0) throw new Error(`still ${dropped.waiting} entries waiting after the drops`);
    return [
      {
        key: 'sync.resent_share_pct',
        label: `bytes re-sent (${dropped.drops} drops over ${(dropped.bytesUp / MB).toFixed(0)} MB)`,
        value: ((dropped.bytesUp - clean.bytesUp) / clean.bytesUp) * 100,
        unit: '%',
        aim: { max: 5, text: '< 5%' },
      },
      {
        key: 'sync.resent_floor_mb',
        label: '  floor: bytes sent on a link that never drops',
        value: clean.bytesUp / MB,
        unit: 'MB',
      },
      {
        key: 'sync.dropped_ms',
        label: '  time with the drops',
        value: dropped.ms,
        unit: 'ms',
        floor: { value: clean.ms, what: 'the same sync on a link that never drops' },
      },
      { key: 'sync.clean_ms', label: '  time without', value: clean.ms, unit: 'ms' },
    ];
  });

  await guard('hub ingest, 50 concurrent simulated devices', () => ingestBench(QUICK ? 10 : 50, 100, 100_000));

  await guard('USB route against network route (1 000 entries with scans)', async () => {
    const result = await runUsbVsNetwork({
      entries: size(1000),
      pagesPerBook: size(50),
      bytesPerPage: 100_000,
      seed: 51,
      log: progress,
    });
    const same = (a: string, b: string) => (a === b ? 0 : 1);
    info.usb = { packages: result.packages, stateHash: result.byNetwork.stateHash };
    return [
      count(
        'sync.usb_state_differs',
        'hub state by USB ≠ by network (1 = differs)',
        same(result.byUsb.stateHash, result.byNetwork.stateHash),
        { max: 0, text: 'same' },
      ),
      count(
        'sync.usb_twice_differs',
        '  imported twice, then sent by network too (1 = changed)',
        same(result.usbThenNetwork.stateHash, result.byNetwork.stateHash),
        { max: 0, text: 'same' },
      ),
      { key: 'sync.usb_network_ms', label: '  network route', value: result.networkMs, unit: 'ms' },
      {
        key: 'sync.usb_ms',
        label: '  USB route (export + import)',
        value: result.usbMs,
        unit: 'ms',
        floor: { value: result.networkMs, what: 'the network route' },
      },
    ];
  });

  return { name: 'sync', groups, errors, info };
}
