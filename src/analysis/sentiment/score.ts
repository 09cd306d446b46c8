import { hasHan, splitSentences, trimSpan, WORD_PATTERN, type Span } from '../text/index.js';
import { DE_INTENSIFIERS, DE_LEXICON, DE_NEGATORS } from './lexicon-de.js';
import { INTENSIFIED, NEGATED_NEGATIVE, NEGATED_POSITIVE } from './modifiers.js';
import { scoreChinese } from './score-zh.js';
import { EMOJI, EMOJI_PATTERN } from './emoji.js';
import { CX_PHRASES, EN_CX_LEXICON, EN_CX_NEGATORS } from './lexicon-cx-en.js';
import { EU_LEXICONS } from './lexicon-eu.js';

/** A clause of a sentence, split at a contrast word, with its lexicon score. */
export interface ScoredClause extends Span {
  /** Sum of the word weights (AFINN scale), after negation and intensifiers. */
  raw: number;
  /** How many polar words and emoji were found. */
  hits: number;
  /** Weight of this clause in its sentence: the clause after "but" counts more. */
  weight: number;
}

export interface ScoredSentence extends Span {
  raw: number;
  hits: number;
  weight: number;
  clauses: ScoredClause[];
}

/** Lexicon scores of a text, sentence by sentence and clause by clause. */
export interface TextScore {
  raw: number;
  hits: number;
  sentences: ScoredSentence[];
}

type EuLanguage = keyof typeof EU_LEXICONS;
type Lexicon = 'en' | 'de' | 'zh' | EuLanguage;

/** Spanish, French, Italian, Portuguese or Dutch: the languages of `lexicon-eu.ts`. */
export const isEuropeanLanguage = (language: string): language is EuLanguage =>
  Object.hasOwn(EU_LEXICONS, language);

const WEIGHT_BEFORE_CONTRAST = 0.6;
const WEIGHT_AFTER_CONTRAST = 1.5;

const WORD = new RegExp(WORD_PATTERN, 'gu');
const MAYBE_EMOJI = /\p{Extended_Pictographic}|☹|❤/u;

/** The words that start a contrasting clause, for one lexicon. */
interface Contrast {
  /** Global, for `matchAll`. */
  all: RegExp;
  /** Not global: `matchAll` starts a global regex at its `lastIndex`, which `test` would move. */
  has: RegExp;
  /** The words without the look-arounds: a cheap first test, true whenever `has` is. */
  maybe: RegExp;
}

/**
 * English, German and Chinese words apply to each other's texts (a short text is easily taken for
 * the other language); each other language adds its own, since "mais" is "but" in French and
 * "more" in Portuguese, "ma" "but" in Italian and "my" in French.
 */
function contrast(words: string): Contrast {
  const source = `${bounded(words)}|但是|可是|不过|然而|但`;
  return {
    all: new RegExp(source, 'giu'),
    has: new RegExp(source, 'iu'),
    maybe: new RegExp(`${words}|但是|可是|不过|然而|但`, 'iu'),
  };
}

const SHARED_CONTRAST = 'but|however|aber|jedoch|allerdings|trotzdem|sondern';
const CONTRAST: Record<Lexicon, Contrast> = (() => {
  const shared = contrast(SHARED_CONTRAST);
  const out = { en: shared, de: shared, zh: shared } as Record<Lexicon, Contrast>;
  for (const [language, { contrast: words }] of Object.entries(EU_LEXICONS)) {
    out[language as EuLanguage] = contrast(`${SHARED_CONTRAST}|${words}`);
  }
  return out;
})();

/**
 * Which lexicon scores a text of the given language: ours for de, zh, es, fr, it, pt and nl, AFINN
 * otherwise.
 */
export function lexiconFor(language: string, text: string): Lexicon {
  if (language === 'de' || isEuropeanLanguage(language)) return language;
  if (language === 'zh' || language === 'ja' || (language === 'und' && hasHan(text))) return 'zh';
  return 'en';
}

/** Whether the language has a lexicon of its own; other languages are scored with AFINN or the Chinese one, with less confidence. */
export function isSupportedLanguage(language: string): boolean {
  return language === 'en' || language === 'de' || language === 'zh' || isEuropeanLanguage(language);
}

