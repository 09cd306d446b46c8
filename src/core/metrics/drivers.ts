// Key-driver analysis: which touchpoints' experience explains the rating, and where each one sits on the
// importance × performance map. Pure functions; the caller gathers the per-customer rows.
// Definitions and sources: docs/metrics.md.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { MIN_N } from './stats.js';

/** Johnson's relative weights of each predictor, summing to the R² of the full regression. */
export interface RelativeWeights {
  /** R² of the ordinary least-squares regression of y on all predictors (= sum of weights). */
  r2: number;
  /** Raw relative weight ε_j of each predictor, in the order of the columns; 0 for a constant column. */
  weights: number[];
  /** Each weight as a share of R² (sums to 1; all 0 when R² is 0). */
  rescaled: number[];
}

export type RelativeWeightsErrorCode = 'too_few_rows' | 'mismatched_rows' | 'not_finite';

/** Input that relative weights cannot be computed from; `code` says why. */
export class RelativeWeightsError extends Error {
  readonly code: RelativeWeightsErrorCode;
  constructor(code: RelativeWeightsErrorCode, message: string) {
    super(message);
    this.name = 'RelativeWeightsError';
    this.code = code;
  }
}

/**
 * Standardises the columns of a data matrix (z-scores with the sample sd). Returns null for a column with
 * no variance: it cannot correlate with anything.
 */
