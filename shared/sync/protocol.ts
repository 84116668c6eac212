/**
 * The sync protocol between a commune's desktop app and the district hub: what a batch is, the
 * HTTP exchange, the receipt. One copy, imported by the desktop's sync client, the hub's
 * endpoints and the USB package reader/writer (the same ingest path for network and USB).
 *
 * Exchange (all JSON bodies validated by these schemas on both sides):
 *   POST /api/sync/enroll                 EnrollRequest → EnrollResponse (no credential yet)
 *   POST /api/sync/batches                Batch → BatchOffer         (Authorization: Bearer <credential>)
 *        the hub stores the batch as pending and answers which files it lacks;
 *        replaying a committed batch answers { state: 'committed', receipt };
 *        the same batch id with other content is 409 BATCH_CONTENT_MISMATCH.
 *   tus  /api/sync/files/                 one tus upload per missing file, metadata
 *        { sha256, batchId } (base64 as tus wants); the hub checks the SHA-256 and the size cap
 *        when the upload finishes, and keeps the bytes content-addressed.
 *   POST /api/sync/batches/:id/commit     (no body) → Receipt, or 409 FILES_MISSING { missing }
 *   GET  /api/sync/batches/:id            → BatchOffer (state and, once committed, the receipt)
 *   GET  /api/sync/ping                   → { hub: 'sohoa-hub', protocol, time }
 *   GET  /api/sync/corrections            → Downlink: the commune's open correction requests
 *        (the device asks after every push, and when it has nothing to send)
 *
 * A batch carries each entry once, at its newest version, with the version the hub last
 * acknowledged for it (`baseVersion`, 0 for an entry the hub has never seen). The hub keeps an
 * entry version whose base is not its current version as a conflict, never overwriting.
 * The receipt echoes the batch hash and gives the hub's sequence number: order comes from the
 * hub, never from device clocks.
 */
import { correctionAnswerSchema, correctionRequestSchema } from '../review/review';
import { z } from '../zod';

export const SYNC_PROTOCOL = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 không hợp lệ');
const uuid = z.uuid('Mã không hợp lệ');
const isoTime = z.string().min(10).max(40);
/** Mã ĐVHC of a commune (5 digits in the national list). */
export const communeCode = z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số');

/** A book as the desktop stores it (books table), sent whole with every batch that touches it. */
export const syncBook = z.object({
  id: uuid,
  type: z.string().max(16),
  // As long as the app lets a clerk type them (shared/records/fields.ts TEXT_MAX).
  office: z.string().max(1000),
  officeCode: z.string().max(16).nullable(),
  volume: z.string().max(1000),
  yearOpened: z.number().int(),
  openedOn: z.string().max(40).nullable(),
  closedOn: z.string().max(40).nullable(),
  period: z.string().max(100),
  notes: z.string().max(4000).nullable(),
  version: z.number().int().min(1),
  createdAt: isoTime,
  createdBy: z.string().max(64),
  updatedAt: isoTime,
  updatedBy: z.string().max(64),
});
export type SyncBook = z.infer<typeof syncBook>;

export const syncScanFile = z.object({
  id: uuid,
  bookId: uuid,
  sha256,
  originalName: z.string().max(400),
  mediaType: z.string().max(100),
  byteSize: z.number().int().min(0),
  pageCount: z.number().int().min(1),
  position: z.number().int(),
  addedAt: isoTime,
  addedBy: z.string().max(64),
  removedAt: isoTime.nullable(),
  removedBy: z.string().max(64).nullable(),
});
export type SyncScanFile = z.infer<typeof syncScanFile>;

export const syncPage = z.object({
  id: uuid,
  bookId: uuid,
  scanFileId: uuid,
  indexInFile: z.number().int().min(0),
  pageNo: z.number().int(),
  rotation: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  removedAt: isoTime.nullable(),
});
export type SyncPage = z.infer<typeof syncPage>;

export const syncEntryPage = z.object({
  pageId: uuid,
  position: z.number().int().min(0),
  rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
});