/**
 * Scores a text with a polarity lexicon, per sentence (Intl.Segmenter) and per clause: a clause
 * after "but" / "aber" / "但是" / "可是" weighs more than the one before it.
 *
 * @example scoreText('Great food but rude staff.', 'en').sentences[0].clauses.length // 2
 */
export function scoreText(text: string, language: string): TextScore {
  const lexicon = lexiconFor(language, text);
  const sentences: ScoredSentence[] = [];
  let raw = 0;
  let hits = 0;
  const contrastWords = CONTRAST[lexicon];
  const hasContrast = contrastWords.maybe.test(text) && contrastWords.has.test(text);
  // Plain loops and literals, no spreads: spreading the spans here cost a third of the scoring
  // time (V8 CPU profile on 11k tweets).
  for (const sentence of splitSentences(text)) {
    const spans = hasContrast
      ? splitClauses(text, sentence, contrastWords.all)
      : [{ ...sentence, weight: 1 }];
    const clauses: ScoredClause[] = [];
    let sentenceRaw = 0;
    let sentenceHits = 0;
    for (const span of spans) {
      const score = scoreSpan(text, span, lexicon);
      clauses.push({
        start: span.start,
        end: span.end,
        text: span.text,
        raw: score.raw,
        hits: score.hits,
        weight: span.weight,
      });
    }
    // A sentence that opens with "But …" is the later clause of the sentence before it.
    const first = clauses[0];
    const weight = clauses.length === 1 && first ? first.weight : 1;
    if (first && clauses.length === 1) first.weight = 1;
    for (const clause of clauses) {
      sentenceRaw += clause.weight * clause.raw;
      sentenceHits += clause.hits;
    }
    if (sentenceRaw > 0 && isQuestion(sentence.text)) sentenceRaw *= QUESTION_FACTOR;
    sentences.push({
      start: sentence.start,
      end: sentence.end,
      text: sentence.text,
      raw: sentenceRaw,
      hits: sentenceHits,
      weight,
      clauses,
    });
    raw += weight * sentenceRaw;
    hits += sentenceHits;
  }
  return { raw, hits, sentences };
}

/**
 * Praise in a question counts half: "is the lounge good?" asks, it does not praise. A complaint
 * asked as a question ("why is my bag still not here?", "怎么还没发货？") keeps its weight.
 */
const QUESTION_FACTOR = 0.5;
/** Ends with "?" or "？", possibly followed by emoji. */
const QUESTION_END = /[?？][\s\p{Extended_Pictographic}\uFE0F]*$/u;

function isQuestion(text: string): boolean {
  return QUESTION_END.test(text);
}

function splitClauses(text: string, sentence: Span, contrast: RegExp): Array<Span & { weight: number }> {
  const markers: number[] = [];
  for (const match of sentence.text.matchAll(contrast)) markers.push(sentence.start + match.index);
  if (markers.length === 0) return [{ ...sentence, weight: 1 }];
  const clauses: Array<Span & { weight: number }> = [];
  const bounds = [sentence.start, ...markers, sentence.end];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const span = trimSpan(text, bounds[i] ?? 0, bounds[i + 1] ?? 0);
    if (!span) continue;
    const isLast = i === bounds.length - 2;
    clauses.push({ ...span, weight: isLast ? WEIGHT_AFTER_CONTRAST : WEIGHT_BEFORE_CONTRAST });
  }
  return clauses;
}

function scoreSpan(text: string, span: Span, lexicon: Lexicon): { raw: number; hits: number } {
  let raw = 0;
  let hits = 0;
  if (MAYBE_EMOJI.test(span.text)) {
    for (const [emoji] of span.text.matchAll(EMOJI_PATTERN)) {
      raw += EMOJI.get(emoji.replace('\uFE0F', '')) ?? 0;
      hits++;
    }
  }
  const words =
    lexicon === 'en'
      ? scoreWords(span, ENGLISH)
      : lexicon === 'zh'
        ? scoreChinese(text, span)
        : scoreWords(span, lexicon === 'de' ? GERMAN : EUROPEAN[lexicon]);
  return { raw: raw + words.raw, hits: hits + words.hits };
}

