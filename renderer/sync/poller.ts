/**
 * Calls `read` every `intervalMs` while the page is visible: a hidden window (minimised, another
 * tab) asks nothing, and reads once at once when it is shown again. Returns the stop function.
 */
export interface PollerEnvironment {
  isHidden(): boolean;
  /** Subscribes to visibility changes; returns the unsubscribe function. */
  onVisibilityChange(listener: () => void): () => void;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
}

export const browserEnvironment: PollerEnvironment = {
  isHidden: () => document.hidden,
  onVisibilityChange(listener) {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
  setInterval: (callback, ms) => window.setInterval(callback, ms),
  clearInterval: (id) => window.clearInterval(id),
};

export function startPolling(read: () => void, intervalMs: number, env: PollerEnvironment): () => void {
  let timer: number | undefined;
  const start = () => {
    if (timer === undefined) timer = env.setInterval(read, intervalMs);
  };
  const pause = () => {
    if (timer !== undefined) env.clearInterval(timer);
    timer = undefined;
  };
  read();
  if (!env.isHidden()) start();
  const unsubscribe = env.onVisibilityChange(() => {
    if (env.isHidden()) return pause();
    read();
    start();
  });
  return () => {
    pause();
    unsubscribe();
  };
}

/**
 * Reads a value one call at a time and keeps the newest: a refresh asked while a read runs makes
 * one more read after it (never two at once, never lost), and a value shown directly (the result
 * of an action) is not overwritten by a read that started before it.
 */
export function createLatestReader<T>(
  read: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
) {
  let running = false;
  let again = false;
  let generation = 0;
  let stopped = false;
  const refresh = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = generation;
    const settle = (deliver: () => void) => {
      running = false;
      if (stopped) return;
      if (started === generation) deliver();
      if (again) {
        again = false;
        refresh();
      }
    };
    read().then(
      (value) => settle(() => onValue(value)),
      (error: unknown) => settle(() => onError(error)),
    );
  };
  return {
    refresh,
    /** Shows a value from elsewhere; reads already under way are dropped. */
    show(value: T): void {
      generation++;
      onValue(value);
    },
    stop(): void {
      stopped = true;
    },
  };
}
