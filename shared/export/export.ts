/**
 * Export for the national database and the acceptance check (nghiệm thu): the inputs of the API
 * methods, and what they give back. Shared by the backend, the CLI and the renderer.
 */
import { safeText, z } from '../zod';
import { namingTemplate } from './naming';

/** An absolute folder path on the machine running the backend (POSIX, Windows drive or UNC). */
export const absoluteDir = safeText(1000, { tooLong: 'Đường dẫn quá dài' })
  .min(1, 'Chọn thư mục')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'Thư mục phải là đường dẫn đầy đủ');

export const exportPrecheckInput = z.object({ bookId: z.uuid('Mã sổ không hợp lệ') });

/**
 * No folder comes from the renderer: the export goes to the backend's export root (the web host:
 * `<data-dir>/xuat`; Electron: the folder chosen in the main process's dialog). Unknown keys (an
 * `outDir` of an older renderer) are refused, not ignored.
 */
export const exportBookInput = z
  .object({
    bookId: z.uuid('Mã sổ không hợp lệ'),
    /** Template of the entry PDFs' names; DEFAULT_NAMING when absent. */
    naming: namingTemplate.optional(),
    /** The clerk confirmed exporting a book without mã ĐVHC (its names keep an empty segment). */
    confirmNoOfficeCode: z.boolean().optional(),
    /** The clerk confirmed replacing an earlier export of the same book in that folder. */
    replace: z.boolean().optional(),
  })
  .strict();
export type ExportBookInput = z.input<typeof exportBookInput>;

/** Opens the export root in the system's file manager, on the machine of the backend. */
export const exportOpenFolderInput = z.object({}).strict();

export const exportVerifyInput = z
  .object({
    /** Checks only this book's manifests in the export root; every manifest there when absent. */
    bookId: z.uuid('Mã sổ không hợp lệ').optional(),
  })
  .strict();

/**
 * What an export needs the clerk to confirm first; an export refused for want of it fails with
 * `details.confirm` set to one of these (the UI asks, then calls again with the flag).
 */
export type ExportConfirmation = 'noOfficeCode' | 'replace';

// ---------------------------------------------------------------------------------------------
// Pre-import check

export const PRECHECK_KINDS = [
  /** Something about the book itself (no entries, no commune code, type not exportable). */
  'book',
  /** The stored data fails the type's current schema: the national import would reject it. */
  'invalid',
  /** A rule's warning (numbering, ages, …). */
  'warning',
  /** Same office, type, quyển, year and số as another entry. */
  'duplicate',
  /** Numbers skipped inside a year. */
  'gap',
  'pageWithoutEntry',
  'entryWithoutPages',
  /** A field marked unknown, illegible or lunar (danhDau), or an unknown registration date. */
  'uncertain',
  /** Data no column of the Excel file holds: it would be lost. */
  'notExported',
] as const;
export type PrecheckKind = (typeof PRECHECK_KINDS)[number];

/** error: the national import would reject it; warning: a reviewer would question it; info: worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

export interface PrecheckItem {
  kind: PrecheckKind;
  severity: Severity;
  /** In Vietnamese, for the clerk. */
  message: string;
  entryId?: string;
  pageId?: string;
  /** The entry's số, to show and sort by. */
  so?: string;
  /** Dotted path of the field concerned. */
  field?: string;
}

export interface PrecheckCounts {
  entries: number;
  pages: number;
  pagesWithoutEntries: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface PrecheckReport {
  bookId: string;
  bookType: string;
  volume: string;
  office: string;
  checkedAt: string;
  /** Version of the column set an export would use; absent when the type has none. */
  columnSetVersion?: number;
  counts: PrecheckCounts;
  /** Errors first, then warnings, then information; in entry order within each. */
  items: PrecheckItem[];
  /** No errors. */
  ok: boolean;
  /** What the clerk must confirm before the export proceeds (a book without mã ĐVHC). */
  needsConfirmation: ExportConfirmation[];
}

// ---------------------------------------------------------------------------------------------
// Acceptance checks, export result, verification

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** How statuses and severities read in reports, the CLI and the app alike. */
export const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'Đạt', warn: 'Cảnh báo', fail: 'Không đạt' };
export const SEVERITY_TEXT: Record<Severity, string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };

export interface AcceptanceCheck {
  id: string;
  /** What is checked, in Vietnamese. */
  label: string;
  status: CheckStatus;
  expected?: string;
  actual?: string;
  /** The first problems found, in Vietnamese. */
  details?: string[];
}

