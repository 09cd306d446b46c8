/** The English sentiment libraries Touchpoint is measured against, on the same texts in the same run. */
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';

import type { SentimentLabel } from '../analysis/index.js';

export interface SentimentPredictor {
  name: string;
  /** Label and a score in [-1, 1] (its sign decides binary sets; see `fitLabel`). */
  predict(text: string): { label: SentimentLabel; score: number };
}

/**
 * VADER (vaderSentiment-js): compound ≥ 0.05 positive, ≤ -0.05 negative, else neutral — the
 * thresholds VADER's authors recommend.
 */
export function vaderPeer(): SentimentPredictor {
  return {
    name: 'vader-sentiment@1.1.3',
    predict(text) {
      const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
      return { label: score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral', score };
    },
  };
}

/**
 * AFINN-165 (`sentiment`): the comparative score (sum of word scores / number of tokens, in [-5, 5])
 * divided by 5 to lie in [-1, 1]; neutral when that is within ±0.01 (less than one AFINN point per
 * 20 tokens), a band fixed before any measurement, not tuned on a data set.
 */
export function afinnPeer(): SentimentPredictor {
  const afinn = new Sentiment();
  return {
    name: 'sentiment@5 (AFINN-165)',
    predict(text) {
      const score = Math.max(-1, Math.min(1, afinn.analyze(text).comparative / 5));
      return { label: score >= 0.01 ? 'positive' : score <= -0.01 ? 'negative' : 'neutral', score };
    },
  };
}

/**
 * The label within a data set's classes: on a binary set (no `neutral`) a neutral prediction goes by
 * the sign of its score, and stays `neutral` (so is counted wrong) when the score is exactly 0.
 */
export function fitLabel(
  label: SentimentLabel,
  score: number,
  labels: readonly SentimentLabel[],
): SentimentLabel {
  if (label !== 'neutral' || labels.includes('neutral')) return label;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}
