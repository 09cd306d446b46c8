import type { Evidence, Intent, IntentMention, SentenceSentiment, Sentiment } from '../types.js';
import { EUROPEAN_INTENT_RULES, INTENT_RULES, type IntentRule } from './rules.js';

const ALL_RULES: readonly IntentRule[] = [...INTENT_RULES, ...EUROPEAN_INTENT_RULES];

/** Evidence kept per intent: enough to show where, not every "?" of a long review. */
const MAX_EVIDENCE = 5;

/**
 * The intents of a text: explicit phrase rules, plus complaint for a negative item and praise for
 * a positive one (evidence: the most negative or positive sentence). The title's phrases count too,
 * without evidence, since evidence offsets point into the text.
 *
 * @example detectIntents('I want a refund!', [], negative).map((m) => m.intent) // ['complaint', 'refund_request']
 */
export function detectIntents(
  text: string,
  sentences: readonly SentenceSentiment[],
  sentiment: Sentiment,
  title?: string,
  /** The text's detected language: rules marked `notFor` it are skipped. */
  language = 'und',
): IntentMention[] {
  const found = new Map<Intent, IntentMention>();
  if (sentiment.label === 'negative') add(found, 'complaint', sentiment.confidence, extreme(sentences, -1));
  if (sentiment.label === 'positive') add(found, 'praise', sentiment.confidence, extreme(sentences, 1));

  for (const rule of ALL_RULES) {
    // Praise words in a negative item are sarcasm or politeness, not praise.
    if (rule.intent === 'praise' && sentiment.label === 'negative') continue;
    if (rule.notFor?.has(language)) continue;
    const evidence: Evidence[] = [];
    for (const match of matches(text, rule)) {
      const span =
        rule.intent === 'question' && match.text.length === 1
          ? sentenceAt(sentences, match.start)
          : undefined;
      evidence.push(span ?? match);
    }
    const inTitle = title !== undefined && evidence.length === 0 && matches(title, rule).length > 0;
    if (evidence.length > 0 || inTitle) add(found, rule.intent, rule.confidence, evidence);
  }
  return [...found.values()].sort((a, b) => b.confidence - a.confidence);
}

/** Adds an intent's confidence and evidence (up to MAX_EVIDENCE spans that do not overlap). */
function add(found: Map<Intent, IntentMention>, intent: Intent, confidence: number, evidence: Evidence[]) {
  const mention = found.get(intent) ?? { intent, confidence: 0, evidence: [] };
  mention.confidence = Math.max(mention.confidence, confidence);
  for (const span of evidence) {
    if (mention.evidence.length >= MAX_EVIDENCE) break;
    if (!mention.evidence.some((e) => e.start < span.end && span.start < e.end)) mention.evidence.push(span);
  }
  found.set(intent, mention);
}

function matches(text: string, rule: IntentRule): Evidence[] {
  const found: Evidence[] = [];
  const { pattern } = rule;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index;
    if (
      isLatinStart(match[0]) &&
      !(rule.sentenceStart ? startsSentence(text, start) : startsWord(text, start))
    ) {
      pattern.lastIndex = start + 1;
      continue;
    }
    found.push({ start, end: start + match[0].length, text: match[0] });
  }
  return found;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LATIN = /^[\p{Script=Latin}\p{N}]/u;

function isLatinStart(match: string): boolean {
  return LATIN.test(match);
}

function startsWord(text: string, start: number): boolean {
  return start === 0 || !LETTER_OR_DIGIT.test(text.charAt(start - 1));
}

function startsSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  return i < 0 || '.!?…:;'.includes(text.charAt(i));
}

/** The sentence with the most negative (sign −1) or positive (+1) score, as evidence. */
function extreme(sentences: readonly SentenceSentiment[], sign: 1 | -1): Evidence[] {
  let best: SentenceSentiment | undefined;
  for (const sentence of sentences) {
    if (sign * sentence.score > 0 && (!best || sign * sentence.score > sign * best.score)) best = sentence;
  }
  return best ? [{ start: best.start, end: best.end, text: best.text }] : [];
}

function sentenceAt(sentences: readonly SentenceSentiment[], offset: number): Evidence | undefined {
  const sentence = sentences.find((s) => s.start <= offset && offset < s.end);
  return sentence && { start: sentence.start, end: sentence.end, text: sentence.text };
}
