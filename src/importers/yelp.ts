import type { FieldIssue } from '../core/errors.js';
import { toIsoDateTime } from './dates.js';
import { finishRow, textOf } from './rows.js';
import type { ImportRow, ReadContext } from './types.js';

/** True when a JSON object is a Yelp Open Dataset review. */
export function isYelpReview(value: Record<string, unknown>): boolean {
  return 'review_id' in value && 'business_id' in value && 'stars' in value;
}

/**
 * The row of one Yelp Open Dataset `review.json` line: platform `yelp`, rating = stars, author handle =
 * user_id, `date` in UTC. The brand comes from the options only: a business_id is not a brand name.
 */
export function yelpRow(line: number, review: Record<string, unknown>, ctx: ReadContext): ImportRow {
  const issues: FieldIssue[] = [];
  const postedAt = toIsoDateTime(review.date);
  if (!postedAt)
    issues.push({ path: 'postedAt', message: `unrecognised date "${textOf(review.date) ?? ''}"` });
  const business = textOf(review.business_id);
  return finishRow(
    line,
    {
      externalId: textOf(review.review_id),
      platform: ctx.platform ?? 'yelp',
      brand: ctx.brand,
      author: { handle: textOf(review.user_id) },
      rating: review.stars,
      text: review.text,
      url: business ? `https://www.yelp.com/biz/${encodeURIComponent(business)}` : undefined,
      postedAt,
    },
    issues,
  );
}
