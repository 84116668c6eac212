/**
 * What `sohoa-hub export` asks and answers (the admin operation `export`, hub/admin.ts), kept
 * apart from hub/export.ts so that the hub and the CLI load the Excel/PDF stack only to export.
 */
import { LOT_STATE_LABELS, LOT_STATES, type LotState } from '../shared/review/review';
import { communeCode } from '../shared/sync/protocol';
import { z } from '../shared/zod';

export const hubExportInput = z.object({
  commune: communeCode,
  /** An absolute folder on the hub's machine (the CLI resolves it). */
  out: z.string().min(1).max(4000),
  bookId: z.uuid('Mã sổ không hợp lệ').nullable(),
  replace: z.boolean(),
  confirmNoOfficeCode: z.boolean(),
});
export type HubExportInput = z.infer<typeof hubExportInput>;

const writtenFile = z.object({
  role: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string().optional(),
});

export const hubExportResult = z.object({
  /** null: no commune of that code on the hub. */
  commune: z.object({ code: z.string(), name: z.string() }).nullable(),
  outDir: z.string(),
  exported: z.array(
    z.object({
      bookId: z.string(),
      lotId: z.string(),
      label: z.string(),
      outDir: z.string(),
      baseName: z.string(),
      ok: z.boolean(),
      entries: z.number(),
      pdfPages: z.number(),
      files: z.array(writtenFile),
    }),
  ),
  skipped: z.array(
    z.object({
      bookId: z.string(),
      label: z.string(),
      /** The newest lot's state; `none` without a lot; `failed` when an accepted book did not export. */
      state: z.enum([...LOT_STATES, 'none', 'failed']),
      reason: z.string(),
    }),
  ),
});
export type HubExportResult = z.infer<typeof hubExportResult>;

/** "GH quyển 01/2018 — UBND xã Tân Lập", as the desktop's export names a book. */
export function bookLabel(book: { type: string; volume: string; office: string }): string {
  return `${book.type} quyển ${book.volume} — ${book.office}`;
}

/** "Sổ … chưa được nghiệm thu (đang kiểm tra) — bỏ qua" */
export function notAcceptedReason(label: string, state: LotState | 'none'): string {
  const word = state === 'none' ? 'chưa có lô kiểm tra' : LOT_STATE_LABELS[state].toLocaleLowerCase('vi');
  return `Sổ ${label} chưa được nghiệm thu (${word}) — bỏ qua`;
}
