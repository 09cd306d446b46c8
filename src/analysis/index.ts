/**
 * The text-analysis pipeline: text (+ rating, taxonomy) in, results out; pure, no I/O.
 * `createAnalyzer` is the one place that chooses the implementation.
 */
import { createBaselineAnalyzer } from './baseline/index.js';
import type { Analyzer } from './types.js';

export type * from './types.js';
export { INTENTS, SENTIMENT_LABELS } from './types.js';
export { searchText, segmentWords } from './text/index.js';
export { detectLanguage } from './language/index.js';

export interface AnalyzerOptions {
  /** `baseline`: lexicons and phrase rules (`baseline-lexicon@1`). */
  implementation: 'baseline';
}

const DEFAULT_OPTIONS = { implementation: 'baseline' } satisfies AnalyzerOptions;

/**
 * The analyser the server, CLI and jobs use.
 *
 * @example
 * const analyzer = createAnalyzer();
 * analyzer.analyze({ text: 'Great food but rude staff', rating: 4 }).sentiment.label // 'positive'
 */
export function createAnalyzer(options: Partial<AnalyzerOptions> = {}): Analyzer {
  const { implementation } = { ...DEFAULT_OPTIONS, ...options };
  switch (implementation) {
    case 'baseline':
      return createBaselineAnalyzer();
  }
}
