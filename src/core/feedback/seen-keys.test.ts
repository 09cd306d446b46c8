import { describe, expect, it } from 'vitest';
import { SeenKeys } from './seen-keys.js';

describe('SeenKeys', () => {
  it('tells a new key from one seen before, across growth', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 50_000; i++) expect(seen.add(`twitter\u0000${i}`)).toBe(true);
    expect(seen.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 7) expect(seen.add(`twitter\u0000${i}`)).toBe(false);
    expect(seen.add('google\u00000')).toBe(true);
    expect(seen.add('')).toBe(true);
    expect(seen.add('')).toBe(false);
    expect(seen.size).toBe(50_002);
  });
});
