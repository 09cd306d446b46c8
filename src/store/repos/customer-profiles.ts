/**
 * Customer profiles (issue #14, migration 0017): stats with lifecycle thresholds, counts per
 * touchpoint and intent (JSON on the stats row since migration 0033) and moments per customer.
 * `track` runs in the ingest transaction: one read of the batch's customers' stats rows (locked on
 * PostgreSQL, in key order), the new items folded in, and one upsert of the rows per 400 customers.
 * `recompute` recounts customers from their items with grouped queries (merge, unmerge, erase; the
 * migration's backfill).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { foldEach, foldStats, derived, type ProfileFacts } from '../../core/customers/profile.js';
import type {
  CustomerCard,
  CustomerDate,
  CustomerMoment,
  CustomerProfileRepo,
  CustomerStats,
  MomentKind,
  NewMoment,
  ProfileItem,
  ProfileSnapshot,
} from '../../core/ports.js';
import type { Dialect } from '../database.js';
import type { CustomerStatsTable, DB } from '../schema.js';
import { chunks, insertRows, keysetAfter, newSortableId, parseJson, type Conn } from './util.js';

const presentStats = (r: Selectable<CustomerStatsTable>): CustomerStats => ({
  customerId: r.customer_id,
  workspaceId: r.workspace_id,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  visits: Number(r.visits),
  items: Number(r.items),
  positive: Number(r.positive),
  negative: Number(r.negative),
  cadenceDays: r.cadence_days === null ? null : Number(r.cadence_days),
  newUntil: r.new_until,
  atRiskAfter: r.at_risk_after,
  lapsedAfter: r.lapsed_after,
  lastNps: r.last_nps === null ? null : Number(r.last_nps),
  lastNpsAt: r.last_nps_at,
  lastNegativeAt: r.last_negative_at,
  praise: Number(r.praise),
  promoter: Number(r.promoter) === 1,
  reach: Number(r.reach),
  publicReviews: Number(r.public_reviews),
  referrals: Number(r.referrals),
  ambassadorScore: Number(r.ambassador_score),
  updatedAt: r.updated_at,
});

/** A stats row without its counts (those are written only where given: `writeStats`). */
type StatsRow = Omit<Selectable<CustomerStatsTable>, 'touchpoint_counts' | 'intent_counts'>;

const statsRow = (s: CustomerStats): StatsRow => ({
  customer_id: s.customerId,
  workspace_id: s.workspaceId,
  first_seen_at: s.firstSeenAt,
  last_seen_at: s.lastSeenAt,
  visits: s.visits,
  items: s.items,
  positive: s.positive,
  negative: s.negative,
  cadence_days: s.cadenceDays,
  new_until: s.newUntil,
  at_risk_after: s.atRiskAfter,
  lapsed_after: s.lapsedAfter,
  last_nps: s.lastNps,
  last_nps_at: s.lastNpsAt,
  last_negative_at: s.lastNegativeAt,
  praise: s.praise,
  promoter: s.promoter ? 1 : 0,
  reach: s.reach,
  public_reviews: s.publicReviews,
  referrals: s.referrals,
  ambassador_score: s.ambassadorScore,
  updated_at: s.updatedAt,
});
const STATS_COLUMNS = Object.keys(statsRow({} as CustomerStats)) as (keyof StatsRow)[];

/**
 * The columns of `customer_stats` that its SQLite indexes hold (keys and partial-index conditions,
 * migrations 0017 and 0031), in groups that change together. An update of a stored row sets a
 * group only where one of its values changed: SQLite moves an index entry for every indexed column
 * an UPDATE sets, changed or not. A stored row's write for a later visit, at 200,000 / a million
 * customers: the upsert of all columns 41–62 / 67–81 µs, an UPDATE of the lifecycle thresholds and
 * the columns no index holds 23–26 / 42–58 µs, of those columns alone 6 / 8–10 µs
 * (docs/performance.md, stop 38; bench/stats-write.ts). Leaving a column out of this list only costs
 * speed: every column not listed is set on every update.
 */
const INDEXED_GROUPS: readonly (readonly (keyof StatsRow)[])[] = [
  ['new_until', 'visits'],
  ['at_risk_after'],
  ['lapsed_after'],
  ['promoter', 'ambassador_score'],
];
/** Set on every update of a stored row: the columns no index holds (a customer's workspace never changes). */
const UPDATED_ALWAYS = STATS_COLUMNS.filter(
  (c) => c !== 'customer_id' && c !== 'workspace_id' && !INDEXED_GROUPS.some((g) => g.includes(c)),
);
/** `update customer_stats set … where customer_id = ? and workspace_id = ?`, by the columns it sets. */
const updateText = (set: readonly string[]) =>
  `update "customer_stats" set ${set.map((c) => `"${c}" = ?`).join(', ')} where "customer_id" = ? and "workspace_id" = ?`;

const factsOfItem = (item: ProfileItem & { customerId: string }): ProfileFacts => ({
  itemId: item.itemId,
  customerId: item.customerId,
  postedAt: new Date(item.input.postedAt).toISOString(),
  channel: item.channel,
  sentiment: item.analysis?.sentiment.label ?? null,
  nps: item.input.score?.kind === 'nps' ? item.input.score.value : null,
  reach: item.input.author?.reach ?? 0,
  touchpoints: item.analysis?.touchpoints.map((t) => ({ key: t.key, label: t.sentiment.label })) ?? [],
  intents: item.analysis?.intents.map((i) => i.intent) ?? [],
});

