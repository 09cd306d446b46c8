/**
 * Polarity of a sentence towards one of its aspects (SemEval-2014 category polarity): a multinomial
 * logistic regression whose features are the sentence's n-grams, the same n-grams conjoined with the
 * aspect, and the n-grams of the clauses that mention the aspect's cue words, conjoined with it.
 * A plain bag of words cannot tell "great food, rude waiter" apart for food and for service; the
 * conjoined copies let each aspect learn its own words, and the clause block says which half of the
 * sentence is about the aspect.
 */
import { BALANCE_POWER, balancedWeights } from './classifier.js';
import { conjoin, featurize, tokenize, type FeatureOptions, type SparseVector } from './features.js';
import { softmax, trainLinear, type FeatureMatrix, type LinearWeights } from './linear.js';
import { metaOf, resolveOptions, type TrainOptions } from './options.js';
import {
  decodeModel,
  MODEL_FORMAT,
  type ModelMeta,
  serialize,
  type SerializedClassifier,
} from './serialize.js';
import type { Prediction } from './classifier.js';

export interface AspectExample {
  text: string;
  /** What the polarity is about, e.g. the category `food`. */
  aspect: string;
  label: string;
  weight?: number;
}

export interface AspectPolarityOptions extends TrainOptions {
  /** Weight of the aspect-conjoined copy of the sentence's features (0 turns it off). */
  conjoined?: number;
  /** Weight of the aspect-conjoined features of the clauses with the aspect's cue words (0: off). */
  clause?: number;
  /** Cue words per aspect; learned from the training sentences when not given. */
  cues?: Record<string, string[]>;
}

export interface AspectPolarityClassifier {
  readonly labels: readonly string[];
  readonly aspects: readonly string[];
  readonly meta: ModelMeta;
  /** The polarity of `text` towards `aspect` (an aspect unseen in training uses the shared features only). */
  predict(text: string, aspect: string): Prediction;
  toJSON(): SerializedClassifier;
}

/**
 * Chosen by 5-fold CV on the SemEval-2014 restaurant sentences (RESULTS.md): less L2 than the
 * sentiment defaults, the conjoined blocks weighted like the shared one, and a heavier lexicon
 * block (×2: accuracy 0.722 → 0.730), since 3,000 sentences teach few polar words.
 */
export const DEFAULT_ASPECT_POLARITY = {
  conjoined: 1,
  clause: 1,
  learningRate: 0.2,
  l2: 1e-4,
  epochs: 15,
  average: true,
  features: { lexicon: 2 },
} satisfies AspectPolarityOptions;

const ASPECT_SALT = 0x1b873593;
const CLAUSE_SALT = 0x7f4a7c15;

/** Clause boundaries: punctuation and the contrast words that switch topic and polarity. */
const CLAUSE_SPLIT =
  /[.;:!?,()]+|\s(?=(?:but|although|though|however|while|whereas|except|yet|and)\s)|\s-+\s/iu;

function hashAspect(salt: number, aspect: string): number {
  let h = salt;
  for (let i = 0; i < aspect.length; i++) h = Math.imul(h ^ aspect.charCodeAt(i), 16777619);
  return h;
}

/**
 * Cue words of each aspect: words in at least 3 training sentences of which at least 60 % are
 * about the aspect (and more than the aspect's own share): "pizza" for food, "waiter" for service.
 */
