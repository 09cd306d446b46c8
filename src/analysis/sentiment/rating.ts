import type { AnalysisInput, Sentiment } from '../types.js';
import { labelOf, NEUTRAL_BAND } from './label.js';

/**
 * The polarity a star rating or survey score stands for, in [-1, 1], or undefined when there is none.
 * Ratings are 1–5; NPS 0–6 is a detractor, 7–8 passive, 9–10 a promoter; CSAT is read as 1–5 and
 * CES as 1–7 (higher = easier).
 */
export function ratingPolarity(input: Pick<AnalysisInput, 'rating' | 'score'>): number | undefined {
  if (input.rating !== undefined && Number.isFinite(input.rating)) return clamp((input.rating - 3) / 2);
  if (!input.score || !Number.isFinite(input.score.value)) return undefined;
  const { kind, value } = input.score;
  if (kind === 'nps')
    return value <= 6
      ? clamp(-0.3 - (0.7 * (6 - value)) / 6)
      : value <= 8
        ? 0
        : clamp(0.6 + 0.4 * (value - 9));
  if (kind === 'csat') return clamp((value - 3) / 2);
  return clamp((value - 4) / 3);
}

/**
 * Blends a text sentiment with the rating polarity. The rating decides unless the text is strongly
 * the other way: a 1-star "absolutely amazing, best ever!!!" is more likely a slip than a complaint.
 */
export function blendRating(text: Sentiment, rating: number, supported = true): Sentiment {
  const opposed = Math.sign(rating) !== 0 && Math.sign(text.score) === -Math.sign(rating);
  const strongText = opposed && Math.abs(text.score) >= 0.75;
  let score = strongText ? 0.75 * text.score + 0.25 * rating : 0.65 * rating + 0.35 * text.score;
  // Rating 1–2 is negative and 4–5 positive, whatever mild words the text has.
  if (!strongText && Math.abs(rating) >= 0.5 && labelOf(score) !== labelOf(rating)) {
    score = Math.sign(rating) * NEUTRAL_BAND;
  }
  const label = labelOf(score);
  const agree = text.label === label;
  const confidence = Math.min(0.97, (supported ? 0.7 : 0.6) + 0.25 * Math.abs(rating) + (agree ? 0.1 : -0.1));
  return { label, score: round(score), confidence: round(confidence) };
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
