import { describe, expect, it } from 'vitest';
import {
  decideAsk,
  DEFAULT_CONTACT_SETTINGS,
  isTimeZone,
  outOfQuietHours,
  type AskFacts,
  type ContactSettings,
} from './rules.js';

const settings: ContactSettings = { ...DEFAULT_CONTACT_SETTINGS };
const facts: AskFacts = { lastAskAt: null, openCases: 0, consent: null, hasAddress: true };
/** Noon UTC on a Tuesday: outside the default quiet hours. */
const NOON = new Date('2026-03-10T12:00:00.000Z');

describe('decideAsk', () => {
  it('sends now to a customer never asked, with an address and no case', () => {
    expect(decideAsk(settings, facts, NOON)).toEqual({ ok: true, sendAt: NOON.toISOString() });
  });

  it('a customer asked yesterday is not asked today (frequency cap), but is after the cap', () => {
    const yesterday = { ...facts, lastAskAt: '2026-03-09T12:00:00.000Z' };
    expect(decideAsk(settings, yesterday, NOON)).toEqual({ ok: false, reason: 'frequency_cap' });
    const later = new Date('2026-04-08T12:00:00.000Z'); // 30 days after
    expect(decideAsk(settings, yesterday, later).ok).toBe(true);
    expect(decideAsk({ ...settings, capDays: 0 }, yesterday, NOON).ok).toBe(true);
  });

  it('the cap counts from when the ask would go out (a delayed ask after the cap passes)', () => {
    const asked = { ...facts, lastAskAt: '2026-02-10T13:00:00.000Z' };
    expect(decideAsk(settings, asked, NOON)).toEqual({ ok: false, reason: 'frequency_cap' });
    expect(decideAsk(settings, asked, NOON, '2026-03-13T12:00:00.000Z')).toEqual({
      ok: true,
      sendAt: '2026-03-13T12:00:00.000Z',
    });
  });

  it('an open case suppresses a survey or a referral invitation (unless the rule is off)', () => {
    const open = { ...facts, openCases: 1 };
    expect(decideAsk(settings, open, NOON)).toEqual({ ok: false, reason: 'open_case' });
    expect(decideAsk(settings, open, NOON, null, 'referral')).toEqual({ ok: false, reason: 'open_case' });
    expect(decideAsk({ ...settings, suppressOpenCase: false }, open, NOON).ok).toBe(true);
  });

  it('an open case never holds back a public review request: that would invite only the happy (gating)', () => {
    const open = { ...facts, openCases: 1 };
    expect(decideAsk(settings, open, NOON, null, 'review_request')).toEqual({
      ok: true,
      sendAt: NOON.toISOString(),
    });
  });

  it('none after an unsubscribe, even when consent is not required', () => {
    const out = { ...facts, consent: 'unsubscribed' as const };
    expect(decideAsk(settings, out, NOON)).toEqual({ ok: false, reason: 'unsubscribed' });
    expect(decideAsk({ ...settings, requireConsent: true }, out, NOON)).toEqual({
      ok: false,
      reason: 'unsubscribed',
    });
  });

  it('requires a granted consent when the workspace says so', () => {
    const strict = { ...settings, requireConsent: true };
    expect(decideAsk(strict, facts, NOON)).toEqual({ ok: false, reason: 'no_consent' });
    expect(decideAsk(strict, { ...facts, consent: 'granted' }, NOON).ok).toBe(true);
  });

  it('no address, or an erased customer, suppresses first', () => {
    expect(decideAsk(settings, { ...facts, hasAddress: false }, NOON)).toEqual({
      ok: false,
      reason: 'no_address',
    });
    expect(decideAsk(settings, { ...facts, erased: true, openCases: 2 }, NOON)).toEqual({
      ok: false,
      reason: 'erased',
    });
  });

  it('waits for notBefore when it is later than now', () => {
    expect(decideAsk(settings, facts, NOON, '2026-03-10T15:00:00.000Z')).toEqual({
      ok: true,
      sendAt: '2026-03-10T15:00:00.000Z',
    });
    // A notBefore in the past is now.
    expect(decideAsk(settings, facts, NOON, '2026-03-01T15:00:00.000Z')).toEqual({
      ok: true,
      sendAt: NOON.toISOString(),
    });
  });

  it('quiet hours delay an ask, they never suppress it', () => {
    const night = new Date('2026-03-10T23:30:00.000Z');
    expect(decideAsk(settings, facts, night)).toEqual({ ok: true, sendAt: '2026-03-11T08:00:00.000Z' });
  });
});

