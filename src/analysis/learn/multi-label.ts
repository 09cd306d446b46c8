/** One-vs-rest logistic regression with a threshold, for tasks like aspect-category detection. */
import { assignFolds } from './folds.js';
import {
  scoreMatrixRow,
  scoreText,
  subMatrix,
  trainingMatrix,
  trainLinear,
  type FeatureMatrix,
  type LinearWeights,
  type SgdOptions,
} from './linear.js';
import { metaOf, resolveOptions, type TrainOptions } from './options.js';
import {
  decodeModel,
  MODEL_FORMAT,
  type ModelMeta,
  serialize,
  type SerializedClassifier,
} from './serialize.js';

export interface MultiLabelExample {
  text: string;
  labels: string[];
}

export interface MultiLabelOptions extends Omit<TrainOptions, 'classWeight'> {
  /**
   * Probability from which a label is given. `'tune'` (the default) chooses one threshold per label
   * by an inner cross-validation on the training examples only (`tuneFolds`), maximising micro-F1.
   */
  threshold?: number | 'tune';
  /** Folds of the inner cross-validation that tunes the thresholds (default 3). */
  tuneFolds?: number;
  /** Give the most probable label when none reaches the threshold (default true). */
  atLeastOne?: boolean;
}

/**
 * Tuned on SemEval-2014 restaurant categories by 5-fold CV (RESULTS.md). Detecting a topic is about
 * whether a cue word is there at all, so features are not scaled to unit norm per text (a cue in a
 * long sentence would count less): micro-F1 0.799 → 0.809, and half-weight characters 0.812.
 * Weights are averaged, with more L2 than before now that the thresholds are tuned (0.793 → 0.799).
 */
export const DEFAULT_MULTI_LABEL = {
  learningRate: 0.2,
  epochs: 15,
  l2: 3e-3,
  average: true,
  features: { unitNorm: false, charWeight: 0.5 },
  threshold: 'tune',
  tuneFolds: 3,
  atLeastOne: true,
} satisfies MultiLabelOptions;

export interface MultiLabelPrediction {
  labels: string[];
  /** Probability per label, each on its own (they need not sum to 1). */
  scores: Record<string, number>;
}

export interface MultiLabelClassifier {
  readonly labels: readonly string[];
  readonly meta: ModelMeta;
  /** The threshold of labels without one of their own (`thresholds`). */
  readonly threshold: number;
  /** Threshold per label, when tuned. */
  readonly thresholds: Readonly<Record<string, number>>;
  predict(text: string): MultiLabelPrediction;
  toJSON(): SerializedClassifier;
}

function multiLabelOf(model: SerializedClassifier, weights: LinearWeights): MultiLabelClassifier {
  const { labels, features } = model;
  const threshold = model.threshold ?? 0.5;
  const thresholds = model.thresholds ?? {};
  const cut = labels.map((l) => thresholds[l] ?? threshold);
  const atLeastOne = model.atLeastOne ?? true;
  const z = new Float64Array(labels.length);
  return {
    labels,
    meta: model.meta,
    threshold,
    thresholds,
    predict(text) {
      scoreText(weights, text, features, z);
      const scores: Record<string, number> = {};
      const given: string[] = [];
      let best = 0;
      labels.forEach((label, c) => {
        const p = 1 / (1 + Math.exp(-(z[c] ?? 0)));
        scores[label] = p;
        if (p >= (cut[c] ?? threshold)) given.push(label);
        if ((z[c] ?? 0) > (z[best] ?? 0)) best = c;
      });
      if (given.length === 0 && atLeastOne) given.push(labels[best] ?? '');
      return { labels: given, scores };
    },
    toJSON: () => serialize(model, weights),
  };
}

/**
 * Micro-F1 of label sets given by `cut` per label over out-of-fold probabilities `p` (`rows × C`),
 * with the most probable label given when none reaches its threshold (`atLeastOne`).
 */
