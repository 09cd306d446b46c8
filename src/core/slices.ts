/**
 * Long work in the server's process, cut into slices short enough that requests are answered between
 * them (issue #13: a page of work sized by count took 100 ms on a warm page cache and 580 ms on a cold
 * one, so the size of a slice is set by the time the last one took, not by a fixed count).
 */

/** Gives queued requests their turn: resolves after the event loop's I/O phase. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The time a slice may take before requests get their turn. */
export const SLICE_BUDGET_MS = 20;

const monotonic = (): number => performance.now();

/**
 * A yield for a loop of small steps: each call yields only once `budgetMs` have passed since the
 * last yield, so cheap steps run in long stretches and costly ones give way often.
 */
export function timeSlicer(budgetMs = SLICE_BUDGET_MS, now = monotonic): () => Promise<void> {
  let since = now();
  return async () => {
    if (now() - since < budgetMs) return;
    await yieldToEventLoop();
    since = now();
  };
}

/**
 * The size of the next unit of work that cannot yield inside (a statement, a transaction), from the
 * time the last one took: aims at `budgetMs` a unit, never below `min` nor above `max`, and grows by
 * at most twice per unit so one fast unit does not undo what a slow one taught.
 */
export class SliceSize {
  private current: number;

  constructor(
    private readonly opts: {
      initial: number;
      min: number;
      max: number;
      budgetMs?: number;
      /** Milliseconds from a monotonic clock (tests give their own). */
      now?: () => number;
    },
  ) {
    this.current = Math.min(Math.max(opts.initial, opts.min), opts.max);
  }

  get size(): number {
    return this.current;
  }

  /** Times `unit` (which did `this.size` things) and sets the next size from it. */
  async timed<T>(unit: (size: number) => Promise<T>): Promise<T> {
    const now = this.opts.now ?? monotonic;
    const started = now();
    const result = await unit(this.current);
    this.record(now() - started);
    return result;
  }

  /** Sets the next size from the milliseconds the last unit of `this.size` things took. */
  record(elapsedMs: number): void {
    const budget = this.opts.budgetMs ?? SLICE_BUDGET_MS;
    const ideal = Math.floor((this.current * budget) / Math.max(elapsedMs, 0.01));
    const next = Math.min(ideal, this.current * 2);
    this.current = Math.min(Math.max(next, this.opts.min), this.opts.max);
  }
}
