/** Training options shared by the multi-class and multi-label classifiers, merged over defaults. */
import { DEFAULT_FEATURES, describeFeatures, type FeatureOptions } from './features.js';
import type { SgdOptions } from './linear.js';
import type { ModelMeta } from './serialize.js';

export interface TrainOptions extends Partial<SgdOptions> {
  features?: Partial<FeatureOptions>;
  /**
   * `balanced` weighs each example by `n / (classes × examples of its class)`, so rare classes count
   * as much as common ones (macro-F1 on skewed data); `none` counts every example once.
   */
  classWeight?: 'balanced' | 'none';
  name?: string;
  version?: number;
  trainedOn?: string;
  /** Defaults to now; pass one for byte-identical model files. */
  createdAt?: string;
}

export const DEFAULT_SGD = { epochs: 8, learningRate: 0.2, l2: 1e-6, seed: 1 } satisfies SgdOptions;

export interface ResolvedOptions {
  sgd: SgdOptions;
  features: FeatureOptions;
  classWeight: 'balanced' | 'none';
}

export function resolveOptions(
  options: TrainOptions,
  defaultClassWeight: 'balanced' | 'none',
): ResolvedOptions {
  const sgd = {
    epochs: options.epochs ?? DEFAULT_SGD.epochs,
    learningRate: options.learningRate ?? DEFAULT_SGD.learningRate,
    l2: options.l2 ?? DEFAULT_SGD.l2,
    seed: options.seed ?? DEFAULT_SGD.seed,
  } satisfies SgdOptions;
  const features = { ...DEFAULT_FEATURES, ...options.features } satisfies FeatureOptions;
  return { sgd, features, classWeight: options.classWeight ?? defaultClassWeight };
}

export function metaOf(options: TrainOptions, features: FeatureOptions, examples: number): ModelMeta {
  return {
    name: options.name ?? 'text-classifier',
    version: options.version ?? 1,
    trainedOn: options.trainedOn ?? 'unspecified',
    examples,
    createdAt: options.createdAt ?? new Date().toISOString(),
    features: describeFeatures(features),
  };
}
