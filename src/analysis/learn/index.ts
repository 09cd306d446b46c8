/**
 * Learned text classifiers: multinomial and one-vs-rest logistic regression on hashed word and
 * character n-grams, trained in seconds on one core; pure (models go to and from plain objects).
 */
export {
  balancedWeights,
  loadClassifier,
  trainClassifier,
  type Example,
  type Prediction,
  type TextClassifier,
} from './classifier.js';
export {
  DEFAULT_MULTI_LABEL,
  loadMultiLabel,
  trainMultiLabel,
  type MultiLabelClassifier,
  type MultiLabelExample,
  type MultiLabelOptions,
  type MultiLabelPrediction,
} from './multi-label.js';
export {
  DEFAULT_ASPECT_POLARITY,
  aspectClauses,
  learnCues,
  loadAspectPolarity,
  trainAspectPolarity,
  type AspectExample,
  type AspectPolarityClassifier,
  type AspectPolarityOptions,
} from './aspect-polarity.js';
export {
  assignFolds,
  crossValidate,
  crossValidateMultiLabel,
  type CrossValidation,
  type FoldOptions,
} from './cross-validate.js';
export {
  metrics,
  multiLabelMetrics,
  type ClassFigures,
  type Metrics,
  type MultiLabelMetrics,
} from './metrics.js';
export { DEFAULT_FEATURES, featurize, tokenize, type FeatureOptions, type SparseVector } from './features.js';
export { DEFAULT_SGD, TOPIC_OPTIONS, type TrainOptions } from './options.js';
export { MODEL_FORMAT, type ModelMeta, type SerializedClassifier } from './serialize.js';
