/**
 * Hashed text features: word unigrams and bigrams plus character n-grams inside each word, so that
 * Chinese (no spaces) and German compounds get useful features without a segmenter. Each block has
 * sublinear tf and unit L2 norm before the blocks are weighted and joined.
 */
import { EMOJI } from '../sentiment/emoji.js';
import { DE_LEXICON } from '../sentiment/lexicon-de.js';
import { EN_LEXICON } from '../sentiment/lexicon-en.js';
import { scoreText } from '../sentiment/score.js';

export interface FeatureOptions {
  /** log2 of the number of hash buckets (18 → 262,144). */
  bits: number;
  /** Longest word n-gram: 1 (unigrams) or 2 (unigrams and bigrams). */
  wordNgrams: 1 | 2;
  /** Shortest and longest character n-gram, counted with the word's boundary marks. */
  charMin: number;
  charMax: number;
  /** Weight of the character block against the word block (1 = equal). 0 turns it off. */
  charWeight: number;
  /**
   * Mark the words after a negation ("not", "n't", "nicht", "kein", "never", …) up to the next
   * punctuation with an extra feature, so "not good" does not read as "good".
   */
  negation: boolean;
  /**
   * Add features for words of the sentiment lexicons (AFINN-165, our German one, emoji weights):
   * their polarity and strength, flipped inside a negation's scope. They let rare polar words,
   * unseen in training, still count. The number is the weight of this block (0 turns it off).
   */
  lexicon: number;
  /** Scale each bucket by its inverse document frequency in the training texts (tf-idf). */
  idf: boolean;
  /**
   * Weight of a block from the lexicon pipeline's whole-text score (`src/analysis/sentiment`
   * `scoreText`: negation, intensifiers, "but" clauses): its sign, its rounded value and whether
   * it found polar words at all. 0 turns it off; models stored without it read as 0.
   */
  score: number;
  /**
   * Weight of a block of text-shape features (0: off; optional, stored models without it read as 0):
   * words in capitals, elongated words ("sooo"), hashtags, whether the text ends in `!`, `?` or an
   * emoticon or emoji — the non-lexical cues of the NRC-Canada tweet system (Mohammad et al. 2013).
   */
  shape?: number;
  /**
   * Blocks scaled to unit norm (default). false: each feature is tf × block weight × 0.15 whatever
   * the text's length, so one cue word in a long sentence counts as much as in a short one (topic
   * detection). Optional: models stored without it are unit-normed.
   */
  unitNorm?: boolean;
}

export const DEFAULT_FEATURES = {
  bits: 18,
  wordNgrams: 2,
  charMin: 2,
  charMax: 5,
  charWeight: 1,
  negation: true,
  lexicon: 0.4,
  idf: false,
  score: 0.2,
  shape: 0.2,
} satisfies FeatureOptions;

/** A sparse feature vector; `indices` may repeat (a word and a character n-gram in one bucket). */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
  length: number;
}

/** A short human-readable description of the features, stored in a model's `meta.features`. */
export function describeFeatures(f: FeatureOptions): string {
  const parts = [f.wordNgrams === 2 ? 'word 1-2' : 'word 1'];
  if (f.charWeight > 0) parts.push(`char ${f.charMin}-${f.charMax} (×${f.charWeight})`);
  if (f.lexicon > 0) parts.push(`lexicon (×${f.lexicon})`);
  if (f.score > 0) parts.push(`lexicon score (×${f.score})`);
  if ((f.shape ?? 0) > 0) parts.push(`shape (×${f.shape})`);
  const extras = [f.negation ? 'negation scope' : '', f.idf ? 'idf' : ''].filter(Boolean);
  const norm = f.unitNorm === false ? ', no length norm' : ', L2';
  return `hashed 2^${f.bits}: ${parts.join(' + ')}; sublinear tf${extras.map((e) => `, ${e}`).join('')}${norm}`;
}

