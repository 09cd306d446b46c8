import { wordTokens, type Span } from '../text/index.js';
import { ZH_INTENSIFIERS, ZH_LEXICON, ZH_MAX_WORD, ZH_NEGATORS } from './lexicon-zh.js';
import { INTENSIFIED, NEGATED_NEGATIVE, NEGATED_POSITIVE } from './modifiers.js';

/** Negation (-1 multiplier) turns "好" into fairly bad and "差" into mildly good; intensifiers scale. */
function modify(weight: number, multiplier: number): number {
  if (multiplier < 0) return weight * (weight > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE);
  return weight * multiplier;
}

/** Chinese: lexicon words among the segmenter's words (or inside a longer one), 不/没 just before flips. */
export function scoreChinese(text: string, span: Span): { raw: number; hits: number } {
  let raw = 0;
  let hits = 0;
  let previousEnd = span.start;
  for (const token of wordTokens(text, span.start, span.end)) {
    for (const hit of chineseHits(token.norm, token.start)) {
      // Look at up to five characters before the word ("没有想象中好"), not into the previous polar word.
      const windowStart = Math.max(previousEnd, hit.start - 5);
      const before = text.slice(windowStart, hit.start);
      const degree = before.replace(ZH_INTENSIFIERS, '');
      const multiplier = ZH_NEGATORS.test(degree) ? -1 : degree.length < before.length ? INTENSIFIED : 1;
      raw += modify(hit.weight, multiplier);
      hits++;
      previousEnd = hit.end;
    }
  }
  return { raw, hits };
}

function chineseHits(word: string, start: number): Array<{ start: number; end: number; weight: number }> {
  const whole = ZH_LEXICON.get(word);
  if (whole !== undefined) return [{ start, end: start + word.length, weight: whole }];
  const hits: Array<{ start: number; end: number; weight: number }> = [];
  // The segmenter joins some words we know ("我不", "贵了"): find the longest known words inside.
  for (let i = 0; i < word.length;) {
    let found = 0;
    for (let length = Math.min(ZH_MAX_WORD, word.length - i); length > 0 && !found; length--) {
      const weight = ZH_LEXICON.get(word.slice(i, i + length));
      if (weight !== undefined && length < word.length) {
        hits.push({ start: start + i, end: start + i + length, weight });
        found = length;
      }
    }
    i += found || 1;
  }
  return hits;
}
