/**
 * The analytics a CX manager reads (issue #13): headline metrics with intervals and their change,
 * trends, slices, movers, the journey heatmap, key drivers and the competitor benchmark. Every figure
 * but the drivers and the last impression comes from the rollups (never a scan of the items); those two
 * read a bounded sample of the newest items. Statistics: `stats.ts` and `drivers.ts` (docs/metrics.md).
 */
import type {
  CaseFigures,
  Counters,
  RollupDim,
  RollupFilter,
  RollupRow,
  SampleItem,
  Store,
} from '../ports.js';
import type { Brand, JourneyStage } from '../types.js';
import {
  lastImpressionWeight,
  quadrant,
  quadrantMids,
  relativeWeights,
  RelativeWeightsError,
} from './drivers.js';
import {
  addDays,
  bucketOf,
  bucketsOf,
  invalidParam,
  previousPeriod,
  resolvePeriod,
  type Bucket,
  type Period,
  type Preset,
} from './presets.js';
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
}

/** Who asks and when: `now` decides what "last 7 days" means (UTC). */
export interface AnalyticsScope {
  workspaceId: string;
  now: Date;
}

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

/**
 * Sample sizes of the analyses that read items rather than rollups: the newest rated items (drivers)
 * and the newest items with an author (last impression). Bounded so the answer costs the same at any
 * size (measured ~1 s for 20,000 on a loaded 2-core machine, so 5,000 each); 5,000 rated items
 * still give each kept touchpoint its 30 mentions and a relative-weight standard error of a few points.
 */
export const DRIVER_SAMPLE = 5_000;
export const LAST_IMPRESSION_SAMPLE = 5_000;
/** The counters a touchpoint's own sentiment needs. */
const TP_FIELDS = ['n', 'tpPositive', 'tpNegative', 'tpNeutral'] as const;
export const DRIVER_MIN_ITEMS = 100;
export const DRIVER_MIN_R2 = 0.05;
export const LAST_IMPRESSION_MIN_CUSTOMERS = 100;

interface Context {
  period: Period;
  previous: Period;
  filter: RollupFilter;
  prevFilter: RollupFilter;
  stages: JourneyStage[];
  brands: Brand[];
  /** Touchpoint key → its label and the key and position of its stage. */
  touchpoints: Map<string, { label: string; stage: string; stageLabel: string; position: number }>;
}

const count = (n: number): Estimate => ({ value: n, low: null, high: null, n, enough: n > 0 });
const volumeChange = (a: number, b: number): Change => ({ delta: b - a, pValue: null, significant: null });

const itemSentiment = (c: Counters) => ({
  positive: c.positive,
  negative: c.negative,
  n: c.positive + c.negative + c.neutral,
});
const touchpointSentiment = (c: Counters) => ({
  positive: c.tpPositive,
  negative: c.tpNegative,
  n: c.tpPositive + c.tpNegative + c.tpNeutral,
});
const starMoments = (c: Counters) => ({ n: c.ratingN, sum: c.ratingSum, sumSq: c.ratingSumSq });
const cesMoments = (c: Counters) => ({ n: c.cesN, sum: c.cesSum, sumSq: c.cesSumSq });

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

function sumRows(rows: readonly RollupRow[]): Counters {
  const c = zero();
  for (const r of rows) add(c, r.counters);
  return c;
}

function zero(): Counters {
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

function add(a: Counters, b: Counters): Counters {
  for (const k of Object.keys(a) as (keyof Counters)[]) {
    if (k === 'stars') a.stars = a.stars.map((x, i) => x + (b.stars[i] ?? 0)) as Counters['stars'];
    else a[k] += b[k];
  }
  return a;
}

/** Sums rows by a key; rows whose key is undefined are dropped. */
function sumBy(rows: readonly RollupRow[], key: (r: RollupRow) => string | undefined): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    out.set(k, add(out.get(k) ?? zero(), r.counters));
  }
  return out;
}

const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Resolves the period, the previous one and the filters (brand slugs, stages) against the workspace. */
async function contextOf(store: Store, scope: AnalyticsScope, p: AnalyticsParams): Promise<Context> {
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
  };
  return { period, previous, filter, prevFilter: { ...filter, ...previous }, stages, brands, touchpoints };
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

// ---------- GET /journey/heatmap ----------

export interface HeatmapAnswer {
  period: Period;
  previous: Period;
  stages: { key: string; label: string; touchpoints: { key: string; label: string }[] }[];
  cells: {
    stage: string;
    touchpoint: string;
    volume: number;
    sentimentIndex: Estimate;
    change: Change | null;
  }[];
  weakest: { stage: string; touchpoint: string; label: string; reason: string } | null;
  lastImpression: {
    lastStageWeight: number | null;
    firstStagesWeight: number | null;
    r2: number | null;
    n: number;
    enough: boolean;
    note: string | null;
  };
}

const fmt = (x: number | null) => (x === null ? '—' : (Math.round(x * 100) / 100).toFixed(2));

/**
 * Stages × touchpoints of the workspace's journey: mentions and the touchpoint's sentiment index with
 * its change; the weakest link (the cell whose sentiment is surely lowest: the lowest upper bound among
 * cells with enough data); and the weight of the last impression.
 */