// One pass of one regex: URLs, @handles, emoticons, numbers, words, emoji, runs of ! or ?.
// Applied to lowercased text, so emoticons list lowercase letters only.
const TOKEN =
  /(https?:\/\/\S+|www\.\S+)|(@[\p{L}\p{N}_]+)|([:;=][-o^']?[()[\]dp/\\|*3]|<3|[)(][-']?[:;=])|(\p{N}+(?:[.,:/]\p{N}+)*)|([\p{L}\p{M}\p{N}_'’]+)|(\p{Extended_Pictographic}|\p{Regional_Indicator}{2})|([!?]+)|([.,;:()"。，；：、（）]+)/gu;

const NEGATORS = new Set(
  'not no never nothing nobody none nor cannot without nicht kein keine keinen keinem keiner keines nie niemals nichts ohne ne pas jamais nunca nada ni'.split(
    ' ',
  ),
);

function isNegator(word: string): boolean {
  return (
    NEGATORS.has(word) ||
    word.endsWith("n't") ||
    /^(?:do|does|did|is|are|was|were|ca|could|would|wo|should|have|has|had)nt$/.test(word)
  );
}

/** What a token is: a word gets character n-grams; a boundary (punctuation) ends a negation's scope. */
const WORD = 0;
const OTHER = 1;
const BOUNDARY = 2;
type Kind = typeof WORD | typeof OTHER | typeof BOUNDARY;

const URL_TOKEN = '_url_';
const USER_TOKEN = '_user_';
const NUMBER_TOKEN = '_num_';
const WORD_SALT = 0x2545f491;
const BIGRAM_SALT = 0x6a09e667;
const CHAR_SALT = 0x3c6ef372;
const NEGATED_SALT = 0xa54ff53a;
const LEXICON_SALT = 0x510e527f;
const SCORE_SALT = 0x9b05688c;
const SHAPE_SALT = 0x1f83d9ab;

const CAPS_WORD = /\b[A-Z][A-Z']{2,}\b/g;
const ELONGATED = /(\p{L})\1{2,}/gu;
const HASHTAG = /#[\p{L}\p{N}_]+/gu;
const ENDS_EXCLAIM = /!\s*$/u;
const ENDS_QUESTION = /\?\s*$/u;
const ENDS_EMOTICON = /(?:[:;=][-o^']?[()[\]dDpP/\\|*3]|<3|\p{Extended_Pictographic})\s*$/u;

/** Appends the shape buckets of the raw text to `lexBuf` from `n`; returns the new length. */
function shapeFeatures(text: string, mask: number, n: number): number {
  const bin = (count: number) => Math.min(count, 3);
  const feature = (kind: number, value: number) => fmix(fnv(fnv(SHAPE_SALT, kind), value)) & mask;
  lexBuf = grow(lexBuf, n + 6);
  lexBuf[n++] = feature(1, bin(text.match(CAPS_WORD)?.length ?? 0));
  lexBuf[n++] = feature(2, bin(text.match(ELONGATED)?.length ?? 0));
  lexBuf[n++] = feature(3, bin(text.match(HASHTAG)?.length ?? 0));
  if (ENDS_EXCLAIM.test(text)) lexBuf[n++] = feature(4, 1);
  if (ENDS_QUESTION.test(text)) lexBuf[n++] = feature(5, 1);
  if (ENDS_EMOTICON.test(text)) lexBuf[n++] = feature(6, 1);
  return n;
}
const BOUNDARY_START = 2;
const BOUNDARY_END = 3;
/** From here on characters are CJK (and later blocks), where a single character already carries meaning. */
const CJK_START = 0x2e80;

function fnv(h: number, code: number): number {
  return Math.imul(h ^ code, 16777619);
}

/** murmur3's finaliser: FNV's low bits are weak for short strings, and buckets are the low bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(salt: number, s: string): number {
  let h = salt;
  for (let i = 0; i < s.length; i++) h = fnv(h, s.charCodeAt(i));
  return h;
}

// Scratch buffers reused across calls (the pipeline is synchronous); they grow for long texts.
let wordBuf = new Int32Array(256);
let charBuf = new Int32Array(2048);
let lexBuf = new Int32Array(64);
let outIdx = new Int32Array(2048);
let outVal = new Float32Array(2048);

function grow(buf: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= buf.length) return buf;
  const next = new Int32Array(Math.max(need, buf.length * 2));
  next.set(buf);
  return next;
}

/**
 * Calls `visit` with each token of the lowercased text: words (`isWord`), placeholders for URLs,
 * @handles and numbers, emoticons, emoji and runs of `!`/`?` (at most two kept).
 */
function eachToken(text: string, visit: (token: string, kind: Kind) => void): void {
  const lower = text.toLowerCase();
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
    if (m[1] !== undefined) visit(URL_TOKEN, OTHER);
    else if (m[2] !== undefined) visit(USER_TOKEN, OTHER);
    else if (m[4] !== undefined) visit(NUMBER_TOKEN, OTHER);
    else if (m[5] !== undefined) visit(m[5].includes('’') ? m[5].replaceAll('’', "'") : m[5], WORD);
    else if (m[7] !== undefined) visit(m[7].slice(0, 2), BOUNDARY);
    else if (m[8] !== undefined) visit('', BOUNDARY);
    else visit(m[0], OTHER);
  }
}

/**
 * The tokens the features are made of.
 *
 * @example tokenize('@united 2 hours late!!! 😡 http://t.co/x') // ['_user_', '_num_', 'hours', 'late', '!!', '😡', '_url_']
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  eachToken(text, (token) => {
    if (token) tokens.push(token);
  });
  return tokens;
}

/**
 * Appends the bucket of every character n-gram of `word` (with boundary marks) to `charBuf` from
 * `n`; returns the new length. Single CJK characters count as n-grams too.
 */
function charNgrams(word: string, f: FeatureOptions, mask: number, n: number): number {
  const len = word.length + 2;
  charBuf = grow(charBuf, n + len * (f.charMax - f.charMin + 2));
  for (let i = 0; i < len; i++) {
    let h = CHAR_SALT;
    const end = Math.min(i + f.charMax, len);
    for (let j = i; j < end; j++) {
      const code = j === 0 ? BOUNDARY_START : j === len - 1 ? BOUNDARY_END : word.charCodeAt(j - 1);
      h = fnv(h, code);
      const size = j - i + 1;
      if (size >= f.charMin || (size === 1 && code >= CJK_START)) charBuf[n++] = fmix(h) & mask;
    }
  }
  return n;
}

/** `1 + ln(count)` for small counts: a look-up instead of a logarithm per feature. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

// Counting repeats without sorting: `stamp[bucket] === generation` marks a bucket already seen in
// the current block and `slot[bucket]` is where it was written. Sorting each block instead took
// about a third of the featurization time on tweets.
let stamp = new Int32Array(0);
let slot = new Int32Array(0);
let generation = 0;

/**
 * Appends the distinct buckets of `buf[0..n)` at `at` with `1 + ln count` (× idf), scaled so the
 * block has norm `weight`; returns the new end.
 */
let unitNorm = true;
const FLAT_SCALE = 0.15;

function appendBlock(buf: Int32Array, n: number, weight: number, at: number, idf?: Float32Array): number {
  if (n === 0) return at;
  if (++generation === 0x7fffffff) {
    stamp.fill(0);
    generation = 1;
  }
  const start = at;
  for (let i = 0; i < n; i++) {
    const bucket = buf[i] ?? 0;
    if (stamp[bucket] === generation) {
      const k = slot[bucket] ?? 0;
      outVal[k] = (outVal[k] ?? 0) + 1;
    } else {
      stamp[bucket] = generation;
      slot[bucket] = at;
      outIdx[at] = bucket;
      outVal[at] = 1;
      at++;
    }
  }
  let sumSq = 0;
  for (let k = start; k < at; k++) {
    const count = outVal[k] ?? 1;
    const tf = count < SUBLINEAR_TF.length ? (SUBLINEAR_TF[count] ?? 1) : 1 + Math.log(count);
    const value = idf ? tf * (idf[outIdx[k] ?? 0] ?? 1) : tf;
    outVal[k] = value;
    sumSq += value * value;
  }
  const scale = unitNorm ? weight / Math.sqrt(sumSq) : weight * FLAT_SCALE;
  for (let k = start; k < at; k++) outVal[k] = (outVal[k] ?? 0) * scale;
  return at;
}

/**
 * A copy of `v` with every bucket moved by `salt` (a feature crossed with, e.g., an aspect) and
 * scaled by `weight`: the same n-gram gets its own weight per aspect.
 */
export function conjoin(v: SparseVector, salt: number, weight: number, mask: number): SparseVector {
  const indices = new Int32Array(v.length);
  const values = new Float32Array(v.length);
  for (let k = 0; k < v.length; k++) {
    indices[k] = fmix(fnv(salt, v.indices[k] ?? 0)) & mask;
    values[k] = (v.values[k] ?? 0) * weight;
  }
  return { indices, values, length: v.length };
}

/**
 * The hashed feature vector of a text. The returned arrays are views into scratch buffers that the
 * next call overwrites: copy them to keep them.
 *
 * @example
 * const v = featurize('服务态度很好', DEFAULT_FEATURES);
 * v.length > 0 // true: character n-grams of the Chinese run
 */
export function featurize(text: string, f: FeatureOptions, idf?: Float32Array): SparseVector {
  const mask = (1 << f.bits) - 1;
  if (stamp.length !== mask + 1) {
    stamp = new Int32Array(mask + 1);
    slot = new Int32Array(mask + 1);
  }
  unitNorm = f.unitNorm ?? true;
  let words = 0;
  let chars = 0;
  let lex = 0;
  let previous = 0;
  let hasPrevious = false;
  let negated = false;
  let scoreStart = -1;
  eachToken(text, (token, kind) => {
    if (kind === BOUNDARY) {
      negated = false;
      if (!token) return;
    }
    const h = hashString(WORD_SALT, token);
    wordBuf = grow(wordBuf, words + 3);
    wordBuf[words++] = fmix(h) & mask;
    if (f.wordNgrams === 2 && hasPrevious) wordBuf[words++] = fmix(fnv(previous, h ^ BIGRAM_SALT)) & mask;
    previous = h;
    hasPrevious = true;
    if (f.lexicon > 0) {
      const polarity = kind === WORD ? (EN_LEXICON.get(token) ?? DE_LEXICON.get(token)) : EMOJI.get(token);
      if (polarity !== undefined) {
        const signed = negated ? -polarity : polarity;
        lexBuf = grow(lexBuf, lex + 2);
        lexBuf[lex++] = fmix(fnv(LEXICON_SALT, signed > 0 ? 1 : 2)) & mask;
        lexBuf[lex++] = fmix(fnv(LEXICON_SALT, 10 + Math.round(signed))) & mask;
      }
    }
    if (kind !== WORD) return;
    if (negated) wordBuf[words++] = fmix(hashString(NEGATED_SALT, token)) & mask;
    else if (f.negation && isNegator(token)) negated = true;
    if (f.charWeight > 0) chars = charNgrams(token, f, mask, chars);
  });
  if (f.score > 0 && words + chars > 0) {
    // 'und': AFINN and the CX lexicon, or the Chinese one for Han text (the language is not known here).
    const { raw, hits } = scoreText(text, 'und');
    const rounded = Math.max(-8, Math.min(8, Math.round(raw)));
    lexBuf = grow(lexBuf, lex + 3);
    scoreStart = lex;
    lexBuf[lex++] = fmix(fnv(SCORE_SALT, raw > 0 ? 1 : raw < 0 ? 2 : 3)) & mask;
    lexBuf[lex++] = fmix(fnv(SCORE_SALT, 20 + rounded)) & mask;
    lexBuf[lex++] = fmix(fnv(SCORE_SALT, 40 + Math.min(hits, 3))) & mask;
  }
  const shapeStart = lex;
  if ((f.shape ?? 0) > 0 && words + chars > 0) lex = shapeFeatures(text, mask, lex);
  const need = words + chars + lex;
  if (outIdx.length < need) {
    outIdx = new Int32Array(need * 2);
    outVal = new Float32Array(need * 2);
  }
  // Each block has unit norm before weighting; the whole vector has unit norm after.
  const wordWeight = words > 0 ? 1 : 0;
  const charWeight = chars > 0 ? f.charWeight : 0;
  const lexWords = scoreStart >= 0 ? scoreStart : shapeStart;
  const scoreEnd = shapeStart;
  const lexWeight = lexWords > 0 ? f.lexicon : 0;
  const scoreWeight = scoreStart >= 0 ? f.score : 0;
  const shapeWeight = lex > shapeStart ? (f.shape ?? 0) : 0;
  const norm =
    Math.sqrt(wordWeight ** 2 + charWeight ** 2 + lexWeight ** 2 + scoreWeight ** 2 + shapeWeight ** 2) || 1;
  let length = appendBlock(wordBuf, words, wordWeight / norm, 0, idf);
  length = appendBlock(charBuf, chars, charWeight / norm, length, idf);
  length = appendBlock(lexBuf, lexWords, lexWeight / norm, length, idf);
  if (scoreStart >= 0)
    length = appendBlock(lexBuf.subarray(scoreStart), scoreEnd - scoreStart, scoreWeight / norm, length, idf);
  if (shapeWeight > 0)
    length = appendBlock(lexBuf.subarray(shapeStart), lex - shapeStart, shapeWeight / norm, length, idf);
  return { indices: outIdx.subarray(0, length), values: outVal.subarray(0, length), length };
}
