/**
 * The desktop's side of the HTTP exchange with the district hub (shared/sync/protocol.ts): every
 * answer is validated with the shared schemas, every request has a timeout, and every failure is
 * classified for the sync service: the network or the hub's machine (retry later, with backoff),
 * or the hub refusing this request (4xx: set the batch aside, with the hub's Vietnamese message).
 * `fetch` is injectable so that tests can drive any failure.
 */
import fs from 'node:fs';
import { Upload } from 'tus-js-client';
import {
  batchOffer,
  downlink as downlinkSchema,
  enrollResponse,
  receipt as receiptSchema,
  syncError,
  type BatchOffer,
  type Downlink,
  type EnrollRequest,
  type EnrollResponse,
  type Receipt,
  type SyncErrorCode,
} from '../../../shared/sync/protocol';
import { z } from '../../../shared/zod';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Why a request to the hub failed. */
export type HubFailureKind =
  /** No answer: connection refused or dropped, timeout, a truncated or unreadable answer. */
  | 'network'
  /** The hub answered 5xx (or 429): its machine is in trouble, try again later. */
  | 'server'
  /** The hub refused the request (4xx): retrying the same request gives the same answer. */
  | 'refused';

export class HubError extends Error {
  constructor(
    readonly kind: HubFailureKind,
    message: string,
    readonly status: number | null = null,
    readonly code: SyncErrorCode | null = null,
    readonly missing: string[] = [],
  ) {
    super(message);
  }
}

export interface HubClientOptions {
  fetch?: FetchLike;
  /** Per request (default 30 s; the batch POST may carry several MB). */
  timeoutMs?: number;
  /** An upload that makes no progress for this long is stopped (default 60 s). */
  uploadStallMs?: number;
  /** tus chunk size (default 8 MB). */
  chunkSize?: number;
}

const ping = z.object({ hub: z.literal('sohoa-hub'), protocol: z.number(), time: z.string() });

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function networkMessage(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'Máy chủ huyện không trả lời kịp (hết thời gian chờ).';
  return 'Không kết nối được máy chủ huyện (mạng hoặc máy chủ đang tắt).';
}

