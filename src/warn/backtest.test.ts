import { describe, expect, it } from 'vitest';
import {
  injectionBacktest,
  oracleDetection,
  profileBackground,
  quantile,
  random,
  replay,
  scoreAlerts,
  stormEvents,
} from './backtest.js';
import { DAY, HOUR, MINUTE } from './series.js';
import { syntheticEvents } from './synthetic.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const background = [
  ...syntheticEvents({
    brand: 'Acme',
    touchpoints: { delivery: 2, staff: 1 },
    from: T0,
    to: T0 + 5 * DAY,
    negativesPerHour: 30,
    seed: 1,
  }),
  ...syntheticEvents({
    brand: 'Rival',
    touchpoints: { delivery: 1 },
    from: T0,
    to: T0 + 5 * DAY,
    negativesPerHour: 30,
    seed: 2,
  }),
];

describe('backtest', () => {
  it("a storm on the whole background's rate brings (size − 1)× every brand's negatives to one brand", () => {
    const profile = profileBackground(background);
    const spec = { size: 3, durationMinutes: 60, shape: 'flat', target: 'workspace' } as const;
    const { injection } = stormEvents(profile, 'Acme', null, T0 + 2 * DAY, spec, random(1), 'x');
    // Two brands at the same nominal rate: about twice the extra items of a brand storm (2 × 2 ×
    // Acme's own normal), while `normal` stays Acme's own.
    const ratio = injection.extraExpected / injection.normal;
    expect(ratio).toBeGreaterThan(3.6);
    expect(ratio).toBeLessThan(4.4);
    const brandStorm = stormEvents(
      profile,
      'Acme',
      null,
      T0 + 2 * DAY,
      { ...spec, target: 'brand' },
      random(1),
      'y',
    );
    expect(brandStorm.injection.normal).toBeCloseTo(injection.normal, 6);
    expect(brandStorm.injection.extraExpected).toBeCloseTo(2 * injection.normal, 6);
  });

  it('a storm at size× brings (size − 1)× the normal rate as extra items', () => {
    const profile = profileBackground(background);
    const spec = { size: 3, durationMinutes: 60, shape: 'flat', target: 'brand' } as const;
    const { injection, events } = stormEvents(profile, 'Acme', null, T0 + 2 * DAY, spec, random(1), 'x');
    expect(injection.normal).toBeGreaterThan(20);
    expect(injection.normal).toBeLessThan(40);
    expect(events.length).toBe(injection.extra);
    expect(injection.extra).toBeGreaterThan(injection.normal * 1.4);
    expect(injection.extra).toBeLessThan(injection.normal * 2.6);
  });

  it('scores detection delay and false alarms against incidents', () => {
    const start = T0 + 3 * DAY + 12 * HOUR;
    const storm = stormEvents(
      profileBackground(background),
      'Acme',
      'delivery',
      start,
      { size: 8, durationMinutes: 30, shape: 'flat', target: 'touchpoint' },
      random(4),
      'x',
    );
    const result = replay([...background, ...storm.events]);
    const score = scoreAlerts(result, [{ brand: 'Acme', start, end: start + 30 * MINUTE }]);
    expect(score.incidents[0]?.delayMinutes).not.toBeNull();
    expect(score.incidents[0]?.delayMinutes).toBeLessThanOrEqual(15);
    expect(score.falseAlarms).toEqual([]);
  });

  it('injection runs are deterministic for a seed and catch big storms', () => {
    const options = {
      size: 5,
      durationMinutes: 30,
      shape: 'ramp',
      target: 'brand',
      injections: 6,
      perReplay: 3,
      seed: 11,
      warmupHours: 24,
      avoid: [],
      detector: {},
      graceMinutes: 60,
    } as const;
    const a = injectionBacktest(background, options);
    expect(a.injections).toBe(6);
    expect(a.detectionRate).toBeGreaterThanOrEqual(5 / 6);
    expect(a.falseAlarms).toBe(0);
    expect(injectionBacktest(background, options)).toEqual(a);
  });

  it('the oracle bound grows with the normal volume and the storm size, and stays a probability', () => {
    const storm = (normalPer15: number, size: number) => ({
      brand: 'Acme',
      start: 0,
      end: 30 * MINUTE,
      touchpoints: [],
      size,
      extra: 0,
      normal: 2 * normalPer15,
      extraExpected: 2 * normalPer15 * (size - 1),
    });
    const flat = { durationMinutes: 30, shape: 'flat' } as const;
    // 2 per 15 min: the threshold is 8 (P(X ≥ 8 | 2) = 0.0011 ≤ 1/672); P(Poisson(6) ≥ 8) = 0.256.
    expect(oracleDetection(storm(2, 3), flat)).toBeCloseTo(0.256, 3);
    expect(oracleDetection(storm(0.5, 3), flat)).toBeLessThan(0.05);
    expect(oracleDetection(storm(16, 3), flat)).toBeGreaterThan(0.99);
    expect(oracleDetection(storm(4, 5), flat)).toBeGreaterThan(oracleDetection(storm(4, 3), flat));
    // A ramp brings a quarter of its extra items in its first half: fewer than a flat storm.
    expect(oracleDetection(storm(4, 3), { durationMinutes: 30, shape: 'ramp' })).toBeLessThan(
      oracleDetection(storm(4, 3), flat),
    );
    expect(oracleDetection(storm(0, 3), flat)).toBe(0);
  });

  it('quantile is nearest-rank', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
  });
});
