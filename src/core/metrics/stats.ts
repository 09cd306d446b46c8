// The statistics behind every number the dashboard shows: an estimate with its confidence interval and
// sample size, and the test that says whether a change between two periods is more than noise.
// Pure functions of counts and moments (what the rollups store), so a period of any length costs the same.
// Definitions, formulas and sources: docs/metrics.md.
import jStat from 'jstat';

/** A metric's point estimate, its confidence interval, the sample size and whether that is enough to trust. */
export interface Estimate {
  /** null when there is no data (n = 0). */
  value: number | null;
  /** null when there is no data, or no variance can be estimated (a mean from one response). */
  low: number | null;
  high: number | null;
  n: number;
  /** n ≥ MIN_N. Below it the value is still given but the UI greys it as "not enough data". */
  enough: boolean;
}

/**
 * The smallest sample we call "enough". Below ~30 the 95 % interval is wider than most real changes:
 * at n = 30 an NPS of 30 (50 % promoters, 20 % detractors) is ±28 points and a 50 % CSAT ±17 points,
 * so a difference that matters in practice (5–10 points) cannot be told from noise. 30 is also where the
 * normal approximation behind these intervals is usually taken as adequate (t with 29 df is 2.05 vs 1.96).
 */
export const MIN_N = 30;

/** Confidence level of every interval unless the caller asks for another. */
export const DEFAULT_CONFIDENCE = 0.95;

/** A change is significant when its two-sided p-value is below this. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** NPS answer counts: promoters score 9–10, passives 7–8, detractors 0–6. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** Successes out of n trials (CSAT 4–5 of n answers, responses out of items, SLAs kept out of cases …). */
export interface ProportionCounts {
  successes: number;
  n: number;
}

/** The moments a rollup keeps for a mean: count, sum and sum of squares. */
export interface MeanMoments {
  n: number;
  sum: number;
  sumSq: number;
}

/** Items with positive and negative sentiment out of n items with a sentiment (neutral counts in n only). */
export interface SentimentCounts {
  positive: number;
  negative: number;
  n: number;
}

/**
 * A change from period a (earlier, or the reference) to period b (later, or the one compared):
 * delta = b − a in the metric's own unit. delta is null when either side has no data; pValue and
 * significant are null when either side has fewer than MIN_N (we do not test on thin data).
 */
export interface Change {
  delta: number | null;
  pValue: number | null;
  significant: boolean | null;
}

const NO_DATA: Estimate = { value: null, low: null, high: null, n: 0, enough: false };
const NO_CHANGE: Change = { delta: null, pValue: null, significant: null };

/** The two-sided normal quantile for a confidence level: 1.959964… for 0.95. */
function zFor(conf: number): number {
  if (!(conf > 0 && conf < 1)) throw new RangeError(`confidence must be in (0, 1), got ${conf}`);
  return jStat.normal.inv(1 - (1 - conf) / 2, 0, 1);
}

function checkCount(name: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a finite count ≥ 0, got ${x}`);
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Two-sided p-value of a normal z statistic; a zero standard error gives 1 for no difference, else 0. */
function normalP(delta: number, se: number): number {
  if (se === 0) return delta === 0 ? 1 : 0;
  return 2 * jStat.normal.cdf(-Math.abs(delta / se), 0, 1);
}

function changeOf(delta: number, pValue: number): Change {
  return { delta, pValue, significant: pValue < SIGNIFICANCE_LEVEL };
}

/**
 * A net score (share positive − share negative) over n answers, each answer +1, 0 or −1. Its variance per
 * answer is E[X²] − E[X]² = p + d − (p − d)², so Var(score) = (p + d − (p − d)²) / n.
 */
function net(pos: number, neg: number, n: number): { value: number; variance: number } {
  const p = pos / n;
  const d = neg / n;
  const value = p - d;
  return { value, variance: Math.max(0, p + d - value * value) / n };
}

function netEstimate(pos: number, neg: number, n: number, scale: number, conf: number): Estimate {
  const z = zFor(conf);
  if (n === 0) return { ...NO_DATA };
  const { value, variance } = net(pos, neg, n);
  const half = z * Math.sqrt(variance);
  return {
    value: value * scale,
    low: clamp(value - half, -1, 1) * scale,
    high: clamp(value + half, -1, 1) * scale,
    n,
    enough: n >= MIN_N,
  };
}

/**
 * Net Promoter Score, −100..100: 100 · (promoters − detractors) / all answers, with a normal interval from
 * the variance of the promoter − detractor difference, clamped to [−100, 100].
 * @example npsEstimate({ promoters: 50, passives: 30, detractors: 20 }) // value 30, low 14.69, high 45.31
 */
export function npsEstimate(c: NpsCounts, conf = DEFAULT_CONFIDENCE): Estimate {
  checkCount('promoters', c.promoters);
  checkCount('passives', c.passives);
  checkCount('detractors', c.detractors);
  return netEstimate(c.promoters, c.detractors, c.promoters + c.passives + c.detractors, 100, conf);
}

/**
 * Sentiment index, −1..1: (positive − negative) / all items, with the same interval as NPS (each item is
 * +1, 0 or −1).
 */
export function sentimentIndexEstimate(c: SentimentCounts, conf = DEFAULT_CONFIDENCE): Estimate {
  checkCount('positive', c.positive);
  checkCount('negative', c.negative);
  checkCount('n', c.n);
  if (c.positive + c.negative > c.n) {
    throw new RangeError(`positive + negative (${c.positive + c.negative}) exceeds n (${c.n})`);
  }
  return netEstimate(c.positive, c.negative, c.n, 1, conf);
}

/**
 * A proportion, 0..1, with the Wilson score interval (Wilson 1927), which stays inside [0, 1] and keeps
 * its coverage near 0 and 1 where the plain normal interval collapses to a point.
 * @example proportionEstimate(45, 100) // value 0.45, low 0.3561, high 0.5475
 */
export function proportionEstimate(successes: number, n: number, conf = DEFAULT_CONFIDENCE): Estimate {
  checkCount('successes', successes);
  checkCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) exceed n (${n})`);
  const z = zFor(conf);
  if (n === 0) return { ...NO_DATA };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    value: p,
    // At p = 0 and p = 1 the bounds are exactly 0 and 1; say so rather than trust the rounding.
    low: successes === 0 ? 0 : clamp(centre - half, 0, 1),
    high: successes === n ? 1 : clamp(centre + half, 0, 1),
    n,
    enough: n >= MIN_N,
  };
}

