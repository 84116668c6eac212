/**
 * The USB package (shared/sync/protocol.ts, USB_PACKAGE): one .zip per waiting batch, carried to
 * the district when the network is down, read by `sohoa-hub import` through the network's ingest.
 * Members: manifest.json and payload.json (the frozen batch, byte for byte), files/<sha256> (the
 * scan files the hub has not acknowledged), device.json (the device proof, usb-proof.ts) and
 * SHA256SUMS (sha256sum format, every other member). Written to a hidden part file, then renamed.
 */
import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { USB_PACKAGE, type BatchManifest } from '../../../shared/sync/protocol';
import type { FileStore } from '../files/file-store';
import { makeUsbDeviceProof } from './usb-proof';

export interface UsbBatch {
  batchId: string;
  batchHash: string;
  manifestJson: string;
  payloadJson: string;
}

export interface UsbPackageResult {
  file: string;
  entries: number;
  files: number;
}

const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The package's file name: which commune, which batch. */
export function usbPackageName(communeCode: string, batchId: string): string {
  return `sohoa-${communeCode}-${batchId}.zip`;
}

export async function writeUsbPackage(options: {
  outDir: string;
  batch: UsbBatch;
  deviceId: string;
  credential: string;
  communeCode: string;
  files: FileStore;
  /** SHA-256 of files the hub already holds (left out). */
  onHub: Set<string>;
}): Promise<UsbPackageResult> {
  const { batch } = options;
  const manifest = JSON.parse(batch.manifestJson) as BatchManifest;
  await fs.mkdir(options.outDir, { recursive: true });
  const target = path.join(options.outDir, usbPackageName(options.communeCode, batch.batchId));
  const part = path.join(options.outDir, `.${path.basename(target)}.${process.pid}.part`);
  const date = new Date(manifest.createdAt);
  const archive = new ZipArchive({ store: true });
  const out = createWriteStream(part, { flags: 'w' });
  let failure: Error | undefined;
  archive.on('error', (error: Error) => (failure ??= error));
  archive.pipe(out);
  const closed = finished(out);
  const sums: string[] = [];
  const addText = (name: string, text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    sums.push(`${sha256Hex(bytes)}  ${name}`);
    archive.append(bytes, { name, date });
  };
  try {
    addText(USB_PACKAGE.manifest, batch.manifestJson);
    addText(USB_PACKAGE.payload, batch.payloadJson);
    const proof = makeUsbDeviceProof(options.credential, options.deviceId, batch.batchId, batch.batchHash);
    addText(USB_PACKAGE.device, JSON.stringify(proof));
    let fileCount = 0;
    for (const file of manifest.files) {
      if (options.onHub.has(file.sha256)) continue;
      if (!(await options.files.has(file.sha256))) {
        throw new Error(`Thiếu tệp ảnh quét ${file.sha256} trong kho của máy này.`);
      }
      const name = `${USB_PACKAGE.filesDir}${file.sha256}`;
      // The store is content-addressed: the name is the content's hash (the hub checks it again).
      sums.push(`${file.sha256}  ${name}`);
      archive.append(createReadStream(options.files.pathFor(file.sha256)), { name, date });
      fileCount++;
    }
    archive.append(Buffer.from(`${sums.join('\n')}\n`, 'utf8'), { name: USB_PACKAGE.sums, date });
    await archive.finalize();
    await closed;
    if (failure) throw failure;
    const handle = await fs.open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(part, target);
    return { file: target, entries: manifest.entries.length, files: fileCount };
  } catch (error) {
    archive.abort();
    out.destroy();
    await fs.rm(part, { force: true });
    throw error;
  }
}