/** The profile facts of stored items (those with a customer), 500 ids per statement. */
async function readFacts(
  db: Kysely<DB>,
  workspaceId: string,
  ids: readonly string[],
): Promise<ProfileFacts[]> {
  const out: ProfileFacts[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('feedback_items')
      .select([
        'id',
        'customer_id',
        'posted_at',
        'channel',
        'sentiment_label',
        'score_kind',
        'score_value',
        'author_reach',
      ])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', part)
      .where('customer_id', 'is not', null)
      .execute();
    if (rows.length === 0) continue;
    const found = rows.map((r) => r.id);
    const [tps, intents] = await Promise.all([
      db
        .selectFrom('item_touchpoints')
        .select(['item_id', 'touchpoint_key', 'sentiment_label'])
        .where('workspace_id', '=', workspaceId)
        .where('item_id', 'in', found)
        .execute(),
      db
        .selectFrom('item_intents')
        .select(['item_id', 'intent'])
        .where('workspace_id', '=', workspaceId)
        .where('item_id', 'in', found)
        .execute(),
    ]);
    const byItem = <T extends { item_id: string }>(xs: T[]) => {
      const m = new Map<string, T[]>();
      for (const x of xs) {
        const list = m.get(x.item_id);
        if (list) list.push(x);
        else m.set(x.item_id, [x]);
      }
      return m;
    };
    const [tpOf, intentOf] = [byItem(tps), byItem(intents)];
    for (const r of rows)
      out.push({
        itemId: r.id,
        customerId: r.customer_id ?? '',
        postedAt: r.posted_at,
        channel: r.channel,
        sentiment: r.sentiment_label,
        nps: r.score_kind === 'nps' && r.score_value !== null ? Number(r.score_value) : null,
        reach: Number(r.author_reach ?? 0),
        touchpoints: (tpOf.get(r.id) ?? []).map((t) => ({ key: t.touchpoint_key, label: t.sentiment_label })),
        intents: (intentOf.get(r.id) ?? []).map((i) => i.intent),
      });
  }
  return out;
}

/**
 * A customer's counts per touchpoint key (`[mentions, positive, negative]`) and per intent
 * (`[count]`), kept on its `customer_stats` row as JSON (migration 0033): an item of a returning
 * customer rewrites that row anyway, so its counts cost no page of their own. They hold no dates
 * (migration 0035): when a key was last mentioned is read from the customer's items where it is
 * shown (the personal-data export), and every byte on the row is read and written again by each fold.
 */
export interface KeyCounts {
  touchpoints: Record<string, [number, number, number]>;
  intents: Record<string, [number]>;
}

const noCounts = (): KeyCounts => ({ touchpoints: {}, intents: {} });

/** The counts of a stats row as stored (unreadable JSON counts as none). */
export function countsOfRow(r: { touchpoint_counts: string; intent_counts: string }): KeyCounts {
  return {
    touchpoints: parseJson<KeyCounts['touchpoints']>(r.touchpoint_counts, {}),
    intents: parseJson<KeyCounts['intents']>(r.intent_counts, {}),
  };
}

/** Adds the touchpoints and intents of new facts to their customers' counts (customers not in `counts` are left out). */
function addFacts(counts: ReadonlyMap<string, KeyCounts>, facts: readonly ProfileFacts[]) {
  for (const f of facts) {
    const c = counts.get(f.customerId);
    if (!c) continue;
    for (const t of f.touchpoints) {
      const e = c.touchpoints[t.key] ?? [0, 0, 0];
      e[0] += 1;
      if (t.label === 'positive') e[1] += 1;
      if (t.label === 'negative') e[2] += 1;
      c.touchpoints[t.key] = e;
    }
    for (const i of new Set(f.intents)) {
      const e = c.intents[i] ?? [0];
      e[0] += 1;
      c.intents[i] = e;
    }
  }
}

/**
 * The counts of customers recounted from their stored items: two grouped reads through the items'
 * customer index. Customers with no touchpoint or intent get empty counts.
 */
