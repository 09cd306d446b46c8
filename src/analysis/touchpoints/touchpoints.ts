import type { Evidence, TaxonomyTouchpoint } from '../types.js';
import { hasCjk } from '../text/index.js';

/** A place in the text where an example phrase of a touchpoint occurs. */
export interface TouchpointMatch extends Evidence {
  key: string;
}

interface CompiledTaxonomy {
  pattern: RegExp | undefined;
  /** Lowercased phrase → keys of the touchpoints that list it. */
  keys: Map<string, string[]>;
}

// A workspace's taxonomy is one array reused for every item: compile it once.
const COMPILED = new WeakMap<readonly TaxonomyTouchpoint[], CompiledTaxonomy>();

function compile(taxonomy: readonly TaxonomyTouchpoint[]): CompiledTaxonomy {
  const cached = COMPILED.get(taxonomy);
  if (cached) return cached;
  const keys = new Map<string, string[]>();
  for (const touchpoint of taxonomy) {
    for (const example of touchpoint.examples) {
      const phrase = example.trim().toLowerCase().replace(/\s+/g, ' ');
      if (!phrase) continue;
      const list = keys.get(phrase) ?? [];
      if (!list.includes(touchpoint.key)) list.push(touchpoint.key);
      keys.set(phrase, list);
    }
  }
  // Longest first, so that "check-in desk" wins over "check-in" at the same place.
  const alternatives = [...keys.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => {
      const body = escape(phrase).replace(/\s+/g, '\\s+');
      // CJK has no spaces between words: a substring is a match. Latin phrases need word
      // boundaries ("seat" is not in "seattle") and may take an English plural "s".
      return hasCjk(phrase) ? `(${body})` : `(?<![\\p{L}\\p{N}])(${body})(?:e?s)?(?![\\p{L}\\p{N}])`;
    });
  const compiled: CompiledTaxonomy = {
    pattern: alternatives.length ? new RegExp(alternatives.join('|'), 'giu') : undefined,
    keys,
  };
  COMPILED.set(taxonomy, compiled);
  return compiled;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the example phrases of a taxonomy in a text: case-insensitive, on word boundaries for
 * Latin scripts and as substrings for Chinese and Japanese. Offsets are UTF-16, into `text`.
 *
 * @example matchTouchpoints('Rude staff', [{ key: 'staff', name: 'Staff', examples: ['staff'] }])
 * // [{ key: 'staff', start: 5, end: 10, text: 'staff' }]
 */
export function matchTouchpoints(text: string, taxonomy: readonly TaxonomyTouchpoint[]): TouchpointMatch[] {
  const { pattern, keys } = compile(taxonomy);
  if (!pattern) return [];
  const matches: TouchpointMatch[] = [];
  for (const match of text.matchAll(pattern)) {
    // The one group that took part is the phrase itself, without the plural ending.
    const phrase = match.slice(1).find((group) => group !== undefined);
    if (phrase === undefined) continue;
    const start = match.index;
    const end = start + match[0].length;
    for (const key of keys.get(phrase.toLowerCase().replace(/\s+/g, ' ')) ?? []) {
      matches.push({ key, start, end, text: match[0] });
    }
  }
  return matches;
}
