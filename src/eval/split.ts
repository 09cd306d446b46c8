/** A deterministic train/test split of one file, for data sets with no separate test file. */

/** mulberry32: a small seeded PRNG, so a split is the same on every machine and Node version. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits `items` into `ratio` for training and the rest for testing: a Fisher–Yates shuffle of the
 * positions with mulberry32 seeded by `seed` decides which go where; each part keeps file order. The
 * same items, ratio and seed always give the same split (`--split 0.8 --seed 1`).
 *
 * @example
 * const { train, test } = splitItems(records, 0.8, 1); // 80 % / 20 %
 */
export function splitItems<T>(items: readonly T[], ratio: number, seed: number): { train: T[]; test: T[] } {
  if (!(ratio > 0 && ratio < 1)) throw new Error(`split ratio must be between 0 and 1, got ${ratio}`);
  const random = seeded(seed);
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const cut = Math.round(items.length * ratio);
  const inTrain = new Uint8Array(items.length);
  for (const i of order.slice(0, cut)) inTrain[i] = 1;
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((item, i) => (inTrain[i] ? train : test).push(item));
  return { train, test };
}
