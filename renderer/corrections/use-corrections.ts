/**
 * The district's correction requests as one view shows them, read again whenever "Cần sửa"
 * changes here (events.ts) and, when asked, every few seconds (a sync in the background may have
 * brought new ones).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiInput } from '../../shared/api/contract';
import type { DesktopCorrection } from '../../shared/review/corrections';
import { api, messageOf } from '../api/client';
import { browserEnvironment, startPolling } from '../sync/poller';
import { CORRECTIONS_CHANGED_EVENT } from './events';

export interface LiveCorrections {
  data?: DesktopCorrection[];
  error?: string;
  reload: () => void;
}

/** `input` null: nothing to read (no entry shown). */
export function useCorrections(input: ApiInput<'corrections.list'> | null, pollMs?: number): LiveCorrections {
  const [state, setState] = useState<{ key: string; data?: DesktopCorrection[]; error?: string }>({ key: '' });
  const [generation, setGeneration] = useState(0);
  const key = input ? JSON.stringify(input) : '';
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!key) return;
    let current = true;
    api.call('corrections.list', JSON.parse(key) as ApiInput<'corrections.list'>).then(
      (data) => current && setState({ key, data }),
      (e: unknown) =>
        current && setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: messageOf(e) })),
    );
    return () => {
      current = false;
    };
  }, [key, generation]);

  useEffect(() => {
    window.addEventListener(CORRECTIONS_CHANGED_EVENT, reload);
    const stop = pollMs ? startPolling(reload, pollMs, browserEnvironment) : undefined;
    return () => {
      window.removeEventListener(CORRECTIONS_CHANGED_EVENT, reload);
      stop?.();
    };
  }, [reload, pollMs]);

  // Another input (another entry): the previous entry's requests are not shown meanwhile.
  return key && state.key === key ? { data: state.data, error: state.error, reload } : { reload };
}
