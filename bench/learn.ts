/**
 * Cross-validated figures of the learned classifiers (src/analysis/learn) on the labelled files in
 * ../shared/data (TOUCHPOINT_SHARED_DATA to point elsewhere): accuracy, macro-F1, training seconds
 * on the whole file and prediction items/s. Figures, never assertions.
 *
 *   node --import tsx bench/learn.ts                       # every task, 5 folds
 *   node --import tsx bench/learn.ts --only airline-sentiment --options '{"l2":1e-5}'
 *   node --import tsx bench/learn.ts --only airline-sentiment --options '{"confidenceWeight":1}'
 *
 * `confidenceWeight` p weighs each airline tweet by its CrowdFlower agreement^p in training only;
 * the figures are still over every tweet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  assignFolds,
  crossValidate,
  crossValidateMultiLabel,
  metrics,
  TOPIC_OPTIONS,
  trainClassifier,
  trainAspectPolarity,
  trainMultiLabel,
  type AspectPolarityOptions,
  type Example,
  type MultiLabelExample,
  type MultiLabelOptions,
  type TrainOptions,
} from '../src/analysis/learn/index.js';

const dataDir = process.env.TOUCHPOINT_SHARED_DATA ?? path.resolve('../shared/data');
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const only = flag('--only')?.split(',');
const extra = JSON.parse(flag('--options') ?? '{}') as TrainOptions &
  MultiLabelOptions &
  AspectPolarityOptions & { confidenceWeight?: number };
const FOLDS = Number(flag('--folds') ?? 5);

function csv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(fs.readFileSync(path.join(dataDir, file)), {
    columns: true,
    bom: true,
  });
}

function airline(): Record<string, string>[] {
  const seen = new Set<string>();
  return csv('airline-tweets/Tweets.train.csv').filter((r) => {
    const id = r.tweet_id ?? '';
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e] ?? '');

interface AbsaSentence {
  text: string;
  categories: { category: string; polarity: string }[];
}

function semeval(file: string): AbsaSentence[] {
  const xml = fs.readFileSync(path.join(dataDir, file), 'utf8');
  return [...xml.matchAll(/<sentence\b[\s\S]*?<\/sentence>/g)].map(([block]) => ({
    text: unescapeXml(/<text>([\s\S]*?)<\/text>/.exec(block)?.[1] ?? ''),
    categories: [...block.matchAll(/<aspectCategory category="([^"]*)" polarity="([^"]*)"/g)].map((m) => ({
      category: unescapeXml(m[1] ?? ''),
      polarity: m[2] ?? '',
    })),
  }));
}

function germeval(file: string): Example[] {
  return fs
    .readFileSync(path.join(dataDir, file), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cols) => cols.length >= 4 && cols[1])
    .map((cols) => ({ text: cols[1] ?? '', label: cols[3] ?? '' }));
}

interface Row {
  dataset: string;
  task: string;
  n: number;
  accuracy: number;
  macroF1: number;
  note: string;
  trainSeconds: number;
  itemsPerSecond: number;
}

function timeTrain<T>(train: () => T): { model: T; seconds: number } {
  const started = performance.now();
  const model = train();
  return { model, seconds: (performance.now() - started) / 1000 };
}

/** Best of 3 passes over at most 20,000 texts, after a warm-up pass. */
function throughput(texts: readonly string[], predict: (text: string) => unknown): number {
  const sample = texts.slice(0, 20_000);
  for (const t of sample) predict(t);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (const t of sample) predict(t);
    best = Math.max(best, (sample.length * 1000) / (performance.now() - started));
  }
  return Math.round(best);
}

function singleLabel(dataset: string, task: string, examples: Example[], options: TrainOptions): Row {
  const cv = crossValidate(examples, { folds: FOLDS, ...options, ...extra });
  const { model, seconds } = timeTrain(() => trainClassifier(examples, { ...options, ...extra }));
  const texts = examples.map((e) => e.text);
  const perClass = Object.entries(cv.perClass)
    .map(([label, c]) => `${label} ${c.f1.toFixed(3)}`)
    .join(', ');
  return {
    dataset,
    task,
    n: examples.length,
    accuracy: cv.accuracy,
    macroF1: cv.macroF1,
    note: `F1 per class: ${perClass}`,
    trainSeconds: seconds,
    itemsPerSecond: throughput(texts, (t) => model.predict(t)),
  };
}

