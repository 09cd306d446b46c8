import { describe, expect, it } from 'vitest';
import { createDetector, type DetectorOptions } from './detector.js';
import { DAY, HOUR, MINUTE } from './series.js';
import { syntheticEvents } from './synthetic.js';
import type { WarnAlert, WarnEvent } from './types.js';

const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const TPS = { delivery: 3, staff: 2, price: 1 };

function run(events: readonly WarnEvent[], options: Partial<DetectorOptions> = {}): WarnAlert[] {
  const d = createDetector(options);
  for (const e of [...events].sort((a, b) => a.time - b.time)) d.add(e);
  d.advance((events.at(-1)?.time ?? T0) + HOUR);
  return d.alerts().filter((a) => a.kind !== 'risky_item');
}

/** Extra negatives about `touchpoints` at `perMinute`, from `start` for `minutes`. */
function storm(
  brand: string,
  start: number,
  minutes: number,
  perMinute: number,
  touchpoints: string[][],
  prefix = 's',
) {
  const out: WarnEvent[] = [];
  for (let m = 0; m < minutes; m++)
    for (let i = 0; i < perMinute; i++)
      out.push({
        time: start + m * MINUTE + Math.floor(((i + 0.5) / perMinute) * MINUTE),
        brand,
        brandKind: 'own',
        touchpoints: touchpoints[(m * perMinute + i) % touchpoints.length] as string[],
        platform: 'twitter',
        negative: true,
        itemId: `${prefix}-${m}-${i}`,
        reach: 100 * (m + 1),
      });
  return out;
}

const background = (days: number, seed = 1, perHour = 20) =>
  syntheticEvents({
    brand: 'Acme',
    touchpoints: TPS,
    from: T0,
    to: T0 + days * DAY,
    negativesPerHour: perHour,
    seed,
  });

