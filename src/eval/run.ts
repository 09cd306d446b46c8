import {
  createAnalyzer,
  detectLanguage,
  type AnalysisResult,
  type SentimentLabel,
} from '../analysis/index.js';
import {
  MODEL_FORMAT,
  TOPIC_OPTIONS,
  multiLabelMetrics,
  trainAspectPolarity,
  trainClassifier,
  trainMultiLabel,
  type AspectPolarityClassifier,
  type MultiLabelClassifier,
  type TextClassifier,
} from '../analysis/learn/index.js';
import {
  DATASETS,
  readDataset,
  type DatasetName,
  type DatasetSpec,
  type EvalRecord,
} from './datasets/index.js';
import {
  AIRLINE_REASONS,
  AIRLINE_TOUCHPOINTS,
  DEFAULT_TOUCHPOINTS,
  airlineReason,
  semevalAspects,
} from './mappings.js';
import { metrics, type ClassificationMetrics } from './metrics.js';
import { afinnPeer, fitLabel, vaderPeer, type SentimentPredictor } from './peers.js';
import { splitItems } from './split.js';

export type EvalTask = 'sentiment' | 'reason';

export interface EvalOptions {
  dataset: DatasetName;
  /** The test file (or, with `split`, the one file that is split). */
  file: string;
  /** Train on this file and test on `file`; without it (and without `split`) the run is zero-shot. */
  trainFile?: string | undefined;
  /** Split `file` itself: `ratio` of it to train on, the rest to test (see `splitItems`). */
  split?: { ratio: number; seed: number } | undefined;
  /** `reason`: the airline negative reason instead of sentiment (airline only). */
  task?: EvalTask | undefined;
  /** Run VADER and AFINN on the same texts (default: on English data sets). */
  peers?: boolean | undefined;
}

export interface SystemFigures {
  name: string;
  metrics: ClassificationMetrics;
  itemsPerSecond: number;
}

export interface EvalMetrics extends ClassificationMetrics {
  /** SemEval-2014: aspect-category detection, micro over (sentence, category) pairs. */
  categoryPrecision?: number;
  categoryRecall?: number;
  categoryF1?: number;
  /** SemEval-2014: share of gold (sentence, category) pairs whose polarity is predicted right (conflict included). */
  categoryPolarityAccuracy?: number;
  /** GermEval 2017 subtask A (trained runs only: the analyser has no notion of relevance). */
  relevance?: ClassificationMetrics;
}

export interface EvalReport {
  dataset: DatasetName;
  task: EvalTask;
  file: string;
  trainFile?: string;
  split?: { ratio: number; seed: number };
  mode: 'zero-shot' | 'trained';
  /** The system measured: the analyser's model name, or what was trained. */
  model: string;
  /** Items the main metrics are over (SemEval: sentences with one polarity). */
  n: number;
  /** Test records left out: empty texts, repeated tweet ids. */
  skipped: number;
  /** Training examples (trained runs). */
  trainN?: number;
  /** SemEval: sentences and gold (sentence, category) pairs the category figures are over. */
  sentences?: number;
  categories?: number;
  labels: string[];
  metrics: EvalMetrics;
  /** Predictions per second of the system over the test texts (training not counted). */
  itemsPerSecond: number;
  trainSeconds?: number;
  peers: SystemFigures[];
}

/**
 * Runs `fn` over the texts: predictions and items per second of one timed pass (wall clock), after
 * an untimed warm-up on the first 500 texts so that every system is measured compiled, not cold.
 */
function timed<T>(texts: readonly string[], fn: (text: string) => T): { out: T[]; itemsPerSecond: number } {
  for (const text of texts.slice(0, 500)) fn(text);
  const started = performance.now();
  const out = texts.map(fn);
  const seconds = (performance.now() - started) / 1000;
  return { out, itemsPerSecond: seconds > 0 ? Math.round(texts.length / seconds) : 0 };
}

/** Whether most of (a sample of) the texts are English: decides the peers on a `mixed` data set. */
function mostlyEnglish(texts: readonly string[]): boolean {
  const step = Math.max(1, Math.floor(texts.length / 200));
  let en = 0;
  let all = 0;
  for (let i = 0; i < texts.length; i += step, all++)
    if (detectLanguage(texts[i] as string).language === 'en') en++;
  return all > 0 && en / all > 0.5;
}

const REASON_EXCLUDED = new Set(['', "Can't Tell"]);
const reasonOf = (r: EvalRecord): string | undefined =>
  r.reason === undefined || REASON_EXCLUDED.has(r.reason) ? undefined : r.reason;

