/**
 * Zero-shot figures of the analyser on the two halves of each file whose errors were read while the
 * lexicons were written: the development half (SHA-1 of the text even) and the held-out half (odd).
 * The held-out half is the fair zero-shot figure (docs/accuracy.md). Figures, never assertions.
 *
 *   node --import tsx bench/halves.ts            # ../shared/data, or TOUCHPOINT_SHARED_DATA
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createAnalyzer, type SentimentLabel } from '../src/analysis/index.js';
import { readDataset, type DatasetName } from '../src/eval/datasets/index.js';
import { DEFAULT_TOUCHPOINTS } from '../src/eval/mappings.js';
import { metrics } from '../src/eval/metrics.js';

const dataDir = process.env.TOUCHPOINT_SHARED_DATA ?? path.resolve('../shared/data');
const FILES: { dataset: DatasetName; file: string; labels: readonly SentimentLabel[] }[] = [
  {
    dataset: 'airline',
    file: 'airline-tweets/Tweets.train.csv',
    labels: ['negative', 'neutral', 'positive'],
  },
  {
    dataset: 'semeval2014',
    file: 'semeval2014-absa/Restaurants_Train_v2.xml',
    labels: ['negative', 'neutral', 'positive'],
  },
  {
    dataset: 'online-shopping',
    file: 'chinese-reviews/online_shopping_10_cats.train.csv',
    labels: ['negative', 'positive'],
  },
];

/** 0 for the development half, 1 for the held-out half. */
function half(text: string): number {
  return Number(BigInt(`0x${createHash('sha1').update(text).digest('hex')}`) % 2n);
}

const analyzer = createAnalyzer();
for (const { dataset, file, labels } of FILES) {
  const { records } = await readDataset(dataset, path.join(dataDir, file));
  const halves: { gold: string[]; predicted: string[] }[] = [
    { gold: [], predicted: [] },
    { gold: [], predicted: [] },
  ];
  for (const r of records) {
    if (!r.sentiment) continue;
    const { sentiment } = analyzer.analyze({ text: r.text }, { taxonomy: DEFAULT_TOUCHPOINTS });
    // Binary sets: a neutral prediction counts by the sign of its score, as `touchpoint eval` does.
    const predicted =
      labels.length === 2 && sentiment.label === 'neutral'
        ? sentiment.score > 0
          ? 'positive'
          : sentiment.score < 0
            ? 'negative'
            : 'neutral'
        : sentiment.label;
    const h = halves[half(r.text)];
    h?.gold.push(r.sentiment);
    h?.predicted.push(predicted);
  }
  halves.forEach((h, i) => {
    const m = metrics(h.gold, h.predicted, labels);
    const name = i === 0 ? 'development' : 'held-out';
    console.log(
      `${dataset.padEnd(16)} ${name.padEnd(12)} n ${String(h.gold.length).padStart(6)}  accuracy ${(100 * m.accuracy).toFixed(1)}  macro-F1 ${(100 * m.macroF1).toFixed(1)}`,
    );
  });
}
