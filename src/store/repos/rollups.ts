/**
 * Rollup upkeep (issue #13). An item contributes to one `rollup_items` row per grain (its UTC day
 * and month) and, per touchpoint it mentions, one `rollup_touchpoints` row per grain. A write reads
 * the facts of the items it touches before and after, and applies the difference as one upsert per
 * distinct rollup row (`n = n + excluded.n`): a 1,000-item batch over a few days costs a few dozen
 * statements, and nothing reads the workspace's history. `rebuildRollups` recounts from the items
 * (the migration, `touchpoint rollups rebuild`, and the contract test's reference). The drivers'
 * samples (`driver-samples.ts`) are kept from the same facts in the same step.
 */
import { sql, type Kysely } from 'kysely';
import type { NewItemVersion, RollupRepo, RollupSnapshot } from '../../core/ports.js';
import type { Dialect } from '../database.js';
import type { DB, RollupTouchpointsTable } from '../schema.js';
import { rebuildDriverSamples, syncDriverSamples, type DriverFacts } from './driver-samples.js';
import { chunks, type Conn } from './util.js';

export const ITEM_KEYS = [
  'workspace_id',
  'grain',
  'bucket',
  'brand_id',
  'platform',
  'channel',
  'language',
] as const;
export const TOUCHPOINT_KEYS = [
  'workspace_id',
  'grain',
  'bucket',
  'touchpoint_key',
  'brand_id',
  'platform',
  'channel',
  'language',
] as const;
/** The coarse rollups of migration 0015: per brand only, what an unfiltered dashboard reads (20–40× fewer rows). */
export const BRAND_ITEM_KEYS = ['workspace_id', 'grain', 'bucket', 'brand_id'] as const;
export const BRAND_TOUCHPOINT_KEYS = [
  'workspace_id',
  'grain',
  'bucket',
  'touchpoint_key',
  'brand_id',
] as const;
/**
 * The rollups of migration 0029: per platform and brand, the platform before the day so that a
 * platform filter reads its own rows only (issue #13: 90 days of one platform read every fine row
 * of those days, 58 / 146 ms p50 / p95 on PostgreSQL at a million items).
 */
export const PLATFORM_ITEM_KEYS = ['workspace_id', 'grain', 'platform', 'bucket', 'brand_id'] as const;
export const PLATFORM_TOUCHPOINT_KEYS = [
  'workspace_id',
  'grain',
  'platform',
  'bucket',
  'touchpoint_key',
  'brand_id',
] as const;
type KeyColumn = (typeof TOUCHPOINT_KEYS)[number];

/** Every rollup table: its key columns and whether it counts per touchpoint mentioned. */
export const ROLLUP_TABLES = {
  rollup_items: { keys: ITEM_KEYS, perTouchpoint: false },
  rollup_touchpoints: { keys: TOUCHPOINT_KEYS, perTouchpoint: true },
  rollup_brand_items: { keys: BRAND_ITEM_KEYS, perTouchpoint: false },
  rollup_brand_touchpoints: { keys: BRAND_TOUCHPOINT_KEYS, perTouchpoint: true },
  rollup_platform_items: { keys: PLATFORM_ITEM_KEYS, perTouchpoint: false },
  rollup_platform_touchpoints: { keys: PLATFORM_TOUCHPOINT_KEYS, perTouchpoint: true },
} as const satisfies Record<string, { keys: readonly KeyColumn[]; perTouchpoint: boolean }>;
export type RollupTable = keyof typeof ROLLUP_TABLES;
const TABLES = Object.keys(ROLLUP_TABLES) as RollupTable[];
const ITEM_TABLES = TABLES.filter((t) => !ROLLUP_TABLES[t].perTouchpoint);
const TOUCHPOINT_TABLES = TABLES.filter((t) => ROLLUP_TABLES[t].perTouchpoint);

