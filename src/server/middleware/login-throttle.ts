import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/cases/index.js';
import type { AppEnv } from '../env.js';
import { clientIp } from './client-ip.js';
import { RetryLater } from './rate-limit.js';

/** The first lockout; each further failure doubles it, up to LOCK_MAX_MS. */
const LOCK_FIRST_MS = 30_000;
const LOCK_MAX_MS = 15 * 60_000;
/** A record with no failure for this long (and no lock running) is forgotten. */
const FORGET_MS = 60 * 60_000;
const MAX_KEYS = 100_000;

interface Failures {
  count: number;
  last: number;
  lockedUntil: number;
}

/**
 * Failures by key with exponential lockout: after `threshold` failures in a row, the key is locked
 * for 30 s, then 60 s, 120 s… up to 15 min with each further failure. In this process's memory.
 */
export class Backoff {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly threshold: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string): number {
    const f = this.current(key);
    const ms = f ? f.lockedUntil - this.clock.now().getTime() : 0;
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts a failure for `key`, locking it once the threshold is reached. */
  fail(key: string): void {
    const now = this.clock.now().getTime();
    const f = this.current(key) ?? { count: 0, last: now, lockedUntil: 0 };
    f.count += 1;
    f.last = now;
    if (f.count >= this.threshold) {
      const doublings = Math.min(f.count - this.threshold, 20);
      f.lockedUntil = now + Math.min(LOCK_MAX_MS, LOCK_FIRST_MS * 2 ** doublings);
    }
    this.failures.delete(key);
    this.failures.set(key, f);
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value as string);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string): Failures | undefined {
    const f = this.failures.get(key);
    const now = this.clock.now().getTime();
    if (f && now >= f.lockedUntil && now - f.last > FORGET_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }
}

/**
 * Login throttling (issue #11: 50 wrong passwords were 50 plain 401s). Put before the login route: a
 * locked account or client IP is answered 429 with `Retry-After` before the password is checked (so a
 * lockout also spares the password hashing); a wrong password counts against both, a success clears
 * the account's count. The IP's count is not cleared by a success, or one valid account would unlock
 * guessing at all the others.
 */
export function throttleLogins(options: {
  maxFailures: number;
  maxFailuresPerIp: number;
  trustProxy: boolean;
  clock: Clock;
}): MiddlewareHandler<AppEnv> {
  const accounts = new Backoff(options.maxFailures, options.clock);
  const ips = new Backoff(options.maxFailuresPerIp, options.clock);
  return async (c, next) => {
    const email = await bodyEmail(c);
    const ip = clientIp(c, options.trustProxy);
    const ipWait = ip === undefined ? 0 : ips.retryAfter(ip);
    const accountWait = email === '' ? 0 : accounts.retryAfter(email);
    if (ipWait > 0 || accountWait > 0) {
      const wait = Math.max(ipWait, accountWait);
      throw new RetryLater(
        'login_throttled',
        `Too many failed logins ${accountWait >= ipWait ? 'for this account' : 'from this address'}; try again in ${wait} s.`,
        wait,
      );
    }
    await next();
    if (c.res.status === 401) {
      if (email !== '') accounts.fail(email);
      if (ip !== undefined) ips.fail(ip);
    } else if (c.res.ok && email !== '') {
      accounts.reset(email);
    }
  };
}

/**
 * Throttles an action by the keys `keysOf` names (an account, an address, a user): once a key has
 * counted `threshold` times, it waits 30 s, then twice as long with each further count (up to 15 min),
 * forgotten after an hour of quiet. `counts` says which answers count: failures for a password check,
 * every accepted request for an action that sends e-mail (reset links, invitations), so nobody can
 * turn the server into a mail cannon or guess a current password at leisure.
 */
export function throttleAction(options: {
  threshold: number;
  clock: Clock;
  keysOf: (c: Context<AppEnv>) => Promise<string[]> | string[];
  counts: (status: number) => boolean;
  what: string;
}): MiddlewareHandler<AppEnv> {
  const backoff = new Backoff(options.threshold, options.clock);
  return async (c, next) => {
    const keys = (await options.keysOf(c)).filter((k) => k !== '');
    const wait = Math.max(0, ...keys.map((k) => backoff.retryAfter(k)));
    if (wait > 0) {
      throw new RetryLater('rate_limited', `Too many ${options.what}; try again in ${wait} s.`, wait);
    }
    await next();
    if (options.counts(c.res.status)) for (const k of keys) backoff.fail(k);
  };
}

/** The `email` field of a JSON body, trimmed and lower-cased ('' when absent). */
export async function bodyEmail(c: Context<AppEnv>): Promise<string> {
  const body: unknown = await c.req.json().catch(() => undefined);
  return typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string'
    ? body.email.trim().toLowerCase()
    : '';
}
