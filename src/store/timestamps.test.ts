import { describe, expect, it } from 'vitest';
import { pgTimestampToIso } from './timestamps.js';

describe('pgTimestampToIso', () => {
  it.each([
    // timestamptz as PostgreSQL writes it (TimeZone UTC, then others)
    ['2026-03-02 10:00:00+00', true, '2026-03-02T10:00:00.000Z'],
    ['2026-03-02 10:00:00.123456+00', true, '2026-03-02T10:00:00.123Z'],
    ['2026-03-02 11:00:00.5+01', true, '2026-03-02T10:00:00.500Z'],
    ['2026-03-02 04:30:00-05:30', true, '2026-03-02T10:00:00.000Z'],
    // years 0–99: the legacy Date parser read 0001 as 2001 and 0050 as 1950 (issue #11)
    ['0001-01-01 00:00:00+00', true, '0001-01-01T00:00:00.000Z'],
    ['0049-06-30 12:00:00+00', true, '0049-06-30T12:00:00.000Z'],
    ['0099-12-31 23:59:59+00', true, '0099-12-31T23:59:59.000Z'],
    // local mean time before 1893: an offset with seconds
    ['1850-01-01 00:53:28+00:53:28', true, '1850-01-01T00:00:00.000Z'],
    // BC years (1 BC is year 0) and years past 9999
    ['0001-01-01 00:00:00+00 BC', true, '0000-01-01T00:00:00.000Z'],
    ['10000-01-01 00:00:00+00', true, '+010000-01-01T00:00:00.000Z'],
    // timestamp without time zone: UTC
    ['0001-01-01 00:00:00', false, '0001-01-01T00:00:00.000Z'],
    ['2026-03-02 10:00:00.25', false, '2026-03-02T10:00:00.250Z'],
  ])('%s → %s', (text, zoned, iso) => {
    expect(pgTimestampToIso(text, zoned)).toBe(iso);
  });

  it('gives back what it cannot read instead of failing the query', () => {
    expect(pgTimestampToIso('infinity', true)).toBe('infinity');
    expect(pgTimestampToIso('-infinity', false)).toBe('-infinity');
    expect(pgTimestampToIso('294276-12-31 23:59:59+00', true)).toBe('294276-12-31 23:59:59+00');
  });
});
