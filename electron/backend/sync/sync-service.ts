/**
 * Sync with the district hub, the desktop's side: enrollment, the batches (batch-builder.ts), the
 * push (hub-client.ts), receipts (by network or USB), the status the "Đồng bộ" panel, the book
 * list and `sohoa sync status` show, and the background job.
 *
 * Rules: batches are sent in order; a batch is marked sent (committed, its entries acknowledged)
 * only on a receipt whose batch id and hash match the frozen batch, in one write; a network error
 * or a 5xx backs the batch off (exponential with jitter, capped, kept in the database so that a
 * restart honours it); a 4xx sets the batch aside with the hub's reason and the next one goes on.
 * Every sync write goes through the write gateway (subject 'sync'); none is audited (sync changes
 * no civil-status data), so none makes an outbox row. The district's correction requests a
 * receipt or the downlink (GET /api/sync/corrections, asked after each push and when there is
 * nothing to send) brings are stored by the review capability (electron/backend/review/), which
 * audits each new one; the answers' acknowledgement (answer_sent_at) is part of the receipt's write.
 */
import os from 'node:os';
import { AppError } from '../../../shared/api/errors';
import { conflictFields, type ConflictSide } from '../../../shared/sync/conflict-fields';
import {
  receipt as receiptSchema,
  syncEntry,
  type BatchManifest,
  type Receipt,
  type SyncConflict,
} from '../../../shared/sync/protocol';
import type {
  BookSyncState,
  PushResult,
  SyncConflictView,
  SyncProblem,
  SyncStatus,
} from '../../../shared/sync/sync-status';
import type { BackendContext, RequestContext } from '../context';
import { runAsRequest } from '../context';
import type { WriteGateway } from '../db/write-gateway';
import type { FileStore } from '../files/file-store';
import type { SyncSide } from '../records/records-service';
import { buildBatches, MAX_BATCH_ENTRIES, readNextBatch } from './batch-builder';
import { createHubClient, HubError, type HubClientOptions } from './hub-client';
import { writeUsbPackage, type UsbPackageResult } from './usb-package';
import { CORRECTION_ANSWER_ACTIONS, type CorrectionsService } from '../review/corrections-service';

export interface SyncSettings {
  hubUrl: string;
  credential: string;
  communeCode: string;
  communeName: string;
  hubName: string;
  enrolledAt: string;
  lastSuccessAt: string | null;
  lastProbeAt: string | null;
  online: number | null;
}

export interface BatchRow {
  batchId: string;
  outboxFrom: number;
  outboxTo: number;
  batchHash: string;
  manifest: string;
  payload: string;
  state: 'building' | 'pending' | 'committed' | 'set_aside';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  receipt: string | null;
  uploads: string;
  createdAt: string;
  committedAt: string | null;
}

export interface SyncServiceOptions {
  /** The HTTP side's seams (fetch, timeouts) for tests. */
  client?: HubClientOptions;
  /** [0, 1): the jitter of the backoff (Math.random by default). */
  random?: () => number;
  /** First backoff and its cap (default 5 s and 15 minutes). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** The name this device gives itself at enrollment (default: the machine's host name). */
  deviceName?: string;
  /** Entries per batch (default and most: MAX_BATCH_ENTRIES); tests split with fewer. */
  maxBatchEntries?: number;
}

const BATCH_COLUMNS = `batch_id AS batchId, outbox_from AS outboxFrom, outbox_to AS outboxTo, batch_hash AS batchHash,
  manifest, payload, state, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError,
  last_error_at AS lastErrorAt, receipt, uploads, created_at AS createdAt, committed_at AS committedAt`;

const NOT_ENROLLED =
  'Máy này chưa đăng ký với máy chủ huyện. Hãy vào Cài đặt → Kết nối huyện (hoặc sohoa sync enroll).';

