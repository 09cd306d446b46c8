import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/cases/index.js';
import { AppError, type ErrorCode } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { clientIp } from './client-ip.js';

/** A refusal the caller may retry later: answered 429 with `Retry-After` (seconds). */
export class RetryLater extends AppError {
  readonly retryAfterSeconds: number;

  constructor(code: ErrorCode, message: string, retryAfterSeconds: number) {
    super(code, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Keys remembered at most; the least recently seen is forgotten first (an IP flood cannot grow memory). */
const MAX_KEYS = 100_000;

/**
 * Token buckets by key, in this process's memory: each holds up to `perMinute` tokens and refills at
 * `perMinute` per minute, so a steady `perMinute` rate and a burst of as many pass. With several web
 * processes each counts on its own.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes a token for `key`: 0 when there was one, else the seconds until there is. */
  take(key: string): number {
    const now = this.clock.now().getTime();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    // Re-inserted, so the map's first key is the least recently seen.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}

/**
 * Limits API requests per client IP (TOUCHPOINT_RATE_LIMIT_PER_IP), before authentication, so a flood
 * costs no database lookup. Requests without a known IP (in-process) are not counted.
 */
export function limitPerIp(options: {
  perMinute: number;
  trustProxy: boolean;
  clock: Clock;
}): MiddlewareHandler<AppEnv> {
  const buckets = new TokenBuckets(options.perMinute, options.clock);
  return async (c, next) => {
    const ip = options.perMinute > 0 ? clientIp(c, options.trustProxy) : undefined;
    const wait = ip === undefined ? 0 : buckets.take(ip);
    if (wait > 0) {
      throw new RetryLater(
        'rate_limited',
        `Too many requests from this address (TOUCHPOINT_RATE_LIMIT_PER_IP: ${options.perMinute} a minute); retry in ${wait} s.`,
        wait,
      );
    }
    return next();
  };
}

/** Limits requests per API key (TOUCHPOINT_RATE_LIMIT_PER_API_KEY); runs after `identify`. */
export function limitPerApiKey(options: { perMinute: number; clock: Clock }): MiddlewareHandler<AppEnv> {
  const buckets = new TokenBuckets(options.perMinute, options.clock);
  return async (c, next) => {
    const caller = c.get('caller');
    if (options.perMinute > 0 && caller?.kind === 'api_key') {
      const wait = buckets.take(`${caller.principal.actor.type}:${caller.principal.actor.id ?? ''}`);
      if (wait > 0) {
        throw new RetryLater(
          'rate_limited',
          `Too many requests with this API key (TOUCHPOINT_RATE_LIMIT_PER_API_KEY: ${options.perMinute} a minute); retry in ${wait} s.`,
          wait,
        );
      }
    }
    return next();
  };
}