export function learnCues(examples: readonly { text: string; aspect: string }[]): Record<string, string[]> {
  const sentences = new Map<string, Set<string>>();
  for (const e of examples) {
    const set = sentences.get(e.text) ?? new Set<string>();
    set.add(e.aspect);
    sentences.set(e.text, set);
  }
  const docs = new Map<string, number>();
  const withAspect = new Map<string, Map<string, number>>();
  const aspectShare = new Map<string, number>();
  for (const [text, aspects] of sentences) {
    for (const a of aspects) aspectShare.set(a, (aspectShare.get(a) ?? 0) + 1 / sentences.size);
    for (const word of new Set(tokenize(text))) {
      if (word.length < 3 || word.startsWith('_') || !/\p{L}/u.test(word)) continue;
      docs.set(word, (docs.get(word) ?? 0) + 1);
      const byAspect = withAspect.get(word) ?? new Map<string, number>();
      for (const a of aspects) byAspect.set(a, (byAspect.get(a) ?? 0) + 1);
      withAspect.set(word, byAspect);
    }
  }
  const cues: Record<string, string[]> = {};
  for (const [word, n] of [...docs].sort(([a], [b]) => a.localeCompare(b))) {
    if (n < 3) continue;
    for (const [aspect, k] of withAspect.get(word) ?? []) {
      const share = aspectShare.get(aspect) ?? 0;
      if (k / n >= 0.6 && k / n > share + 0.1) (cues[aspect] ??= []).push(word);
    }
  }
  return cues;
}

/** The clauses of `text` that contain one of `cues`, joined; empty when none does. */
export function aspectClauses(text: string, cues: ReadonlySet<string>): string {
  if (cues.size === 0) return '';
  return text
    .split(CLAUSE_SPLIT)
    .filter((clause) => clause && tokenize(clause).some((w) => cues.has(w)))
    .join(' . ');
}

interface Featurizer {
  (text: string, aspect: string): SparseVector;
}

/** Joins the shared, conjoined and clause blocks into one vector (copied; the next call reuses nothing). */
function aspectFeaturizer(
  features: FeatureOptions,
  conjoined: number,
  clause: number,
  cues: Record<string, string[]>,
): Featurizer {
  const cueSets = new Map(Object.entries(cues).map(([a, words]) => [a, new Set(words)]));
  const mask = (1 << features.bits) - 1;
  return (text, aspect) => {
    const base = featurize(text, features);
    const parts: SparseVector[] = [copy(base, 1)];
    if (conjoined > 0) parts.push(conjoin(base, hashAspect(ASPECT_SALT, aspect), conjoined, mask));
    if (clause > 0) {
      const about = aspectClauses(text, cueSets.get(aspect) ?? new Set());
      if (about) {
        const v = featurize(about, features);
        parts.push(conjoin(v, hashAspect(CLAUSE_SALT, aspect), clause, mask));
      }
    }
    return concat(parts, features.unitNorm ?? true);
  };
}

function copy(v: SparseVector, weight: number): SparseVector {
  return {
    indices: v.indices.slice(),
    values: Float32Array.from(v.values, (x) => x * weight),
    length: v.length,
  };
}

function concat(parts: readonly SparseVector[], unitNorm: boolean): SparseVector {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const indices = new Int32Array(length);
  const values = new Float32Array(length);
  let at = 0;
  let sumSq = 0;
  for (const p of parts) {
    indices.set(p.indices.subarray(0, p.length), at);
    values.set(p.values.subarray(0, p.length), at);
    for (let k = 0; k < p.length; k++) sumSq += (p.values[k] ?? 0) ** 2;
    at += p.length;
  }
  // Unit norm overall, as `featurize` gives, so the learning rate means the same.
  const scale = unitNorm && sumSq > 0 ? 1 / Math.sqrt(sumSq) : 1;
  for (let k = 0; k < length; k++) values[k] = (values[k] ?? 0) * scale;
  return { indices, values, length };
}

function matrixOf(vectors: readonly SparseVector[]): FeatureMatrix {
  const offsets = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => (offsets[i + 1] = (offsets[i] ?? 0) + v.length));
  const size = offsets[vectors.length] ?? 0;
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  vectors.forEach((v, i) => {
    indices.set(v.indices, offsets[i] ?? 0);
    values.set(v.values, offsets[i] ?? 0);
  });
  return { rows: vectors.length, offsets, indices, values };
}

