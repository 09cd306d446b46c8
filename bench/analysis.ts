/** Throughput of the analyser against the `sentiment` package (AFINN-165) alone, on the same texts. */
import Sentiment from 'sentiment';
import { vaderPeer } from '../src/eval/peers.js';
import { createAnalyzer } from '../src/analysis/index.js';
import { DEFAULT_TAXONOMY } from '../src/core/journey/default-taxonomy.js';

export interface BenchFigure {
  name: string;
  itemsPerSecond: number;
}

/** Best of `rounds` passes over the texts, after one warm-up pass, so a busy machine counts less. */
function measure(texts: readonly string[], run: (text: string) => unknown, rounds = 5): number {
  for (const text of texts) run(text);
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const text of texts) run(text);
    best = Math.max(best, (texts.length * 1000) / (performance.now() - started));
  }
  return Math.round(best);
}

/**
 * Items per second of `createAnalyzer()` (the whole pipeline: language, sentences, sentiment,
 * intents, urgency), with and without the default journey taxonomy as ingest passes it, and of
 * AFINN alone (one document score), on one core.
 *
 * @example (await benchAnalysis(texts)).map((f) => `${f.name}: ${f.itemsPerSecond}/s`)
 */
export async function benchAnalysis(texts: string[]): Promise<BenchFigure[]> {
  const analyzer = createAnalyzer();
  const afinn = new Sentiment();
  const vader = vaderPeer();
  const taxonomy = DEFAULT_TAXONOMY.flatMap((stage) => stage.touchpoints);
  const figures: BenchFigure[] = [
    { name: analyzer.model, itemsPerSecond: measure(texts, (text) => analyzer.analyze({ text })) },
    {
      name: `${analyzer.model} + default taxonomy`,
      itemsPerSecond: measure(texts, (text) => analyzer.analyze({ text }, { taxonomy })),
    },
    { name: 'sentiment@5 (AFINN-165) alone', itemsPerSecond: measure(texts, (text) => afinn.analyze(text)) },
    // VADER is ~10× slower: two passes over the texts keep the whole bench short.
    { name: vader.name, itemsPerSecond: measure(texts, (text) => vader.predict(text), 2) },
  ];
  return Promise.resolve(figures);
}
