/**
 * The hub's sync endpoints over HTTP: enrollment, device auth, commune rule, batch idempotency,
 * tus uploads (resumable, hash-checked), commit with conflicts, racing commits, clock skew.
 * One hub (one database) for the file; every test makes its own commune and devices.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflicts, deviceEvents, devices, entries, entryVersions, hubAudit } from '../../../hub/db/schema';
import { computeBatchHash } from '../../../electron/backend/sync/batch-hash';
import { runAdminOp } from '../../../hub/admin';
import { isLoopback, sweepUploads } from '../../../hub/app';
import { statusPage } from '../../../hub/status-page';
import { RECEIPT_HUB_ENTRY_BUDGET } from '../../../hub/ingest';
import { batchOffer, MAX_SYNC_FILE_BYTES, receipt, syncError, type Batch } from '../../../shared/sync/protocol';
import {
  addCommune,
  call,
  enroll,
  makeBatch,
  makeBook,
  makeEntry,
  newEnrollCode,
  sha256,
  startTestHub,
  tusUpload,
  type Device,
  type TestHub,
} from './helpers';

/** Starting PGlite (WASM) and migrating on a busy 2-core machine: a generous bound. */
const HOOK_MS = 120_000;
let hub: TestHub;
let communeSeq = 10000;
/** A fresh commune (5-digit code) for one test. */
async function commune(): Promise<string> {
  const code = String(++communeSeq);
  await addCommune(hub.ctx, code, `Xã Thử ${code}`);
  return code;
}

beforeAll(async () => {
  hub = await startTestHub();
}, HOOK_MS);
afterAll(async () => {
  await hub?.close();
}, HOOK_MS);

const errorOf = (body: unknown) => syncError.parse(body).error;

async function offer(device: Device, b: Batch) {
  return call(hub, device, 'POST', '/api/sync/batches', b);
}
async function commit(device: Device, batchId: string) {
  return call(hub, device, 'POST', `/api/sync/batches/${batchId}/commit`);
}

describe('enrollment', () => {
  it('gives a credential for a one-time code, and refuses the same code again with a clear message', async () => {
    const code = await commune();
    const enrollCode = await newEnrollCode(hub.ctx, code);
    const first = await call(hub, undefined, 'POST', '/api/sync/enroll', {
      code: enrollCode.toLowerCase(),
      deviceId: 'may-1',
      deviceName: 'Máy 1',
    });
    expect(first.status).toBe(200);
    const second = await call(hub, undefined, 'POST', '/api/sync/enroll', {
      code: enrollCode,
      deviceId: 'may-2',
      deviceName: 'Máy 2',
    });
    expect(second.status).toBe(400);
    expect(errorOf(second.body).code).toBe('ENROLL_CODE_INVALID');
    expect(errorOf(second.body).message).toContain('đã được dùng');
    // The hub keeps only the credential's hash.
    const [row] = await hub.ctx.db.select().from(devices).where(eq(devices.id, 'may-1'));
    const credential = (first.body as { credential: string }).credential;
    expect(row?.credentialHash).toBe(sha256(credential));
    expect(JSON.stringify(row)).not.toContain(credential);
  });

  it('refuses a body over its bound (413) before reading it', async () => {
    const huge = await call(hub, undefined, 'POST', '/api/sync/enroll', {
      code: 'AAAA-BBBB-CCCC',
      deviceId: 'may-x',
      deviceName: 'x'.repeat(100 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(errorOf(huge.body)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(errorOf(huge.body).message).toContain('Yêu cầu quá lớn');
  });

  it('refuses a wrong code with a Vietnamese message', async () => {
    const wrong = await call(hub, undefined, 'POST', '/api/sync/enroll', {
      code: 'AAAA-BBBB-CCCC',
      deviceId: 'may-x',
      deviceName: 'Máy X',
    });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong.body)).toMatchObject({ code: 'ENROLL_CODE_INVALID' });
    expect(errorOf(wrong.body).message).toContain('Mã đăng ký không đúng');
  });

  it('refuses requests without a credential, with a wrong one, and from a revoked device', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [] });
    expect((await call(hub, undefined, 'POST', '/api/sync/batches', b)).status).toBe(401);
    const wrong = await offer({ ...device, credential: randomBytes(32).toString('base64url') }, b);
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong.body).code).toBe('UNAUTHENTICATED');
    expect((await offer(device, b)).status).toBe(200);
    await runAdminOp(hub.ctx, 'device-revoke', { deviceId: device.id }, 'test');
    const revoked = await offer(device, b);
    expect(revoked.status).toBe(401);
    expect(errorOf(revoked.body).code).toBe('DEVICE_REVOKED');
    expect(errorOf(revoked.body).message).toContain('thu hồi');
  });
});