describe('Detector', () => {
  it('stays quiet on three days of steady traffic', () => {
    expect(run(background(3))).toEqual([]);
  });

  it('cold start: says nothing in the workspace’s first day, and a new brand leans on its parent', () => {
    const burst = storm('Acme', T0 + 2 * HOUR, 20, 2, [['delivery']]);
    expect(run([...background(1), ...burst])).toEqual([]); // inside the 24 h warm-up
    // A competitor that appears on day 3 at an ordinary brand's rate is not a storm.
    const newcomer = syntheticEvents({
      brand: 'Newco',
      brandKind: 'competitor',
      touchpoints: TPS,
      from: T0 + 2 * DAY,
      to: T0 + 3 * DAY,
      negativesPerHour: 20,
      seed: 7,
    });
    expect(run([...background(3), ...newcomer])).toEqual([]);
  });

  it('sparse series: three negative items on a quiet brand do not alert', () => {
    const quiet = syntheticEvents({
      brand: 'Acme',
      touchpoints: TPS,
      from: T0,
      to: T0 + 3 * DAY,
      negativesPerHour: 0.2,
      seed: 2,
    });
    const three = storm('Acme', T0 + 2.5 * DAY, 3, 1, [['staff']]);
    expect(run([...quiet, ...three])).toEqual([]);
  });

  it('detects a clear storm within 15 minutes and names its top items', () => {
    const start = T0 + 2 * DAY + 14 * HOUR + 2 * MINUTE;
    const alerts = run([...background(3), ...storm('Acme', start, 30, 2, [['delivery']])]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0] as WarnAlert;
    expect(a.kind).toBe('spike');
    expect(a.openedAt - start).toBeLessThanOrEqual(15 * MINUTE);
    expect(a.touchpoints).toContain('delivery');
    expect(a.severity).toBeGreaterThanOrEqual(3);
    expect(a.topItems).toHaveLength(5);
    expect(a.topItems[0]?.itemId).toMatch(/^s-/); // the storm's items have reach; the background's none
    expect(a.topItems.map((i) => i.reach)).toEqual(
      [...a.topItems.map((i) => i.reach)].sort((x, y) => (y ?? 0) - (x ?? 0)),
    );
  });

  it('seasonality: a daily peak ten times the night does not alert', () => {
    const daily = (h: number) => (h >= 9 && h < 18 ? 3 : 0.3);
    const events = syntheticEvents({
      brand: 'Acme',
      touchpoints: TPS,
      from: T0,
      to: T0 + 7 * DAY,
      negativesPerHour: 10,
      hourFactor: daily,
      seed: 3,
    });
    expect(run(events)).toEqual([]);
    // The same peak with no profile (flat factors) would: the test relies on the baseline's profile.
    const peaks = run(events, { baseline: { profilePseudoItems: 1e12 } });
    expect(peaks.length).toBeGreaterThan(0);
  });

  it('groups one incident on several touchpoints and platforms into one alert', () => {
    const start = T0 + 2 * DAY + 10 * HOUR;
    // Every third item comes from the brand's Facebook page, a platform it had not been seen on.
    const hit = storm('Acme', start, 30, 3, [['delivery'], ['staff'], ['delivery', 'staff']]).map((e, i) =>
      i % 3 === 2 ? { ...e, platform: 'facebook' } : e,
    );
    const alerts = run([...background(3), ...hit]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.touchpoints.sort()).toEqual(['delivery', 'staff']);
    expect(alerts[0]?.platforms).toContain('facebook');
    expect(alerts[0]?.findings.length).toBeGreaterThanOrEqual(2);
  });

  it('cool-down: a second burst within the cool-down joins the alert, a later one opens a new one', () => {
    const first = T0 + 2 * DAY + 8 * HOUR;
    const soon = storm('Acme', first + 90 * MINUTE, 20, 2, [['delivery']], 'b');
    const late = storm('Acme', first + 8 * HOUR, 20, 2, [['delivery']], 'c');
    const base = [...background(3), ...storm('Acme', first, 20, 2, [['delivery']])];
    expect(run([...base, ...soon])).toHaveLength(1);
    const two = run([...base, ...late]);
    expect(two).toHaveLength(2);
    expect(two[1]?.openedAt).toBeGreaterThanOrEqual(first + 8 * HOUR);
  });

  it('a storm at a competitor is a competitor_storm', () => {
    const rival = syntheticEvents({
      brand: 'Rival',
      brandKind: 'competitor',
      touchpoints: TPS,
      from: T0,
      to: T0 + 3 * DAY,
      negativesPerHour: 20,
      seed: 5,
    });
    const hit = storm('Rival', T0 + 2 * DAY + 12 * HOUR, 30, 2, [['price']]).map((e) => ({
      ...e,
      brandKind: 'competitor' as const,
    }));
    const alerts = run([...background(3), ...rival, ...hit]);
    expect(alerts.map((a) => [a.kind, a.brand])).toEqual([['competitor_storm', 'Rival']]);
  });

  it('a lasting jump becomes the new normal after levelShiftHours instead of one endless alert', () => {
    const shiftAt = T0 + 3 * DAY;
    const after = syntheticEvents({
      brand: 'Acme',
      touchpoints: TPS,
      from: shiftAt,
      to: shiftAt + 2 * DAY,
      negativesPerHour: 80,
      seed: 8,
      idPrefix: 'n',
    });
    const alerts = run([...background(3), ...after]);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]?.openedAt).toBeLessThan(shiftAt + 30 * MINUTE);
    expect(Math.max(...alerts.map((a) => a.lastFiringAt))).toBeLessThan(shiftAt + DAY);
    const endless = run([...background(3), ...after], { levelShiftHours: Infinity });
    expect(Math.max(...endless.map((a) => a.lastFiringAt))).toBeGreaterThan(shiftAt + DAY);
  });

  it('is deterministic: time comes from the events only', () => {
    const events = [...background(3, 9), ...storm('Acme', T0 + 2 * DAY + 15 * HOUR, 30, 2, [['staff']])];
    expect(run(events)).toEqual(run(events));
  });

  it('raises a risky single item above the workspace threshold, once', () => {
    const d = createDetector({ riskThreshold: 0.7 });
    const item: WarnEvent = {
      time: T0,
      brand: 'Acme',
      brandKind: 'own',
      touchpoints: ['staff'],
      platform: 'twitter',
      negative: true,
      itemId: 'loud',
      reach: 200_000,
      intents: ['public_threat'],
      text: 'Absolutely unacceptable, the staff were disgusting. Telling every journalist I know.',
    };
    const [opened] = d.add(item);
    expect(opened?.alert.kind).toBe('risky_item');
    expect(opened?.alert.reasons).toContain('threat to go public');
    expect(d.add({ ...item, time: T0 + MINUTE })).toEqual([]);
    expect(createDetector({ riskThreshold: null }).add(item)).toEqual([]);
  });
});

