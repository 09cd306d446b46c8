import { describe, expect, it } from 'vitest';
import { ingestRule } from '../bench/scale.js';

/** The ingest rule as bench/scale.ts prints it: the last million's rate, by the steps' own times, over the first step's. */
describe('ingestRule (bench/scale.ts)', () => {
  const step = (upTo: number, seconds: number) => ({
    upTo,
    items: 100_000,
    seconds,
    itemsPerSecond: Math.round(100_000 / seconds),
  });

  it('takes the last million of a 5M run with each step its own time, folds included', () => {
    // 50 steps of 100k: the first at 2,000/s, the last ten at 50 s each but one step of 150 s (a fold).
    const rates = Array.from({ length: 50 }, (_, i) => step((i + 1) * 100_000, i === 0 ? 50 : 60));
    for (let i = 40; i < 50; i++) rates[i] = step((i + 1) * 100_000, i === 45 ? 150 : 50);
    // 1,000,000 items in 9 × 50 + 150 = 600 s: 1,667/s, 0.833 of 2,000/s.
    expect(ingestRule(rates, 5_000_000)).toBe(
      'the last 1,000,000 items at 1667/s (600 s), the first 100,000 at 2000/s: 0.833 (the rule asks 0.8 or more)',
    );
  });

  it('takes the last fifth of a smaller run, and says nothing with a single step', () => {
    const rates = Array.from({ length: 10 }, (_, i) => step((i + 1) * 100_000, i < 8 ? 50 : 100));
    expect(ingestRule(rates, 1_000_000)).toMatch(/^the last 200,000 items at 1000\/s \(200 s\).*: 0\.500 /);
    expect(ingestRule([step(100_000, 50)], 100_000)).toBeUndefined();
  });
});