export const COUNT_COLUMNS = [
  'n',
  'positive',
  'negative',
  'neutral',
  'rating_n',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'nps_n',
  'promoters',
  'passives',
  'detractors',
  'csat_n',
  'csat_sat',
  'ces_n',
] as const;
export const SUM_COLUMNS = ['rating_sum', 'rating_sumsq', 'ces_sum', 'ces_sumsq'] as const;
const TP_COLUMNS = ['tp_positive', 'tp_negative', 'tp_neutral'] as const;
const ITEM_COLUMNS = [...COUNT_COLUMNS, ...SUM_COLUMNS] as const;
const ALL_TP_COLUMNS = [...ITEM_COLUMNS, ...TP_COLUMNS] as const;
type Column = (typeof ALL_TP_COLUMNS)[number];

/**
 * What one item contributes, read from its denormalised row and its item_touchpoints: the drivers'
 * facts (id, brand, time, rating, score, touchpoints) and the slices only the rollups keep.
 */
interface ItemFacts extends DriverFacts {
  platform: string;
  channel: string;
  language: string;
  sentiment: string | null;
}

/** The star bucket of a rating (1–5, halves allowed): 4.5 counts in the 4-star bar, as SQL's CASE below. */
const starColumn = (rating: number): Column => `r${Math.min(5, Math.max(1, Math.floor(rating)))}` as Column;

function itemCounters(f: ItemFacts): Partial<Record<Column, number>> {
  const c: Partial<Record<Column, number>> = { n: 1 };
  if (f.sentiment === 'positive' || f.sentiment === 'negative' || f.sentiment === 'neutral')
    c[f.sentiment] = 1;
  if (f.rating !== null) {
    c.rating_n = 1;
    c.rating_sum = f.rating;
    c.rating_sumsq = f.rating * f.rating;
    c[starColumn(f.rating)] = 1;
  }
  const v = f.scoreValue;
  if (v !== null && f.scoreKind === 'nps') {
    c.nps_n = 1;
    c[v >= 9 ? 'promoters' : v >= 7 ? 'passives' : 'detractors'] = 1;
  } else if (v !== null && f.scoreKind === 'csat') {
    c.csat_n = 1;
    if (v >= 4) c.csat_sat = 1;
  } else if (v !== null && f.scoreKind === 'ces') {
    c.ces_n = 1;
    c.ces_sum = v;
    c.ces_sumsq = v * v;
  }
  return c;
}

type Delta = { keys: Record<string, string>; values: Partial<Record<Column, number>> };

/** Adds `sign` × the facts of `items` into per-row deltas, keyed by the rollup row they land in. */
function accumulate(
  workspaceId: string,
  items: readonly ItemFacts[],
  sign: 1 | -1,
  into: Record<RollupTable, Map<string, Delta>>,
) {
  const add = (table: RollupTable, full: Record<string, string>, values: Partial<Record<Column, number>>) => {
    const keys = Object.fromEntries(ROLLUP_TABLES[table].keys.map((k) => [k, full[k] ?? '']));
    const id = Object.values(keys).join('\u0000');
    const map = into[table];
    let d = map.get(id);
    if (!d) {
      d = { keys, values: {} };
      map.set(id, d);
    }
    for (const [k, v] of Object.entries(values) as [Column, number][])
      d.values[k] = (d.values[k] ?? 0) + sign * v;
  };
  for (const f of items) {
    const counters = itemCounters(f);
    for (const [grain, bucket] of [
      ['d', f.postedAt.slice(0, 10)],
      ['m', f.postedAt.slice(0, 7)],
    ] as const) {
      const base = {
        workspace_id: workspaceId,
        grain,
        bucket,
        brand_id: f.brandId,
        platform: f.platform,
        channel: f.channel,
        language: f.language,
      };
      for (const table of ITEM_TABLES) add(table, base, counters);
      for (const t of f.touchpoints) {
        const own: Partial<Record<Column, number>> = { ...counters };
        if (t.label === 'positive' || t.label === 'negative' || t.label === 'neutral')
          own[`tp_${t.label}`] = 1;
        for (const table of TOUCHPOINT_TABLES) add(table, { ...base, touchpoint_key: t.key }, own);
      }
    }
  }
}

