import { createRequire } from 'node:module';

// The `sentiment` package's own data: AFINN-165 and its negators. Its `analyze()` costs ~6 µs a
// call, and calling it per clause held the whole analyser to 9k tweets/s; scoring our tokens
// against the same lexicon, with the package's rule (a negator just before flips the sign), runs
// at several times that. The package has no `exports` map, so these paths are public.
const require = createRequire(import.meta.url);

export const EN_LEXICON: ReadonlyMap<string, number> = new Map(
  Object.entries(require('sentiment/languages/en/labels.json') as Record<string, number>),
);

export const EN_NEGATORS: ReadonlySet<string> = new Set(
  Object.keys(require('sentiment/languages/en/negators.json') as Record<string, number>),
);
