/**
 * Writes the draft of the entry being typed: at most every `everyMs` while the clerk types, one
 * write at a time, always the latest values. A failed write is reported (never swallowed) and
 * retried with a growing pause until it goes through. `stop()` is what saving the entry calls:
 * nothing pending is written any more, and an answer still on its way is ignored, so the draft
 * of an entry just saved can never come back.
 */
export type DraftState = 'ok' | 'failing';

export interface DraftWriterOptions<T> {
  write: (payload: T) => Promise<unknown>;
  onState: (state: DraftState) => void;
  everyMs?: number;
  /** Pauses before each retry: the last one repeats. */
  retryMs?: readonly number[];
}

export class DraftWriter<T> {
  private pending: T | undefined;
  private hasPending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private lastWrite = 0;
  private failures = 0;
  /** Bumped by stop(): answers and retries of an older generation are ignored. */
  private generation = 0;
  private readonly everyMs: number;
  private readonly retryMs: readonly number[];

  constructor(private readonly options: DraftWriterOptions<T>) {
    this.everyMs = options.everyMs ?? 500;
    this.retryMs = options.retryMs ?? [1000, 2000, 4000, 8000];
  }

  /** The latest values: written now, or as soon as the pace (or the write on its way) allows. */
  schedule(payload: T): void {
    this.pending = payload;
    this.hasPending = true;
    if (this.inFlight || this.timer !== undefined) return;
    const wait = this.everyMs - (Date.now() - this.lastWrite);
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.hasPending || this.inFlight) return;
    const payload = this.pending as T;
    this.hasPending = false;
    this.lastWrite = Date.now();
    const generation = this.generation;
    this.inFlight = this.options.write(payload).then(
      () => {
        this.inFlight = undefined;
        if (generation !== this.generation) return;
        if (this.failures > 0) {
          this.failures = 0;
          this.options.onState('ok');
        }
        if (this.hasPending) this.schedule(this.pending as T);
      },
      () => {
        this.inFlight = undefined;
        if (generation !== this.generation) return;
        // Keep the values that failed unless newer ones came meanwhile, and try again later.
        if (!this.hasPending) {
          this.pending = payload;
          this.hasPending = true;
        }
        const pause = this.retryMs[Math.min(this.failures, this.retryMs.length - 1)]!;
        this.failures += 1;
        this.options.onState('failing');
        this.timer = setTimeout(() => this.flush(), pause);
      },
    );
  }

  /**
   * Nothing more is written (the entry is being saved, or the form closes). Resolves when the
   * write on its way, if any, has been answered, so that the caller's next request comes after it.
   */
  async stop(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.hasPending = false;
    this.pending = undefined;
    if (this.failures > 0) {
      this.failures = 0;
      this.options.onState('ok');
    }
    await this.inFlight;
  }
}
