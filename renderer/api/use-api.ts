import { useCallback, useEffect, useState } from 'react';
import type { ApiInput, ApiMethod, ApiResult } from '../../shared/api/contract';
import { api, messageOf } from './client';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads one API call's result, again whenever `key` changes or `reload` is called. The last
 * result stays on screen while a reload runs, so lists do not flicker after each save.
 */
export function useApi<M extends ApiMethod>(name: M, input: ApiInput<M>, key: string): Loaded<ApiResult<M>> {
  const [generation, setGeneration] = useState(0);
  const requestKey = `${name}:${key}#${generation}`;
  const [state, setState] = useState<{ key?: string; data?: ApiResult<M>; error?: string }>({});
  useEffect(() => {
    let current = true;
    api.call(name, input).then(
      (data) => current && setState({ key: requestKey, data }),
      (error: unknown) => current && setState((s) => ({ key: requestKey, data: s.data, error: messageOf(error) })),
    );
    return () => {
      current = false;
    };
    // `requestKey` stands for the input: callers pass a key that changes when the input does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.key !== requestKey, reload };
}
