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

/** Who deleted an entry, when and why (soft delete keeps the entry). */
export interface RecordDeletion {
  at: string;
  by: string;
  reason: string;
}

export interface RecordDetail extends RecordSummary {
  data: Record<string, unknown>;
  contentHash: string;
  createdAt: string;
  createdBy: string;
  updatedBy: string;
  /** Present only on a deleted entry (read with `includeDeleted`). */
  deleted?: RecordDeletion;
}

/** Opening one entry; a deleted one only when asked for (to show why and offer to restore it). */
export const getRecordInput = z.object({
  id: z.uuid('Mã trường hợp không hợp lệ'),
  includeDeleted: z.boolean().optional(),
});

export const restoreRecordInput = z.object({
  id: z.uuid('Mã trường hợp không hợp lệ'),
  expectedVersion: z.number().int().min(1),
});

export const RECORD_STATUSES = ['ok', 'warnings', 'marked', 'deleted'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_SORTS = ['so', 'ngayDangKy', 'name', 'updatedAt', 'page'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

/** Finding entries in a book or across books: by name or number, ignoring diacritics and case. */
export const searchRecordsInput = z.object({
  query: z.string().max(200).optional(),
  bookId: z.uuid('Mã sổ không hợp lệ').optional(),
  bookType: z.string().max(8).optional(),
  year: z.number().int().min(1800).max(2200).optional(),
  /** ok: no warning; warnings: has warnings; marked: has unknown/illegible fields; deleted. */
  status: z.enum(RECORD_STATUSES).optional(),
  /** Only entries linked to this scan page (page number in the book; with `bookId`). */
  pageNo: z.number().int().min(1).optional(),
  sort: z.enum(RECORD_SORTS).default('so'),
  descending: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export type SearchRecordsInput = z.input<typeof searchRecordsInput>;

/** A person on an entry with their role in it ("Người được giám hộ", "Bên vợ"…). */
export interface RecordPerson {
  role: string;
  name: string;
  /** ISO partial date as stored ("2010", "2010-07", "2010-07-12"). */
  birthDate?: string;
}

export interface RecordSearchHit extends RecordSummary {
  bookVolume: string;
  office: string;
  /** Fields marked unknown or illegible. */
  marked: number;
  deleted: boolean;
  /** Why it was deleted (deleted hits only). */
  deleteReason?: string;
  people: RecordPerson[];
}

export interface RecordSearchResult {
  total: number;
  hits: RecordSearchHit[];
}

export const deleteRecordInput = z.object({
  id: z.uuid('Mã trường hợp không hợp lệ'),
  expectedVersion: z.number().int().min(1),
  reason: z
    .string()
    .trim()
    .min(3, 'Hãy ghi lý do xóa trường hợp này (ít nhất 3 ký tự), ví dụ: "Nhập trùng", "Nhập nhầm sổ"')
    .max(500, 'Lý do xóa dài quá 500 ký tự; hãy ghi ngắn lại'),
});

/** One change in an entry's history, as the audit log recorded it. */
export interface RecordHistoryItem {
  seq: number;
  at: string;
  actor: string;
  action: string;
  version?: number;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Another entry with the same (office, book type, quyển, year, số). */
export interface DuplicateEntry {
  id: string;
  bookId: string;
  so: string;
  names: string[];
  ngayDangKy?: string;
}

export const checkDuplicatesInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  so: z.string().max(50),
  quyenSo: z.string().max(100).optional(),
  ngayDangKy: z.string().max(10).optional(),
  excludeId: z.uuid().optional(),
});

export const saveDraftInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  /** The entry being edited; absent for a new entry. */
  entryId: z.uuid().optional(),
  data: recordData,
  pages: z.array(pageRef).default([]),
});
export type Draft = z.output<typeof saveDraftInput> & { updatedAt: string };

export const draftKeyInput = z.object({ bookId: z.uuid('Mã sổ không hợp lệ'), entryId: z.uuid().optional() });
