import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPolling, type PollerEnvironment } from './poller';

/** A page whose visibility the test switches, on Vitest's fake clock. */
interface FakePage {
  hidden: boolean;
  env: PollerEnvironment;
  setHidden(value: boolean): void;
  listenerCount(): number;
}

function fakePage(hidden = false): FakePage {
  const listeners = new Set<() => void>();
  const page: FakePage = {
    hidden,
    env: {
      isHidden: () => page.hidden,
      onVisibilityChange(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      setInterval: (callback, ms) => Number(setInterval(callback, ms)),
      clearInterval: (id) => clearInterval(id),
    },
    setHidden(value: boolean) {
      page.hidden = value;
      for (const listener of listeners) listener();
    },
    listenerCount: () => listeners.size,
  };
  return page;
}

describe('sync status polling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads at once, then every interval while visible', () => {
    const page = fakePage();
    const read = vi.fn();
    const stop = startPolling(read, 3000, page.env);
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(9000);
    expect(read).toHaveBeenCalledTimes(4);
    stop();
  });

  it('asks nothing while hidden and reads again when shown', () => {
    const page = fakePage();
    const read = vi.fn();
    const stop = startPolling(read, 3000, page.env);
    page.setHidden(true);
    vi.advanceTimersByTime(60_000);
    expect(read).toHaveBeenCalledTimes(1);
    page.setHidden(false);
    expect(read).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(3000);
    expect(read).toHaveBeenCalledTimes(3);
    stop();
  });

  it('opened hidden: one read, no timer until shown', () => {
    const page = fakePage(true);
    const read = vi.fn();
    const stop = startPolling(read, 3000, page.env);
    vi.advanceTimersByTime(30_000);
    expect(read).toHaveBeenCalledTimes(1);
    page.setHidden(false);
    vi.advanceTimersByTime(3000);
    expect(read).toHaveBeenCalledTimes(3);
    stop();
  });

  it('stops for good when the screen closes', () => {
    const page = fakePage();
    const read = vi.fn();
    const stop = startPolling(read, 3000, page.env);
    stop();
    expect(page.listenerCount()).toBe(0);
    page.setHidden(false);
    vi.advanceTimersByTime(30_000);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
