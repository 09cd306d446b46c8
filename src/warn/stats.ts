/** Count statistics the detector needs: log-gamma and the negative-binomial upper tail. */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X ≥ observed) for X ~ negative binomial with mean `mean` and size `size` (variance
 * mean + mean²/size); `size = Infinity` is Poisson. Summed upward from `observed` so tiny tails keep
 * their precision (1 − cdf would round to 0 below 1e-16).
 * @example upperTail(10, 2, Infinity) // ≈ 4.6e-5 (Poisson)
 */
export function upperTail(observed: number, mean: number, size: number): number {
  if (observed <= 0) return 1;
  if (mean <= 0) return 0;
  const k0 = Math.ceil(observed);
  const poisson = !Number.isFinite(size);
  if (k0 <= mean) return 1 - lowerSum(k0, mean, size, poisson);
  // log pmf at k0, then the ratio pmf(k+1)/pmf(k).
  const logPmf = poisson
    ? k0 * Math.log(mean) - mean - logGamma(k0 + 1)
    : logGamma(k0 + size) -
      logGamma(size) -
      logGamma(k0 + 1) +
      size * Math.log(size / (size + mean)) +
      k0 * Math.log(mean / (size + mean));
  let term = Math.exp(logPmf);
  let sum = term;
  const q = poisson ? 0 : mean / (size + mean);
  for (let k = k0; k < k0 + 100_000; k++) {
    const ratio = poisson ? mean / (k + 1) : ((k + size) / (k + 1)) * q;
    term *= ratio;
    sum += term;
    if (term < sum * 1e-15 && ratio < 1) break;
  }
  return Math.min(1, sum);
}

/** P(X < k0), summed from 0 (used when k0 is at or below the mean, where that sum is short). */
function lowerSum(k0: number, mean: number, size: number, poisson: boolean): number {
  let term = poisson ? Math.exp(-mean) : Math.exp(size * Math.log(size / (size + mean)));
  let sum = 0;
  const q = mean / (size + mean);
  for (let k = 0; k < k0; k++) {
    sum += term;
    term *= poisson ? mean / (k + 1) : ((k + size) / (k + 1)) * q;
  }
  return Math.min(1, sum);
}

/**
 * The smallest count k with P(X ≥ k) ≤ alpha for X ~ negative binomial (mean, size): the count at
 * which a window turns significant (doubling, then bisection).
 * @example smallestSignificant(2, Infinity, 1 / 672) // 8 (Poisson: P(X ≥ 8 | 2) = 0.0011)
 */
export function smallestSignificant(mean: number, size: number, alpha: number): number {
  let hi = Math.max(1, Math.ceil(mean));
  while (upperTail(hi, mean, size) > alpha && hi < 1e7) hi *= 2;
  let lo = 0;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (upperTail(mid, mean, size) <= alpha) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}
