import type { Intent, IntentMention, Sentiment } from '../types.js';

/** How much each intent adds to urgency, and the reason shown to a person. */
const INTENT_URGENCY: Partial<Record<Intent, { weight: number; reason: string }>> = {
  safety_issue: { weight: 0.7, reason: 'safety issue' },
  legal_threat: { weight: 0.6, reason: 'legal threat' },
  public_threat: { weight: 0.45, reason: 'public threat' },
  churn_threat: { weight: 0.4, reason: 'churn threat' },
  refund_request: { weight: 0.2, reason: 'refund request' },
};

/**
 * Urgency in [0, 1] from how negative the item is and which intents it shows, combined as a
 * noisy-or (each signal closes part of the remaining gap to 1), with a reason per signal.
 *
 * @example urgencyOf({ label: 'negative', score: -0.8, confidence: 0.9 }, []) // { score: 0.4, reasons: ['very negative'] }
 */
export function urgencyOf(
  sentiment: Sentiment,
  intents: readonly IntentMention[],
): { score: number; reasons: string[] } {
  let calm = 1;
  const reasons: string[] = [];
  if (sentiment.label === 'negative') {
    const veryNegative = sentiment.score <= -0.6;
    calm *= 1 - 0.5 * Math.abs(sentiment.score);
    reasons.push(veryNegative ? 'very negative' : 'negative');
  }
  for (const mention of intents) {
    const signal = INTENT_URGENCY[mention.intent];
    if (!signal) continue;
    calm *= 1 - signal.weight * mention.confidence;
    reasons.push(signal.reason);
  }
  return { score: Math.round((1 - calm) * 1000) / 1000, reasons };
}
