import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DAY_MS, filterRange, formatBound, inRange, outOfRange, postedRange, snoozeRange } from './dates.js';
import { FeedbackInputSchema } from './feedback/schema.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('date ranges', () => {
  it('posted times: 1990-01-01 … now + 1 day, both ends included, named in the message', () => {
    const range = postedRange(NOW);
    expect(range.text).toBe('between 1990-01-01 and 2026-03-03T10:00:00Z (now + 1 day)');
    expect(outOfRange('1990-01-01T00:00:00Z', range)).toBeNull();
    expect(outOfRange('2026-03-03T10:00:00Z', range)).toBeNull();
    expect(outOfRange('2026-03-03T11:00:00+01:00', range)).toBeNull();
    for (const late of ['2026-03-03T10:00:01Z', '2100-01-01T00:00:00Z', '9999-12-31T00:00:00Z'])
      expect(outOfRange(late, range)).toBe(`must be ${range.text}`);
    for (const early of ['1989-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1990-01-01T00:00:00+00:01'])
      expect(outOfRange(early, range)).toBe(`must be ${range.text}`);
  });

  it('filters: wider, in four-digit years; snoozes: up to 366 days ahead', () => {
    expect(outOfRange('1900-01-01', filterRange())).toBeNull();
    expect(outOfRange('9999-12-31T23:59:59Z', filterRange())).toBeNull();
    expect(outOfRange('0000-01-01', filterRange())).toMatch(/between 1900-01-01 and 9999-12-31/);
    expect(outOfRange('9999-12-31T23:59:59-14:00', filterRange())).toMatch(/between/);
    expect(outOfRange(new Date(NOW + 366 * DAY_MS).toISOString(), snoozeRange(NOW))).toBeNull();
    expect(outOfRange(new Date(NOW + 367 * DAY_MS).toISOString(), snoozeRange(NOW))).toMatch(
      /now \+ 366 days/,
    );
    expect(outOfRange('yesterday', filterRange())).toBe('must be an ISO 8601 date or date-time');
  });

  it('formats a bound as a day at midnight, else to the second', () => {
    expect(formatBound(Date.parse('1990-01-01T00:00:00Z'))).toBe('1990-01-01');
    expect(formatBound(Date.parse('2026-03-02T10:00:00.250Z'))).toBe('2026-03-02T10:00:00Z');
  });

  it('refines a zod schema at parse time with the clock given, leaving bad formats to their own issue', () => {
    let now = NOW;
    const schema = z.iso.datetime({ offset: true }).superRefine(inRange(postedRange, () => now));
    expect(schema.safeParse('2026-03-03T09:00:00Z').success).toBe(true);
    now = NOW - DAY_MS;
    const refused = schema.safeParse('2026-03-03T09:00:00Z');
    expect(refused.error?.issues.map((i) => i.message)).toEqual([
      'must be between 1990-01-01 and 2026-03-02T10:00:00Z (now + 1 day)',
    ]);
    expect(schema.safeParse('not a date').error?.issues).toHaveLength(1);
  });

  it('FeedbackInputSchema refuses 9999-12-31 and 0001-01-01 as postedAt, naming the field and the range', () => {
    const item = { externalId: 'a', platform: 'web', text: 'Hello' };
    for (const postedAt of ['9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z']) {
      const r = FeedbackInputSchema.safeParse({ ...item, postedAt });
      expect(r.success).toBe(false);
      expect(r.error?.issues).toEqual([
        expect.objectContaining({
          path: ['postedAt'],
          message: expect.stringMatching(/^must be between 1990-01-01 and \S+Z \(now \+ 1 day\)$/) as string,
        }),
      ]);
    }
    expect(FeedbackInputSchema.safeParse({ ...item, postedAt: '1990-01-01T00:00:00Z' }).success).toBe(true);
  });
});