/**
 * Evaluates Touchpoint on a labelled file: zero-shot (`createAnalyzer()`), or trained on `trainFile`
 * or a split of `file`; with VADER and AFINN on the same texts for English sets. What
 * `touchpoint eval` prints.
 *
 * @example
 * const report = await runEval({ dataset: 'uci', file: 'yelp_labelled.txt' });
 * report.metrics.macroF1
 */
export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const { dataset, file, trainFile, split } = options;
  const task = options.task ?? 'sentiment';
  const spec: DatasetSpec = DATASETS[dataset];
  if (task === 'reason' && dataset !== 'airline')
    throw new Error('--task reason is for --dataset airline only');
  if (trainFile !== undefined && split) throw new Error('give --train-file or --split, not both');

  const read = await readDataset(dataset, file);
  let test = read.records;
  let train: EvalRecord[] | undefined;
  if (split) ({ train, test } = splitItems(read.records, split.ratio, split.seed));
  else if (trainFile !== undefined) train = (await readDataset(dataset, trainFile)).records;

  const goldOf = task === 'reason' ? reasonOf : (r: EvalRecord) => r.sentiment;
  const items = test.filter((r) => goldOf(r) !== undefined);
  const gold = items.map((r) => goldOf(r) as string);
  const labels: string[] = task === 'reason' ? [...AIRLINE_REASONS] : [...spec.labels];

  const base = {
    dataset,
    task,
    file,
    ...(trainFile !== undefined ? { trainFile } : {}),
    ...(split ? { split } : {}),
    n: items.length,
    skipped: read.skipped,
    labels,
  };
  const system = train
    ? trained(train, test, items, gold, labels, dataset, goldOf, task)
    : zeroShot(test, items, gold, labels, dataset, task, spec.labels);

  const english =
    spec.language === 'en' || (spec.language === 'mixed' && mostlyEnglish(items.map((r) => r.text)));
  const peers = task === 'sentiment' && (options.peers ?? english) ? runPeers(items, gold, spec.labels) : [];
  return { ...base, ...system, peers };
}

type SystemPart = Pick<
  EvalReport,
  'mode' | 'model' | 'metrics' | 'itemsPerSecond' | 'trainN' | 'trainSeconds' | 'sentences' | 'categories'
>;

/** The analyser as shipped, with the default taxonomy (airline reasons: plus luggage and queues). */
function zeroShot(
  test: EvalRecord[],
  items: EvalRecord[],
  gold: string[],
  labels: string[],
  dataset: DatasetName,
  task: EvalTask,
  datasetLabels: readonly SentimentLabel[],
): SystemPart {
  const analyzer = createAnalyzer();
  const taxonomy = task === 'reason' ? AIRLINE_TOUCHPOINTS : DEFAULT_TOUCHPOINTS;
  // SemEval: every sentence is analysed (categories are scored on all), else just the scored items.
  const analysed = dataset === 'semeval2014' ? test : items;
  const { out: results, itemsPerSecond } = timed(
    analysed.map((r) => r.text),
    (text) => analyzer.analyze({ text }, { taxonomy }),
  );
  const resultOf = new Map<EvalRecord, AnalysisResult>(
    analysed.map((r, i) => [r, results[i] as AnalysisResult]),
  );
  const result = (r: EvalRecord) => resultOf.get(r) as AnalysisResult;
  const predicted = items.map((r) =>
    task === 'reason'
      ? airlineReason(result(r))
      : fitLabel(result(r).sentiment.label, result(r).sentiment.score, datasetLabels),
  );
  const part: SystemPart = {
    mode: 'zero-shot',
    model: analyzer.model,
    metrics: metrics(gold, predicted, labels),
    itemsPerSecond,
  };
  if (dataset === 'semeval2014')
    addSemeval(part, test, (r) => {
      const aspects = semevalAspects(result(r));
      const polarity = new Map(aspects.map((a) => [a.category, a.polarity]));
      return {
        categories: aspects.map((a) => a.category),
        polarity: (category) => polarity.get(category) ?? result(r).sentiment.label,
      };
    });
  return part;
}

/**
 * Trains on `train` with `src/analysis/learn` and predicts the test records. Sentiment models use
 * balanced class weights: the figure that matters on these skewed sets is macro-F1, so rare classes
 * must count (chosen before measuring, not tuned on a split). The airline negative reason is scored
 * by accuracy, so it uses `TOPIC_OPTIONS` (no class weights; chosen by cross-validation on the
 * training file, see src/analysis/learn/RESULTS.md).
 */
