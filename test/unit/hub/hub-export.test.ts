/**
 * The national export on the hub (`sohoa-hub export`): a real desktop (encrypted SQLite, the
 * export test book's real PDF, JPEG, PNG and TIFF scans) syncs its books to a real hub (PGlite in
 * a data folder, or PostgreSQL with HUB_TEST_DATABASE_URL); lots are written straight into the
 * hub's tables (the review that decides them is tested elsewhere). The accepted book is exported
 * by the CLI, through the running hub and on the database directly, at the versions its lot
 * froze, and `sohoa verify` passes on the folder; the desktop's own export of the same data has
 * the same cells.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportManifestSchema } from '../../../shared/export/export';
import type { LotState } from '../../../shared/review/review';
import { readSheetRows } from '../../../electron/backend/export/xlsx';
import { entries as hubEntries, lotEntries, lots } from '../../../hub/db/schema';
import { hubExportResult, type HubExportResult } from '../../../hub/export-schema';
import { startHub, type RunningHub } from '../../../hub/server';
import { createRecord, ghData, makeExportBook, type ExportBookFixture } from '../../fixtures/export-book';
import { sohoa, sohoaWithEnv } from '../../fixtures/sohoa';
import { ghBook, tempDir as scanDir, testBackend, type TestBackend } from '../backend/helpers';
import { exportServiceFor } from '../export/helpers';
import { newEnrollCode, tempDir as hubTempDir, testDatabase } from './helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const HUB_BIN = path.join(ROOT, 'hub', 'bin.mjs');
/** Node, tsx, PGlite and the Excel/PDF stack on a busy 2-core machine: generous bounds, not timings. */
const HOOK_MS = 600_000;
const TEST_MS = 400_000;
const COMMUNE = '04567';
const BASE = 'GH.04567.2018.01-2018';
const NAMES = [
  `${BASE}.manifest.json`,
  `${BASE}.nghiem-thu.pdf`,
  `${BASE}.nghiem-thu.xlsx`,
  `${BASE}.xlsx`,
  `${BASE}.zip`,
];

/**
 * Folders of this file, removed after all its tests (the backend helpers' own temporary folders
 * and backends are cleaned after each test; these must outlive the first).
 */
const dirs: string[] = [];
function tempDir(prefix: string): Promise<string> {
  const dir = hubTempDir(prefix);
  dirs.push(dir);
  return Promise.resolve(dir);
}

let hubDir: string;
let databaseUrl: string | undefined;
let dropDatabase: () => Promise<void> = async () => undefined;
let hub: RunningHub | undefined;
let desktopDir: string;
let backend: TestBackend;
let fixture: ExportBookFixture;
/** The desktop's own export of the book, made before the edit below (the accepted versions). */
let desktopOut: string;
/** The lot's versions: entry id → version. */
let accepted: Map<string, number>;
let editedEntryId: string;
let otherBooks: { waiting: string; rejectedAfterAccepted: string };

function hubCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HUB_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl ?? '' },
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

async function exportVerb(out: string, ...extra: string[]) {
  const run = await hubCli(['export', '--data-dir', hubDir, '--commune', COMMUNE, '--out', out, '--json', ...extra]);
  let result: HubExportResult | undefined;
  try {
    result = hubExportResult.parse(JSON.parse(run.stdout));
  } catch {
    result = undefined;
  }
  return { ...run, result };
}

async function cellsOf(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  const { found } = await readSheetRows(file, 1, (row) => {
    rows.push(row.cells);
  });
  expect(found).toBe(true);
  return rows;
}

async function manifestOf(dir: string) {
  return exportManifestSchema.parse(JSON.parse(await fs.readFile(path.join(dir, `${BASE}.manifest.json`), 'utf8')));
}

async function push(): Promise<void> {
  const result = await backend.services.sync.pushOnce({ force: true });
  expect(result).toMatchObject({ waiting: 0 });
}

/** A lot of the book in `state`, its entries at the hub's current versions. */
async function addLot(bookId: string, state: LotState, receivedAt: Date): Promise<Map<string, number>> {
  if (!hub) throw new Error('hub not running');
  const db = hub.ctx.db;
  const current = (await db.select().from(hubEntries).where(eq(hubEntries.bookId, bookId))).filter((e) => !e.deleted);
  const lotId = randomUUID();
  await db.insert(lots).values({
    id: lotId,
    bookId,
    communeCode: COMMUNE,
    state,
    hubSeq: Math.max(0, ...current.map((e) => e.hubSeq)),
    lotSize: current.length,
    aql: 1,
    codeLetter: 'A',
    sampleSize: 2,
    acceptNo: 0,
    rejectNo: 1,
    receivedAt,
    ...(state === 'accepted' || state === 'rejected' ? { decision: state, decidedAt: receivedAt } : {}),
  });
  if (current.length > 0) {
    await db.insert(lotEntries).values(
      current.map((e) => ({
        lotId,
        entryId: e.id,
        entryVersion: e.version,
        contentHash: e.contentHash,
        reasons: [],
        clerk: e.data.updatedBy,
      })),
    );
  }
  return new Map(current.map((e) => [e.id, e.version]));
}

