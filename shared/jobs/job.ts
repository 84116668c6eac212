/**
 * Long work (importing a 500-page book, later exports) runs as a job: the call that starts it
 * returns at once with a job id; the renderer polls `jobs.get` for progress and may cancel.
 */
import type { BookImportReport } from '../books/book';
import type { ApiErrorShape } from '../api/errors';
import type { ExportResult } from '../export/export';

/** What each kind of job gives back when it is done. */
export interface JobResults {
  'books.import': BookImportReport;
  'export.book': ExportResult;
}
export type JobKind = keyof JobResults;

export interface JobProgress {
  done: number;
  total: number;
  /** What is being done now, for the clerk ("Đang đọc tệp so-2018.pdf"). */
  message: string;
}

interface JobBase<K extends JobKind> {
  id: string;
  kind: K;
  progress: JobProgress;
}

export type JobStatus<K extends JobKind = JobKind> = JobBase<K> &
  (
    | { state: 'running' }
    | { state: 'done'; result: JobResults[K] }
    | { state: 'failed'; error: ApiErrorShape }
    | { state: 'cancelled' }
  );

export interface JobStarted {
  jobId: string;
}
