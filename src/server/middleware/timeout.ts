import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';

/**
 * Answers 503 `timed_out` when the rest of the pipeline takes longer than `ms`, instead of holding the
 * connection (issue #11: one far-future date held a POST for 98 s). The work itself is not stopped:
 * JavaScript cannot cancel a promise, and a synchronous SQLite query blocks the whole process until it
 * returns, timer included. So this bounds what a client waits for slow asynchronous work (PostgreSQL,
 * the LLM); it does not make slow work cheap. `ms` 0: no limit; `except`: requests it leaves alone.
 */
export function handlerTimeout(
  ms: number,
  except: (c: Context<AppEnv>) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (ms <= 0 || except(c)) return next();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), ms);
    });
    const work = next();
    try {
      if ((await Promise.race([work, expired])) === 'expired') {
        // What the abandoned handler does next is logged, not lost.
        work.catch((err: unknown) => c.get('logger').error({ err }, 'timed-out request failed later'));
        throw new AppError(
          'timed_out',
          `The request took longer than ${ms / 1000} s (TOUCHPOINT_HANDLER_TIMEOUT_S) and was abandoned; it may still complete.`,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
