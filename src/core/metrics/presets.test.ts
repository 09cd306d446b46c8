import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsOf, daysIn, previousPeriod, resolvePeriod } from './presets.js';

describe('periods', () => {
  it('resolves the presets on a UTC day', () => {
    expect(resolvePeriod('7d', {}, '2026-03-10', null)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(resolvePeriod('30d', {}, '2026-03-01', null)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(resolvePeriod('90d', {}, '2026-03-31', null)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(resolvePeriod('quarter', {}, '2026-05-17', null)).toEqual({
      from: '2026-04-01',
      to: '2026-05-17',
    });
    expect(resolvePeriod('all', {}, '2026-05-17', { from: '2024-01-02', to: '2026-05-01' })).toEqual({
      from: '2024-01-02',
      to: '2026-05-01',
    });
    expect(resolvePeriod('all', {}, '2026-05-17', null)).toEqual({ from: '2026-05-17', to: '2026-05-17' });
    expect(() => resolvePeriod('custom', { from: '2026-01-01' }, '2026-05-17', null)).toThrow(/to: required/);
  });

  it('compares with the previous period of equal length', () => {
    const p = { from: '2026-03-01', to: '2026-03-31' };
    expect(previousPeriod(p)).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(daysIn(previousPeriod(p))).toBe(daysIn(p));
  });

  it('buckets by day, ISO week from Monday, and month', () => {
    expect(bucketOf('2026-03-01', 'week')).toBe('2026-02-23'); // a Sunday belongs to the week before
    expect(bucketOf('2026-03-02', 'week')).toBe('2026-03-02'); // a Monday starts its own
    expect(bucketOf('2026-03-02', 'month')).toBe('2026-03');
    expect(bucketsOf({ from: '2026-02-26', to: '2026-03-03' }, 'day')).toHaveLength(6);
    expect(bucketsOf({ from: '2026-02-26', to: '2026-03-10' }, 'week')).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ]);
    expect(bucketsOf({ from: '2025-12-31', to: '2026-02-01' }, 'month')).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
