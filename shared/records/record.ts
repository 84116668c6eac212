/** Entries (trường hợp) as the API carries them. */
import type { BookTypeCode } from '../catalogs/book-types';
import { z } from '../zod';
import type { FieldIssue } from '../api/errors';

const pageRef = z.object({
  pageId: z.uuid('Mã trang không hợp lệ'),
  /** Optional rectangle of the entry on the page, in page coordinates (0–1 of width/height). */
  rect: z
    .object({
      x: z.number().min(0).max(1),
      y: z.number().min(0).max(1),
      w: z.number().min(0).max(1),
      h: z.number().min(0).max(1),
    })
    .optional(),
});
export type PageRef = z.infer<typeof pageRef>;

/** The type's own fields are checked against the book type's schema in the backend. */
const recordData = z.record(z.string(), z.unknown());

export const createRecordInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  data: recordData,
  pages: z.array(pageRef).min(1, 'Trường hợp phải gắn với ít nhất một trang'),
});
export type CreateRecordInput = z.input<typeof createRecordInput>;

export const updateRecordInput = z.object({
  id: z.uuid('Mã trường hợp không hợp lệ'),
  /** The version the clerk edited: a newer one in the database means someone else changed it. */
  expectedVersion: z.number().int().min(1),
  data: recordData,
  pages: z.array(pageRef).min(1, 'Trường hợp phải gắn với ít nhất một trang').optional(),
});
export type UpdateRecordInput = z.input<typeof updateRecordInput>;

export const listRecordsInput = z.object({ bookId: z.uuid('Mã sổ không hợp lệ').optional() });

export interface RecordPage {
  pageId: string;
  pageNo: number;
  rect?: PageRef['rect'];
}

export interface RecordSummary {
  id: string;
  bookId: string;
  bookType: BookTypeCode;
  version: number;
  so: string;
  quyenSo?: string;
  trangSo: number;
  ngayDangKy?: string;
  names: string[];
  pages: RecordPage[];
  warnings: FieldIssue[];
  updatedAt: string;
}

export interface RecordDetail extends RecordSummary {
  data: Record<string, unknown>;
  contentHash: string;
  createdAt: string;
  createdBy: string;
  updatedBy: string;
}