function microF1(p: Float64Array, y: Uint8Array, C: number, cut: Float64Array, atLeastOne: boolean): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let row = 0; row * C < p.length; row++) {
    let any = false;
    let best = 0;
    for (let c = 0; c < C; c++) {
      const q = p[row * C + c] ?? 0;
      if (q > (p[row * C + best] ?? 0)) best = c;
      const given = q >= (cut[c] ?? 0.5);
      any ||= given;
      const gold = y[row * C + c] === 1;
      if (given && gold) tp++;
      else if (given) fp++;
      else if (gold) fn++;
    }
    if (!any && atLeastOne) {
      if (y[row * C + best] === 1) {
        tp++;
        fn--;
      } else fp++;
    }
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Candidate thresholds: 0.05, 0.06, …, 0.95. */
const GRID = Array.from({ length: 91 }, (_, i) => 0.05 + i / 100);

/**
 * One threshold per label that maximises micro-F1 over out-of-fold probabilities of an inner
 * `folds`-fold cross-validation on the training rows only: coordinate ascent from 0.5, two rounds.
 * A label with few examples (price, ambience) is recalled more at a lower threshold than a common one.
 */
function tuneThresholds(
  x: FeatureMatrix,
  y: Uint8Array,
  C: number,
  strata: readonly string[],
  folds: number,
  sgd: SgdOptions,
  bits: number,
  atLeastOne: boolean,
): Float64Array {
  const fold = assignFolds(strata, folds, sgd.seed);
  const p = new Float64Array(x.rows * C);
  const z = new Float64Array(C);
  for (let k = 0; k < folds; k++) {
    const inner = [...fold.keys()].filter((i) => fold[i] !== k);
    const held = [...fold.keys()].filter((i) => fold[i] === k);
    const yInner = new Uint8Array(inner.length * C);
    inner.forEach((r, i) => yInner.set(y.subarray(r * C, r * C + C), i * C));
    const model = trainLinear(subMatrix(x, inner), { loss: 'sigmoid', outputs: C, y: yInner }, bits, sgd);
    for (const r of held) {
      scoreMatrixRow(model, x, r, z);
      for (let c = 0; c < C; c++) p[r * C + c] = 1 / (1 + Math.exp(-(z[c] ?? 0)));
    }
  }
  const cut = new Float64Array(C).fill(0.5);
  for (let round = 0; round < 2; round++) {
    for (let c = 0; c < C; c++) {
      let best = microF1(p, y, C, cut, atLeastOne);
      let bestCut = cut[c] ?? 0.5;
      for (const t of GRID) {
        cut[c] = t;
        const f = microF1(p, y, C, cut, atLeastOne);
        if (f > best + 1e-12) {
          best = f;
          bestCut = t;
        }
      }
      cut[c] = bestCut;
    }
  }
  return cut;
}

/**
 * Trains one logistic regression per label on shared hashed features (one weight matrix), with a
 * threshold per label tuned by inner cross-validation unless `threshold` is a number.
 *
 * @example
 * const model = trainMultiLabel([{ text: 'Great pasta, slow waiter', labels: ['food', 'service'] }, …]);
 * model.predict('The waiter forgot us').labels // ['service']
 */
export function trainMultiLabel(
  examples: MultiLabelExample[],
  options: MultiLabelOptions = {},
): MultiLabelClassifier {
  if (examples.length === 0) throw new Error('trainMultiLabel needs at least one example');
  const merged = {
    ...DEFAULT_MULTI_LABEL,
    ...options,
    features: { ...DEFAULT_MULTI_LABEL.features, ...options.features },
  };
  const { sgd, features } = resolveOptions(merged, 'none');
  const labels = [...new Set(examples.flatMap((e) => e.labels))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const C = labels.length;
  const y = new Uint8Array(examples.length * C);
  examples.forEach((e, row) => {
    for (const label of e.labels) y[row * C + (index.get(label) ?? 0)] = 1;
  });
  const { x, idf } = trainingMatrix(
    examples.map((e) => e.text),
    features,
  );
  const linear = trainLinear(x, { loss: 'sigmoid', outputs: C, y }, features.bits, sgd);
  const { threshold, tuneFolds, atLeastOne } = merged;
  // Tuning needs every inner fold to hold examples; tiny sets keep the plain 0.5.
  const tune = threshold === 'tune' && examples.length >= tuneFolds * 10;
  const cut = tune
    ? tuneThresholds(
        x,
        y,
        C,
        examples.map((e) => [...e.labels].sort().join('|')),
        tuneFolds,
        sgd,
        features.bits,
        atLeastOne,
      )
    : undefined;
  const model: SerializedClassifier = {
    format: MODEL_FORMAT,
    kind: 'multilabel',
    labels,
    meta: metaOf(options, features, examples.length),
    features,
    threshold: typeof threshold === 'number' ? threshold : 0.5,
    ...(cut ? { thresholds: Object.fromEntries(labels.map((l, c) => [l, cut[c] ?? 0.5])) } : {}),
    atLeastOne,
    bias: [],
    weights: { rows: '', values: '' },
  };
  return multiLabelOf(model, { ...linear, idf });
}

/** Rebuilds a multi-label classifier from `toJSON()` output; throws a clear Error otherwise. */
export function loadMultiLabel(serialized: unknown): MultiLabelClassifier {
  const { model, weights } = decodeModel(serialized, 'multilabel');
  return multiLabelOf(model, weights);
}