describe('outOfQuietHours', () => {
  const at = (iso: string, start: string, end: string, tz: string) =>
    new Date(outOfQuietHours(Date.parse(iso), start, end, tz)).toISOString();

  it('leaves a time outside the quiet hours as it is', () => {
    expect(at('2026-01-10T12:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-10T12:00:00.000Z');
    expect(at('2026-01-10T20:59:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-10T20:59:00.000Z');
    expect(at('2026-01-10T08:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-10T08:00:00.000Z');
  });

  it('across midnight: an evening time goes to the next morning, an early one to the same morning', () => {
    expect(at('2026-01-10T21:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-11T08:00:00.000Z');
    expect(at('2026-01-10T23:59:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-11T08:00:00.000Z');
    expect(at('2026-01-11T00:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-11T08:00:00.000Z');
    expect(at('2026-01-11T07:59:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-01-11T08:00:00.000Z');
  });

  it('at the end of a month and a year', () => {
    expect(at('2026-12-31T22:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2027-01-01T08:00:00.000Z');
    expect(at('2026-02-28T22:00:00.000Z', '21:00', '08:00', 'UTC')).toBe('2026-03-01T08:00:00.000Z');
  });

  it('in the workspace time zone (Berlin: UTC+1 in winter, +2 in summer)', () => {
    // 21:30Z is 22:30 in Berlin in January → 08:00 Berlin = 07:00Z.
    expect(at('2026-01-10T21:30:00.000Z', '21:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-01-11T07:00:00.000Z',
    );
    // 19:30Z is 20:30 in Berlin: not quiet yet (it would be in UTC+2).
    expect(at('2026-01-10T19:30:00.000Z', '21:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-01-10T19:30:00.000Z',
    );
    // July: 19:30Z is 21:30 in Berlin → 08:00 Berlin = 06:00Z.
    expect(at('2026-07-10T19:30:00.000Z', '21:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-07-11T06:00:00.000Z',
    );
    // 06:00Z is 07:00 in Berlin (winter), same morning.
    expect(at('2026-01-11T06:00:00.000Z', '21:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-01-11T07:00:00.000Z',
    );
  });

  it('a night that changes the clocks (Berlin, 29 March 2026: 02:00 → 03:00)', () => {
    // 23:00 local on the 28th (22:00Z, UTC+1) → 08:00 local on the 29th, already UTC+2 = 06:00Z.
    expect(at('2026-03-28T22:00:00.000Z', '21:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('west of UTC (New York) and a date line zone (Auckland)', () => {
    // 03:00Z on 10 Jan is 22:00 on the 9th in New York → 08:00 on the 10th = 13:00Z.
    expect(at('2026-01-10T03:00:00.000Z', '21:00', '08:00', 'America/New_York')).toBe(
      '2026-01-10T13:00:00.000Z',
    );
    // 10:00Z on 10 Jan is 23:00 on the 10th in Auckland (UTC+13) → 08:00 on the 11th = 19:00Z the 10th.
    expect(at('2026-01-10T10:00:00.000Z', '21:00', '08:00', 'Pacific/Auckland')).toBe(
      '2026-01-10T19:00:00.000Z',
    );
  });

  it('quiet hours within one day (12:00–14:00) and none when start equals end', () => {
    expect(at('2026-01-10T12:30:00.000Z', '12:00', '14:00', 'UTC')).toBe('2026-01-10T14:00:00.000Z');
    expect(at('2026-01-10T14:00:00.000Z', '12:00', '14:00', 'UTC')).toBe('2026-01-10T14:00:00.000Z');
    expect(at('2026-01-10T23:30:00.000Z', '00:00', '00:00', 'UTC')).toBe('2026-01-10T23:30:00.000Z');
  });

  it('knows time zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
