/**
 * Evaluation of the analysis pipeline on labelled third-party files: readers per format, metrics,
 * zero-shot and trained runs, peers (VADER, AFINN). What `touchpoint eval` calls.
 */
export {
  runEval,
  type EvalOptions,
  type EvalReport,
  type EvalMetrics,
  type EvalTask,
  type SystemFigures,
} from './run.js';
export { formatReport } from './format.js';
export {
  URGENT_INTENTS,
  formatIntentsReport,
  intentMetrics,
  runIntentsEval,
  urgentByIntent,
  type IntentMetrics,
  type IntentsReport,
} from './intents.js';
export { readIntents, type IntentRecord } from './datasets/intents.js';
export { metrics, type ClassificationMetrics, type ClassMetrics } from './metrics.js';
export { splitItems } from './split.js';
export { DATASETS, DATASET_NAMES, DatasetError, readDataset, type DatasetName } from './datasets/index.js';
