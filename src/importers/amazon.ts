import type { FieldIssue } from '../core/errors.js';
import { toIsoDateTime } from './dates.js';
import { finishRow, stableId, textOf } from './rows.js';
import type { ImportRow, ReadContext } from './types.js';

/** True when a JSON object is an Amazon review in McAuley's format, 2014/2018 or 2023 shape. */
export function isAmazonReview(value: Record<string, unknown>): boolean {
  if (!('asin' in value)) return false;
  return ('reviewerID' in value && 'overall' in value) || ('user_id' in value && 'rating' in value);
}

/**
 * The row of one Amazon review (McAuley's datasets): 2014/2018 lines (`reviewerID`, `overall`,
 * `reviewText`, `summary`, `unixReviewTime` in seconds) and 2023 lines (`user_id`, `rating`, `text`,
 * `title`, `timestamp` in ms). There is no review id, so the id is a hash of user, asin and time.
 */
export function amazonRow(line: number, review: Record<string, unknown>, ctx: ReadContext): ImportRow {
  const legacy = 'reviewerID' in review;
  const user = textOf(legacy ? review.reviewerID : review.user_id);
  const asin = textOf(review.asin);
  const time = legacy ? (review.unixReviewTime ?? review.reviewTime) : review.timestamp;
  const issues: FieldIssue[] = [];
  const postedAt = toIsoDateTime(time);
  if (!postedAt)
    issues.push({ path: 'postedAt', message: `unrecognised review time "${textOf(time) ?? ''}"` });
  return finishRow(
    line,
    {
      externalId: stableId(user, asin, textOf(time)),
      platform: ctx.platform ?? 'amazon',
      brand: ctx.brand,
      author: { handle: user, name: legacy ? textOf(review.reviewerName) : undefined },
      rating: legacy ? review.overall : review.rating,
      title: textOf(legacy ? review.summary : review.title),
      text: legacy ? review.reviewText : review.text,
      url: asin ? `https://www.amazon.com/dp/${encodeURIComponent(asin)}` : undefined,
      postedAt,
    },
    issues,
  );
}
