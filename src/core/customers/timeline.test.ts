import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  compareEntries,
  decodeTimelineCursor,
  encodeTimelineCursor,
  sameInstantRule,
} from './timeline.js';

describe('timeline keyset', () => {
  it('orders newest first, then by key, and a cursor splits a tie by source and id', () => {
    const entries = [
      { key: 'item:b', at: '2026-01-01T00:00:00.000Z' },
      { key: 'opened:a', at: '2026-01-01T00:00:00.000Z' },
      { key: 'item:a', at: '2026-01-01T00:00:00.000Z' },
      { key: 'note:z', at: '2026-01-02T00:00:00.000Z' },
    ].sort(compareEntries);
    expect(entries.map((e) => e.key)).toEqual(['note:z', 'opened:a', 'item:b', 'item:a']);
    // After 'item:b' on the same instant: items with a smaller id; no 'opened' (sorts before it); 'exception' all.
    expect(sameInstantRule('item', 'item:b')).toEqual({ idBelow: 'b' });
    expect(sameInstantRule('opened', 'item:b')).toBe('none');
    expect(sameInstantRule('exception', 'item:b')).toBe('all');
    expect(sameInstantRule('closed', 'item:b')).toBe('all');
  });

  it('round-trips cursors and refuses forged ones', () => {
    const p = { at: '2026-01-01T00:00:00.000Z', key: 'reply:x' };
    expect(decodeTimelineCursor(encodeTimelineCursor(p))).toEqual(p);
    expect(decodeTimelineCursor(undefined)).toBeUndefined();
    for (const bad of [
      'abc',
      Buffer.from('["x","item:1"]').toString('base64url'),
      Buffer.from('["2026-01-01","case:1"]').toString('base64url'),
    ])
      expect(() => decodeTimelineCursor(bad)).toThrow(/cursor/);
  });

  it('buckets by UTC week (Monday), month and year', () => {
    expect(bucketOf('2026-03-01T23:00:00.000Z', 'week')).toBe('2026-02-23'); // a Sunday
    expect(bucketOf('2026-03-02T00:00:00.000Z', 'week')).toBe('2026-03-02');
    expect(bucketOf('2026-03-02T00:00:00.000Z', 'month')).toBe('2026-03');
    expect(bucketOf('2026-03-02T00:00:00.000Z', 'year')).toBe('2026');
  });
});