/** The hub says the device itself is not (or no longer) allowed: nothing it sends can pass. */
function isDeviceRefusal(error: HubError): boolean {
  return error.code === 'UNAUTHENTICATED' || error.code === 'DEVICE_REVOKED' || error.status === 401;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ngày ${pad(d.getDate())}/${pad(d.getMonth() + 1)}`;
}

export function createSyncService(
  ctx: BackendContext,
  gateway: WriteGateway,
  files: FileStore,
  deviceId: string,
  options: SyncServiceOptions = {},
  /** Where the district's correction requests go (receipts, downlink); none: they are not taken. */
  corrections?: Pick<CorrectionsService, 'receive'>,
) {
  const { sqlite } = ctx.db;
  const random = options.random ?? Math.random;
  const backoffBase = options.backoffBaseMs ?? 5000;
  const backoffCap = options.backoffCapMs ?? 15 * 60 * 1000;
  const maxEntries = Math.min(options.maxBatchEntries ?? MAX_BATCH_ENTRIES, MAX_BATCH_ENTRIES);

  function settings(): SyncSettings | null {
    return (
      (sqlite
        .prepare(
          `SELECT hub_url AS hubUrl, credential, commune_code AS communeCode, commune_name AS communeName,
                  hub_name AS hubName, enrolled_at AS enrolledAt, last_success_at AS lastSuccessAt,
                  last_probe_at AS lastProbeAt, online
           FROM sync_settings WHERE singleton = 1`,
        )
        .get() as SyncSettings | undefined) ?? null
    );
  }

  function batchRows(where: string, ...params: unknown[]): BatchRow[] {
    return sqlite
      .prepare(`SELECT ${BATCH_COLUMNS} FROM sync_batches WHERE ${where} ORDER BY outbox_from`)
      .all(...params) as BatchRow[];
  }

  function batchRow(batchId: string): BatchRow | undefined {
    return batchRows('batch_id = ?', batchId)[0];
  }

  /** The delay before attempt `attempts + 1`: exponential, capped, half of it random. */
  function backoffMs(attempts: number): number {
    const full = Math.min(backoffCap, backoffBase * 2 ** Math.max(0, attempts - 1));
    return Math.round(full / 2 + (random() * full) / 2);
  }

  // ----- writes (all through the gateway) -----

  function recordProbe(online: boolean): void {
    const current = settings();
    if (!current || current.online === (online ? 1 : 0)) return;
    gateway.write('sync', (tx) => {
      tx.sqlite
        .prepare('UPDATE sync_settings SET online = ?, last_probe_at = ? WHERE singleton = 1')
        .run(online ? 1 : 0, tx.at);
    });
  }

  /** A network error or a 5xx: try this batch again later (the backoff is kept in the database). */
  function backOff(batchId: string, message: string): void {
    gateway.write('sync', (tx) => {
      const row = tx.sqlite.prepare('SELECT attempts FROM sync_batches WHERE batch_id = ?').get(batchId) as
        { attempts: number } | undefined;
      if (!row) return;
      const attempts = row.attempts + 1;
      const next = new Date(Date.parse(tx.at) + backoffMs(attempts)).toISOString();
      tx.sqlite
        .prepare(
          `UPDATE sync_batches SET attempts = ?, next_attempt_at = ?, last_error = ?, last_error_at = ?
           WHERE batch_id = ? AND state = 'pending'`,
        )
        .run(attempts, next, `${message} Sẽ tự gửi lại lúc ${formatTime(next)}.`, tx.at, batchId);
    });
  }

  /** A 4xx: the hub will not take this batch as it is. It waits for the clerk; the others go on. */
  function setAside(batchId: string, message: string): void {
    gateway.write('sync', (tx) => {
      tx.sqlite
        .prepare(
          `UPDATE sync_batches SET state = 'set_aside', attempts = attempts + 1, next_attempt_at = NULL,
                  last_error = ?, last_error_at = ?
           WHERE batch_id = ? AND state = 'pending'`,
        )
        .run(message, tx.at, batchId);
    });
  }

  function storeUploadUrl(batchId: string, sha256: string, url: string): void {
    gateway.write('sync', (tx) => {
      tx.sqlite
        .prepare(`UPDATE sync_batches SET uploads = json_set(uploads, '$."' || ? || '"', ?) WHERE batch_id = ?`)
        .run(sha256, url, batchId);
    });
  }

  /**
   * Applies a hub receipt, network or USB, in one write: the batch committed, its entries and
   * files acknowledged, its conflicts kept for the clerk. Only a receipt of a batch of this device
   * whose hash matches the frozen batch is taken. Returns false when it was applied before.
   */
  function applyReceipt(receipt: Receipt): boolean {
    return gateway.write('sync', (tx) => {
      const row = tx.sqlite
        .prepare('SELECT batch_hash AS batchHash, state, manifest FROM sync_batches WHERE batch_id = ?')
        .get(receipt.batchId) as { batchHash: string; state: BatchRow['state']; manifest: string } | undefined;
      if (!row || receipt.deviceId !== deviceId) {
        throw new AppError(
          'NOT_FOUND',
          'Biên nhận này không thuộc lô dữ liệu nào của máy này (có thể của máy khác). Không có gì thay đổi.',
        );
      }
      if (receipt.batchHash !== row.batchHash) {
        throw new AppError(
          'VALIDATION',
          'Biên nhận không khớp với lô đã gửi (mã kiểm tra khác): lô không được đánh dấu là đã gửi. Hãy báo cán bộ CNTT huyện.',
        );
      }
      if (row.state === 'committed') {
        // A receipt taken before (say over the network) may still carry requests this machine has
        // not seen, e.g. the USB copy of it made later: they are stored (by id, once).
        if (receipt.corrections?.length) corrections?.receive(receipt.corrections);
        return false;
      }
      const manifest = JSON.parse(row.manifest) as BatchManifest;
      const conflicts = new Map<string, SyncConflict>(receipt.conflicts.map((c) => [c.entryId, c]));
      const ack = tx.sqlite.prepare(
        `INSERT INTO sync_acks (entity_type, entity_id, version, content_hash, hub_seq, acked_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity_type, entity_id) DO UPDATE SET version = excluded.version,
           content_hash = excluded.content_hash, hub_seq = excluded.hub_seq, acked_at = excluded.acked_at
         WHERE excluded.version >= sync_acks.version`,
      );
      const resolved = tx.sqlite.prepare('DELETE FROM sync_conflicts WHERE entry_id = ? AND incoming_version <= ?');
      const keepConflict = tx.sqlite.prepare(
        `INSERT OR REPLACE INTO sync_conflicts (entry_id, batch_id, base_version, hub_version, incoming_version,
           hub_content_hash, incoming_content_hash, at, hub_entry)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const entry of manifest.entries) {
        const conflict = conflicts.get(entry.id);
        if (conflict) {
          keepConflict.run(
            entry.id,
            receipt.batchId,
            conflict.baseVersion,
            conflict.hubVersion,
            conflict.incomingVersion,
            conflict.hubContentHash,
            conflict.incomingContentHash,
            tx.at,
            conflict.hubEntry ? JSON.stringify(conflict.hubEntry) : null,
          );
        } else {
          ack.run('entry', entry.id, entry.version, entry.contentHash, receipt.hubSeq, tx.at);
          resolved.run(entry.id, entry.version);
        }
      }
      for (const file of manifest.files) ack.run('file', file.sha256, 1, file.sha256, receipt.hubSeq, tx.at);
      tx.sqlite
        .prepare(
          // The payload is on the hub now and never sent again: its copy here (MBs) is dropped.
          `UPDATE sync_batches SET state = 'committed', receipt = ?, committed_at = ?, next_attempt_at = NULL,
                  payload = '{}', uploads = '{}',
                  last_error = NULL, last_error_at = NULL
           WHERE batch_id = ?`,
        )
        .run(JSON.stringify(receipt), tx.at, receipt.batchId);
      // The answers to correction requests this batch carried have reached the hub.
      tx.sqlite
        .prepare(
          `UPDATE correction_requests SET answer_sent_at = ?
           WHERE answer_sent_at IS NULL AND state = 'answered' AND id IN (
             SELECT o.entity_id FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq
             WHERE o.entity_type = 'correction' AND o.seq BETWEEN ? AND ?
               AND a.action IN (${CORRECTION_ANSWER_ACTIONS.map(() => '?').join(', ')}))`,
        )
        .run(tx.at, manifest.outboxFrom, manifest.outboxTo, ...CORRECTION_ANSWER_ACTIONS);
      tx.sqlite.prepare('UPDATE sync_settings SET last_success_at = ?, online = 1 WHERE singleton = 1').run(tx.at);
      // The downlink in the receipt (a USB receipt's only way down): stored in the same write.
      if (receipt.corrections?.length) corrections?.receive(receipt.corrections);
      return true;
    });
  }

  /**
   * Asks the hub for the commune's open correction requests and stores the new ones. A hub that
   * does not answer (or an older hub without the route) changes nothing here; the next run asks again.
   */
  async function fetchCorrections(client: ReturnType<typeof createHubClient>): Promise<number> {
    if (!corrections) return 0;
    try {
      const down = await client.corrections();
      return corrections.receive(down.corrections);
    } catch (error) {
      if (error instanceof HubError) return 0;
      throw error;
    }
  }

  // ----- enrollment -----

  async function enroll(hubUrl: string, code: string): Promise<SyncStatus> {
    const url = hubUrl.trim().replace(/\/+$/, '');
    const client = createHubClient(url, null, options.client);
    let response;
    try {
      response = await client.enroll({ code: code.trim(), deviceId, deviceName: options.deviceName ?? os.hostname() });
    } catch (error) {
      if (error instanceof HubError) {
        throw new AppError(
          error.kind === 'refused' ? 'VALIDATION' : 'HUB_UNREACHABLE',
          `Chưa đăng ký được: ${error.message}`,
        );
      }
      throw error;
    }
    gateway.write('sync', (tx) => {
      const before = settings();
      // Another hub or commune: what the old one acknowledged means nothing there; everything is sent again.
      if (before && (before.hubUrl !== url || before.communeCode !== response.commune.code)) {
        tx.sqlite.exec('DELETE FROM sync_acks; DELETE FROM sync_conflicts; DELETE FROM sync_batches;');
      }
      tx.sqlite
        .prepare(
          `INSERT OR REPLACE INTO sync_settings (singleton, hub_url, credential, commune_code, commune_name, hub_name,
             enrolled_at, last_success_at, last_probe_at, online)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        )
        .run(
          url,
          response.credential,
          response.commune.code,
          response.commune.name,
          response.hubName,
          tx.at,
          before && before.hubUrl === url ? before.lastSuccessAt : null,
          tx.at,
        );
      // Entries and books from before the outbox existed (migration 0009) have no outbox row: they
      // get one now, pointing at their last audit event, so that the first batches carry them.
      for (const type of ['entry', 'book'] as const) {
        const table = type === 'entry' ? 'entries' : 'books';
        tx.sqlite
          .prepare(
            `INSERT INTO outbox (entity_type, entity_id, version, content_hash, audit_seq, created_at)
             SELECT ?, t.id, t.version, ${type === 'entry' ? 't.content_hash' : 'NULL'},
                    (SELECT max(a.seq) FROM audit_log a WHERE a.entity_type = ? AND a.entity_id = t.id), ?
             FROM ${table} t
             WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_type = ? AND o.entity_id = t.id)
               AND EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = ? AND a.entity_id = t.id)`,
          )
          .run(type, type, tx.at, type, type);
      }
    });
    return status();
  }

  // ----- the push -----

  async function sendBatch(client: ReturnType<typeof createHubClient>, row: BatchRow): Promise<void> {
    let offer = await client.postBatch(row.manifest, row.payload);
    const uploads = JSON.parse(row.uploads) as Record<string, string>;
    const manifest = JSON.parse(row.manifest) as BatchManifest;
    const sizes = new Map(manifest.files.map((f) => [f.sha256, f.byteSize]));
    for (let round = 0; round < 3; round++) {
      if (offer.state === 'committed') {
        applyOrRefuse(row, offer.receipt);
        return;
      }
      for (const sha256 of offer.missing) {
        const size = sizes.get(sha256);
        if (size === undefined || !(await files.has(sha256))) {
          throw new HubError(
            'refused',
            `Máy chủ huyện đòi một tệp ảnh quét mà máy này không có (${sha256.slice(0, 12)}…).`,
          );
        }
        await client.upload({
          path: files.pathFor(sha256),
          sha256,
          byteSize: size,
          batchId: row.batchId,
          uploadUrl: uploads[sha256],
          onUrl: (url) => {
            uploads[sha256] = url;
            storeUploadUrl(row.batchId, sha256, url);
          },
        });
      }
      try {
        applyOrRefuse(row, await client.commit(row.batchId));
        return;
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        if (error.code === 'FILES_MISSING') offer = { state: 'pending', batchId: row.batchId, missing: error.missing };
        // The hub does not know the batch (lost before it was stored): offer it again, same bytes.
        else if (error.code === 'NOT_FOUND') offer = await client.postBatch(row.manifest, row.payload);
        else throw error;
      }
    }
    throw new HubError('server', 'Máy chủ huyện vẫn báo thiếu tệp ảnh quét sau khi đã gửi.');
  }

  function applyOrRefuse(row: BatchRow, receipt: Receipt): void {
    if (receipt.batchId !== row.batchId || receipt.batchHash !== row.batchHash) {
      throw new HubError(
        'refused',
        'Biên nhận của máy chủ huyện không khớp với lô đã gửi (mã kiểm tra khác); lô chưa được đánh dấu là đã gửi. Hãy báo cán bộ CNTT huyện.',
      );
    }
    applyReceipt(receipt);
  }

  function problemOf(error: HubError): string {
    if (error.code === 'BATCH_CONTENT_MISMATCH') {
      return `MÁY CHỦ HUYỆN ĐÃ CÓ MỘT LÔ CÙNG MÃ NHƯNG NỘI DUNG KHÁC: ${error.message} Lô này được để riêng, không gửi lại tự động. Hãy báo ngay cán bộ CNTT huyện; dữ liệu trên máy vẫn còn nguyên.`;
    }
    return `Máy chủ huyện không nhận lô dữ liệu: ${error.message} Lô này được để riêng (các lô khác vẫn được gửi); sửa xong hãy bấm “Thử lại”.`;
  }

  let running: Promise<PushResult> = Promise.resolve({ committed: 0, waiting: 0, errors: [] });

  /**
   * One run: freezes new batches, probes the hub, sends the pending batches in order. `force`
   * ("Gửi ngay", `sohoa sync push`) ignores the backoff. Runs one at a time in a process.
   */
  function pushOnce(push: { force?: boolean; quiet?: boolean } = {}): Promise<PushResult> {
    const go = () => pushRun(push.force ?? false, push.quiet ?? false);
    const run = running.then(go, go);
    running = run.catch(() => ({ committed: 0, waiting: 0, errors: [] }));
    return run;
  }

  /** `quiet` (the background job): no status counted at the end, nobody reads it. */
  async function pushRun(force: boolean, quiet: boolean): Promise<PushResult> {
    const current = settings();
    if (!current) throw new AppError('VALIDATION', NOT_ENROLLED);
    await buildBatches({ sqlite, deviceId, communeCode: current.communeCode, now: ctx.now }, gateway, maxEntries);
    let committed = 0;
    const pending = batchRows("state = 'pending'");
    const now = ctx.now();
    const client = createHubClient(current.hubUrl, current.credential, options.client);
    if (pending.length === 0) {
      // Nothing to send: the run still asks for the district's correction requests.
      await fetchCorrections(client);
    } else if (force || pending[0]!.nextAttemptAt === null || pending[0]!.nextAttemptAt <= now) {
      let reachable = true;
      try {
        await client.ping();
        recordProbe(true);
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        recordProbe(false);
        backOff(pending[0]!.batchId, error.message);
        reachable = false;
      }
      for (const row of reachable ? pending : []) {
        try {
          await sendBatch(client, row);
          committed++;
        } catch (error) {
          if (!(error instanceof HubError)) throw error;
          if (error.kind === 'refused' && !isDeviceRefusal(error)) {
            setAside(row.batchId, problemOf(error));
            continue;
          }
          if (error.kind === 'network') recordProbe(false);
          backOff(
            row.batchId,
            isDeviceRefusal(error)
              ? `${error.message} Máy chủ huyện không nhận máy này: hãy đăng ký lại (Cài đặt → Kết nối huyện).`
              : error.message,
          );
          break;
        }
      }
      // After the push, the requests made since the last receipt (the receipts carried the rest).
      if (reachable) await fetchCorrections(client);
    }
    if (quiet) return { committed, waiting: 0, errors: [] };
    const after = status();
    return { committed, waiting: after.waiting, errors: after.errors };
  }

  /**
   * Moves a set-aside batch back to the queue (the clerk fixed the cause, or wants to try again).
   * The hub refused it and never committed it, so it is made again from the same outbox rows as
   * the data now stands (a new batch id and hash): a book whose mã ĐVHC was corrected goes
   * corrected, instead of the frozen copy being refused again.
   */
  function retry(batchId: string): SyncStatus {
    const current = settings();
    gateway.write('sync', (tx) => {
      const row = tx.sqlite
        .prepare('SELECT state, outbox_from AS outboxFrom, outbox_to AS outboxTo FROM sync_batches WHERE batch_id = ?')
        .get(batchId) as { state: string; outboxFrom: number; outboxTo: number } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'Không có lô dữ liệu này.');
      if (row.state === 'committed') return;
      if (row.state === 'set_aside' && current) {
        const rebuilt = readNextBatch(
          { sqlite: tx.sqlite, deviceId, communeCode: current.communeCode, now: ctx.now },
          row.outboxFrom - 1,
          maxEntries,
          new Map(),
          row.outboxTo,
        );
        if (rebuilt && rebuilt.manifest.outboxTo === row.outboxTo) {
          tx.sqlite.prepare('DELETE FROM sync_batches WHERE batch_id = ?').run(batchId);
          tx.sqlite
            .prepare(
              `INSERT INTO sync_batches (batch_id, outbox_from, outbox_to, batch_hash, manifest, payload, state, created_at)
               VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
            )
            .run(
              rebuilt.batchId,
              rebuilt.manifest.outboxFrom,
              rebuilt.manifest.outboxTo,
              rebuilt.manifest.batchHash,
              rebuilt.manifestJson,
              rebuilt.payloadJson,
              tx.at,
            );
          return;
        }
      }
      tx.sqlite
        .prepare(`UPDATE sync_batches SET state = 'pending', next_attempt_at = NULL, attempts = 0 WHERE batch_id = ?`)
        .run(batchId);
    });
    return status();
  }

  /**
   * Settles a conflict the hub reported ("Giữ bản của máy này" / "Nhận bản của huyện"), in one
   * write: a new version of the entry above the hub's, made by the records service (audited;
   * with the hub's data for `hub`), and the hub's version recorded as what the hub holds, so that
   * the next batch sends the new version on that base and the hub takes it as its next version.
   * The hub's version stays in the hub's history: nothing is overwritten silently.
   */
  function resolveConflict(
    input: { entryId: string; keep: 'local' | 'hub' },
    take: (version: { id: string; atLeast: number; note: string; hub?: SyncSide }) => unknown,
  ): SyncStatus {
    gateway.write('sync', (tx) => {
      const c = tx.sqlite
        .prepare(
          `SELECT hub_version AS hubVersion, hub_content_hash AS hubContentHash, hub_entry AS hubEntry
           FROM sync_conflicts WHERE entry_id = ?`,
        )
        .get(input.entryId) as { hubVersion: number; hubContentHash: string; hubEntry: string | null } | undefined;
      if (!c) {
        throw new AppError(
          'NOT_FOUND',
          'Trường hợp này không còn xung đột với máy chủ huyện (có thể đã được giải quyết). Không có gì thay đổi.',
        );
      }
      let hub: SyncSide | undefined;
      if (input.keep === 'hub') {
        const parsed = c.hubEntry === null ? null : syncEntry.safeParse(JSON.parse(c.hubEntry));
        if (!parsed?.success) {
          throw new AppError(
            'VALIDATION',
            'Biên nhận của máy chủ huyện không kèm bản của huyện cho trường hợp này (máy chủ huyện đời cũ, hoặc lô có quá nhiều xung đột). Hãy chọn “Giữ bản của máy này”, hoặc xem bản trên trang của máy chủ huyện (mục Xung đột) rồi sửa tay. Không có gì thay đổi.',
          );
        }
        const e = parsed.data;
        hub = {
          schemaVersion: e.schemaVersion,
          data: e.data,
          pages: [...e.pages].sort((a, b) => a.position - b.position).map(({ pageId, rect }) => ({ pageId, rect })),
          deleted: e.deletedAt === null ? null : { by: e.deletedBy ?? '', reason: e.deleteReason },
        };
      }
      take({
        id: input.entryId,
        atLeast: c.hubVersion + 1,
        note:
          input.keep === 'hub'
            ? `Nhận bản của huyện (phiên bản ${c.hubVersion})`
            : `Giữ bản của máy này thay cho bản phiên bản ${c.hubVersion} của huyện`,
        ...(hub ? { hub } : {}),
      });
      tx.sqlite
        .prepare(
          `INSERT INTO sync_acks (entity_type, entity_id, version, content_hash, hub_seq, acked_at)
           VALUES ('entry', ?, ?, ?, coalesce((SELECT hub_seq FROM sync_acks WHERE entity_type = 'entry' AND entity_id = ?), 0), ?)
           ON CONFLICT (entity_type, entity_id) DO UPDATE SET version = excluded.version,
             content_hash = excluded.content_hash, acked_at = excluded.acked_at`,
        )
        .run(input.entryId, c.hubVersion, c.hubContentHash, input.entryId, tx.at);
      tx.sqlite.prepare('DELETE FROM sync_conflicts WHERE entry_id = ?').run(input.entryId);
    });
    return status();
  }

  /** A receipt file (USB): its text, checked against the protocol and the frozen batch. */
  function applyReceiptText(text: string): SyncStatus {
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      throw new AppError('VALIDATION', 'Tệp biên nhận không đọc được (không phải JSON). Không có gì thay đổi.');
    }
    const parsed = receiptSchema.safeParse(json);
    if (!parsed.success) {
      throw new AppError('VALIDATION', 'Tệp này không phải biên nhận của máy chủ huyện. Không có gì thay đổi.');
    }
    applyReceipt(parsed.data);
    return status();
  }

  // ----- what is shown -----

  interface ConflictRow {
    entryId: string;
    hubVersion: number;
    incomingVersion: number;
    hubEntry: string | null;
    bookId: string;
    bookType: string;
    so: string;
    primaryName: string;
    version: number;
    schemaVersion: number;
    data: string;
    deletedAt: string | null;
    deleteReason: string | null;
  }

  /**
   * Every field where the hub's version and this machine's differ, with both values. Empty when
   * the receipt did not carry the hub's version (hubs before the field, receipts kept from then).
   */
  function bothValues(c: ConflictRow): SyncConflictView['fields'] {
    if (c.hubEntry === null) return [];
    const parsed = syncEntry.safeParse(JSON.parse(c.hubEntry));
    if (!parsed.success) return [];
    const hub = parsed.data;
    const pageIds = (
      sqlite
        .prepare('SELECT page_id AS pageId FROM entry_pages WHERE entry_id = ? ORDER BY position')
        .all(c.entryId) as {
        pageId: string;
      }[]
    ).map((r) => r.pageId);
    const local: ConflictSide = {
      schemaVersion: c.schemaVersion,
      data: JSON.parse(c.data) as Record<string, unknown>,
      pageIds,
      deleted: c.deletedAt === null ? null : { reason: c.deleteReason },
    };
    const hubSide: ConflictSide = {
      schemaVersion: hub.schemaVersion,
      data: hub.data,
      pageIds: [...hub.pages].sort((a, b) => a.position - b.position).map((p) => p.pageId),
      deleted: hub.deletedAt === null ? null : { reason: hub.deleteReason },
    };
    const pageNo = sqlite.prepare('SELECT page_no AS pageNo FROM pages WHERE id = ?');
    return conflictFields(c.bookType, hubSide, local, (pageId) => {
      const row = pageNo.get(pageId) as { pageNo: number } | undefined;
      return row?.pageNo;
    });
  }

  function status(): SyncStatus {
    const s = settings();
    const perBook = new Map<string, BookSyncState>();
    const book = (bookId: string) => {
      let b = perBook.get(bookId);
      if (!b) perBook.set(bookId, (b = { bookId, sent: 0, waiting: 0, errors: 0 }));
      return b;
    };
    const rows = sqlite
      .prepare(
        `SELECT e.book_id AS bookId,
                sum(CASE WHEN a.version = e.version THEN 1 ELSE 0 END) AS sent,
                sum(CASE WHEN a.version IS NULL OR a.version <> e.version THEN 1 ELSE 0 END) AS unsent
         FROM entries e LEFT JOIN sync_acks a ON a.entity_type = 'entry' AND a.entity_id = e.id
         GROUP BY e.book_id`,
      )
      .all() as { bookId: string; sent: number; unsent: number }[];
    for (const r of rows) Object.assign(book(r.bookId), { sent: r.sent, waiting: r.unsent });
    // Unsent entries whose current version is in a set-aside batch, or kept as a conflict: errors.
    const inError = new Set<string>();
    const current = sqlite.prepare(
      `SELECT e.book_id AS bookId, e.version, a.version AS acked
       FROM entries e LEFT JOIN sync_acks a ON a.entity_type = 'entry' AND a.entity_id = e.id WHERE e.id = ?`,
    );
    const countError = (id: string, version: number) => {
      if (inError.has(id)) return;
      const e = current.get(id) as { bookId: string; version: number; acked: number | null } | undefined;
      if (!e || e.version !== version || e.acked === e.version) return;
      inError.add(id);
      const b = book(e.bookId);
      b.waiting--;
      b.errors++;
    };
    const setAsideRows = batchRows("state = 'set_aside'");
    for (const r of setAsideRows) {
      for (const entry of (JSON.parse(r.manifest) as BatchManifest).entries) countError(entry.id, entry.version);
    }
    const conflictRows = sqlite
      .prepare(
        `SELECT c.entry_id AS entryId, c.hub_version AS hubVersion, c.incoming_version AS incomingVersion,
                c.hub_entry AS hubEntry, e.book_id AS bookId, e.book_type AS bookType, e.so,
                e.primary_name AS primaryName, e.version, e.schema_version AS schemaVersion, e.data,
                e.deleted_at AS deletedAt, e.delete_reason AS deleteReason
         FROM sync_conflicts c JOIN entries e ON e.id = c.entry_id ORDER BY c.at, c.entry_id`,
      )
      .all() as ConflictRow[];
    for (const c of conflictRows) countError(c.entryId, c.incomingVersion);
    const conflicts: SyncConflictView[] = conflictRows.map((c) => ({
      entryId: c.entryId,
      bookId: c.bookId,
      so: c.so,
      primaryName: c.primaryName,
      hubVersion: c.hubVersion,
      localVersion: c.version,
      fields: bothValues(c),
    }));
    const errors: SyncProblem[] = batchRows("last_error IS NOT NULL AND state IN ('pending', 'set_aside')").map(
      (r) => ({
        batchId: r.batchId,
        at: r.lastErrorAt ?? r.createdAt,
        message: r.lastError ?? '',
        setAside: r.state === 'set_aside',
      }),
    );
    // The hub flags a device clock more than a day off (it orders by its own sequence, never by it).
    const last = sqlite
      .prepare(
        `SELECT batch_id AS batchId, receipt, committed_at AS at FROM sync_batches
         WHERE state = 'committed' ORDER BY committed_at DESC, outbox_from DESC LIMIT 1`,
      )
      .get() as { batchId: string; receipt: string; at: string } | undefined;
    const skew = last ? (JSON.parse(last.receipt) as Receipt).clockSkewMs : null;
    if (last && skew !== null) {
      const hours = Math.round(Math.abs(skew) / 3_600_000);
      errors.push({
        batchId: last.batchId,
        at: last.at,
        message: `Đồng hồ của máy này ${skew > 0 ? 'nhanh' : 'chậm'} khoảng ${hours} giờ so với máy chủ huyện. Hãy chỉnh lại ngày giờ của máy; dữ liệu vẫn được nhận (thứ tự theo máy chủ huyện, không theo đồng hồ máy).`,
        setAside: false,
      });
    }
    const books = [...perBook.values()].sort((a, b) => a.bookId.localeCompare(b.bookId));
    const filesWaiting = (
      sqlite
        .prepare(
          `SELECT count(DISTINCT f.sha256) AS n FROM scan_files f
           WHERE NOT EXISTS (SELECT 1 FROM sync_acks a WHERE a.entity_type = 'file' AND a.entity_id = f.sha256)`,
        )
        .get() as { n: number }
    ).n;
    const pendingBatches = (
      sqlite.prepare("SELECT count(*) AS n FROM sync_batches WHERE state = 'pending'").get() as { n: number }
    ).n;
    return {
      enrolled: s !== null,
      hubUrl: s?.hubUrl ?? null,
      commune: s ? { code: s.communeCode, name: s.communeName } : null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      online: s?.online === null || s?.online === undefined ? null : s.online === 1,
      waiting: books.reduce((n, b) => n + b.waiting, 0),
      sent: books.reduce((n, b) => n + b.sent, 0),
      filesWaiting,
      pendingBatches,
      errors,
      conflicts,
      books,
    };
  }

  /**
   * Writes one USB package per waiting batch into `outDir` (freezing first what changed since the
   * last batch). Nothing is marked sent: that takes the hub's receipt (`applyReceiptText`).
   */
  async function exportUsb(outDir: string): Promise<{ dir: string; packages: UsbPackageResult[] }> {
    const s = settings();
    if (!s) throw new AppError('VALIDATION', NOT_ENROLLED);
    await buildBatches({ sqlite, deviceId, communeCode: s.communeCode, now: ctx.now }, gateway, maxEntries);
    const onHub = new Set(
      (
        sqlite.prepare("SELECT entity_id AS sha FROM sync_acks WHERE entity_type = 'file'").all() as { sha: string }[]
      ).map((r) => r.sha),
    );
    const packages: UsbPackageResult[] = [];
    for (const row of batchRows("state = 'pending'")) {
      packages.push(
        await writeUsbPackage({
          outDir,
          batch: {
            batchId: row.batchId,
            batchHash: row.batchHash,
            manifestJson: row.manifest,
            payloadJson: row.payload,
          },
          deviceId,
          credential: s.credential,
          communeCode: s.communeCode,
          files,
          onHub,
        }),
      );
    }
    return { dir: outDir, packages };
  }

  return {
    settings,
    status,
    exportUsb,
    enroll,
    pushOnce,
    retry,
    resolveConflict,
    applyReceipt,
    applyReceiptText,
    /** Freezes batches for what changed (the USB export does it before writing). */
    build: async () => {
      const s = settings();
      if (!s) throw new AppError('VALIDATION', NOT_ENROLLED);
      return buildBatches({ sqlite, deviceId, communeCode: s.communeCode, now: ctx.now }, gateway, maxEntries);
    },
    batches: (state: BatchRow['state']) => batchRows('state = ?', state),
    batch: batchRow,
    deviceId,
    files,
  };
}

