/** k-fold cross-validation of the classifiers: the figure a workspace sees for its own model. */
import { trainClassifier, type Example } from './classifier.js';
import { assignFolds } from './folds.js';
import { metrics, multiLabelMetrics, type ClassFigures, type MultiLabelMetrics } from './metrics.js';
import { trainMultiLabel, type MultiLabelExample, type MultiLabelOptions } from './multi-label.js';
import type { TrainOptions } from './options.js';

export { assignFolds };

export interface FoldOptions {
  /** Number of folds (default 5). */
  folds?: number;
  /** Seed of the fold assignment (default 1). */
  seed?: number;
}

export interface CrossValidation {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, ClassFigures>;
  folds: number;
}

function checkFolds(folds: number, n: number): void {
  if (!Number.isInteger(folds) || folds < 2 || folds > n) {
    throw new Error(`cross-validation needs 2 ≤ folds ≤ examples (${n}), got ${folds}`);
  }
}

/**
 * Stratified k-fold cross-validation of `trainClassifier`: every example is predicted by the model
 * trained on the other folds, and the figures are computed over all those predictions pooled.
 *
 * @example crossValidate(examples, { folds: 5, classWeight: 'balanced' }).macroF1
 */
export function crossValidate(
  examples: Example[],
  options: TrainOptions & FoldOptions = {},
): CrossValidation {
  const { folds = 5, seed = 1, ...train } = options;
  checkFolds(folds, examples.length);
  const fold = assignFolds(
    examples.map((e) => e.label),
    folds,
    seed,
  );
  const predicted: string[] = new Array<string>(examples.length).fill('');
  for (let k = 0; k < folds; k++) {
    const model = trainClassifier(
      examples.filter((_, i) => fold[i] !== k),
      train,
    );
    examples.forEach((e, i) => {
      if (fold[i] === k) predicted[i] = model.predict(e.text).label;
    });
  }
  const m = metrics(
    examples.map((e) => e.label),
    predicted,
  );
  return { accuracy: m.accuracy, macroF1: m.macroF1, perClass: m.perClass, folds };
}

/**
 * k-fold cross-validation of `trainMultiLabel` (stratified by the sorted label set), with the
 * micro P/R/F1 of SemEval-2014 aspect-category detection.
 */
export function crossValidateMultiLabel(
  examples: MultiLabelExample[],
  options: MultiLabelOptions & FoldOptions = {},
): MultiLabelMetrics & { folds: number } {
  const { folds = 5, seed = 1, ...train } = options;
  checkFolds(folds, examples.length);
  const fold = assignFolds(
    examples.map((e) => [...e.labels].sort().join('|')),
    folds,
    seed,
  );
  const predicted: string[][] = examples.map(() => []);
  for (let k = 0; k < folds; k++) {
    const model = trainMultiLabel(
      examples.filter((_, i) => fold[i] !== k),
      train,
    );
    examples.forEach((e, i) => {
      if (fold[i] === k) predicted[i] = model.predict(e.text).labels;
    });
  }
  return {
    ...multiLabelMetrics(
      examples.map((e) => e.labels),
      predicted,
    ),
    folds,
  };
}
