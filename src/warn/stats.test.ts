import { describe, expect, it } from 'vitest';
import { logGamma, upperTail } from './stats.js';

describe('count statistics', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('the Poisson upper tail matches a direct sum', () => {
    // P(X ≥ 10 | λ = 2) = 1 − Σ_{k<10} e^-2 2^k / k!
    let cdf = 0;
    for (let k = 0, term = Math.exp(-2); k < 10; k++, term *= 2 / k) cdf += term;
    expect(upperTail(10, 2, Infinity)).toBeCloseTo(1 - cdf, 12);
    expect(upperTail(0, 2, Infinity)).toBe(1);
    expect(upperTail(1, 2, Infinity)).toBeCloseTo(1 - Math.exp(-2), 12);
  });

  it('keeps tiny tails and is wider for the negative binomial than for Poisson', () => {
    const poisson = upperTail(60, 2, Infinity);
    expect(poisson).toBeGreaterThan(0);
    expect(poisson).toBeLessThan(1e-40);
    expect(upperTail(10, 2, 5)).toBeGreaterThan(upperTail(10, 2, Infinity));
    expect(upperTail(10, 2, 1e9)).toBeCloseTo(upperTail(10, 2, Infinity), 8);
  });
});
