/**
 * What the desktop's "Đồng bộ" panel, the book list and `sohoa sync status` show, and the inputs
 * of the sync methods of the API contract.
 */
import { safeText, z } from '../zod';

/** Per book: entries acknowledged by the hub, waiting to be sent, in a batch set aside on error. */
export interface BookSyncState {
  bookId: string;
  sent: number;
  waiting: number;
  errors: number;
}

export interface SyncProblem {
  batchId: string;
  /** When the batch was set aside or last failed. */
  at: string;
  /** Vietnamese: what went wrong and what to do. */
  message: string;
  /** Set aside after a 4xx (never retried by itself; the others go on). */
  setAside: boolean;
}

export interface SyncConflictView {
  entryId: string;
  bookId: string;
  so: string;
  primaryName: string;
  hubVersion: number;
  localVersion: number;
  /** Both values of every field that differs (labels in Vietnamese). */
  fields: { label: string; hub: string; local: string }[];
}

export interface SyncStatus {
  enrolled: boolean;
  hubUrl: string | null;
  commune: { code: string; name: string } | null;
  /** ISO time of the last receipt. */
  lastSuccessAt: string | null;
  /** Whether the last probe reached the hub; null before any. */
  online: boolean | null;
  /** Entries changed since their last acknowledged version. */
  waiting: number;
  /** Entries whose current version the hub acknowledged. */
  sent: number;
  /** Scan files not yet on the hub. */
  filesWaiting: number;
  /** Batches sending now or waiting to be retried. */
  pendingBatches: number;
  errors: SyncProblem[];
  conflicts: SyncConflictView[];
  books: BookSyncState[];
}

export const enrollInput = z.object({
  hubUrl: z
    .string()
    .trim()
    .max(300)
    .regex(/^https?:\/\/[^\s]+$/i, 'Địa chỉ máy chủ huyện phải bắt đầu bằng http:// hoặc https://'),
  code: safeText(64).min(6, 'Mã đăng ký gồm ít nhất 6 ký tự'),
});
export type EnrollInput = z.infer<typeof enrollInput>;

/**
 * A sync conflict settled by the clerk: "Giữ bản của máy này" (`local`: this machine's version is
 * sent again above the hub's) or "Nhận bản của huyện" (`hub`: the hub's version becomes a new
 * version here). Either way the hub keeps the other version in its history.
 */
export const resolveConflictInput = z.object({
  entryId: z.uuid('Mã trường hợp không hợp lệ'),
  keep: z.enum(['local', 'hub'], 'Hãy chọn giữ bản của máy này hoặc nhận bản của huyện'),
});
export type ResolveConflictInput = z.infer<typeof resolveConflictInput>;

/** A USB receipt handed over in the browser: its text (the web host takes no paths). */
export const applyReceiptInput = z.object({ receiptJson: z.string().min(2).max(2_000_000) });

export interface PushResult {
  /** Batches committed by the hub in this run. */
  committed: number;
  waiting: number;
  errors: SyncProblem[];
}

export interface UsbExportResult {
  /** Where the package was written (under the data folder in the web host). */
  path: string;
  entries: number;
  files: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "14:05 ngày 30/11/2026", in the machine's local time. */
export function formatSyncTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${pad(at.getHours())}:${pad(at.getMinutes())} ngày ${pad(at.getDate())}/${pad(at.getMonth() + 1)}/${at.getFullYear()}`;
}