interface WordRules {
  lexicon: ReadonlyMap<string, number>;
  negators: ReadonlySet<string>;
  intensifiers: ReadonlySet<string>;
  /** How many words after a negator it reaches, and how many before when none follows. */
  negationAhead: number;
  negationBehind: number;
  /** Factors for a negated positive and a negated negative word. */
  negatedPositive: number;
  negatedNegative: number;
  /** Phrases of several words scored before the single words, whose words then do not count. */
  phrases?: Phrases;
  /**
   * Weight of a negator before a word of no polarity: in feedback "haven't received", "can't
   * rebook", "didn't upgrade" tell of something that failed.
   */
  negatedAction?: number;
  /** Whether "#worstcustomerserviceever" is scored by the lexicon words inside it. */
  hashtags?: boolean;
  /** Elided articles and pronouns to strip from a word ("l'accueil" → "accueil", "dell'hotel"). */
  elision?: RegExp;
  /** Phrases read as nothing before anything else ("buenos días", "sin embargo"). */
  ignore?: { any: RegExp; all: RegExp };
}

interface Phrases {
  weights: ReadonlyMap<string, number>;
  any: RegExp;
  all: RegExp;
}

function phrases(weights: ReadonlyMap<string, number>): Phrases {
  const alternatives = [...weights.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replaceAll(' ', '\\s+'))
    .join('|');
  const source = `(?<![\\p{L}\\p{N}'])(?:${alternatives})(?![\\p{L}\\p{N}])`;
  return { weights, any: new RegExp(source, 'iu'), all: new RegExp(source, 'giu') };
}

const EXCLAIM = 0.15;
/** Exclamation marks make what a clause says stronger: "great!!!" more than "great". */
function emphasis(text: string): number {
  let marks = 0;
  for (let i = text.indexOf('!'); i !== -1 && marks < 3; i = text.indexOf('!', i + 1)) marks++;
  return 1 + EXCLAIM * marks;
}

/** Weight of "too" before a word of no polarity ("too far", "too loud" is in the lexicon already). */
const TOO_MUCH = -1.5;

/** Words after a negator that are not what it negates ("not a", "don't you", "can't even"). */
const NEGATION_SKIP: ReadonlySet<string> = new Set(
  'a an the to be been being i you we they he she it me us my your our their this that so as at all even just yet have has had get got really very too much any'.split(
    ' ',
  ),
);
/** Verbs after a negator that hedge rather than complain ("not sure", "don't know", "don't forget"). */
const NEGATION_NEUTRAL: ReadonlySet<string> = new Set(
  'sure know think mind forget remember care believe understand see say mean matter need want wait'.split(
    ' ',
  ),
);

/** What the rules know of a word: its weight, and whether it negates or intensifies. */
interface WordInfo {
  weight: number | undefined;
  modifier: boolean;
}

/** Per rule set, every word of its lexicon, negators and intensifiers: one map lookup per word. */
const WORD_INFO = new WeakMap<WordRules, ReadonlyMap<string, WordInfo>>();

function wordInfo(rules: WordRules): ReadonlyMap<string, WordInfo> {
  let info = WORD_INFO.get(rules);
  if (!info) {
    const map = new Map<string, WordInfo>();
    for (const word of [...rules.lexicon.keys(), ...rules.negators, ...rules.intensifiers]) {
      map.set(word, {
        weight: rules.lexicon.get(word),
        modifier: rules.negators.has(word) || rules.intensifiers.has(word),
      });
    }
    info = map;
    WORD_INFO.set(rules, info);
  }
  return info;
}

/** Degree adverbs that strengthen the next polar word ("very good"); the `sentiment` package has none. */
const EN_INTENSIFIERS: ReadonlySet<string> = new Set([
  'very',
  'really',
  'extremely',
  'so',
  'incredibly',
  'absolutely',
  'totally',
  'truly',
  'highly',
  'exceptionally',
  'especially',
  'particularly',
  'remarkably',
  'utterly',
  'too',
]);

/** The `sentiment` package's negation rule (a negator right before a word flips its sign), plus degree adverbs. */
const ENGLISH: WordRules = {
  lexicon: EN_CX_LEXICON,
  negators: EN_CX_NEGATORS,
  intensifiers: EN_INTENSIFIERS,
  negationAhead: 3,
  negationBehind: 0,
  negatedPositive: -1,
  negatedNegative: -1,
  phrases: phrases(CX_PHRASES),
  negatedAction: -1,
  hashtags: true,
};