describe('batches', () => {
  it('refuses a book of another commune (403 WRONG_COMMUNE) and takes a book without office code as its own', async () => {
    const code = await commune();
    const other = await commune();
    const device = await enroll(hub, code);
    const foreign = makeBatch({ device, books: [makeBook(other)], entries: [] });
    const refused = await offer(device, foreign);
    expect(refused.status).toBe(403);
    expect(errorOf(refused.body).code).toBe('WRONG_COMMUNE');
    expect(errorOf(refused.body).message).toContain('không nhận sổ của xã khác');

    const book = makeBook(null);
    const own = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'Nguyễn Văn A' })] });
    expect((await offer(device, own)).status).toBe(200);
    expect((await commit(device, own.manifest.batchId)).status).toBe(200);
  });

  it("refuses a change to another commune's entry, even inside a book of its own", async () => {
    const code = await commune();
    const other = await commune();
    const owner = await enroll(hub, code);
    const intruder = await enroll(hub, other);
    const book = makeBook(code);
    const entry = makeEntry(book.id, { ten: 'Đỗ Văn P' });
    const first = makeBatch({ device: owner, books: [book], entries: [entry] });
    await offer(owner, first);
    expect((await commit(owner, first.manifest.batchId)).status).toBe(200);
    const ownBook = makeBook(other);
    const changed = { ...makeEntry(ownBook.id, { ten: 'Sửa' }, 2, 1, entry.id) };
    const attempt = makeBatch({ device: intruder, books: [ownBook], entries: [changed] });
    const refused = await offer(intruder, attempt);
    expect(refused.status).toBe(403);
    expect(errorOf(refused.body).code).toBe('WRONG_COMMUNE');
    const [current] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entry.id));
    expect(current?.data.data).toEqual({ ten: 'Đỗ Văn P' });
  });

  it('refuses a batch whose hash does not match its content (400 BATCH_HASH_MISMATCH)', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'A' })] });
    const tampered: Batch = { ...b, payload: { ...b.payload, books: [{ ...book, volume: '02/2024' }] } };
    const response = await offer(device, tampered);
    expect(response.status).toBe(400);
    expect(errorOf(response.body).code).toBe('BATCH_HASH_MISMATCH');
  });

  it('refuses a manifest that does not describe its payload', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'A' })] });
    // Counts that lie, hashed correctly: only the consistency check can catch it.
    const { batchHash: _h, ...manifest } = b.manifest;
    void _h;
    const lying = { ...manifest, counts: { ...manifest.counts, entries: 2 } };
    const { computeBatchHash } = await import('../../../electron/backend/sync/batch-hash');
    const response = await offer(device, {
      manifest: { ...lying, batchHash: computeBatchHash(lying, b.payload) },
      payload: b.payload,
    });
    expect(response.status).toBe(400);
    expect(errorOf(response.body).message).toContain('bảng kê ghi 2 entries');

    // The same entry twice in the payload, the manifest listing it and another one.
    const twice = makeEntry(book.id, { ten: 'A' });
    const other = makeEntry(book.id, { ten: 'B' });
    const base = makeBatch({ device, books: [book], entries: [twice, other] });
    const payload = { ...base.payload, entries: [twice, twice] };
    const { batchHash: _b, ...m2 } = base.manifest;
    void _b;
    const doubled = await offer(device, { manifest: { ...m2, batchHash: computeBatchHash(m2, payload) }, payload });
    expect(doubled.status).toBe(400);
    expect(errorOf(doubled.body).message).toContain('một bản ghi có mặt hai lần');
  });

  it('answers a replayed batch with the same receipt, and refuses the same id with other content (409)', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'Trần Thị B' })] });
    expect(batchOffer.parse((await offer(device, b)).body)).toEqual({
      state: 'pending',
      batchId: b.manifest.batchId,
      missing: [],
    });
    expect(batchOffer.parse((await offer(device, b)).body).state).toBe('pending');
    const firstBody = (await commit(device, b.manifest.batchId)).body;
    const first = receipt.parse(firstBody);
    expect(first).toMatchObject({ batchId: b.manifest.batchId, batchHash: b.manifest.batchHash, accepted: 1 });
    // The same receipt, byte for byte (keys in the protocol's order, not jsonb's).
    expect(JSON.stringify((await commit(device, b.manifest.batchId)).body)).toBe(JSON.stringify(firstBody));
    expect(batchOffer.parse((await offer(device, b)).body)).toEqual({
      state: 'committed',
      batchId: b.manifest.batchId,
      receipt: first,
    });
    expect(batchOffer.parse((await call(hub, device, 'GET', `/api/sync/batches/${b.manifest.batchId}`)).body)).toEqual({
      state: 'committed',
      batchId: b.manifest.batchId,
      receipt: first,
    });

    const other = makeBatch({
      device,
      books: [book],
      entries: [makeEntry(book.id, { ten: 'Trần Thị C' })],
      batchId: b.manifest.batchId,
    });
    const refused = await offer(device, other);
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).code).toBe('BATCH_CONTENT_MISMATCH');
    expect(errorOf(refused.body).message).toContain('đã nhận với nội dung khác');
    // Nothing of the refused content reached the hub.
    const rows = await hub.ctx.db.select().from(entries).where(eq(entries.bookId, book.id));
    expect(rows.map((r) => r.data.data)).toEqual([{ ten: 'Trần Thị B' }]);
  });

  it('names the missing files, refuses the commit until they arrive by tus, then commits', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const scans = [randomBytes(70_000), randomBytes(1_000)];
    const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'D' })], files: scans });
    const offered = batchOffer.parse((await offer(device, b)).body);
    expect(offered.state === 'pending' && [...offered.missing].sort()).toEqual(scans.map((s) => sha256(s)).sort());

    const early = await commit(device, b.manifest.batchId);
    expect(early.status).toBe(409);
    expect(errorOf(early.body)).toMatchObject({
      code: 'FILES_MISSING',
      missing: [sha256(scans[0]!)].concat(sha256(scans[1]!)).sort(),
    });

    expect((await tusUpload(hub, device, b.manifest.batchId, scans[0]!)).status).toBe(204);
    const half = batchOffer.parse((await offer(device, b)).body);
    expect(half.state === 'pending' && half.missing).toEqual([sha256(scans[1]!)]);
    const last = await tusUpload(hub, device, b.manifest.batchId, scans[1]!);
    expect(last.status).toBe(204);
    // A client whose answer to the last PATCH was lost asks again: the upload is complete.
    const head = () =>
      fetch(last.location, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${device.credential}`, 'tus-resumable': '1.0.0' },
      });
    const again = await head();
    expect([again.status, again.headers.get('upload-offset')]).toEqual([200, String(scans[1]!.length)]);
    const done = await commit(device, b.manifest.batchId);
    expect(done.status).toBe(200);
    expect(await hub.ctx.blobs.size(sha256(scans[0]!))).toBe(70_000);
    // Committed: the uploads are cleared, the files stay in the store.
    expect((await head()).status).toBe(404);
    expect(await hub.ctx.blobs.size(sha256(scans[1]!))).toBe(1_000);
  });

  it('refuses an upload whose bytes do not match its SHA-256 and keeps nothing of it', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const scan = randomBytes(5_000);
    const b = makeBatch({ device, books: [book], entries: [], files: [scan] });
    await offer(device, b);
    const corrupted = Buffer.from(scan);
    corrupted[100] = (corrupted[100]! + 1) % 256;
    const response = await tusUpload(hub, device, b.manifest.batchId, corrupted, sha256(scan));
    expect(response.status).toBe(460);
    expect(errorOf(JSON.parse(response.body)).code).toBe('FILE_HASH_MISMATCH');
    expect(await hub.ctx.blobs.has(sha256(scan))).toBe(false);
    // The upload is gone: the client starts it again.
    const head = await fetch(response.location, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${device.credential}`, 'tus-resumable': '1.0.0' },
    });
    expect(head.status).toBe(404);
    expect((await commit(device, b.manifest.batchId)).status).toBe(409);
  });

  it('refuses a file larger than the cap before any byte is sent (413 FILE_TOO_LARGE)', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [], files: [randomBytes(100)] });
    await offer(device, b);
    const response = await fetch(`${hub.url}/api/sync/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${device.credential}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(MAX_SYNC_FILE_BYTES + 1),
        'upload-metadata': `sha256 ${Buffer.from(b.manifest.files[0]!.sha256).toString('base64')},batchId ${Buffer.from(b.manifest.batchId).toString('base64')}`,
      },
    });
    expect(response.status).toBe(413);
    expect(errorOf(await response.json())).toMatchObject({ code: 'FILE_TOO_LARGE' });
  });

  it('refuses an upload for a file the batch does not need', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [], files: [randomBytes(100)] });
    await offer(device, b);
    expect((await tusUpload(hub, device, b.manifest.batchId, randomBytes(100))).status).toBe(404);
  });

  it('resumes an upload cut off mid-body at the offset the hub reports', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const scan = randomBytes(3 * 1024 * 1024);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [], files: [scan] });
    await offer(device, b);
    const created = await fetch(`${hub.url}/api/sync/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${device.credential}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(scan.length),
        'upload-metadata': `sha256 ${Buffer.from(sha256(scan)).toString('base64')},batchId ${Buffer.from(b.manifest.batchId).toString('base64')}`,
      },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location') ?? '', `${hub.url}/api/sync/files/`);

    // Send the first megabyte of a PATCH that announces the whole file, then cut the connection.
    const cut = 1024 * 1024;
    await new Promise<void>((resolve) => {
      const request = http.request(location, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${device.credential}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(scan.length),
        },
      });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.write(scan.subarray(0, cut), () => setImmediate(() => request.destroy()));
    });
    // The hub keeps what arrived; wait until its lock on the upload is released and it reports an offset.
    let offset = -1;
    for (let attempt = 0; attempt < 300 && offset <= 0; attempt++) {
      const head = await fetch(location, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${device.credential}`, 'tus-resumable': '1.0.0' },
      });
      offset = Number(head.headers.get('upload-offset') ?? '-1');
      if (offset <= 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(scan.length);
    const rest = await fetch(location, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${device.credential}`,
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      body: new Uint8Array(scan.subarray(offset)),
    });
    expect(rest.status).toBe(204);
    expect(await hub.ctx.blobs.size(sha256(scan))).toBe(scan.length);
    expect((await commit(device, b.manifest.batchId)).status).toBe(200);
  });

  it('takes in at start an upload whose bytes all arrived but whose finish step never ran', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const scan = randomBytes(8_000);
    const wrong = randomBytes(500);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [], files: [scan, wrong] });
    await offer(device, b);
    // Create both uploads, then put their bytes in place as a PATCH would have before the hub stopped.
    const created: string[] = [];
    for (const [bytes, claimed] of [
      [scan, sha256(scan)],
      [randomBytes(500), sha256(wrong)],
    ] as const) {
      const response = await fetch(`${hub.url}/api/sync/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${device.credential}`,
          'tus-resumable': '1.0.0',
          'upload-length': String(bytes.length),
          'upload-metadata': `sha256 ${Buffer.from(claimed).toString('base64')},batchId ${Buffer.from(b.manifest.batchId).toString('base64')}`,
        },
      });
      expect(response.status).toBe(201);
      const id = path.basename(response.headers.get('location') ?? '');
      fs.writeFileSync(path.join(hub.dir, 'uploads', id), bytes);
      created.push(id);
    }
    expect(await hub.ctx.blobs.has(sha256(scan))).toBe(false);
    expect(await sweepUploads(hub.ctx, path.join(hub.dir, 'uploads'))).toEqual([sha256(scan)]);
    expect(await hub.ctx.blobs.size(sha256(scan))).toBe(scan.length);
    // The upload with wrong bytes is dropped, nothing of it kept: the client sends that file again.
    expect(await hub.ctx.blobs.has(sha256(wrong))).toBe(false);
    expect(fs.existsSync(path.join(hub.dir, 'uploads', `${created[1]}.json`))).toBe(false);
    const pending = batchOffer.parse((await offer(device, b)).body);
    expect(pending.state === 'pending' && pending.missing).toEqual([sha256(wrong)]);
    // The good one stays, complete, until its batch is committed.
    expect(fs.existsSync(path.join(hub.dir, 'uploads', `${created[0]}.json`))).toBe(true);
  });

  it('keeps a version whose base is not the hub current version as a conflict, both values kept', async () => {
    const code = await commune();
    const one = await enroll(hub, code);
    const two = await enroll(hub, code);
    const book = makeBook(code);
    const entryId = randomUUID();
    const v1 = makeEntry(book.id, { ten: 'Lê Văn E' }, 1, 0, entryId);
    const first = makeBatch({ device: one, books: [book], entries: [v1] });
    await offer(one, first);
    expect(receipt.parse((await commit(one, first.manifest.batchId)).body).accepted).toBe(1);

    // Both devices edit version 1; the first to commit wins, the second is kept as a conflict.
    const fromOne = makeEntry(book.id, { ten: 'Lê Văn Em' }, 2, 1, entryId);
    const fromTwo = makeEntry(book.id, { ten: 'Lê Văn Êm' }, 2, 1, entryId);
    const a = makeBatch({ device: one, books: [book], entries: [fromOne], eventsFrom: 2 });
    const b = makeBatch({ device: two, books: [book], entries: [fromTwo] });
    await offer(one, a);
    await offer(two, b);
    expect(receipt.parse((await commit(one, a.manifest.batchId)).body)).toMatchObject({ accepted: 1, conflicts: [] });
    const keptBody = (await commit(two, b.manifest.batchId)).body;
    const kept = receipt.parse(keptBody);
    expect(kept.accepted).toBe(0);
    // The hub's current version travels whole with the conflict: the device can show both values.
    expect(kept.conflicts).toEqual([
      {
        entryId,
        baseVersion: 1,
        hubVersion: 2,
        incomingVersion: 2,
        hubContentHash: fromOne.contentHash,
        incomingContentHash: fromTwo.contentHash,
        hubEntry: fromOne,
      },
    ]);
    // Replayed (commit again, offer again, asked for): the same receipt, byte for byte.
    expect(JSON.stringify((await commit(two, b.manifest.batchId)).body)).toBe(JSON.stringify(keptBody));
    const replayed = batchOffer.parse((await offer(two, b)).body);
    expect(replayed.state === 'committed' && JSON.stringify(replayed.receipt)).toBe(JSON.stringify(keptBody));
    const asked = (await call(hub, two, 'GET', `/api/sync/batches/${b.manifest.batchId}`)).body as {
      receipt: unknown;
    };
    expect(JSON.stringify(asked.receipt)).toBe(JSON.stringify(keptBody));
    const [current] = await hub.ctx.db.select().from(entries).where(eq(entries.id, entryId));
    expect(current?.data.data).toEqual({ ten: 'Lê Văn Em' });
    const [conflict] = await hub.ctx.db.select().from(conflicts).where(eq(conflicts.entryId, entryId));
    expect(conflict?.hubData.data).toEqual({ ten: 'Lê Văn Em' });
    expect(conflict?.incomingData.data).toEqual({ ten: 'Lê Văn Êm' });
    const versions = await hub.ctx.db.select().from(entryVersions).where(eq(entryVersions.entryId, entryId));
    expect(versions.map((v) => [v.version, v.applied, v.data.data]).sort()).toEqual(
      [
        [1, true, { ten: 'Lê Văn E' }],
        [2, true, { ten: 'Lê Văn Em' }],
        [2, false, { ten: 'Lê Văn Êm' }],
      ].sort(),
    );
    // The same version sent again (a new batch, same content) is a harmless no-op, not a conflict.
    const again = makeBatch({ device: one, books: [book], entries: [fromOne], eventsFrom: 2 });
    await offer(one, again);
    expect(receipt.parse((await commit(one, again.manifest.batchId)).body)).toMatchObject({
      accepted: 0,
      conflicts: [],
    });
  });

  it('commits a batch once when two commits race, with one hub sequence number', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const b = makeBatch({
      device,
      books: [book],
      entries: Array.from({ length: 40 }, (_, i) => makeEntry(book.id, { so: i })),
    });
    await offer(device, b);
    const results = await Promise.all([commit(device, b.manifest.batchId), commit(device, b.manifest.batchId)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const [r1, r2] = results.map((r) => receipt.parse(r.body));
    expect(r1).toEqual(r2);
    const versions = await hub.ctx.db.select().from(entryVersions).where(eq(entryVersions.batchId, b.manifest.batchId));
    expect(versions).toHaveLength(40);
  });

  it('orders batches by the hub sequence and flags a device clock more than a day off', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    const late = makeBatch({
      device,
      books: [book],
      entries: [makeEntry(book.id, { ten: 'F' })],
      createdAt: '2031-01-01T00:00:00.000Z',
    });
    const early = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'G' })] });
    await offer(device, late);
    await offer(device, early);
    const skewed = receipt.parse((await commit(device, late.manifest.batchId)).body);
    const fine = receipt.parse((await commit(device, early.manifest.batchId)).body);
    expect(fine.hubSeq).toBeGreaterThan(skewed.hubSeq);
    expect(skewed.clockSkewMs).toBeGreaterThan(24 * 60 * 60 * 1000);
    expect(fine.clockSkewMs).toBeNull();
    const [row] = await hub.ctx.db.select().from(devices).where(eq(devices.id, device.id));
    expect(row?.clockSkewMs).toBe(skewed.clockSkewMs);
  });

  it('keeps, loudly, the events of a device whose log went back (same seq, other hash) instead of dropping them', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const book = makeBook(code);
    /** A batch whose one event (seq 1) carries `hash`. */
    const withEventHash = (hash: string): Batch => {
      const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: hash.slice(0, 1) })] });
      const payload = { ...b.payload, events: b.payload.events.map((e) => ({ ...e, hash })) };
      const { batchHash: _old, ...manifest } = b.manifest;
      void _old;
      return { manifest: { ...manifest, batchHash: computeBatchHash(manifest, payload) }, payload };
    };
    const first = withEventHash('a'.repeat(64));
    const restored = withEventHash('b'.repeat(64));
    for (const b of [first, restored]) {
      await offer(device, b);
      expect((await commit(device, b.manifest.batchId)).status).toBe(200);
    }
    const held = await hub.ctx.db.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id));
    expect(held.map((e) => e.data.hash)).toEqual(['a'.repeat(64)]);
    const flagged = (
      await hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'device.events.diverged'))
    ).filter((a) => a.actor === `device:${device.id}`);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.detail).toMatchObject({
      batchId: restored.manifest.batchId,
      events: [{ seq: 1, hash: 'b'.repeat(64) }],
    });
    // The same event again (a replayed batch's events) is no divergence.
    const again = withEventHash('a'.repeat(64));
    await offer(device, again);
    await commit(device, again.manifest.batchId);
    const after = (
      await hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'device.events.diverged'))
    ).filter((a) => a.actor === `device:${device.id}`);
    expect(after).toHaveLength(1);
  });

  it('shows communes and recent batches on the status page in Vietnamese', async () => {
    const code = await commune();
    const device = await enroll(hub, code);
    const b = makeBatch({ device, books: [makeBook(code)], entries: [] });
    await offer(device, b);
    const page = await (await fetch(`${hub.url}/`)).text();
    expect(page).toContain('<h1>Huyện thử</h1>');
    expect(page).toContain(`Xã Thử ${code}`);
    // A sync batch is a "gói" (as on the desktop): "lô" is the review's lot, one book as received.
    expect(page).toContain('Các gói dữ liệu gần đây');
    expect(page).not.toContain('Các lô gần đây');
    expect(page).toContain('Đang chờ tệp');
  });

  it('lists open conflicts on the status page with both values of every differing field, until settled', async () => {
    const code = await commune();
    const one = await enroll(hub, code);
    const two = await enroll(hub, code);
    const book = makeBook(code);
    const entryId = randomUUID();
    const gh = (data: Record<string, unknown>, version: number, base: number) => ({
      ...makeEntry(book.id, data, version, base, entryId),
      bookType: 'GH',
    });
    const data = { so: '07/2024', nguoiDuocGiamHo: { hoTen: 'Võ Thị Hằng', ngaySinh: '2012-04-01' } };
    const v1 = makeBatch({ device: one, books: [book], entries: [gh(data, 1, 0)] });
    await offer(one, v1);
    await commit(one, v1.manifest.batchId);
    const hubSide = gh({ ...data, ghiChu: 'Huyện đã soát' }, 2, 1);
    const a = makeBatch({ device: one, books: [book], entries: [hubSide], eventsFrom: 2 });
    await offer(one, a);
    await commit(one, a.manifest.batchId);
    const fromTwo = gh({ ...data, nguoiDuocGiamHo: { ...data.nguoiDuocGiamHo, hoTen: 'Võ Thị Hàng' } }, 2, 1);
    const b = makeBatch({ device: two, books: [book], entries: [fromTwo] });
    await offer(two, b);
    expect(receipt.parse((await commit(two, b.manifest.batchId)).body).conflicts).toHaveLength(1);

    const page = await (await fetch(`${hub.url}/`)).text();
    expect(page).toContain('<h2>Xung đột</h2>');
    const row = page.slice(page.indexOf(`<td>Xã Thử ${code}</td><td>GH số 07/2024</td>`));
    expect(row).toContain('<td>Võ Thị Hàng</td>');
    expect(row).toContain('Phiên bản 2 trên huyện, phiên bản 2 từ máy Máy bộ phận một cửa');
    expect(row).toContain(
      '<tr><td>Người được giám hộ › Họ, chữ đệm, tên</td><td>Võ Thị Hằng</td><td>Võ Thị Hàng</td></tr>',
    );
    expect(row).toContain('<tr><td>Ghi chú</td><td>Huyện đã soát</td><td>(trống)</td></tr>');
    // Seen from the LAN without a staff login: how many, never the names.
    const lan = await statusPage(hub.ctx, { details: false });
    expect(lan).toMatch(/Có \d+ xung đột đang mở/);
    expect(lan).not.toContain('Võ Thị');
    expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('192.168.1.20'), isLoopback(undefined)]).toEqual([
      true,
      true,
      false,
      false,
    ]);

    // Device two takes the hub's version into a new one (base 2): accepted, the conflict is settled.
    const settled = makeBatch({
      device: two,
      books: [book],
      entries: [gh({ ...data, ghiChu: 'Huyện đã soát' }, 3, 2)],
    });
    await offer(two, settled);
    expect(receipt.parse((await commit(two, settled.manifest.batchId)).body)).toMatchObject({ accepted: 1 });
    const [kept] = await hub.ctx.db.select().from(conflicts).where(eq(conflicts.entryId, entryId));
    expect(kept?.resolvedAt).not.toBeNull();
    const after = await (await fetch(`${hub.url}/`)).text();
    expect(after).not.toContain('GH số 07/2024');
  });

  it("carries the hub's entries with conflicts only up to a budget, so that a receipt file stays small", async () => {
    const code = await commune();
    const one = await enroll(hub, code);
    const two = await enroll(hub, code);
    const book = makeBook(code);
    const ids = Array.from({ length: 4 }, () => randomUUID());
    // Four entries of about 200 KB each on the hub: two fit in the budget of 512 KB, two do not.
    const big = (tag: string) => ({ ten: tag, ghiChu: 'x'.repeat(200_000) });
    const send = async (device: Device, version: number, tag: string, eventsFrom: number) => {
      const b = makeBatch({
        device,
        books: [book],
        entries: ids.map((id) => makeEntry(book.id, big(tag), version, version - 1, id)),
        eventsFrom,
      });
      await offer(device, b);
      return receipt.parse((await commit(device, b.manifest.batchId)).body);
    };
    await send(one, 1, 'A', 1);
    await send(one, 2, 'B', 10);
    const kept = await send(two, 2, 'C', 1);
    expect(RECEIPT_HUB_ENTRY_BUDGET).toBe(512 * 1024);
    expect(kept.conflicts).toHaveLength(4);
    expect(kept.conflicts.map((c) => c.hubEntry?.data.ten ?? null)).toEqual(['B', 'B', null, null]);
    expect(JSON.stringify(kept).length).toBeLessThan(1_000_000);
  });
});