/** The facts of an item inserted as `item`, as insertMany writes its row and touchpoints. */
function factsOfWritten(id: string, item: NewItemVersion): ItemFacts {
  const { input, analysis } = item;
  return {
    id,
    brandId: item.brandId,
    platform: input.platform,
    channel: item.channel,
    language: analysis?.language ?? '',
    postedAt: new Date(input.postedAt).toISOString(),
    sentiment: analysis?.sentiment.label ?? null,
    rating: input.rating ?? null,
    scoreKind: input.score?.kind ?? null,
    scoreValue: input.score?.value ?? null,
    touchpoints:
      analysis?.touchpoints.map((t) => ({
        key: t.key,
        label: t.sentiment.label,
        score: t.sentiment.score,
      })) ?? [],
  };
}

/** Reads the rollup facts of stored items, 500 ids per statement. */
async function readFacts(db: Kysely<DB>, workspaceId: string, ids: readonly string[]): Promise<ItemFacts[]> {
  const out: ItemFacts[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('feedback_items')
      .select([
        'id',
        'brand_id',
        'platform',
        'channel',
        'language',
        'posted_at',
        'sentiment_label',
        'rating',
        'score_kind',
        'score_value',
      ])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', part)
      .execute();
    if (rows.length === 0) continue;
    const tps = await db
      .selectFrom('item_touchpoints')
      .select(['item_id', 'touchpoint_key', 'sentiment_label', 'sentiment_score'])
      .where('item_id', 'in', part)
      .where('workspace_id', '=', workspaceId)
      .execute();
    const byItem = new Map<string, { key: string; label: string; score: number }[]>();
    for (const t of tps) {
      const list = byItem.get(t.item_id) ?? [];
      list.push({ key: t.touchpoint_key, label: t.sentiment_label, score: Number(t.sentiment_score) });
      byItem.set(t.item_id, list);
    }
    for (const r of rows) {
      out.push({
        id: r.id,
        brandId: r.brand_id,
        platform: r.platform,
        channel: r.channel,
        language: r.language ?? '',
        postedAt: r.posted_at,
        sentiment: r.sentiment_label,
        rating: r.rating === null ? null : Number(r.rating),
        scoreKind: r.score_kind,
        scoreValue: r.score_value === null ? null : Number(r.score_value),
        touchpoints: byItem.get(r.id) ?? [],
      });
    }
  }
  return out;
}

/** Upserts the deltas: `col = col + excluded.col`; rows whose deltas are all zero are skipped. */
async function upsert(db: Kysely<DB>, table: RollupTable, deltas: Iterable<Delta>) {
  const { keys, perTouchpoint } = ROLLUP_TABLES[table];
  const columns = perTouchpoint ? ALL_TP_COLUMNS : ITEM_COLUMNS;
  const rows: Record<string, string | number>[] = [];
  for (const d of deltas) {
    if (!Object.values(d.values).some((v) => v !== 0)) continue;
    const row: Record<string, string | number> = { ...d.keys };
    for (const c of columns) row[c] = d.values[c] ?? 0;
    rows.push(row);
  }
  // One order for every transaction: two batches upserting the same rows in different orders
  // would each hold a row the other waits for (a deadlock on PostgreSQL, one batch aborted).
  const order = (row: Record<string, string | number>) => keys.map((k) => String(row[k])).join('\u0000');
  rows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  // ~30 variables a row: 400 rows stay far below SQLite's 32,766.
  for (const part of chunks(rows, 400)) {
    await db
      .insertInto(table as 'rollup_touchpoints')
      .values(part as unknown as RollupTouchpointsTable[])
      .onConflict((oc) =>
        oc
          .columns([...keys])
          .doUpdateSet(
            Object.fromEntries(
              columns.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
            ),
          ),
      )
      .execute();
  }
}

