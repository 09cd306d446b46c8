/**
 * The analytics API (issue #13): metrics, the journey heatmap, key drivers and the competitor
 * benchmark, each also as CSV (`format=csv`). Session or API key with the `analytics:read` scope.
 */
import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../../core/auth/index.js';
import {
  benchmarkOf,
  driversOf,
  heatmapOf,
  metricsOf,
  type AnalyticsParams,
  type BenchmarkAnswer,
  type DriversAnswer,
  type HeatmapAnswer,
  type MetricsAnswer,
} from '../../core/metrics/queries.js';
import type { Estimate } from '../../core/metrics/stats.js';
import { toCsv, type CsvCell } from '../csv.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { problems, SECURITY } from './common.schema.js';
import {
  AnalyticsQuery,
  BenchmarkSchema,
  DriversQuery,
  DriversSchema,
  HeatmapSchema,
  jsonOrCsv,
  MetricsQuery,
  MetricsSchema,
} from './metrics.schema.js';
import { segmentFilter } from '../../core/customers/segments.js';

const route = (path: string, summary: string) => ({
  method: 'get' as const,
  path,
  tags: ['analytics'],
  summary,
  security: SECURITY,
});
const failures = problems(400, 401, 403);

const metricsRoute = createRoute({
  ...route(
    '/metrics',
    'Headline metrics with 95 % intervals and change against the previous period, trends, slices and movers',
  ),
  request: { query: MetricsQuery },
  responses: { 200: jsonOrCsv(MetricsSchema, 'Metrics'), ...failures },
});
const heatmapRoute = createRoute({
  ...route(
    '/journey/heatmap',
    "Stages × touchpoints: mentions and sentiment index with its change, the weakest link and the last impression's weight",
  ),
  request: { query: AnalyticsQuery },
  responses: { 200: jsonOrCsv(HeatmapSchema, 'Journey heatmap'), ...failures },
});
const driversRoute = createRoute({
  ...route(
    '/drivers',
    "Key drivers: Johnson's relative weights of the touchpoints' sentiment on stars or NPS, with the importance × performance quadrant",
  ),
  request: { query: DriversQuery },
  responses: { 200: jsonOrCsv(DriversSchema, 'Key drivers'), ...failures },
});
const benchmarkRoute = createRoute({
  ...route(
    '/benchmark',
    'Own brands against each competitor: volume, share of voice, stars, sentiment per touchpoint with significance',
  ),
  request: { query: AnalyticsQuery },
  responses: { 200: jsonOrCsv(BenchmarkSchema, 'Competitor benchmark'), ...failures },
});

/** Authenticates, authorizes `analytics:read`, and hands back the workspace and the clock's now. */
async function scopeOf(c: Context<AppEnv>) {
  const p = await workspacePrincipal(c);
  authorize(p, 'analytics:read');
  const runtime = c.get('runtime');
  // A segment of another workspace reads like none (404), as everywhere.
  await segmentFilter(runtime.store.segments, p.workspaceId, c.req.query('segment'));
  return { store: runtime.store, scope: { workspaceId: p.workspaceId, now: runtime.clock.now() } };
}

const params = (q: z.infer<typeof AnalyticsQuery>): AnalyticsParams => ({
  preset: q.preset,
  from: q.from,
  to: q.to,
  brand: q.brand,
  platform: q.platform,
  channel: q.channel,
  language: q.language,
  touchpoint: q.touchpoint,
  stage: q.stage,
  segment: q.segment,
});

const estimateCells = (e: Estimate | null | undefined): CsvCell[] =>
  e ? [e.value, e.low, e.high, e.n, e.enough] : [null, null, null, null, null];
const ESTIMATE = ['value', 'low', 'high', 'n', 'enough'];

function csv(c: Context<AppEnv>, name: string, text: string) {
  return c.body(text, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}.csv"`,
  });
}

function metricsCsv(m: MetricsAnswer): string {
  const rows: CsvCell[][] = [];
  for (const h of m.headline)
    rows.push([
      'headline',
      h.key,
      h.label,
      h.unit,
      `${m.period.from}..${m.period.to}`,
      ...estimateCells(h.estimate),
      h.change?.delta,
      h.change?.pValue,
      h.change?.significant,
    ]);
  for (const s of m.series)
    for (const p of s.points)
      rows.push(['series', s.key, s.key, '', p.t, ...estimateCells(p.estimate), null, null, null]);
  for (const g of m.groups ?? [])
    for (const [key, e] of Object.entries(g.metrics))
      rows.push(['group', key, g.label, '', g.key, ...estimateCells(e), null, null, null]);
  for (const mv of m.movers)
    rows.push([
      'mover',
      mv.touchpoint,
      mv.label,
      'index',
      mv.stage,
      ...estimateCells(mv.after),
      mv.delta,
      null,
      mv.significant,
    ]);
  return toCsv(
    ['section', 'key', 'label', 'unit', 'slice', ...ESTIMATE, 'delta', 'p_value', 'significant'],
    rows,
  );
}

