/**
 * The hub's HTTP surface (Hono): the sync endpoints of shared/sync/protocol.ts, tus uploads, the
 * loopback admin endpoints that `sohoa-hub` uses while the hub runs, and the status page.
 */
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { batch, enrollRequest, MAX_SYNC_FILE_BYTES, SYNC_PROTOCOL, type SyncErrorCode } from '../shared/sync/protocol';
import { z } from '../shared/zod';
import { adminOps, runAdminOp, type AdminOp } from './admin';
import { BlobHashMismatch } from './blob-store';
import {
  authenticateDevice,
  batchNeedsFile,
  batchState,
  commitBatch,
  enrollDevice,
  HubError,
  offerBatch,
  isCommitted,
  storeBlobFile,
  type HubContext,
} from './ingest';
import { authHandlers } from './review/auth';
import { lotHandlers } from './review/lots';
import { statsHandlers } from './review/stats';
import { mountReviewApi, optionalStaff } from './review/api';
import { statusPage } from './status-page';
import { DEFAULT_HUB_UI_DIR, mountHubUi, securityHeaders } from './ui';
import { downlinkFor } from './review/corrections-sync';

export interface HubAppOptions {
  ctx: HubContext;
  /** Where tus keeps uploads until they finish. */
  uploadsDir: string;
  /** The token `sohoa-hub` presents on the admin endpoints (undefined: no admin endpoints). */
  adminToken?: string;
  /** The built review screens served at /kiem-tra/ (default <repo>/dist-hub). */
  hubUiDir?: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A request from the hub's own machine. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The largest JSON body the hub reads: a batch of 5 000 entries with its events is a few MB. */
export const MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;
/** An enrollment or admin request is small. */
export const MAX_SMALL_BODY_BYTES = 64 * 1024;

function errorBody(code: SyncErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** A refusal inside a tus hook: tus sends `status_code` and `body` as they are. */
function tusRefusal(status: number, code: SyncErrorCode, message: string): { status_code: number; body: string } {
  return { status_code: status, body: errorBody(code, message) };
}

/**
 * Tidies the tus uploads folder (at start, and for one batch once it is committed). A finished
 * upload stays (its file is linked into the blob store, no second copy) until its batch is
 * committed, so that a client whose last answer was lost learns from HEAD that the file is
 * complete instead of sending it again. Uploads whose bytes all arrived but whose finish step
 * never ran (the hub stopped between the two) are checked and stored here; wrong bytes are
 * dropped. Returns the SHA-256s stored.
 */
export async function sweepUploads(
  ctx: HubContext,
  uploadsDir: string,
  onlyBatch?: string,
  tusStore?: FileStore,
): Promise<string[]> {
  if (!fs.existsSync(uploadsDir)) return [];
  const store = tusStore ?? new FileStore({ directory: uploadsDir });
  const stored: string[] = [];
  for (const name of fs.readdirSync(uploadsDir)) {
    if (!name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    const upload = await store.getUpload(id).catch(() => undefined);
    const sha256 = upload?.metadata?.sha256 ?? '';
    const batchId = upload?.metadata?.batchId ?? '';
    if (onlyBatch !== undefined && batchId !== onlyBatch) continue;
    let keep = Boolean(upload) && SHA256.test(sha256) && !(await isCommitted(ctx, batchId));
    if (keep && upload && upload.size !== undefined && upload.offset === upload.size) {
      try {
        await storeBlobFile(ctx, sha256, path.join(uploadsDir, id));
        stored.push(sha256);
      } catch (error) {
        if (!(error instanceof BlobHashMismatch)) throw error;
        keep = false;
      }
    }
    if (!keep) {
      await store.remove(id).catch(() => undefined);
      fs.rmSync(path.join(uploadsDir, name), { force: true });
    }
  }
  return stored;
}

export function createHubApp(options: HubAppOptions): Hono {
  const { ctx } = options;
  const app = new Hono();
  app.use('*', securityHeaders());
  fs.mkdirSync(options.uploadsDir, { recursive: true });
  const store = new FileStore({ directory: options.uploadsDir });

  const tus = new TusServer({
    path: '/api/sync/files',
    datastore: store,
    maxSize: MAX_SYNC_FILE_BYTES,
    relativeLocation: true,
    async onUploadCreate(req, upload) {
      const sha256 = upload.metadata?.sha256 ?? '';
      const batchId = upload.metadata?.batchId ?? '';
      if (!SHA256.test(sha256) || !batchId) {
        throw tusRefusal(400, 'BAD_REQUEST', 'Tệp gửi lên thiếu mã SHA-256 hoặc mã lô trong metadata.');
      }
      const device = await authenticateDevice(ctx, req.headers.get('authorization') ?? undefined);
      if (!(await batchNeedsFile(ctx, device, batchId, sha256))) {
        throw tusRefusal(404, 'NOT_FOUND', `Lô ${batchId} của máy này không cần tệp ${sha256}.`);
      }
      return { metadata: upload.metadata ?? {} };
    },
    async onResponseError(_req, error) {
      if (error instanceof HubError) return { status_code: error.status, body: JSON.stringify(error.toBody()) };
      if (!(error instanceof Error) && error.status_code === 413) {
        return tusRefusal(
          413,
          'FILE_TOO_LARGE',
          `Tệp lớn hơn mức máy chủ huyện nhận (${MAX_SYNC_FILE_BYTES / (1024 * 1024)} MB). Hãy tách tệp ảnh thành nhiều tệp nhỏ hơn.`,
        );
      }
      return undefined;
    },
    async onUploadFinish(_req, upload) {
      const sha256 = upload.metadata?.sha256 ?? '';
      const file = path.join(options.uploadsDir, upload.id);
      try {
        await storeBlobFile(ctx, sha256, file);
      } catch (error) {
        if (error instanceof BlobHashMismatch) {
          // Nothing of a wrong file is kept: the client starts this file again.
          await store.remove(upload.id).catch(() => undefined);
          throw tusRefusal(
            460,
            'FILE_HASH_MISMATCH',
            `Tệp ${sha256.slice(0, 12)}… đến nơi không đúng nội dung (mã SHA-256 khác). Máy sẽ gửi lại tệp này.`,
          );
        }
        throw error;
      }
      // Kept (linked, not copied) until its batch is committed: see sweepUploads.
      return {};
    },
  });

  app.onError((error, c) => {
    if (error instanceof HubError) return c.json(error.toBody(), error.status);
    console.error('[hub]', error);
    return c.json(
      { error: { code: 'INTERNAL', message: 'Máy chủ huyện gặp lỗi khi xử lý yêu cầu. Máy sẽ thử lại sau.' } },
      500,
    );
  });
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `Máy chủ huyện không có địa chỉ ${c.req.path}.` } }, 404),
  );

  const json = async <T>(c: Context, schema: z.ZodType<T>): Promise<T> => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HubError(400, 'BAD_REQUEST', 'Nội dung yêu cầu không phải JSON hợp lệ.');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HubError(
        400,
        'BAD_REQUEST',
        `Yêu cầu không hợp lệ: ${issue ? `${issue.path.join('.') || '(gốc)'}: ${issue.message}` : 'không rõ'}.`,
      );
    }
    return parsed.data;
  };
  const device = (c: Context) => authenticateDevice(ctx, c.req.header('authorization'));

  // Bodies are bounded before they are read: a huge request is a 413, not the hub's memory.
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'BAD_REQUEST',
              message: `Yêu cầu quá lớn (tối đa ${Math.round(maxSize / 1024)} KB); máy chủ huyện không đọc nó.`,
            },
          },
          413,
        ),
    });
  app.use('/api/sync/enroll', limit(MAX_SMALL_BODY_BYTES));
  app.use('/api/admin/*', limit(MAX_SMALL_BODY_BYTES));
  app.use('/api/sync/batches', limit(MAX_JSON_BODY_BYTES));
  app.use('/api/sync/batches/:id/commit', limit(MAX_SMALL_BODY_BYTES));

  app.get('/api/sync/ping', (c) =>
    c.json({ hub: 'sohoa-hub', protocol: SYNC_PROTOCOL, time: new Date().toISOString() }),
  );
  app.post('/api/sync/enroll', async (c) => c.json(await enrollDevice(ctx, await json(c, enrollRequest))));
  app.post('/api/sync/batches', async (c) => {
    const who = await device(c);
    return c.json(await offerBatch(ctx, who, await json(c, batch), 'network'));
  });
  app.get('/api/sync/corrections', async (c) => c.json(await downlinkFor(ctx.db, (await device(c)).communeCode)));
  app.get('/api/sync/batches/:id', async (c) => c.json(await batchState(ctx, await device(c), c.req.param('id'))));
  app.post('/api/sync/batches/:id/commit', async (c) => {
    const committed = await commitBatch(ctx, await device(c), c.req.param('id'));
    await sweepUploads(ctx, options.uploadsDir, committed.batchId, store).catch((error: unknown) =>
      console.error('[hub] uploads:', error),
    );
    return c.json(committed);
  });
  const files = async (c: Context) => {
    // OPTIONS (tus discovery) needs no credential; everything else does.
    if (c.req.method !== 'OPTIONS') await device(c);
    return tus.handleWeb(c.req.raw);
  };
  app.all('/api/sync/files', files);
  app.all('/api/sync/files/*', files);

  if (options.adminToken !== undefined) {
    const token = Buffer.from(options.adminToken, 'utf8');
    app.post('/api/admin/ops/:op', async (c) => {
      const loopback = isLoopback(getConnInfo(c).remote.address);
      const given = Buffer.from(/^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '', 'utf8');
      if (!loopback || given.length !== token.length || !timingSafeEqual(given, token)) {
        throw new HubError(401, 'UNAUTHENTICATED', 'Chỉ lệnh sohoa-hub trên chính máy chủ mới dùng được địa chỉ này.');
      }
      const op = c.req.param('op');
      if (!(op in adminOps)) throw new HubError(404, 'NOT_FOUND', `Không có thao tác ${op}.`);
      return c.json({ result: await runAdminOp(ctx, op as AdminOp, await c.req.json(), 'cli') });
    });
  }

  mountReviewApi(app, ctx, { ...authHandlers, ...lotHandlers, ...statsHandlers });
  mountHubUi(app, options.hubUiDir ?? DEFAULT_HUB_UI_DIR);

  // Details (personal data) to the hub's own machine and to logged-in district staff.
  app.get('/', async (c) =>
    c.html(
      await statusPage(ctx, {
        details: isLoopback(getConnInfo(c).remote.address) || (await optionalStaff(c, ctx)) !== null,
      }),
    ),
  );
  return app;
}
