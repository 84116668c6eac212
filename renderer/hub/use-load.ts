/** Loads what a screen shows from the hub, with its error as a Vietnamese message and a reload. */
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with what a call returned (a draw, a decision…). */
  set: (data: T) => void;
}

interface Settled {
  load: () => Promise<unknown>;
  round: number;
}

export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);
  const [settled, setSettled] = useState<Settled>();
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
        setSettled({ load, round });
      },
      (e: unknown) => {
        if (!live) return;
        setError(messageOf(e));
        setSettled({ load, round });
      },
    );
    return () => {
      live = false;
    };
  }, [load, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((value: T) => {
    setData(value);
    setError(undefined);
  }, []);
  const loading = settled === undefined || settled.load !== load || settled.round !== round;
  return { data, error, loading, reload, set };
}
