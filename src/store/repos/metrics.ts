/**
 * Reads of analytics (issue #13): sums of the rollups over a period (whole months from month rows,
 * the days at the edges from day rows), a bounded sample of recent items for the driver analyses, and
 * the figures of the cases opened in a period in one aggregate query.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SentimentLabel } from '../../analysis/types.js';
import type {
  CaseFigures,
  Counters,
  MetricsRepo,
  RollupDim,
  RollupFilter,
  RollupRow,
  DriverSampleItem,
  SampleItem,
} from '../../core/ports.js';
import { add, zero } from '../../core/metrics/context.js';
import type { DB } from '../schema.js';
import type { CaseTables } from './case-tables.js';
import { readDriverSamples } from './driver-samples.js';
import { AGGREGATES, bucketExpr } from './rollups.js';
import type { Conn } from './util.js';

const DIM_COLUMN: Record<RollupDim, string> = {
  bucket: 'bucket',
  brand: 'brand_id',
  platform: 'platform',
  channel: 'channel',
  language: 'language',
  touchpoint: 'touchpoint_key',
};

const COUNTER_COLUMNS = {
  n: 'n',
  positive: 'positive',
  negative: 'negative',
  neutral: 'neutral',
  ratingN: 'rating_n',
  ratingSum: 'rating_sum',
  ratingSumSq: 'rating_sumsq',
  r1: 'r1',
  r2: 'r2',
  r3: 'r3',
  r4: 'r4',
  r5: 'r5',
  npsN: 'nps_n',
  promoters: 'promoters',
  passives: 'passives',
  detractors: 'detractors',
  csatN: 'csat_n',
  csatSatisfied: 'csat_sat',
  cesN: 'ces_n',
  cesSum: 'ces_sum',
  cesSumSq: 'ces_sumsq',
} as const;
const TP_COUNTER_COLUMNS = {
  tpPositive: 'tp_positive',
  tpNegative: 'tp_negative',
  tpNeutral: 'tp_neutral',
} as const;

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const prevDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The rollup ranges that cover the days `from`…`to` (inclusive) exactly once: the whole months
 * inside as one month range, the days before and after them as day ranges.
 */
export function coverRanges(from: string, to: string): { grain: 'd' | 'm'; from: string; to: string }[] {
  if (from > to) return [];
  // The first full month starts at the first '-01' on or after `from`; the last ends on or before `to`.
  const firstStart = from.endsWith('-01') ? from : firstOfNextMonth(from);
  const lastEnd = nextDay(to).endsWith('-01') ? to : prevDay(`${to.slice(0, 7)}-01`);
  if (firstStart > lastEnd) return [{ grain: 'd', from, to }];
  const out: { grain: 'd' | 'm'; from: string; to: string }[] = [];
  if (from < firstStart) out.push({ grain: 'd', from, to: prevDay(firstStart) });
  out.push({ grain: 'm', from: firstStart.slice(0, 7), to: lastEnd.slice(0, 7) });
  if (lastEnd < to) out.push({ grain: 'd', from: nextDay(lastEnd), to });
  return out;
}

function firstOfNextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

type AnyDb = Kysely<DB & Pick<CaseTables, 'cases'>>;

/** The columns of a sample row's touchpoint (a LEFT JOIN on item_touchpoints `it`: null where none). */
const TOUCHPOINT_COLUMNS = [
  'it.touchpoint_key',
  'it.sentiment_label as tp_label',
  'it.sentiment_score as tp_score',
] as const;

/**
 * The sample's items from its rows, one row per item and touchpoint (items that name none have one
 * row with null touchpoint columns), in the rows' order; `make` builds an item from its first row.
 */
function itemsOfRows<
  R extends {
    id: string;
    touchpoint_key: string | null;
    tp_label: string | null;
    tp_score: number | string | null;
  },
  T extends { touchpoints: SampleItem['touchpoints'] },
>(rows: readonly R[], make: (r: R) => T): T[] {
  const items = new Map<string, T>();
  for (const r of rows) {
    let item = items.get(r.id);
    if (!item) {
      item = make(r);
      items.set(r.id, item);
    }
    if (r.touchpoint_key !== null && r.tp_label !== null && r.tp_score !== null)
      item.touchpoints.push({
        key: r.touchpoint_key,
        label: r.tp_label as SentimentLabel,
        score: Number(r.tp_score),
      });
  }
  return [...items.values()];
}

