/** The competitor benchmark from the rollups (issue #13). */
import type { Counters, Store } from '../ports.js';
import { type Period } from './presets.js';
import { meanEstimate, sentimentIndexChange, sentimentIndexEstimate, type Estimate } from './stats.js';

import {
  add,
  contextOf,
  itemSentiment,
  starMoments,
  sumBy,
  touchpointSentiment,
  zero,
  TP_FIELDS,
  type AnalyticsParams,
  type AnalyticsScope,
} from './context.js';

// ---------- GET /benchmark ----------

interface Comparison {
  brandId: string;
  name: string;
  estimate: Estimate;
  delta: number | null;
  pValue: number | null;
  significant: boolean | null;
}
interface Contrast {
  touchpoint: string;
  label: string;
  brandId: string;
  name: string;
  own: Estimate;
  competitor: Estimate;
  delta: number | null;
  pValue: number | null;
  significant: boolean | null;
}
export interface BenchmarkAnswer {
  period: Period;
  own: { id: string; name: string }[];
  brands: {
    id: string;
    name: string;
    kind: 'own' | 'competitor';
    volume: number;
    shareOfVoice: number | null;
    stars: Estimate;
    sentimentIndex: Estimate;
  }[];
  touchpoints: { key: string; label: string; own: Estimate; competitors: Comparison[] }[];
  theirWeakOurStrong: Contrast[];
  ourWeakTheirStrong: Contrast[];
}

/**
 * Own brands (together) against each competitor: volume, share of voice, stars and sentiment, and per
 * touchpoint the touchpoint's sentiment index with the significance of ours minus theirs (`delta`).
 */
export async function benchmarkOf(
  store: Store,
  scope: AnalyticsScope,
  params: AnalyticsParams,
): Promise<BenchmarkAnswer> {
  const ctx = await contextOf(store, scope, params);
  const { brandIds, ...all } = ctx.filter;
  const chosen = brandIds ? new Set(brandIds) : null;
  const brands = ctx.brands.filter((x) => !chosen || chosen.has(x.id));
  const [byBrand, byTp] = await Promise.all([
    store.metrics.rollup(all, {
      dims: ['brand'],
      fields: ['n', 'positive', 'negative', 'neutral', 'ratingN', 'ratingSum', 'ratingSumSq'],
    }),
    store.metrics.rollup(all, { dims: ['brand', 'touchpoint'], fields: TP_FIELDS }),
  ]);
  const perBrand = sumBy(byBrand, (r) => r.brandId);
  const total = [...perBrand.values()].reduce((s, c) => s + c.n, 0);
  const own = brands.filter((x) => x.kind === 'own');
  const ownIds = new Set(own.map((x) => x.id));
  const competitors = brands.filter((x) => x.kind !== 'own');
  const tpRows = new Map<string, Map<string, Counters>>();
  for (const r of byTp) {
    if (r.touchpoint === undefined || r.brandId === undefined) continue;
    const m = tpRows.get(r.touchpoint) ?? new Map<string, Counters>();
    m.set(r.brandId, add(m.get(r.brandId) ?? zero(), r.counters));
    tpRows.set(r.touchpoint, m);
  }
  const touchpoints: BenchmarkAnswer['touchpoints'] = [];
  const theirWeakOurStrong: Contrast[] = [];
  const ourWeakTheirStrong: Contrast[] = [];
  const order = [...ctx.touchpoints.keys()];
  for (const key of [...tpRows.keys()].sort((x, y) => order.indexOf(x) - order.indexOf(y))) {
    const m = tpRows.get(key) ?? new Map<string, Counters>();
    const ours = zero();
    for (const [id, c] of m) if (ownIds.has(id)) add(ours, c);
    const ownEstimate = sentimentIndexEstimate(touchpointSentiment(ours));
    const label = ctx.touchpoints.get(key)?.label ?? key;
    const comparisons = competitors.map((x) => {
      const theirs = m.get(x.id) ?? zero();
      // b − a with a = theirs, b = ours: positive when we are better.
      const change = sentimentIndexChange(touchpointSentiment(theirs), touchpointSentiment(ours));
      const estimate = sentimentIndexEstimate(touchpointSentiment(theirs));
      if (change.significant && change.delta !== null) {
        const contrast = {
          touchpoint: key,
          label,
          brandId: x.id,
          name: x.name,
          own: ownEstimate,
          competitor: estimate,
          ...change,
        };
        (change.delta > 0 ? theirWeakOurStrong : ourWeakTheirStrong).push(contrast);
      }
      return { brandId: x.id, name: x.name, estimate, ...change };
    });
    touchpoints.push({ key, label, own: ownEstimate, competitors: comparisons });
  }
  const byGap = (x: Contrast, y: Contrast) => Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0);
  return {
    period: ctx.period,
    own: own.map((x) => ({ id: x.id, name: x.name })),
    brands: brands.map((x) => {
      const c = perBrand.get(x.id) ?? zero();
      return {
        id: x.id,
        name: x.name,
        kind: x.kind === 'own' ? ('own' as const) : ('competitor' as const),
        volume: c.n,
        shareOfVoice: total === 0 ? null : c.n / total,
        stars: meanEstimate(starMoments(c)),
        sentimentIndex: sentimentIndexEstimate(itemSentiment(c)),
      };
    }),
    touchpoints,
    theirWeakOurStrong: theirWeakOurStrong.sort(byGap),
    ourWeakTheirStrong: ourWeakTheirStrong.sort(byGap),
  };
}