function trained(
  train: EvalRecord[],
  test: EvalRecord[],
  items: EvalRecord[],
  gold: string[],
  labels: string[],
  dataset: DatasetName,
  goldOf: (r: EvalRecord) => string | undefined,
  task: EvalTask,
): SystemPart {
  const started = performance.now();
  const examples = train.flatMap((r) => {
    const label = goldOf(r);
    return label === undefined ? [] : [{ text: r.text, label }];
  });
  if (examples.length === 0) throw new Error('the training data has no labelled example');
  // The negative reason is scored by accuracy over nine topics: the topic preset, not balanced weights.
  const classifier = task === 'reason' ? trainClassifier(examples, TOPIC_OPTIONS) : learnClassifier(examples);
  const semeval = dataset === 'semeval2014' ? trainSemeval(train) : undefined;
  const relevance =
    dataset === 'germeval2017'
      ? learnClassifier(train.map((r) => ({ text: r.text, label: relevanceLabel(r) })))
      : undefined;
  const trainSeconds = Math.round(performance.now() - started) / 1000;

  const { out: predicted, itemsPerSecond } = timed(
    items.map((r) => r.text),
    (text) => classifier.predict(text).label,
  );
  const part: SystemPart = {
    mode: 'trained',
    model: MODEL_FORMAT,
    metrics: metrics(gold, predicted, labels),
    itemsPerSecond,
    trainN: examples.length,
    trainSeconds,
  };
  if (semeval)
    addSemeval(part, test, (r) => ({
      categories: semeval.categories.predict(r.text).labels,
      polarity: (category) =>
        (semeval.polarity?.predict(r.text, category) ?? classifier.predict(r.text)).label,
    }));
  if (relevance) {
    const scored = test.filter((r) => r.relevant !== undefined);
    part.metrics.relevance = metrics(
      scored.map(relevanceLabel),
      scored.map((r) => relevance.predict(r.text).label),
      ['irrelevant', 'relevant'],
    );
  }
  return part;
}

const relevanceLabel = (r: EvalRecord): string => (r.relevant ? 'relevant' : 'irrelevant');

const learnClassifier = (examples: { text: string; label: string }[]): TextClassifier =>
  trainClassifier(examples, { classWeight: 'balanced' });

/**
 * SemEval models: one multi-label model for the categories (thresholds per category tuned by an
 * inner cross-validation on `train`), and one polarity model over (sentence, category) pairs whose
 * features are conjoined with the category (`trainAspectPolarity`).
 */
function trainSemeval(train: EvalRecord[]): {
  categories: MultiLabelClassifier;
  polarity: AspectPolarityClassifier | undefined;
} {
  const categories = trainMultiLabel(
    train.map((r) => ({ text: r.text, labels: (r.aspects ?? []).map((a) => a.category) })),
  );
  const pairs = train.flatMap((r) =>
    (r.aspects ?? []).map((a) => ({ text: r.text, aspect: a.category, label: a.polarity })),
  );
  return { categories, polarity: pairs.length > 0 ? trainAspectPolarity(pairs) : undefined };
}

/** Adds category detection and category polarity of SemEval-2014, given a predictor per sentence. */
function addSemeval(
  part: SystemPart,
  test: EvalRecord[],
  predict: (r: EvalRecord) => { categories: string[]; polarity: (category: string) => string },
): void {
  const goldSets: string[][] = [];
  const predictedSets: string[][] = [];
  let pairs = 0;
  let right = 0;
  for (const r of test) {
    const aspects = r.aspects ?? [];
    const p = predict(r);
    goldSets.push(aspects.map((a) => a.category));
    predictedSets.push(p.categories);
    for (const a of aspects) {
      pairs += 1;
      if (p.polarity(a.category) === a.polarity) right += 1;
    }
  }
  if (pairs === 0) return; // a file without categories (the laptop sentences): nothing to score
  const c = multiLabelMetrics(goldSets, predictedSets);
  part.sentences = test.length;
  part.categories = pairs;
  Object.assign(part.metrics, {
    categoryPrecision: c.precision,
    categoryRecall: c.recall,
    categoryF1: c.f1,
    categoryPolarityAccuracy: pairs === 0 ? 0 : right / pairs,
  } satisfies Partial<EvalMetrics>);
}

/** VADER and AFINN on the scored texts, their labels fitted to the data set's classes. */
function runPeers(items: EvalRecord[], gold: string[], labels: readonly SentimentLabel[]): SystemFigures[] {
  const texts = items.map((r) => r.text);
  return [vaderPeer(), afinnPeer()].map((peer: SentimentPredictor) => {
    const { out, itemsPerSecond } = timed(texts, (text) => {
      const p = peer.predict(text);
      return fitLabel(p.label, p.score, labels);
    });
    return { name: peer.name, metrics: metrics(gold, out, labels), itemsPerSecond };
  });
}
