import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  type DriverSums,
  DriverMoments,
  lastImpressionWeight,
  quadrant,
  quadrantMids,
  relativeWeights,
  relativeWeightsFromCorrelations,
  relativeWeightsFromSums,
  RelativeWeightsError,
} from './drivers.js';

/** Deterministic uniform [0, 1) generator (mulberry32), so the synthetic data is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller from a seeded uniform generator. */
function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * R² of ordinary least squares with an intercept on the chosen columns, computed independently of the
 * relative-weights code: ml-matrix's QR least-squares solve, then 1 − SSE/SST.
 */
function olsR2(rows: number[][], y: number[], cols: number[]): number {
  if (cols.length === 0) return 0;
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const x = new Matrix(rows.map((r) => [1, ...cols.map((c) => r[c]!)]));
  const fit = x.mmul(solve(x, Matrix.columnVector(y)));
  const sse = y.reduce((s, v, i) => s + (v - fit.get(i, 0)) ** 2, 0);
  return 1 - sse / sst;
}

/**
 * General dominance weights (Budescu 1993; Azen & Budescu 2003): for each predictor, the mean over subset
 * sizes s = 0..k−1 of its mean increment in R² when added to a subset of that size. Exact, from all 2^k
 * regressions; they sum to the full R² like relative weights, which approximate them.
 */
function generalDominance(rows: number[][], y: number[]): number[] {
  const k = rows[0]!.length;
  const r2 = Array.from({ length: 1 << k }, (_, mask) =>
    olsR2(
      rows,
      y,
      [...Array(k).keys()].filter((j) => (mask >> j) & 1),
    ),
  );
  const size = (mask: number) => [...Array(k).keys()].filter((j) => (mask >> j) & 1).length;
  return [...Array(k).keys()].map((j) => {
    let total = 0;
    for (let s = 0; s < k; s++) {
      const gains = r2.flatMap((v, mask) =>
        ((mask >> j) & 1) === 0 && size(mask) === s ? [r2[mask | (1 << j)]! - v] : [],
      );
      total += gains.reduce((a, b) => a + b, 0) / gains.length;
    }
    return total / k;
  });
}

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

// mtcars (Henderson & Velleman 1981, from Motor Trend 1974; R's datasets package): mpg, cyl, disp, hp, gear.
const MTCARS: [number, number, number, number, number][] = [
  [21, 6, 160, 110, 4], [21, 6, 160, 110, 4], [22.8, 4, 108, 93, 4], [21.4, 6, 258, 110, 3],
  [18.7, 8, 360, 175, 3], [18.1, 6, 225, 105, 3], [14.3, 8, 360, 245, 3], [24.4, 4, 146.7, 62, 4],
  [22.8, 4, 140.8, 95, 4], [19.2, 6, 167.6, 123, 4], [17.8, 6, 167.6, 123, 4], [16.4, 8, 275.8, 180, 3],
  [17.3, 8, 275.8, 180, 3], [15.2, 8, 275.8, 180, 3], [10.4, 8, 472, 205, 3], [10.4, 8, 460, 215, 3],
  [14.7, 8, 440, 230, 3], [32.4, 4, 78.7, 66, 4], [30.4, 4, 75.7, 52, 4], [33.9, 4, 71.1, 65, 4],
  [21.5, 4, 120.1, 97, 3], [15.5, 8, 318, 150, 3], [15.2, 8, 304, 150, 3], [13.3, 8, 350, 245, 3],
  [19.2, 8, 400, 175, 3], [27.3, 4, 79, 66, 4], [26, 4, 120.3, 91, 5], [30.4, 4, 95.1, 113, 5],
  [15.8, 8, 351, 264, 5], [19.7, 6, 145, 175, 5], [15, 8, 301, 335, 5], [21.4, 4, 121, 109, 4],
]; // prettier-ignore

