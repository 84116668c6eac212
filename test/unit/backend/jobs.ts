import type { Backend } from '../../../electron/backend/app';
import type { JobKind, JobStatus } from '../../../shared/jobs/job';

/** Polls a job started through the contract until it ends, as the renderer does. */
export async function waitForJob<K extends JobKind = 'books.import'>(
  backend: Backend,
  started: unknown,
): Promise<JobStatus<K>> {
  const response = started as { ok: boolean; result?: { jobId: string }; error?: unknown };
  if (!response.ok) throw new Error(`job did not start: ${JSON.stringify(response.error)}`);
  for (;;) {
    const status = await backend.dispatch('jobs.get', { jobId: response.result!.jobId }, backend.localRequest);
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    const job = status.result as JobStatus<K>;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
