import type { Evidence, TaxonomyTouchpoint } from '../types.js';
import { hasCjk } from '../text/index.js';

/** A place in the text where an example phrase of a touchpoint occurs. */
export interface TouchpointMatch extends Evidence {
  key: string;
}

/** An example phrase, lowercased with single spaces, and the keys of the touchpoints that list it. */
interface Phrase {
  phrase: string;
  keys: string[];
  /** CJK phrases match as substrings; others on word boundaries, with an optional plural "s"/"es". */
  substring: boolean;
}

interface CompiledTaxonomy {
  /**
   * The first two UTF-16 units of a phrase (`pairKey`) → the phrases starting with them, longest
   * first; one-unit phrases under their unit alone. Keyed on two units, an English word start tries a
   * few candidates, not every phrase of every language that starts with its letter.
   */
  byFirst: Map<number, Phrase[]>;
  /**
   * Per UTF-16 unit: which phrases start with it (`WORD_START` Latin ones only, `ANYWHERE` some
   * substring ones too, 0 none). One typed-array read per character of the text.
   */
  starts: Uint8Array;
  /** Whether every phrase is free of characters that lowercase differently from how they case-fold. */
  foldSafe: boolean;
  phrases: Phrase[];
  /** The one-regex matcher and its phrase → keys map, built on first use, for texts the scanner cannot read exactly. */
  pattern?: { regex: RegExp; keys: Map<string, string[]> } | undefined;
}

// A workspace's taxonomy is one array reused for every item: compile it once. Callers that build
// a new, equal array per item (jobs flatten the stored stages each time) hit the cache by content.
const COMPILED = new WeakMap<readonly TaxonomyTouchpoint[], CompiledTaxonomy>();
const BY_CONTENT = new Map<string, CompiledTaxonomy>();
const MAX_BY_CONTENT = 64;

function compiled(taxonomy: readonly TaxonomyTouchpoint[]): CompiledTaxonomy {
  const cached = COMPILED.get(taxonomy);
  if (cached) return cached;
  const signature = contentKey(taxonomy);
  let entry = BY_CONTENT.get(signature);
  if (!entry) {
    entry = compile(taxonomy);
    if (BY_CONTENT.size >= MAX_BY_CONTENT) BY_CONTENT.clear();
    BY_CONTENT.set(signature, entry);
  }
  COMPILED.set(taxonomy, entry);
  return entry;
}

function contentKey(taxonomy: readonly TaxonomyTouchpoint[]): string {
  let key = '';
  for (const touchpoint of taxonomy) {
    key += `${touchpoint.key}\u0001${touchpoint.examples.join('\u0002')}\u0003`;
  }
  return key;
}

function compile(taxonomy: readonly TaxonomyTouchpoint[]): CompiledTaxonomy {
  const keys = new Map<string, string[]>();
  for (const touchpoint of taxonomy) {
    for (const example of touchpoint.examples) {
      const phrase = normalize(example.trim());
      if (!phrase) continue;
      const list = keys.get(phrase) ?? [];
      if (!list.includes(touchpoint.key)) list.push(touchpoint.key);
      keys.set(phrase, list);
    }
  }
  // Longest first (a stable sort), so that "check-in desk" wins over "check-in" at the same place.
  const phrases = [...keys]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([phrase, list]): Phrase => ({ phrase, keys: list, substring: hasCjk(phrase) }));
  const byFirst = new Map<number, Phrase[]>();
  const starts = new Uint8Array(0x10000);
  for (const phrase of phrases) {
    const first = phrase.phrase.charCodeAt(0);
    const key = phrase.phrase.length === 1 ? first : pairKey(first, phrase.phrase.charCodeAt(1));
    const list = byFirst.get(key) ?? [];
    list.push(phrase);
    byFirst.set(key, list);
    starts[first] = phrase.substring || starts[first] === ANYWHERE ? ANYWHERE : WORD_START;
  }
  const foldSafe = phrases.every(({ phrase }) => isFoldSafe(phrase));
  return { byFirst, starts, foldSafe, phrases };
}

const WORD_START = 1;
const ANYWHERE = 2;

