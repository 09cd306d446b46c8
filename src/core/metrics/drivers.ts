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
 * Johnson's relative weights from a correlation matrix: R_xx among the predictors (k × k, ones on the
 * diagonal) and R_xy with the target. All predictors must vary; see relativeWeights for the method.
 * For callers that build the correlations themselves (from SQL aggregates, or pairwise over missing values).
 */
export function relativeWeightsFromCorrelations(
  rxx: readonly (readonly number[])[],
  rxy: readonly number[],
): RelativeWeights {
  const p = rxy.length;
  if (rxx.length !== p || rxx.some((row) => row.length !== p)) {
    throw new RelativeWeightsError('mismatched_rows', `R_xx must be ${p} × ${p} to match R_xy`);
  }
  if (![...rxx.flat(), ...rxy].every(Number.isFinite)) {
    throw new RelativeWeightsError('not_finite', 'a correlation is not a finite number');
  }
  if (p === 0) return { r2: 0, weights: [], rescaled: [] };
  const eig = new EigenvalueDecomposition(new Matrix(rxx.map((row) => [...row])), { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const values = eig.realEigenvalues;
  // Eigenvalues of a correlation matrix are ≥ 0; below this they are rounding of an exact 0 (collinearity),
  // or, for a matrix built pairwise, a small negative one: both are treated as 0 (pseudo-inverse).
  const tol = 1e-10 * Math.max(...values);
  const root = Matrix.diag(values.map((v) => (v > tol ? Math.sqrt(v) : 0)));
  const invRoot = Matrix.diag(values.map((v) => (v > tol ? 1 / Math.sqrt(v) : 0)));
  const lambda = vectors.mmul(root).mmul(vectors.transpose());
  const beta = vectors
    .mmul(invRoot)
    .mmul(vectors.transpose())
    .mmul(Matrix.columnVector([...rxy]));
  const weights = Array.from({ length: p }, (_, j) => {
    let s = 0;
    for (let c = 0; c < p; c++) s += lambda.get(j, c) ** 2 * beta.get(c, 0) ** 2;
    return s;
  });
  const r2 = weights.reduce((s, v) => s + v, 0);
  return { r2, weights, rescaled: weights.map((w) => (r2 > 0 ? w / r2 : 0)) };
}

/**
 * Means and co-moments of predictors and target, one row at a time (Welford's update), so key-driver
 * analysis over millions of rows needs O(k²) memory, not the rows.
 * @example
 * const m = new DriverMoments(3);
 * for (const c of customers) m.add([c.checkIn, c.boarding, c.crew], c.stars);
 * const { rescaled } = m.relativeWeights();
 */
export class DriverMoments {
  readonly k: number;
  #n = 0;
  readonly #meanX: Float64Array;
  #meanY = 0;
  /** Co-moments Σ(x_a − x̄_a)(x_b − x̄_b), row-major k × k (upper triangle kept). */
  readonly #cxx: Float64Array;
  readonly #cxy: Float64Array;
  #cyy = 0;
  readonly #dx: Float64Array;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer ≥ 0, got ${k}`);
    this.k = k;
    this.#meanX = new Float64Array(k);
    this.#cxx = new Float64Array(k * k);
    this.#cxy = new Float64Array(k);
    this.#dx = new Float64Array(k);
  }

  get n(): number {
    return this.#n;
  }

  /** Adds one row: the k predictor values and the target. */
  add(x: readonly number[], y: number): void {
    const k = this.k;
    if (x.length !== k)
      throw new RelativeWeightsError('mismatched_rows', `a row has ${x.length} values, not ${k}`);
    if (!x.every(Number.isFinite) || !Number.isFinite(y)) {
      throw new RelativeWeightsError('not_finite', `row ${this.#n} has a value that is not a finite number`);
    }
    const n = ++this.#n;
    const dy = y - this.#meanY;
    this.#meanY += dy / n;
    const dyNew = y - this.#meanY;
    this.#cyy += dy * dyNew;
    const dx = this.#dx;
    for (let a = 0; a < k; a++) {
      dx[a] = x[a]! - this.#meanX[a]!;
      this.#meanX[a]! += dx[a]! / n;
    }
    // C_ab += (x_a − old mean_a)(x_b − new mean_b): exact for co-moments, and stable.
    for (let a = 0; a < k; a++) {
      const da = dx[a]!;
      for (let b = a; b < k; b++) this.#cxx[a * k + b]! += da * (x[b]! - this.#meanX[b]!);
      this.#cxy[a]! += da * dyNew;
    }
  }

  /** Johnson's relative weights of the rows added so far; see relativeWeights. */
  relativeWeights(): RelativeWeights {
    const { k } = this;
    // Welford's co-moments of a constant column are exactly 0; above that, only rounding noise relative
    // to the mean (a column of 3.0000000000000004 and 3) is treated as constant.
    const varies = (ss: number, mean: number) =>
      Math.sqrt(ss / (this.#n - 1)) > 1e-12 * Math.max(1, Math.abs(mean));
    return weightsFromCoMoments(this.#n, k, {
      cxx: (a, b) => (a <= b ? this.#cxx[a * k + b]! : this.#cxx[b * k + a]!),
      cxy: (a) => this.#cxy[a]!,
      cyy: this.#cyy,
      varies: (a) => varies(this.#cxx[a * k + a]!, this.#meanX[a]!),
      yVaries: varies(this.#cyy, this.#meanY),
    });
  }
}

/**
 * Raw sums over the rows — what a SQL aggregate can return: n, Σx_a, Σy, Σx_a·x_b, Σx_a·y, Σy².
 * Rows of sparse predictors (a touchpoint most items do not mention, coded 0) add only their non-zero
 * products, so the sums can be kept by a GROUP BY over item–touchpoint pairs.
 */
export interface DriverSums {
  n: number;
  sumX: readonly number[];
  sumY: number;
  /** k × k, symmetric. */
  sumXX: readonly (readonly number[])[];
  sumXY: readonly number[];
  sumYY: number;
}

/**
 * Johnson's relative weights from raw sums (see DriverSums). Co-moments are Σx_a·x_b − Σx_a·Σx_b / n.
 * Raw sums lose precision to large offsets; fine for sentiment, stars and NPS answers (small numbers),
 * and a column whose variance is below 1e-10 of its raw second moment counts as constant.
 */
export function relativeWeightsFromSums(s: DriverSums): RelativeWeights {
  const k = s.sumX.length;
  if (s.sumXY.length !== k || s.sumXX.length !== k || s.sumXX.some((r) => r.length !== k)) {
    throw new RelativeWeightsError(
      'mismatched_rows',
      `sums for ${k} predictors do not all have ${k} entries`,
    );
  }
  if (![s.n, s.sumY, s.sumYY, ...s.sumX, ...s.sumXY, ...s.sumXX.flat()].every(Number.isFinite)) {
    throw new RelativeWeightsError('not_finite', 'a sum is not a finite number');
  }
  const n = s.n;
  const cxx = (a: number, b: number) => s.sumXX[a]![b]! - (s.sumX[a]! * s.sumX[b]!) / n;
  const cyy = s.sumYY - (s.sumY * s.sumY) / n;
  return weightsFromCoMoments(n, k, {
    cxx,
    cxy: (a) => s.sumXY[a]! - (s.sumX[a]! * s.sumY) / n,
    cyy,
    varies: (a) => cxx(a, a) > 1e-10 * s.sumXX[a]![a]!,
    yVaries: cyy > 1e-10 * s.sumYY,
  });
}

/** Relative weights from co-moments: leaves out constant columns, checks the row count, correlates. */
function weightsFromCoMoments(
  n: number,
  k: number,
  m: {
    cxx: (a: number, b: number) => number;
    cxy: (a: number) => number;
    cyy: number;
    varies: (a: number) => boolean;
    yVaries: boolean;
  },
): RelativeWeights {
  const kept = n >= 2 ? [...Array(k).keys()].filter(m.varies) : [];
  if (n < kept.length + 2) {
    throw new RelativeWeightsError(
      'too_few_rows',
      `${n} rows for ${kept.length} varying predictors: need at least ${kept.length + 2}`,
    );
  }
  const out: RelativeWeights = {
    r2: 0,
    weights: Array<number>(k).fill(0),
    rescaled: Array<number>(k).fill(0),
  };
  // Nothing varies: nothing to explain, or nothing to explain it with. R² is 0, not NaN.
  if (kept.length === 0 || !m.yVaries) return out;
  const { cxx, cxy, cyy } = m;
  const rxx = kept.map((a) => kept.map((b) => (a === b ? 1 : cxx(a, b) / Math.sqrt(cxx(a, a) * cxx(b, b)))));
  const rxy = kept.map((a) => cxy(a) / Math.sqrt(cxx(a, a) * cyy));
  const rw = relativeWeightsFromCorrelations(rxx, rxy);
  out.r2 = rw.r2;
  kept.forEach((j, i) => {
    out.weights[j] = rw.weights[i]!;
    out.rescaled[j] = rw.rescaled[i]!;
  });
  return out;
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
  if (y.length !== rows.length) {
    throw new RelativeWeightsError('mismatched_rows', `${rows.length} rows but ${y.length} targets`);
  }
  const moments = new DriverMoments(rows[0]?.length ?? 0);
  rows.forEach((row, i) => moments.add(row, y[i]!));
  return moments.relativeWeights();
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