export function metricsRepo({ db, dialect }: Conn): MetricsRepo {
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

  function toCounters(r: Record<string, unknown>, perTouchpoint: boolean): Counters {
    const c = zero();
    for (const [k, col] of Object.entries(COUNTER_COLUMNS)) {
      if (col.startsWith('r') && /^r[1-5]$/.test(col)) continue;
      (c as unknown as Record<string, number>)[k] = num(r[col]);
    }
    c.stars = [num(r.r1), num(r.r2), num(r.r3), num(r.r4), num(r.r5)];
    if (perTouchpoint)
      for (const [k, col] of Object.entries(TP_COUNTER_COLUMNS))
        (c as unknown as Record<string, number>)[k] = num(r[col]);
    return c;
  }

  /** The filter's conditions on the raw feedback_items (alias fi). */
  function itemConditions(eb: ExpressionBuilder<DB & { fi: DB['feedback_items'] }, 'fi'>, f: RollupFilter) {
    const conds = [
      eb('fi.workspace_id', '=', f.workspaceId),
      eb('fi.posted_at', '>=', `${f.from}T00:00:00.000Z`),
      eb('fi.posted_at', '<', `${nextDay(f.to)}T00:00:00.000Z`),
    ];
    if (f.brandIds?.length) conds.push(eb('fi.brand_id', 'in', [...f.brandIds]));
    if (f.platforms?.length) conds.push(eb('fi.platform', 'in', [...f.platforms]));
    if (f.channels?.length) conds.push(eb('fi.channel', 'in', [...f.channels]));
    if (f.languages?.length) {
      const named = f.languages.filter((l) => l !== '');
      const ors = named.length > 0 ? [eb('fi.language', 'in', named)] : [];
      if (f.languages.includes('')) ors.push(eb('fi.language', 'is', null));
      conds.push(eb.or(ors));
    }
    if (f.segment !== undefined) conds.push(eb('fi.customer_id', 'in', segmentMembers(f.segment)));
    if (f.touchpoints?.length) {
      const keys = [...f.touchpoints];
      conds.push(
        eb.exists(
          eb
            .selectFrom('item_touchpoints as it')
            .select(sql.lit(1).as('one'))
            .whereRef('it.item_id', '=', 'fi.id')
            .where('it.touchpoint_key', 'in', keys),
        ),
      );
    }
    return eb.and(conds);
  }

  /** The customers of a segment (issue #14, migration 0018), as a subquery. */
  function segmentMembers(segment: string) {
    return db
      .selectFrom(sql.table('segment_members').as('sm'))
      .select(sql.ref<string>('sm.customer_id').as('customer_id'))
      .where(sql.ref('sm.segment_id'), '=', segment);
  }

  /**
   * The rollup rows of a segment's items, summed from the items as the rollups would have kept them
   * (the same aggregates, `rollups.ts`): the rollups know no customers. One statement per range.
   */
  async function rollupOfItems(
    f: RollupFilter,
    dims: readonly RollupDim[],
    tp: boolean,
    ranges: { grain: 'd' | 'm'; from: string; to: string }[],
    columns: readonly string[],
  ): Promise<RollupRow[]> {
    const merged = new Map<string, RollupRow>();
    for (const range of ranges) {
      const from = range.grain === 'm' ? `${range.from}-01` : range.from;
      const to = range.grain === 'm' ? prevDay(firstOfNextMonth(`${range.to}-01`)) : range.to;
      const dimExpr: Record<RollupDim, ReturnType<typeof sql>> = {
        bucket: bucketExpr(dialect, range.grain),
        brand: sql`fi.brand_id`,
        platform: sql`fi.platform`,
        channel: sql`fi.channel`,
        language: sql`coalesce(fi.language, '')`,
        touchpoint: sql`it.touchpoint_key`,
      };
      let q = db
        .selectFrom('feedback_items as fi')
        .where((eb) => itemConditions(eb, { ...f, from, to, touchpoints: tp ? undefined : f.touchpoints }));
      if (tp) {
        // CROSS JOIN: SQLite then reads the members' items first (by the customer index) and each
        // item's touchpoints after; as an inner join it chose to scan every item_touchpoints row of the
        // workspace (0.95 s at 65k items, 2 s per /metrics). PostgreSQL plans it like an inner join.
        q = q
          .crossJoin('item_touchpoints as it')
          .whereRef('it.item_id', '=', 'fi.id')
          .where('it.workspace_id', '=', f.workspaceId);
        if (f.touchpoints?.length) q = q.where(sql.ref('it.touchpoint_key'), 'in', [...f.touchpoints]);
      }
      const selected = q.select([
        ...dims.map((d) => dimExpr[d].as(DIM_COLUMN[d])),
        ...columns.map(
          (c) => (AGGREGATES as Record<string, ReturnType<typeof sql>>)[c]?.as(c) ?? sql`0`.as(c),
        ),
      ]);
      const grouped = dims.length > 0 ? selected.groupBy(dims.map((d) => dimExpr[d])) : selected;
      const rows = (await grouped.execute()) as Record<string, unknown>[];
      for (const r of rows) {
        if (dims.length === 0 && Number(r.n ?? 0) === 0) continue;
        const row: RollupRow = { counters: toCounters(r, tp) };
        const out = row as unknown as Record<string, string>;
        for (const d of dims) out[d === 'brand' ? 'brandId' : d] = String(r[DIM_COLUMN[d]]);
        const key = dims.map((d) => String(r[DIM_COLUMN[d]])).join('\u0000');
        const seen = merged.get(key);
        if (seen) add(seen.counters, row.counters);
        else merged.set(key, row);
      }
    }
    return [...merged.values()];
  }

  return {
    async rollup(f, { dims, perTouchpoint = false, byDay = false, fields }) {
      const tp = perTouchpoint || dims.includes('touchpoint') || (f.touchpoints?.length ?? 0) > 0;
      // The fewest rows that answer: the fine rollups (0011) only for a channel or language filter or
      // slice; for a platform, the per-platform ones (0029); else the per-brand ones (0015).
      const fine =
        (f.channels?.length ?? 0) > 0 ||
        (f.languages?.length ?? 0) > 0 ||
        dims.some((d) => d === 'channel' || d === 'language');
      const byPlatform = (f.platforms?.length ?? 0) > 0 || dims.includes('platform');
      const table = fine
        ? tp
          ? 'rollup_touchpoints'
          : 'rollup_items'
        : byPlatform
          ? tp
            ? 'rollup_platform_touchpoints'
            : 'rollup_platform_items'
          : tp
            ? 'rollup_brand_touchpoints'
            : 'rollup_brand_items';
      const all = { ...COUNTER_COLUMNS, ...(tp ? TP_COUNTER_COLUMNS : {}) } as Record<string, string>;
      // Summing only the counters asked for: a heatmap over two years reads 4 of 24 columns.
      const wanted = fields
        ? fields.flatMap((k) => (k === 'stars' ? ['r1', 'r2', 'r3', 'r4', 'r5'] : all[k] ? [all[k]] : []))
        : Object.values(all);
      const columns = [...new Set(['n', ...wanted])];
      const groupCols = dims.map((d) => DIM_COLUMN[d]);
      const ranges = byDay ? [{ grain: 'd' as const, from: f.from, to: f.to }] : coverRanges(f.from, f.to);
      if (f.segment !== undefined) return rollupOfItems(f, dims, tp, ranges, columns);
      const merged = new Map<string, RollupRow>();
      for (const range of ranges) {
        const conds = [
          sql`workspace_id = ${f.workspaceId}`,
          sql`grain = ${range.grain}`,
          sql`bucket >= ${range.from}`,
          sql`bucket <= ${range.to}`,
        ];
        const list = (col: string, values: readonly string[] | undefined) => {
          if (values?.length) conds.push(sql`${sql.ref(col)} in (${sql.join(values.map((v) => sql`${v}`))})`);
        };
        list('brand_id', f.brandIds);
        list('platform', f.platforms);
        list('channel', f.channels);
        list('language', f.languages);
        if (tp) list('touchpoint_key', f.touchpoints);
        const select = [
          ...groupCols.map((c) => sql.ref(c)),
          ...columns.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`),
        ];
        const group =
          groupCols.length > 0 ? sql`group by ${sql.join(groupCols.map((c) => sql.ref(c)))}` : sql``;
        const { rows } = await sql<
          Record<string, unknown>
        >`select ${sql.join(select)} from ${sql.table(table)}
          where ${sql.join(conds, sql` and `)} ${group}`.execute(db);
        for (const r of rows) {
          if (groupCols.length === 0 && r.n === null) continue; // no rows: sum() of nothing
          const row: RollupRow = { counters: toCounters(r, tp) };
          const fields = row as unknown as Record<string, string>;
          for (const d of dims) fields[d === 'brand' ? 'brandId' : d] = String(r[DIM_COLUMN[d]]);
          const key = dims.map((d) => String(r[DIM_COLUMN[d]])).join('\u0000');
          const seen = merged.get(key);
          if (seen) add(seen.counters, row.counters);
          else merged.set(key, row);
        }
      }
      return [...merged.values()];
    },

    async span(workspaceId) {
      const edge = (dir: 'asc' | 'desc') =>
        db
          .selectFrom('rollup_brand_items')
          .select('bucket')
          .where('workspace_id', '=', workspaceId)
          .where('grain', '=', 'd')
          .where('n', '>', 0)
          .orderBy('bucket', dir)
          .limit(1)
          .executeTakeFirst();
      const [first, last] = [await edge('asc'), await edge('desc')];
      return first && last ? { from: first.bucket, to: last.bucket } : null;
    },

    async sample(f, { limit, authored, repeatAuthors }) {
      const newest = () => {
        let q = db
          .selectFrom('feedback_items as fi')
          .select([
            'fi.id',
            'fi.posted_at',
            'fi.author_handle',
            'fi.rating',
            'fi.score_kind',
            'fi.score_value',
            'fi.sentiment_label',
          ])
          .where((eb) => itemConditions(eb, f));
        if (authored || repeatAuthors) q = q.where('fi.author_handle', 'is not', null);
        return q.orderBy('fi.posted_at', 'desc').limit(limit);
      };
      // One statement: the newest items (by the posted_at index) with their touchpoints joined; for the
      // last impression only the authors with two or more of them (most write once).
      let q = db
        .selectFrom(newest().as('s'))
        .leftJoin('item_touchpoints as it', (j) =>
          j.onRef('it.item_id', '=', 's.id').on('it.workspace_id', '=', f.workspaceId),
        )
        .select([
          's.id',
          's.posted_at',
          's.author_handle',
          's.rating',
          's.score_kind',
          's.score_value',
          's.sentiment_label',
          ...TOUCHPOINT_COLUMNS,
        ]);
      if (repeatAuthors) {
        q = q.where(
          's.author_handle',
          'in',
          db
            .selectFrom(newest().as('s2'))
            .select('s2.author_handle')
            .groupBy('s2.author_handle')
            .having((eb) => eb.fn.countAll(), '>=', 2),
        );
      }
      return itemsOfRows(await q.execute(), (r) => ({
        id: r.id,
        postedAt: r.posted_at,
        authorHandle: r.author_handle,
        rating: r.rating === null ? null : Number(r.rating),
        npsScore: r.score_kind === 'nps' && r.score_value !== null ? Number(r.score_value) : null,
        sentiment: r.sentiment_label as SentimentLabel | null,
        touchpoints: [],
      }));
    },

    async driverSample(f, { limit, rated }) {
      // A period and brands: one range of the drivers' samples (migration 0030).
      const finer = f.platforms?.length || f.channels?.length || f.languages?.length || f.touchpoints?.length;
      if (!finer && f.segment === undefined)
        return readDriverSamples(
          db,
          {
            workspaceId: f.workspaceId,
            target: rated,
            from: `${f.from}T00:00:00.000Z`,
            to: `${nextDay(f.to)}T00:00:00.000Z`,
            ...(f.brandIds ? { brandIds: f.brandIds } : {}),
          },
          limit,
        );
      // Other filters: from the items, through the columns of migration 0028's partial indexes alone.
      let newest = db
        .selectFrom('feedback_items as fi')
        .select(['fi.id', rated === 'stars' ? 'fi.rating as target' : 'fi.score_value as target'])
        .where((eb) => itemConditions(eb, f));
      newest =
        rated === 'stars'
          ? newest.where('fi.rating', 'is not', null)
          : newest.where('fi.score_kind', '=', 'nps').where('fi.score_value', 'is not', null);
      const rows = await db
        .selectFrom(newest.orderBy('fi.posted_at', 'desc').limit(limit).as('s'))
        .leftJoin('item_touchpoints as it', (j) =>
          j.onRef('it.item_id', '=', 's.id').on('it.workspace_id', '=', f.workspaceId),
        )
        .select(['s.id', 's.target', ...TOUCHPOINT_COLUMNS])
        .execute();
      return itemsOfRows(rows, (r): DriverSampleItem => ({
        rating: rated === 'stars' && r.target !== null ? Number(r.target) : null,
        npsScore: rated === 'nps' && r.target !== null ? Number(r.target) : null,
        touchpoints: [],
      }));
    },

    async caseFigures(f, now) {
      const cdb = db as unknown as AnyDb;
      const hours = (a: string, b: string) =>
        dialect === 'postgres'
          ? sql<number>`extract(epoch from (${sql.ref(b)} - ${sql.ref(a)})) / 3600.0`
          : sql<number>`(julianday(${sql.ref(b)}) - julianday(${sql.ref(a)})) * 24.0`;
      const fr = hours('c.opened_at', 'c.first_response_at');
      const res = hours('c.opened_at', 'c.closed_at');
      // SLA kept/decided as slaMet in core/cases/measures.ts: answered in time and never breached;
      // unanswered counts once breached or past due, else it is still undecided.
      const decided = sql`c.due_at is not null and (c.first_response_at is not null or c.breached_at is not null or c.due_at <= ${now})`;
      const kept = sql`c.due_at is not null and c.first_response_at is not null and c.first_response_at <= c.due_at and c.breached_at is null`;
      let q = cdb
        .selectFrom('cases as c')
        .select([
          sql<number>`count(*)`.as('opened'),
          sql<number>`count(c.first_response_at)`.as('answered'),
          sql<number>`coalesce(sum(${fr}), 0)`.as('fr_sum'),
          sql<number>`coalesce(sum(${fr} * ${fr}), 0)`.as('fr_sumsq'),
          sql<number>`sum(case when c.status = 'closed' then 1 else 0 end)`.as('closed'),
          sql<number>`sum(case when c.status = 'closed' and c.closed_at is not null then 1 else 0 end)`.as(
            'res_n',
          ),
          sql<number>`coalesce(sum(case when c.status = 'closed' then ${res} end), 0)`.as('res_sum'),
          sql<number>`coalesce(sum(case when c.status = 'closed' then ${res} * ${res} end), 0)`.as(
            'res_sumsq',
          ),
          sql<number>`sum(case when ${decided} then 1 else 0 end)`.as('sla_decided'),
          sql<number>`sum(case when ${kept} then 1 else 0 end)`.as('sla_kept'),
          sql<number>`sum(case when c.status = 'closed' and c.outcome is not null then 1 else 0 end)`.as(
            'with_outcome',
          ),
          sql<number>`sum(case when c.status = 'closed' and c.outcome = 'recovered' then 1 else 0 end)`.as(
            'recovered',
          ),
        ])
        .where('c.workspace_id', '=', f.workspaceId)
        .where('c.opened_at', '>=', `${f.from}T00:00:00.000Z`)
        .where('c.opened_at', '<', `${nextDay(f.to)}T00:00:00.000Z`);
      if (f.brandIds?.length) q = q.where('c.brand_id', 'in', [...f.brandIds]);
      if (f.platforms?.length) q = q.where('c.platform', 'in', [...f.platforms]);
      if (f.channels?.length) q = q.where('c.channel', 'in', [...f.channels]);
      if (f.touchpoints?.length) q = q.where('c.touchpoint_key', 'in', [...f.touchpoints]);
      if (f.segment !== undefined) q = q.where('c.customer_id', 'in', segmentMembers(f.segment));
      const r = await q.executeTakeFirst();
      const answered = num(r?.answered);
      return {
        opened: num(r?.opened),
        answered,
        firstResponseHours: { n: answered, sum: num(r?.fr_sum), sumSq: num(r?.fr_sumsq) },
        closed: num(r?.closed),
        resolutionHours: { n: num(r?.res_n), sum: num(r?.res_sum), sumSq: num(r?.res_sumsq) },
        slaDecided: num(r?.sla_decided),
        slaKept: num(r?.sla_kept),
        withOutcome: num(r?.with_outcome),
        recovered: num(r?.recovered),
      } satisfies CaseFigures;
    },
  };
}
