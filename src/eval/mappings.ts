/**
 * How zero-shot evaluation reads the analyser's touchpoints as the labels of a data set. Small, fixed
 * mappings written from the label names alone, never fitted to data.
 */
import type { AnalysisResult, SentimentLabel, TaxonomyTouchpoint } from '../analysis/index.js';
import { DEFAULT_TAXONOMY } from '../core/journey/default-taxonomy.js';

/** The default journey taxonomy as ingest passes it to the analyser. */
export const DEFAULT_TOUCHPOINTS: readonly TaxonomyTouchpoint[] = DEFAULT_TAXONOMY.flatMap(
  (s) => s.touchpoints,
);

export const SEMEVAL_MISC = 'anecdotes/miscellaneous';
export const SEMEVAL_CATEGORIES = ['food', 'service', 'price', 'ambience', SEMEVAL_MISC] as const;

/**
 * Touchpoint of the default taxonomy → SemEval-2014 restaurant category: product (quality, food,
 * taste) → food, staff → service, price → price, venue (room, seat, clean, noise) → ambience. A
 * sentence with none of these is `anecdotes/miscellaneous`.
 */
export const SEMEVAL_CATEGORY_OF_TOUCHPOINT: Readonly<Record<string, string>> = {
  product: 'food',
  staff: 'service',
  price: 'price',
  venue: 'ambience',
};

/**
 * The SemEval categories found in an analysis, each with the sentiment of its touchpoint mention;
 * `anecdotes/miscellaneous` (with the document sentiment) when no mapped touchpoint was found.
 */
export function semevalAspects(result: AnalysisResult): { category: string; polarity: SentimentLabel }[] {
  const found = new Map<string, SentimentLabel>();
  for (const mention of result.touchpoints) {
    const category = SEMEVAL_CATEGORY_OF_TOUCHPOINT[mention.key];
    if (category !== undefined && !found.has(category)) found.set(category, mention.sentiment.label);
  }
  if (found.size === 0) found.set(SEMEVAL_MISC, result.sentiment.label);
  return [...found].map(([category, polarity]) => ({ category, polarity }));
}

/**
 * Touchpoints an airline workspace would add to the default taxonomy (luggage and queues have no
 * generic touchpoint), with plain example phrases.
 */
export const AIRLINE_EXTRA_TOUCHPOINTS: readonly TaxonomyTouchpoint[] = [
  {
    key: 'luggage',
    name: 'Luggage',
    examples: ['luggage', 'baggage', 'bag', 'bags', 'suitcase', 'lost bag', 'lost luggage'],
  },
  {
    key: 'queue',
    name: 'Queues',
    examples: ['long line', 'long lines', 'in line', 'queue', 'waiting in line'],
  },
];

export const AIRLINE_TOUCHPOINTS: readonly TaxonomyTouchpoint[] = [
  ...DEFAULT_TOUCHPOINTS,
  ...AIRLINE_EXTRA_TOUCHPOINTS,
];

/** Airline negative reasons scored by `--task reason` (the crowd's labels without `Can't Tell`). */
export const AIRLINE_REASONS = [
  'Bad Flight',
  'Cancelled Flight',
  'Customer Service Issue',
  'Damaged Luggage',
  'Flight Attendant Complaints',
  'Flight Booking Problems',
  'Late Flight',
  'Lost Luggage',
  'longlines',
] as const;

/**
 * Touchpoint → airline negative reason. `Damaged Luggage` has no touchpoint of its own (zero-shot
 * never predicts it); a complaint that names no mapped touchpoint is a `Customer Service Issue`,
 * the reason that covers a complaint about the airline in general.
 */
export const AIRLINE_REASON_OF_TOUCHPOINT: Readonly<Record<string, string>> = {
  cancellation: 'Cancelled Flight',
  delivery: 'Late Flight',
  luggage: 'Lost Luggage',
  queue: 'longlines',
  staff: 'Flight Attendant Complaints',
  support: 'Customer Service Issue',
  returns: 'Customer Service Issue',
  information: 'Customer Service Issue',
  booking: 'Flight Booking Problems',
  website: 'Flight Booking Problems',
  payment: 'Flight Booking Problems',
  price: 'Flight Booking Problems',
  product: 'Bad Flight',
  venue: 'Bad Flight',
};
export const AIRLINE_DEFAULT_REASON = 'Customer Service Issue';

/**
 * The reason of a negative tweet: of the mapped touchpoints found, the one spoken of most negatively
 * (the earliest on a tie).
 */
export function airlineReason(result: AnalysisResult): string {
  let best: { reason: string; score: number; start: number } | undefined;
  for (const mention of result.touchpoints) {
    const reason = AIRLINE_REASON_OF_TOUCHPOINT[mention.key];
    if (reason === undefined) continue;
    const score = mention.sentiment.score;
    const start = mention.evidence[0]?.start ?? Infinity;
    if (!best || score < best.score || (score === best.score && start < best.start))
      best = { reason, score, start };
  }
  return best?.reason ?? AIRLINE_DEFAULT_REASON;
}
