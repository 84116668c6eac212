import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLatestReader, startPolling, type PollerEnvironment } from './poller';

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

describe('the newest sync status wins', () => {
  /** A read the test answers by hand. */
  function manualReads() {
    const pending: ((value: number) => void)[] = [];
    return {
      read: vi.fn(() => new Promise<number>((resolve) => pending.push(resolve))),
      answer(index: number, value: number) {
        pending[index]!(value);
      },
    };
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('never reads twice at once, and reads once more when asked during a read', async () => {
    const reads = manualReads();
    const shown: number[] = [];
    const reader = createLatestReader(
      reads.read,
      (v) => shown.push(v),
      () => {},
    );
    reader.refresh();
    reader.refresh();
    reader.refresh();
    expect(reads.read).toHaveBeenCalledTimes(1);
    reads.answer(0, 1);
    await settled();
    expect(shown).toEqual([1]);
    expect(reads.read).toHaveBeenCalledTimes(2);
    reads.answer(1, 2);
    await settled();
    expect(shown).toEqual([1, 2]);
    expect(reads.read).toHaveBeenCalledTimes(2);
  });

  it('a read that started before an action result is not shown over it', async () => {
    const reads = manualReads();
    const shown: number[] = [];
    const reader = createLatestReader(
      reads.read,
      (v) => shown.push(v),
      () => {},
    );
    reader.refresh();
    reader.show(10);
    reads.answer(0, 1);
    await settled();
    expect(shown).toEqual([10]);
    reader.refresh();
    reads.answer(1, 11);
    await settled();
    expect(shown).toEqual([10, 11]);
  });

  it('shows nothing after it stopped', async () => {
    const reads = manualReads();
    const shown: number[] = [];
    const reader = createLatestReader(
      reads.read,
      (v) => shown.push(v),
      () => {},
    );
    reader.refresh();
    reader.stop();
    reads.answer(0, 1);
    await settled();
    reader.refresh();
    expect(shown).toEqual([]);
    expect(reads.read).toHaveBeenCalledTimes(1);
  });
});