/** An entry at one version; a deletion travels as the entry with `deletedAt` set (a tombstone). */
export const syncEntry = z.object({
  id: uuid,
  bookId: uuid,
  bookType: z.string().max(16),
  version: z.number().int().min(1),
  /** The version the hub last acknowledged for this entry (0: never sent). */
  baseVersion: z.number().int().min(0),
  contentHash: sha256,
  schemaVersion: z.number().int().min(1),
  /** The type's canonical JSON, as stored. */
  data: z.record(z.string(), z.unknown()),
  pages: z.array(syncEntryPage).max(64),
  createdAt: isoTime,
  createdBy: z.string().max(64),
  updatedAt: isoTime,
  updatedBy: z.string().max(64),
  deletedAt: isoTime.nullable(),
  deletedBy: z.string().max(64).nullable(),
  deleteReason: z.string().max(1000).nullable(),
});
export type SyncEntry = z.infer<typeof syncEntry>;

/** An audit event as stored on the desktop (audit_log row, hash chain included). */
export const syncEvent = z.object({
  seq: z.number().int().min(1),
  at: isoTime,
  actor: z.string().max(64),
  userId: z.string().max(64).nullable(),
  deviceId: z.string().max(64).nullable(),
  action: z.string().max(64),
  entityType: z.string().max(32),
  entityId: z.string().max(64),
  version: z.number().int().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  contentHash: sha256.nullable(),
  prevHash: sha256.nullable(),
  hash: sha256.nullable(),
});
export type SyncEvent = z.infer<typeof syncEvent>;

export const syncFileRef = z.object({ sha256, byteSize: z.number().int().min(0), mediaType: z.string().max(100) });
export type SyncFileRef = z.infer<typeof syncFileRef>;

/** What a batch carries besides its manifest. */
export const batchPayload = z.object({
  books: z.array(syncBook).max(1000),
  scanFiles: z.array(syncScanFile).max(20_000),
  pages: z.array(syncPage).max(100_000),
  entries: z.array(syncEntry).max(5000),
  events: z.array(syncEvent).max(50_000),
  /**
   * The clerk's answers to the district's correction requests (issue 11). Absent when there are
   * none (and in batches of older desktops), so that the batch hash of a batch without answers is
   * what it always was.
   */
  corrections: z.array(correctionAnswerSchema).max(5000).optional(),
});
export type BatchPayload = z.infer<typeof batchPayload>;

export const batchManifest = z.object({
  protocol: z.literal(SYNC_PROTOCOL),
  batchId: uuid,
  deviceId: z.string().max(64),
  communeCode,
  /** The device's clock when the batch was made (checked for skew, never used for order). */
  createdAt: isoTime,
  /** The outbox rows this batch covers (inclusive), on the device. */
  outboxFrom: z.number().int().min(0),
  outboxTo: z.number().int().min(0),
  counts: z.object({
    books: z.number().int().min(0),
    scanFiles: z.number().int().min(0),
    pages: z.number().int().min(0),
    entries: z.number().int().min(0),
    tombstones: z.number().int().min(0),
    events: z.number().int().min(0),
    files: z.number().int().min(0),
  }),
  entries: z.array(z.object({ id: uuid, version: z.number().int().min(1), contentHash: sha256 })).max(5000),
  files: z.array(syncFileRef).max(20_000),
  /** SHA-256 of the canonical JSON (RFC 8785) of { manifest without batchHash, payload }. */
  batchHash: sha256,
});
export type BatchManifest = z.infer<typeof batchManifest>;

export const batch = z.object({ manifest: batchManifest, payload: batchPayload });
export type Batch = z.infer<typeof batch>;

/** A kept conflict: the hub's current version and the incoming one, both whole. */
export const syncConflict = z.object({
  entryId: uuid,
  baseVersion: z.number().int(),
  hubVersion: z.number().int(),
  incomingVersion: z.number().int(),
  hubContentHash: sha256,
  incomingContentHash: sha256,
  /**
   * The hub's current version of the entry, whole, so that the device can show both values.
   * Absent from receipts of hubs before it, and from the conflicts of a receipt past the hub's
   * budget (hub/ingest.ts RECEIPT_HUB_ENTRY_BUDGET, so that a USB receipt file stays small).
   */
  hubEntry: syncEntry.optional(),
});
export type SyncConflict = z.infer<typeof syncConflict>;

