import { describe, expect, it } from 'vitest';
import { SliceSize, timeSlicer } from './slices.js';

describe('SliceSize', () => {
  it('shrinks a unit that took longer than the budget, grows a fast one at most twice, within its bounds', () => {
    const s = new SliceSize({ initial: 25, min: 1, max: 50, budgetMs: 20 });
    s.record(100); // 25 items in 100 ms: 5 fit in 20 ms
    expect(s.size).toBe(5);
    s.record(1); // fast: doubles, not the 100 the ratio asks
    expect(s.size).toBe(10);
    s.record(0);
    s.record(0);
    s.record(0);
    expect(s.size).toBe(50); // capped
    s.record(10_000);
    expect(s.size).toBe(1); // floored
    expect(new SliceSize({ initial: 500, min: 1, max: 50 }).size).toBe(50);
  });

  it('times the unit it runs by the clock it was given', async () => {
    let t = 0;
    const s = new SliceSize({ initial: 40, min: 1, max: 100, budgetMs: 20, now: () => t });
    const seen: number[] = [];
    for (const cost of [4, 4, 0.5]) {
      await s.timed((size) => {
        seen.push(size);
        t += size * cost; // ms per item
        return Promise.resolve();
      });
    }
    expect(seen).toEqual([40, 5, 5]);
    expect(s.size).toBe(10);
  });
});

describe('timeSlicer', () => {
  it('yields only once the budget has passed since the last yield', async () => {
    let t = 0;
    const slice = timeSlicer(20, () => t);
    let immediates = 0;
    const count = () => {
      immediates++;
    };
    const step = async () => {
      setImmediate(count);
      await slice();
    };
    await step(); // 0 ms: no yield, the immediate has not run
    expect(immediates).toBe(0);
    t = 25;
    await step(); // over budget: yields, so both immediates run
    expect(immediates).toBe(2);
    t = 30;
    await step(); // 5 ms since the yield
    expect(immediates).toBe(2);
  });
});
