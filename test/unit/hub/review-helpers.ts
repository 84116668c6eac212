/**
 * Helpers for the district review tests: GH books and entries as the desktop sends them, batches
 * committed through the hub's real sync endpoints, district staff, and calls of the review
 * handlers with their input parsed by the contract's schema (as the dispatcher does).
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../../electron/backend/accounts/passwords';
import { hubUsers } from '../../../hub/db/schema';
import { ReviewError, type HubHandlers, type StaffRequest } from '../../../hub/review/handler';
import { lotHandlers } from '../../../hub/review/lots';
import { hubApiContract, type HubApiMethod, type HubApiResult, type HubUserInfo } from '../../../shared/review/hub-api';
import { batchOffer, receipt, type Batch, type SyncBook, type SyncEntry } from '../../../shared/sync/protocol';
import { call, makeBatch, makeBook, makeEntry, tusUpload, type Device, type TestHub } from './helpers';

/** A complete GH entry as a clerk types it (shared/records/gh.test.ts), without warnings. */
export function ghData(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const so = `${String(n).padStart(2, '0')}/2018`;
  return {
    so,
    quyenSo: 'Q1',
    trangSo: n + 1,
    ngayDangKy: `2018-03-${String((n % 27) + 1).padStart(2, '0')}`,
    nguoiKy: 'Nguyễn Văn Hùng',
    chucVuNguoiKy: 'Chủ tịch UBND xã',
    loaiGiamHo: 'cu',
    nguoiGiamHo: [
      {
        hoTen: 'Nguyễn Văn Bình',
        ngaySinh: '1970-04-02',
        gioiTinh: '1',
        danToc: 'Kinh',
        quocTich: 'Việt Nam',
        noiCuTru: 'Thôn Đông, xã An Bình',
      },
    ],
    nguoiDuocGiamHo: {
      hoTen: `Trần Thị Số${n}`,
      ngaySinh: '2010-07-12',
      gioiTinh: '2',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      noiSinh: 'Trạm y tế xã An Bình',
      noiCuTru: 'Thôn Đông, xã An Bình',
    },
    ...over,
  };
}

export function ghBook(officeCode: string): SyncBook {
  return { ...makeBook(officeCode), type: 'GH', volume: '01/2018', office: 'UBND xã An Bình', openedOn: null };
}

export function ghEntry(
  bookId: string,
  data: Record<string, unknown>,
  options: { version?: number; baseVersion?: number; id?: string; updatedBy?: string } = {},
): SyncEntry {
  const entry = makeEntry(bookId, data, options.version ?? 1, options.baseVersion ?? 0, options.id ?? randomUUID());
  return { ...entry, bookType: 'GH', schemaVersion: 2, updatedBy: options.updatedBy ?? entry.updatedBy };
}

/** Sends a batch through the sync endpoints (offer, missing files by tus, commit). */
export async function sendBatch(hub: TestHub, device: Device, b: Batch, files: Buffer[] = []): Promise<void> {
  const offered = await call(hub, device, 'POST', '/api/sync/batches', b);
  if (offered.status !== 200) throw new Error(`offer: HTTP ${offered.status} ${JSON.stringify(offered.body)}`);
  const offer = batchOffer.parse(offered.body);
  if (offer.state === 'pending') {
    for (const bytes of files) await tusUpload(hub, device, b.manifest.batchId, bytes);
  }
  const committed = await call(hub, device, 'POST', `/api/sync/batches/${b.manifest.batchId}/commit`);
  if (committed.status !== 200) throw new Error(`commit: HTTP ${committed.status} ${JSON.stringify(committed.body)}`);
  receipt.parse(committed.body);
}

export async function send(
  hub: TestHub,
  device: Device,
  books: SyncBook[],
  entries: SyncEntry[],
  eventsFrom = 1,
): Promise<void> {
  await sendBatch(hub, device, makeBatch({ device, books, entries, eventsFrom }));
}

export async function addStaff(
  hub: TestHub,
  username: string,
  role: HubUserInfo['role'] = 'reviewer',
): Promise<HubUserInfo> {
  const password = await hashPassword('mat-khau-thu', { N: 1024, r: 8, p: 1, keyLength: 32 });
  const [row] = await hub.ctx.db
    .insert(hubUsers)
    .values({ username, displayName: `Kiểm tra viên ${username}`, role, password, createdBy: 'test' })
    .returning();
  if (!row) throw new Error('no user');
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, disabled: false };
}

type LotMethod = keyof typeof lotHandlers;

/** Calls a lot handler with its input parsed by the contract's schema, as the dispatcher does. */
export async function review<M extends LotMethod & HubApiMethod>(
  hub: TestHub,
  user: HubUserInfo,
  method: M,
  input: unknown,
): Promise<HubApiResult<M>> {
  const parsed = hubApiContract[method].input.safeParse(input);
  if (!parsed.success) throw new ReviewError(400, 'BAD_REQUEST', parsed.error.issues[0]?.message ?? 'bad input');
  const request: StaffRequest = { ctx: hub.ctx, user, sessionTokenHash: null, remoteAddress: '127.0.0.1' };
  const handler = lotHandlers[method] as unknown as HubHandlers[M];
  return handler(parsed.data as Parameters<HubHandlers[M]>[0], request);
}

/** The refusal a call ends with (fails the test when it succeeds). */
export async function refusal(promise: Promise<unknown>): Promise<ReviewError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReviewError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