describe('windowTest (the chart of an alert)', () => {
  it('agrees with the detector: the opening window reaches the threshold, a quiet one does not', () => {
    const events = [
      ...syntheticEvents({
        brand: 'Acme',
        touchpoints: TPS,
        from: T0,
        to: T0 + 4 * DAY,
        negativesPerHour: 12,
        seed: 3,
      }),
      ...storm('Acme', T0 + 3 * DAY + 14 * HOUR, 30, 2, [['delivery']]),
    ];
    const d = createDetector();
    for (const e of [...events].sort((a, b) => a.time - b.time)) d.add(e);
    const alert = d.alerts().find((a) => a.kind === 'spike');
    expect(alert).toBeDefined();
    const opening = alert?.opening;
    if (!alert || !opening) throw new Error('no opening finding');
    const at = alert.openedAt;
    const test = d.windowTest(opening.key, at, opening.windowMinutes);
    expect(test?.observed).toBe(opening.observed);
    expect(test?.expected).toBeCloseTo(opening.expected, 9);
    expect(test?.observed).toBeGreaterThanOrEqual(test?.threshold ?? Infinity);
    // The day before at the same hour: quiet, under the threshold, which is at least minCount.
    const quiet = d.windowTest(opening.key, at - DAY, opening.windowMinutes);
    expect(quiet?.observed).toBeLessThan(quiet?.threshold ?? 0);
    expect(quiet?.threshold).toBeGreaterThanOrEqual(8);
    expect(d.windowTest('no-such-key', at, 15)).toBeNull();
  });
});

describe('Detector work', () => {
  it('steps through a gap of any length in bounded work: an item at 9999-12-31 costs a few steps (issue #11)', () => {
    const d = createDetector();
    const events = [...background(2), ...storm('Acme', T0 + 2 * DAY - 30 * MINUTE, 20, 2, [['delivery']])];
    for (const e of events.sort((a, b) => a.time - b.time)) d.add(e);
    // At most (longest window 60 min + cool-down 180 min) / 5 min + 1 steps after the last item: an
    // alert may fire while its items are in a window, and stays open for the cool-down after.
    const bound = (60 + 180) / 5 + 1;
    const far = (time: number, itemId: string): WarnEvent => ({
      time,
      brand: 'Acme',
      brandKind: 'own',
      touchpoints: ['delivery'],
      platform: 'twitter',
      negative: true,
      itemId,
    });
    let before = d.steps;
    d.add(far(Date.parse('9999-12-31T00:00:00Z'), 'far-future'));
    expect(d.steps - before).toBeLessThanOrEqual(bound);
    before = d.steps;
    d.advance(Date.parse('9999-12-31T23:59:00Z'));
    expect(d.steps - before).toBeLessThanOrEqual(bound);
    // From 1990 to now, in a fresh detector.
    const e = createDetector();
    e.add(far(Date.parse('1990-01-01T00:00:00Z'), 'old'));
    e.add(far(Date.parse('2026-12-05T00:00:00Z'), 'new'));
    expect(e.steps).toBeLessThanOrEqual(bound);
  });
});
