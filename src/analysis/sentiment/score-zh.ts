import type { Span } from '../text/index.js';
import { EN_LEXICON, EN_NEGATORS } from './lexicon-en.js';
import {
  ZH_ATTRIBUTES,
  ZH_DOWNTONERS,
  ZH_EXCEPT,
  ZH_EXCEPT_ENDS,
  ZH_FILLERS,
  ZH_INTENSIFIERS,
  ZH_LEXICON,
  ZH_MINOR_WORDS,
  ZH_VERDICT_WORDS,
  ZH_NEGATORS,
  ZH_NEUTRAL_WORDS,
} from './lexicon-zh.js';
import { INTENSIFIED, NEGATED_NEGATIVE, NEGATED_POSITIVE } from './modifiers.js';

const NONE = 0;
const NEGATOR = 1;
const DEGREE = 2;
const DOWNTONER = 3;
const FILLER = 4;
const EXCEPT = 5;
const MINOR = 6;
const VERDICT = 7;
type Role =
  | typeof NONE
  | typeof NEGATOR
  | typeof DEGREE
  | typeof DOWNTONER
  | typeof FILLER
  | typeof EXCEPT
  | typeof MINOR
  | typeof VERDICT;

/** What the scan knows of a word: its weight if polar, its role if a modifier, its adjectives if an attribute. */
interface Entry {
  weight: number | undefined;
  role: Role;
  attribute: ReadonlyMap<string, number> | undefined;
}

/** Factor of a word after a downtoner ("有点贵"): still the same sign, less of it. */
const DOWNTONED = 0.6;
/** Factor of a polar word inside "除了…": the exception weighs little against the rest. */
const EXCEPTED = 0.3;
/** Factor of a negative word after "就是" / "只是" ("挺好的，就是有点贵"): a minor complaint after praise. */
const MINOR_FACTOR = 0.5;
/** Factor of a polar word after "总之" / "总的来说": the verdict. */
const VERDICT_FACTOR = 1.5;
/** Factor of a clause with "!!" / "！！": exclamations make whatever it says stronger. */
const EXCLAIMED = 1.2;
/** Weight of "??" / "？？": repeated question marks in a review are a complaint ("还没发货??"). */
const REPEATED_QUESTION = -1;
/**
 * Factor of every negative contribution: a complaint outweighs polite praise of equal strength
 * ("手机不错，就是物流太慢" leans negative). 1.1 was best of 1, 1.1, 1.2, 1.4 on the development half of
 * online_shopping_10_cats (+0.9 points, mostly texts whose words cancelled out to exactly 0).
 */
const NEGATIVE_BIAS = 1.1;
/** How many unknown characters (or Latin words) a negator or degree adverb reaches over. */
const MODIFIER_REACH = 2;
/** How many unknown characters an attribute noun reaches over to its adjective ("物流速度也快"). */
const ATTRIBUTE_REACH = 4;

/** English words in Chinese reviews ("质量very good"): AFINN's strong words, less a few that are names here. */
const EN_SKIP: ReadonlySet<string> = new Set(['win', 'fan', 'like', 'please', 'no', 'yes']);
const EN_DEGREE: ReadonlySet<string> = new Set(['very', 'so', 'too', 'really', 'super']);

const DICTIONARY: ReadonlyMap<string, Entry> = buildDictionary();
/** Per first character, the lengths of the entries that start with it, longest first. */
const LENGTHS: ReadonlyMap<string, readonly number[]> = buildLengths(DICTIONARY);

