/**
 * The analytics a CX manager reads (issue #13): headline metrics with intervals and their change,
 * trends, slices and movers (this file); the journey heatmap, key drivers and the competitor benchmark
 * beside it. Every figure but the drivers and the last impression comes from the rollups (never a scan
 * of the items); those two read a bounded sample of the newest items. Statistics: `stats.ts` and
 * `drivers.ts` (docs/metrics.md).
 */
import type { CaseFigures, Counters, RollupDim, RollupFilter, RollupRow, Store } from '../ports.js';
import { addDays, bucketOf, bucketsOf, type Bucket, type Period } from './presets.js';
import {
  meanChange,
  meanEstimate,
  MIN_N,
  npsChange,
  npsEstimate,
  proportionChange,
  proportionEstimate,
  sentimentIndexChange,
  sentimentIndexEstimate,
  type Change,
  type Estimate,
} from './stats.js';

import {
  cesMoments,
  contextOf,
  count,
  itemSentiment,
  starMoments,
  sumBy,
  sumRows,
  touchpointSentiment,
  volumeChange,
  zero,
  TP_FIELDS,
  type AnalyticsParams,
  type AnalyticsScope,
  type Context,
} from './context.js';

export type { AnalyticsParams, AnalyticsScope } from './context.js';
export * from './heatmap.js';
export * from './key-drivers.js';
export * from './benchmark.js';

