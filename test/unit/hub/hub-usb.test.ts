/**
 * USB packages through the same ingest as the network: imported twice adds nothing, the network
 * route after the USB import answers the committed receipt, the two routes give the same hub
 * state; packages that are damaged or not made by an enrolled device are refused. Stats counts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stats } from '../../../hub/admin';
import { HubError } from '../../../hub/ingest';
import { importUsbPackage } from '../../../hub/usb';
import { batchOffer, receipt, USB_PACKAGE } from '../../../shared/sync/protocol';
import {
  addCommune,
  call,
  enroll,
  makeBatch,
  makeBook,
  makeEntry,
  sha256,
  startTestHub,
  tempDir,
  tusUpload,
  writeUsbPackage,
  type TestHub,
} from './helpers';

/** Starting PGlite (WASM) and migrating on a busy 2-core machine: a generous bound. */
const HOOK_MS = 120_000;
let hub: TestHub;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  dir = tempDir('hub-usb');
  await addCommune(hub.ctx, '20590', 'Xã Điện Phước');
  await addCommune(hub.ctx, '20591', 'Xã Điện Hòa');
}, HOOK_MS);
afterAll(async () => {
  await hub?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, HOOK_MS);

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HubError)) throw new Error(`expected a HubError, got ${String(error)}`);
  return error;
}

describe('USB import', () => {
  it('imports a package once: a second import and the network route answer the same receipt and add nothing', async () => {
    const device = await enroll(hub, '20590');
    const book = makeBook('20590');
    const scans = [randomBytes(20_000), randomBytes(3_000)];
    const b = makeBatch({
      device,
      books: [book],
      entries: [makeEntry(book.id, { ten: 'Phạm Văn H' }), makeEntry(book.id, { ten: 'Võ Thị I' })],
      files: scans,
    });
    const zip = path.join(dir, 'lo-1.zip');
    await writeUsbPackage(zip, b, device, scans);
    const before = await stats(hub.ctx);

    const first = await importUsbPackage(hub.ctx, zip, null, 'test');
    expect(first.committedNow).toBe(true);
    expect(first.receiptFile).toBe(path.join(dir, `${b.manifest.batchId}.receipt.json`));
    expect(receipt.parse(JSON.parse(fs.readFileSync(first.receiptFile, 'utf8')))).toEqual(first.receipt);
    expect(first.receipt).toMatchObject({ batchHash: b.manifest.batchHash, accepted: 2, conflicts: [] });
    const after = await stats(hub.ctx);
    expect(after).toMatchObject({
      books: before.books + 1,
      entries: before.entries + 2,
      files: before.files + 2,
      batches: before.batches + 1,
    });

    const out = path.join(dir, 'bien-nhan');
    const second = await importUsbPackage(hub.ctx, zip, out, 'test');
    expect(second.committedNow).toBe(false);
    expect(second.receipt).toEqual(first.receipt);
    expect(fs.existsSync(path.join(out, `${b.manifest.batchId}.receipt.json`))).toBe(true);
    expect(await stats(hub.ctx)).toEqual(after);

    const network = await call(hub, device, 'POST', '/api/sync/batches', b);
    expect(batchOffer.parse(network.body)).toEqual({
      state: 'committed',
      batchId: b.manifest.batchId,
      receipt: first.receipt,
    });
    expect(await stats(hub.ctx)).toEqual(after);
  });

  it('gives the same hub content by USB as by network', async () => {
    const viaUsb = await enroll(hub, '20591');
    const viaNet = await enroll(hub, '20591');
    const scan = randomBytes(10_000);
    const usbBook = makeBook('20591');
    const netBook = makeBook('20591');
    const usb = makeBatch({
      device: viaUsb,
      books: [usbBook],
      entries: [makeEntry(usbBook.id, { ten: 'K' })],
      files: [scan],
    });
    const net = makeBatch({
      device: viaNet,
      books: [netBook],
      entries: [makeEntry(netBook.id, { ten: 'K' })],
      files: [scan],
    });
    const zip = path.join(dir, 'lo-2.zip');
    await writeUsbPackage(zip, usb, viaUsb, [scan]);
    const usbReceipt = (await importUsbPackage(hub.ctx, zip, null, 'test')).receipt;
    await call(hub, viaNet, 'POST', '/api/sync/batches', net);
    // The file is already on the hub (content-addressed): nothing to upload.
    const netReceipt = receipt.parse(
      (await call(hub, viaNet, 'POST', `/api/sync/batches/${net.manifest.batchId}/commit`)).body,
    );
    const strip = (r: typeof usbReceipt) => ({
      accepted: r.accepted,
      conflicts: r.conflicts,
      clockSkewMs: r.clockSkewMs,
    });
    expect(strip(netReceipt)).toEqual(strip(usbReceipt));
    expect(await hub.ctx.blobs.size(sha256(scan))).toBe(scan.length);
  });

  it('refuses a package whose member does not match SHA256SUMS, and one not made by an enrolled device', async () => {
    const device = await enroll(hub, '20590');
    const book = makeBook('20590');
    const scan = randomBytes(2_000);
    const b = makeBatch({ device, books: [book], entries: [makeEntry(book.id, { ten: 'L' })], files: [scan] });

    // A file damaged on the stick: its bytes no longer hash to the SUMS line (nor to its name).
    const damaged = path.join(dir, 'hong.zip');
    const flipped = Buffer.from(scan);
    flipped[0] = (flipped[0]! + 1) % 256;
    await writeUsbPackage(damaged, b, device, [scan]);
    const bytes = fs.readFileSync(damaged);
    const at = bytes.indexOf(scan.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    bytes[at] = flipped[0]!;
    fs.writeFileSync(damaged, bytes);
    const broken = await refusal(importUsbPackage(hub.ctx, damaged, null, 'test'));
    expect(broken.message).toMatch(/Gói USB không dùng được/);

    // A package signed with a credential the hub never issued.
    const forged = path.join(dir, 'gia.zip');
    await writeUsbPackage(forged, b, { ...device, credential: randomBytes(32).toString('base64url') }, [scan]);
    const refused = await refusal(importUsbPackage(hub.ctx, forged, null, 'test'));
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.message).toContain('không do một máy đã đăng ký');

    // Nothing of either reached the hub; the genuine package still imports.
    const good = path.join(dir, 'that.zip');
    await writeUsbPackage(good, b, device, [scan]);
    expect((await importUsbPackage(hub.ctx, good, null, 'test')).committedNow).toBe(true);
  });

  it('refuses a package without the device proof', async () => {
    const device = await enroll(hub, '20590');
    const b = makeBatch({ device, books: [makeBook('20590')], entries: [] });
    const file = path.join(dir, 'thieu.zip');
    const { openZipWriter } = await import('../../../electron/backend/export/zip');
    const zip = openZipWriter(file, new Date());
    const members: [string, Buffer][] = [
      [USB_PACKAGE.manifest, Buffer.from(JSON.stringify(b.manifest))],
      [USB_PACKAGE.payload, Buffer.from(JSON.stringify(b.payload))],
    ];
    for (const [name, data] of members) await zip.add(name, data);
    await zip.add(USB_PACKAGE.sums, Buffer.from(members.map(([n, d]) => `${sha256(d)}  ${n}\n`).join('')));
    await zip.finish();
    const error = await refusal(importUsbPackage(hub.ctx, file, null, 'test'));
    expect(error.message).toContain(`thiếu ${USB_PACKAGE.device}`);
  });
});

