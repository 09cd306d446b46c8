/**
 * The dates a user can send, and the range each must fall in, in one place: posted times (HTTP
 * ingest, file imports, the web import), the bounds of list filters, and snooze times.
 *
 * Why bounds at all: one item posted at 9999-12-31 made the live detector step through every
 * 5 minutes up to the year 9999 (the server did not answer for 85 s, a restart hung for 229 s;
 * issue #11), and on PostgreSQL a year before 1000 or after 9999 does not read back as it was sent.
 */
import type { RefinementCtx } from 'zod';

export const DAY_MS = 86_400_000;

/** An inclusive range of epoch milliseconds, and how its ends read in an error message. */
export interface DateRange {
  min: number;
  max: number;
  /** e.g. `between 1990-01-01 and 2026-12-06T03:25:10Z (now + 1 day)` */
  text: string;
}

/** The earliest posted time accepted: before the web had reviews, a date this old is a wrong date. */
export const POSTED_MIN = Date.UTC(1990, 0, 1);
/** How far ahead of now a posted time may be: a source's clock or a time zone gets it a little wrong. */
export const POSTED_AHEAD_MS = DAY_MS;

/**
 * List filters (`from`, `to`) may be wider than posted times ("everything since 1900"), but stay in
 * four-digit years: a wider one is not a day any item can have, and PostgreSQL refuses year 0.
 */
export const FILTER_MIN = Date.UTC(1900, 0, 1);
export const FILTER_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The longest snooze of an alert. */
export const SNOOZE_AHEAD_MS = 366 * DAY_MS;

/** `2026-12-06T03:25:10Z` (seconds, no milliseconds), or the day alone at midnight. */
export function formatBound(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** The posted times accepted at `now` (epoch ms): 1990-01-01 … now + 1 day. */
export function postedRange(now: number): DateRange {
  const max = now + POSTED_AHEAD_MS;
  return {
    min: POSTED_MIN,
    max,
    text: `between ${formatBound(POSTED_MIN)} and ${formatBound(max)} (now + 1 day)`,
  };
}

/** The bounds a list filter may have: 1900-01-01 … 9999-12-31. */
export function filterRange(): DateRange {
  return {
    min: FILTER_MIN,
    max: FILTER_MAX,
    text: `between ${formatBound(FILTER_MIN)} and 9999-12-31`,
  };
}

/** Times an alert may be snoozed until, at `now`: up to 366 days ahead (the past is the command's to refuse). */
export function snoozeRange(now: number): DateRange {
  const max = now + SNOOZE_AHEAD_MS;
  return {
    min: POSTED_MIN,
    max,
    text: `between ${formatBound(POSTED_MIN)} and ${formatBound(max)} (now + 366 days)`,
  };
}

/**
 * Epoch ms of an ISO 8601 date (`2026-03-02`, midnight UTC) or date-time with an offset; NaN when
 * it is neither. A bare date is read as UTC, as `Date.parse` does.
 */
export function parseIsoDate(value: string): number {
  return /^\d{4}-\d{2}-\d{2}(?:T|$)/.test(value) ? Date.parse(value) : NaN;
}

/**
 * Why `value` is not a date in `range`, or null when it is. The message leaves the field to the
 * caller (zod's path, an import's column): `must be between 1990-01-01 and … (now + 1 day)`.
 * @example outOfRange('9999-12-31T00:00:00Z', postedRange(Date.now())) // 'must be between …'
 */
export function outOfRange(value: string, range: DateRange): string | null {
  const t = parseIsoDate(value);
  if (Number.isNaN(t)) return 'must be an ISO 8601 date or date-time';
  return t < range.min || t > range.max ? `must be ${range.text}` : null;
}

/**
 * A zod refinement that adds an issue when a date string is outside the range of the moment it is
 * parsed; `now` is the clock (the wall clock unless given). A string the format check refused is
 * left to that check's own issue.
 * @example z.iso.datetime({ offset: true }).superRefine(inRange(postedRange))
 */
export function inRange(
  range: (now: number) => DateRange,
  now: () => number = Date.now,
): (value: string, ctx: RefinementCtx<string>) => void {
  return (value, ctx) => {
    if (Number.isNaN(parseIsoDate(value))) return;
    const problem = outOfRange(value, range(now()));
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  };
}
