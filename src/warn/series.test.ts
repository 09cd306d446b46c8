import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SeriesStore, keyParts, reachWeight, seriesKey } from './series.js';
import type { WarnEvent } from './types.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const event = (minutes: number, over: Partial<WarnEvent> = {}): WarnEvent => ({
  time: T0 + minutes * MINUTE,
  brand: 'Acme',
  brandKind: 'own',
  touchpoints: ['delivery'],
  platform: 'google',
  negative: true,
  itemId: `i${minutes}`,
  ...over,
});
const key = (touchpoint: string | null, platform: string | null = null, brand: string | null = 'Acme') =>
  seriesKey({ workspace: 'default', brand, touchpoint, platform });

describe('SeriesStore', () => {
  it('counts items, negatives, share and reach-weighted volume at three resolutions', () => {
    const store = new SeriesStore();
    store.add(event(1, { reach: 1000 }));
    store.add(event(2, { negative: false }));
    store.add(event(7));
    const s = store.get(key('delivery'));
    expect(s?.bucket('fiveMinute', T0)).toMatchObject({ count: 2, negative: 1, negativeShare: 0.5 });
    expect(s?.bucket('fiveMinute', T0).reachWeighted).toBeCloseTo(reachWeight(1000));
    expect(s?.bucket('hourly', T0)).toMatchObject({ count: 3, negative: 2 });
    expect(s?.bucket('daily', T0)).toMatchObject({ count: 3, negative: 2 });
    expect(reachWeight(undefined)).toBe(1);
  });

  it('feeds brand total, brand × touchpoint, brand × platform and the workspace series', () => {
    const store = new SeriesStore();
    const keys = store.add(event(0, { touchpoints: ['delivery', 'staff'] }));
    expect(keys[0]).toBe(key(null));
    expect(keys).toEqual(
      expect.arrayContaining([
        key('delivery'),
        key('staff'),
        key(null, 'google'),
        key(null, null, null),
        key('staff', null, null),
      ]),
    );
    expect(keyParts(key('staff'))).toEqual({
      workspace: 'default',
      brand: 'Acme',
      touchpoint: 'staff',
      platform: null,
    });
  });

  it('keeps bounded memory: a bucket older than the retention reads as zero', () => {
    const store = new SeriesStore({ retention: { fiveMinute: 12, hourly: 24, daily: 2 } });
    store.add(event(0));
    const s = store.get(key(null));
    expect(s?.window(T0, T0 + HOUR).negative).toBe(1);
    store.add(event(60)); // one hour later: the 12-slot 5-minute ring wraps onto slot 0
    expect(s?.bucket('fiveMinute', T0).negative).toBe(0);
    expect(s?.bucket('hourly', T0).negative).toBe(1);
  });
});
