/**
 * Single-label metrics over a data set's own classes. Not `src/analysis/learn`'s `metrics`, which
 * averages over every label seen in gold or predictions: on a binary set the analyser's `neutral`
 * would become a third class with F1 0 and cut macro-F1 by a third. Here such a prediction is
 * simply wrong. With every prediction inside the classes both give the same figures (tested).
 * Label sets (aspect categories) use learn's `multiLabelMetrics`.
 */

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold items of the class. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Unweighted mean of the per-class F1 over `labels`. */
  macroF1: number;
  /** F1 of the true/false positives summed over `labels` (equals accuracy when every prediction is one of them). */
  microF1: number;
  perClass: Record<string, ClassMetrics>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Accuracy, macro- and micro-F1 and per-class precision/recall/F1 of `predicted` against `gold`.
 * `labels` are the classes averaged over (default: those in `gold`, sorted): a prediction outside
 * them (`neutral` on a binary set) is simply wrong — it costs its gold class recall, and no class
 * precision.
 *
 * @example
 * metrics(['a', 'a', 'b'], ['a', 'b', 'b']).macroF1 // (2/3 + 2/3) / 2
 */
export function metrics(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[] = [...new Set(gold)].sort(),
): ClassificationMetrics {
  if (gold.length !== predicted.length)
    throw new Error(`metrics: ${gold.length} gold labels but ${predicted.length} predictions`);
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as string;
    const p = predicted[i] as string;
    if (g === p) {
      correct += 1;
      add(tp, g);
    } else {
      add(fn, g);
      add(fp, p);
    }
  }
  const perClass: Record<string, ClassMetrics> = {};
  let sumTp = 0;
  let sumFp = 0;
  let sumFn = 0;
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const f = fp.get(label) ?? 0;
    const n = fn.get(label) ?? 0;
    [sumTp, sumFp, sumFn] = [sumTp + t, sumFp + f, sumFn + n];
    const precision = ratio(t, t + f);
    const recall = ratio(t, t + n);
    perClass[label] = { precision, recall, f1: harmonic(precision, recall), support: t + n };
  }
  const f1s = labels.map((l) => perClass[l]?.f1 ?? 0);
  return {
    accuracy: ratio(correct, gold.length),
    macroF1: ratio(
      f1s.reduce((a, b) => a + b, 0),
      f1s.length,
    ),
    microF1: harmonic(ratio(sumTp, sumTp + sumFp), ratio(sumTp, sumTp + sumFn)),
    perClass,
  };
}
