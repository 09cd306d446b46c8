/**
 * Advocacy (issue #14): promoters, and the ambassadors among them — promoters who are heard.
 * Pure; the repository stores both at every write so the ranked list is one index read.
 *
 * Review requests go to every customer alike, never only to promoters: review platforms forbid
 * soliciting only happy customers ("review gating"). These lists are for referral programmes and
 * thanks, not for choosing whom to ask for a review.
 */

/** An NPS answer of 9 or 10 makes a promoter. */
export const PROMOTER_NPS = 9;
/** A last NPS answer of 6 or below (a detractor) outweighs praise. */
export const DETRACTOR_NPS = 6;
/** Praising items (positive sentiment) since the last negative one that make a promoter. */
export const PROMOTER_PRAISE = 2;
/** Caps of what counts towards the ambassador score: a few reviews or referrals say enough. */
export const MAX_REVIEWS = 5;
export const MAX_REFERRALS = 5;

export interface AdvocacyFacts {
  lastNps: number | null;
  /** Positive items since the customer's last negative one. */
  praise: number;
  /** The largest audience (followers) of any of their items. */
  reach: number;
  /** Their items on public review platforms (channel `review`). */
  publicReviews: number;
  /** Referrals recorded by the CRM. */
  referrals: number;
}

/** Promoter: last NPS 9–10, or ≥ 2 praising items and no negative since (and no detractor answer last). */
export function isPromoter(f: Pick<AdvocacyFacts, 'lastNps' | 'praise'>): boolean {
  if (f.lastNps !== null && f.lastNps >= PROMOTER_NPS) return true;
  if (f.lastNps !== null && f.lastNps <= DETRACTOR_NPS) return false;
  return f.praise >= PROMOTER_PRAISE;
}

/**
 * How much a customer is heard: log10(1 + reach) + min(public reviews, 5) + 2 × min(referrals, 5).
 * 1,000 followers weigh 3 points, a million 6; each public review 1 point, each referral 2 (a friend
 * brought is the strongest sign). Kept for every customer; the ambassador list ranks promoters by it.
 */
export function ambassadorScore(f: Pick<AdvocacyFacts, 'reach' | 'publicReviews' | 'referrals'>): number {
  const score =
    Math.log10(1 + Math.max(0, f.reach)) +
    Math.min(Math.max(0, f.publicReviews), MAX_REVIEWS) +
    2 * Math.min(Math.max(0, f.referrals), MAX_REFERRALS);
  return Math.round(score * 1000) / 1000;
}
