/**
 * The linear model under both classifiers: weights `buckets × outputs` (Float32Array, row per hash
 * bucket so one feature's outputs sit together), trained by AdaGrad SGD with L2 on the touched rows.
 * `softmax` is multinomial logistic regression; `sigmoid` is one-vs-rest logistic regression.
 */
import { featurize, type FeatureOptions, type SparseVector } from './features.js';

export interface SgdOptions {
  /** Passes over the shuffled data. */
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2: number;
  /** Seed of the shuffling: the same data, options and seed give the same model. */
  seed: number;
  /** Return the average of the weights over all steps (Polyak averaging), which generalises better. */
  average: boolean;
}

export interface LinearWeights {
  outputs: number;
  weights: Float32Array;
  bias: Float32Array;
  /** Inverse document frequency per bucket, when the features use it. */
  idf?: Float32Array | undefined;
}

/** The feature vectors of a data set, one after another (compressed sparse rows). */
export interface FeatureMatrix {
  rows: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Featurizes every text once, so that epochs only do arithmetic. */
export function featureMatrix(
  texts: readonly string[],
  features: FeatureOptions,
  idf?: Float32Array,
): FeatureMatrix {
  const offsets = new Int32Array(texts.length + 1);
  let indices = new Int32Array(Math.max(1024, texts.length * 64));
  let values = new Float32Array(indices.length);
  let at = 0;
  texts.forEach((text, row) => {
    const v = featurize(text, features, idf);
    if (at + v.length > indices.length) {
      const size = Math.max(at + v.length, indices.length * 2);
      const nextIdx = new Int32Array(size);
      const nextVal = new Float32Array(size);
      nextIdx.set(indices.subarray(0, at));
      nextVal.set(values.subarray(0, at));
      indices = nextIdx;
      values = nextVal;
    }
    indices.set(v.indices, at);
    values.set(v.values, at);
    at += v.length;
    offsets[row + 1] = at;
  });
  return { rows: texts.length, offsets, indices: indices.slice(0, at), values: values.slice(0, at) };
}

/**
 * Smoothed inverse document frequency per bucket, `ln((1 + n) / (1 + df)) + 1` (scikit-learn's
 * formula); buckets never seen get the largest value.
 */
export function inverseDocumentFrequency(x: FeatureMatrix, bits: number): Float32Array {
  const df = new Float64Array(1 << bits);
  for (const bucket of x.indices) df[bucket] = (df[bucket] ?? 0) + 1;
  return Float32Array.from(df, (d) => Math.log((1 + x.rows) / (1 + d)) + 1);
}

/** The feature matrix of the texts and, when the features ask for it, the idf learned from them. */
export function trainingMatrix(
  texts: readonly string[],
  features: FeatureOptions,
): { x: FeatureMatrix; idf?: Float32Array } {
  const plain = featureMatrix(texts, features);
  if (!features.idf) return { x: plain };
  const idf = inverseDocumentFrequency(plain, features.bits);
  return { x: featureMatrix(texts, features, idf), idf };
}

/** The given rows of a feature matrix, in that order (inner cross-validation without featurizing again). */
export function subMatrix(x: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  const offsets = new Int32Array(rows.length + 1);
  let size = 0;
  rows.forEach((r, i) => {
    size += (x.offsets[r + 1] ?? 0) - (x.offsets[r] ?? 0);
    offsets[i + 1] = size;
  });
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  rows.forEach((r, i) => {
    const start = x.offsets[r] ?? 0;
    const end = x.offsets[r + 1] ?? 0;
    indices.set(x.indices.subarray(start, end), offsets[i] ?? 0);
    values.set(x.values.subarray(start, end), offsets[i] ?? 0);
  });
  return { rows: rows.length, offsets, indices, values };
}

/** The raw scores (logits) of row `row` of `x` into `z`. */
export function scoreMatrixRow(model: LinearWeights, x: FeatureMatrix, row: number, z: Float64Array): void {
  const start = x.offsets[row] ?? 0;
  const end = x.offsets[row + 1] ?? 0;
  scoreRow(model.weights, model.bias, model.outputs, x.indices, x.values, start, end, z);
}

/** mulberry32: a small seeded PRNG, enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the seeded generator. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i] as T;
    items[i] = items[j] as T;
    items[j] = swap;
  }
  return items;
}

export interface Targets {
  loss: 'softmax' | 'sigmoid';
  outputs: number;
  /** softmax: the class index per row. sigmoid: `rows × outputs` 0/1. */
  y: Int32Array | Uint8Array;
  /** Weight per row (class weights), 1 when absent. */
  rowWeight?: Float32Array;
  /**
   * Scale per (bucket, output), `buckets × outputs`, applied to the features while training and
   * folded into the returned weights (so prediction is unchanged): NB log-count ratios (`nbScale`).
   */
  scale?: Float32Array;
}