function buildDictionary(): Map<string, Entry> {
  const map = new Map<string, Entry>();
  const set = (word: string, patch: Partial<Entry>) => {
    const entry = map.get(word) ?? { weight: undefined, role: NONE, attribute: undefined };
    map.set(word, { ...entry, ...patch });
  };
  for (const word of [...ZH_NEUTRAL_WORDS, ...ZH_EXCEPT_ENDS]) set(word, {});
  for (const adjectives of ZH_ATTRIBUTES.values()) for (const word of adjectives.keys()) set(word, {});
  for (const word of ZH_FILLERS) set(word, { role: FILLER });
  for (const word of ZH_DOWNTONERS) set(word, { role: DOWNTONER });
  for (const word of ZH_INTENSIFIERS) set(word, { role: DEGREE });
  for (const word of ZH_NEGATORS) set(word, { role: NEGATOR });
  for (const [word, weight] of ZH_LEXICON) set(word, { weight, role: NONE });
  for (const [word, adjectives] of ZH_ATTRIBUTES) set(word, { attribute: adjectives });
  set(ZH_EXCEPT, { role: EXCEPT });
  for (const word of ZH_MINOR_WORDS) set(word, { role: MINOR });
  for (const word of ZH_VERDICT_WORDS) set(word, { role: VERDICT });
  return map;
}

function buildLengths(dictionary: ReadonlyMap<string, Entry>): Map<string, number[]> {
  const lengths = new Map<string, number[]>();
  for (const word of dictionary.keys()) {
    const first = word[0] as string;
    const list = lengths.get(first) ?? [];
    if (!list.includes(word.length)) list.push(word.length);
    lengths.set(first, list);
  }
  for (const list of lengths.values()) list.sort((a, b) => b - a);
  return lengths;
}

/** The longest dictionary word at `i` (before `end`), or undefined. */
function longestAt(text: string, i: number, end: number): string | undefined {
  const lengths = LENGTHS.get(text[i] as string);
  if (!lengths) return undefined;
  for (const length of lengths) {
    if (i + length > end) continue;
    const word = length === 1 ? (text[i] as string) : text.slice(i, i + length);
    if (DICTIONARY.has(word)) return word;
  }
  return undefined;
}

/** Modifier state of the scan: negation, degree and attribute end at punctuation, the scopes at the clause's end. */
interface State {
  negated: boolean;
  degree: number;
  /** Unknown characters since the last negator or degree adverb. */
  reach: number;
  attribute: ReadonlyMap<string, number> | undefined;
  attributeReach: number;
  /** After "除了": an exception, up to "以外" / "其他" or punctuation. */
  except: boolean;
  /** After "就是": a minor complaint. */
  minor: boolean;
  /** After "总之": the verdict. */
  verdict: boolean;
}

function resetModifiers(state: State): void {
  state.negated = false;
  state.degree = 1;
  state.reach = 0;
}

function resetClause(state: State): void {
  resetModifiers(state);
  state.attribute = undefined;
  state.attributeReach = 0;
  state.except = false;
}

/** An unknown character or word: modifiers and attributes reach only so far. */
function step(state: State): void {
  if (++state.reach > MODIFIER_REACH) resetModifiers(state);
  if (state.attribute && ++state.attributeReach > ATTRIBUTE_REACH) state.attribute = undefined;
}

/**
 * Chinese: a longest-match scan of the clause over the lexicon, neutral words, negators, degree
 * adverbs, downtoners and attribute nouns. A negator ("不", "没有", "不是很") negates the next polar
 * word within two unknown characters, fillers aside ("没有想象中好"); a degree adverb strengthens it;
 * an attribute noun gives polarity to the adjective after it ("价格高", "性价比高", "速度快").
 *
 * The scan reads characters, not Intl.Segmenter words: ICU splits review words such as 差评 (差/评),
 * 客服 (客/服) and 性价比高 (性/价/比高), and joins 很好奇 (很好/奇).
 *
 * @example scoreChinese('没有想象中好', { start: 0, end: 6, text: '没有想象中好' }).raw < 0 // true
 */
