/**
 * `sohoa-hub lots` as a real child process on a PGlite data folder: straight from the tables with
 * no hub running, and through the running hub.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../../../hub/blob-store';
import { openHubDb } from '../../../hub/db/open';
import type { HubContext } from '../../../hub/ingest';
import { paths } from '../../../hub/server';
import type { LotSummary } from '../../../shared/review/hub-api';
import { tempDir } from './helpers';
import { addBook, addCommune, addEntries, addLot, addUser, addVerdicts } from './review-fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(ROOT, 'hub', 'bin.mjs');
/** Each verb starts Node, tsx and PGlite on a busy 2-core machine: a generous bound, not a timing. */
const CLI_TEST_MS = 240_000;
const children: ChildProcess[] = [];
let dir: string;
let waitingLot: string;
let reviewLot: string;
let acceptedLot: string;

function hubCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts `sohoa-hub serve` on the folder and waits for its `HUB: …` line. */
function startHub(dataDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/HUB: http:\/\/127\.0\.0\.1:\d+\//.test(out)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

beforeAll(async () => {
  dir = tempDir('hub-lots-cli');
  const opened = await openHubDb({ kind: 'pglite', dir: paths(dir).db });
  try {
    const ctx: HubContext = { db: opened.db, blobs: new FolderBlobStore(paths(dir).files), hubName: 'Huyện thử' };
    const reviewer = await addUser(ctx, 'Trần Thị Kiểm');
    await addCommune(ctx, '20590', 'Xã Điện Phước');
    const book1 = await addBook(ctx, '20590', { type: 'GH', volume: '01/2018', office: 'UBND xã Điện Phước' });
    const book2 = await addBook(ctx, '20590', { type: 'LH', volume: '02/2019', office: 'UBND xã Điện Phước' });
    const book3 = await addBook(ctx, '20590', { type: 'TD', volume: '03/2020', office: 'UBND xã Điện Phước' });
    const ids1 = await addEntries(
      ctx,
      book1,
      Array.from({ length: 20 }, () => ({})),
    );
    const ids2 = await addEntries(
      ctx,
      book2,
      Array.from({ length: 10 }, () => ({})),
    );
    const ids3 = await addEntries(
      ctx,
      book3,
      Array.from({ length: 5 }, () => ({})),
    );
    const random = (ids: string[]) => ids.map((entryId) => ({ entryId, reasons: ['random' as const] }));
    // 20 entries: C, n 5 → sample of 5 plus one always inspected; 3 judged, 1 of them defective.
    reviewLot = await addLot(ctx, {
      book: book1,
      communeCode: '20590',
      entryIds: ids1,
      sample: [...random(ids1.slice(0, 5)), { entryId: ids1[10] as string, reasons: ['warning'] }],
      state: 'in_review',
      seed: '77',
      receivedAt: new Date('2026-11-01T00:00:00Z'),
    });
    const v = (entryId: string, verdict: 'ok' | 'wrong') => ({
      lotId: reviewLot,
      entryId,
      field: 'so',
      verdict,
      reviewerId: reviewer,
    });
    await addVerdicts(ctx, [
      v(ids1[0] as string, 'ok'),
      v(ids1[1] as string, 'wrong'),
      v(ids1[2] as string, 'wrong'),
      v(ids1[2] as string, 'ok'),
    ]);
    acceptedLot = await addLot(ctx, {
      book: book2,
      communeCode: '20590',
      entryIds: ids2,
      sample: random(ids2),
      state: 'accepted',
      seed: '78',
      decision: 'accepted',
      decidedAt: new Date('2026-11-05T00:00:00Z'),
      defectiveRandom: 0,
      defectiveTotal: 0,
      receivedAt: new Date('2026-11-02T00:00:00Z'),
    });
    waitingLot = await addLot(ctx, {
      book: book3,
      communeCode: '20590',
      entryIds: ids3,
      sample: [],
      state: 'waiting',
      receivedAt: new Date('2026-11-03T00:00:00Z'),
    });
  } finally {
    await opened.close();
  }
}, CLI_TEST_MS);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const expected = () => [
  {
    id: waitingLot,
    communeName: 'Xã Điện Phước',
    bookType: 'TD',
    bookLabel: 'Quyển 03/2020 — UBND xã Điện Phước',
    state: 'waiting',
    lotSize: 5,
    progress: { judged: 0, sampled: 0 },
    defective: 0,
    drawnAt: null,
  },
  {
    id: acceptedLot,
    bookType: 'LH',
    state: 'accepted',
    lotSize: 10,
    // Decided: the whole sample was judged.
    progress: { judged: 10, sampled: 10 },
    defective: 0,
    decidedAt: '2026-11-05T00:00:00.000Z',
  },
  {
    id: reviewLot,
    communeCode: '20590',
    bookType: 'GH',
    bookLabel: 'Quyển 01/2018 — UBND xã Điện Phước',
    state: 'in_review',
    lotSize: 20,
    // Three sampled entries have verdicts; the third was set back to đúng.
    progress: { judged: 3, sampled: 6 },
    defective: 1,
  },
];

describe('sohoa-hub lots', () => {
  it(
    'lists the lots from the tables with no hub running, newest first, filtered by state',
    async () => {
      const all = await hubCli(['lots', '--data-dir', dir, '--json']);
      expect(all.code, all.stderr).toBe(0);
      const lots = JSON.parse(all.stdout) as LotSummary[];
      expect(lots).toHaveLength(3);
      expect(lots).toMatchObject(expected());

      const accepted = await hubCli(['lots', '--data-dir', dir, '--json', '--state', 'accepted']);
      expect((JSON.parse(accepted.stdout) as LotSummary[]).map((l) => l.id)).toEqual([acceptedLot]);

      const text = await hubCli(['lots', '--data-dir', dir]);
      expect(text.code, text.stderr).toBe(0);
      const lines = text.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[2]).toContain(reviewLot);
      expect(lines[2]).toContain('Đang kiểm tra');
      expect(lines[2]).toContain('đã xét 3/6');
      expect(lines[2]).toContain('lỗi 1');
      expect(lines[1]).toContain('Đạt');
      expect(lines[0]).toContain('Chờ kiểm tra');

      const none = await hubCli(['lots', '--data-dir', dir, '--state', 'resent']);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('Không có lô nào ở tình trạng "Đã gửi lại"');

      const bad = await hubCli(['lots', '--data-dir', dir, '--state', 'xong']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('Tình trạng lô không rõ: "xong"');
    },
    CLI_TEST_MS,
  );

  it(
    'lists the same lots through the running hub',
    async () => {
      const hub = await startHub(dir);
      try {
        const all = await hubCli(['lots', '--data-dir', dir, '--json']);
        expect(all.code, all.stderr).toBe(0);
        expect(JSON.parse(all.stdout)).toMatchObject(expected());
        const waiting = await hubCli(['lots', '--data-dir', dir, '--json', '--state', 'waiting']);
        expect((JSON.parse(waiting.stdout) as LotSummary[]).map((l) => l.id)).toEqual([waitingLot]);
      } finally {
        hub.kill('SIGTERM');
        await exited(hub);
      }
    },
    CLI_TEST_MS,
  );
});