/**
 * NB-SVM feature scaling (Wang & Manning 2012), one-vs-rest per output: |log-count ratio| of each
 * bucket between the rows of the class and the others, with add-`alpha` smoothing. Under L2, a
 * feature scaled by r is a weight penalised by 1/r²: words that tell the classes apart are cheap,
 * words spread evenly are expensive. Scaled to mean 1 over the buckets seen, so the step size keeps
 * its meaning; unseen buckets get 1.
 */
export function nbScale(
  x: FeatureMatrix,
  y: Int32Array,
  outputs: number,
  bits: number,
  alpha = 1,
): Float32Array {
  const buckets = 1 << bits;
  const C = outputs;
  const sums = new Float64Array(buckets * C);
  const seen = new Uint8Array(buckets);
  const totals = new Float64Array(C);
  for (let row = 0; row < x.rows; row++) {
    const c = y[row] ?? 0;
    for (let k = x.offsets[row] ?? 0; k < (x.offsets[row + 1] ?? 0); k++) {
      const b = x.indices[k] ?? 0;
      const v = Math.abs(x.values[k] ?? 0);
      sums[b * C + c] = (sums[b * C + c] ?? 0) + v;
      totals[c] = (totals[c] ?? 0) + v;
      seen[b] = 1;
    }
  }
  let all = 0;
  for (const t of totals) all += t;
  const scale = new Float32Array(buckets * C).fill(1);
  let sum = 0;
  let count = 0;
  for (let b = 0; b < buckets; b++) {
    if (!seen[b]) continue;
    let rowAll = 0;
    for (let c = 0; c < C; c++) rowAll += sums[b * C + c] ?? 0;
    for (let c = 0; c < C; c++) {
      const p = (sums[b * C + c] ?? 0) + alpha;
      const q = rowAll - (sums[b * C + c] ?? 0) + alpha;
      const tc = totals[c] ?? 0;
      const r = Math.abs(Math.log(p / (tc + alpha)) - Math.log(q / (all - tc + alpha)));
      scale[b * C + c] = r;
      sum += r;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 1;
  if (mean > 0)
    for (let b = 0; b < buckets; b++)
      if (seen[b]) for (let c = 0; c < C; c++) scale[b * C + c] = (scale[b * C + c] ?? 0) / mean;
  return scale;
}

/** Trains weights for `targets` on `x`. Deterministic for a given seed. */
export function trainLinear(
  x: FeatureMatrix,
  targets: Targets,
  bits: number,
  sgd: SgdOptions,
): LinearWeights {
  const C = targets.outputs;
  const weights = new Float32Array((1 << bits) * C);
  const sumSq = new Float32Array(weights.length);
  const bias = new Float32Array(C);
  const biasSumSq = new Float32Array(C);
  const z = new Float64Array(C);
  const g = new Float64Array(C);
  const { offsets, indices, values } = x;
  const { y, rowWeight, loss, scale } = targets;
  const { learningRate: lr, l2, average } = sgd;
  // Averaging: with u += t·Δ at each step t, the mean of the weights after T steps is w − u / T.
  const u = average ? new Float64Array(weights.length) : undefined;
  const uBias = new Float64Array(C);
  let step = 0;
  const order = shuffle(
    Array.from({ length: x.rows }, (_, i) => i),
    seededRandom(sgd.seed),
  );
  const random = seededRandom(sgd.seed ^ 0x5bd1e995);
  for (let epoch = 0; epoch < sgd.epochs; epoch++) {
    if (epoch > 0) shuffle(order, random);
    for (const row of order) {
      step++;
      const start = offsets[row] ?? 0;
      const end = offsets[row + 1] ?? 0;
      if (scale) scoreScaledRow(weights, scale, bias, C, indices, values, start, end, z);
      else scoreRow(weights, bias, C, indices, values, start, end, z);
      const w = rowWeight ? (rowWeight[row] ?? 1) : 1;
      let largest = 0;
      if (loss === 'softmax') {
        softmax(z);
        const gold = y[row] ?? 0;
        for (let c = 0; c < C; c++) g[c] = ((z[c] ?? 0) - (c === gold ? 1 : 0)) * w;
      } else {
        for (let c = 0; c < C; c++) g[c] = (1 / (1 + Math.exp(-(z[c] ?? 0))) - (y[row * C + c] ?? 0)) * w;
      }
      for (let c = 0; c < C; c++) largest = Math.max(largest, Math.abs(g[c] ?? 0));
      // Examples the model already gets right with confidence change nothing worth the update.
      if (largest < 1e-4) continue;
      for (let k = start; k < end; k++) {
        const v = values[k] ?? 0;
        const base = (indices[k] ?? 0) * C;
        for (let c = 0; c < C; c++) {
          const at = base + c;
          const wc = weights[at] ?? 0;
          const grad = (g[c] ?? 0) * v * (scale ? (scale[at] ?? 1) : 1) + l2 * wc;
          const acc = (sumSq[at] ?? 0) + grad * grad;
          sumSq[at] = acc;
          const delta = (lr * grad) / (Math.sqrt(acc) + 1e-8);
          weights[at] = wc - delta;
          if (u) u[at] = (u[at] ?? 0) - step * delta;
        }
      }
      for (let c = 0; c < C; c++) {
        const grad = g[c] ?? 0;
        const acc = (biasSumSq[c] ?? 0) + grad * grad;
        biasSumSq[c] = acc;
        const delta = (lr * grad) / (Math.sqrt(acc) + 1e-8);
        bias[c] = (bias[c] ?? 0) - delta;
        uBias[c] = (uBias[c] ?? 0) - step * delta;
      }
    }
  }
  if (u && step > 0) {
    for (let i = 0; i < weights.length; i++)
      if (u[i] !== 0) weights[i] = (weights[i] ?? 0) - (u[i] ?? 0) / step;
    for (let c = 0; c < C; c++) bias[c] = (bias[c] ?? 0) - (uBias[c] ?? 0) / step;
  }
  if (scale) for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) * (scale[i] ?? 1);
  return { outputs: C, weights, bias };
}

function scoreRow(
  weights: Float32Array,
  bias: Float32Array,
  C: number,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  z: Float64Array,
): void {
  for (let c = 0; c < C; c++) z[c] = bias[c] ?? 0;
  for (let k = start; k < end; k++) {
    const v = values[k] ?? 0;
    const base = (indices[k] ?? 0) * C;
    for (let c = 0; c < C; c++) z[c] = (z[c] ?? 0) + (weights[base + c] ?? 0) * v;
  }
}

function scoreScaledRow(
  weights: Float32Array,
  scale: Float32Array,
  bias: Float32Array,
  C: number,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  z: Float64Array,
): void {
  for (let c = 0; c < C; c++) z[c] = bias[c] ?? 0;
  for (let k = start; k < end; k++) {
    const v = values[k] ?? 0;
    const base = (indices[k] ?? 0) * C;
    for (let c = 0; c < C; c++) z[c] = (z[c] ?? 0) + (weights[base + c] ?? 0) * (scale[base + c] ?? 1) * v;
  }
}

/** In place: scores → probabilities. */
export function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] ?? 0) - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) / sum;
}

/** The raw scores (logits) of one text into `z`. */
export function scoreText(
  model: LinearWeights,
  text: string,
  features: FeatureOptions,
  z: Float64Array,
): void {
  const v: SparseVector = featurize(text, features, model.idf);
  scoreRow(model.weights, model.bias, model.outputs, v.indices, v.values, 0, v.length, z);
}