export function scoreChinese(text: string, span: Span): { raw: number; hits: number } {
  let raw = 0;
  let hits = 0;
  let exclaimed = false;
  const state: State = {
    negated: false,
    degree: 1,
    reach: 0,
    attribute: undefined,
    attributeReach: 0,
    except: false,
    minor: false,
    verdict: false,
  };
  const { end } = span;
  const rhetorical = RHETORICAL.test(text.slice(span.start, end));
  const polar = (weight: number) => {
    const negated = rhetorical && weight > 0 ? !state.negated : state.negated;
    let value = negated ? weight * (weight > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE) : weight * state.degree;
    if (state.except) value *= EXCEPTED;
    if (state.minor && value < 0) value *= MINOR_FACTOR;
    if (state.verdict) value *= VERDICT_FACTOR;
    if (value < 0) value *= NEGATIVE_BIAS;
    raw += value;
    hits++;
    resetModifiers(state);
  };
  for (let i = span.start; i < end;) {
    const code = text.charCodeAt(i);
    if (isAsciiLetterOrDigit(code)) {
      let j = i + 1;
      while (j < end && isAsciiLetterOrDigit(text.charCodeAt(j))) j++;
      const word = text.slice(i, j).toLowerCase();
      i = j;
      const weight = DICTIONARY.get(word)?.weight ?? englishWeight(word);
      if (weight !== undefined) polar(weight);
      else if (EN_NEGATORS.has(word)) {
        state.negated = true;
        state.reach = 0;
      } else if (EN_DEGREE.has(word)) {
        state.degree = INTENSIFIED;
        state.reach = 0;
      } else step(state);
      continue;
    }
    if (code === 32 || code === 0x3000 || code === 9) {
      i++;
      continue;
    }
    const word = isHan(code) ? longestAt(text, i, end) : undefined;
    if (word === undefined) {
      if (isHan(code)) {
        step(state);
        i++;
        continue;
      }
      // Punctuation ends the reach of every modifier.
      const next = text.charCodeAt(i + 1);
      if ((code === 33 || code === 0xff01) && (next === 33 || next === 0xff01)) exclaimed = true;
      if ((code === 63 || code === 0xff1f) && (next === 63 || next === 0xff1f)) {
        raw += REPEATED_QUESTION;
        hits++;
        while (i + 1 < end && (text.charCodeAt(i + 1) === 63 || text.charCodeAt(i + 1) === 0xff1f)) i++;
      }
      resetClause(state);
      i++;
      continue;
    }
    const entry = DICTIONARY.get(word) as Entry;
    const fromAttribute = state.attribute?.get(word);
    const weight = fromAttribute ?? entry.weight;
    i += word.length;
    if (weight !== undefined) {
      // "好" before a polar word is a degree adverb: "好慢", "好难用".
      const after = word === '好' ? longestAt(text, i, end) : undefined;
      if (after !== undefined && DICTIONARY.get(after)?.weight !== undefined) {
        state.degree = INTENSIFIED;
        state.reach = 0;
      } else polar(weight);
    } else if (entry.role === NEGATOR) {
      state.negated = true;
      state.reach = 0;
    } else if (entry.role === DEGREE) {
      state.degree = INTENSIFIED;
      state.reach = 0;
    } else if (entry.role === DOWNTONER) {
      state.degree = DOWNTONED;
      state.reach = 0;
    } else if (entry.role === NONE) step(state);
    // Scope words may be polar themselves ("美中不足" is a mild complaint and opens a minor one).
    if (entry.role === EXCEPT) state.except = true;
    else if (entry.role === MINOR) state.minor = true;
    else if (entry.role === VERDICT) state.verdict = true;
    if (entry.attribute) {
      state.attribute = entry.attribute;
      state.attributeReach = 0;
    }
    if (state.except && EXCEPT_ENDS.has(word)) state.except = false;
  }
  return { raw: exclaimed ? raw * EXCLAIMED : raw, hits };
}

/** A clause that ends as a yes/no question ("对得起这个价吗？"): its praise is rhetorical. */
const RHETORICAL = /吗[\s?？!！。.…~～]*$/u;

const EXCEPT_ENDS: ReadonlySet<string> = new Set(ZH_EXCEPT_ENDS);

function englishWeight(word: string): number | undefined {
  const weight = EN_LEXICON.get(word);
  return weight === undefined || Math.abs(weight) < 2 || EN_SKIP.has(word) ? undefined : weight;
}

/** CJK unified ideographs (basic block and extension A). */
function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 122);
}
