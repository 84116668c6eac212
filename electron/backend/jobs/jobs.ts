/**
 * The job registry: runs long work without blocking the process (every step awaits), keeps its
 * progress for polling, and lets it be cancelled between steps.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type ApiErrorShape } from '../../../shared/api/errors';
import { appErrorFrom } from '../api/system-errors';
import type { JobKind, JobProgress, JobResults, JobStatus } from '../../../shared/jobs/job';

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

/** What a running job sees: where to report progress and how to notice a cancel. */
export interface JobControl {
  report(progress: Partial<JobProgress>): void;
  /** Throws JobCancelled once the clerk has cancelled; call it between steps. */
  checkpoint(): void;
  readonly signal: AbortSignal;
}

/** A control for work run outside the registry (the CLI, tests). */
export function standaloneControl(onProgress?: (p: JobProgress) => void, signal?: AbortSignal): JobControl {
  const progress: JobProgress = { done: 0, total: 0, message: '' };
  const aborted = signal ?? new AbortController().signal;
  return {
    signal: aborted,
    report(update) {
      Object.assign(progress, update);
      onProgress?.({ ...progress });
    },
    checkpoint() {
      if (aborted.aborted) throw new JobCancelled();
    },
  };
}

/** Finished jobs are kept this long for the renderer to read their result. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;

/** `dataRoot`: storage failures outside the data folder name their file (see appErrorFrom). */
export function createJobs(onInternalError: (error: unknown) => void, dataRoot?: string) {
  const jobs = new Map<string, { status: JobStatus; abort: AbortController; finishedAt?: number }>();

  function forget(): void {
    const now = Date.now();
    for (const [id, job] of jobs) if (job.finishedAt && now - job.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
  }

  function start<K extends JobKind>(kind: K, work: (control: JobControl) => Promise<JobResults[K]>): { jobId: string } {
    forget();
    const id = randomUUID();
    const abort = new AbortController();
    const entry = {
      status: { id, kind, progress: { done: 0, total: 0, message: '' }, state: 'running' } as JobStatus,
      abort,
    } as {
      status: JobStatus;
      abort: AbortController;
      finishedAt?: number;
    };
    jobs.set(id, entry);
    const control: JobControl = {
      signal: abort.signal,
      report(update) {
        entry.status = { ...entry.status, progress: { ...entry.status.progress, ...update } };
      },
      checkpoint() {
        if (abort.signal.aborted) throw new JobCancelled();
      },
    };
    const finish = (end: Partial<JobStatus> & { state: JobStatus['state'] }) => {
      entry.status = { ...entry.status, ...end } as JobStatus;
      entry.finishedAt = Date.now();
    };
    // Start on the next tick so that the caller gets the id before any work is done.
    setImmediate(() => {
      work(control).then(
        (result) => finish({ state: 'done', result } as never),
        (error: unknown) => {
          if (error instanceof JobCancelled || abort.signal.aborted) return finish({ state: 'cancelled' });
          let shape: ApiErrorShape;
          const known = appErrorFrom(error, dataRoot);
          if (known) shape = known.toShape();
          else {
            onInternalError(error);
            shape = { code: 'INTERNAL', message: 'Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng' };
          }
          finish({ state: 'failed', error: shape } as never);
        },
      );
    });
    return { jobId: id };
  }

  function get(jobId: string): JobStatus {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'Không tìm thấy công việc này (có thể ứng dụng đã khởi động lại)');
    return job.status;
  }

  function cancel(jobId: string): JobStatus {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'Không tìm thấy công việc này');
    if (job.status.state === 'running') job.abort.abort();
    return job.status;
  }

  return { start, get, cancel };
}

export type Jobs = ReturnType<typeof createJobs>;