/** Day and month of a timestamp column as the JS side buckets them (UTC). */
export function bucketExpr(dialect: Dialect, grain: 'd' | 'm') {
  if (dialect === 'postgres')
    return grain === 'd'
      ? sql`to_char(fi.posted_at at time zone 'UTC', 'YYYY-MM-DD')`
      : sql`to_char(fi.posted_at at time zone 'UTC', 'YYYY-MM')`;
  return grain === 'd' ? sql`substr(fi.posted_at, 1, 10)` : sql`substr(fi.posted_at, 1, 7)`;
}

/** The SQL aggregate of each counter over `fi` (and `it` for the touchpoint's own sentiment). */
export const AGGREGATES: Record<Column, ReturnType<typeof sql>> = {
  n: sql`count(*)`,
  positive: sql`sum(case when fi.sentiment_label = 'positive' then 1 else 0 end)`,
  negative: sql`sum(case when fi.sentiment_label = 'negative' then 1 else 0 end)`,
  neutral: sql`sum(case when fi.sentiment_label = 'neutral' then 1 else 0 end)`,
  rating_n: sql`count(fi.rating)`,
  rating_sum: sql`coalesce(sum(fi.rating), 0)`,
  rating_sumsq: sql`coalesce(sum(fi.rating * fi.rating), 0)`,
  r1: sql`sum(case when fi.rating < 2 then 1 else 0 end)`,
  r2: sql`sum(case when fi.rating >= 2 and fi.rating < 3 then 1 else 0 end)`,
  r3: sql`sum(case when fi.rating >= 3 and fi.rating < 4 then 1 else 0 end)`,
  r4: sql`sum(case when fi.rating >= 4 and fi.rating < 5 then 1 else 0 end)`,
  r5: sql`sum(case when fi.rating >= 5 then 1 else 0 end)`,
  nps_n: sql`sum(case when fi.score_kind = 'nps' and fi.score_value is not null then 1 else 0 end)`,
  promoters: sql`sum(case when fi.score_kind = 'nps' and fi.score_value >= 9 then 1 else 0 end)`,
  passives: sql`sum(case when fi.score_kind = 'nps' and fi.score_value >= 7 and fi.score_value < 9 then 1 else 0 end)`,
  detractors: sql`sum(case when fi.score_kind = 'nps' and fi.score_value < 7 then 1 else 0 end)`,
  csat_n: sql`sum(case when fi.score_kind = 'csat' and fi.score_value is not null then 1 else 0 end)`,
  csat_sat: sql`sum(case when fi.score_kind = 'csat' and fi.score_value >= 4 then 1 else 0 end)`,
  ces_n: sql`sum(case when fi.score_kind = 'ces' and fi.score_value is not null then 1 else 0 end)`,
  ces_sum: sql`coalesce(sum(case when fi.score_kind = 'ces' then fi.score_value else 0 end), 0)`,
  ces_sumsq: sql`coalesce(sum(case when fi.score_kind = 'ces' then fi.score_value * fi.score_value else 0 end), 0)`,
  tp_positive: sql`sum(case when it.sentiment_label = 'positive' then 1 else 0 end)`,
  tp_negative: sql`sum(case when it.sentiment_label = 'negative' then 1 else 0 end)`,
  tp_neutral: sql`sum(case when it.sentiment_label = 'neutral' then 1 else 0 end)`,
};

/** Creates rollup tables as ROLLUP_TABLES describes them (migrations 0015 and 0029), empty. */
export async function createRollupTables(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- run by the migrations, which know no fixed schema
  db: Kysely<any>,
  dialect: Dialect,
  tables: readonly RollupTable[],
) {
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  for (const table of tables) {
    const { keys, perTouchpoint } = ROLLUP_TABLES[table];
    let t = db.schema
      .createTable(table)
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'));
    for (const k of keys) if (k !== 'workspace_id') t = t.addColumn(k, 'text', (c) => c.notNull());
    for (const c of [...COUNT_COLUMNS, ...(perTouchpoint ? TP_COLUMNS : [])])
      t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
    for (const c of SUM_COLUMNS) t = t.addColumn(c, float, (col) => col.notNull().defaultTo(0));
    await t.addPrimaryKeyConstraint(`${table}_pk`, [...keys] as string[] as never[]).execute();
  }
}

