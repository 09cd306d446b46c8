import { describe, expect, it } from 'vitest';
import { Baseline, winsorisedMean } from './baseline.js';
import { DAY, HOUR, SeriesStore, seriesKey } from './series.js';
import { syntheticEvents } from './synthetic.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const key = (brand: string | null, touchpoint: string | null = null) =>
  seriesKey({ workspace: 'default', brand, touchpoint, platform: null });

function storeOf(...batches: ReturnType<typeof syntheticEvents>[]): SeriesStore {
  const store = new SeriesStore();
  for (const e of batches.flat().sort((a, b) => a.time - b.time)) store.add(e);
  return store;
}

describe('Baseline', () => {
  it('expects what a steady series brings', () => {
    const store = storeOf(
      syntheticEvents({
        brand: 'Acme',
        touchpoints: { delivery: 1 },
        from: T0,
        to: T0 + 4 * DAY,
        negativesPerHour: 12,
        seed: 1,
      }),
    );
    const b = new Baseline(store);
    const at = T0 + 4 * DAY;
    expect(b.expected(key('Acme'), at - HOUR, at)).toBeGreaterThan(10);
    expect(b.expected(key('Acme'), at - HOUR, at)).toBeLessThan(14);
  });

  it('cold start: a touchpoint never seen for a brand gets the brand level × the workspace share', () => {
    const store = storeOf(
      syntheticEvents({
        brand: 'Acme',
        touchpoints: { delivery: 3, staff: 1 },
        from: T0,
        to: T0 + 3 * DAY,
        negativesPerHour: 20,
        seed: 1,
      }),
      syntheticEvents({
        brand: 'Other',
        touchpoints: { staff: 1, luggage: 1 },
        from: T0,
        to: T0 + 3 * DAY,
        negativesPerHour: 20,
        seed: 2,
      }),
    );
    const b = new Baseline(store);
    const at = T0 + 3 * DAY;
    // luggage: only Other's items talk about it (half of Other's); Acme never did.
    const level = b.level(key('Acme', 'luggage'), at);
    expect(level.ownHours).toBe(0);
    expect(level.perHour).toBeCloseTo(level.prior, 6);
    expect(level.prior).toBeGreaterThan(3); // Acme's 20/h × luggage's ¼ of the workspace's negatives
    expect(level.prior).toBeLessThan(7);
    // staff: Acme has ¼ of its negatives on it, the workspace ⅜: with 3 days of own data the level
    // sits near the own figure (5 per hour), pulled a little toward the prior (20 × ⅜).
    const staff = b.level(key('Acme', 'staff'), at);
    expect(staff.own).toBeGreaterThan(4);
    expect(staff.own).toBeLessThan(6);
    expect(staff.perHour).toBeGreaterThan(staff.own);
    expect(staff.perHour).toBeLessThan(staff.own + (staff.prior - staff.own) * 0.3);
  });

  it('a brand seen for the first time leans on the average brand', () => {
    const store = storeOf(
      syntheticEvents({ brand: 'Acme', from: T0, to: T0 + 2 * DAY, negativesPerHour: 10, seed: 1 }),
      syntheticEvents({ brand: 'Big', from: T0, to: T0 + 2 * DAY, negativesPerHour: 30, seed: 2 }),
    );
    const level = new Baseline(store).level(key('Newco'), T0 + 2 * DAY);
    expect(level.ownHours).toBe(0);
    expect(level.prior).toBeGreaterThan(15);
    expect(level.prior).toBeLessThan(25);
  });

  it('past spikes that alerted are left out, and others are capped', () => {
    expect(winsorisedMean([2, 2, 2, 2, 2, 2, 2, 2, 2, 200])).toBeLessThan(3.5);
    const store = storeOf(
      syntheticEvents({ brand: 'Acme', from: T0, to: T0 + 2 * DAY, negativesPerHour: 5, seed: 1 }),
      syntheticEvents({
        brand: 'Acme',
        from: T0 + DAY,
        to: T0 + DAY + 3 * HOUR,
        negativesPerHour: 200,
        seed: 3,
        idPrefix: 'spike',
      }),
    );
    const plain = new Baseline(store).level(key('Acme'), T0 + 2 * DAY + HOUR).own;
    store.get(key('Acme'))?.markAlerted(T0 + DAY, T0 + DAY + 3 * HOUR);
    const skipped = new Baseline(store).level(key('Acme'), T0 + 2 * DAY + HOUR).own;
    expect(plain).toBeLessThan(8);
    expect(skipped).toBeLessThan(plain);
    expect(skipped).toBeGreaterThan(4.5);
    expect(skipped).toBeLessThan(5.8);
  });

  it('learns the hour-of-day profile of the workspace', () => {
    const store = storeOf(
      syntheticEvents({
        brand: 'Acme',
        from: T0,
        to: T0 + 3 * DAY,
        negativesPerHour: 10,
        hourFactor: (h) => (h >= 9 && h < 18 ? 3 : 0.3),
        seed: 4,
      }),
    );
    const b = new Baseline(store);
    const at = T0 + 3 * DAY;
    expect(b.season('default', T0 + 13 * HOUR, at)).toBeGreaterThan(1.8);
    expect(b.season('default', T0 + 2 * HOUR, at)).toBeLessThan(0.4);
  });
});
