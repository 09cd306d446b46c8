/**
 * Lifecycle stages from each customer's own cadence (issue #14). Pure: the repository stores the
 * thresholds this computes at write time, so "who is at risk now" is an index range with the
 * clock's now, never a scan of the history.
 *
 * - A visit is a UTC day with at least one item from the customer.
 * - cadence = mean gap between visits = (last visit − first visit) / (visits − 1), in days (the gaps
 *   between consecutive visits telescope to that sum).
 * - at risk after AT_RISK_FACTOR × cadence of silence since the last visit, lapsed after
 *   LAPSED_FACTOR × cadence: a monthly regular silent for three months is lapsed (90 > 2.5 × 30),
 *   a once-a-year guest silent for ten months is not flagged (300 < 1.5 × 365).
 * - `new`: at most NEW_MAX_VISITS visits and within NEW_DAYS of the first; the thresholds of such a
 *   customer start no earlier than the end of that window, so a stage is exactly one index range.
 * - `one_off`: a single visit longer ago than NEW_DAYS: no cadence to judge, not on the win-back list.
 */

export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'lapsed', 'one_off'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Silence of 1.5 × the customer's own cadence: at risk. */
export const AT_RISK_FACTOR = 1.5;
/** Silence of 2.5 × the cadence: lapsed (on the win-back list). */
export const LAPSED_FACTOR = 2.5;
/** A customer is new for 90 days after the first visit, while they have at most 2 visits. */
export const NEW_DAYS = 90;
export const NEW_MAX_VISITS = 2;
/** Several items a day are one visit; a cadence is never shorter than a day. */
export const MIN_CADENCE_DAYS = 1;

const DAY_MS = 86_400_000;

export interface VisitFacts {
  /** ISO timestamps of the first and the last item. */
  firstSeenAt: string;
  lastSeenAt: string;
  /** Distinct UTC days with an item. */
  visits: number;
}

export interface LifecycleThresholds {
  cadenceDays: number | null;
  /** End of the `new` window; null once the customer has more than NEW_MAX_VISITS visits. */
  newUntil: string | null;
  /** From this instant on the customer is at risk (null: a single visit, no cadence). */
  atRiskAfter: string | null;
  lapsedAfter: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The thresholds of a customer's stages, from their visits.
 * @example thresholdsOf({ firstSeenAt: '2026-01-01T…', lastSeenAt: '2026-06-01T…', visits: 6 })
 *   // cadence ≈ 30 days: at risk 45 days after June 1st, lapsed after 75
 */
export function thresholdsOf(v: VisitFacts): LifecycleThresholds {
  const first = Date.parse(v.firstSeenAt);
  const last = Date.parse(v.lastSeenAt);
  const newUntil = v.visits <= NEW_MAX_VISITS ? first + NEW_DAYS * DAY_MS : null;
  if (v.visits < 2)
    return { cadenceDays: null, newUntil: iso(newUntil ?? first), atRiskAfter: null, lapsedAfter: null };
  const cadenceDays = Math.max(MIN_CADENCE_DAYS, (last - first) / DAY_MS / (v.visits - 1));
  const floor = newUntil ?? -Infinity;
  return {
    cadenceDays: Math.round(cadenceDays * 1000) / 1000,
    newUntil: newUntil === null ? null : iso(newUntil),
    atRiskAfter: iso(Math.max(floor, last + AT_RISK_FACTOR * cadenceDays * DAY_MS)),
    lapsedAfter: iso(Math.max(floor, last + LAPSED_FACTOR * cadenceDays * DAY_MS)),
  };
}

/** The stage of a customer at `now` (ISO), from the stored thresholds. */
export function stageOf(t: LifecycleThresholds & { visits: number }, now: string): LifecycleStage {
  if (t.newUntil !== null && now < t.newUntil) return 'new';
  if (t.visits < 2 || t.atRiskAfter === null || t.lapsedAfter === null) return 'one_off';
  if (now >= t.lapsedAfter) return 'lapsed';
  if (now >= t.atRiskAfter) return 'at_risk';
  return 'active';
}

/**
 * The UTC day of an ISO timestamp, 'YYYY-MM-DD'. A timestamp as `toISOString` writes it (what the
 * stores hold) is cut, not parsed: the profile fold takes three days an item.
 */
export const dayOf = (at: string): string =>
  at.length === 24 && at[10] === 'T' && at[23] === 'Z'
    ? at.slice(0, 10)
    : new Date(at).toISOString().slice(0, 10);
