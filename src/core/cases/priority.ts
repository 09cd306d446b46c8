/**
 * A case's priority: how bad and how visible the item is, how fresh, and how long the customer has
 * waited — explained in words on the case. Deliberately blind to what the customer is worth: the
 * input has no field for spend, tier or lifetime value (issue #4: "there are no minor customers").
 */
import type { Channel } from '../feedback/schema.js';
import type { PriorityLabel } from '../types.js';

export interface PriorityInput {
  sentiment: { label: string; score: number } | null;
  /** Star rating 1–5, if any. */
  rating: number | null;
  /** NPS answer 0–10, if any. */
  nps: number | null;
  intents: readonly string[];
  channel: Channel;
  /** Followers of the author, if known. */
  reach: number | null;
  postedAt: string;
}

export interface Priority {
  score: number;
  label: PriorityLabel;
  reasons: string[];
}

/** Channels whose items anyone can read: an unanswered one spreads. */
export const PUBLIC_CHANNELS: readonly Channel[] = ['review', 'social'];
export const isPublicChannel = (channel: Channel): boolean => PUBLIC_CHANNELS.includes(channel);

/** The lowest score of each label. */
export const PRIORITY_FLOOR: Record<PriorityLabel, number> = { urgent: 70, high: 50, normal: 30, low: 0 };

/** Points of each intent (severity), and the words shown for it. */
const INTENT_POINTS: Record<string, { points: number; reason: string }> = {
  safety_issue: { points: 20, reason: 'safety issue' },
  legal_threat: { points: 15, reason: 'legal threat' },
  public_threat: { points: 12, reason: 'threat to go public' },
  churn_threat: { points: 8, reason: 'churn threat' },
  refund_request: { points: 4, reason: 'refund request' },
  complaint: { points: 3, reason: 'complaint' },
};

/**
 * Hours after which an item's priority no longer changes with time: recency is gone after 48 h and
 * waiting is full at 72 h. The priority sweep stops reading a case this long after its last item joined.
 */
export const PRIORITY_SETTLES_HOURS = 72;

/** Reach at which the reach part is full: 10 million followers. */
const FULL_REACH = 10_000_000;

export function labelOf(score: number): PriorityLabel {
  if (score >= PRIORITY_FLOOR.urgent) return 'urgent';
  if (score >= PRIORITY_FLOOR.high) return 'high';
  if (score >= PRIORITY_FLOOR.normal) return 'normal';
  return 'low';
}