/** German: a negator up to three words before ("nicht so gut") or two after ("gefällt mir nicht"). */
const GERMAN: WordRules = {
  lexicon: DE_LEXICON,
  negators: DE_NEGATORS,
  intensifiers: DE_INTENSIFIERS,
  negationAhead: 3,
  negationBehind: 2,
  negatedPositive: NEGATED_POSITIVE,
  negatedNegative: NEGATED_NEGATIVE,
};

/**
 * Spanish, French, Italian, Portuguese (a negator up to three words before: "no es bueno", "n'est
 * pas bon", "non è buono", "não é bom") and Dutch (also up to two after, as German: "smaakte me niet").
 */
const EUROPEAN: Record<EuLanguage, WordRules> = (() => {
  const ELISION = /^[a-zà-ÿ]{1,5}'/u;
  const out = {} as Record<EuLanguage, WordRules>;
  for (const [language, l] of Object.entries(EU_LEXICONS) as [
    EuLanguage,
    (typeof EU_LEXICONS)[EuLanguage],
  ][]) {
    out[language] = {
      lexicon: l.lexicon,
      negators: l.negators,
      intensifiers: l.intensifiers,
      negationAhead: 3,
      negationBehind: language === 'nl' ? 2 : 0,
      negatedPositive: NEGATED_POSITIVE,
      negatedNegative: NEGATED_NEGATIVE,
      ignore: ignored(l.ignore),
      ...(language === 'fr' || language === 'it' ? { elision: ELISION } : {}),
    };
  }
  return out;
})();

function ignored(sources: readonly string[]): { any: RegExp; all: RegExp } {
  const source = bounded(sources.join('|'));
  return { any: new RegExp(source, 'iu'), all: new RegExp(source, 'giu') };
}

/** A regular-expression alternation matched as whole words. */
function bounded(alternation: string): string {
  return `(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`;
}

function scoreWords(span: Span, rules: WordRules): { raw: number; hits: number } {
  // Lowercased words and their weights only, no token objects: this loop runs on every clause.
  let slice = span.text;
  if (rules.ignore?.any.test(slice)) slice = slice.replace(rules.ignore.all, (m) => ' '.repeat(m.length));
  let phraseRaw = 0;
  let phraseHits = 0;
  const phraseRules = rules.phrases;
  if (phraseRules?.any.test(slice)) {
    slice = slice.replace(phraseRules.all, (phrase) => {
      phraseRaw += phraseRules.weights.get(phrase.toLowerCase().replace(/\s+/gu, ' ')) ?? 0;
      phraseHits++;
      return ' '.repeat(phrase.length);
    });
  }
  const found: FoundWords = {
    info: wordInfo(rules),
    words: [],
    weights: [],
    modifiers: false,
    hashtags: rules.hashtags === true,
    elision: rules.elision,
  };
  if (ASCII.test(slice)) {
    // WORD_PATTERN on ASCII text, without the regex: letters and digits, then "'" + letters.
    for (let i = 0; i < slice.length;) {
      if (!isAsciiLetterOrDigit(slice.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < slice.length && isAsciiLetterOrDigit(slice.charCodeAt(i))) i++;
      while (slice.charCodeAt(i) === 39 && isAsciiLetter(slice.charCodeAt(i + 1))) {
        i += 2;
        while (i < slice.length && isAsciiLetter(slice.charCodeAt(i))) i++;
      }
      addWord(found, slice, start, i);
    }
  } else {
    WORD.lastIndex = 0;
    for (let match = WORD.exec(slice); match; match = WORD.exec(slice)) {
      addWord(found, slice, match.index, match.index + match[0].length);
    }
  }
  const { words, weights, modifiers } = found;
  if (!modifiers) {
    let raw = phraseRaw;
    let hits = phraseHits;
    for (const weight of weights) {
      if (weight === undefined) continue;
      raw += weight;
      hits++;
    }
    return { raw: raw * emphasis(span.text), hits };
  }
  const multipliers = new Array<number>(words.length).fill(1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (rules.intensifiers.has(word)) {
      const target = nearestPolar(weights, i, 1, 2);
      if (target !== undefined) {
        multipliers[target] = (multipliers[target] ?? 1) * INTENSIFIED;
        weights[i] = undefined; // "super freundlich": "super" strengthens, it does not count twice
      } else if (word === 'too' && rules.negatedAction !== undefined && i + 1 < words.length) {
        // "too far", "too small", "too much avocado": more than the customer wanted.
        phraseRaw += TOO_MUCH;
        phraseHits++;
      }
    } else if (rules.negators.has(word)) {
      if (rules.negatedAction !== undefined) {
        // English: the first content word after the negator, past "a", "been", "very" …
        const next = negatedWord(words, i, rules);
        if (next === undefined) continue;
        if (weights[next] !== undefined) multipliers[next] = -1;
        else if (!NEGATION_NEUTRAL.has(words[next] ?? '') && !/^\d/.test(words[next] ?? '')) {
          phraseRaw += rules.negatedAction;
          phraseHits++;
        }
        continue;
      }
      const target =
        nearestPolar(weights, i, 1, rules.negationAhead) ??
        nearestPolar(weights, i, -1, rules.negationBehind);
      if (target !== undefined) multipliers[target] = -1;
    }
  }
  let raw = phraseRaw;
  let hits = phraseHits;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i];
    if (weight === undefined) continue;
    const multiplier = multipliers[i] ?? 1;
    raw +=
      multiplier < 0
        ? weight * (weight > 0 ? rules.negatedPositive : rules.negatedNegative)
        : weight * multiplier;
    hits++;
  }
  return { raw: raw * emphasis(span.text), hits };
}