function standardise(columns: number[][]): (number[] | null)[] {
  return columns.map((col) => {
    const m = col.length;
    const mean = col.reduce((s, v) => s + v, 0) / m;
    const ss = col.reduce((s, v) => s + (v - mean) * (v - mean), 0);
    const sd = Math.sqrt(ss / (m - 1));
    // Relative threshold: a column of 3.0000000000000004 and 3 is constant, not a signal.
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return null;
    return col.map((v) => (v - mean) / sd);
  });
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Johnson's (2000) relative weights: the share of R² each predictor accounts for, fair to correlated
 * predictors where regression coefficients are not.
 *
 * With R_xx the predictors' correlation matrix = P Δ Pᵀ (eigendecomposition), Λ = P Δ^½ Pᵀ relates the
 * predictors to their closest orthogonal counterparts Z; β = Λ⁻¹ R_xy regresses y on Z; the raw weight of
 * predictor j is ε_j = Σ_k Λ_jk² β_k², and Σ_j ε_j = R². Constant columns get weight 0 and are left out.
 * Exactly collinear predictors (a zero eigenvalue) use the pseudo-inverse of Λ, which splits their shared
 * weight between them and still sums to R².
 *
 * Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor variables in
 * multiple regression. Multivariate Behavioral Research, 35(1), 1–19.
 *
 * @throws RelativeWeightsError `too_few_rows` when there are fewer than (non-constant predictors + 2) rows
 *   (no residual degree of freedom: R² would be 1 by construction), `mismatched_rows`, `not_finite`.
 * @example relativeWeights([[1, 2], [2, 1], [3, 5], [4, 3]], [1, 2, 4, 4]).rescaled // share of R² per column
 */
export function relativeWeights(rows: readonly (readonly number[])[], y: readonly number[]): RelativeWeights {
  const m = rows.length;
  if (y.length !== m) throw new RelativeWeightsError('mismatched_rows', `${m} rows but ${y.length} targets`);
  const k = rows[0]?.length ?? 0;
  for (const [i, row] of rows.entries()) {
    if (row.length !== k)
      throw new RelativeWeightsError('mismatched_rows', `row ${i} has ${row.length} values, not ${k}`);
    if (!row.every(Number.isFinite) || !Number.isFinite(y[i])) {
      throw new RelativeWeightsError('not_finite', `row ${i} has a value that is not a finite number`);
    }
  }
  const zero = (): RelativeWeights => ({
    r2: 0,
    weights: Array<number>(k).fill(0),
    rescaled: Array<number>(k).fill(0),
  });

  const columns = Array.from({ length: k }, (_, j) => rows.map((r) => r[j]!));
  const z = m >= 2 ? standardise(columns) : columns.map(() => null);
  const kept = z.flatMap((col, j) => (col ? [j] : []));
  if (m < kept.length + 2) {
    throw new RelativeWeightsError(
      'too_few_rows',
      `${m} rows for ${kept.length} varying predictors: need at least ${kept.length + 2}`,
    );
  }
  const [zy] = standardise([[...y]]);
  // Nothing varies: nothing to explain, or nothing to explain it with. R² is 0, not NaN.
  if (!zy || kept.length === 0) return zero();

  const zs = kept.map((j) => z[j]!);
  const p = zs.length;
  const rxx = Matrix.zeros(p, p);
  const rxy = Matrix.zeros(p, 1);
  for (let a = 0; a < p; a++) {
    rxx.set(a, a, 1);
    for (let b = a + 1; b < p; b++) {
      const r = dot(zs[a]!, zs[b]!) / (m - 1);
      rxx.set(a, b, r);
      rxx.set(b, a, r);
    }
    rxy.set(a, 0, dot(zs[a]!, zy) / (m - 1));
  }

  const eig = new EigenvalueDecomposition(rxx, { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const values = eig.realEigenvalues;
  // Eigenvalues of a correlation matrix are ≥ 0; below this they are rounding of an exact 0 (collinearity).
  const tol = 1e-10 * Math.max(...values);
  const root = Matrix.diag(values.map((v) => (v > tol ? Math.sqrt(v) : 0)));
  const invRoot = Matrix.diag(values.map((v) => (v > tol ? 1 / Math.sqrt(v) : 0)));
  const lambda = vectors.mmul(root).mmul(vectors.transpose());
  const beta = vectors.mmul(invRoot).mmul(vectors.transpose()).mmul(rxy);

  const eps = Array.from({ length: p }, (_, j) => {
    let s = 0;
    for (let c = 0; c < p; c++) s += lambda.get(j, c) ** 2 * beta.get(c, 0) ** 2;
    return s;
  });
  const r2 = eps.reduce((s, v) => s + v, 0);
  const out = zero();
  out.r2 = r2;
  kept.forEach((j, i) => {
    out.weights[j] = eps[i]!;
    out.rescaled[j] = r2 > 0 ? eps[i]! / r2 : 0;
  });
  return out;
}

export type Quadrant = 'fix_first' | 'keep_up' | 'dont_over_invest' | 'secondary';

/**
 * Importance × performance map. At or above the middle counts as high.
 * high importance, low performance → fix_first; high, high → keep_up;
 * low importance, high performance → dont_over_invest; low, low → secondary.
 */
export function quadrant(importance: number, performance: number, impMid: number, perfMid: number): Quadrant {
  const important = importance >= impMid;
  const performing = performance >= perfMid;
  if (important) return performing ? 'keep_up' : 'fix_first';
  return performing ? 'dont_over_invest' : 'secondary';
}

/**
 * The middles of the quadrant map: the mean importance and the mean performance of the drivers shown
 * (0 and 0 for none). The mean, not a fixed cut, so the map splits whatever the scale of the metric.
 */
export function quadrantMids(drivers: readonly { importance: number; performance: number }[]): {
  impMid: number;
  perfMid: number;
} {
  if (drivers.length === 0) return { impMid: 0, perfMid: 0 };
  const sum = (f: (d: { importance: number; performance: number }) => number) =>
    drivers.reduce((s, d) => s + f(d), 0);
  return {
    impMid: sum((d) => d.importance) / drivers.length,
    perfMid: sum((d) => d.performance) / drivers.length,
  };
}

/** One customer for the weight of the last impression. */
export interface ImpressionRow {
  /** Sentiment (or score) at the last stage of the journey the customer reached. */
  last: number;
  /** Mean sentiment over the customer's first stages. */
  first: number;
  /** The customer's overall rating (stars, NPS answer …). */
  rating: number;
}

export interface LastImpressionWeight {
  /** Share of the explained variance (R²) owed to the last stage, 0..1; null when it cannot be computed. */
  lastStageWeight: number | null;
  /** Share owed to the first stages; lastStageWeight + firstStagesWeight = 1 when R² > 0. */
  firstStagesWeight: number | null;
  r2: number | null;
  n: number;
  /** n ≥ MIN_N and the weights could be computed. */
  enough: boolean;
}

/**
 * How much the experience at the last stage a customer reached explains their overall rating, against the
 * first stages: Johnson's relative weights of [last, first] on the rating, as shares of R².
 */
export function lastImpressionWeight(rows: readonly ImpressionRow[]): LastImpressionWeight {
  const n = rows.length;
  try {
    const rw = relativeWeights(
      rows.map((r) => [r.last, r.first]),
      rows.map((r) => r.rating),
    );
    return {
      lastStageWeight: rw.rescaled[0]!,
      firstStagesWeight: rw.rescaled[1]!,
      r2: rw.r2,
      n,
      enough: n >= MIN_N && rw.r2 > 0,
    };
  } catch (e) {
    if (e instanceof RelativeWeightsError && e.code === 'too_few_rows') {
      return { lastStageWeight: null, firstStagesWeight: null, r2: null, n, enough: false };
    }
    throw e;
  }
}
