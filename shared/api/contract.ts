/**
 * The typed API contract: one map from method name to its input schema and result type.
 * The renderer calls `api.call(name, input)`; both transports (Electron IPC, HTTP on
 * 127.0.0.1) carry exactly these calls to one handler table that validates every input.
 */
import {
  addFilesInput,
  createBookInput,
  removeFileInput,
  reorderFilesInput,
  setRotationInput,
  updateBookInput,
  type BookDetail,
  type BookSummary,
  type PageInfo,
} from '../books/book';
import type { JobStarted, JobStatus } from '../jobs/job';
import {
  changePasswordInput,
  createAccountInput,
  loginInput,
  resetPasswordInput,
  setDisabledInput,
  setupInput,
  unlockInput,
  type AccountSummary,
  type AuthStatus,
  type SessionUser,
  type SetupResult,
} from '../accounts/account';
import {
  exportBookInput,
  exportOpenFolderInput,
  exportPrecheckInput,
  exportVerifyInput,
  type PrecheckReport,
  type VerifyReport,
} from '../export/export';
import {
  checkDuplicatesInput,
  createRecordInput,
  deleteRecordInput,
  draftKeyInput,
  getRecordInput,
  restoreRecordInput,
  listRecordsInput,
  saveDraftInput,
  searchRecordsInput,
  updateRecordInput,
  type Draft,
  type DuplicateEntry,
  type RecordDetail,
  type RecordHistoryItem,
  type RecordSearchResult,
  type RecordSummary,
} from '../records/record';
import {
  applyReceiptInput,
  enrollInput,
  resolveConflictInput,
  type PushResult,
  type SyncStatus,
  type UsbExportResult,
} from '../sync/sync-status';
import { importXlsxInput, type ImportXlsxResult } from '../records/xlsx-import';
import { keepCorrectionInput, listCorrectionsInput, type DesktopCorrection } from '../review/corrections';
import { saveViewStateInput, setPreferencesInput, type Preferences, type ViewState } from '../viewer/viewer';
import { z } from '../zod';

/** A method: its input schema, and its result type carried as a phantom. */
interface Method<S extends z.ZodType, R> {
  input: S;
  /** Never read at run time: it only carries the result type. */
  result?: R;
}

function method<R>() {
  return <S extends z.ZodType>(input: S): Method<S, R> => ({ input });
}

const byId = z.object({ id: z.uuid('Mã không hợp lệ') });
const byJob = z.object({ jobId: z.uuid('Mã công việc không hợp lệ') });
const byBook = z.object({ bookId: z.uuid('Mã sổ không hợp lệ') });
const nothing = z.object({}).strict();

export interface AppInfo {
  version: string;
  dataDir: string;
  actor: string;
}