function checkMoments(m: MeanMoments): void {
  checkCount('n', m.n);
  if (!Number.isFinite(m.sum) || !Number.isFinite(m.sumSq) || m.sumSq < 0) {
    throw new RangeError(`sum and sumSq must be finite (sumSq ≥ 0), got ${m.sum}, ${m.sumSq}`);
  }
}

/** Sample variance from moments; 0 when rounding makes it slightly negative. Needs n ≥ 2. */
function sampleVariance(m: MeanMoments): number {
  return Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/**
 * A mean (stars, CES, hours) with a Student t interval from the sample variance. One response gives a
 * value but no interval (low and high null): its variance cannot be estimated.
 * @example meanEstimate(momentsOf([4, 5, 3])) // value 4, t(0.975, 2) = 4.303 → 1.516..6.484
 */
export function meanEstimate(m: MeanMoments, conf = DEFAULT_CONFIDENCE): Estimate {
  checkMoments(m);
  zFor(conf); // validates conf before any early return
  if (m.n === 0) return { ...NO_DATA };
  const value = m.sum / m.n;
  if (m.n < 2) return { value, low: null, high: null, n: m.n, enough: false };
  const se = Math.sqrt(sampleVariance(m) / m.n);
  const t = jStat.studentt.inv(1 - (1 - conf) / 2, m.n - 1);
  return { value, low: value - t * se, high: value + t * se, n: m.n, enough: m.n >= MIN_N };
}

/** The moments of a list of values, for meanEstimate and meanChange. */
export function momentsOf(values: readonly number[]): MeanMoments {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  return { n: values.length, sum, sumSq };
}

function netChange(
  a: { pos: number; neg: number; n: number },
  b: { pos: number; neg: number; n: number },
  scale: number,
): Change {
  if (a.n === 0 || b.n === 0) return { ...NO_CHANGE };
  const x = net(a.pos, a.neg, a.n);
  const y = net(b.pos, b.neg, b.n);
  const delta = (y.value - x.value) * scale;
  if (a.n < MIN_N || b.n < MIN_N) return { ...NO_CHANGE, delta };
  return changeOf(delta, normalP(y.value - x.value, Math.sqrt(x.variance + y.variance)));
}

/**
 * NPS change from a to b in points, with a two-sided z test on the difference of two independent net
 * scores (variance of the difference = sum of the two variances).
 */
export function npsChange(a: NpsCounts, b: NpsCounts): Change {
  for (const c of [a, b]) {
    checkCount('promoters', c.promoters);
    checkCount('passives', c.passives);
    checkCount('detractors', c.detractors);
  }
  const side = (c: NpsCounts) => ({
    pos: c.promoters,
    neg: c.detractors,
    n: c.promoters + c.passives + c.detractors,
  });
  return netChange(side(a), side(b), 100);
}

/** Sentiment index change from a to b (index units, −2..2), tested as npsChange is. */
export function sentimentIndexChange(a: SentimentCounts, b: SentimentCounts): Change {
  for (const c of [a, b]) {
    checkCount('positive', c.positive);
    checkCount('negative', c.negative);
    checkCount('n', c.n);
  }
  return netChange(
    { pos: a.positive, neg: a.negative, n: a.n },
    { pos: b.positive, neg: b.negative, n: b.n },
    1,
  );
}

/**
 * Proportion change from a to b (0..1 units) with the two-proportion z test on the pooled proportion:
 * z = (p_b − p_a) / √(p̂(1 − p̂)(1/n_a + 1/n_b)), p̂ = (x_a + x_b) / (n_a + n_b).
 */
export function proportionChange(a: ProportionCounts, b: ProportionCounts): Change {
  for (const c of [a, b]) {
    checkCount('successes', c.successes);
    checkCount('n', c.n);
    if (c.successes > c.n) throw new RangeError(`successes (${c.successes}) exceed n (${c.n})`);
  }
  if (a.n === 0 || b.n === 0) return { ...NO_CHANGE };
  const delta = b.successes / b.n - a.successes / a.n;
  if (a.n < MIN_N || b.n < MIN_N) return { ...NO_CHANGE, delta };
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  return changeOf(delta, normalP(delta, Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n))));
}

/**
 * Mean change from a to b with Welch's t test (unequal variances; Welch–Satterthwaite degrees of freedom).
 */
export function meanChange(a: MeanMoments, b: MeanMoments): Change {
  checkMoments(a);
  checkMoments(b);
  if (a.n === 0 || b.n === 0) return { ...NO_CHANGE };
  const delta = b.sum / b.n - a.sum / a.n;
  if (a.n < MIN_N || b.n < MIN_N) return { ...NO_CHANGE, delta };
  const va = sampleVariance(a) / a.n;
  const vb = sampleVariance(b) / b.n;
  const se2 = va + vb;
  if (se2 === 0) return changeOf(delta, delta === 0 ? 1 : 0);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = delta / Math.sqrt(se2);
  return changeOf(delta, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}