function aspectClassifierOf(model: SerializedClassifier, weights: LinearWeights): AspectPolarityClassifier {
  const { labels, features } = model;
  const aspect = model.aspect ?? { conjoined: 1, clause: 0, cues: {} };
  const vectorOf = aspectFeaturizer(features, aspect.conjoined, aspect.clause, aspect.cues);
  const z = new Float64Array(labels.length);
  return {
    labels,
    aspects: Object.keys(aspect.cues).sort(),
    meta: model.meta,
    predict(text, aspectName) {
      const v = vectorOf(text, aspectName);
      for (let c = 0; c < labels.length; c++) z[c] = weights.bias[c] ?? 0;
      for (let k = 0; k < v.length; k++) {
        const base = (v.indices[k] ?? 0) * labels.length;
        const x = v.values[k] ?? 0;
        for (let c = 0; c < labels.length; c++) z[c] = (z[c] ?? 0) + (weights.weights[base + c] ?? 0) * x;
      }
      softmax(z);
      let best = 0;
      const scores: Record<string, number> = {};
      labels.forEach((label, c) => {
        scores[label] = z[c] ?? 0;
        if ((z[c] ?? 0) > (z[best] ?? 0)) best = c;
      });
      return { label: labels[best] ?? '', scores };
    },
    toJSON: () => serialize(model, weights),
  };
}

/**
 * Trains the polarity of sentences towards their aspects.
 *
 * @example
 * const model = trainAspectPolarity([{ text: 'Great food, rude waiter', aspect: 'food', label: 'positive' },
 *   { text: 'Great food, rude waiter', aspect: 'service', label: 'negative' }, …]);
 * model.predict('The pasta was cold but the staff were lovely', 'service').label // 'positive'
 */
export function trainAspectPolarity(
  examples: AspectExample[],
  options: AspectPolarityOptions = {},
): AspectPolarityClassifier {
  if (examples.length === 0) throw new Error('trainAspectPolarity needs at least one example');
  const merged = {
    ...DEFAULT_ASPECT_POLARITY,
    ...options,
    features: { ...DEFAULT_ASPECT_POLARITY.features, ...options.features },
  };
  const { sgd, features, classWeight } = resolveOptions(merged, 'none');
  if (features.idf) throw new Error('trainAspectPolarity does not support idf features');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(examples, (e) => index.get(e.label) ?? 0);
  const cues = options.cues ?? learnCues(examples);
  for (const e of examples) cues[e.aspect] ??= [];
  const vectorOf = aspectFeaturizer(features, merged.conjoined, merged.clause, cues);
  const x = matrixOf(examples.map((e) => vectorOf(e.text, e.aspect)));
  const byClass = classWeight === 'balanced' ? balancedWeights(y, labels.length, BALANCE_POWER) : undefined;
  const rowWeight =
    byClass || examples.some((e) => e.weight !== undefined)
      ? Float32Array.from(examples, (e, i) => (byClass?.[i] ?? 1) * (e.weight ?? 1))
      : undefined;
  const linear = trainLinear(
    x,
    { loss: 'softmax', outputs: labels.length, y, ...(rowWeight ? { rowWeight } : {}) },
    features.bits,
    sgd,
  );
  const model: SerializedClassifier = {
    format: MODEL_FORMAT,
    kind: 'aspect',
    labels,
    meta: metaOf(options, features, examples.length),
    features,
    aspect: { conjoined: merged.conjoined, clause: merged.clause, cues },
    bias: [],
    weights: { rows: '', values: '' },
  };
  return aspectClassifierOf(model, linear);
}

/** Rebuilds an aspect-polarity classifier from `toJSON()` output; throws a clear Error otherwise. */
export function loadAspectPolarity(serialized: unknown): AspectPolarityClassifier {
  const { model, weights } = decodeModel(serialized, 'aspect');
  return aspectClassifierOf(model, weights);
}
