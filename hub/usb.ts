/**
 * `sohoa-hub import FILE.zip`: a USB package (shared/sync/protocol.ts USB_PACKAGE) through the
 * same ingest as the network — offer, files into the blob store, commit — and the receipt file
 * written beside the package (or into --receipt-out).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { readZipEntries } from '../electron/backend/export/zip';
import { verifyUsbDeviceProof } from '../electron/backend/sync/usb-proof';
import { batch, USB_PACKAGE, usbDeviceProof, type Receipt } from '../shared/sync/protocol';
import { eq } from 'drizzle-orm';
import { devices } from './db/schema';
import { audit, commitBatch, HubError, offerBatch, storeBlob, type HubContext } from './ingest';

export interface UsbImportResult {
  receipt: Receipt;
  receiptFile: string;
  /** Whether this import committed the batch (false: it was already on the hub). */
  committedNow: boolean;
}

const SMALL_MEMBERS: readonly string[] = [
  USB_PACKAGE.manifest,
  USB_PACKAGE.payload,
  USB_PACKAGE.device,
  USB_PACKAGE.sums,
];

function bad(message: string): never {
  throw new HubError(400, 'BAD_REQUEST', `Gói USB không dùng được: ${message}`);
}

function parseJson(bytes: Buffer | undefined, name: string): unknown {
  if (!bytes) bad(`thiếu ${name}.`);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return bad(`${name} không phải JSON hợp lệ.`);
  }
}

/** Streams one member of the zip (by name) to `use`. */
async function withMember(file: string, name: string, use: (stream: Readable) => Promise<void>): Promise<boolean> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      await use((await zip.openReadStreamPromise(entry)) as Readable);
      return true;
    }
    return false;
  } finally {
    zip.close();
  }
}

export async function importUsbPackage(
  ctx: HubContext,
  file: string,
  receiptOut: string | null,
  actor: string,
): Promise<UsbImportResult> {
  if (!fs.existsSync(file)) throw new HubError(404, 'NOT_FOUND', `Không thấy tệp ${file}.`);
  const hashes = new Map<string, string>();
  const small = new Map<string, Buffer>();
  try {
    await readZipEntries(
      file,
      (entry) => {
        if (entry.unsafe) bad(`tên tệp "${entry.name}" không an toàn (${entry.unsafe}).`);
        hashes.set(entry.name, entry.sha256);
        if (entry.bytes) small.set(entry.name, entry.bytes);
      },
      (name) => SMALL_MEMBERS.includes(name),
    );
  } catch (error) {
    if (error instanceof HubError) throw error;
    bad(`không đọc được tệp zip (${error instanceof Error ? error.message : String(error)}).`);
  }

  // SHA256SUMS: every other member listed, every listed member present with that hash.
  const sums = small.get(USB_PACKAGE.sums);
  if (!sums) bad(`thiếu ${USB_PACKAGE.sums}.`);
  const listed = new Map<string, string>();
  for (const line of sums.toString('utf8').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match?.[1] || !match[2]) bad(`dòng "${line.slice(0, 80)}" trong ${USB_PACKAGE.sums} sai định dạng.`);
    listed.set(match[2], match[1]);
  }
  for (const [name, sha] of hashes) {
    if (name === USB_PACKAGE.sums) continue;
    const expected = listed.get(name);
    if (!expected) bad(`tệp ${name} không có trong ${USB_PACKAGE.sums}.`);
    if (expected !== sha) bad(`tệp ${name} bị hỏng (mã SHA-256 không khớp ${USB_PACKAGE.sums}).`);
  }
  for (const name of listed.keys()) if (!hashes.has(name)) bad(`thiếu tệp ${name} ghi trong ${USB_PACKAGE.sums}.`);
  for (const [name, sha] of hashes) {
    if (name.startsWith(USB_PACKAGE.filesDir) && name !== `${USB_PACKAGE.filesDir}${sha}`) {
      bad(`tệp ${name} không khớp tên (mã SHA-256 của nó là ${sha}).`);
    }
  }

  const parsed = batch.safeParse({
    manifest: parseJson(small.get(USB_PACKAGE.manifest), USB_PACKAGE.manifest),
    payload: parseJson(small.get(USB_PACKAGE.payload), USB_PACKAGE.payload),
  });
  if (!parsed.success) bad(`nội dung lô sai (${parsed.error.issues[0]?.message ?? 'không rõ'}).`);
  const proof = usbDeviceProof.safeParse(parseJson(small.get(USB_PACKAGE.device), USB_PACKAGE.device));
  if (!proof.success) bad(`${USB_PACKAGE.device} sai định dạng.`);
  const b = parsed.data;
  const p = proof.data;
  if (p.deviceId !== b.manifest.deviceId || p.batchId !== b.manifest.batchId || p.batchHash !== b.manifest.batchHash) {
    bad(`${USB_PACKAGE.device} không khớp bảng kê của lô.`);
  }
  const [device] = await ctx.db.select().from(devices).where(eq(devices.id, p.deviceId));
  if (!device || !verifyUsbDeviceProof(device.credentialHash, p)) {
    throw new HubError(
      401,
      'UNAUTHENTICATED',
      `Gói USB không do một máy đã đăng ký với huyện tạo ra (máy ${p.deviceId}). Huyện không nhận gói này.`,
    );
  }
  if (device.revokedAt) {
    throw new HubError(401, 'DEVICE_REVOKED', `Huyện đã thu hồi quyền gửi của máy ${device.id}: không nhận gói này.`);
  }

  const offer = await offerBatch(ctx, device, b, 'usb');
  let receipt: Receipt;
  let committedNow = false;
  if (offer.state === 'committed') {
    receipt = offer.receipt;
  } else {
    for (const sha of offer.missing) {
      const found = await withMember(file, `${USB_PACKAGE.filesDir}${sha}`, (stream) => storeBlob(ctx, sha, stream));
      if (!found) bad(`thiếu tệp ảnh ${sha} mà lô cần.`);
    }
    receipt = await commitBatch(ctx, device, b.manifest.batchId);
    committedNow = true;
  }
  const outDir = receiptOut ?? path.dirname(path.resolve(file));
  fs.mkdirSync(outDir, { recursive: true });
  const receiptFile = path.join(outDir, `${receipt.batchId}.receipt.json`);
  const tmp = `${receiptFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(receipt, null, 2)}\n`);
  fs.renameSync(tmp, receiptFile);
  await audit(ctx.db, actor, 'usb.import', {
    file: path.basename(file),
    batchId: receipt.batchId,
    hubSeq: receipt.hubSeq,
    committedNow,
  });
  return { receipt, receiptFile, committedNow };
}