/** Two UTF-16 units as one key above 0xffff (a space in a phrase stands for any white space). */
function pairKey(first: number, second: number): number {
  return 0x10000 + first * 0x10000 + (isSpace(second) ? 32 : second);
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Finds the example phrases of a taxonomy in a text: case-insensitive, on word boundaries for
 * Latin scripts (with an optional plural "s"/"es") and as substrings for Chinese and Japanese.
 * Offsets are UTF-16, into `text`. At each place the longest phrase wins; matches do not overlap.
 *
 * @example matchTouchpoints('Rude staff', [{ key: 'staff', name: 'Staff', examples: ['staff'] }])
 * // [{ key: 'staff', start: 5, end: 10, text: 'staff' }]
 */
export function matchTouchpoints(text: string, taxonomy: readonly TaxonomyTouchpoint[]): TouchpointMatch[] {
  if (taxonomy.length === 0) return [];
  const taxonomyCompiled = compiled(taxonomy);
  if (taxonomyCompiled.phrases.length === 0) return [];
  const lower = text.toLowerCase();
  // The scanner compares lowercased characters; the regex compares case-folded ones. They agree
  // except for a few characters (Greek final sigma, long s, "İ", …): those texts take the regex.
  if (lower.length !== text.length || !taxonomyCompiled.foldSafe || !isFoldSafe(lower)) {
    return matchByPattern(text, taxonomyCompiled);
  }
  return scan(text, lower, taxonomyCompiled);
}

/**
 * One pass over the text: at each character that starts some phrase, try the phrases starting with
 * it, longest first; a match resumes the scan after its end. Equivalent to the alternation regex
 * `(?<![\p{L}\p{N}])(phrase)(?:e?s)?(?![\p{L}\p{N}])|…` (substring alternatives for CJK) with the
 * `giu` flags, for fold-safe text, at a fraction of its cost and with no allocation per character.
 */
function scan(text: string, lower: string, { byFirst, starts }: CompiledTaxonomy): TouchpointMatch[] {
  const matches: TouchpointMatch[] = [];
  const length = lower.length;
  for (let at = 0; at < length;) {
    const code = lower.charCodeAt(at);
    const starting = starts[code];
    // Most letters start some phrase; inside a word only substring phrases can.
    if (starting === 0 || (starting === WORD_START && isWordBefore(lower, at))) {
      at++;
      continue;
    }
    let end = -1;
    let found: Phrase | undefined;
    let boundary: boolean | undefined;
    const pair = at + 1 < length ? byFirst.get(pairKey(code, lower.charCodeAt(at + 1))) : undefined;
    const single = byFirst.get(code);
    for (const candidate of pair && single ? [...pair, ...single] : (pair ?? single ?? [])) {
      if (!candidate.substring) {
        boundary ??= starting === WORD_START || !isWordBefore(lower, at);
        if (!boundary) continue;
      }
      const bodyEnd = matchBody(lower, at, candidate.phrase);
      if (bodyEnd < 0) continue;
      end = candidate.substring ? bodyEnd : pluralEnd(lower, bodyEnd);
      if (end < 0) continue;
      found = candidate;
      break;
    }
    if (!found) {
      at++;
      continue;
    }
    const matched = text.slice(at, end);
    for (const key of found.keys) matches.push({ key, start: at, end, text: matched });
    at = end;
  }
  return matches;
}

/** The end of `phrase` read at `at` (a space in the phrase stands for any white space), or -1. */
function matchBody(lower: string, at: number, phrase: string): number {
  let i = at;
  const length = lower.length;
  for (let j = 0; j < phrase.length; j++) {
    const code = phrase.charCodeAt(j);
    if (code === 32) {
      if (i >= length || !isSpace(lower.charCodeAt(i))) return -1;
      i++;
      while (i < length && isSpace(lower.charCodeAt(i))) i++;
    } else {
      if (i >= length || lower.charCodeAt(i) !== code) return -1;
      i++;
    }
  }
  return i;
}

/** `(?:e?s)?(?![\p{L}\p{N}])` after a Latin phrase ending at `end`: where the match ends, or -1. */
function pluralEnd(lower: string, end: number): number {
  const next = lower.charCodeAt(end);
  if (next === 101 /* e */ && lower.charCodeAt(end + 1) === 115 /* s */ && !isWordAt(lower, end + 2)) {
    return end + 2;
  }
  if (next === 115 /* s */ && !isWordAt(lower, end + 1)) return end + 1;
  return isWordAt(lower, end) ? -1 : end;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet known, 1 letter or number, 2 neither. */
const WORD_UNITS = new Uint8Array(0x10000);

function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    let known = WORD_UNITS[codePoint];
    if (known === 0) {
      known = LETTER_OR_NUMBER.test(String.fromCharCode(codePoint)) ? 1 : 2;
      WORD_UNITS[codePoint] = known;
    }
    return known === 1;
  }
  return LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
}