function heatmapCsv(h: HeatmapAnswer): string {
  const labels = new Map(h.stages.flatMap((s) => s.touchpoints.map((t) => [t.key, t.label] as const)));
  return toCsv(
    [
      'stage',
      'touchpoint',
      'label',
      'volume',
      ...ESTIMATE.map((x) => `sentiment_index_${x}`),
      'delta',
      'p_value',
      'significant',
    ],
    h.cells.map((c) => [
      c.stage,
      c.touchpoint,
      labels.get(c.touchpoint) ?? c.touchpoint,
      c.volume,
      ...estimateCells(c.sentimentIndex),
      c.change?.delta,
      c.change?.pValue,
      c.change?.significant,
    ]),
  );
}

function driversCsv(d: DriversAnswer): string {
  return toCsv(
    [
      'touchpoint',
      'label',
      'stage',
      'raw_weight',
      'share',
      ...ESTIMATE.map((x) => `performance_${x}`),
      'mentions',
      'quadrant',
      'target',
      'r2',
    ],
    d.drivers.map((x) => [
      x.touchpoint,
      x.label,
      x.stage,
      x.rawWeight,
      x.share,
      ...estimateCells(x.performance),
      x.mentions,
      x.quadrant,
      d.target,
      d.r2,
    ]),
  );
}

function benchmarkCsv(b: BenchmarkAnswer): string {
  const rows: CsvCell[][] = [];
  for (const x of b.brands) {
    rows.push([
      'brand',
      '',
      x.name,
      x.kind,
      'stars',
      ...estimateCells(x.stars),
      x.volume,
      x.shareOfVoice,
      null,
      null,
      null,
    ]);
    rows.push([
      'brand',
      '',
      x.name,
      x.kind,
      'sentiment_index',
      ...estimateCells(x.sentimentIndex),
      x.volume,
      x.shareOfVoice,
      null,
      null,
      null,
    ]);
  }
  for (const t of b.touchpoints) {
    rows.push([
      'touchpoint',
      t.key,
      'own',
      'own',
      'sentiment_index',
      ...estimateCells(t.own),
      null,
      null,
      null,
      null,
      null,
    ]);
    for (const x of t.competitors)
      rows.push([
        'touchpoint',
        t.key,
        x.name,
        'competitor',
        'sentiment_index',
        ...estimateCells(x.estimate),
        null,
        null,
        x.delta,
        x.pValue,
        x.significant,
      ]);
  }
  return toCsv(
    [
      'section',
      'touchpoint',
      'brand',
      'kind',
      'metric',
      ...ESTIMATE,
      'volume',
      'share_of_voice',
      'delta_ours_minus_theirs',
      'p_value',
      'significant',
    ],
    rows,
  );
}

export const metricsRoutes = router()
  .openapi(metricsRoute, async (c) => {
    const { store, scope } = await scopeOf(c);
    const q = c.req.valid('query');
    const answer = await metricsOf(store, scope, { ...params(q), bucket: q.bucket, groupBy: q.groupBy });
    if (q.format === 'csv') return csv(c, 'metrics', metricsCsv(answer));
    return c.json(answer, 200);
  })
  .openapi(heatmapRoute, async (c) => {
    const { store, scope } = await scopeOf(c);
    const q = c.req.valid('query');
    const answer = await heatmapOf(store, scope, params(q));
    if (q.format === 'csv') return csv(c, 'journey-heatmap', heatmapCsv(answer));
    return c.json(answer, 200);
  })
  .openapi(driversRoute, async (c) => {
    const { store, scope } = await scopeOf(c);
    const q = c.req.valid('query');
    const answer = await driversOf(store, scope, { ...params(q), target: q.target });
    if (q.format === 'csv') return csv(c, 'key-drivers', driversCsv(answer));
    return c.json(answer, 200);
  })
  .openapi(benchmarkRoute, async (c) => {
    const { store, scope } = await scopeOf(c);
    const q = c.req.valid('query');
    const answer = await benchmarkOf(store, scope, params(q));
    if (q.format === 'csv') return csv(c, 'benchmark', benchmarkCsv(answer));
    return c.json(answer, 200);
  });