describe("Johnson's relative weights", () => {
  it('reproduces a published worked example: rwa (R, CRAN) on mtcars, mpg ~ cyl + disp + hp + gear', () => {
    // Published in the README of the rwa R package (Martin Chan; implements Johnson 2000 as described in
    // Tonidandel & LeBreton 2011/2015), "Basic example": R² 0.7791896; raw weights cyl 0.2284797,
    // disp 0.2221469, hp 0.2321744, gear 0.0963886; rescaled 29.32274, 28.50999, 29.79691, 12.37037 %.
    // We match every printed digit (7 decimals). This is the rwa package's output, not a table from
    // Johnson's (2000) paper itself, whose numbers we could not check.
    const rw = relativeWeights(
      MTCARS.map((r) => r.slice(1)),
      MTCARS.map((r) => r[0]),
    );
    expect(rw.r2).toBeCloseTo(0.7791896, 7);
    const published = [0.2284797, 0.2221469, 0.2321744, 0.0963886];
    rw.weights.forEach((w, j) => expect(w).toBeCloseTo(published[j]!, 7));
    const rescaled = [29.32274, 28.50999, 29.79691, 12.37037];
    rw.rescaled.forEach((w, j) => expect(w * 100).toBeCloseTo(rescaled[j]!, 5));
  });

  it('with orthogonal predictors the weights are exactly the squared correlations with y', () => {
    // Three mutually orthogonal, centred ±1 columns (a Hadamard design): R_xx = I, so Λ = I, β = R_xy and
    // ε_j = r_jy².
    const rows = [
      [1, 1, 1], [-1, 1, 1], [1, -1, 1], [-1, -1, 1], [1, 1, -1], [-1, 1, -1], [1, -1, -1], [-1, -1, -1],
    ]; // prettier-ignore
    const y = [3.1, 1.2, 2.6, 0.4, 2.2, 1.9, 0.7, -0.3];
    const rw = relativeWeights(rows, y);
    for (let j = 0; j < 3; j++) {
      const r = pearson(
        rows.map((row) => row[j]!),
        y,
      );
      expect(rw.weights[j]).toBeCloseTo(r * r, 12);
    }
    expect(rw.r2).toBeCloseTo(olsR2(rows, y, [0, 1, 2]), 12);
  });

  it('sum to the R² of ordinary least squares and stay within 0.01 of general dominance on correlated data', () => {
    const g = normals(13);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 500; i++) {
      const a = g();
      const b = 0.5 * a + 0.87 * g();
      const c = 0.3 * a + 0.3 * b + 0.9 * g();
      const d = 0.4 * c + 0.9 * g();
      rows.push([a, b, c, d]);
      y.push(0.5 * a + 0.3 * b + 0.2 * c + 0.1 * d + g());
    }
    const rw = relativeWeights(rows, y);
    expect(rw.r2).toBeCloseTo(olsR2(rows, y, [0, 1, 2, 3]), 10);
    expect(rw.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(rw.r2, 12);
    expect(rw.rescaled.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const gd = generalDominance(rows, y);
    // Measured: largest gap 0.0013 (the third predictor, c).
    rw.weights.forEach((w, j) => expect(Math.abs(w - gd[j]!)).toBeLessThan(0.01));
  });

  it('on strongly collinear data (mtcars: cyl, disp, hp correlate 0.79–0.90) still sums to OLS R², within 0.025 of dominance', () => {
    const rows = MTCARS.map((r) => r.slice(1));
    const y = MTCARS.map((r) => r[0]);
    const rw = relativeWeights(rows, y);
    expect(rw.r2).toBeCloseTo(olsR2(rows, y, [0, 1, 2, 3]), 10);
    const gd = generalDominance(rows, y);
    // Measured: general dominance 0.2471, 0.2435, 0.2109, 0.0777; largest gap 0.021 (disp).
    rw.weights.forEach((w, j) => expect(Math.abs(w - gd[j]!)).toBeLessThan(0.025));
  });

  it('recovers planted weights: y = 0.6 x1 + 0.3 x2 + 0.1 x3 + noise, in order and within 0.03', () => {
    // Independent standard-normal x's and noise sd 0.5: Var(y) = 0.36 + 0.09 + 0.01 + 0.25 = 0.71, so the
    // population weights are β_j²/Var(y) = 0.5070, 0.1268, 0.0141 and R² = 0.46/0.71 = 0.6479.
    const g = normals(2026);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const x = [g(), g(), g()];
      rows.push(x);
      y.push(0.6 * x[0]! + 0.3 * x[1]! + 0.1 * x[2]! + 0.5 * g());
    }
    const rw = relativeWeights(rows, y);
    const planted = [0.36 / 0.71, 0.09 / 0.71, 0.01 / 0.71];
    expect(rw.weights[0]).toBeGreaterThan(rw.weights[1]!);
    expect(rw.weights[1]).toBeGreaterThan(rw.weights[2]!);
    rw.weights.forEach((w, j) => expect(Math.abs(w - planted[j]!)).toBeLessThan(0.03));
    expect(Math.abs(rw.r2 - 0.46 / 0.71)).toBeLessThan(0.03);
  });

  it('keeps the planted order when the predictors are correlated', () => {
    const g = normals(7);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const x1 = g();
      const x2 = 0.5 * x1 + 0.866 * g();
      const x3 = 0.5 * x2 + 0.866 * g();
      rows.push([x3, x1, x2]); // out of order on purpose
      y.push(0.6 * x1 + 0.3 * x2 + 0.1 * x3 + 0.5 * g());
    }
    const rw = relativeWeights(rows, y);
    expect(rw.weights[1]).toBeGreaterThan(rw.weights[2]!);
    expect(rw.weights[2]).toBeGreaterThan(rw.weights[0]!);
  });

  it('gives a constant column weight 0 and leaves the others as without it', () => {
    const rows = MTCARS.map((r) => [r[1], 7, r[3]]);
    const y = MTCARS.map((r) => r[0]);
    const rw = relativeWeights(rows, y);
    const without = relativeWeights(
      MTCARS.map((r) => [r[1], r[3]]),
      y,
    );
    expect(rw.weights[1]).toBe(0);
    expect(rw.rescaled[1]).toBe(0);
    expect(rw.weights[0]).toBeCloseTo(without.weights[0]!, 12);
    expect(rw.weights[2]).toBeCloseTo(without.weights[1]!, 12);
  });

  it('splits the weight of an exactly duplicated predictor in half, still summing to R²', () => {
    // x and a copy of x: R_xx is singular (eigenvalues 2 and 0); with the pseudo-inverse each copy gets r²/2.
    const rows = MTCARS.map((r) => [r[3], r[3]]);
    const y = MTCARS.map((r) => r[0]);
    const r = pearson(
      MTCARS.map((row) => row[3]),
      y,
    );
    const rw = relativeWeights(rows, y);
    expect(rw.weights[0]).toBeCloseTo((r * r) / 2, 10);
    expect(rw.weights[1]).toBeCloseTo((r * r) / 2, 10);
    expect(rw.r2).toBeCloseTo(r * r, 10);
    expect(Number.isNaN(rw.r2)).toBe(false);
  });

  it('throws a typed error with too few rows, and gives R² 0 (not NaN) when nothing varies', () => {
    // 3 varying predictors need at least 5 rows (one residual degree of freedom).
    const four = [
      [1, 2, 3],
      [2, 1, 0],
      [3, 5, 1],
      [4, 3, 2],
    ];
    const error = (() => {
      try {
        relativeWeights(four, [1, 2, 3, 4]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RelativeWeightsError);
    expect((error as RelativeWeightsError).code).toBe('too_few_rows');
    expect(() => relativeWeights([], [])).toThrow(RelativeWeightsError);
    expect(() => relativeWeights([[1], [2]], [1])).toThrow(/rows but/);
    expect(() => relativeWeights([[1], [Number.NaN], [3]], [1, 2, 3])).toThrow(/not a finite number/);
    expect(relativeWeights([...four, [0, 0, 5]], [5, 5, 5, 5, 5])).toEqual({
      r2: 0,
      weights: [0, 0, 0],
      rescaled: [0, 0, 0],
    });
    expect(relativeWeights([[1], [1], [1]], [1, 2, 3])).toEqual({ r2: 0, weights: [0], rescaled: [0] });
  });
});

describe('relative weights from correlations, and streamed', () => {
  it('gives the same weights from the correlation matrix as from the rows (mtcars)', () => {
    const cols = [1, 2, 3, 4].map((j) => MTCARS.map((r) => r[j]!));
    const y = MTCARS.map((r) => r[0]);
    const rxx = cols.map((a) => cols.map((b) => pearson(a, b)));
    const rxy = cols.map((a) => pearson(a, y));
    const fromR = relativeWeightsFromCorrelations(rxx, rxy);
    const fromRows = relativeWeights(
      MTCARS.map((r) => r.slice(1)),
      y,
    );
    fromR.weights.forEach((w, j) => expect(w).toBeCloseTo(fromRows.weights[j]!, 12));
    expect(fromR.r2).toBeCloseTo(0.7791896, 7);
  });

  it('hand-checkable two-predictor case: r12 = 0.5, r1y = 0.6, r2y = 0.3', () => {
    // R² = (r1y² + r2y² − 2 r1y r2y r12)/(1 − r12²) = (0.36 + 0.09 − 0.18)/0.75 = 0.36.
    // Eigenvalues 1.5, 0.5 with vectors (1, 1)/√2, (1, −1)/√2: Λ = [[a, b], [b, a]] with
    // a = (√1.5 + √0.5)/2 = 0.965926, b = (√1.5 − √0.5)/2 = 0.258819. β = Λ⁻¹ R_xy solves
    // a β1 + b β2 = 0.6, b β1 + a β2 = 0.3 (det a² − b² = 0.866025) → β1 = 0.579555, β2 = 0.155291.
    // ε1 = a² β1² + b² β2² = 0.933013 · 0.335884 + 0.066987 · 0.024115 = 0.313384 + 0.001615 = 0.314999
    // ε2 = b² β1² + a² β2² = 0.066987 · 0.335884 + 0.933013 · 0.024115 = 0.022500 + 0.022500 = 0.045000
    const rw = relativeWeightsFromCorrelations(
      [
        [1, 0.5],
        [0.5, 1],
      ],
      [0.6, 0.3],
    );
    expect(rw.r2).toBeCloseTo(0.36, 10);
    expect(rw.weights[0]).toBeCloseTo(0.315, 5);
    expect(rw.weights[1]).toBeCloseTo(0.045, 5);
  });

  it('a correlation matrix that is not positive semi-definite (built pairwise) gives finite weights', () => {
    // r12 = r13 = 0.9, r23 = −0.9 cannot come from one data set (smallest eigenvalue −0.8).
    const rw = relativeWeightsFromCorrelations(
      [
        [1, 0.9, 0.9],
        [0.9, 1, -0.9],
        [0.9, -0.9, 1],
      ],
      [0.5, 0.2, 0.2],
    );
    expect(rw.weights.every(Number.isFinite)).toBe(true);
    expect(rw.weights.every((w) => w >= 0)).toBe(true);
  });

  it('streams rows through DriverMoments with the same result as the batch call', () => {
    const g = normals(5);
    const m = new DriverMoments(3);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 1000; i++) {
      // large offsets: the streamed co-moments must not lose precision to them
      const x = [1e6 + g(), 5 + g(), g()];
      const t = 2 * (x[0]! - 1e6) + x[1]! + g();
      m.add(x, t);
      rows.push(x);
      y.push(t);
    }
    expect(m.n).toBe(1000);
    const streamed = m.relativeWeights();
    const batch = relativeWeights(rows, y);
    streamed.weights.forEach((w, j) => expect(w).toBeCloseTo(batch.weights[j]!, 12));
    expect(streamed.r2).toBeCloseTo(olsR2(rows, y, [0, 1, 2]), 8);
  });
});

describe('relative weights from raw sums (what SQL can aggregate)', () => {
  const sumsOf = (rows: number[][], y: number[]): DriverSums => {
    const k = rows[0]!.length;
    const s: DriverSums = {
      n: rows.length,
      sumX: Array.from({ length: k }, (_, a) => rows.reduce((t, r) => t + r[a]!, 0)),
      sumY: y.reduce((t, v) => t + v, 0),
      sumXX: Array.from({ length: k }, (_, a) =>
        Array.from({ length: k }, (_, b) => rows.reduce((t, r) => t + r[a]! * r[b]!, 0)),
      ),
      sumXY: Array.from({ length: k }, (_, a) => rows.reduce((t, r, i) => t + r[a]! * y[i]!, 0)),
      sumYY: y.reduce((t, v) => t + v * v, 0),
    };
    return s;
  };

  it('reproduces the mtcars example from sums', () => {
    const rw = relativeWeightsFromSums(
      sumsOf(
        MTCARS.map((r) => r.slice(1)),
        MTCARS.map((r) => r[0]),
      ),
    );
    expect(rw.r2).toBeCloseTo(0.7791896, 7);
    [0.2284797, 0.2221469, 0.2321744, 0.0963886].forEach((w, j) => expect(rw.weights[j]).toBeCloseTo(w, 7));
  });

  it('matches the row-wise result on sparse touchpoint sentiment, and drops a column no one mentioned', () => {
    // 5 touchpoints, each mentioned by ~30 % of items (sentiment −1..1, else 0); the 5th never.
    const u = mulberry32(42);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const x = [0, 1, 2, 3].map(() => (u() < 0.3 ? u() * 2 - 1 : 0)).concat(0);
      rows.push(x);
      y.push(3 + 1.2 * x[0]! + 0.8 * x[1]! + 0.4 * x[2]! + 0.1 * x[3]! + (u() - 0.5));
    }
    const fromSums = relativeWeightsFromSums(sumsOf(rows, y));
    const fromRows = relativeWeights(rows, y);
    fromSums.weights.forEach((w, j) => expect(w).toBeCloseTo(fromRows.weights[j]!, 10));
    expect(fromSums.weights[4]).toBe(0);
    expect(fromSums.weights[0]).toBeGreaterThan(fromSums.weights[1]!);
    expect(fromSums.weights[1]).toBeGreaterThan(fromSums.weights[2]!);
    expect(fromSums.weights[2]).toBeGreaterThan(fromSums.weights[3]!);
  });

  it('throws too_few_rows and mismatched sums', () => {
    expect(
      () =>
      relativeWeightsFromSums({ n: 2, sumX: [1, 2], sumY: 3, sumXX: [[1, 0], [0, 4]], sumXY: [1, 2], sumYY: 5 }), // prettier-ignore
    ).toThrow(/need at least/);
    expect(() =>
      relativeWeightsFromSums({ n: 9, sumX: [1, 2], sumY: 3, sumXX: [[1, 0]], sumXY: [1, 2], sumYY: 5 }),
    ).toThrow(RelativeWeightsError);
  });
});

