/**
 * The device proof of a USB package (rule in shared/sync/protocol.ts, above USB_PACKAGE): the
 * desktop signs with the hash of its credential, the hub checks with the hash it stored at
 * enrollment. Node-only, shared by the desktop and the hub; imports nothing of Electron.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { UsbDeviceProof } from '../../../shared/sync/protocol';

/** Lowercase hex SHA-256 of the credential's UTF-8 bytes: what the hub stores for a device. */
export function hashCredential(credential: string): string {
  return createHash('sha256').update(credential, 'utf8').digest('hex');
}

/** The proof for one batch, keyed by the credential's hash. */
export function usbProofFromHash(credentialHash: string, batchId: string, batchHash: string): string {
  return createHmac('sha256', Buffer.from(credentialHash, 'utf8'))
    .update(`sohoa-usb-v1:${batchId}:${batchHash}`, 'utf8')
    .digest('hex');
}

/** What the desktop writes as device.json. */
export function makeUsbDeviceProof(
  credential: string,
  deviceId: string,
  batchId: string,
  batchHash: string,
): UsbDeviceProof {
  return { deviceId, batchId, batchHash, proof: usbProofFromHash(hashCredential(credential), batchId, batchHash) };
}

/** The hub's check, given the stored credential hash (constant-time). */
export function verifyUsbDeviceProof(credentialHash: string, proof: UsbDeviceProof): boolean {
  const expected = Buffer.from(usbProofFromHash(credentialHash, proof.batchId, proof.batchHash), 'utf8');
  const given = Buffer.from(proof.proof, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