export const apiContract = {
  'app.info': method<AppInfo>()(nothing),
  'books.list': method<BookSummary[]>()(nothing),
  'books.get': method<BookDetail>()(byId),
  /** Corrects a book's details after import (version-checked, audited). */
  'books.update': method<BookDetail>()(updateBookInput),
  /** Starts a 'books.import' job. */
  'books.create': method<JobStarted>()(createBookInput),
  /** Starts a 'books.import' job that appends files to a book. */
  'books.addFiles': method<JobStarted>()(addFilesInput),
  'books.removeFile': method<BookDetail>()(removeFileInput),
  'books.reorderFiles': method<BookDetail>()(reorderFilesInput),
  'pages.setRotation': method<PageInfo>()(setRotationInput),
  'jobs.get': method<JobStatus>()(byJob),
  'jobs.cancel': method<JobStatus>()(byJob),
  'viewer.getState': method<ViewState | null>()(byBook),
  'viewer.saveState': method<ViewState>()(saveViewStateInput),
  'prefs.get': method<Preferences>()(nothing),
  'prefs.set': method<Preferences>()(setPreferencesInput),
  'records.list': method<RecordSummary[]>()(listRecordsInput),
  /** A deleted entry only with `includeDeleted` (it then carries who deleted it, when and why). */
  'records.get': method<RecordDetail>()(getRecordInput),
  'records.create': method<RecordDetail>()(createRecordInput),
  'records.update': method<RecordDetail>()(updateRecordInput),
  /** Soft delete with a reason. */
  'records.delete': method<{ deleted: true }>()(deleteRecordInput),
  /** Undoes a soft delete (audited, version bumped). */
  'records.restore': method<RecordDetail>()(restoreRecordInput),
  'records.history': method<RecordHistoryItem[]>()(byId),
  'records.search': method<RecordSearchResult>()(searchRecordsInput),
  'records.duplicates': method<DuplicateEntry[]>()(checkDuplicatesInput),
  /** "Nhập từ Excel": a staged .xlsx in the Ministry's format into a book (all or nothing, or skipping bad rows). */
  'records.importXlsx': method<ImportXlsxResult>()(importXlsxInput),
  'drafts.save': method<{ updatedAt: string }>()(saveDraftInput),
  'drafts.get': method<Draft | null>()(draftKeyInput),
  'drafts.discard': method<{ discarded: true }>()(draftKeyInput),
  'export.precheck': method<PrecheckReport>()(exportPrecheckInput),
  /** Starts an 'export.book' job. */
  'export.book': method<JobStarted>()(exportBookInput),
  'export.verify': method<VerifyReport>()(exportVerifyInput),
  /** Opens an export folder with the system's file manager, on the machine of the backend. */
  'export.openFolder': method<{ opened: true }>()(exportOpenFolderInput),
  /** Whether the first administrator is still to be created, and who is logged in. */
  'auth.status': method<AuthStatus>()(nothing),
  /** First start: creates the administrator (and the encrypted database) and logs in. */
  'auth.setup': method<SetupResult>()(setupInput),
  'auth.login': method<SessionUser>()(loginInput),
  'auth.logout': method<{ loggedOut: true }>()(nothing),
  /** The idle lock: the logged-in user's password again. */
  'auth.unlock': method<SessionUser>()(unlockInput),
  'auth.changePassword': method<{ changed: true }>()(changePasswordInput),
  'accounts.list': method<AccountSummary[]>()(nothing),
  'accounts.create': method<AccountSummary>()(createAccountInput),
  'accounts.resetPassword': method<AccountSummary>()(resetPasswordInput),
  'accounts.setDisabled': method<AccountSummary>()(setDisabledInput),
  /** Sync with the district hub: enrollment, what is sent, waiting, set aside, in conflict. */
  'sync.status': method<SyncStatus>()(nothing),
  /** Enrolls this device with a hub address and a one-time code from the district. */
  'sync.enroll': method<SyncStatus>()(enrollInput),
  /** "Gửi ngay": sends what is waiting now, whatever the backoff. */
  'sync.pushNow': method<PushResult>()(nothing),
  /** Writes the waiting batches as USB packages (.zip) under the data folder's `dong-bo/`. */
  'sync.exportUsb': method<UsbExportResult>()(nothing),
  /** Applies a receipt file the hub wrote for a USB package. */
  'sync.applyReceipt': method<SyncStatus>()(applyReceiptInput),
  /** Moves a batch set aside after an error back to the sending queue. */
  'sync.retry': method<SyncStatus>()(z.object({ batchId: z.uuid('Mã lô không hợp lệ') })),
  /** Settles a sync conflict: keep this machine's version, or take the hub's (audited either way). */
  'sync.resolveConflict': method<SyncStatus>()(resolveConflictInput),
  /** The district's correction requests ("Cần sửa"), open and answered. */
  'corrections.list': method<DesktopCorrection[]>()(listCorrectionsInput),
  /** "Giữ nguyên": answers a request by keeping the value, with a reason. */
  'corrections.keep': method<DesktopCorrection>()(keepCorrectionInput),
};

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
/** What a caller passes (before zod defaults and transforms). */
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
/** What a handler receives (after validation). */
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiResult<M extends ApiMethod> = Exclude<ApiContract[M]['result'], undefined>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiContract, name);
}

/**
 * The bridge a transport exposes to the renderer. In Electron the preload provides it on
 * `window.sohoa`; in the browser build the HTTP client implements the same shape.
 */
export interface SohoaBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  /** Hands a user-picked file to the backend's staging area; returns its staged id. */
  stageFile(file: File): Promise<{ stagedId: string }>;
  /** The URL the renderer loads a stored scan from. */
  scanUrl(sha256: string): string;
  /**
   * Electron only: the main process shows its folder dialog and, unless cancelled, keeps the
   * chosen folder as the logged-in user's export folder; resolves with it (null when cancelled).
   * No path crosses from the renderer. Absent in the browser: the web host exports only into
   * `<data-dir>/xuat`.
   */
  pickExportFolder?(): Promise<string | null>;
}
