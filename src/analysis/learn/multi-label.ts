/** One-vs-rest logistic regression with a threshold, for tasks like aspect-category detection. */
import { scoreText, trainingMatrix, trainLinear, type LinearWeights } from './linear.js';
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
  /** Probability from which a label is given (default 0.5). */
  threshold?: number;
  /** Give the most probable label when none reaches the threshold (default true). */
  atLeastOne?: boolean;
}

export interface MultiLabelPrediction {
  labels: string[];
  /** Probability per label, each on its own (they need not sum to 1). */
  scores: Record<string, number>;
}

export interface MultiLabelClassifier {
  readonly labels: readonly string[];
  readonly meta: ModelMeta;
  readonly threshold: number;
  predict(text: string): MultiLabelPrediction;
  toJSON(): SerializedClassifier;
}

function multiLabelOf(model: SerializedClassifier, weights: LinearWeights): MultiLabelClassifier {
  const { labels, features } = model;
  const threshold = model.threshold ?? 0.5;
  const atLeastOne = model.atLeastOne ?? true;
  const z = new Float64Array(labels.length);
  return {
    labels,
    meta: model.meta,
    threshold,
    predict(text) {
      scoreText(weights, text, features, z);
      const scores: Record<string, number> = {};
      const given: string[] = [];
      let best = 0;
      labels.forEach((label, c) => {
        const p = 1 / (1 + Math.exp(-(z[c] ?? 0)));
        scores[label] = p;
        if (p >= threshold) given.push(label);
        if ((z[c] ?? 0) > (z[best] ?? 0)) best = c;
      });
      if (given.length === 0 && atLeastOne) given.push(labels[best] ?? '');
      return { labels: given, scores };
    },
    toJSON: () => serialize(model, weights),
  };
}

/**
 * Trains one logistic regression per label on shared hashed features (one weight matrix).
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
  const { sgd, features } = resolveOptions(options, 'none');
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
  const model: SerializedClassifier = {
    format: MODEL_FORMAT,
    kind: 'multilabel',
    labels,
    meta: metaOf(options, features, examples.length),
    features,
    threshold: options.threshold ?? 0.5,
    atLeastOne: options.atLeastOne ?? true,
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
