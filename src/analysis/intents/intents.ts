import type { Evidence, Intent, IntentMention, SentenceSentiment, Sentiment } from '../types.js';
import { EUROPEAN_INTENT_RULES, INTENT_RULES, type IntentRule } from './rules.js';

const ALL_RULES: readonly IntentRule[] = [...INTENT_RULES, ...EUROPEAN_INTENT_RULES];

/** Gated rules by the 3- and 4-letter word prefixes that let them run (see `IntentRule.triggers`). */
const BY_PREFIX = new Map<string, IntentRule[]>();
for (const rule of ALL_RULES) {
  for (const trigger of rule.triggers ?? []) {
    const key = trigger.slice(0, 4).toLowerCase();
    BY_PREFIX.set(key, [...(BY_PREFIX.get(key) ?? []), rule]);
  }
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return NON_ASCII_WORD_CHAR.test(text.charAt(i));
}

/**
 * The gated rules that one of the text's words lets run. A plain loop over the characters: a
 * regular expression over the words cost as much as the rules it saves.
 */
function triggeredRules(text: string): { rules: Set<IntentRule>; cjk: boolean } {
  const rules = new Set<IntentRule>();
  let cjk = false;
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(lower, i)) i++;
    const start = i;
    while (i < n && isWordChar(lower, i)) {
      if (!cjk && isCjk(lower.charCodeAt(i))) cjk = true;
      i++;
    }
    const length = i - start;
    if (length < 3) continue;
    for (const rule of BY_PREFIX.get(lower.slice(start, start + 3)) ?? []) rules.add(rule);
    if (length > 3) for (const rule of BY_PREFIX.get(lower.slice(start, start + 4)) ?? []) rules.add(rule);
  }
  return { rules, cjk };
}

/** Han, kana and hangul. */
function isCjk(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

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
  const praise = sentiment.label === 'positive' ? extreme(sentences, 1) : [];

  const triggered = triggeredRules(title === undefined ? text : `${text}\n${title}`);
  for (const rule of ALL_RULES) {
    if (rule.triggers ? !triggered.rules.has(rule) : rule.cjkOnly && !triggered.cjk) continue;
    // Praise words in a negative item are sarcasm or politeness, not praise.
    if (rule.intent === 'praise' && sentiment.label === 'negative') continue;
    if (rule.notFor?.has(language) || (rule.onlyFor && !rule.onlyFor.has(language))) continue;
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
  // A positive tone that is only thanks is politeness, not praise ("Is my flight on time? Thanks."),
  // and one around a "?!" is indignation ("Great, so no pretzels at all?!"); praise phrases still count.
  if (sentiment.label === 'positive' && !onlyThanks(praise) && !INDIGNANT.test(text))
    add(found, 'praise', sentiment.confidence, praise);
  return [...found.values()].sort((a, b) => b.confidence - a.confidence);
}

const THANKS =
  /^\W*(?:@\w+\s*)*(?:thanks?(?: you| u)?|thx|ty|danke|vielen dank|谢谢)\b[^.!?]{0,20}[.!?\s]*$/iu;

/** "?!" or "!?": indignation, whatever the words around it. */
const INDIGNANT = /\?!|!\?/u;

/** Whether the evidence of a positive tone is a thank-you formula and nothing more. */
function onlyThanks(evidence: readonly Evidence[]): boolean {
  return evidence.length > 0 && evidence.every((e) => THANKS.test(e.text));
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
    const end = start + match[0].length;
    if (
      (isLatinStart(match[0]) &&
        !(rule.sentenceStart ? startsSentence(text, start) : startsWord(text, start))) ||
      vetoed(text, start, end, rule)
    ) {
      pattern.lastIndex = start + 1;
      continue;
    }
    found.push({ start, end, text: match[0] });
  }
  return found;
}

/** How far around a match `vetoBefore` and `vetoAfter` look, in characters. */
const VETO_WINDOW = 40;

/** Whether the text just before or after a match turns it into another sense (negation, idiom). */
function vetoed(text: string, start: number, end: number, rule: IntentRule): boolean {
  return (
    (rule.vetoBefore?.test(text.slice(Math.max(0, start - VETO_WINDOW), start)) ?? false) ||
    (rule.vetoAfter?.test(text.slice(end, end + VETO_WINDOW)) ?? false)
  );
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
