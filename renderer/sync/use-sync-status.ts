/**
 * The sync status, read again every few seconds while the screen that shows it is mounted and
 * the window is visible (a hidden window asks nothing; it reads once more when shown again).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../shared/sync/sync-status';
import { api, messageOf } from '../api/client';
import { browserEnvironment, startPolling } from './poller';

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
  const mounted = useRef(true);
  const inFlight = useRef(false);

  const refresh = useCallback(() => {
    // One read at a time: a slow backend is not asked again before it answered.
    if (inFlight.current) return;
    inFlight.current = true;
    api.call('sync.status', {}).then(
      (next) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setStatus(next);
        setError(undefined);
      },
      (e: unknown) => {
        inFlight.current = false;
        if (mounted.current) setError(messageOf(e));
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    const stop = startPolling(refresh, intervalMs, browserEnvironment);
    return () => {
      mounted.current = false;
      stop();
    };
  }, [intervalMs, refresh]);

  const show = useCallback((next: SyncStatus) => {
    setStatus(next);
    setError(undefined);
  }, []);

  return { status, error, refresh, show };
}