beforeAll(async () => {
  hubDir = await tempDir('hub-export-');
  if (process.env.HUB_TEST_DATABASE_URL) {
    const database = await testDatabase();
    if (database.target.kind === 'postgres') databaseUrl = database.target.url;
    dropDatabase = database.drop;
  }
  hub = await startHub({ dataDir: hubDir, port: 0, ...(databaseUrl ? { databaseUrl } : {}) });
  await hub.ctx.db.insert((await import('../../../hub/db/schema')).communes).values([
    { code: COMMUNE, name: 'Xã Tân Lập' },
    { code: '20590', name: 'Xã Điện Phước' },
  ]);

  desktopDir = await tempDir('sohoa-desktop-');
  backend = await testBackend(desktopDir, { sync: { client: { timeoutMs: 60_000 }, random: () => 0.5 } });
  fixture = await makeExportBook(backend, await scanDir('sohoa-scans-'));
  // Two more books of the commune (no mã ĐVHC: the commune's), with an entry each.
  const waiting = await ghBook(backend, 1);
  await createRecord(backend, waiting.id, ghData('20/2018', 1), [waiting.pages[0]!.id]);
  const rejected = await ghBook(backend, 1);
  await createRecord(backend, rejected.id, ghData('30/2018', 1), [rejected.pages[0]!.id]);
  otherBooks = { waiting: waiting.id, rejectedAfterAccepted: rejected.id };
  const enrolled = await backend.dispatch('sync.enroll', {
    hubUrl: hub.url.replace(/\/$/, ''),
    code: await newEnrollCode(hub.ctx, COMMUNE),
  });
  expect(enrolled.ok).toBe(true);
  await push();

  // The desktop's own export as the data stands now: the versions the lot accepts.
  desktopOut = await tempDir('sohoa-desktop-export-');
  await exportServiceFor(backend, desktopOut).exportBook(fixture.book.id, desktopOut);

  accepted = await addLot(fixture.book.id, 'accepted', new Date('2026-11-30T01:00:00Z'));
  await addLot(otherBooks.waiting, 'waiting', new Date('2026-11-30T01:00:00Z'));
  // The newest lot decides: accepted once, then sent again and rejected.
  await addLot(otherBooks.rejectedAfterAccepted, 'accepted', new Date('2026-11-30T01:00:00Z'));
  await addLot(otherBooks.rejectedAfterAccepted, 'rejected', new Date('2026-11-30T02:00:00Z'));

  // After acceptance the clerk changes an entry and it reaches the hub: the export keeps the
  // accepted version.
  const first = fixture.entries[0]!;
  editedEntryId = first.id;
  backend.services.records.update({
    id: first.id,
    expectedVersion: first.version,
    data: { ...first.data, ghiChu: 'Sửa sau khi nghiệm thu' },
  });
  await push();
  const [onHub] = await hub.ctx.db.select().from(hubEntries).where(eq(hubEntries.id, first.id));
  expect(onHub?.version).toBe(first.version + 1);
}, HOOK_MS);

afterAll(async () => {
  await hub?.close();
  await dropDatabase();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
}, HOOK_MS);

