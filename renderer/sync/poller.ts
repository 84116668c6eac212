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