export const METRIC_KEYS = [
  'volume',
  'share_of_voice',
  'sentiment_index',
  'stars',
  'nps',
  'csat',
  'ces',
  'response_rate',
  'first_response_hours',
  'resolution_hours',
  'sla_kept',
  'recovery_rate',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
export const GROUP_BYS = ['brand', 'platform', 'channel', 'language', 'touchpoint', 'stage'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Label and unit of each metric: count, ratio (0–1), index (−1…1), stars (1–5), nps (−100…100), ces (1–7), hours. */
export const METRICS: Record<MetricKey, { label: string; unit: string }> = {
  volume: { label: 'Volume', unit: 'count' },
  share_of_voice: { label: 'Share of voice', unit: 'ratio' },
  sentiment_index: { label: 'Sentiment index', unit: 'index' },
  stars: { label: 'Star rating', unit: 'stars' },
  nps: { label: 'NPS', unit: 'nps' },
  csat: { label: 'CSAT', unit: 'ratio' },
  ces: { label: 'Customer effort (CES)', unit: 'ces' },
  response_rate: { label: 'Response rate', unit: 'ratio' },
  first_response_hours: { label: 'First response', unit: 'hours' },
  resolution_hours: { label: 'Resolution time', unit: 'hours' },
  sla_kept: { label: 'SLA kept', unit: 'ratio' },
  recovery_rate: { label: 'Recovery rate', unit: 'ratio' },
};

/** The metrics that come from the items' rollups (per bucket and per group). */
const ITEM_METRICS = ['volume', 'sentiment_index', 'stars', 'nps', 'csat', 'ces'] as const;
type ItemMetric = (typeof ITEM_METRICS)[number];

/** The estimate of an item metric from rollup sums; `perTouchpoint` rows give the touchpoint's own sentiment. */
function estimateOf(key: ItemMetric, c: Counters, perTouchpoint: boolean): Estimate {
  switch (key) {
    case 'volume':
      return count(c.n);
    case 'sentiment_index':
      return sentimentIndexEstimate(perTouchpoint ? touchpointSentiment(c) : itemSentiment(c));
    case 'stars':
      return meanEstimate(starMoments(c));
    case 'nps':
      return npsEstimate(c);
    case 'csat':
      return proportionEstimate(c.csatSatisfied, c.csatN);
    case 'ces':
      return meanEstimate(cesMoments(c));
  }
}

function changeOf(key: ItemMetric, a: Counters, b: Counters, perTouchpoint: boolean): Change {
  switch (key) {
    case 'volume':
      return volumeChange(a.n, b.n);
    case 'sentiment_index':
      return perTouchpoint
        ? sentimentIndexChange(touchpointSentiment(a), touchpointSentiment(b))
        : sentimentIndexChange(itemSentiment(a), itemSentiment(b));
    case 'stars':
      return meanChange(starMoments(a), starMoments(b));
    case 'nps':
      return npsChange(a, b);
    case 'csat':
      return proportionChange(
        { successes: a.csatSatisfied, n: a.csatN },
        { successes: b.csatSatisfied, n: b.csatN },
      );
    case 'ces':
      return meanChange(cesMoments(a), cesMoments(b));
  }
}

// ---------- GET /metrics ----------

export interface Headline {
  key: MetricKey;
  label: string;
  unit: string;
  estimate: Estimate;
  previous: Estimate | null;
  change: Change | null;
  /** Stars only: how many ratings fell in the 1…5 star bars. */
  distribution?: number[];
}

export interface MetricsAnswer {
  period: Period & { bucket: Bucket };
  previous: Period;
  headline: Headline[];
  series: { key: MetricKey; points: { t: string; estimate: Estimate }[] }[];
  groups?: { key: string; label: string; metrics: Partial<Record<MetricKey, Estimate>> }[];
  movers: {
    touchpoint: string;
    label: string;
    stage: string;
    before: Estimate;
    after: Estimate;
    delta: number | null;
    significant: boolean | null;
  }[];
}

/**
 * Headline metrics of the period with their previous-period change, trend series per bucket,
 * optional slices (`groupBy`) and the touchpoints whose sentiment moved most. With a touchpoint or
 * stage filter the sentiment index is the touchpoint's own sentiment (what customers said about it),
 * the other metrics those of the items that mention it.
 */
export async function metricsOf(
  store: Store,
  scope: AnalyticsScope,
  params: AnalyticsParams & { bucket: Bucket; groupBy?: GroupBy | undefined },
): Promise<MetricsAnswer> {
  const ctx = await contextOf(store, scope, params);
  const perTp = (ctx.filter.touchpoints?.length ?? 0) > 0;
  const { brandIds: _brands, ...allBrands } = ctx.filter;
  const { brandIds: _prevBrands, ...allBrandsPrev } = ctx.prevFilter;
  const [cur, prev, voice, prevVoice, cases, prevCases, series, tpNow, tpBefore] = await Promise.all([
    store.metrics.rollup(ctx.filter, { dims: [] }),
    store.metrics.rollup(ctx.prevFilter, { dims: [] }),
    store.metrics.rollup(allBrands, { dims: ['brand'], fields: ['n'] }),
    store.metrics.rollup(allBrandsPrev, { dims: ['brand'], fields: ['n'] }),
    caseFiguresOf(store, ctx.filter, scope.now),
    caseFiguresOf(store, ctx.prevFilter, scope.now),
    store.metrics.rollup(ctx.filter, { dims: ['bucket'], byDay: params.bucket !== 'month' }),
    store.metrics.rollup(ctx.filter, { dims: ['touchpoint'], fields: TP_FIELDS }),
    store.metrics.rollup(ctx.prevFilter, { dims: ['touchpoint'], fields: TP_FIELDS }),
  ]);
  const a = sumRows(prev);
  const b = sumRows(cur);
  const headline: Headline[] = ITEM_METRICS.map((key) => {
    const previous = estimateOf(key, a, perTp);
    return {
      key,
      ...METRICS[key],
      estimate: estimateOf(key, b, perTp),
      previous,
      change: changeOf(key, a, b, perTp),
      ...(key === 'stars' ? { distribution: [...b.stars] } : {}),
    };
  });
  // Share of voice: the chosen brands (else the own brands) among every brand's items.
  const chosen = new Set(ctx.filter.brandIds ?? ctx.brands.filter((x) => x.kind === 'own').map((x) => x.id));
  const share = (rows: RollupRow[]) => {
    const all = sumRows(rows).n;
    const mine = sumRows(rows.filter((r) => r.brandId !== undefined && chosen.has(r.brandId))).n;
    return { successes: mine, n: all };
  };
  const [va, vb] = [share(prevVoice), share(voice)];
  headline.splice(1, 0, {
    key: 'share_of_voice',
    ...METRICS.share_of_voice,
    estimate: proportionEstimate(vb.successes, vb.n),
    previous: proportionEstimate(va.successes, va.n),
    change: proportionChange(va, vb),
  });
  const caseMetric = (
    key: MetricKey,
    est: (c: typeof cases) => Estimate,
    chg: (x: typeof cases, y: typeof cases) => Change,
  ) =>
    headline.push({
      key,
      ...METRICS[key],
      estimate: est(cases),
      previous: est(prevCases),
      change: chg(prevCases, cases),
    });
  caseMetric(
    'response_rate',
    (c) => proportionEstimate(c.answered, c.opened),
    (x, y) =>
      proportionChange({ successes: x.answered, n: x.opened }, { successes: y.answered, n: y.opened }),
  );
  caseMetric(
    'first_response_hours',
    (c) => hoursEstimate(c.firstResponseHours),
    (x, y) => hoursChange(x.firstResponseHours, y.firstResponseHours),
  );
  caseMetric(
    'resolution_hours',
    (c) => hoursEstimate(c.resolutionHours),
    (x, y) => hoursChange(x.resolutionHours, y.resolutionHours),
  );
  caseMetric(
    'sla_kept',
    (c) => proportionEstimate(c.slaKept, c.slaDecided),
    (x, y) =>
      proportionChange({ successes: x.slaKept, n: x.slaDecided }, { successes: y.slaKept, n: y.slaDecided }),
  );
  caseMetric(
    'recovery_rate',
    (c) => proportionEstimate(c.recovered, c.withOutcome),
    (x, y) =>
      proportionChange(
        { successes: x.recovered, n: x.withOutcome },
        { successes: y.recovered, n: y.withOutcome },
      ),
  );

  const byBucket = sumBy(series, (r) =>
    r.bucket === undefined ? undefined : r.bucket.length === 7 ? r.bucket : bucketOf(r.bucket, params.bucket),
  );
  const buckets = bucketsOf(ctx.period, params.bucket);
  const answer: MetricsAnswer = {
    period: { ...ctx.period, bucket: params.bucket },
    previous: ctx.previous,
    headline,
    series: ITEM_METRICS.map((key) => ({
      key,
      points: buckets.map((t) => ({ t, estimate: estimateOf(key, byBucket.get(t) ?? zero(), perTp) })),
    })),
    movers: movers(ctx, tpBefore, tpNow),
  };
  if (params.groupBy) answer.groups = await groupsOf(store, ctx, params.groupBy, b.n);
  return answer;
}

/** Case figures whose hour sums may come without their squares (from the case rollup): sumSq null. */
type Figures = Omit<CaseFigures, 'firstResponseHours' | 'resolutionHours'> & {
  firstResponseHours: { n: number; sum: number; sumSq: number | null };
  resolutionHours: { n: number; sum: number; sumSq: number | null };
};

/**
 * The figures of the cases opened in the period. Without a brand, platform, channel or touchpoint
 * filter (which the case rollup has no key for) they come from the rollup migration 0014 keeps per
 * day (definitions of core/cases/measures.ts), a few rows at any size, but with no spread of the hours:
 * their means then have no interval. With such a filter, one aggregate query over the cases opened in
 * the period (index cases_opened).
 */
async function caseFiguresOf(store: Store, f: RollupFilter, now: Date): Promise<Figures> {
  if (f.brandIds?.length || f.platforms?.length || f.channels?.length || f.touchpoints?.length)
    return store.metrics.caseFigures(f, now.toISOString());
  const groups = await store.cases.measureGroups(
    f.workspaceId,
    { from: f.from, to: addDays(f.to, 1) },
    now.toISOString(),
  );
  const t = {
    cases: 0,
    answered: 0,
    frSum: 0,
    closed: 0,
    resN: 0,
    resSum: 0,
    slaMet: 0,
    slaMissed: 0,
    slaOpen: 0,
    undecided: 0,
    resolved: 0,
    recovered: 0,
    lost: 0,
  };
  for (const g of groups) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += g[k];
  return {
    opened: t.cases,
    answered: t.answered,
    firstResponseHours: { n: t.answered, sum: t.frSum / 60, sumSq: null },
    closed: t.closed,
    resolutionHours: { n: t.resN, sum: t.resSum / 60, sumSq: null },
    // Unanswered and past due counts as missed, as slaMet() decides.
    slaDecided: t.slaMet + t.slaMissed + (t.slaOpen - t.undecided),
    slaKept: t.slaMet,
    withOutcome: t.resolved + t.recovered + t.lost,
    recovered: t.recovered,
  };
}

const hoursEstimate = (m: Figures['firstResponseHours']): Estimate =>
  m.sumSq === null
    ? { value: m.n === 0 ? null : m.sum / m.n, low: null, high: null, n: m.n, enough: m.n >= MIN_N }
    : meanEstimate({ n: m.n, sum: m.sum, sumSq: m.sumSq });

function hoursChange(a: Figures['firstResponseHours'], b: Figures['firstResponseHours']): Change {
  if (a.sumSq === null || b.sumSq === null)
    return { delta: a.n > 0 && b.n > 0 ? b.sum / b.n - a.sum / a.n : null, pValue: null, significant: null };
  return meanChange({ n: a.n, sum: a.sum, sumSq: a.sumSq }, { n: b.n, sum: b.sum, sumSq: b.sumSq });
}

async function groupsOf(store: Store, ctx: Context, groupBy: GroupBy, total: number) {
  const dim: RollupDim = groupBy === 'stage' ? 'touchpoint' : groupBy;
  const rows = await store.metrics.rollup(ctx.filter, { dims: [dim] });
  const perTp = dim === 'touchpoint' || (ctx.filter.touchpoints?.length ?? 0) > 0;
  const keyOf = (r: RollupRow): string | undefined => {
    if (groupBy === 'stage')
      return r.touchpoint === undefined ? undefined : ctx.touchpoints.get(r.touchpoint)?.stage;
    const v = r[dim === 'brand' ? 'brandId' : dim];
    return groupBy === 'language' && v === '' ? 'unknown' : v;
  };
  const labelOf = (key: string): string => {
    if (groupBy === 'brand') return ctx.brands.find((x) => x.id === key)?.name ?? key;
    if (groupBy === 'touchpoint') return ctx.touchpoints.get(key)?.label ?? key;
    if (groupBy === 'stage') return ctx.stages.find((s) => s.key === key)?.name ?? key;
    return key;
  };
  return [...sumBy(rows, keyOf)]
    .map(([key, c]) => ({ key, c, label: labelOf(key) }))
    .sort((x, y) => y.c.n - x.c.n || x.label.localeCompare(y.label))
    .map(({ key, c, label }) => {
      const metrics: Partial<Record<MetricKey, Estimate>> = {};
      for (const m of ITEM_METRICS) metrics[m] = estimateOf(m, c, perTp);
      // Of all items in the period (a touchpoint's mentions over items: how often it comes up).
      metrics.share_of_voice = proportionEstimate(Math.min(c.n, total), total);
      return { key, label, metrics };
    });
}

/** Touchpoints whose own sentiment moved most since the previous period, significant ones first. */
function movers(ctx: Context, before: RollupRow[], after: RollupRow[]): MetricsAnswer['movers'] {
  const a = sumBy(before, (r) => r.touchpoint);
  const b = sumBy(after, (r) => r.touchpoint);
  const out: MetricsAnswer['movers'] = [];
  for (const [key, now] of b) {
    const then = a.get(key);
    if (!then) continue;
    const change = sentimentIndexChange(touchpointSentiment(then), touchpointSentiment(now));
    if (change.delta === null) continue;
    const tp = ctx.touchpoints.get(key);
    out.push({
      touchpoint: key,
      label: tp?.label ?? key,
      stage: tp?.stage ?? '',
      before: sentimentIndexEstimate(touchpointSentiment(then)),
      after: sentimentIndexEstimate(touchpointSentiment(now)),
      delta: change.delta,
      significant: change.significant,
    });
  }
  out.sort(
    (x, y) =>
      Number(y.significant === true) - Number(x.significant === true) ||
      Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0),
  );
  return out.slice(0, 10);
}