describe('sohoa-hub export', () => {
  let runningOut: string;

  it(
    'exports the accepted book through the running hub, at the versions its lot froze, and skips the others',
    async () => {
      runningOut = await tempDir('hub-national-');
      const run = await exportVerb(runningOut);
      expect(run.stderr).toContain(
        'Sổ GH quyển 01/2018 — UBND xã Tân Lập chưa được nghiệm thu (chờ kiểm tra) — bỏ qua',
      );
      expect(run.stderr).toContain('Sổ GH quyển 01/2018 — UBND xã Tân Lập chưa được nghiệm thu (không đạt) — bỏ qua');
      expect(run.code).toBe(0);
      const result = run.result!;
      expect(result.commune).toEqual({ code: COMMUNE, name: 'Xã Tân Lập' });
      expect(result.exported).toHaveLength(1);
      expect(result.exported[0]).toMatchObject({
        bookId: fixture.book.id,
        baseName: BASE,
        outDir: runningOut,
        ok: true,
      });
      expect(result.skipped.map((s) => [s.bookId, s.state]).sort()).toEqual(
        [
          [otherBooks.waiting, 'waiting'],
          [otherBooks.rejectedAfterAccepted, 'rejected'],
        ].sort(),
      );
      // The desktop's file names, every file written.
      expect((await fs.readdir(runningOut)).sort()).toEqual(NAMES);
      expect(result.exported[0]!.files.map((f) => f.name).sort()).toEqual(NAMES);

      // Each row at the lot's version: the edited entry at the accepted one, not the hub's newer.
      const manifest = await manifestOf(runningOut);
      expect(new Map(manifest.entries.map((e) => [e.entryId, e.version]))).toEqual(accepted);
      expect(accepted.get(editedEntryId)).toBe(1);
      const cells = await cellsOf(path.join(runningOut, `${BASE}.xlsx`));
      expect(cells.flat().some((c) => c.includes('Sửa sau khi nghiệm thu'))).toBe(false);

      // The desktop's own export of the same versions: the same cells, the same PDF names.
      expect(cells).toEqual(await cellsOf(path.join(desktopOut, `${BASE}.xlsx`)));
      const desktopManifest = await manifestOf(desktopOut);
      expect(manifest.entries.map((e) => [e.entryId, e.version, e.pdf, e.rowSha256, e.pdfPages])).toEqual(
        desktopManifest.entries.map((e) => [e.entryId, e.version, e.pdf, e.rowSha256, e.pdfPages]),
      );
      expect(manifest.counts).toEqual(desktopManifest.counts);
      expect(manifest.files.excel.columnSha256).toEqual(desktopManifest.files.excel.columnSha256);

      // While the desktop's data now holds the edit (its export differs there).
      const now = await tempDir('sohoa-desktop-now-');
      await exportServiceFor(backend, now).exportBook(fixture.book.id, now);
      const nowCells = await cellsOf(path.join(now, `${BASE}.xlsx`));
      expect(nowCells.flat().some((c) => c.includes('Sửa sau khi nghiệm thu'))).toBe(true);

      // `sohoa verify` (the desktop's command) passes on the folder.
      const verified = await sohoa('verify', runningOut, '--data-dir', desktopDir);
      expect(verified.stdout).toContain('Kết quả: ĐẠT — 1 sổ');
      expect(verified.code).toBe(0);
    },
    TEST_MS,
  );

  it(
    'exports the same on the database directly when the hub is not running, and says when there is nothing to export',
    async () => {
      await hub?.close();
      hub = undefined;
      const out = await tempDir('hub-national-direct-');
      const run = await exportVerb(out);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
      expect(run.result?.exported.map((e) => e.bookId)).toEqual([fixture.book.id]);
      expect(await cellsOf(path.join(out, `${BASE}.xlsx`))).toEqual(
        await cellsOf(path.join(desktopOut, `${BASE}.xlsx`)),
      );
      // The district checks the folder on its own machine: no desktop account or data folder.
      const districtCheck = await sohoaWithEnv({}, 'verify', out);
      expect(districtCheck.stdout).toContain('Kết quả: ĐẠT — 1 sổ');
      expect(districtCheck.code, districtCheck.stderr).toBe(0);

      // An earlier export of the book in the folder is replaced only when asked.
      const again = await exportVerb(out);
      expect(again.code).toBe(1);
      expect(again.result?.skipped.find((s) => s.bookId === fixture.book.id)?.reason).toContain('--replace');
      expect((await exportVerb(out, '--replace')).code).toBe(0);

      // Only the one book asked for; a book not accepted alone is "nothing to export".
      const one = await exportVerb(await tempDir('hub-national-one-'), '--book', otherBooks.waiting);
      expect(one.code).toBe(2);
      expect(one.stderr).toContain('chưa được nghiệm thu (chờ kiểm tra) — bỏ qua');
      expect(one.stderr).toContain('Xã Tân Lập (04567) chưa có sổ nào đã nghiệm thu để xuất.');

      const none = await hubCli(['export', '--data-dir', hubDir, '--commune', '20590', '--out', out]);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('Xã Điện Phước (20590) chưa có sổ nào đã nghiệm thu để xuất.');

      const unknown = await hubCli(['export', '--data-dir', hubDir, '--commune', '99999', '--out', out]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Máy chủ huyện không có xã mã 99999.');
    },
    TEST_MS,
  );
});
