/** Classification figures shared by cross-validation, `touchpoint eval` and the benchmarks. */

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of the class. */
  support: number;
}

export interface Metrics {
  accuracy: number;
  /** Unweighted mean of the per-class F1 over every label seen in gold or predictions. */
  macroF1: number;
  /** F1 of all decisions pooled; equals accuracy for single-label tasks. */
  microF1: number;
  perClass: Record<string, ClassFigures>;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function figures(tp: number, fp: number, fn: number): ClassFigures {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: f1(precision, recall), support: tp + fn };
}

/**
 * Accuracy, macro- and micro-F1 and per-class precision/recall/F1 of single-label predictions.
 *
 * @example metrics(['a', 'a', 'b'], ['a', 'b', 'b']).accuracy // 2/3
 */
export function metrics(gold: readonly string[], predicted: readonly string[]): Metrics {
  if (gold.length !== predicted.length) {
    throw new Error(`metrics: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const labels = [...new Set([...gold, ...predicted])].sort();
  const counts = new Map(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i] as string;
    if (g === p) {
      correct++;
      counts.get(g)!.tp++;
    } else {
      counts.get(g)!.fn++;
      counts.get(p)!.fp++;
    }
  });
  const perClass: Record<string, ClassFigures> = {};
  for (const [label, c] of counts) perClass[label] = figures(c.tp, c.fp, c.fn);
  const accuracy = gold.length === 0 ? 0 : correct / gold.length;
  const macroF1 = labels.length === 0 ? 0 : labels.reduce((s, l) => s + perClass[l]!.f1, 0) / labels.length;
  return { accuracy, macroF1, microF1: accuracy, perClass };
}

export interface MultiLabelMetrics {
  /** Micro-averaged over every (item, label) decision: SemEval-2014 aspect-category detection. */
  precision: number;
  recall: number;
  f1: number;
  macroF1: number;
  /** Items whose predicted set equals the gold set. */
  exactMatch: number;
  perClass: Record<string, ClassFigures>;
}

/**
 * Micro precision/recall/F1 (the SemEval-2014 aspect-category measure), macro-F1 and exact match
 * of label sets.
 *
 * @example multiLabelMetrics([['food', 'service']], [['food']]).recall // 0.5
 */
export function multiLabelMetrics(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): MultiLabelMetrics {
  if (gold.length !== predicted.length) {
    throw new Error(`multiLabelMetrics: ${gold.length} gold sets but ${predicted.length} predictions`);
  }
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (label: string) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  let exact = 0;
  gold.forEach((g, i) => {
    const goldSet = new Set(g);
    const predSet = new Set(predicted[i]);
    for (const label of predSet) {
      if (goldSet.has(label)) count(label).tp++;
      else count(label).fp++;
    }
    for (const label of goldSet) if (!predSet.has(label)) count(label).fn++;
    if (goldSet.size === predSet.size && [...goldSet].every((l) => predSet.has(l))) exact++;
  });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perClass: Record<string, ClassFigures> = {};
  for (const [label, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    perClass[label] = figures(c.tp, c.fp, c.fn);
  }
  const micro = figures(tp, fp, fn);
  const classes = Object.values(perClass);
  return {
    precision: micro.precision,
    recall: micro.recall,
    f1: micro.f1,
    macroF1: classes.length === 0 ? 0 : classes.reduce((s, c) => s + c.f1, 0) / classes.length,
    exactMatch: gold.length === 0 ? 0 : exact / gold.length,
    perClass,
  };
}
