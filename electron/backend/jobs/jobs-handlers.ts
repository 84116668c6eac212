import type { HandlerTable } from '../api/handler-table';
import type { Jobs } from './jobs';

export function jobsHandlers(jobs: Jobs): HandlerTable<'jobs.get' | 'jobs.cancel'> {
  return {
    'jobs.get': ({ jobId }) => jobs.get(jobId),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
  };
}
