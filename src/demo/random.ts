/** A small seeded pseudo-random generator: the demo data must be the same for the same seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A key drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K;
  shuffle<T>(items: T[]): T[];
}

/** mulberry32 (Tommy Ettinger, public domain): 32 bits of state, good enough for fake data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted<K extends string>(weights: Partial<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return pick(entries)[0];
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j] as T, items[i] as T];
      }
      return items;
    },
  };
}

/**
 * Exactly `n` labels in the given proportions (largest remainder), shuffled: quotas rather than
 * independent draws keep the mix close to the target even for a few hundred items.
 */
export function deal<K extends string>(rng: Rng, n: number, shares: Record<K, number>): K[] {
  const entries = Object.entries(shares) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  const exact = entries.map(([key, w]) => ({ key, exact: (n * w) / total }));
  const counts = exact.map((e) => ({ key: e.key, count: Math.floor(e.exact), rest: e.exact % 1 }));
  let missing = n - counts.reduce((sum, c) => sum + c.count, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.count++;
  }
  return rng.shuffle(counts.flatMap((c) => Array.from({ length: c.count }, () => c.key)));
}