async function countsFromItems(
  { db }: Conn,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, KeyCounts>> {
  const out = new Map(ids.map((id) => [id, noCounts()]));
  for (const part of chunks([...new Set(ids)])) {
    const base = db
      .selectFrom('feedback_items as fi')
      .where('fi.workspace_id', '=', workspaceId)
      .where('fi.customer_id', 'in', part);
    const [touchpoints, intents] = await Promise.all([
      base
        .innerJoin('item_touchpoints as it', (j) =>
          j.onRef('it.item_id', '=', 'fi.id').onRef('it.workspace_id', '=', 'fi.workspace_id'),
        )
        .select([
          'fi.customer_id',
          'it.touchpoint_key as key',
          sql<number>`count(*)`.as('mentions'),
          sql<number>`sum(case when it.sentiment_label = 'positive' then 1 else 0 end)`.as('positive'),
          sql<number>`sum(case when it.sentiment_label = 'negative' then 1 else 0 end)`.as('negative'),
        ])
        .groupBy(['fi.customer_id', 'it.touchpoint_key'])
        .execute(),
      base
        .innerJoin('item_intents as ii', (j) =>
          j.onRef('ii.item_id', '=', 'fi.id').onRef('ii.workspace_id', '=', 'fi.workspace_id'),
        )
        .select(['fi.customer_id', 'ii.intent as key', sql<number>`count(*)`.as('n')])
        .groupBy(['fi.customer_id', 'ii.intent'])
        .execute(),
    ]);
    for (const t of touchpoints) {
      const c = out.get(t.customer_id ?? '');
      if (c) c.touchpoints[t.key] = [Number(t.mentions), Number(t.positive), Number(t.negative)];
    }
    for (const i of intents) {
      const c = out.get(i.customer_id ?? '');
      if (c) c.intents[i.key] = [Number(i.n)];
    }
  }
  return out;
}

/** The stage thresholds a stats row contributes to `customer_stage_days`: [threshold, UTC day]. */
function thresholdDays(s: CustomerStats | undefined): [StageThreshold, string][] {
  if (!s) return [];
  const out: [StageThreshold, string][] = [];
  if (s.newUntil !== null && s.visits <= 2)
    out.push([s.visits === 1 ? 'new1' : 'new2', s.newUntil.slice(0, 10)]);
  if (s.atRiskAfter !== null) out.push(['at_risk', s.atRiskAfter.slice(0, 10)]);
  if (s.lapsedAfter !== null) out.push(['lapsed', s.lapsedAfter.slice(0, 10)]);
  return out;
}
type StageThreshold = 'new1' | 'new2' | 'at_risk' | 'lapsed';

/** The per-day stage counts' changes, `threshold \0 day` → n: kept while a settle folds its chunks. */
type StageDelta = Map<string, number>;

/** Adds to `delta` the moves of customers' thresholds from `before` to `after`. */
function addStageMoves(
  delta: StageDelta,
  before: Iterable<CustomerStats | undefined>,
  after: Iterable<CustomerStats | undefined>,
): void {
  const add = (s: CustomerStats | undefined, sign: 1 | -1) => {
    for (const [threshold, day] of thresholdDays(s)) {
      const key = `${threshold}\u0000${day}`;
      delta.set(key, (delta.get(key) ?? 0) + sign);
    }
  };
  for (const s of before) add(s, -1);
  for (const s of after) add(s, 1);
}

async function writeStageDays({ db }: Conn, workspaceId: string, delta: StageDelta) {
  const rows = [...delta]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, n]) => {
      const [threshold = '', day = ''] = key.split('\u0000');
      return { workspace_id: workspaceId, threshold, day, n };
    });
  for (const part of chunks(rows, 400)) {
    await db
      .insertInto('customer_stage_days')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'threshold', 'day'])
          .doUpdateSet({ n: sql`customer_stage_days.n + excluded.n` }),
      )
      .execute();
  }
}

/**
 * Moves the per-day counts of thresholds from the rows as they were (`before`) to the rows as they
 * are (`after`): one upsert of the differing days (`n = n + excluded.n`), in key order.
 */
async function shiftStageDays(
  conn: Conn,
  workspaceId: string,
  before: Iterable<CustomerStats | undefined>,
  after: Iterable<CustomerStats | undefined>,
) {
  const delta: StageDelta = new Map();
  addStageMoves(delta, before, after);
  await writeStageDays(conn, workspaceId, delta);
}

/**
 * Writes stats rows; `before`: the same customers' rows as stored until now (the stage counts
 * follow); `counts`: their counts per touchpoint and intent, written with them (left as they are on
 * existing rows where not given; a customer missing from the map gets none).
 */
async function writeStats(
  conn: Conn,
  workspaceId: string,
  stats: readonly CustomerStats[],
  before: ReadonlyMap<string, CustomerStats>,
  counts?: ReadonlyMap<string, KeyCounts>,
  /** Collects the rows' before / after instead of moving the stage counts now (a settle moves them once). */
  stageMoves?: StageDelta,
) {
  const columns: (keyof CustomerStatsTable)[] = counts
    ? [...STATS_COLUMNS, 'touchpoint_counts', 'intent_counts']
    : STATS_COLUMNS;
  /** The counts' JSON of a row, when the counts are written: the columns after the stats columns. */
  const countsText = (s: CustomerStats): string[] => {
    if (!counts) return [];
    const c = counts.get(s.customerId) ?? noCounts();
    return [JSON.stringify(c.touchpoints), JSON.stringify(c.intents)];
  };
  const whole = (s: CustomerStats): unknown[] => {
    const row = statsRow(s);
    return [...STATS_COLUMNS.map((c) => row[c]), ...countsText(s)];
  };
  const sorted = [...stats].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  const upserts: unknown[][] = [];
  if (conn.runEach) {
    // SQLite in a transaction: a stored row is updated alone, setting its indexed columns only where
    // they changed, so SQLite moves only those index entries (INDEXED_GROUPS); the rest are upserted.
    const updates = new Map<number, { set: (keyof StatsRow)[]; rows: unknown[][]; stats: CustomerStats[] }>();
    for (const s of sorted) {
      const prev = before.get(s.customerId);
      if (!prev) {
        upserts.push(whole(s));
        continue;
      }
      const [row, old] = [statsRow(s), statsRow(prev)];
      let changed = 0;
      INDEXED_GROUPS.forEach((g, i) => {
        if (g.some((c) => row[c] !== old[c])) changed |= 1 << i;
      });
      let shape = updates.get(changed);
      if (!shape) {
        const set = [...UPDATED_ALWAYS, ...INDEXED_GROUPS.filter((_, i) => changed & (1 << i)).flat()];
        updates.set(changed, (shape = { set, rows: [], stats: [] }));
      }
      shape.rows.push([...shape.set.map((c) => row[c]), ...countsText(s), s.customerId, workspaceId]);
      shape.stats.push(s);
    }
    for (const { set, rows, stats: updated } of updates.values()) {
      const text = updateText(counts ? [...set, 'touchpoint_counts', 'intent_counts'] : set);
      // A row read before but gone now (never within one transaction) is written whole below.
      conn.runEach(text, rows).forEach((n, i) => {
        const s = updated[i];
        if (n === 0 && s) upserts.push(whole(s));
      });
    }
  } else upserts.push(...sorted.map(whole));
  // 24 columns a row: insertRows' 400 rows a statement stay far below SQLite's 32,766 variables.
  await insertRows(conn, 'customer_stats', columns, upserts, {
    key: ['customer_id'],
    update: columns.filter((c) => c !== 'customer_id'),
  });
  if (stageMoves) {
    // A settle writes the stage counts once, after its last chunk: only their changes are kept.
    addStageMoves(
      stageMoves,
      stats.map((s) => before.get(s.customerId)),
      stats,
    );
    return;
  }
  // After the customers' own rows: every transaction takes its stats rows, then the shared per-day rows
  // (PostgreSQL), in key order, so two batches never wait on each other in a cycle.
  await shiftStageDays(
    conn,
    workspaceId,
    stats.map((s) => before.get(s.customerId)),
    stats,
  );
}