/** The word the negator at `i` negates: the first one that is not a function word or degree adverb. */
function negatedWord(words: readonly string[], i: number, rules: WordRules): number | undefined {
  for (let j = i + 1; j < words.length && j <= i + rules.negationAhead; j++) {
    const word = words[j] ?? '';
    if (NEGATION_SKIP.has(word) || rules.intensifiers.has(word)) continue;
    return rules.negators.has(word) ? undefined : j;
  }
  return undefined;
}

/** The words of a clause so far, lowercased, with their lexicon weights. */
interface FoundWords {
  info: ReadonlyMap<string, WordInfo>;
  words: string[];
  weights: Array<number | undefined>;
  /** Whether a negator or intensifier is among the words. */
  modifiers: boolean;
  hashtags: boolean;
  elision: RegExp | undefined;
}

function addWord(found: FoundWords, slice: string, start: number, end: number): void {
  const lower = slice.slice(start, end).toLowerCase();
  let word = lower.includes('’') ? lower.replaceAll('’', "'") : lower;
  if (found.elision && word.includes("'")) word = word.replace(found.elision, '');
  found.words.push(word);
  const known = found.info.get(word);
  const before = slice.charCodeAt(start - 1);
  // "@united" is a handle, not the AFINN word "united" (+1); the package skips it too.
  if (before === 64) found.weights.push(undefined);
  else if (known === undefined && before === 35 && found.hashtags)
    found.weights.push(hashtagWeight(word, found.info));
  else found.weights.push(known?.weight);
  if (known?.modifier) found.modifiers = true;
}

/** The longest word a hashtag is searched for, and the shortest ("#badservice": "bad"). */
const HASHTAG_LONGEST = 14;
const HASHTAG_SHORTEST = 3;

/** The summed weights of the lexicon words inside a hashtag, longest first, or undefined for none. */
function hashtagWeight(tag: string, info: ReadonlyMap<string, WordInfo>): number | undefined {
  let sum = 0;
  let found = false;
  for (let i = 0; i < tag.length;) {
    let length = Math.min(HASHTAG_LONGEST, tag.length - i);
    for (; length >= HASHTAG_SHORTEST; length--) {
      const weight = info.get(tag.slice(i, i + length))?.weight;
      if (weight !== undefined) {
        sum += weight;
        found = true;
        break;
      }
    }
    i += length >= HASHTAG_SHORTEST ? length : 1;
  }
  return found ? Math.max(-4, Math.min(4, sum)) : undefined;
}

/** Text of ASCII characters only (no character above U+007F). */
const ASCII = /^[^\u0080-\uffff]*$/;

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 97 && (code | 0x20) <= 122;
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 122);
}

function nearestPolar(weights: ReadonlyArray<number | undefined>, from: number, step: 1 | -1, reach: number) {
  for (let i = from + step, n = 0; n < reach && i >= 0 && i < weights.length; i += step, n++) {
    if (weights[i] !== undefined) return i;
  }
  return undefined;
}