/** `12k`, `1.2M`, `850`. */
export function compactNumber(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1).replace(/\.0$/, '')}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(n >= 10_000 ? 0 : 1).replace(/\.0$/, '')}k`;
  return String(Math.round(n));
}

/** `waiting 3 h`, `waiting 2 d`; nothing under an hour. */
export function waitingPhrase(minutes: number): string | undefined {
  if (minutes < 60) return undefined;
  if (minutes < 48 * 60) return `waiting ${Math.floor(minutes / 60)} h`;
  const days = Math.floor(minutes / 1440);
  return days > 30 ? 'waiting over 30 d' : `waiting ${days} d`;
}

/**
 * Scores 0–100 from four parts:
 * - severity ≤ 45: negativity ≤ 30 (the most negative of sentiment score, star rating, NPS answer)
 *   plus intents ≤ 25 (safety 20, legal 15, going public 12, churn 8, refund 4, complaint 3);
 * - visibility ≤ 30: 12 for a public channel, plus up to 18 for the author's reach, log-scaled
 *   (100 followers ≈ 5, 12k ≈ 10, 1M ≈ 15, 10M = 18);
 * - recency ≤ 10: a post still spreading, 10 when new, 0 after 48 h;
 * - waiting ≤ 15: time since the customer wrote, log-scaled, full after 72 h.
 * Labels: urgent ≥ 70, high ≥ 50, normal ≥ 30, else low.
 *
 * @example
 * priorityOf({ sentiment: { label: 'negative', score: -0.7 }, rating: null, nps: null,
 *   intents: ['safety_issue'], channel: 'social', reach: 12_000, postedAt: threeHoursAgo }, now)
 * // { score: 78, label: 'urgent', reasons: ['public', '12k followers', 'safety issue', 'very negative', 'waiting 3 h'] }
 */
export function priorityOf(input: PriorityInput, now: Date): Priority {
  const reasons: string[] = [];
  // Visibility.
  let visibility = 0;
  if (isPublicChannel(input.channel)) {
    visibility += 12;
    reasons.push('public');
  } else {
    reasons.push('private');
  }
  const reach = Math.max(0, input.reach ?? 0);
  if (reach > 0) {
    visibility += (18 * Math.log10(reach + 1)) / Math.log10(FULL_REACH + 1);
    if (reach >= 1_000) reasons.push(`${compactNumber(reach)} followers`);
  }
  visibility = Math.min(30, visibility);

  // Severity: intents, then how negative.
  let intentPoints = 0;
  for (const intent of input.intents) {
    const p = INTENT_POINTS[intent];
    if (!p) continue;
    intentPoints += p.points;
    if (intent !== 'complaint') reasons.push(p.reason);
  }
  intentPoints = Math.min(25, intentPoints);
  const fromSentiment =
    input.sentiment && input.sentiment.label === 'negative'
      ? Math.min(1, Math.abs(input.sentiment.score))
      : 0;
  const fromRating = input.rating === null ? 0 : Math.max(0, Math.min(1, (3 - input.rating) / 2));
  const fromNps = input.nps === null ? 0 : Math.max(0, Math.min(1, (6 - input.nps) / 6));
  const negativity = Math.max(fromSentiment, fromRating, fromNps);
  if (input.rating !== null && fromRating > 0 && fromRating >= fromSentiment) {
    reasons.push(`${input.rating} star${input.rating === 1 ? '' : 's'}`);
  } else if (input.nps !== null && fromNps > 0 && fromNps >= fromSentiment) {
    reasons.push(`NPS ${input.nps}`);
  } else if (negativity >= 0.6) {
    reasons.push('very negative');
  } else if (negativity > 0) {
    reasons.push('negative');
  }
  const severity = Math.min(45, 30 * negativity + intentPoints);

  // Time: fresh posts still spread; old ones have waited.
  const ageMinutes = Math.max(0, (now.getTime() - new Date(input.postedAt).getTime()) / 60_000);
  const recency = 10 * Math.max(0, 1 - ageMinutes / (48 * 60));
  if (ageMinutes < 60) reasons.push('just posted');
  const hours = ageMinutes / 60;
  const waiting = 15 * Math.min(1, Math.log2(1 + hours) / Math.log2(1 + PRIORITY_SETTLES_HOURS));
  const w = waitingPhrase(ageMinutes);
  if (w) reasons.push(w);

  const score = Math.max(0, Math.min(100, Math.round(severity + visibility + recency + waiting)));
  return { score, label: labelOf(score), reasons };
}

/** Raises a priority to at least `min`, saying why; a priority already above it is kept. */
export function atLeast(p: Priority, min: PriorityLabel, why: string): Priority {
  const floor = PRIORITY_FLOOR[min];
  if (p.score >= floor) return p;
  return { score: floor, label: labelOf(floor), reasons: [...p.reasons, why] };
}

/** The label one step above (urgent stays urgent). */
export function oneUp(label: PriorityLabel): PriorityLabel {
  return label === 'low' ? 'normal' : label === 'normal' ? 'high' : 'urgent';
}

/** "high: public, 12k followers, safety issue, waiting 3 h" */
export const explain = (p: Pick<Priority, 'label' | 'reasons'>): string =>
  p.reasons.length > 0 ? `${p.label}: ${p.reasons.join(', ')}` : p.label;

/** Reasons that a person or an escalation set: a recomputed priority never replaces them. */
const KEPT_REASON = /^(set by hand: |SLA breached$|playbook: )/;

/**
 * A case's priority as time passes and items join: the highest of its items' priorities now (the
 * opening item has waited longest; a later item may be worse — a legal threat). It only ever rises:
 * returns null when the case's priority is at least as high already, or was set by hand (a person's
 * decision stands). Floors the case kept (an escalation, a playbook minimum) stay among the reasons.
 *
 * @example
 * refreshed({ score: 45, label: 'normal', reasons: ['public', 'negative'] },
 *   [{ score: 52, label: 'high', reasons: ['public', 'negative', 'waiting 2 d'] }])
 * // { score: 52, label: 'high', reasons: ['public', 'negative', 'waiting 2 d'] }
 */
export function refreshed(current: Priority, items: readonly Priority[]): Priority | null {
  if (current.reasons.some((r) => r.startsWith('set by hand: '))) return null;
  const best = items.reduce<Priority | null>((a, b) => (a === null || b.score > a.score ? b : a), null);
  if (!best || best.score <= current.score) return null;
  const kept = current.reasons.filter((r) => KEPT_REASON.test(r) && !best.reasons.includes(r));
  return { score: best.score, label: labelOf(best.score), reasons: [...best.reasons, ...kept] };
}
