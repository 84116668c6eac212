/** Follows a backend job to its end, reporting progress; the returned handle can cancel it. */
import { ApiCallError } from '../../shared/api/errors';
import type { JobKind, JobProgress, JobResults, JobStarted } from '../../shared/jobs/job';
import { api } from './client';

const POLL_MS = 150;

export class JobCancelledError extends Error {
  constructor() {
    super('Đã hủy');
    this.name = 'JobCancelledError';
  }
}

export interface RunningJob<K extends JobKind> {
  result: Promise<JobResults[K]>;
  cancel(): void;
}

export function followJob<K extends JobKind>(
  kind: K,
  started: Promise<JobStarted>,
  onProgress: (progress: JobProgress) => void,
): RunningJob<K> {
  let jobId: string | undefined;
  let cancelRequested = false;
  const result = (async () => {
    jobId = (await started).jobId;
    if (cancelRequested) await api.call('jobs.cancel', { jobId });
    for (;;) {
      const status = await api.call('jobs.get', { jobId });
      if (status.kind !== kind) throw new Error(`unexpected job kind ${status.kind}`);
      onProgress(status.progress);
      if (status.state === 'done') return status.result as JobResults[K];
      if (status.state === 'failed') throw new ApiCallError(status.error);
      if (status.state === 'cancelled') throw new JobCancelledError();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    result,
    cancel() {
      cancelRequested = true;
      if (jobId) void api.call('jobs.cancel', { jobId });
    },
  };
}
