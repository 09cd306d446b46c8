// Every expected number below is computed by hand in the comment beside it (z = 1.959964 for 95 %).
import { describe, expect, it } from 'vitest';
import {
  MIN_N,
  meanChange,
  meanEstimate,
  momentsOf,
  npsChange,
  npsEstimate,
  proportionChange,
  proportionEstimate,
  sentimentIndexChange,
  sentimentIndexEstimate,
} from './stats.js';

const NONE = { value: null, low: null, high: null, n: 0, enough: false };
const repeat = (xs: number[], times: number): number[] => Array.from({ length: times }, () => xs).flat();

describe('NPS', () => {
  it('typical counts: P=50, Pa=30, D=20 → 30, 95 % CI 14.69..45.31', () => {
    // n = 100, p = 0.5, d = 0.2, NPS = 100·(0.5 − 0.2) = 30
    // var = (p + d − (p − d)²)/n = (0.7 − 0.09)/100 = 0.0061; se = √0.0061 = 0.078102
    // half = 1.959964 · 0.078102 = 0.153078 → ±15.31 points → 14.69 .. 45.31
    const e = npsEstimate({ promoters: 50, passives: 30, detractors: 20 });
    expect(e.value).toBeCloseTo(30, 10);
    expect(e.low).toBeCloseTo(14.69, 2);
    expect(e.high).toBeCloseTo(45.31, 2);
    expect(e.n).toBe(100);
    expect(e.enough).toBe(true);
  });

  it('no responses: no value, no interval, not enough', () => {
    expect(npsEstimate({ promoters: 0, passives: 0, detractors: 0 })).toEqual(NONE);
  });

  it('all promoters → 100; the variance p + d − (p − d)² = 1 + 0 − 1 = 0, so the interval is 100..100', () => {
    expect(npsEstimate({ promoters: 40, passives: 0, detractors: 0 })).toEqual({
      value: 100,
      low: 100,
      high: 100,
      n: 40,
      enough: true,
    });
    // all detractors mirror it at −100
    expect(npsEstimate({ promoters: 0, passives: 0, detractors: 40 })).toMatchObject({
      value: -100,
      low: -100,
    });
  });

  it('a single response gives its value but is not enough', () => {
    expect(npsEstimate({ promoters: 0, passives: 1, detractors: 0 })).toMatchObject({
      value: 0,
      n: 1,
      enough: false,
    });
    expect(npsEstimate({ promoters: 1, passives: 0, detractors: 0 })).toMatchObject({
      value: 100,
      n: 1,
      enough: false,
    });
  });

  it('clamps the interval to −100..100', () => {
    // P=28, D=1, n=30: p=0.9333, d=0.0333, NPS 90; var = (0.9667 − 0.81)/30 = 0.0052222, se = 0.072265,
    // half = 0.141637 → 75.84 .. 104.16, clamped to 100
    const e = npsEstimate({ promoters: 28, passives: 1, detractors: 1 });
    expect(e.value).toBeCloseTo(90, 10);
    expect(e.low).toBeCloseTo(75.84, 2);
    expect(e.high).toBe(100);
  });

  it('MIN_N is the line between enough and not', () => {
    expect(npsEstimate({ promoters: 10, passives: 9, detractors: 10 }).enough).toBe(false); // 29
    expect(npsEstimate({ promoters: 10, passives: 10, detractors: 10 }).enough).toBe(true); // 30
    expect(MIN_N).toBe(30);
  });

  it('a 90 % interval is narrower: z = 1.644854 → ±12.85', () => {
    // half = 1.644854 · 0.078102 = 0.128466
    const e = npsEstimate({ promoters: 50, passives: 30, detractors: 20 }, 0.9);
    expect(e.low).toBeCloseTo(17.15, 2);
    expect(e.high).toBeCloseTo(42.85, 2);
  });

  it('rejects negative counts and a confidence outside (0, 1)', () => {
    expect(() => npsEstimate({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
    expect(() => npsEstimate({ promoters: 1, passives: 0, detractors: 0 }, 1)).toThrow(RangeError);
  });
});

describe('proportions (Wilson score interval)', () => {
  // centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n) · √(p(1 − p)/n + z²/4n²), z² = 3.841459
  it('0/10 → 0, 0..0.2775', () => {
    // denom = 1.384146; centre = 0.192073/1.384146 = 0.138767; half = 1.416009 · √(3.841459/400) = 0.138767
    const e = proportionEstimate(0, 10);
    expect(e).toMatchObject({ value: 0, low: 0, n: 10, enough: false });
    expect(e.high).toBeCloseTo(0.27753, 5);
  });

  it('10/10 → 1, 0.7225..1: the upper bound is 1, never above', () => {
    const e = proportionEstimate(10, 10);
    expect(e).toMatchObject({ value: 1, high: 1, n: 10, enough: false });
    expect(e.low).toBeCloseTo(0.72247, 5);
  });

  it('45/100 → 0.45, 0.3561..0.5476', () => {
    // denom = 1.038415; centre = (0.45 + 0.019207)/1.038415 = 0.451849
    // half = 1.887454 · √(0.002475 + 0.000096) = 1.887454 · 0.050705 = 0.095704 → 0.356146 .. 0.547553
    const e = proportionEstimate(45, 100);
    expect(e.value).toBe(0.45);
    expect(e.low).toBeCloseTo(0.35615, 4);
    expect(e.high).toBeCloseTo(0.54755, 4);
    expect(e.enough).toBe(true);
  });

  it('no data, and successes above n', () => {
    expect(proportionEstimate(0, 0)).toEqual(NONE);
    expect(() => proportionEstimate(11, 10)).toThrow(RangeError);
  });
});

describe('means (t interval)', () => {
  it('stars 4, 5, 3 → 4, 1.516..6.484', () => {
    // mean 4; s² = ((0)² + 1² + (−1)²)/2 = 1; se = 1/√3 = 0.577350; t(0.975, 2 df) = 4.302653
    // half = 2.484138 → 1.515862 .. 6.484138 (n = 3: not enough, and the interval says why)
    const e = meanEstimate(momentsOf([4, 5, 3]));
    expect(e.value).toBe(4);
    expect(e.low).toBeCloseTo(1.51586, 4);
    expect(e.high).toBeCloseTo(6.48414, 4);
    expect(e.enough).toBe(false);
  });

  it('1..5 six times (n = 30) → 3, 2.463..3.537', () => {
    // sum = 90, sumSq = 6 · 55 = 330; s² = (330 − 90²/30)/29 = 60/29 = 2.068966; se = √(2.068966/30) = 0.262613
    // t(0.975, 29 df) = 2.045230; half = 0.537104
    const e = meanEstimate({ n: 30, sum: 90, sumSq: 330 });
    expect(e.value).toBe(3);
    expect(e.low).toBeCloseTo(2.4629, 4);
    expect(e.high).toBeCloseTo(3.5371, 4);
    expect(e.enough).toBe(true);
  });

  it('a single response: the value, but no variance and so no interval', () => {
    expect(meanEstimate(momentsOf([5]))).toEqual({ value: 5, low: null, high: null, n: 1, enough: false });
  });

  it('no responses, and all answers the same (zero variance → a point interval)', () => {
    expect(meanEstimate(momentsOf([]))).toEqual(NONE);
    expect(meanEstimate(momentsOf(repeat([5], 40)))).toEqual({
      value: 5,
      low: 5,
      high: 5,
      n: 40,
      enough: true,
    });
  });
});

describe('sentiment index', () => {
  it('60 positive, 25 negative of 100 → 0.35, 0.1828..0.5172', () => {
    // var = (0.6 + 0.25 − 0.35²)/100 = (0.85 − 0.1225)/100 = 0.007275; se = 0.085294; half = 0.167172
    const e = sentimentIndexEstimate({ positive: 60, negative: 25, n: 100 });
    expect(e.value).toBeCloseTo(0.35, 10);
    expect(e.low).toBeCloseTo(0.18283, 4);
    expect(e.high).toBeCloseTo(0.51717, 4);
  });

  it('no items, and more positive + negative than items', () => {
    expect(sentimentIndexEstimate({ positive: 0, negative: 0, n: 0 })).toEqual(NONE);
    expect(() => sentimentIndexEstimate({ positive: 6, negative: 5, n: 10 })).toThrow(RangeError);
  });
});

describe('changes between two periods', () => {
  it('NPS 30 → 45 on 100 each is not significant (p = 0.163)', () => {
    // a: var 0.0061 (above); b: P=60, D=15: v = 0.45, var = (0.75 − 0.2025)/100 = 0.005475
    // se = √(0.0061 + 0.005475) = 0.107587; z = 0.15/0.107587 = 1.39422; p = 2(1 − Φ(1.39422)) = 0.1633
    const c = npsChange(
      { promoters: 50, passives: 30, detractors: 20 },
      { promoters: 60, passives: 25, detractors: 15 },
    );
    expect(c.delta).toBeCloseTo(15, 10);
    expect(c.pValue).toBeCloseTo(0.1633, 4);
    expect(c.significant).toBe(false);
  });

  it('NPS 30 → 60 on 100 each is significant (p = 0.0034)', () => {
    // b: v = 0.6, var = (0.8 − 0.36)/100 = 0.0044; se = √0.0105 = 0.102470; z = 2.92770; p = 0.003415
    const c = npsChange(
      { promoters: 50, passives: 30, detractors: 20 },
      { promoters: 70, passives: 20, detractors: 10 },
    );
    expect(c.delta).toBeCloseTo(30, 10);
    expect(c.pValue).toBeCloseTo(0.003415, 5);
    expect(c.significant).toBe(true);
  });

  it('no test on thin or empty periods: delta when both have data, p and significance null', () => {
    const thin = { promoters: 5, passives: 3, detractors: 2 }; // n = 10 < MIN_N, NPS 30
    const full = { promoters: 60, passives: 25, detractors: 15 }; // NPS 45
    const empty = { promoters: 0, passives: 0, detractors: 0 };
    const c = npsChange(thin, full);
    expect(c).toMatchObject({ pValue: null, significant: null });
    expect(c.delta).toBeCloseTo(15, 10);
    expect(npsChange(empty, full)).toEqual({ delta: null, pValue: null, significant: null });
    expect(proportionChange({ successes: 0, n: 0 }, { successes: 5, n: 50 })).toEqual({
      delta: null,
      pValue: null,
      significant: null,
    });
    expect(meanChange(momentsOf([5]), momentsOf(repeat([4], 40)))).toEqual({
      delta: -1,
      pValue: null,
      significant: null,
    });
  });

  it('two identical all-promoter periods: no change, p = 1', () => {
    const all = { promoters: 40, passives: 0, detractors: 0 };
    expect(npsChange(all, all)).toEqual({ delta: 0, pValue: 1, significant: false });
  });

  it('proportion 45/100 → 60/100: pooled z, p = 0.0337', () => {
    // p̂ = 105/200 = 0.525; se = √(0.525 · 0.475 · (1/100 + 1/100)) = √0.0049875 = 0.070622
    // z = 0.15/0.070622 = 2.12398; p = 2(1 − Φ(2.12398)) = 0.03367
    const c = proportionChange({ successes: 45, n: 100 }, { successes: 60, n: 100 });
    expect(c.delta).toBeCloseTo(0.15, 10);
    expect(c.pValue).toBeCloseTo(0.03367, 5);
    expect(c.significant).toBe(true);
  });

  it('mean 3 → 4 (1..5 vs 2..6, n = 30 each): Welch t, p = 0.0093', () => {
    // s² = 60/29 on both sides; se² = 2 · 2.068966/30 = 0.137931, se = 0.371391; t = 1/0.371391 = 2.69258
    // df = se⁴ / (2 · (0.0689655²/29)) = 0.0190250/0.000328017 = 58.0; p = 2 · T₅₈(−2.69258) = 0.00925
    const c = meanChange(momentsOf(repeat([1, 2, 3, 4, 5], 6)), momentsOf(repeat([2, 3, 4, 5, 6], 6)));
    expect(c.delta).toBe(1);
    expect(c.pValue).toBeCloseTo(0.00925, 4);
    expect(c.significant).toBe(true);
  });

  it('sentiment index 0.35 → 0.05: z test like NPS, p = 0.0135', () => {
    // a var 0.007275; b: 0.4 − 0.35 = 0.05, var = (0.75 − 0.0025)/100 = 0.007475
    // se = √0.01475 = 0.121450; z = 0.3/0.121450 = 2.47015; p = 0.01351
    const c = sentimentIndexChange(
      { positive: 60, negative: 25, n: 100 },
      { positive: 40, negative: 35, n: 100 },
    );
    expect(c.delta).toBeCloseTo(-0.3, 10);
    expect(c.pValue).toBeCloseTo(0.01351, 4);
    expect(c.significant).toBe(true);
  });
});

describe('coverage: the 95 % intervals contain the true value about 95 % of the time', () => {
  // 4,000 simulated samples from a seeded generator (deterministic). Measured coverage is in the comments.
  function mulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const runs = 4000;

  it('NPS with 50 % promoters, 20 % detractors, n = 100 (true NPS 30): measured 94.5 %', () => {
    const u = mulberry32(1);
    let hit = 0;
    for (let r = 0; r < runs; r++) {
      const c = { promoters: 0, passives: 0, detractors: 0 };
      for (let i = 0; i < 100; i++) {
        const v = u();
        if (v < 0.5) c.promoters++;
        else if (v < 0.8) c.passives++;
        else c.detractors++;
      }
      const e = npsEstimate(c);
      if (e.low! <= 30 && 30 <= e.high!) hit++;
    }
    expect(hit / runs).toBeGreaterThan(0.93);
    expect(hit / runs).toBeLessThan(0.97);
  });

  it('Wilson at a rare 5 % with n = 60: measured 97.4 % (Wilson errs on the safe side here)', () => {
    const u = mulberry32(2);
    let hit = 0;
    for (let r = 0; r < runs; r++) {
      let x = 0;
      for (let i = 0; i < 60; i++) if (u() < 0.05) x++;
      const e = proportionEstimate(x, 60);
      if (e.low! <= 0.05 && 0.05 <= e.high!) hit++;
    }
    expect(hit / runs).toBeGreaterThan(0.92);
    expect(hit / runs).toBeLessThan(0.98);
  });

  it('t interval of a mean of skewed star ratings, n = 30: measured 94.0 %', () => {
    // stars 1..5 with probabilities 0.15, 0.05, 0.1, 0.3, 0.4: mean = 0.15 + 0.1 + 0.3 + 1.2 + 2 = 3.75
    const u = mulberry32(3);
    const star = () => {
      const v = u();
      return v < 0.15 ? 1 : v < 0.2 ? 2 : v < 0.3 ? 3 : v < 0.6 ? 4 : 5;
    };
    let hit = 0;
    for (let r = 0; r < runs; r++) {
      const e = meanEstimate(momentsOf(Array.from({ length: 30 }, star)));
      if (e.low! <= 3.75 && 3.75 <= e.high!) hit++;
    }
    expect(hit / runs).toBeGreaterThan(0.93);
    expect(hit / runs).toBeLessThan(0.97);
  });
});
