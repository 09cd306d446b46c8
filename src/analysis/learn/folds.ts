/** Stratified fold assignment, shared by cross-validation and the inner tuning of thresholds. */
import { seededRandom, shuffle } from './linear.js';

/**
 * The fold (0 … k-1) of each item, stratified by `strata` (e.g. the labels): each stratum is
 * shuffled with the seed and dealt round-robin, so every fold gets its share of rare labels.
 */
export function assignFolds(strata: readonly string[], folds: number, seed: number): Int32Array {
  const byStratum = new Map<string, number[]>();
  strata.forEach((s, i) => {
    const list = byStratum.get(s) ?? [];
    list.push(i);
    byStratum.set(s, list);
  });
  const random = seededRandom(seed);
  const fold = new Int32Array(strata.length);
  let next = 0;
  for (const key of [...byStratum.keys()].sort()) {
    for (const i of shuffle(byStratum.get(key) ?? [], random)) {
      fold[i] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}