export const receipt = z.object({
  protocol: z.literal(SYNC_PROTOCOL),
  batchId: uuid,
  deviceId: z.string().max(64),
  /** The hub's sequence number for this batch: the order of batches. */
  hubSeq: z.number().int().min(1),
  batchHash: sha256,
  committedAt: isoTime,
  /** How many entry versions the hub took as new current versions. */
  accepted: z.number().int().min(0),
  /** Entry versions kept as conflicts (not applied). */
  conflicts: z.array(syncConflict),
  /** Set when the device's clock was more than a day off the hub's (milliseconds, device − hub). */
  clockSkewMs: z.number().nullable(),
  /**
   * The downlink: every correction request of the device's commune that the hub holds no answer
   * for (issue 11), so that a USB receipt carries them too. Absent from receipts of older hubs.
   */
  corrections: z.array(correctionRequestSchema).optional(),
});
export type Receipt = z.infer<typeof receipt>;

/** What the hub sends down to a device besides receipts (GET /api/sync/corrections). */
export const downlink = z.object({
  protocol: z.literal(SYNC_PROTOCOL),
  corrections: z.array(correctionRequestSchema),
});
export type Downlink = z.infer<typeof downlink>;

export const batchOffer = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), batchId: uuid, missing: z.array(sha256) }),
  z.object({ state: z.literal('committed'), batchId: uuid, receipt }),
]);
export type BatchOffer = z.infer<typeof batchOffer>;

export const enrollRequest = z.object({
  code: z.string().trim().min(6).max(64),
  deviceId: z.string().max(64),
  deviceName: z.string().max(200),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z.object({
  /** Shown once; the hub keeps only its hash. Sent as `Authorization: Bearer …`. */
  credential: z.string().min(32).max(200),
  commune: z.object({ code: communeCode, name: z.string().max(200) }),
  hubName: z.string().max(200),
});
export type EnrollResponse = z.infer<typeof enrollResponse>;

/** Error bodies of the hub: one code the device acts on, one Vietnamese message shown as is. */
export const SYNC_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'DEVICE_REVOKED',
  'ENROLL_CODE_INVALID',
  'WRONG_COMMUNE',
  'BATCH_CONTENT_MISMATCH',
  'BATCH_HASH_MISMATCH',
  'FILES_MISSING',
  'FILE_TOO_LARGE',
  'FILE_HASH_MISMATCH',
  'NOT_FOUND',
  'INTERNAL',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];
export const syncError = z.object({
  error: z.object({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    missing: z.array(sha256).optional(),
  }),
});
export type SyncError = z.infer<typeof syncError>;

/** The largest scan file the hub takes (a TIFF of a whole book can be large). */
export const MAX_SYNC_FILE_BYTES = 512 * 1024 * 1024;
/** A device clock further than this from the hub's is flagged. */
export const CLOCK_SKEW_LIMIT_MS = 24 * 60 * 60 * 1000;

/**
 * The USB package (.zip), written by `sohoa sync export` and read by `sohoa-hub import` through
 * the same ingest code as the network:
 *   manifest.json, payload.json, files/<sha256>, SHA256SUMS (sha256sum format, every other member).
 *   device.json (a UsbDeviceProof): who made the package, proved without carrying the credential.
 * The hub answers with a receipt file `<batchId>.receipt.json` (a Receipt) that
 * `sohoa sync receipt FILE` applies.
 *
 * Device proof of a USB package (the stick may be lost: it never carries the credential):
 *   credentialHash = lowercase hex SHA-256 of the credential's UTF-8 bytes (what the hub stores);
 *   proof = lowercase hex HMAC-SHA256, key = the UTF-8 bytes of credentialHash (the 64 hex
 *           characters), message = `sohoa-usb-v1:${batchId}:${batchHash}`.
 * The desktop computes credentialHash from its credential, the hub takes it from the device row;
 * the hub checks deviceId = manifest.deviceId, batchId/batchHash = the manifest's, the device is
 * enrolled and not revoked, and the proof (constant-time). Helpers: electron/backend/sync/usb-proof.ts.
 * SHA256SUMS lists every member except itself (device.json included).
 */
export const USB_PACKAGE = {
  manifest: 'manifest.json',
  payload: 'payload.json',
  filesDir: 'files/',
  sums: 'SHA256SUMS',
  device: 'device.json',
} as const;

export const usbDeviceProof = z.object({
  deviceId: z.string().max(64),
  batchId: uuid,
  batchHash: sha256,
  proof: sha256,
});
export type UsbDeviceProof = z.infer<typeof usbDeviceProof>;
