/**
 * The file format of learned models, `touchpoint-linear@1`: a plain JSON object whose weights are
 * base64 of little-endian Float32 values for the hash buckets that have any non-zero weight.
 * Bump the version whenever features or hashing change: an old model must not silently read new features.
 */
import { DEFAULT_FEATURES, type FeatureOptions } from './features.js';
import type { LinearWeights } from './linear.js';

export const MODEL_FORMAT = 'touchpoint-linear@1';

export interface ModelMeta {
  name: string;
  version: number;
  /** What the model was trained on, e.g. `airline-tweets/Tweets.train.csv`. */
  trainedOn: string;
  examples: number;
  /** ISO-8601 time of training. */
  createdAt: string;
  /** Description of the features, e.g. `hashed 2^18: word 1-2 + char 2-5 (×1); sublinear tf, L2`. */
  features: string;
}

export interface SerializedClassifier {
  format: typeof MODEL_FORMAT;
  /** `aspect`: polarity towards an aspect (`trainAspectPolarity`), with `aspect` set. */
  kind: 'multiclass' | 'multilabel' | 'aspect';
  labels: string[];
  meta: ModelMeta;
  features: FeatureOptions;
  /** Multi-label only: the probability from which a label is given. */
  threshold?: number;
  /**
   * Multi-label only, optional (models before it use `threshold` for every label): the threshold
   * per label, tuned by inner cross-validation.
   */
  thresholds?: Record<string, number>;
  /** Multi-label only: give the most probable label when none reaches the threshold. */
  atLeastOne?: boolean;
  /** Aspect models only: weights of the conjoined blocks and the cue words per aspect. */
  aspect?: { conjoined: number; clause: number; cues: Record<string, string[]> };
  bias: number[];
  weights: { rows: string; values: string };
  /** tf-idf models: idf of the buckets seen in training (`rows`, `values`), and of all others. */
  idf?: { rows: string; values: string; unseen: number };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const int32Base64 = (values: readonly number[]) => toBase64(new Uint8Array(Int32Array.from(values).buffer));

/** The idf of the buckets seen in training: those below the largest (unseen) value. */
export function encodeIdf(idf: Float32Array): NonNullable<SerializedClassifier['idf']> {
  let unseen = 0;
  for (const v of idf) unseen = Math.max(unseen, v);
  const rows: number[] = [];
  idf.forEach((v, b) => {
    if (v !== unseen) rows.push(b);
  });
  return {
    rows: int32Base64(rows),
    values: toBase64(new Uint8Array(Float32Array.from(rows, (b) => idf[b] ?? unseen).buffer)),
    unseen,
  };
}

/** The plain JSON object of a trained model: its description plus encoded weights. */
export function serialize(model: SerializedClassifier, linear: LinearWeights): SerializedClassifier {
  return {
    ...model,
    bias: Array.from(linear.bias),
    weights: encodeWeights(linear),
    ...(linear.idf ? { idf: encodeIdf(linear.idf) } : {}),
  };
}

/** The non-zero rows of the weights, as base64 strings. */
export function encodeWeights(model: LinearWeights): SerializedClassifier['weights'] {
  const C = model.outputs;
  const buckets = model.weights.length / C;
  const rows: number[] = [];
  for (let b = 0; b < buckets; b++) {
    for (let c = 0; c < C; c++) {
      if (model.weights[b * C + c] !== 0) {
        rows.push(b);
        break;
      }
    }
  }
  const values = new Float32Array(rows.length * C);
  rows.forEach((b, i) => values.set(model.weights.subarray(b * C, b * C + C), i * C));
  return {
    rows: int32Base64(rows),
    values: toBase64(new Uint8Array(values.buffer)),
  };
}

function fail(reason: string): never {
  throw new Error(`Not a usable Touchpoint model: ${reason}`);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeIdf(idf: unknown, buckets: number): Float32Array | undefined {
  if (idf === undefined) return undefined;
  if (!isRecord(idf) || typeof idf.rows !== 'string' || typeof idf.values !== 'string') {
    fail('idf must be { rows, values, unseen }');
  }
  const unseen = idf.unseen;
  if (typeof unseen !== 'number') fail('idf.unseen must be a number');
  const rowBytes = fromBase64(idf.rows);
  const valueBytes = fromBase64(idf.values);
  if (rowBytes.length % 4 !== 0 || valueBytes.length !== rowBytes.length) {
    fail('idf rows and values differ in size');
  }
  const rows = new Int32Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.length / 4);
  const values = new Float32Array(valueBytes.buffer, valueBytes.byteOffset, valueBytes.length / 4);
  const dense = new Float32Array(buckets).fill(unseen);
  rows.forEach((b, i) => {
    if (b < 0 || b >= buckets) fail(`idf row ${b} is outside the ${buckets} buckets`);
    dense[b] = values[i] ?? unseen;
  });
  return dense;
}

/**
 * Checks a parsed model file and rebuilds its weights; throws an Error that says what is wrong.
 */
export function decodeModel(
  serialized: unknown,
  kind: SerializedClassifier['kind'],
): { model: SerializedClassifier; weights: LinearWeights } {
  if (!isRecord(serialized)) fail('expected a JSON object');
  const format = serialized.format;
  if (format !== MODEL_FORMAT) {
    const version = typeof format === 'string' ? /^touchpoint-linear@(\d+)$/.exec(format)?.[1] : undefined;
    if (version)
      fail(`format version ${version} is not supported by this Touchpoint (it reads ${MODEL_FORMAT})`);
    fail(`expected format "${MODEL_FORMAT}", got ${JSON.stringify(format) ?? 'none'}`);
  }
  if (serialized.kind !== kind) fail(`expected a ${kind} model, got ${JSON.stringify(serialized.kind)}`);
  const { labels, bias, weights, features, meta } = serialized;
  if (!Array.isArray(labels) || labels.length < 1 || !labels.every((l) => typeof l === 'string')) {
    fail('labels must be a non-empty array of strings');
  }
  if (!isRecord(meta) || typeof meta.name !== 'string') fail('meta must be an object with a name');
  const { threshold, atLeastOne } = serialized;
  if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1))) {
    fail('threshold must be a number between 0 and 1');
  }
  const { thresholds } = serialized;
  if (
    thresholds !== undefined &&
    (!isRecord(thresholds) ||
      !Object.entries(thresholds).every(
        ([label, t]) => labels.includes(label) && typeof t === 'number' && t > 0 && t < 1,
      ))
  ) {
    fail('thresholds must map labels to numbers between 0 and 1');
  }
  const { aspect } = serialized;
  if (kind === 'aspect') {
    if (
      !isRecord(aspect) ||
      typeof aspect.conjoined !== 'number' ||
      typeof aspect.clause !== 'number' ||
      !isRecord(aspect.cues) ||
      !Object.values(aspect.cues).every((w) => Array.isArray(w) && w.every((x) => typeof x === 'string'))
    ) {
      fail('aspect must be { conjoined, clause, cues: { aspect: words[] } }');
    }
  }
  if (!isRecord(features)) fail('features missing');
  // Fields added after a model was stored read as "off", never as today's default.
  const f = { ...DEFAULT_FEATURES, score: 0, shape: 0, ...features } as FeatureOptions;
  if (!Number.isInteger(f.bits) || f.bits < 8 || f.bits > 24)
    fail(`features.bits ${f.bits} is out of range 8–24`);
  if (f.wordNgrams !== 1 && f.wordNgrams !== 2) fail('features.wordNgrams must be 1 or 2');
  if (!Array.isArray(bias) || bias.length !== labels.length || !bias.every((b) => typeof b === 'number')) {
    fail('bias must hold one number per label');
  }
  if (!isRecord(weights) || typeof weights.rows !== 'string' || typeof weights.values !== 'string') {
    fail('weights must be { rows, values } base64 strings');
  }
  const C = labels.length;
  const rowBytes = fromBase64(weights.rows);
  const valueBytes = fromBase64(weights.values);
  if (rowBytes.length % 4 !== 0 || valueBytes.length !== rowBytes.length * C) {
    fail('weights.rows and weights.values do not match in size');
  }
  const rows = new Int32Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.length / 4);
  const values = new Float32Array(valueBytes.buffer, valueBytes.byteOffset, valueBytes.length / 4);
  const buckets = 1 << f.bits;
  const dense = new Float32Array(buckets * C);
  rows.forEach((b, i) => {
    if (b < 0 || b >= buckets) fail(`weight row ${b} is outside the ${buckets} buckets`);
    dense.set(values.subarray(i * C, i * C + C), b * C);
  });
  const idf = decodeIdf(serialized.idf, buckets);
  return {
    model: {
      format: MODEL_FORMAT,
      kind,
      labels,
      meta: {
        name: meta.name,
        version: typeof meta.version === 'number' ? meta.version : 1,
        trainedOn: text(meta.trainedOn),
        examples: typeof meta.examples === 'number' ? meta.examples : 0,
        createdAt: text(meta.createdAt),
        features: text(meta.features),
      },
      features: f,
      ...(threshold === undefined ? {} : { threshold }),
      ...(kind === 'aspect' ? { aspect: aspect as NonNullable<SerializedClassifier['aspect']> } : {}),
      ...(thresholds === undefined ? {} : { thresholds: thresholds as Record<string, number> }),
      ...(atLeastOne === undefined ? {} : { atLeastOne: atLeastOne === true }),
      bias: [],
      weights: { rows: '', values: '' },
    },
    weights: { outputs: C, weights: dense, bias: Float32Array.from(bias), idf },
  };
}
