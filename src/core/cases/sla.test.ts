import { describe, expect, it } from 'vitest';
import { dueAt, effectivePolicies, policyFor, SlaPolicySchema, type SlaPolicy } from './sla.js';

const WEEKDAYS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

describe('SLA policies', () => {
  it('defaults to 1 h / 4 h / 24 h / 72 h on public channels and falls back to * elsewhere', () => {
    const p = effectivePolicies([]);
    expect(
      ['urgent', 'high', 'normal', 'low'].map(
        (l) => policyFor(p, 'social', l as never)?.firstResponseMinutes,
      ),
    ).toEqual([60, 240, 1440, 4320]);
    expect(policyFor(p, 'email', 'urgent')?.firstResponseMinutes).toBe(120);
  });

  it("lets a workspace's own policy replace the default of its channel and priority only", () => {
    const own: SlaPolicy = {
      channel: 'review',
      priority: 'high',
      firstResponseMinutes: 30,
      businessHours: null,
      timezone: 'UTC',
    };
    const p = effectivePolicies([own]);
    expect(policyFor(p, 'review', 'high')).toBe(own);
    expect(policyFor(p, 'social', 'high')?.firstResponseMinutes).toBe(240);
  });

  it('rejects unknown time zones and inverted hours', () => {
    expect(
      SlaPolicySchema.safeParse({
        channel: '*',
        priority: 'low',
        firstResponseMinutes: 5,
        timezone: 'Mars/Olympus',
      }).success,
    ).toBe(false);
    expect(
      SlaPolicySchema.safeParse({
        channel: '*',
        priority: 'low',
        firstResponseMinutes: 5,
        businessHours: { days: [1], start: '17:00', end: '09:00' },
      }).success,
    ).toBe(false);
  });
});

describe('dueAt', () => {
  it('adds wall-clock minutes without business hours', () => {
    expect(
      dueAt('2026-03-02T10:00:00Z', { firstResponseMinutes: 90, businessHours: null, timezone: 'UTC' }),
    ).toBe('2026-03-02T11:30:00.000Z');
  });

  it('counts only business hours: Friday 16:30 + 60 min is Monday 9:30', () => {
    expect(
      dueAt('2026-03-06T16:30:00Z', { firstResponseMinutes: 60, businessHours: WEEKDAYS, timezone: 'UTC' }),
    ).toBe('2026-03-09T09:30:00.000Z');
  });

  it('starts at the next opening when a case opens at night or at the weekend', () => {
    expect(
      dueAt('2026-03-07T22:00:00Z', { firstResponseMinutes: 30, businessHours: WEEKDAYS, timezone: 'UTC' }),
    ).toBe('2026-03-09T09:30:00.000Z');
    expect(
      dueAt('2026-03-03T06:00:00Z', { firstResponseMinutes: 30, businessHours: WEEKDAYS, timezone: 'UTC' }),
    ).toBe('2026-03-03T09:30:00.000Z');
  });

  it('spans several days and reads the hours in the policy time zone', () => {
    // 8 business hours per day: 20 h from Monday 9:00 is Wednesday 13:00.
    expect(
      dueAt('2026-03-02T09:00:00Z', {
        firstResponseMinutes: 20 * 60,
        businessHours: WEEKDAYS,
        timezone: 'UTC',
      }),
    ).toBe('2026-03-04T13:00:00.000Z');
    // 9:00 in New York (UTC−5 in early March) is 14:00 UTC.
    expect(
      dueAt('2026-03-02T12:00:00Z', {
        firstResponseMinutes: 60,
        businessHours: WEEKDAYS,
        timezone: 'America/New_York',
      }),
    ).toBe('2026-03-02T15:00:00.000Z');
  });
});
