import { describe, expect, it } from 'vitest';
import { scaleItems } from '../bench/scale-data.js';

/** Platforms per handle, and each platform's share of the items. */
function profile(mode: 'author' | 'platform', total: number) {
  const platforms = new Map<string, Set<string>>();
  const share = new Map<string, number>();
  for (const item of scaleItems(total, 13, mode)) {
    const seen = platforms.get(item.author.handle) ?? new Set<string>();
    seen.add(item.platform);
    platforms.set(item.author.handle, seen);
    share.set(item.platform, (share.get(item.platform) ?? 0) + 1 / total);
  }
  return { platforms, share };
}

describe('the scale generator (bench/scale-data.ts)', () => {
  it('gives each author one platform, so a customer profile is an author', () => {
    const { platforms, share } = profile('author', 20_000);
    expect([...platforms.values()].every((p) => p.size === 1)).toBe(true);
    // 4,000 authors, five items each on average: nearly all of them write at least once.
    expect(platforms.size).toBeGreaterThan(3_900);
    // The platforms keep their weights (google 22 %, twitter 16 %, chat 4 %) over the authors.
    expect(share.get('google')).toBeCloseTo(0.22, 1);
    expect(share.get('twitter')).toBeCloseTo(0.16, 1);
    expect(share.get('chat')).toBeCloseTo(0.04, 1);
  });

  it("draws a platform per item with identities 'platform' (the file of stops 12–26)", () => {
    const { platforms } = profile('platform', 20_000);
    const profiles = [...platforms.values()].reduce((n, p) => n + p.size, 0);
    // About three platforms for an author of five items: ~2.7 profiles per author.
    expect(profiles / platforms.size).toBeGreaterThan(2.5);
  });

  it('is the same file for the same seed', () => {
    const a = [...scaleItems(50, 13)].map((i) => JSON.stringify(i));
    const b = [...scaleItems(50, 13)].map((i) => JSON.stringify(i));
    expect(a).toEqual(b);
    expect([...scaleItems(50, 14)].map((i) => JSON.stringify(i))).not.toEqual(a);
  });
});