/** Whether the code point ending just before `at` is a letter or number (the regex's look-behind). */
function isWordBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const unit = text.charCodeAt(at - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) {
      return isWordCodePoint((high - 0xd800) * 0x400 + (unit - 0xdc00) + 0x10000);
    }
  }
  return isWordCodePoint(unit);
}

/** Whether the code point starting at `at` is a letter or number (the regex's look-ahead). */
function isWordAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const codePoint = text.codePointAt(at) ?? 0;
  return isWordCodePoint(codePoint);
}

/** JavaScript's `\s`: white space and line terminators. */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Whether comparing `toLowerCase()` text is the same as the regex's case-insensitive comparison
 * (simple case folding). It is not for the micro sign, long s, Greek (final sigma, symbol forms),
 * ẛ/ẞ, Cherokee, Kelvin/Ohm/Ångström signs and a few Cyrillic variants; those texts take the regex.
 */
function isFoldSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xb5) continue;
    if (
      code === 0xb5 ||
      code === 0x130 ||
      code === 0x131 ||
      code === 0x17f ||
      code === 0x345 ||
      (code >= 0x370 && code <= 0x3ff) ||
      (code >= 0x13a0 && code <= 0x13ff) ||
      (code >= 0x1c80 && code <= 0x1c8f) ||
      (code >= 0x1e9b && code <= 0x1e9e) ||
      (code >= 0x1f00 && code <= 0x1fff) ||
      (code >= 0x2126 && code <= 0x212b) ||
      (code >= 0xab70 && code <= 0xabbf)
    ) {
      return false;
    }
  }
  return true;
}

/** The regex matcher, exact for any text; the scanner's fallback and its reference in tests. */
function matchByPattern(text: string, taxonomyCompiled: CompiledTaxonomy): TouchpointMatch[] {
  const { regex, keys } = (taxonomyCompiled.pattern ??= buildPattern(taxonomyCompiled.phrases));
  const matches: TouchpointMatch[] = [];
  for (const match of text.matchAll(regex)) {
    // The one group that took part is the phrase itself, without the plural ending.
    const phrase = match.slice(1).find((group) => group !== undefined);
    if (phrase === undefined) continue;
    const start = match.index;
    const end = start + match[0].length;
    for (const key of keys.get(normalize(phrase)) ?? []) {
      matches.push({ key, start, end, text: match[0] });
    }
  }
  return matches;
}

function buildPattern(phrases: readonly Phrase[]): { regex: RegExp; keys: Map<string, string[]> } {
  const alternatives = phrases.map(({ phrase, substring }) => {
    const body = escape(phrase).replace(/\s+/g, '\\s+');
    // CJK has no spaces between words: a substring is a match. Latin phrases need word
    // boundaries ("seat" is not in "seattle") and may take an English plural "s".
    return substring ? `(${body})` : `(?<![\\p{L}\\p{N}])(${body})(?:e?s)?(?![\\p{L}\\p{N}])`;
  });
  return {
    regex: new RegExp(alternatives.join('|'), 'giu'),
    keys: new Map(phrases.map((p) => [p.phrase, p.keys])),
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regex matcher on any text, for tests that hold the scanner to it. */
export function matchTouchpointsByPattern(
  text: string,
  taxonomy: readonly TaxonomyTouchpoint[],
): TouchpointMatch[] {
  const taxonomyCompiled = compiled(taxonomy);
  return taxonomyCompiled.phrases.length === 0 ? [] : matchByPattern(text, taxonomyCompiled);
}