export type OutputRole = 'excel' | 'zip' | 'reportExcel' | 'reportPdf' | 'manifest';

export interface OutputFile {
  role: OutputRole;
  name: string;
  size: number;
  /** Absent for the manifest, which lists the others' hashes. */
  sha256?: string;
}

export interface ExportCounts {
  entries: number;
  excelRows: number;
  pdfs: number;
  pdfPages: number;
  bookPages: number;
  pagesWithoutEntries: number;
}

export interface ExportResult {
  bookId: string;
  outDir: string;
  baseName: string;
  /** When this export ran (the clock; written into no file). */
  exportedAt: string;
  /** The latest change of the book's data, the time written into the files. */
  dataUpdatedAt: string;
  files: OutputFile[];
  counts: ExportCounts;
  precheck: Pick<PrecheckCounts, 'errors' | 'warnings' | 'infos'>;
  checks: AcceptanceCheck[];
  /** Every check passed (warnings allowed). */
  ok: boolean;
}

export interface ExportAllResult {
  exported: ExportResult[];
  /** Books not exported: a type without a column set, no entries, or an export that failed. */
  skipped: {
    bookId: string;
    label: string;
    kind: 'unsupported' | 'empty' | 'failed';
    reason: string;
    /** Failed for want of this confirmation (the CLI names the flag that gives it). */
    confirm?: ExportConfirmation;
  }[];
}

export interface VerifyBookReport {
  /** Name of the manifest file checked. */
  manifest: string;
  bookId?: string;
  /** "GH quyển 01/2018 — UBND xã …" */
  label: string;
  ok: boolean;
  checks: AcceptanceCheck[];
}

export interface VerifyReport {
  dir: string;
  checkedAt: string;
  ok: boolean;
  books: VerifyBookReport[];
  /** Failures of the folder as a whole (no manifest, folder unreadable), in Vietnamese. */
  problems: string[];
  /** Worth knowing, not a failure (leftovers of a cancelled export), in Vietnamese. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// The manifest: what an export wrote, the basis of `verify`.

export const MANIFEST_FORMAT = 'sohoa-hotich-export';
export const MANIFEST_SUFFIX = '.manifest.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const fileRecord = z.object({ name: z.string().min(1), size: z.number().int().min(0), sha256 });

export const exportManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(1),
  appVersion: z.string(),
  /**
   * The latest change of the book and its entries (ISO 8601): the time written into every file,
   * so that exporting unchanged data again gives the same bytes.
   */
  dataUpdatedAt: z.string(),
  /** Written by earlier versions (the clock at export); no longer written. */
  exportedAt: z.string().optional(),
  exportedBy: z.string(),
  book: z.object({
    id: z.string(),
    type: z.string(),
    office: z.string(),
    officeCode: z.string().optional(),
    volume: z.string(),
    yearOpened: z.number(),
    pageCount: z.number().int(),
  }),
  columnSet: z.object({ bookType: z.string(), version: z.number().int() }),
  naming: z.string(),
  files: z.object({
    excel: fileRecord.extend({
      rows: z.number().int().min(0),
      /** One SHA-256 per column over the data rows: with rowSha256 it names a changed cell. */
      columnSha256: z.array(sha256).optional(),
    }),
    zip: fileRecord.extend({ entries: z.number().int().min(0) }),
    reportExcel: fileRecord,
    reportPdf: fileRecord,
  }),
  counts: z.object({
    entries: z.number().int(),
    excelRows: z.number().int(),
    pdfs: z.number().int(),
    pdfPages: z.number().int(),
    bookPages: z.number().int(),
    pagesWithoutEntries: z.number().int(),
  }),
  precheck: z.object({ errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
  /** One per Excel row, in row order. */
  entries: z.array(
    z.object({
      row: z.number().int().min(1),
      entryId: z.string(),
      version: z.number().int(),
      so: z.string(),
      /** SHA-256 of the row's cells (JSON array of strings). */
      rowSha256: sha256,
      pdf: z.string().min(1),
      pdfSha256: sha256,
      pdfPages: z.number().int().min(1),
    }),
  ),
  acceptance: z.object({
    ok: z.boolean(),
    checks: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        status: z.enum(['pass', 'warn', 'fail']),
        expected: z.string().optional(),
        actual: z.string().optional(),
        details: z.array(z.string()).optional(),
      }),
    ),
  }),
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;
