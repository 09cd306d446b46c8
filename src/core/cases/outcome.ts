/**
 * Whether a customer came back: when an item of a case gets a new version (an edited review) or the
 * author writes again, compare with what they said when the case opened.
 */
export interface Said {
  rating: number | null;
  nps: number | null;
  sentimentLabel: string | null;
  sentimentScore: number | null;
}

/** A rating up by at least this many stars is a recovery (1 → 3, 2 → 4 …). */
export const RECOVERY_STARS = 2;
/** An NPS answer up by at least this many points is a recovery (detractor → passive or promoter). */
export const RECOVERY_NPS = 3;

/**
 * The reason the change counts as a recovery, or undefined: a rating raised by ≥ 2 stars, an NPS
 * answer raised by ≥ 3 points, or a sentiment that went from negative to positive.
 *
 * @example recoveryOf({ rating: 1, … }, { rating: 4, … }) // 'rating 1 → 4'
 */
export function recoveryOf(before: Said, after: Said): string | undefined {
  if (before.rating !== null && after.rating !== null && after.rating - before.rating >= RECOVERY_STARS) {
    return `rating ${before.rating} → ${after.rating}`;
  }
  if (before.nps !== null && after.nps !== null && after.nps - before.nps >= RECOVERY_NPS) {
    return `NPS ${before.nps} → ${after.nps}`;
  }
  if (before.sentimentLabel === 'negative' && after.sentimentLabel === 'positive') {
    return 'sentiment negative → positive';
  }
  return undefined;
}

/** Recovered cases over cases closed with an outcome; null when none is closed yet. */
export function recoveryRate(closed: { outcome: string | null }[]): number | null {
  const withOutcome = closed.filter((c) => c.outcome !== null);
  if (withOutcome.length === 0) return null;
  return withOutcome.filter((c) => c.outcome === 'recovered').length / withOutcome.length;
}
