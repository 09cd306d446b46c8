/** Text segmentation shared by the analysis modules: sentences, words and scripts, with UTF-16 offsets. */

/** A piece of the analysed text: `start`/`end` are UTF-16 offsets (end exclusive). */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A word of the analysed text, lowercased in `norm`. */
export interface Token extends Span {
  norm: string;
}

// Intl.Segmenter construction costs ~50 µs; build one per locale and reuse it.
const WORD_SEGMENTERS = new Map<string, Intl.Segmenter>();
const SENTENCE_SEGMENTER = new Intl.Segmenter('en', { granularity: 'sentence' });
/** Characters after which Intl.Segmenter may end a sentence. */
const SENTENCE_END = /[.!?\n\r\u2029\u2028…。！？．｡]/u;

function wordSegmenter(language: string | undefined): Intl.Segmenter {
  const key = language ?? '';
  let segmenter = WORD_SEGMENTERS.get(key);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    WORD_SEGMENTERS.set(key, segmenter);
  }
  return segmenter;
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether the text contains Han (Chinese) characters. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Whether the text contains Hiragana or Katakana (Japanese). */
export function hasKana(text: string): boolean {
  return KANA.test(text);
}

/** Whether the text contains characters of a script written without spaces between words. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * The words of a text as lowercase strings, split by `Intl.Segmenter` so that Chinese and Japanese
 * words become tokens too. Punctuation and spaces are dropped.
 *
 * @example segmentWords('服务态度很好') // ['服务', '态度', '很好']
 */
export function segmentWords(text: string, language?: string): string[] {
  const words: string[] = [];
  for (const segment of wordSegmenter(language).segment(text)) {
    if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  }
  return words;
}

/** Scripts written without spaces between words: only these need a dictionary segmenter before indexing. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * The input for a full-text index. Text in scripts without spaces between words (Chinese, Japanese,
 * Thai, …) becomes the words of `segmentWords` joined by spaces, so that an index that splits on
 * spaces and punctuation (FTS5 `unicode61`, PostgreSQL `simple`) sees each word as a token. Other
 * text is already split that way by the index itself and is passed through, lowercased: segmenting
 * it cost ~55 µs a tweet, a tenth of the whole ingest (measured on the airline tweets).
 *
 * @example searchText('服务态度很好') // '服务 态度 很好'
 */
export function searchText(text: string, language?: string): string {
  return UNSPACED_SCRIPT.test(text) ? segmentWords(text, language).join(' ') : text.toLowerCase();
}

/** The sentences of a text with their offsets, trimmed of surrounding white space; blank ones dropped. */
export function splitSentences(text: string): Span[] {
  // Most short feedback is one sentence; the segmenter is the slowest step of scoring it.
  if (!SENTENCE_END.test(text.trimEnd().slice(0, -1)) || isOneSentence(text)) {
    const span = trimSpan(text, 0, text.length);
    return span ? [span] : [];
  }
  const sentences: Span[] = [];
  // The rules look back and ahead from each place: linear on tweets and reviews, not on a page of spaces.
  if (text.length <= MAX_ASCII_RULES && ASCII.test(text)) {
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
      if (i < text.length && !isAsciiSentenceBreak(text, i)) continue;
      const span = trimSpan(text, start, i);
      if (span) sentences.push(span);
      start = i;
    }
    return sentences;
  }
  for (const { segment, index } of SENTENCE_SEGMENTER.segment(text)) {
    const span = trimSpan(text, index, index + segment.length);
    if (span) sentences.push(span);
  }
  return sentences;
}

/** Sentence terminators (UAX #29 STerm and ATerm) that the quick check below knows; "…" is none. */
const TERMINATORS = new Set(['.', '!', '?', '。', '！', '？', '．', '｡']);
/** ASCII characters of the UAX #29 sentence class Close (quotes and brackets). */
const CLOSE = new Set(['"', "'", '(', ')', '[', ']', '{', '}']);

/**
 * Whether Intl.Segmenter would surely find no sentence break inside the text, although it has
 * terminators before its end: each one is followed by another ("Wait...", "What?!"), or is a full
 * stop right before a lowercase ASCII letter or a digit ("t.co/x", "3.5", rules SB6 and SB8 of
 * UAX #29), or is part of the closing run of terminators and quotes. Tweets with links and
 * ellipses skip the segmenter, the slowest step of scoring them; anything else still takes it.
 */
function isOneSentence(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  // The closing run: terminators, quotes and brackets up to the end.
  let closing = end;
  while (closing > 0 && (TERMINATORS.has(text.charAt(closing - 1)) || CLOSE.has(text.charAt(closing - 1)))) {
    closing--;
  }
  for (let i = 0; i < closing; i++) {
    const char = text.charAt(i);
    if (char === '…' || !SENTENCE_END.test(char)) continue;
    if (!TERMINATORS.has(char)) return false; // a line or paragraph break
    const next = text.charCodeAt(i + 1);
    if (TERMINATORS.has(text.charAt(i + 1))) continue;
    if (char === '.' && ((next >= 97 && next <= 122) || (next >= 48 && next <= 57))) continue;
    return false;
  }
  return true;
}

