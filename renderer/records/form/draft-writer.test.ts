import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftWriter, type DraftState } from './draft-writer';

/** A backend whose answers the test gives one by one. */
function fakeBackend() {
  const calls: { payload: string; resolve: () => void; reject: () => void }[] = [];
  const write = (payload: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ payload, resolve, reject: () => reject(new Error('down')) });
    });
  return { calls, write };
}

describe('the draft writer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes at most every half second, one write at a time, always the latest values', async () => {
    const backend = fakeBackend();
    const writer = new DraftWriter({ write: backend.write, onState: () => {} });
    writer.schedule('a');
    writer.schedule('ab');
    writer.schedule('abc');
    expect(backend.calls.map((c) => c.payload)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(600);
    // The first write is still on its way: nothing more is sent until it is answered.
    expect(backend.calls).toHaveLength(1);
    backend.calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(600);
    expect(backend.calls.map((c) => c.payload)).toEqual(['a', 'abc']);
  });

  it('reports a failed write and retries it with growing pauses until it goes through', async () => {
    const backend = fakeBackend();
    const states: DraftState[] = [];
    const writer = new DraftWriter({ write: backend.write, onState: (s) => states.push(s), retryMs: [1000, 2000] });
    writer.schedule('x');
    backend.calls[0]!.reject();
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['failing']);
    await vi.advanceTimersByTimeAsync(999);
    expect(backend.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.calls.map((c) => c.payload)).toEqual(['x', 'x']);
    backend.calls[1]!.reject();
    await vi.advanceTimersByTimeAsync(1999);
    expect(backend.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.calls).toHaveLength(3);
    backend.calls[2]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['failing', 'failing', 'ok']);
  });

  it('after stop() writes nothing pending and waits for the write on its way', async () => {
    const backend = fakeBackend();
    const writer = new DraftWriter({ write: backend.write, onState: () => {} });
    writer.schedule('a');
    writer.schedule('ab'); // waiting for the half second
    let stopped = false;
    const stopping = writer.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    backend.calls[0]!.reject(); // even a failure of the old write is not retried
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.map((c) => c.payload)).toEqual(['a']);
  });
});
