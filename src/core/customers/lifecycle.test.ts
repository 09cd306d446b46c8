import { describe, expect, it } from 'vitest';
import { ambassadorScore, isPromoter } from './advocacy.js';
import { dayOf, stageOf, thresholdsOf } from './lifecycle.js';

const at = (day: string) => `${day}T12:00:00.000Z`;
const stage = (first: string, last: string, visits: number, now: string) =>
  stageOf({ ...thresholdsOf({ firstSeenAt: at(first), lastSeenAt: at(last), visits }), visits }, at(now));

describe('lifecycle stages from the customer’s own cadence', () => {
  it('flags a monthly regular silent for three months as lapsed, at risk after ~45 days', () => {
    // 13 visits a month apart through 2025: cadence ≈ 30.4 days.
    expect(stage('2025-01-01', '2026-01-01', 13, '2026-01-30')).toBe('active');
    expect(stage('2025-01-01', '2026-01-01', 13, '2026-02-20')).toBe('at_risk');
    expect(stage('2025-01-01', '2026-01-01', 13, '2026-04-01')).toBe('lapsed');
  });

  it('does not flag a once-a-year guest silent for ten months', () => {
    expect(stage('2023-08-01', '2025-08-01', 3, '2026-06-01')).toBe('active');
    expect(stage('2023-08-01', '2025-08-01', 3, '2027-03-01')).toBe('at_risk');
  });

  it('keeps newcomers new for 90 days, then one-off (never on the win-back list) or judged by cadence', () => {
    expect(stage('2026-05-01', '2026-05-01', 1, '2026-06-01')).toBe('new');
    expect(stage('2026-01-01', '2026-01-01', 1, '2026-06-01')).toBe('one_off');
    expect(stage('2026-03-20', '2026-03-25', 2, '2026-05-01')).toBe('new');
    expect(stage('2026-03-20', '2026-03-25', 2, '2026-06-30')).toBe('lapsed');
    // A third visit ends "new" early: judged by cadence at once.
    expect(stage('2026-05-01', '2026-05-21', 3, '2026-06-01')).toBe('active');
  });

  it('starts the thresholds of a new customer no earlier than the end of their new window', () => {
    const t = thresholdsOf({ firstSeenAt: at('2026-03-20'), lastSeenAt: at('2026-03-21'), visits: 2 });
    expect(t.newUntil).toBe('2026-06-18T12:00:00.000Z');
    expect(t.atRiskAfter).toBe(t.newUntil);
    expect(t.cadenceDays).toBe(1);
  });
});

describe('dayOf', () => {
  it('is the UTC day of any ISO timestamp, cut from one as toISOString writes it', () => {
    expect(dayOf('2026-03-01T23:59:59.999Z')).toBe('2026-03-01');
    expect(dayOf('2026-03-01T00:00:00.000Z')).toBe('2026-03-01');
    // Other forms are parsed: an offset can move the day, and the shorter forms are no less UTC.
    expect(dayOf('2026-03-01T23:30:00.000-02:00')).toBe('2026-03-02');
    expect(dayOf('2026-03-02T00:30:00+01:00')).toBe('2026-03-01');
    expect(dayOf('2026-03-01T10:00:00Z')).toBe('2026-03-01');
  });
});

describe('advocacy', () => {
  it('makes promoters of NPS 9–10 or repeated praise, never of a last detractor answer', () => {
    expect(isPromoter({ lastNps: 9, praise: 0 })).toBe(true);
    expect(isPromoter({ lastNps: null, praise: 2 })).toBe(true);
    expect(isPromoter({ lastNps: null, praise: 1 })).toBe(false);
    expect(isPromoter({ lastNps: 8, praise: 3 })).toBe(true);
    expect(isPromoter({ lastNps: 4, praise: 5 })).toBe(false);
  });

  it('scores how much a customer is heard: log reach, reviews and referrals, capped', () => {
    expect(ambassadorScore({ reach: 999, publicReviews: 0, referrals: 0 })).toBe(3);
    expect(ambassadorScore({ reach: 0, publicReviews: 9, referrals: 9 })).toBe(15);
    expect(ambassadorScore({ reach: -5, publicReviews: 1, referrals: 1 })).toBe(3);
  });
});
