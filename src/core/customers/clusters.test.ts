import { describe, expect, it } from 'vitest';
import { silhouette, suggestClusters, type TouchpointCount } from './clusters.js';

const rows = (prefix: string, n: number, tps: Record<string, [number, number, number]>): TouchpointCount[] =>
  Array.from({ length: n }, (_, i) =>
    Object.entries(tps).map(([touchpoint, [mentions, positive, negative]]) => ({
      customerId: `${prefix}-${String(i).padStart(3, '0')}`,
      touchpoint,
      mentions,
      positive,
      negative,
    })),
  ).flat();

describe('suggested clusters', () => {
  it('finds the groups customers fall in, names them by their touchpoints and gives savable rules', () => {
    const names = new Map([
      ['staff', 'Staff'],
      ['price', 'Price'],
      ['delivery', 'Delivery'],
    ]);
    const answer = suggestClusters(
      [
        ...rows('s', 20, { staff: [3, 0, 3] }),
        ...rows('p', 15, { price: [2, 2, 0], staff: [1, 1, 0] }),
        ...rows('d', 10, { delivery: [4, 1, 2] }),
      ],
      names,
    );
    expect(answer.k).toBe(3);
    expect(answer.sampled).toBe(45);
    expect(answer.clusters.map((c) => [c.touchpoints[0]?.key, c.size])).toEqual([
      ['staff', 20],
      ['price', 15],
      ['delivery', 10],
    ]);
    const [staff, price, delivery] = answer.clusters;
    expect(staff?.name).toBe('Customers who criticise Staff');
    expect(staff?.rules.touchpoints).toEqual([{ key: 'staff', mode: 'criticises', min: 1 }]);
    expect(price?.rules.touchpoints).toEqual([{ key: 'price', mode: 'praises', min: 1 }]);
    expect(delivery?.rules.touchpoints[0]?.mode).toBe('mentions');
    expect(answer.silhouette).toBeGreaterThan(0.9);
    // The same rows give the same answer.
    expect(
      suggestClusters(
        [
          ...rows('d', 10, { delivery: [4, 1, 2] }),
          ...rows('s', 20, { staff: [3, 0, 3] }),
          ...rows('p', 15, { price: [2, 2, 0], staff: [1, 1, 0] }),
        ],
        names,
      ).clusters.map((c) => c.size),
    ).toEqual([20, 15, 10]);
  });

  it('suggests nothing from too few customers or a single touchpoint', () => {
    expect(suggestClusters(rows('s', 5, { staff: [1, 0, 1] }), new Map()).clusters).toEqual([]);
    expect(suggestClusters(rows('s', 50, { staff: [1, 0, 1] }), new Map()).k).toBeNull();
  });

  it('computes the silhouette by its definition', () => {
    // Two tight pairs far apart: a ≈ 0, b ≈ 10 → silhouette ≈ 1; one point put in the wrong cluster lowers it.
    const points = [[0], [0.1], [10], [10.1]];
    expect(silhouette(points, [0, 0, 1, 1], [0, 1, 2, 3])).toBeCloseTo(0.99, 2);
    expect(silhouette(points, [0, 1, 1, 1], [0, 1, 2, 3])).toBeLessThan(0.5);
  });
});