/**
 * Recounts the rollups of one workspace (or of all, `null`, as the migrations do) from the items:
 * deletes its rows, then one INSERT … SELECT … GROUP BY per table and grain.
 */
export async function rebuildRollups(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- also run by the migrations, which know no fixed schema
  db: Kysely<any>,
  dialect: Dialect,
  workspaceId: string | null,
  tables: readonly RollupTable[] = TABLES,
) {
  const scope = workspaceId === null ? sql`` : sql`where fi.workspace_id = ${workspaceId}`;
  for (const table of tables) {
    const del = db.deleteFrom(table);
    await (workspaceId === null ? del : del.where('workspace_id', '=', workspaceId)).execute();
    const { keys, perTouchpoint } = ROLLUP_TABLES[table];
    const columns = perTouchpoint ? ALL_TP_COLUMNS : ITEM_COLUMNS;
    for (const grain of ['d', 'm'] as const) {
      const bucket = bucketExpr(dialect, grain);
      const keyExprs: Record<KeyColumn, ReturnType<typeof sql>> = {
        workspace_id: sql`fi.workspace_id`,
        grain: sql`${sql.lit(grain)}`,
        bucket,
        touchpoint_key: sql`it.touchpoint_key`,
        brand_id: sql`fi.brand_id`,
        platform: sql`fi.platform`,
        channel: sql`fi.channel`,
        language: sql`coalesce(fi.language, '')`,
      };
      const groupBy = keys.filter((k) => k !== 'grain').map((k) => keyExprs[k]);
      const join = perTouchpoint
        ? sql`join item_touchpoints it on it.item_id = fi.id and it.workspace_id = fi.workspace_id`
        : sql``;
      await sql`insert into ${sql.table(table)} (${sql.join([...keys, ...columns].map((c) => sql.ref(c)))})
        select ${sql.join([...keys.map((k) => keyExprs[k]), ...columns.map((c) => AGGREGATES[c])])}
        from feedback_items fi ${join} ${scope}
        group by ${sql.join(groupBy)}`.execute(db);
    }
  }
}

interface Snapshot extends RollupSnapshot {
  readonly items: readonly ItemFacts[];
}

export function rollupRepo({ db, dialect }: Conn): RollupRepo {
  const repo: RollupRepo = {
    async snapshot(workspaceId, itemIds) {
      const items = itemIds.length === 0 ? [] : await readFacts(db, workspaceId, itemIds);
      return { items } satisfies Snapshot;
    },
    async commit(workspaceId, before, itemIds, written) {
      const unread = written ? itemIds.filter((id) => !written.has(id)) : itemIds;
      const after = unread.length === 0 ? [] : await readFacts(db, workspaceId, unread);
      for (const [id, item] of written ?? []) after.push(factsOfWritten(id, item));
      const into = Object.fromEntries(TABLES.map((t) => [t, new Map<string, Delta>()])) as Record<
        RollupTable,
        Map<string, Delta>
      >;
      accumulate(workspaceId, (before as Snapshot).items, -1, into);
      accumulate(workspaceId, after, 1, into);
      for (const table of TABLES) await upsert(db, table, into[table].values());
      await syncDriverSamples(db, workspaceId, (before as Snapshot).items, after);
    },
    async track(workspaceId, itemIds, write) {
      const before = await repo.snapshot(workspaceId, itemIds);
      const result = await write();
      await repo.commit(workspaceId, before, itemIds);
      return result;
    },
    async rebuild(workspaceId) {
      await rebuildRollups(db, dialect, workspaceId);
      await rebuildDriverSamples(db, dialect, workspaceId);
    },
  };
  return repo;
}
