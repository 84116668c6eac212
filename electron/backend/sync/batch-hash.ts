/**
 * The batch hash, computed the same way by the desktop (when it makes a batch), the hub (when it
 * receives one, by network or USB) and the receipt check. Node-only code the hub shares with the
 * desktop lives here, in electron/backend/sync/ (the hub imports it; it imports nothing of Electron).
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { BatchManifest, BatchPayload } from '../../../shared/sync/protocol';

/** SHA-256 (hex) of the canonical JSON (RFC 8785) of { manifest without batchHash, payload }. */
export function computeBatchHash(manifest: Omit<BatchManifest, 'batchHash'>, payload: BatchPayload): string {
  const { batchHash: _ignored, ...rest } = manifest as BatchManifest;
  void _ignored;
  return createHash('sha256')
    .update(canonicalize({ manifest: rest, payload }) ?? '')
    .digest('hex');
}