describe('stats', () => {
  it('counts communes, devices, books, current entries once, files and batches', async () => {
    const before = await stats(hub.ctx);
    const device = await enroll(hub, '20590');
    const book = makeBook('20590');
    const entry = makeEntry(book.id, { ten: 'M' });
    const scan = randomBytes(500);
    const one = makeBatch({ device, books: [book], entries: [entry], files: [scan] });
    await call(hub, device, 'POST', '/api/sync/batches', one);
    await tusUpload(hub, device, one.manifest.batchId, scan);
    await call(hub, device, 'POST', `/api/sync/batches/${one.manifest.batchId}/commit`);
    // A second version of the same entry: still one current entry.
    const two = makeBatch({
      device,
      books: [book],
      entries: [makeEntry(book.id, { ten: 'Mai' }, 2, 1, entry.id)],
      eventsFrom: 2,
    });
    await call(hub, device, 'POST', '/api/sync/batches', two);
    await call(hub, device, 'POST', `/api/sync/batches/${two.manifest.batchId}/commit`);
    expect(await stats(hub.ctx)).toEqual({
      ...before,
      devices: before.devices + 1,
      books: before.books + 1,
      entries: before.entries + 1,
      files: before.files + 1,
      batches: before.batches + 2,
      committedBatches: before.committedBatches + 2,
    });
  });
});