/** Stats rows with their counts, in customer order (locked on PostgreSQL with `lock`). */
async function readRows({ db, dialect }: Conn, workspaceId: string, ids: readonly string[], lock = false) {
  const out: { stats: CustomerStats; counts: KeyCounts }[] = [];
  for (const part of chunks([...new Set(ids)].sort())) {
    const rows = await db
      .selectFrom('customer_stats')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .orderBy('customer_id')
      .$if(lock && dialect === 'postgres', (qb) => qb.forUpdate())
      .execute();
    out.push(...rows.map((r) => ({ stats: presentStats(r), counts: countsOfRow(r) })));
  }
  return out;
}

async function readStats(conn: Conn, workspaceId: string, ids: readonly string[], lock = false) {
  return (await readRows(conn, workspaceId, ids, lock)).map((r) => r.stats);
}

/** Customers whose logged facts one step of `settle` folds: their rows read, folded and written. */
const SETTLE_CUSTOMERS = 2000;
/** Rows of the profile log `settle` takes per statement. */
const SETTLE_READ = 10_000;

const dayExpr = (dialect: Dialect) =>
  dialect === 'postgres'
    ? sql<string>`to_char(fi.posted_at at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`substr(fi.posted_at, 1, 10)`;

/**
 * Recounts the profiles of `customerIds` in a workspace from their items (or, with nulls, of every
 * customer of every workspace with items: the migration's backfill), 500 customers at a time.
 */
export async function recomputeProfiles(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- also run by the migration, which knows no fixed schema
  anyDb: Kysely<any>,
  dialect: Dialect,
  workspaceId: string | null,
  customerIds: readonly string[] | null,
  now: string,
): Promise<void> {
  const db = anyDb as Kysely<DB>;
  if (workspaceId === null || customerIds === null) {
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('feedback_items')
        .select(['customer_id', 'workspace_id'])
        .distinct()
        .where('customer_id', 'is not', null)
        .where('customer_id', '>', after)
        .$if(workspaceId !== null, (qb) => qb.where('workspace_id', '=', workspaceId ?? ''))
        .orderBy('customer_id')
        .limit(500)
        .execute();
      if (rows.length === 0) return;
      const byWorkspace = new Map<string, string[]>();
      for (const r of rows)
        byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.customer_id ?? '']); // ≤ 500 rows
      for (const [ws, ids] of byWorkspace) await recomputeChunk({ db, dialect }, ws, ids, now);
      after = rows.at(-1)?.customer_id ?? '';
    }
  }
  for (const part of chunks([...new Set(customerIds)].sort()))
    await recomputeChunk({ db, dialect }, workspaceId, part, now);
}

async function recomputeChunk(conn: Conn, workspaceId: string, ids: readonly string[], now: string) {
  const { db, dialect } = conn;
  const day = dayExpr(dialect);
  const base = db
    .selectFrom('feedback_items as fi')
    .where('fi.workspace_id', '=', workspaceId)
    .where('fi.customer_id', 'in', ids);
  const [aggregates, nps, positives, referrals, counts] = await Promise.all([
    base
      .select([
        'fi.customer_id',
        sql<number>`count(*)`.as('items'),
        sql<string>`min(fi.posted_at)`.as('first_seen_at'),
        sql<string>`max(fi.posted_at)`.as('last_seen_at'),
        sql<number>`count(distinct ${day})`.as('visits'),
        sql<number>`sum(case when fi.sentiment_label = 'positive' then 1 else 0 end)`.as('positive'),
        sql<number>`sum(case when fi.sentiment_label = 'negative' then 1 else 0 end)`.as('negative'),
        sql<number>`coalesce(max(fi.author_reach), 0)`.as('reach'),
        sql<number>`sum(case when fi.channel = 'review' then 1 else 0 end)`.as('public_reviews'),
        sql<string | null>`max(case when fi.sentiment_label = 'negative' then fi.posted_at end)`.as(
          'last_negative_at',
        ),
      ])
      .groupBy('fi.customer_id')
      .execute(),
    base
      .select(['fi.customer_id', 'fi.score_value', 'fi.posted_at'])
      .where('fi.score_kind', '=', 'nps')
      .where('fi.score_value', 'is not', null)
      .execute(),
    base.select(['fi.customer_id', 'fi.posted_at']).where('fi.sentiment_label', '=', 'positive').execute(),
    db
      .selectFrom('customers')
      .select(['id', 'referrals'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute(),
    countsFromItems(conn, workspaceId, ids),
  ]);
  const lastNps = new Map<string, { value: number; at: string }>();
  for (const r of nps) {
    const cur = lastNps.get(r.customer_id ?? '');
    if (!cur || r.posted_at >= cur.at)
      lastNps.set(r.customer_id ?? '', { value: Number(r.score_value), at: r.posted_at });
  }
  const praisedAt = new Map<string, string[]>();
  for (const p of positives) {
    const list = praisedAt.get(p.customer_id ?? '');
    if (list) list.push(p.posted_at);
    else praisedAt.set(p.customer_id ?? '', [p.posted_at]);
  }
  const referralsOf = new Map(referrals.map((r) => [r.id, Number(r.referrals ?? 0)]));
  const stats: CustomerStats[] = aggregates.map((a) => {
    const id = a.customer_id ?? '';
    const lastNegativeAt = a.last_negative_at;
    const n = lastNps.get(id);
    const s = {
      customerId: id,
      workspaceId,
      firstSeenAt: a.first_seen_at,
      lastSeenAt: a.last_seen_at,
      visits: Number(a.visits),
      items: Number(a.items),
      positive: Number(a.positive),
      negative: Number(a.negative),
      lastNps: n?.value ?? null,
      lastNpsAt: n?.at ?? null,
      lastNegativeAt,
      praise: (praisedAt.get(id) ?? []).filter((at) => lastNegativeAt === null || at > lastNegativeAt).length,
      reach: Number(a.reach),
      publicReviews: Number(a.public_reviews),
      referrals: referralsOf.get(id) ?? 0,
      updatedAt: now,
    };
    return { ...s, ...derived(s) };
  });
  const old = new Map((await readStats(conn, workspaceId, ids, true)).map((s) => [s.customerId, s]));
  const kept = new Set(stats.map((s) => s.customerId));
  const gone = ids.filter((id) => !kept.has(id));
  if (gone.length > 0)
    await db
      .deleteFrom('customer_stats')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', gone)
      .execute();
  await writeStats(conn, workspaceId, stats, old, counts);
  // Customers with no item left lost their row: their thresholds leave the stage counts.
  await shiftStageDays(
    conn,
    workspaceId,
    [...old.values()].filter((s) => !kept.has(s.customerId)),
    [],
  );
}

/** A keyset cursor: the sort value and the id of the last row of a page. */
const encode = (value: string | number | null, id: string) =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');
function decode(cursor: string | undefined): [string | number | null, string] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string')
      return v as [string | number | null, string];
  } catch {
    // an unreadable cursor starts from the beginning
  }
  return undefined;
}

interface Snapshot extends ProfileSnapshot {
  readonly items: readonly ProfileFacts[];
}

const presentMoment = (r: Selectable<DB['customer_moments']>): CustomerMoment => ({
  id: r.id,
  workspaceId: r.workspace_id,
  customerId: r.customer_id,
  kind: r.kind as MomentKind,
  occurredAt: r.occurred_at,
  detail: parseJson<Record<string, unknown>>(r.detail, {}),
  dismissedAt: r.dismissed_at,
  createdAt: r.created_at,
});

const DATE_KINDS = ['birthday', 'anniversary', 'first_purchase'] as const;

export function customerProfileRepo(
  conn: Conn,
  /** Smaller steps of `settle` (tests: several reads and chunks from a few rows). */
  steps: { read: number; customers: number } = { read: SETTLE_READ, customers: SETTLE_CUSTOMERS },
): CustomerProfileRepo {
  const { db, dialect } = conn;
  /** Folds created items and the before / after facts of rewritten ones into the stats, counts and moments. */
  async function apply(
    workspaceId: string,
    created: readonly ProfileFacts[],
    removed: readonly ProfileFacts[],
    added: readonly ProfileFacts[],
    now: string,
    /** A settle's chunk: fold each customer's items one by one, and collect the stage moves. */
    settling?: StageDelta,
  ) {
    if (created.length === 0 && removed.length === 0 && added.length === 0) return;
    // A rewritten customer's counts are recounted from its items below, which already hold any item
    // still in the log: the log is folded first, or that item would count twice.
    if (removed.length > 0) await settle(workspaceId, now);
    const ids = [...new Set([...removed, ...created, ...added].map((f) => f.customerId))];
    const rows = await readRows(conn, workspaceId, ids, true);
    const current = new Map(rows.map((r) => [r.stats.customerId, r.stats]));
    const group = (facts: readonly ProfileFacts[]) => {
      const m = new Map<string, ProfileFacts[]>();
      for (const f of facts) {
        const list = m.get(f.customerId);
        if (list) list.push(f);
        else m.set(f.customerId, [f]);
      }
      return m;
    };
    const [c, r, a] = [group(created), group(removed), group(added)];
    const stats: CustomerStats[] = [];
    const moments: NewMoment[] = [];
    for (const id of ids) {
      const folded = settling
        ? foldEach({ workspaceId, customerId: id, current: current.get(id), created: c.get(id) ?? [], now })
        : foldStats({
            workspaceId,
            customerId: id,
            current: current.get(id),
            created: c.get(id) ?? [],
            removed: r.get(id) ?? [],
            added: a.get(id) ?? [],
            now,
          });
      if (folded.stats) stats.push(folded.stats);
      moments.push(...folded.moments);
    }
    // The counts: the stored ones plus the new items'. A rewritten item's customer is recounted from
    // the items (already rewritten here), which is exact whatever the item lost or gained.
    const rewritten = new Set(removed.map((f) => f.customerId));
    const stored = new Map(rows.map((r) => [r.stats.customerId, r.counts]));
    const counts = new Map(
      stats
        .filter((s) => !rewritten.has(s.customerId))
        .map((s) => [s.customerId, stored.get(s.customerId) ?? noCounts()]),
    );
    addFacts(counts, [...created, ...added]);
    if (rewritten.size > 0)
      for (const [id, c] of await countsFromItems(conn, workspaceId, [...rewritten])) counts.set(id, c);
    await writeStats(conn, workspaceId, stats, current, counts, settling);
    await repo.addMoments(workspaceId, moments, now);
  }

  /**
   * Folds the workspace's logged facts (`defer`) into the profiles. The log is emptied in the order
   * it was written, a range of about SETTLE_READ rows per statement (`delete … returning`: on PostgreSQL a concurrent
   * settle finds those rows gone and folds nothing twice); the facts are kept as their JSON text,
   * grouped by customer, and applied SETTLE_CUSTOMERS customers at a time in customer order, each
   * customer's items one by one in the order they were logged (`foldEach`: the moments an upkeep in
   * each batch would have opened, with the same dates).
   */
  async function settle(workspaceId: string, now: string): Promise<number> {
    const byCustomer = new Map<string, string[]>();
    let folded = 0;
    // Each read starts after the last: on PostgreSQL the rows this transaction deleted stay in the
    // index until it commits, and a read from the start would step over all of them again.
    let after: number | string | undefined;
    for (;;) {
      // The read's last seq first, then a range delete on (workspace_id, seq). The delete as one
      // statement, `seq in (select … order by seq limit n)`, was planned on PostgreSQL as a nested
      // loop that ran the subquery once per logged row while the log had no statistics: 188 s to fold
      // 100,000 rows at 200k items of the scale file, against 7.7 s for the first 100,000.
      const bound = await db
        .selectFrom('customer_profile_log')
        .select('seq')
        .where('workspace_id', '=', workspaceId)
        .$if(after !== undefined, (q) => q.where('seq', '>', after as number))
        .orderBy('seq')
        .offset(steps.read - 1)
        .limit(1)
        .executeTakeFirst();
      let take = db.deleteFrom('customer_profile_log').where('workspace_id', '=', workspaceId);
      if (after !== undefined) take = take.where('seq', '>', after as number);
      if (bound) take = take.where('seq', '<=', bound.seq);
      const logged = await take.returning(['seq', 'customer_id', 'facts']).execute();
      logged.sort((a, b) => Number(a.seq) - Number(b.seq));
      after = logged.at(-1)?.seq ?? after;
      for (const { customer_id: id, facts } of logged) {
        const list = byCustomer.get(id);
        if (list) list.push(facts);
        else byCustomer.set(id, [facts]);
      }
      folded += logged.length;
      // Until a statement finds nothing: on PostgreSQL a concurrent settle may have taken a range.
      if (logged.length === 0) break;
    }
    // The stats rows chunk by chunk in key order, then the shared per-day stage counts once (on
    // PostgreSQL every transaction locks its stats rows before the day rows, so none waits in a cycle).
    const stageMoves: StageDelta = new Map();
    for (const part of chunks([...byCustomer.keys()].sort(), steps.customers))
      await apply(
        workspaceId,
        part.flatMap((id) => (byCustomer.get(id) ?? []).map((f) => JSON.parse(f) as ProfileFacts)),
        [],
        [],
        now,
        stageMoves,
      );
    await writeStageDays(conn, workspaceId, stageMoves);
    return folded;
  }

  const repo: CustomerProfileRepo = {
    async cards(workspaceId, customerIds) {
      const out: CustomerCard[] = [];
      for (const part of chunks([...new Set(customerIds)])) {
        const rows = await db
          .selectFrom('customers')
          .select([
            'id',
            'display_name',
            'name',
            'language',
            'merged_into',
            'erased_at',
            'birthday',
            'anniversary',
            'first_purchase',
          ])
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
        for (const r of rows)
          out.push({
            customerId: r.id,
            name: r.display_name ?? r.name,
            language: r.language,
            mergedInto: r.merged_into,
            erasedAt: r.erased_at,
            birthday: r.birthday,
            anniversary: r.anniversary,
            firstPurchase: r.first_purchase,
          });
      }
      return out;
    },

    async contacts(workspaceId, customerIds) {
      const out = new Map<string, { email: string | null; phone: string | null }>();
      for (const part of chunks([...new Set(customerIds)])) {
        const rows = await db
          .selectFrom('customer_identities')
          .select(['customer_id', 'kind', 'value'])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .where('kind', 'in', ['email', 'phone'])
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        for (const r of rows) {
          const c = out.get(r.customer_id) ?? { email: null, phone: null };
          if (r.kind === 'email') c.email ??= r.value;
          else c.phone ??= r.value;
          out.set(r.customer_id, c);
        }
      }
      return out;
    },

    async snapshot(workspaceId, itemIds) {
      const items = itemIds.length === 0 ? [] : await readFacts(db, workspaceId, itemIds);
      return { items } satisfies Snapshot;
    },

    async track(workspaceId, items, before, now) {
      const withCustomer = items.filter(
        (i): i is ProfileItem & { customerId: string } => i.customerId !== null,
      );
      const created = withCustomer.filter((i) => i.status === 'created').map(factsOfItem);
      const added = withCustomer.filter((i) => i.status === 'updated').map(factsOfItem);
      await apply(workspaceId, created, (before as Snapshot).items, added, now);
    },

    async defer(workspaceId, items, before, now) {
      // Only created items are logged: a rewrite subtracts what its item counted before, so it is
      // tracked at once (and `apply` settles the log first).
      if ((before as Snapshot).items.length > 0 || items.some((i) => i.status !== 'created')) {
        await settle(workspaceId, now); // the customers' logged items first, in their order
        return repo.track(workspaceId, items, before, now);
      }
      const rows = items.flatMap((i) =>
        i.customerId === null
          ? []
          : [
              {
                workspace_id: workspaceId,
                customer_id: i.customerId,
                facts: JSON.stringify(factsOfItem({ ...i, customerId: i.customerId })),
                logged_at: now,
              },
            ],
      );
      for (const part of chunks(rows, 1000))
        await db.insertInto('customer_profile_log').values(part).execute();
    },

    settle: (workspaceId, now) => settle(workspaceId, now),

    async countCustomers(workspaceId, atMost) {
      const row = await db
        .selectFrom(
          db
            .selectFrom('customers')
            .select('id')
            .where('workspace_id', '=', workspaceId)
            .limit(atMost)
            .as('c'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async unsettled(before) {
      const rows = await db
        .selectFrom('customer_profile_log')
        .select('workspace_id')
        .distinct()
        .where('logged_at', '<', before)
        .execute();
      return rows.map((r) => r.workspace_id);
    },

    async trackStored(workspaceId, itemIds, write) {
      const before = await repo.snapshot(workspaceId, itemIds);
      const result = await write();
      const after = itemIds.length === 0 ? [] : await readFacts(db, workspaceId, itemIds);
      await apply(workspaceId, [], (before as Snapshot).items, after, new Date().toISOString());
      return result;
    },

    async forget(workspaceId, customerIds) {
      await settle(workspaceId, new Date().toISOString());
      for (const part of chunks([...new Set(customerIds)].sort())) {
        const old = await readStats(conn, workspaceId, part, true);
        await shiftStageDays(conn, workspaceId, old, []);
        for (const table of ['customer_stats', 'customer_moments'] as const)
          await db
            .deleteFrom(table)
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', 'in', part)
            .execute();
      }
    },

    async recompute(workspaceId, customerIds, now) {
      if (customerIds.length === 0) return;
      await settle(workspaceId, now);
      await recomputeProfiles(db, dialect, workspaceId, customerIds, now);
    },

    async setReferrals(workspaceId, rows, now) {
      await settle(workspaceId, now); // a customer only in the log has no stats row yet
      const wanted = new Map(rows.map((r) => [r.customerId, Math.max(0, Math.round(r.referrals ?? 0))]));
      const current = await readStats(conn, workspaceId, [...wanted.keys()], true);
      const changed = current
        .filter((s) => wanted.get(s.customerId) !== s.referrals)
        .map((s) => {
          const next = { ...s, referrals: wanted.get(s.customerId) ?? 0, updatedAt: now };
          return { ...next, ...derived(next) };
        });
      await writeStats(conn, workspaceId, changed, new Map(current.map((s) => [s.customerId, s])));
    },

    stats: (workspaceId, customerIds) => readStats(conn, workspaceId, customerIds),

    async touchpoints(workspaceId, customerId) {
      const [row] = await readRows(conn, workspaceId, [customerId]);
      return Object.entries(row?.counts.touchpoints ?? {})
        .filter(([, [mentions]]) => mentions > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, [mentions, positive, negative]]) => ({
          customerId,
          touchpointKey: key,
          mentions,
          positive,
          negative,
        }));
    },

    async intents(workspaceId, customerId) {
      const [row] = await readRows(conn, workspaceId, [customerId]);
      return Object.entries(row?.counts.intents ?? {})
        .filter(([, [count]]) => count > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([intent, [count]]) => ({ customerId, intent, count }));
    },

    async lifecycle({ workspaceId, stage, now, cursor, limit }) {
      // Each stage reads its own threshold's index from `now`, in the order that lists the most
      // relevant first: most recently lapsed / at risk, newest newcomers, the active closest to risk.
      const column = stage === 'lapsed' ? 'lapsed_after' : stage === 'new' ? 'new_until' : 'at_risk_after';
      const desc = stage !== 'active';
      const after = decode(cursor);
      let q = db.selectFrom('customer_stats').selectAll().where('workspace_id', '=', workspaceId);
      if (stage === 'lapsed') q = q.where('lapsed_after', '<=', now);
      else if (stage === 'at_risk') q = q.where('at_risk_after', '<=', now).where('lapsed_after', '>', now);
      else if (stage === 'new') q = q.where('new_until', '>', now);
      else
        q = q
          .where('at_risk_after', '>', now)
          .where((eb) => eb.or([eb('new_until', 'is', null), eb('new_until', '<=', now)]));
      if (after) {
        const [value, id] = after;
        const v = String(value);
        q = q.where(keysetAfter(column, 'customer_id', v, id, desc ? 'desc' : 'asc'));
      }
      const rows = await q
        .orderBy(column, desc ? 'desc' : 'asc')
        .orderBy('customer_id', desc ? 'desc' : 'asc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit).map(presentStats);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items: page, next: last ? encode(last[column], last.customer_id) : null };
    },

    async stageCounts(workspaceId, now) {
      // count(threshold <= now) = the days before today, from the maintained per-day counts, plus the
      // rows whose threshold falls on today up to now (a short index range); totals from the same table.
      const today = now.slice(0, 10);
      const start = `${today}T00:00:00.000Z`;
      const days = await db
        .selectFrom('customer_stage_days')
        .select([
          'threshold',
          sql<number>`sum(n)`.as('total'),
          sql<number>`sum(case when day < ${today} then n else 0 end)`.as('before'),
        ])
        .where('workspace_id', '=', workspaceId)
        .groupBy('threshold')
        .execute();
      const partial = (column: 'new_until' | 'at_risk_after' | 'lapsed_after', visits?: number) =>
        db
          .selectFrom('customer_stats')
          .select(sql<number>`count(*)`.as('n'))
          .where('workspace_id', '=', workspaceId)
          .where(column, '>=', start)
          .where(column, '<=', now)
          .$if(visits !== undefined, (qb) => qb.where('visits', '=', visits ?? 0))
          .executeTakeFirstOrThrow();
      const [new1, new2, atRisk, lapsed] = await Promise.all([
        partial('new_until', 1),
        partial('new_until', 2),
        partial('at_risk_after'),
        partial('lapsed_after'),
      ]);
      const today_ = { new1, new2, at_risk: atRisk, lapsed };
      const total = (t: StageThreshold) => Number(days.find((d) => d.threshold === t)?.total ?? 0);
      /** How many rows have this threshold at or before now. */
      const passed = (t: StageThreshold) =>
        Number(days.find((d) => d.threshold === t)?.before ?? 0) + Number(today_[t].n);
      return {
        new: total('new1') - passed('new1') + total('new2') - passed('new2'),
        active: total('at_risk') - passed('at_risk') - (total('new2') - passed('new2')),
        at_risk: passed('at_risk') - passed('lapsed'),
        lapsed: passed('lapsed'),
        one_off: passed('new1'),
      };
    },

    async ambassadors(workspaceId, cursor, limit) {
      const after = decode(cursor);
      let q = db
        .selectFrom('customer_stats')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('promoter', '=', 1);
      if (after) {
        const [score, id] = after;
        const v = Number(score);
        q = q.where(keysetAfter('ambassador_score', 'customer_id', v, id));
      }
      const rows = await q
        .orderBy('ambassador_score', 'desc')
        .orderBy('customer_id', 'desc')
        .limit(limit + 1)
        .execute();
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return {
        items: rows.slice(0, limit).map(presentStats),
        next: last ? encode(Number(last.ambassador_score), last.customer_id) : null,
      };
    },

    async addMoments(workspaceId, moments, now) {
      await insertRows(
        conn,
        'customer_moments',
        ['id', 'workspace_id', 'customer_id', 'kind', 'occurred_at', 'detail', 'dismissed_at', 'created_at'],
        moments.map((m) => [
          newSortableId(),
          workspaceId,
          m.customerId,
          m.kind,
          m.occurredAt,
          JSON.stringify(m.detail),
          null,
          now,
        ]),
      );
    },

    async moments({ workspaceId, since, customerId, cursor, limit }) {
      const after = decode(cursor);
      let q = db
        .selectFrom('customer_moments')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('occurred_at', '>=', since)
        .where('dismissed_at', 'is', null);
      if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
      if (after) {
        const [at, id] = after;
        const v = String(at);
        q = q.where(keysetAfter('occurred_at', 'id', v, id));
      }
      const rows = await q
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return {
        items: rows.slice(0, limit).map(presentMoment),
        next: last ? encode(last.occurred_at, last.id) : null,
      };
    },

    async dismissMoment(workspaceId, id, now) {
      const r = await db
        .updateTable('customer_moments')
        .set({ dismissed_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('dismissed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async upcomingDates(workspaceId, fromMd, toMd, limit) {
      const ranges: [string, string][] =
        fromMd <= toMd
          ? [[fromMd, toMd]]
          : [
              [fromMd, '12-31'],
              ['01-01', toMd],
            ];
      const out: CustomerDate[] = [];
      for (const kind of DATE_KINDS) {
        const md = `${kind}_md` as const;
        for (const [from, to] of ranges) {
          const rows = await db
            .selectFrom('customers')
            .select(['id', 'display_name', 'name', 'language', kind])
            .where('workspace_id', '=', workspaceId)
            .where(md, '>=', from)
            .where(md, '<=', to)
            .where('merged_into', 'is', null)
            .where('erased_at', 'is', null)
            .orderBy(md)
            .limit(limit)
            .execute();
          for (const r of rows) {
            const date = r[kind];
            if (date === null) continue;
            out.push({
              customerId: r.id,
              kind,
              date,
              displayName: r.display_name ?? r.name,
              language: r.language,
            });
          }
        }
      }
      return out;
    },
  };
  return repo;
}
