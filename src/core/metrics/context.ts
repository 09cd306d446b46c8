/**
 * What every analytics view shares (issue #13): the period and filters resolved against the
 * workspace (brand slugs, stages, the journey's touchpoints), the sample sizes, and sums of rollup rows.
 */
import type { Counters, RollupFilter, RollupRow, Store } from '../ports.js';
import type { Brand, JourneyStage } from '../types.js';
import { invalidParam, previousPeriod, resolvePeriod, type Period, type Preset } from './presets.js';
import { type Change, type Estimate } from './stats.js';

/** The period and filters every analytics endpoint takes (lists are OR within a filter). */
export interface AnalyticsParams {
  preset: Preset;
  from?: string | undefined;
  to?: string | undefined;
  /** Brand slugs or ids. */
  brand?: string[] | undefined;
  platform?: string[] | undefined;
  channel?: string[] | undefined;
  /** Language codes; 'unknown' for items whose language was not identified. */
  language?: string[] | undefined;
  touchpoint?: string[] | undefined;
  stage?: string[] | undefined;
  /** A segment of the workspace (issue #14; the caller checked it): only its members' items. */
  segment?: string | undefined;
}

/** Who asks and when: `now` decides what "last 7 days" means (UTC). */
export interface AnalyticsScope {
  workspaceId: string;
  now: Date;
}

/**
 * Sample sizes of the analyses that read items rather than rollups: the newest rated items (drivers)
 * and the newest items with an author (last impression). Bounded so the answer costs the same at any
 * size (measured ~1 s for 20,000 on a loaded 2-core machine, so 5,000 each); 5,000 rated items
 * still give each kept touchpoint its 30 mentions and a relative-weight standard error of a few points.
 */
export const DRIVER_SAMPLE = 5_000;
export const LAST_IMPRESSION_SAMPLE = 5_000;
/** The counters a touchpoint's own sentiment needs. */
export const TP_FIELDS = ['n', 'tpPositive', 'tpNegative', 'tpNeutral'] as const;
export const DRIVER_MIN_ITEMS = 100;
export const DRIVER_MIN_R2 = 0.05;
export const LAST_IMPRESSION_MIN_CUSTOMERS = 100;

export interface Context {
  period: Period;
  previous: Period;
  filter: RollupFilter;
  prevFilter: RollupFilter;
  stages: JourneyStage[];
  brands: Brand[];
  /** Touchpoint key → its label and the key and position of its stage. */
  touchpoints: Map<string, { label: string; stage: string; stageLabel: string; position: number }>;
}

export const count = (n: number): Estimate => ({ value: n, low: null, high: null, n, enough: n > 0 });
export const volumeChange = (a: number, b: number): Change => ({
  delta: b - a,
  pValue: null,
  significant: null,
});

export const itemSentiment = (c: Counters) => ({
  positive: c.positive,
  negative: c.negative,
  n: c.positive + c.negative + c.neutral,
});
export const touchpointSentiment = (c: Counters) => ({
  positive: c.tpPositive,
  negative: c.tpNegative,
  n: c.tpPositive + c.tpNegative + c.tpNeutral,
});
export const starMoments = (c: Counters) => ({ n: c.ratingN, sum: c.ratingSum, sumSq: c.ratingSumSq });
export const cesMoments = (c: Counters) => ({ n: c.cesN, sum: c.cesSum, sumSq: c.cesSumSq });

export function sumRows(rows: readonly RollupRow[]): Counters {
  const c = zero();
  for (const r of rows) add(c, r.counters);
  return c;
}

export function zero(): Counters {
  return {
    n: 0,
    positive: 0,
    negative: 0,
    neutral: 0,
    ratingN: 0,
    ratingSum: 0,
    ratingSumSq: 0,
    stars: [0, 0, 0, 0, 0],
    npsN: 0,
    promoters: 0,
    passives: 0,
    detractors: 0,
    csatN: 0,
    csatSatisfied: 0,
    cesN: 0,
    cesSum: 0,
    cesSumSq: 0,
    tpPositive: 0,
    tpNegative: 0,
    tpNeutral: 0,
  };
}

export function add(a: Counters, b: Counters): Counters {
  for (const k of Object.keys(a) as (keyof Counters)[]) {
    if (k === 'stars') a.stars = a.stars.map((x, i) => x + (b.stars[i] ?? 0)) as Counters['stars'];
    else a[k] += b[k];
  }
  return a;
}

/** Sums rows by a key; rows whose key is undefined are dropped. */
export function sumBy(
  rows: readonly RollupRow[],
  key: (r: RollupRow) => string | undefined,
): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    out.set(k, add(out.get(k) ?? zero(), r.counters));
  }
  return out;
}

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Resolves the period, the previous one and the filters (brand slugs, stages) against the workspace. */
export async function contextOf(store: Store, scope: AnalyticsScope, p: AnalyticsParams): Promise<Context> {
  const { workspaceId } = scope;
  const [stages, brands] = await Promise.all([
    store.taxonomy.stages(workspaceId),
    store.brands.list(workspaceId),
  ]);
  const span = p.preset === 'all' ? await store.metrics.span(workspaceId) : null;
  const period = resolvePeriod(p.preset, p, todayOf(scope.now), span);
  const previous = previousPeriod(period);
  const touchpoints = new Map<
    string,
    { label: string; stage: string; stageLabel: string; position: number }
  >();
  for (const s of stages)
    for (const t of s.touchpoints)
      touchpoints.set(t.key, { label: t.name, stage: s.key, stageLabel: s.name, position: s.position });

  let brandIds: string[] | undefined;
  if (p.brand?.length) {
    brandIds = p.brand.map((b) => {
      const found = brands.find((x) => x.id === b || x.slug === b);
      if (!found) throw invalidParam('brand', `no brand "${b}" in this workspace`);
      return found.id;
    });
  }
  let tps: string[] | undefined = p.touchpoint?.length ? [...p.touchpoint] : undefined;
  for (const t of tps ?? [])
    if (!touchpoints.has(t)) throw invalidParam('touchpoint', `no touchpoint "${t}" in the journey`);
  if (p.stage?.length) {
    const inStages = new Set<string>();
    for (const key of p.stage) {
      const stage = stages.find((s) => s.key === key);
      if (!stage) throw invalidParam('stage', `no stage "${key}" in the journey`);
      for (const t of stage.touchpoints) inStages.add(t.key);
    }
    tps = tps ? tps.filter((t) => inStages.has(t)) : [...inStages];
    // A stage without touchpoints, or touchpoints outside the stages: nothing matches.
    if (tps.length === 0) tps = ['\u0000none'];
  }
  const filter: RollupFilter = {
    workspaceId,
    ...period,
    brandIds,
    platforms: p.platform,
    channels: p.channel,
    languages: p.language?.map((l) => (l === 'unknown' ? '' : l)),
    touchpoints: tps,
    segment: p.segment,
  };
  return { period, previous, filter, prevFilter: { ...filter, ...previous }, stages, brands, touchpoints };
}
