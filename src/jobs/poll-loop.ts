import type { Logger } from 'pino';

export interface PollLoopOptions<T> {
  /** Most `execute` calls running at once. */
  concurrency: number;
  /** Wait between claims when there was nothing to claim, unless `wake()` comes first. */
  pollMs: number;
  /** Takes one due job off the queue, or undefined when none is due. */
  claim(): Promise<T | undefined>;
  /** Runs a claimed job to its next state. Must not reject; a rejection is logged. */
  execute(job: T): Promise<void>;
  logger: Logger;
}

/**
 * The worker loop both drivers share: claim while a slot is free, otherwise sleep until the poll
 * interval passes, a slot frees up or `wake()` is called. Every promise it starts is awaited by
 * `stop()`, so nothing touches the database after the driver closes it.
 */
export class PollLoop<T> {
  readonly #options: PollLoopOptions<T>;
  readonly #running = new Set<Promise<void>>();
  readonly #wakeup = new Wakeup();
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(options: PollLoopOptions<T>) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Looks for due jobs now instead of at the next poll. */
  wake(): void {
    this.#wakeup.notify();
  }

  /** Stops claiming; resolves when the loop has exited and every running job has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wakeup.notify();
    await this.#loop;
    await Promise.all(this.#running);
  }

  async #run(): Promise<void> {
    const { concurrency, pollMs, logger } = this.#options;
    while (!this.#stopped) {
      let claimed = false;
      if (this.#running.size < concurrency) {
        try {
          const job = await this.#options.claim();
          if (job !== undefined) {
            claimed = true;
            this.#spawn(job);
          }
        } catch (err) {
          logger.error({ err }, 'could not claim a job; trying again at the next poll');
        }
      }
      if (!claimed) await this.#wakeup.wait(pollMs);
    }
  }

  #spawn(job: T): void {
    const run = this.#options
      .execute(job)
      .catch((err: unknown) => this.#options.logger.error({ err }, 'job runner failed'))
      .finally(() => {
        this.#running.delete(run);
        this.#wakeup.notify();
      });
    this.#running.add(run);
  }
}

/** A wake-up call that is not lost when it comes while nobody waits. */
class Wakeup {
  #pending = false;
  #resolve: (() => void) | undefined;

  notify(): void {
    if (this.#resolve === undefined) this.#pending = true;
    else this.#resolve();
  }

  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#resolve = done;
    });
  }
}

/** Resolves true when `ms` passes before `promise` settles (the promise keeps running). */
export async function timedOut(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([promise.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