export type SyncService = ReturnType<typeof createSyncService>;

/**
 * The background job of the app (web host, Electron): a push every `intervalMs` while enrolled,
 * as the app itself, off any request. Network I/O is async; its database work is short reads and
 * writes, so typing never waits on it. Stopped when the backend closes.
 */
export function startSyncJob(
  service: SyncService,
  options: { intervalMs: number; request: RequestContext; onError: (error: unknown) => void },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  async function tick() {
    try {
      if (service.settings()) await runAsRequest(options.request, () => service.pushOnce({ quiet: true }));
    } catch (error) {
      if (!stopped) options.onError(error);
    } finally {
      schedule(options.intervalMs);
    }
  }
  schedule(Math.min(options.intervalMs, 2000));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The background job's period: SOHOA_SYNC_INTERVAL_MS, else 30 s. */
export function syncIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SOHOA_SYNC_INTERVAL_MS);
  return Number.isFinite(value) && value > 0 ? value : 30_000;
}

/**
 * Backoff overrides for test rigs and the bench (the fault-injection run wants seconds, not
 * minutes): SOHOA_SYNC_BACKOFF_BASE_MS and SOHOA_SYNC_BACKOFF_CAP_MS.
 */
export function syncOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SyncServiceOptions {
  const positive = (value: string | undefined) => {
    const n = Number(value);
    return value && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const base = positive(env.SOHOA_SYNC_BACKOFF_BASE_MS);
  const cap = positive(env.SOHOA_SYNC_BACKOFF_CAP_MS);
  return { ...(base ? { backoffBaseMs: base } : {}), ...(cap ? { backoffCapMs: cap } : {}) };
}
