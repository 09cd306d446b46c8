/**
 * Virality risk of a single item in [0, 1], with its reasons. A noisy-OR of independent signals
 * (risk = 1 − Π(1 − wᵢ·sᵢ)), each sᵢ in [0, 1]: research on online firestorms points at the author's
 * reach and ties, early reshare speed, high-arousal emotion (anger, anxiety) and a threat to go
 * public (Herhausen et al. 2019; Cheng et al. 2014).
 */
import { HOUR } from './series.js';
import type { WarnEvent } from './types.js';

export interface ViralityWeights {
  reach: number;
  engagement: number;
  velocity: number;
  arousal: number;
  publicThreat: number;
  legalThreat: number;
  safety: number;
}

/** Weights wᵢ: the largest any one signal can make the risk on its own. */
export const VIRALITY_WEIGHTS = {
  reach: 0.6,
  engagement: 0.5,
  velocity: 0.7,
  arousal: 0.35,
  publicThreat: 0.5,
  legalThreat: 0.45,
  safety: 0.45,
} satisfies ViralityWeights;

// High-arousal negative words (anger, anxiety, outrage); a lexicon of our own, plain English.
const AROUSAL =
  /\b(furious|outrage(d|ous)?|livid|disgust(ed|ing)|unacceptable|ridiculous|scam|fraud|liars?|lying|worst|horrible|terrible|awful|hate|angry|pissed|nightmare|disgrace(ful)?|shameful|terrified|scared|panic(king)?|dangerous|unsafe|never again|appalling|atrocious)\b/gi;

export interface ViralityRisk {
  risk: number;
  reasons: string[];
}

type ViralityInput = Pick<
  WarnEvent,
  'reach' | 'engagement' | 'engagementHistory' | 'time' | 'text' | 'sentimentScore' | 'intents'
>;

/**
 * The virality risk of one item.
 * @example
 * viralityRisk({ time, reach: 250_000, text: 'Unacceptable. Telling the press.', intents: ['public_threat'] })
 * // { risk: 0.9…, reasons: ['author reach 250,000', 'threat to go public', …] }
 */
export function viralityRisk(item: ViralityInput, weights: ViralityWeights = VIRALITY_WEIGHTS): ViralityRisk {
  const signals: { s: number; w: number; reason: string }[] = [];
  if (item.reach !== undefined && item.reach > 0) {
    // 1k followers → 0, 1M → 1 (log scale).
    const s = clamp01((Math.log10(item.reach) - 3) / 3);
    signals.push({
      s,
      w: weights.reach,
      reason: `author reach ${Math.round(item.reach).toLocaleString('en')}`,
    });
  }
  if (item.engagement !== undefined && item.engagement > 0) {
    // 10 reshares/likes → 0.33, 1,000 → 1.
    const s = clamp01(Math.log10(1 + item.engagement) / 3);
    signals.push({ s, w: weights.engagement, reason: `engagement ${item.engagement}` });
  }
  const history = item.engagementHistory ?? [];
  const first = history[0];
  if (first && item.engagement !== undefined && item.time > first.time) {
    const perHour = (item.engagement - first.engagement) / ((item.time - first.time) / HOUR);
    if (perHour > 0) {
      // 10 per hour → 0.33, 1,000 per hour → 1.
      const s = clamp01(Math.log10(1 + perHour) / 3);
      signals.push({ s, w: weights.velocity, reason: `engagement growing ${perHour.toFixed(1)}/h` });
    }
  }
  const words = [...new Set((item.text?.match(AROUSAL) ?? []).map((w) => w.toLowerCase()))];
  const shouting = /[A-Z]{4,}.*[A-Z]{4,}|!{2,}/.test(item.text ?? '');
  const intense = item.sentimentScore !== undefined && item.sentimentScore <= -0.6;
  const arousal = clamp01(words.length / 2 + (shouting ? 0.3 : 0) + (intense ? 0.5 : 0));
  if (arousal > 0) {
    const what = [
      ...(words.length ? [`words: ${words.slice(0, 3).join(', ')}`] : []),
      ...(shouting ? ['shouting'] : []),
      ...(intense ? [`sentiment ${item.sentimentScore?.toFixed(2)}`] : []),
    ];
    signals.push({ s: arousal, w: weights.arousal, reason: `high-arousal emotion (${what.join('; ')})` });
  }
  const intents = new Set(item.intents ?? []);
  if (intents.has('public_threat'))
    signals.push({ s: 1, w: weights.publicThreat, reason: 'threat to go public' });
  if (intents.has('legal_threat')) signals.push({ s: 1, w: weights.legalThreat, reason: 'legal threat' });
  if (intents.has('safety_issue')) signals.push({ s: 1, w: weights.safety, reason: 'safety issue' });

  const risk = 1 - signals.reduce((keep, { s, w }) => keep * (1 - w * s), 1);
  const reasons = signals
    .filter(({ s }) => s > 0)
    .sort((a, b) => b.w * b.s - a.w * a.s)
    .map(({ reason }) => reason);
  return { risk: Math.round(risk * 1000) / 1000, reasons };
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}
