/**
 * Synthetic traffic for tests and demos: negative items as a Poisson process whose rate follows a
 * daily cycle, deterministic for a seed. Pure.
 */
import { random } from './backtest.js';
import { DAY, HOUR, MINUTE } from './series.js';
import type { BrandKind, WarnEvent } from './types.js';

export interface SyntheticSpec {
  brand: string;
  brandKind?: BrandKind;
  /** Touchpoints drawn in proportion to these weights for each item. */
  touchpoints?: Record<string, number>;
  platform?: string;
  from: number;
  to: number;
  /** Mean negatives per hour, and a factor per hour of day (UTC) around it (default flat). */
  negativesPerHour: number;
  hourFactor?: (hourOfDay: number) => number;
  /** Extra non-negative items per negative one. */
  othersPerNegative?: number;
  seed: number;
  idPrefix?: string;
}

/** Items of one brand between `from` and `to`, sorted by time. */
export function syntheticEvents(spec: SyntheticSpec): WarnEvent[] {
  const rand = random(spec.seed);
  const out: WarnEvent[] = [];
  const tps = Object.entries(spec.touchpoints ?? {});
  const total = tps.reduce((a, [, w]) => a + w, 0);
  const pick = (): string[] => {
    if (total <= 0) return [];
    let r = rand() * total;
    for (const [k, w] of tps) if ((r -= w) < 0) return [k];
    return [];
  };
  for (let t = spec.from; t < spec.to; t += MINUTE) {
    const hour = Math.floor((t % DAY) / HOUR);
    const rate = (spec.negativesPerHour * (spec.hourFactor?.(hour) ?? 1)) / 60;
    const others = spec.othersPerNegative ?? 1;
    for (const negative of [true, false]) {
      let k = 0;
      const mean = negative ? rate : rate * others;
      for (let p = rand(), limit = Math.exp(-mean); p > limit; p *= rand()) k++;
      for (let i = 0; i < k; i++)
        out.push({
          time: t + Math.floor(rand() * MINUTE),
          brand: spec.brand,
          brandKind: spec.brandKind ?? 'own',
          touchpoints: pick(),
          platform: spec.platform ?? 'twitter',
          negative,
          itemId: `${spec.idPrefix ?? spec.brand}-${out.length}`,
        });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}