export async function heatmapOf(
  store: Store,
  scope: AnalyticsScope,
  params: AnalyticsParams,
): Promise<HeatmapAnswer> {
  const ctx = await contextOf(store, scope, params);
  const [now, before, sample] = await Promise.all([
    store.metrics.rollup(ctx.filter, { dims: ['touchpoint'], fields: TP_FIELDS }),
    store.metrics.rollup(ctx.prevFilter, { dims: ['touchpoint'], fields: TP_FIELDS }),
    store.metrics.sample(ctx.filter, { limit: LAST_IMPRESSION_SAMPLE, repeatAuthors: true }),
  ]);
  const b = sumBy(now, (r) => r.touchpoint);
  const a = sumBy(before, (r) => r.touchpoint);
  const only = ctx.filter.touchpoints ? new Set(ctx.filter.touchpoints) : null;
  const stages = ctx.stages
    .map((s) => ({
      key: s.key,
      label: s.name,
      touchpoints: s.touchpoints
        .filter((t) => !only || only.has(t.key))
        .map((t) => ({ key: t.key, label: t.name })),
    }))
    .filter((s) => s.touchpoints.length > 0);
  const cells: HeatmapAnswer['cells'] = [];
  for (const s of stages) {
    for (const t of s.touchpoints) {
      const c = b.get(t.key) ?? zero();
      const p = a.get(t.key);
      const change = p ? sentimentIndexChange(touchpointSentiment(p), touchpointSentiment(c)) : null;
      cells.push({
        stage: s.key,
        touchpoint: t.key,
        volume: c.n,
        sentimentIndex: sentimentIndexEstimate(touchpointSentiment(c)),
        change: change && change.delta !== null ? change : null,
      });
    }
  }
  let weakest: HeatmapAnswer['weakest'] = null;
  const candidates = cells.filter((c) => c.sentimentIndex.enough && c.sentimentIndex.high !== null);
  candidates.sort((x, y) => (x.sentimentIndex.high ?? 0) - (y.sentimentIndex.high ?? 0));
  const worst = candidates[0];
  if (worst) {
    const tp = ctx.touchpoints.get(worst.touchpoint);
    const e = worst.sentimentIndex;
    weakest = {
      stage: worst.stage,
      touchpoint: worst.touchpoint,
      label: `${tp?.stageLabel ?? worst.stage} › ${tp?.label ?? worst.touchpoint}`,
      reason: `Sentiment index ${fmt(e.value)} (95 % interval ${fmt(e.low)} to ${fmt(e.high)}) over ${e.n} mentions: the lowest upper bound of the ${candidates.length} touchpoints with enough data.`,
    };
  }
  return {
    period: ctx.period,
    previous: ctx.previous,
    stages,
    cells,
    weakest,
    lastImpression: lastImpressionOf(ctx, sample),
  };
}

/**
 * Per customer (author handle) with ≥ 2 items in the sample: the mean touchpoint sentiment at the
 * last stage they reached and over the stages before it, against their latest rating (stars, else
 * NPS answer over 2 so both read 0–5); Johnson's weights of [last, first].
 */
function lastImpressionOf(ctx: Context, sample: readonly SampleItem[]): HeatmapAnswer['lastImpression'] {
  const byAuthor = new Map<string, SampleItem[]>();
  for (const item of sample) {
    if (!item.authorHandle) continue;
    const list = byAuthor.get(item.authorHandle) ?? [];
    list.push(item);
    byAuthor.set(item.authorHandle, list);
  }
  const rows: { last: number; first: number; rating: number }[] = [];
  for (const items of byAuthor.values()) {
    if (items.length < 2) continue;
    items.sort((x, y) => x.postedAt.localeCompare(y.postedAt));
    const mentions = items.flatMap((i) =>
      i.touchpoints.flatMap((t) => {
        const tp = ctx.touchpoints.get(t.key);
        return tp ? [{ position: tp.position, score: t.score }] : [];
      }),
    );
    if (mentions.length === 0) continue;
    const lastPosition = Math.max(...mentions.map((m) => m.position));
    const last = mentions.filter((m) => m.position === lastPosition);
    const first = mentions.filter((m) => m.position < lastPosition);
    const rated = [...items].reverse().find((i) => i.rating !== null || i.npsScore !== null);
    if (first.length === 0 || !rated) continue;
    const mean = (xs: { score: number }[]) => xs.reduce((s, x) => s + x.score, 0) / xs.length;
    rows.push({ last: mean(last), first: mean(first), rating: rated.rating ?? (rated.npsScore ?? 0) / 2 });
  }
  const w = lastImpressionWeight(rows);
  const enough = w.enough && rows.length >= LAST_IMPRESSION_MIN_CUSTOMERS;
  return {
    ...w,
    enough,
    note: enough
      ? `${rows.length} customers with items at two or more stages; the last stage explains ${Math.round((w.lastStageWeight ?? 0) * 100)} % of the explained variance of their rating.`
      : `Not enough data: ${rows.length} customers wrote about two or more stages and gave a rating (${LAST_IMPRESSION_MIN_CUSTOMERS} needed).`,
  };
}

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
  const sample = await store.metrics.sample(ctx.filter, { limit: DRIVER_SAMPLE, rated: params.target });
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
