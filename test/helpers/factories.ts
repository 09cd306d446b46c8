import type { FeedbackInput } from '../../src/core/feedback/schema.js';

let n = 0;

/** A valid feedback input; override any field. */
export function feedbackInput(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  n++;
  return {
    externalId: `ext-${n}`,
    platform: 'google',
    text: `Review number ${n}: the staff were friendly and the food was good.`,
    rating: 4,
    postedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n % 60)).toISOString(),
    author: { handle: `author${n}`, reach: 10 },
    ...overrides,
  };
}
