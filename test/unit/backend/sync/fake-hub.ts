/**
 * A small stand-in for the district hub, for the desktop sync client's unit tests: the protocol
 * of shared/sync/protocol.ts, faithfully (the shared schemas validate every body, the batch hash
 * is recomputed, replays answer the same receipt, the same id with other content is 409, files
 * come by tus (@tus/server) and are checked against their SHA-256, commit refuses missing files,
 * a base that is not the current version is kept as a conflict). Not the hub (hub/ is): a test
 * double on loopback. `fail` lets a test make the next requests fail in a chosen way.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FileStore as TusFileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import {
  SYNC_PROTOCOL,
  batch as batchSchema,
  enrollRequest,
  type Batch,
  type Receipt,
  type SyncConflict,
  type SyncErrorCode,
} from '../../../../shared/sync/protocol';
import { computeBatchHash } from '../../../../electron/backend/sync/batch-hash';

export interface FakeHubFailure {
  /** Which requests: 'METHOD /path-prefix'. */
  match: string;
  /**
   * An HTTP status with a sync error body; 'drop': the connection is cut before the hub does
   * anything; 'lose-answer': the hub does the work, then the connection is cut before its answer.
   */
  status: number | 'drop' | 'lose-answer';
  code?: SyncErrorCode;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

interface StoredBatch {
  batch: Batch;
  state: 'pending' | 'committed';
  receipt?: Receipt;
}

