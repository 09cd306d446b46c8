/** Key-driver analysis over a bounded sample of rated items (issue #13). */
import type { Store } from '../ports.js';
import { quadrant, quadrantMids, relativeWeights, RelativeWeightsError } from './drivers.js';
import { type Period } from './presets.js';
import { MIN_N, sentimentIndexEstimate, type Estimate } from './stats.js';

import {
  contextOf,
  DRIVER_MIN_ITEMS,
  DRIVER_MIN_R2,
  DRIVER_SAMPLE,
  type AnalyticsParams,
  type AnalyticsScope,
} from './context.js';

// ---------- GET /drivers ----------

export interface DriversAnswer {
  period: Period;
  target: 'stars' | 'nps';
  n: number;
  r2: number | null;
  enough: boolean;
  warning: string | null;
  drivers: {
    touchpoint: string;
    label: string;
    stage: string;
    rawWeight: number;
    share: number;
    performance: Estimate;
    mentions: number;
    quadrant: ReturnType<typeof quadrant>;
  }[];
}

/**
 * Key drivers of the star rating or NPS answer: Johnson's relative weights of the touchpoints'
 * sentiment (0 where not mentioned) over the newest ≤ 5,000 rated items of the filter, with only
 * touchpoints mentioned by ≥ 30 of them; performance is the touchpoint's sentiment index there.
 */
export async function driversOf(
  store: Store,
  scope: AnalyticsScope,
  params: AnalyticsParams & { target: 'stars' | 'nps' },
): Promise<DriversAnswer> {
  const ctx = await contextOf(store, scope, params);
  const sample = await store.metrics.driverSample(ctx.filter, { limit: DRIVER_SAMPLE, rated: params.target });
  const mentions = new Map<string, { n: number; positive: number; negative: number }>();
  for (const item of sample)
    for (const t of item.touchpoints) {
      const m = mentions.get(t.key) ?? { n: 0, positive: 0, negative: 0 };
      m.n++;
      if (t.label === 'positive') m.positive++;
      if (t.label === 'negative') m.negative++;
      mentions.set(t.key, m);
    }
  const keys = [...mentions].filter(([, m]) => m.n >= MIN_N).map(([k]) => k);
  const base = { period: ctx.period, target: params.target, n: sample.length };
  if (keys.length === 0)
    return {
      ...base,
      r2: null,
      enough: false,
      warning: `Not enough data: no touchpoint is mentioned by ${MIN_N} or more of the ${sample.length} rated items.`,
      drivers: [],
    };
  const rows = sample.map((item) => keys.map((k) => item.touchpoints.find((t) => t.key === k)?.score ?? 0));
  const y = sample.map((item) => (params.target === 'stars' ? (item.rating ?? 0) : (item.npsScore ?? 0)));
  let rw;
  try {
    rw = relativeWeights(rows, y);
  } catch (e) {
    if (e instanceof RelativeWeightsError)
      return { ...base, r2: null, enough: false, warning: `Not enough data: ${e.message}.`, drivers: [] };
    throw e;
  }
  const drivers = keys.map((k, i) => {
    const m = mentions.get(k) ?? { n: 0, positive: 0, negative: 0 };
    const tp = ctx.touchpoints.get(k);
    return {
      touchpoint: k,
      label: tp?.label ?? k,
      stage: tp?.stage ?? '',
      rawWeight: rw.weights[i] ?? 0,
      share: rw.rescaled[i] ?? 0,
      performance: sentimentIndexEstimate(m),
      mentions: m.n,
    };
  });
  const mids = quadrantMids(
    drivers.map((d) => ({ importance: d.share, performance: d.performance.value ?? 0 })),
  );
  const warnings: string[] = [];
  if (sample.length < DRIVER_MIN_ITEMS)
    warnings.push(`only ${sample.length} rated items (${DRIVER_MIN_ITEMS} needed)`);
  if (rw.r2 < DRIVER_MIN_R2)
    warnings.push(
      `the touchpoints explain ${(rw.r2 * 100).toFixed(1)} % of the ${params.target === 'stars' ? 'rating' : 'NPS answer'} (R² below ${DRIVER_MIN_R2})`,
    );
  return {
    ...base,
    r2: rw.r2,
    enough: warnings.length === 0,
    warning: warnings.length > 0 ? `Too thin to trust: ${warnings.join('; ')}.` : null,
    drivers: drivers
      .map((d) => ({
        ...d,
        quadrant: quadrant(d.share, d.performance.value ?? 0, mids.impMid, mids.perfMid),
      }))
      .sort((x, y2) => y2.share - x.share),
  };
}