const ASCII = /^[^\u0080-\uffff]*$/;
const MAX_ASCII_RULES = 4000;

/** UAX #29 sentence-break classes of the ASCII characters; `other` for the rest. */
const enum SB {
  other,
  sp,
  lower,
  upper,
  numeric,
  aTerm,
  sTerm,
  close,
  sContinue,
  cr,
  lf,
}

const ASCII_SB = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  ASCII_SB[code] =
    char === '\r'
      ? SB.cr
      : char === '\n'
        ? SB.lf
        : char === ' ' || char === '\t' || char === '\v' || char === '\f'
          ? SB.sp
          : char >= 'a' && char <= 'z'
            ? SB.lower
            : char >= 'A' && char <= 'Z'
              ? SB.upper
              : char >= '0' && char <= '9'
                ? SB.numeric
                : char === '.'
                  ? SB.aTerm
                  : char === '!' || char === '?'
                    ? SB.sTerm
                    : '"\'()[]{}'.includes(char)
                      ? SB.close
                      : ',-:;'.includes(char)
                        ? SB.sContinue
                        : SB.other;
}

function sb(text: string, at: number): SB {
  return ASCII_SB[text.charCodeAt(at)] ?? SB.other;
}

/**
 * Whether Intl.Segmenter ('en') breaks sentences before `at` in an ASCII text: the rules SB3–SB11
 * of UAX #29 (there are no Extend, Format, OLetter or Sep characters in ASCII). ~20× faster than
 * the segmenter on tweets; tests hold it to the segmenter on random text.
 */
function isAsciiSentenceBreak(text: string, at: number): boolean {
  const before = sb(text, at - 1);
  const after = sb(text, at);
  if (before === SB.cr && after === SB.lf) return false; // SB3
  if (before === SB.cr || before === SB.lf) return true; // SB4
  // SB6–SB11 look back over Sp* and Close* to a terminator.
  let t = at - 1;
  while (t >= 0 && sb(text, t) === SB.sp) t--;
  const spaces = t < at - 1;
  while (t >= 0 && sb(text, t) === SB.close) t--;
  const term = t >= 0 ? sb(text, t) : SB.other;
  if (term !== SB.aTerm && term !== SB.sTerm) return false; // SB998
  if (term === SB.aTerm && t === at - 1) {
    if (after === SB.numeric) return false; // SB6
    const previous = t > 0 ? sb(text, t - 1) : SB.other;
    if (after === SB.upper && (previous === SB.upper || previous === SB.lower)) return false; // SB7
  }
  if (term === SB.aTerm) {
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
    for (let i = at; i < text.length; i++) {
      const next = sb(text, i);
      if (next === SB.lower) return false;
      if (next === SB.upper || next === SB.cr || next === SB.lf || next === SB.aTerm || next === SB.sTerm)
        break;
    }
  }
  if (after === SB.sContinue || after === SB.aTerm || after === SB.sTerm) return false; // SB8a
  if (!spaces && (after === SB.close || after === SB.sp || after === SB.cr || after === SB.lf)) return false; // SB9
  if (after === SB.sp || after === SB.cr || after === SB.lf) return false; // SB10
  return true; // SB11
}

/** The span `start…end` of `text` without leading and trailing white space, or undefined when blank. */
export function trimSpan(text: string, start: number, end: number): Span | undefined {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start < end ? { start, end, text: text.slice(start, end) } : undefined;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000;
}

// A regular expression is ~20× faster than Intl.Segmenter for space-separated scripts (measured on
// 10k airline tweets: 340k/s against 16k/s), so the analysers use it there and the segmenter for CJK.
/** A word of a space-separated script, apostrophes inside ("don't"). */
export const WORD_PATTERN = "[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}]+)*";
const LATIN_WORD = new RegExp(WORD_PATTERN, 'gu');

/** Word tokens of `text` between `from` and `to`, offsets into `text`. */
export function wordTokens(text: string, from = 0, to = text.length): Token[] {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const tokens: Token[] = [];
  if (hasCjk(slice)) {
    const language = hasKana(slice) ? 'ja' : 'zh';
    for (const { segment, index, isWordLike } of wordSegmenter(language).segment(slice)) {
      if (isWordLike) tokens.push(token(segment, from + index));
    }
    return tokens;
  }
  LATIN_WORD.lastIndex = 0;
  for (let match = LATIN_WORD.exec(slice); match; match = LATIN_WORD.exec(slice)) {
    tokens.push(token(match[0], from + match.index));
  }
  return tokens;
}

function token(text: string, start: number): Token {
  return { start, end: start + text.length, text, norm: text.toLowerCase() };
}