describe('importance × performance quadrant', () => {
  it('names the four quadrants; at the middle counts as high', () => {
    expect(quadrant(0.3, 2.1, 0.2, 3.5)).toBe('fix_first');
    expect(quadrant(0.3, 4.6, 0.2, 3.5)).toBe('keep_up');
    expect(quadrant(0.1, 4.6, 0.2, 3.5)).toBe('dont_over_invest');
    expect(quadrant(0.1, 2.1, 0.2, 3.5)).toBe('secondary');
    expect(quadrant(0.2, 3.5, 0.2, 3.5)).toBe('keep_up');
  });

  it('picks the middles as the means', () => {
    expect(
      quadrantMids([
        { importance: 0.1, performance: 4 },
        { importance: 0.3, performance: 2 },
      ]),
    ).toEqual({ impMid: 0.2, perfMid: 3 });
    expect(quadrantMids([])).toEqual({ impMid: 0, perfMid: 0 });
  });
});

describe('weight of the last impression', () => {
  it('finds the last stage weighing more when the rating follows it', () => {
    const g = normals(99);
    const rows = Array.from({ length: 400 }, () => {
      const first = g();
      const last = 0.3 * first + g();
      return { last, first, rating: 0.8 * last + 0.2 * first + 0.5 * g() };
    });
    const w = lastImpressionWeight(rows);
    expect(w.enough).toBe(true);
    expect(w.n).toBe(400);
    expect(w.lastStageWeight!).toBeGreaterThan(0.8);
    expect(w.lastStageWeight! + w.firstStagesWeight!).toBeCloseTo(1, 12);
    expect(w.r2!).toBeGreaterThan(0.5);
  });

  it('says not enough for a handful of customers, and nothing at all for three', () => {
    const few = [
      { last: 1, first: 0, rating: 5 },
      { last: -1, first: 0.5, rating: 2 },
      { last: 0, first: -0.5, rating: 3 },
      { last: 0.5, first: 1, rating: 4 },
    ];
    expect(lastImpressionWeight(few)).toMatchObject({ n: 4, enough: false });
    expect(lastImpressionWeight(few.slice(0, 3))).toEqual({
      lastStageWeight: null,
      firstStagesWeight: null,
      r2: null,
      n: 3,
      enough: false,
    });
  });
});