export async function startFakeHub(dir: string, options: { communeCode?: string; enrollCode?: string } = {}) {
  const communeCode = options.communeCode ?? '20590';
  const enrollCode = options.enrollCode ?? 'MA-DANG-KY-1';
  const credentials = new Map<string, string>(); // credential → deviceId
  const batches = new Map<string, StoredBatch>();
  /** Entry id → current version and content hash on the hub. */
  const entries = new Map<string, { version: number; contentHash: string }>();
  const files = new Set<string>();
  const failures: FakeHubFailure[] = [];
  const requests: string[] = [];
  let hubSeq = 0;
  const uploadDir = path.join(dir, 'uploads');
  await fs.mkdir(uploadDir, { recursive: true });

  const tus = new TusServer({
    path: '/api/sync/files',
    datastore: new TusFileStore({ directory: uploadDir }),
    onUploadFinish: async (_req, upload) => {
      const bytes = await fs.readFile(path.join(uploadDir, upload.id));
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== upload.metadata?.sha256) {
        throw {
          status_code: 422,
          body: JSON.stringify({ error: { code: 'FILE_HASH_MISMATCH', message: 'Tệp nhận được không khớp SHA-256.' } }),
        };
      }
      files.add(sha);
      return {};
    },
  });

  function sendJson(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
  function sendError(
    res: http.ServerResponse,
    status: number,
    code: SyncErrorCode,
    message: string,
    missing?: string[],
  ) {
    sendJson(res, status, { error: { code, message, ...(missing ? { missing } : {}) } });
  }
  async function body(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  function commitBatch(stored: StoredBatch, deviceId: string): Receipt {
    const { manifest, payload } = stored.batch;
    const conflicts: SyncConflict[] = [];
    let accepted = 0;
    for (const entry of payload.entries) {
      const current = entries.get(entry.id);
      const currentVersion = current?.version ?? 0;
      if (entry.baseVersion !== currentVersion) {
        conflicts.push({
          entryId: entry.id,
          baseVersion: entry.baseVersion,
          hubVersion: currentVersion,
          incomingVersion: entry.version,
          hubContentHash: current?.contentHash ?? '0'.repeat(64),
          incomingContentHash: entry.contentHash,
        });
      } else {
        entries.set(entry.id, { version: entry.version, contentHash: entry.contentHash });
        accepted++;
      }
    }
    const receipt: Receipt = {
      protocol: SYNC_PROTOCOL,
      batchId: manifest.batchId,
      deviceId,
      hubSeq: ++hubSeq,
      batchHash: manifest.batchHash,
      committedAt: new Date().toISOString(),
      accepted,
      conflicts,
      clockSkewMs: null,
    };
    stored.state = 'committed';
    stored.receipt = receipt;
    return receipt;
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://hub');
    const line = `${req.method} ${url.pathname}`;
    requests.push(line);
    const failure = failures.find((f) => line.startsWith(f.match) && (f.times ?? 1) > 0);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.status === 'drop') {
        req.socket.destroy();
        return;
      }
      if (failure.status === 'lose-answer') {
        const cut = () => {
          req.socket.destroy();
          return res;
        };
        res.writeHead = cut as unknown as typeof res.writeHead;
        res.end = cut as unknown as typeof res.end;
        return routeOk(req, res, url, line);
      }
      sendError(res, failure.status, failure.code ?? 'INTERNAL', failure.message ?? 'Lỗi thử nghiệm.');
      return;
    }
    return routeOk(req, res, url, line);
  }

  async function routeOk(req: http.IncomingMessage, res: http.ServerResponse, url: URL, line: string) {
    if (url.pathname.startsWith('/api/sync/files')) {
      await tus.handle(req, res);
      return;
    }
    if (line === 'GET /api/sync/ping') {
      sendJson(res, 200, { hub: 'sohoa-hub', protocol: SYNC_PROTOCOL, time: new Date().toISOString() });
      return;
    }
    if (line === 'POST /api/sync/enroll') {
      const parsed = enrollRequest.safeParse(await body(req));
      if (!parsed.success) return sendError(res, 400, 'BAD_REQUEST', 'Yêu cầu không hợp lệ.');
      if (parsed.data.code !== enrollCode) {
        return sendError(res, 400, 'ENROLL_CODE_INVALID', 'Mã đăng ký không đúng hoặc đã dùng.');
      }
      const credential = randomBytes(32).toString('hex');
      credentials.set(credential, parsed.data.deviceId);
      sendJson(res, 200, { credential, commune: { code: communeCode, name: 'Xã Điện Phước' }, hubName: 'Huyện Thử' });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const deviceId = bearer ? credentials.get(bearer) : undefined;
    if (!deviceId) return sendError(res, 401, 'UNAUTHENTICATED', 'Máy chưa đăng ký với máy chủ huyện.');
    if (line === 'POST /api/sync/batches') {
      const parsed = batchSchema.safeParse(await body(req));
      if (!parsed.success) return sendError(res, 400, 'BAD_REQUEST', 'Lô dữ liệu không đúng giao thức.');
      const { manifest, payload } = parsed.data;
      if (computeBatchHash(manifest, payload) !== manifest.batchHash) {
        return sendError(res, 400, 'BATCH_HASH_MISMATCH', 'Mã kiểm tra của lô không khớp nội dung.');
      }
      if (manifest.communeCode !== communeCode) {
        return sendError(res, 403, 'WRONG_COMMUNE', 'Máy này chỉ được gửi sổ của xã mình.');
      }
      const existing = batches.get(manifest.batchId);
      if (existing && existing.batch.manifest.batchHash !== manifest.batchHash) {
        return sendError(res, 409, 'BATCH_CONTENT_MISMATCH', 'Lô cùng mã đã nhận với nội dung khác.');
      }
      if (existing?.state === 'committed') {
        return sendJson(res, 200, { state: 'committed', batchId: manifest.batchId, receipt: existing.receipt });
      }
      batches.set(manifest.batchId, existing ?? { batch: parsed.data, state: 'pending' });
      const missing = manifest.files.map((f) => f.sha256).filter((sha) => !files.has(sha));
      return sendJson(res, 200, { state: 'pending', batchId: manifest.batchId, missing });
    }
    const commit = /^POST \/api\/sync\/batches\/([^/]+)\/commit$/.exec(line);
    if (commit) {
      const stored = batches.get(decodeURIComponent(commit[1]!));
      if (!stored) return sendError(res, 404, 'NOT_FOUND', 'Không có lô này.');
      if (stored.state === 'committed') return sendJson(res, 200, stored.receipt);
      const missing = stored.batch.manifest.files.map((f) => f.sha256).filter((sha) => !files.has(sha));
      if (missing.length > 0) return sendError(res, 409, 'FILES_MISSING', 'Còn thiếu tệp.', missing);
      return sendJson(res, 200, commitBatch(stored, deviceId));
    }
    sendError(res, 404, 'NOT_FOUND', 'Không có địa chỉ này.');
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    enrollCode,
    communeCode,
    batches,
    entries,
    files,
    requests,
    /** Makes the next matching requests fail. */
    fail: (failure: FakeHubFailure) => failures.push(failure),
    /**
     * What `sohoa-hub import` does with a USB package, through the same rules as the network:
     * the hash checked, files checked against their SHA-256, a replay answers the same receipt.
     */
    ingest(package_: { batch: Batch; files: Map<string, Buffer>; deviceId: string }): Receipt {
      const { manifest, payload } = batchSchema.parse(package_.batch);
      if (computeBatchHash(manifest, payload) !== manifest.batchHash) throw new Error('BATCH_HASH_MISMATCH');
      for (const [sha, bytes] of package_.files) {
        if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new Error('FILE_HASH_MISMATCH');
        files.add(sha);
      }
      const existing = batches.get(manifest.batchId);
      if (existing && existing.batch.manifest.batchHash !== manifest.batchHash)
        throw new Error('BATCH_CONTENT_MISMATCH');
      if (existing?.state === 'committed') return existing.receipt!;
      const stored: StoredBatch = existing ?? { batch: { manifest, payload }, state: 'pending' };
      batches.set(manifest.batchId, stored);
      if (manifest.files.some((f) => !files.has(f.sha256))) throw new Error('FILES_MISSING');
      return commitBatch(stored, package_.deviceId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeHub = Awaited<ReturnType<typeof startFakeHub>>;