export function createHubClient(hubUrl: string, credential: string | null, options: HubClientOptions = {}) {
  const base = trimSlash(hubUrl);
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>(method: string, path: string, schema: z.ZodType<T>, body?: string): Promise<T> {
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (credential) headers.authorization = `Bearer ${credential}`;
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new HubError('network', networkMessage(error));
    }
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = syncError.safeParse(json);
      const status = response.status;
      const kind: HubFailureKind = status >= 500 || status === 429 ? 'server' : 'refused';
      if (parsed.success) {
        const { code, message, missing } = parsed.data.error;
        throw new HubError(kind, message, status, code, missing ?? []);
      }
      throw new HubError(
        kind,
        kind === 'server'
          ? `Máy chủ huyện đang gặp lỗi (mã ${status}).`
          : `Máy chủ huyện từ chối yêu cầu (mã ${status}); địa chỉ có thể không phải máy chủ huyện.`,
        status,
      );
    }
    const parsed = schema.safeParse(json);
    // A 2xx whose body does not parse: cut off on the way (or not our hub). Try again later.
    if (!parsed.success) throw new HubError('network', 'Câu trả lời của máy chủ huyện bị cắt hoặc không đọc được.');
    return parsed.data;
  }

  return {
    ping: () => request('GET', '/api/sync/ping', ping),
    enroll: (input: EnrollRequest): Promise<EnrollResponse> =>
      request('POST', '/api/sync/enroll', enrollResponse, JSON.stringify(input)),
    /** The batch as frozen: the two stored JSON texts, byte for byte. */
    postBatch: (manifestJson: string, payloadJson: string): Promise<BatchOffer> =>
      request('POST', '/api/sync/batches', batchOffer, `{"manifest":${manifestJson},"payload":${payloadJson}}`),
    getBatch: (batchId: string): Promise<BatchOffer> =>
      request('GET', `/api/sync/batches/${encodeURIComponent(batchId)}`, batchOffer),
    commit: (batchId: string): Promise<Receipt> =>
      request('POST', `/api/sync/batches/${encodeURIComponent(batchId)}/commit`, receiptSchema),
    /** The commune's open correction requests (issue 11's downlink). */
    corrections: (): Promise<Downlink> => request('GET', '/api/sync/corrections', downlinkSchema),

    /**
     * Uploads one file with tus, resuming at `uploadUrl` when given (a restarted app). Calls
     * `onUrl` as soon as the hub gave the upload its address, so that it can be stored.
     */
    upload(file: {
      path: string;
      sha256: string;
      byteSize: number;
      batchId: string;
      uploadUrl?: string;
      onUrl(url: string): void;
    }) {
      return new Promise<void>((resolve, reject) => {
        const stallMs = options.uploadStallMs ?? 60_000;
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        const finish = (error?: HubError) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          source.destroy();
          if (error) reject(error);
          else resolve();
        };
        // tus reads the file by its path, slice by slice; this stream itself is only its handle.
        const source = fs.createReadStream(file.path);
        // A file gone meanwhile fails the upload through tus's own reads, never as an unhandled event.
        source.on('error', () => {});
        const upload = new Upload(source, {
          endpoint: `${base}/api/sync/files/`,
          uploadUrl: file.uploadUrl ?? null,
          uploadSize: file.byteSize,
          metadata: { sha256: file.sha256, batchId: file.batchId },
          headers: credential ? { authorization: `Bearer ${credential}` } : {},
          chunkSize: options.chunkSize ?? 8 * 1024 * 1024,
          // A few quick retries inside one run; the sync service backs off beyond that.
          retryDelays: [0, 1000, 3000],
          storeFingerprintForResuming: false,
          removeFingerprintOnSuccess: false,
          onUploadUrlAvailable: () => {
            if (upload.url) file.onUrl(upload.url);
          },
          onProgress: () => watch(),
          onSuccess: () => finish(),
          onError: (error) => {
            const status = (
              error as { originalResponse?: { getStatus(): number } | null }
            ).originalResponse?.getStatus();
            if (status === undefined || status === 0) finish(new HubError('network', networkMessage(error)));
            // An upload the hub no longer has (404, 410), an offset that moved under a duplicated
            // request (409) or an upload still locked by a cut connection (423): the upload's
            // state, not the batch's fault. Later, the batch is offered again and the file resumed
            // or sent afresh; the batch is never set aside for it.
            else if (status === 404 || status === 409 || status === 410 || status === 423)
              finish(
                new HubError(
                  'server',
                  `Máy chủ huyện chưa nhận xong tệp ảnh quét ${file.sha256.slice(0, 12)}… (mã ${status}); máy sẽ gửi tiếp sau.`,
                  status,
                ),
              );
            else if (status >= 500 || status === 429)
              finish(new HubError('server', `Máy chủ huyện đang gặp lỗi khi nhận tệp (mã ${status}).`, status));
            else {
              const body = (error as { originalResponse?: { getBody(): string } | null }).originalResponse?.getBody();
              let parsed: ReturnType<typeof syncError.safeParse> | undefined;
              try {
                parsed = body ? syncError.safeParse(JSON.parse(body)) : undefined;
              } catch {
                parsed = undefined;
              }
              finish(
                new HubError(
                  'refused',
                  parsed?.success
                    ? parsed.data.error.message
                    : `Máy chủ huyện từ chối tệp ảnh quét ${file.sha256.slice(0, 12)}… (mã ${status}).`,
                  status,
                  parsed?.success ? parsed.data.error.code : null,
                ),
              );
            }
          },
        });
        /** A connection that hangs without error is cut after `stallMs` without progress. */
        function watch() {
          clearTimeout(timer);
          timer = setTimeout(() => {
            void upload.abort(false);
            finish(new HubError('network', 'Gửi tệp ảnh quét bị treo (mạng chập chờn); sẽ gửi tiếp từ chỗ dừng.'));
          }, stallMs);
        }
        watch();
        upload.start();
      });
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
