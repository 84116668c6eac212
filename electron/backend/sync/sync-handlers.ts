/**
 * Sync methods of the API (shared/api/contract.ts). The USB export writes under the data folder's
 * `dong-bo/` (no path comes from the page); the receipt comes as its text.
 */
import path from 'node:path';
import type { HandlerTable } from '../api/handler-table';
import type { SyncService } from './sync-service';

type SyncMethods =
  'sync.status' | 'sync.enroll' | 'sync.pushNow' | 'sync.exportUsb' | 'sync.applyReceipt' | 'sync.retry';

/** Where the app writes USB packages: `<data folder>/dong-bo/`. */
export const USB_FOLDER_NAME = 'dong-bo';

export function syncHandlers(service: SyncService, dataRoot: string): HandlerTable<SyncMethods> {
  return {
    'sync.status': () => service.status(),
    'sync.enroll': ({ hubUrl, code }) => service.enroll(hubUrl, code),
    'sync.pushNow': () => service.pushOnce({ force: true }),
    'sync.exportUsb': async () => {
      const dir = path.join(dataRoot, USB_FOLDER_NAME);
      const { packages } = await service.exportUsb(dir);
      return {
        path: dir,
        entries: packages.reduce((n, p) => n + p.entries, 0),
        files: packages.reduce((n, p) => n + p.files, 0),
      };
    },
    'sync.applyReceipt': ({ receiptJson }) => service.applyReceiptText(receiptJson),
    'sync.retry': ({ batchId }) => service.retry(batchId),
  };
}
