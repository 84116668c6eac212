/** Books (sổ): what the clerk enters when adding one, and what the app shows back. */
import { BOOK_TYPE_CODES, LEGAL_PERIOD_CODES, type BookTypeCode, type LegalPeriodCode } from '../catalogs/book-types';
import { optionalMultilineText, optionalPartialDate, requiredText } from '../records/fields';
import { safeText, z } from '../zod';

/** Clockwise quarter turns. */
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

export const bookMetadataSchema = z.object({
  type: z.enum(BOOK_TYPE_CODES, { error: 'Chọn loại sổ' }),
  /** As printed on the book: old units no longer exist, so never a pick list of current ones. */
  office: requiredText('Nhập cơ quan đăng ký hộ tịch như in trên sổ'),
  officeCode: z
    .union([
      z.literal(''),
      safeText(5, { tooLong: 'Mã đơn vị hành chính gồm 5 chữ số' }).regex(
        /^\d{5}$/,
        'Mã đơn vị hành chính gồm 5 chữ số',
      ),
    ])
    .optional(),
  volume: requiredText('Nhập quyển số'),
  yearOpened: z
    .number({ error: 'Năm mở sổ phải là một số' })
    .int('Năm mở sổ phải là số nguyên')
    .min(1900, 'Năm mở sổ không hợp lệ')
    .max(2100, 'Năm mở sổ không hợp lệ'),
  openedOn: optionalPartialDate,
  closedOn: optionalPartialDate,
  /** Defaults to the period of the year opened. */
  period: z.union([z.literal(''), z.enum(LEGAL_PERIOD_CODES)]).optional(),
  notes: optionalMultilineText,
});
export type BookMetadata = z.infer<typeof bookMetadataSchema>;

/**
 * Correcting a book's details after import (office, mã ĐVHC, volume, year, dates, period, notes).
 * The type stays: the entries were typed in its form.
 */
export const updateBookInput = bookMetadataSchema.omit({ type: true }).extend({
  id: z.uuid('Mã sổ không hợp lệ'),
  /** The version the clerk edited: a newer one means someone else changed the book meanwhile. */
  expectedVersion: z.number().int().min(1),
});
export type UpdateBookInput = z.input<typeof updateBookInput>;

export const stagedFileRef = z.object({ stagedId: z.uuid('Mã tệp tạm không hợp lệ') });

/** A book is a few PDFs or, photographed, one image per page: a few thousand files at most. */
export const MAX_BOOK_FILES = 5000;

const stagedFiles = z
  .array(stagedFileRef)
  .min(1, 'Chọn ít nhất một tệp scan (PDF hoặc ảnh)')
  .max(MAX_BOOK_FILES, `Tối đa ${MAX_BOOK_FILES} tệp mỗi lần`);

export const createBookInput = bookMetadataSchema.extend({ files: stagedFiles });
export type CreateBookInput = z.input<typeof createBookInput>;

export const addFilesInput = z.object({ bookId: z.uuid('Mã sổ không hợp lệ'), files: stagedFiles });

export const removeFileInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  scanFileId: z.uuid('Mã tệp không hợp lệ'),
});

export const reorderFilesInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  /** Every file of the book, in the new order. */
  scanFileIds: z.array(z.uuid('Mã tệp không hợp lệ')).min(1).max(MAX_BOOK_FILES),
});

export const setRotationInput = z.object({
  pageId: z.uuid('Mã trang không hợp lệ'),
  rotation: z.literal(ROTATIONS, { error: 'Góc xoay chỉ là 0, 90, 180 hoặc 270 độ' }),
});

export interface BookSummary {
  id: string;
  type: BookTypeCode;
  office: string;
  officeCode?: string;
  volume: string;
  yearOpened: number;
  period: LegalPeriodCode;
  pageCount: number;
  entryCount: number;
  pagesWithoutEntries: number;
  createdAt: string;
}

export interface ScanFileInfo {
  id: string;
  sha256: string;
  originalName: string;
  mediaType: ScanMediaType;
  byteSize: number;
  pageCount: number;
}

export type ScanMediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';

/** The long side, in pixels, of a page's screen rendition (PageInfo.viewSha256). */
export const VIEW_MAX_SIDE = 2000;

export interface PageInfo {
  id: string;
  /** Page number in the book, stable once entries point at it. */
  pageNo: number;
  scanFileId: string;
  sha256: string;
  mediaType: ScanMediaType;
  /** 0-based page index inside a PDF or multi-page TIFF; 0 for an image. */
  indexInFile: number;
  /** Clockwise quarter turns the clerk applied, on top of the file's own orientation. */
  rotation: Rotation;
  /** A browser-readable rendition where the original is not (TIFF). */
  displaySha256?: string;
  thumbSha256?: string;
  /** A screen rendition (long side at most 2000 px, upright), shown before the original. */
  viewSha256?: string;
  /** Size of the page as stored (PDF points or image pixels), before the clerk's rotation. */
  width?: number;
  height?: number;
}

export interface BookDetail extends BookSummary {
  /** Incremented on every change to the book (details, files). */
  version: number;
  openedOn?: string;
  closedOn?: string;
  notes?: string;
  files: ScanFileInfo[];
  pages: PageInfo[];
}

export interface SkippedFile {
  name: string;
  message: string;
}

export interface BookImportReport {
  book: BookDetail;
  skipped: SkippedFile[];
}
