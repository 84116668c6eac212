/**
 * The sync status, read again every few seconds while the screen that shows it is mounted and
 * the window is visible (a hidden window asks nothing; it reads once more when shown again).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../shared/sync/sync-status';
import { api, messageOf } from '../api/client';
import { browserEnvironment, createLatestReader, startPolling } from './poller';

export interface LiveSyncStatus {
  status?: SyncStatus;
  error?: string;
  /** Reads the status now. */
  refresh: () => void;
  /** Shows a status another call returned (enroll, retry, receipt) without waiting for the next read. */
  show: (status: SyncStatus) => void;
}

export function useSyncStatus(intervalMs: number): LiveSyncStatus {
  const [status, setStatus] = useState<SyncStatus>();
  const [error, setError] = useState<string>();
  const reader = useRef<ReturnType<typeof createLatestReader<SyncStatus>>>(undefined);

  useEffect(() => {
    // One reader per mount (React's development mode mounts twice: the first one is stopped).
    const current = createLatestReader(
      () => api.call('sync.status', {}),
      (next: SyncStatus) => {
        setStatus(next);
        setError(undefined);
      },
      (e: unknown) => setError(messageOf(e)),
    );
    reader.current = current;
    const stopPolling = startPolling(current.refresh, intervalMs, browserEnvironment);
    return () => {
      stopPolling();
      current.stop();
    };
  }, [intervalMs]);

  const refresh = useCallback(() => reader.current?.refresh(), []);
  const show = useCallback((next: SyncStatus) => {
    if (reader.current) reader.current.show(next);
    else setStatus(next);
  }, []);
  return { status, error, refresh, show };
}