const TASKS: Record<string, () => Row> = {
  'airline-sentiment': () =>
    singleLabel(
      'airline-tweets/Tweets.train.csv (dedup. by tweet_id)',
      'sentiment, 3 classes',
      airline().map((r) => ({
        text: r.text ?? '',
        label: r.airline_sentiment ?? '',
        ...(extra.confidenceWeight
          ? { weight: Number(r.airline_sentiment_confidence) ** extra.confidenceWeight }
          : {}),
      })),
      { classWeight: 'balanced' },
    ),
  'airline-reason': () =>
    singleLabel(
      'airline-tweets/Tweets.train.csv, negative tweets',
      'negative reason, 9 classes (no "Can\'t Tell")',
      airline()
        .filter(
          (r) => r.airline_sentiment === 'negative' && r.negativereason && r.negativereason !== "Can't Tell",
        )
        .map((r) => ({
          text: r.text ?? '',
          label: r.negativereason ?? '',
          ...(extra.confidenceWeight
            ? { weight: Number(r.negativereason_confidence) ** extra.confidenceWeight }
            : {}),
        })),
      // Nine classes scored by accuracy: the topic preset (less L2, no averaging, no class weights).
      TOPIC_OPTIONS,
    ),
  'online-shopping': () =>
    singleLabel(
      'chinese-reviews/online_shopping_10_cats.train.csv',
      'sentiment, binary',
      csv('chinese-reviews/online_shopping_10_cats.train.csv')
        .filter((r) => r.review?.trim())
        .map((r) => ({ text: r.review ?? '', label: r.label === '1' ? 'positive' : 'negative' })),
      {},
    ),
  germeval: () =>
    singleLabel(
      'germeval2017/dev_v1.4.tsv',
      'document sentiment, 3 classes',
      germeval('germeval2017/dev_v1.4.tsv'),
      {},
    ),
  'semeval-categories': () => {
    const examples: MultiLabelExample[] = semeval('semeval2014-absa/Restaurants_Train_v2.xml').map((s) => ({
      text: s.text,
      labels: [...new Set(s.categories.map((c) => c.category))],
    }));
    // The defaults of trainMultiLabel (DEFAULT_MULTI_LABEL): thresholds per label tuned by an inner
    // 3-fold CV inside each training fold; `--options '{"threshold":0.35}'` for one fixed threshold.
    const options: MultiLabelOptions = { ...extra };
    const cv = crossValidateMultiLabel(examples, { folds: FOLDS, ...options });
    const { model, seconds } = timeTrain(() => trainMultiLabel(examples, options));
    return {
      dataset: 'semeval2014-absa/Restaurants_Train_v2.xml',
      task: 'aspect-category detection, 5 labels (micro-F1)',
      n: examples.length,
      accuracy: cv.exactMatch,
      macroF1: cv.macroF1,
      note: `micro P ${cv.precision.toFixed(3)} R ${cv.recall.toFixed(3)} F1 ${cv.f1.toFixed(3)}; accuracy column = exact set match`,
      trainSeconds: seconds,
      itemsPerSecond: throughput(
        examples.map((e) => e.text),
        (t) => model.predict(t),
      ),
    };
  },
  'semeval-polarity': () => semevalPolarity(),
};

/**
 * Category polarity: one example per (sentence, gold category), trained with `trainAspectPolarity`
 * (features conjoined with the category, cue-word clauses learned from the training folds only).
 * Folds are by sentence, so no sentence is both trained on and tested.
 */
function semevalPolarity(): Row {
  const sentences = semeval('semeval2014-absa/Restaurants_Train_v2.xml');
  const fold = assignFolds(
    sentences.map((s) => s.categories.map((c) => c.polarity).join('|')),
    FOLDS,
    1,
  );
  const examples = sentences.flatMap((s, i) =>
    s.categories.map((c) => ({ text: s.text, aspect: c.category, label: c.polarity, fold: fold[i] })),
  );
  const options: AspectPolarityOptions = { ...extra };
  const gold: string[] = [];
  const predicted: string[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const model = trainAspectPolarity(
      examples.filter((e) => e.fold !== k),
      options,
    );
    for (const e of examples.filter((e) => e.fold === k)) {
      gold.push(e.label);
      predicted.push(model.predict(e.text, e.aspect).label);
    }
  }
  const m = metrics(gold, predicted);
  const { model, seconds } = timeTrain(() => trainAspectPolarity(examples, options));
  return {
    dataset: 'semeval2014-absa/Restaurants_Train_v2.xml',
    task: 'category polarity, 4 classes (with conflict), gold categories',
    n: examples.length,
    accuracy: m.accuracy,
    macroF1: m.macroF1,
    note: `F1 per class: ${Object.entries(m.perClass)
      .map(([l, c]) => `${l} ${c.f1.toFixed(3)}`)
      .join(', ')}`,
    trainSeconds: seconds,
    itemsPerSecond: throughput(
      examples.map((e) => `${e.aspect}\t${e.text}`),
      (t) => model.predict(t.slice(t.indexOf('\t') + 1), t.slice(0, t.indexOf('\t'))),
    ),
  };
}

console.log(`node ${process.version}; ${FOLDS}-fold cross-validation; options ${JSON.stringify(extra)}\n`);
console.log('| dataset | task | n | accuracy | macro-F1 | train s | predict items/s | notes |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, run] of Object.entries(TASKS)) {
  if (only && !only.includes(name)) continue;
  const r = run();
  console.log(
    `| ${r.dataset} | ${r.task} | ${r.n} | ${r.accuracy.toFixed(3)} | ${r.macroF1.toFixed(3)} | ${r.trainSeconds.toFixed(2)} | ${r.itemsPerSecond} | ${r.note} |`,
  );
}
