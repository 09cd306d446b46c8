import { sql, type SelectQueryBuilder } from 'kysely';
import type { AnalysisResult, SentimentLabel } from '../../analysis/types.js';
import type { Channel, ScoreKind } from '../../core/feedback/schema.js';
import { SliceSize } from '../../core/slices.js';
import type {
  FeedbackCounts,
  FeedbackFilter,
  FeedbackRepo,
  FeedbackSort,
  NewItemVersion,
  StoredIdentity,
} from '../../core/ports.js';
import type { AnalysisStatus, BrandKind, FeedbackItem, FeedbackWithAnalysis } from '../../core/types.js';
import type { DB } from '../schema.js';
import { reapplySentimentCorrection, type CorrectionsTable } from './corrections.js';
import { coverRanges } from './metrics.js';
import { chunks, newSortableId, olderThan, parseJson, readNewestInPages, type Conn } from './util.js';

type ItemQuery = SelectQueryBuilder<DB, 'feedback_items', object>;

/** Sort key expressions: nullable columns sort as -1 so keyset pagination stays total. */
const SORTS: Record<FeedbackSort, { column: string; dir: 'asc' | 'desc' }> = {
  '-postedAt': { column: 'posted_at', dir: 'desc' },
  postedAt: { column: 'posted_at', dir: 'asc' },
  '-rating': { column: 'rating', dir: 'desc' },
  rating: { column: 'rating', dir: 'asc' },
  '-urgency': { column: 'urgency', dir: 'desc' },
};

function sortExpr(column: string) {
  return column === 'posted_at' ? sql.ref(`fi.${column}`) : sql`coalesce(${sql.ref(`fi.${column}`)}, -1)`;
}

/** Most items a count reads for filters the rollups do not keep; beyond it the counts say "1,000+" (at 10,000 a search or sentiment count read 10,000 rows twice: 0.3–0.7 s at a million items). */
export const COUNT_CAP = 1_000;

/** At most this many items of an intent are read first and ordered alone (PostgreSQL). */
const RARE_INTENT = 10_000;

/** Items a PostgreSQL search tests one by one, in the list's order, before it reads the index of matches. */
const SEARCH_WINDOW = 2_000;

/** Rows per read of the training's examples (`labelled`), with a yield between reads: sized by the time the last read took. */
const LABELLED_PAGE = { initial: 250, min: 50, max: 2_000 };
type LabelledRow = Awaited<ReturnType<FeedbackRepo['labelled']>>[number];

/** Each word a quoted FTS5 string: no operator in customer-typed text can change the query. */
function ftsMatch(words: readonly string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
}

const emptyCounts = (exact: boolean): FeedbackCounts => ({
  total: 0,
  exact,
  bySentiment: { negative: 0, neutral: 0, positive: 0, unanalysed: 0 },
  byTouchpoint: [],
  byBrand: [],
});

const MIDNIGHT = 'T00:00:00.000Z';

/**
 * A filter whose brand was looked up (`brandId`; null: no such brand), and with a segment, the
 * segment's size (`segmentMembers`), which picks the plan.
 */
type ResolvedFilter = FeedbackFilter & { brandId?: string | null; segmentMembers?: number };

/**
 * Above this many members a segment filter probes each item's customer in the members' primary key
 * while reading the items in the list's order (a page stops after ~limit / share rows); up to it, the
 * members' items are read by (workspace, customer, posted_at) and sorted (∝ the members' items).
 * Measured at 100k customers × 3 items on SQLite: a segment of 10,000 took 305 ms p50 the second way.
 */
export const SEGMENT_PROBE_ABOVE = 2_000;

/**
 * The UTC days of a filter the rollups can answer exactly, `to` exclusive (YYYY-MM-DD); undefined
 * when the filter has a condition they do not keep (search, sentiment, intent, rating, a time of day).
 */
export function rollupDays(f: FeedbackFilter): { from?: string; to?: string } | undefined {
  if (f.q?.length || f.sentiment !== undefined || f.intent !== undefined) return undefined;
  if (f.segment !== undefined) return undefined; // the rollups know no customers: counted from the items
  if (f.ratingMin !== undefined || f.ratingMax !== undefined) return undefined;
  const day = (t: string | undefined) =>
    t === undefined ? undefined : t.endsWith(MIDNIGHT) ? t.slice(0, 10) : null;
  const from = day(f.from);
  const to = day(f.to);
  if (from === null || to === null) return undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function prevDay(day: string): string {
  const d = new Date(`${day}${MIDNIGHT}`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function feedbackRepo({ db, dialect }: Conn): FeedbackRepo {
  /**
   * The filter with its brand (id or slug) resolved to the brand's id first: `brand_id = ?` lets
   * both databases read the (workspace, brand, posted_at, id) index in the list's order, where
   * `brand_id IN (subquery)` made PostgreSQL sort every item of the brand (issue #13).
   */
  async function resolveBrand(workspaceId: string, f: FeedbackFilter): Promise<ResolvedFilter> {
    if (f.segment !== undefined) {
      const seg = await sql<{ members: number }>`select members from segments
        where workspace_id = ${workspaceId} and id = ${f.segment}`.execute(db);
      const resolved = await resolveBrand(workspaceId, { ...f, segment: undefined });
      return { ...resolved, segment: f.segment, segmentMembers: Number(seg.rows[0]?.members ?? 0) };
    }
    if (f.brand === undefined) return f;
    const brand = f.brand;
    const found = await db
      .selectFrom('brands')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where((b) => b.or([b('id', '=', brand), b('slug', '=', brand)]))
      .executeTakeFirst();
    return { ...f, brand: undefined, brandId: found?.id ?? null };
  }

  /** Applies every filter; the workspace filter is always first and always there. */
  function filtered(workspaceId: string, f: ResolvedFilter) {
    let q = db.selectFrom('feedback_items as fi').where('fi.workspace_id', '=', workspaceId);
    // A brand that does not exist matches nothing.
    if (f.brandId !== undefined) q = q.where('fi.brand_id', '=', f.brandId ?? '');
    if (f.brand !== undefined) {
      const brand = f.brand;
      q = q.where((eb) =>
        eb(
          'fi.brand_id',
          'in',
          eb
            .selectFrom('brands')
            .select('brands.id')
            .where('brands.workspace_id', '=', workspaceId)
            .where((b) => b.or([b('brands.id', '=', brand), b('brands.slug', '=', brand)])),
        ),
      );
    }
    if (f.platform !== undefined) q = q.where('fi.platform', '=', f.platform);
    if (f.channel !== undefined) q = q.where('fi.channel', '=', f.channel);
    if (f.sentiment !== undefined) q = q.where('fi.sentiment_label', '=', f.sentiment);
    if (f.language !== undefined) q = q.where('fi.language', '=', f.language);
    if (f.ratingMin !== undefined) q = q.where('fi.rating', '>=', f.ratingMin);
    if (f.ratingMax !== undefined) q = q.where('fi.rating', '<=', f.ratingMax);
    if (f.from !== undefined) q = q.where('fi.posted_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('fi.posted_at', '<', f.to);
    if (f.segment !== undefined) {
      // A large segment: the list's own order, probing the members' primary key (segment_id,
      // customer_id) per item; a small one: its members' items by (workspace, customer, posted_at) of 0018.
      const segment = f.segment;
      q =
        (f.segmentMembers ?? 0) > SEGMENT_PROBE_ABOVE
          ? q.where(
              sql<boolean>`exists (select 1 from segment_members sm
                where sm.segment_id = ${segment} and sm.customer_id = fi.customer_id)`,
            )
          : q.where('fi.customer_id', 'in', (eb) =>
              eb
                .selectFrom(sql.table('segment_members').as('sm'))
                .select(sql.ref<string>('sm.customer_id').as('customer_id'))
                .where(sql.ref('sm.segment_id'), '=', segment),
            );
    }
    if (f.touchpoint !== undefined) {
      const key = f.touchpoint;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('item_touchpoints as it')
            .select(sql.lit(1).as('one'))
            .whereRef('it.item_id', '=', 'fi.id')
            .where('it.touchpoint_key', '=', key),
        ),
      );
    }
    if (f.intent !== undefined) {
      const intent = f.intent;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('item_intents as ii')
            .select(sql.lit(1).as('one'))
            .whereRef('ii.item_id', '=', 'fi.id')
            .where('ii.intent', '=', intent),
        ),
      );
    }
    if (f.q !== undefined && f.q.length > 0) {
      const words = f.q;
      if (dialect === 'sqlite') {
        // The FTS5 rowids of the matches come from its index alone; `item_id` and `workspace_id` are
        // stored columns, read row by row (issue #13: 1.3 s for a common word at 100k items, now 1 ms).
        // The workspace is the outer query's first condition.
        q = q.where('fi.search_rowid', 'in', ftsRowids(words));
      } else q = q.where('fi.id', 'in', searchSubquery(workspaceId, words));
    }
    return q;
  }

  /** SQLite's search: the FTS5 rowids that match every word, within `range` of rowids if given. */
  function ftsRowids(words: readonly string[], range?: [number, number]) {
    let q = db
      .selectFrom('feedback_search as fs')
      .select(sql<number>`fs.rowid`.as('rowid'))
      .where(sql<boolean>`feedback_search MATCH ${ftsMatch(words)}`);
    if (range) q = q.where(sql<boolean>`fs.rowid >= ${range[0]} and fs.rowid <= ${range[1]}`);
    return q;
  }

  /** PostgreSQL's search: the items whose tsvector matches every word. */
  function searchSubquery(workspaceId: string, words: string[]) {
    return db
      .selectFrom('feedback_search as fs')
      .select('fs.item_id')
      .where('fs.workspace_id', '=', workspaceId)
      .where(sql<boolean>`fs.body @@ ${tsQuery(words)}`);
  }

  /** PostgreSQL's query of a search: every word, as the search rows are indexed ('simple'). */
  function tsQuery(words: readonly string[]) {
    return sql`plainto_tsquery('simple', ${words.join(' ')})`;
  }

  /**
   * The first `limit` matches of a search among the next SEARCH_WINDOW items of `unsearched` (the
   * list's filters, order and cursor without the search), or undefined when the window held fewer and
   * items past it may match: the caller then reads the full match. Correct because every item past
   * the window's edge comes after every item in it, in the list's order.
   */
  async function searchWindow(
    unsearched: ReturnType<typeof filtered>,
    key: ReturnType<typeof sortExpr>,
    dir: 'asc' | 'desc',
    words: string[],
    limit: number,
  ): Promise<Awaited<ReturnType<typeof selectItems>> | undefined> {
    let windowed: ReturnType<typeof filtered>;
    let edge: { k: unknown; id: string } | undefined;
    if (dialect === 'postgres') {
      // Each item of the window tested on its own text (a per-row subplan, which PostgreSQL never
      // turns into a join over every match).
      edge = await unsearched
        .select([sql<unknown>`${key}`.as('k'), 'fi.id as id'])
        .offset(SEARCH_WINDOW - 1)
        .limit(1)
        .executeTakeFirst();
      windowed = unsearched.where(
        sql<boolean>`(select fs.body from feedback_search fs where fs.item_id = fi.id) @@ ${tsQuery(words)}`,
      );
    } else {
      // FTS5 can only answer a match as a set, but it reads a range of rowids alone: the window's
      // items were indexed at about the same time, so the range of their rowids holds few other
      // matches (an edited item is indexed again at the end, which widens it: never worse than the
      // full set).
      const window = await unsearched
        .select([sql<unknown>`${key}`.as('k'), 'fi.id as id', 'fi.search_rowid as r'])
        .limit(SEARCH_WINDOW)
        .execute();
      if (window.length === SEARCH_WINDOW) edge = window.at(-1);
      const rowids = window.flatMap((w) => (w.r === null ? [] : [Number(w.r)]));
      if (rowids.length === 0) return edge ? undefined : [];
      const [lo, hi] = [Math.min(...rowids), Math.max(...rowids)];
      windowed = unsearched.where('fi.search_rowid', 'in', ftsRowids(words, [lo, hi]));
    }
    if (edge) {
      const within = dir === 'desc' ? sql.raw('>=') : sql.raw('<=');
      windowed = windowed.where(sql<boolean>`(${key}, fi.id) ${within} (${edge.k}, ${edge.id})`);
    }
    const rows = await selectItems(windowed.limit(limit) as unknown as ItemQuery);
    return rows.length === limit || !edge ? rows : undefined;
  }

  /**
   * Counts from the rollups (issue #13: the three GROUP BYs over every item took 2.6–8 s at a
   * million items): exact, and a few hundred rows read whatever the history, for the filters the
   * rollups keep (brand, platform, channel, language, touchpoint, whole UTC days).
   */
  async function countsFromRollups(
    workspaceId: string,
    f: FeedbackFilter,
    days: { from?: string; to?: string },
  ): Promise<FeedbackCounts> {
    let brandIds: string[] | undefined;
    if (f.brand !== undefined) {
      const brand = f.brand;
      const rows = await db
        .selectFrom('brands')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where((b) => b.or([b('id', '=', brand), b('slug', '=', brand)]))
        .execute();
      brandIds = rows.map((r) => r.id);
      if (brandIds.length === 0) return emptyCounts(true);
    }
    const ranges =
      days.from === undefined && days.to === undefined
        ? [{ grain: 'm' as const }]
        : coverRanges(days.from ?? '1900-01-01', prevDay(days.to ?? '9999-12-31'));
    // Without a platform, channel or language filter the per-brand rollups answer (20–40× fewer rows).
    const fine = f.platform !== undefined || f.channel !== undefined || f.language !== undefined;
    // One query per table: the dimensions and ranges as conditions, the rows summed by brand here.
    const read = (kind: 'items' | 'touchpoints', touchpoint?: string) => {
      const table = fine ? `rollup_${kind}` : `rollup_brand_${kind}`;
      let q = db
        .selectFrom(table as 'rollup_touchpoints')
        .where('workspace_id', '=', workspaceId)
        .where((eb) =>
          eb.or(
            ranges.map((r) =>
              'from' in r
                ? eb.and([eb('grain', '=', r.grain), eb('bucket', '>=', r.from), eb('bucket', '<=', r.to)])
                : eb('grain', '=', r.grain),
            ),
          ),
        );
      if (brandIds) q = q.where('brand_id', 'in', brandIds);
      if (f.platform !== undefined) q = q.where('platform', '=', f.platform);
      if (f.channel !== undefined) q = q.where('channel', '=', f.channel);
      if (f.language !== undefined) q = q.where('language', '=', f.language);
      if (touchpoint !== undefined) q = q.where('touchpoint_key', '=', touchpoint);
      return q;
    };
    const items = await read(f.touchpoint ? 'touchpoints' : 'items', f.touchpoint)
      .select((eb) => [
        'brand_id',
        eb.fn.sum<number>('n').as('n'),
        eb.fn.sum<number>('positive').as('positive'),
        eb.fn.sum<number>('negative').as('negative'),
        eb.fn.sum<number>('neutral').as('neutral'),
      ])
      .groupBy('brand_id')
      .execute();
    const tps = await read('touchpoints', f.touchpoint)
      .select((eb) => [
        'touchpoint_key',
        eb.fn.sum<number>('n').as('n'),
        eb.fn.sum<number>('tp_positive').as('positive'),
        eb.fn.sum<number>('tp_negative').as('negative'),
        eb.fn.sum<number>('tp_neutral').as('neutral'),
      ])
      .groupBy('touchpoint_key')
      .execute();
    const out = emptyCounts(true);
    const tally = (r: { n: unknown; positive: unknown; negative: unknown; neutral: unknown }) => ({
      total: Number(r.n ?? 0),
      negative: Number(r.negative ?? 0),
      neutral: Number(r.neutral ?? 0),
      positive: Number(r.positive ?? 0),
    });
    for (const r of items) {
      const t = tally(r);
      if (t.total === 0) continue;
      out.total += t.total;
      out.bySentiment.negative += t.negative;
      out.bySentiment.neutral += t.neutral;
      out.bySentiment.positive += t.positive;
      out.bySentiment.unanalysed += t.total - t.negative - t.neutral - t.positive;
      out.byBrand.push({ brandId: r.brand_id, ...t });
    }
    for (const r of tps) {
      const t = tally(r);
      if (t.total > 0) out.byTouchpoint.push({ key: r.touchpoint_key, ...t });
    }
    out.byBrand.sort((a, b) => b.total - a.total);
    out.byTouchpoint.sort((a, b) => b.total - a.total);
    return out;
  }

  /**
   * Counts for filters the rollups do not keep (search, intent, sentiment, rating, times within a
   * day): over at most COUNT_CAP matching items (a search's newest received), so a broad filter never
   * scans the history; `exact: false` says the figures are a floor ("1,000+").
   */
  async function boundedCounts(workspaceId: string, f: FeedbackFilter, cap: number): Promise<FeedbackCounts> {
    // Without a search a count reads its matches in no order: a segment's own members' items are the
    // fewest rows to read.
    const resolved = { ...(await resolveBrand(workspaceId, f)), segmentMembers: 0 };
    const rows = await matching(workspaceId, resolved)
      .select(['fi.id as id', 'fi.sentiment_label as label', 'fi.brand_id as brand'])
      .limit(cap + 1)
      .execute();
    const exact = rows.length <= cap;
    const kept = exact ? rows : rows.slice(0, cap);
    const out = emptyCounts(exact);
    const byBrand = new Map<string, FeedbackCounts['byBrand'][number]>();
    const byTp = new Map<string, FeedbackCounts['byTouchpoint'][number]>();
    const add = (
      t: { total: number; negative: number; neutral: number; positive: number },
      label: string | null,
    ) => {
      t.total++;
      if (label === 'negative' || label === 'neutral' || label === 'positive') t[label]++;
    };
    for (const r of kept) {
      out.total++;
      const label = r.label as SentimentLabel | null;
      out.bySentiment[label ?? 'unanalysed']++;
      const b = byBrand.get(r.brand) ?? { brandId: r.brand, total: 0, negative: 0, neutral: 0, positive: 0 };
      add(b, label);
      byBrand.set(r.brand, b);
    }
    // The touchpoints of the same items, grouped by the database. PostgreSQL by the ids just read:
    // matching again built the GIN bitmap of every match a second time (40–50 ms a statement for a
    // word in one item of ten at a million). SQLite by the same bounded match as a subquery: with a
    // list of 500 ids its planner chose the (workspace, touchpoint) index for the GROUP BY and read
    // every touchpoint of the workspace (17 s a statement at 5 million items, issue #13).
    const tps = await db
      .selectFrom('item_touchpoints as it')
      .select([
        'it.touchpoint_key as key',
        'it.sentiment_label as label',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('it.workspace_id', '=', workspaceId)
      .where((eb) =>
        dialect === 'postgres'
          ? sql<boolean>`it.item_id = any(${kept.map((r) => r.id)})`
          : eb('it.item_id', 'in', matching(workspaceId, resolved).select('fi.id').limit(cap)),
      )
      .groupBy(['it.touchpoint_key', 'it.sentiment_label'])
      .execute();
    for (const t of tps) {
      const e = byTp.get(t.key) ?? { key: t.key, total: 0, negative: 0, neutral: 0, positive: 0 };
      const n = Number(t.n);
      e.total += n;
      if (t.label === 'negative' || t.label === 'neutral' || t.label === 'positive') e[t.label] += n;
      byTp.set(t.key, e);
    }
    out.byBrand = [...byBrand.values()].sort((a, b) => b.total - a.total);
    out.byTouchpoint = [...byTp.values()].sort((a, b) => b.total - a.total);
    return out;
  }

  /**
   * The items a filter matches, for a bounded read. Without a search, in no order. With one, the
   * newest received first, which is also what keeps it fast: the search index drives (on SQLite the
   * full-text index's rowids descending, read lazily; on PostgreSQL the search rows' time-ordered
   * primary key backwards), so a LIMIT stops early among recent pages that are in the cache. Issue
   * #13: unordered, PostgreSQL scanned the search rows from the oldest and read 1,001 cold item
   * pages for the counts of a common word (127 / 159 ms p50 / p95 at 3.9 million items).
   */
  function matching(workspaceId: string, f: ResolvedFilter) {
    if (f.q === undefined || f.q.length === 0) return filtered(workspaceId, f);
    const joined = filtered(workspaceId, { ...f, q: undefined })
      .innerJoin('feedback_search as fs', 'fs.item_id', 'fi.id')
      .where('fs.workspace_id', '=', workspaceId);
    return dialect === 'postgres'
      ? joined.where(sql<boolean>`fs.body @@ ${tsQuery(f.q)}`).orderBy('fs.item_id', 'desc')
      : joined.where(sql<boolean>`feedback_search MATCH ${ftsMatch(f.q)}`).orderBy(sql`fs.rowid`, 'desc');
  }

  /** Indexes the item's text; `fresh` items have nothing to replace. */
  async function writeSearch(workspaceId: string, itemId: string, body: string, fresh: boolean) {
    if (dialect === 'postgres') {
      const row = {
        item_id: itemId,
        workspace_id: workspaceId,
        body: sql<string>`to_tsvector('simple', ${body})`,
      };
      await db
        .insertInto('feedback_search')
        .values(row)
        .onConflict((oc) => oc.column('item_id').doUpdateSet({ body: row.body }))
        .execute();
      return;
    }
    // FTS5 cannot index item_id, so a delete by item_id scans the table: delete by the stored rowid.
    if (!fresh) {
      const old = await db
        .selectFrom('feedback_items')
        .select('search_rowid')
        .where('id', '=', itemId)
        .executeTakeFirst();
      if (old?.search_rowid != null)
        await db.deleteFrom('feedback_search').where(sql.ref('rowid'), '=', old.search_rowid).execute();
    }
    const inserted = await db
      .insertInto('feedback_search')
      .values({ item_id: itemId, workspace_id: workspaceId, body })
      .executeTakeFirst();
    await db
      .updateTable('feedback_items')
      .set({ search_rowid: Number(inserted.insertId) })
      .where('id', '=', itemId)
      .execute();
  }

  async function writeAnalysis(
    workspaceId: string,
    itemId: string,
    version: number,
    a: AnalysisResult,
    now: string,
    fresh = false,
  ) {
    await db
      .insertInto('analysis_results')
      .values({
        id: newSortableId(),
        workspace_id: workspaceId,
        item_id: itemId,
        version,
        model: a.model,
        result: JSON.stringify(a),
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['item_id', 'version'])
          .doUpdateSet({ model: a.model, result: JSON.stringify(a), created_at: now }),
      )
      .execute();
    if (!fresh) await db.deleteFrom('item_touchpoints').where('item_id', '=', itemId).execute();
    if (a.touchpoints.length > 0) {
      await db
        .insertInto('item_touchpoints')
        .values(
          a.touchpoints.map((t) => ({
            workspace_id: workspaceId,
            item_id: itemId,
            touchpoint_key: t.key,
            sentiment_label: t.sentiment.label,
            sentiment_score: t.sentiment.score,
          })),
        )
        .execute();
    }
    if (!fresh) await db.deleteFrom('item_intents').where('item_id', '=', itemId).execute();
    if (a.intents.length > 0) {
      await db
        .insertInto('item_intents')
        .values(
          a.intents.map((i) => ({
            workspace_id: workspaceId,
            item_id: itemId,
            intent: i.intent,
            confidence: i.confidence,
          })),
        )
        .execute();
    }
    await db
      .updateTable('feedback_items')
      .set({
        analysis_status: 'done',
        language: a.language,
        sentiment_label: a.sentiment.label,
        sentiment_score: a.sentiment.score,
        urgency: a.urgency.score,
      })
      .where('id', '=', itemId)
      .where('workspace_id', '=', workspaceId)
      .execute();
  }

  function versionRow(
    workspaceId: string,
    itemId: string,
    version: number,
    item: NewItemVersion,
    now: string,
  ) {
    const { input } = item;
    return {
      id: newSortableId(),
      workspace_id: workspaceId,
      item_id: itemId,
      version,
      title: input.title ?? null,
      text: input.text,
      rating: input.rating ?? null,
      score_kind: input.score?.kind ?? null,
      score_value: input.score?.value ?? null,
      author_reach: input.author?.reach ?? null,
      content_hash: item.contentHash,
      received_at: now,
    };
  }

  function analysisColumns(a: AnalysisResult | null) {
    return {
      analysis_status: a ? 'done' : 'pending',
      language: a?.language ?? null,
      sentiment_label: a?.sentiment.label ?? null,
      sentiment_score: a?.sentiment.score ?? null,
      urgency: a?.urgency.score ?? null,
    };
  }

  function itemColumns(item: NewItemVersion, now: string) {
    const { input } = item;
    return {
      brand_id: item.brandId,
      channel: item.channel,
      author_handle: input.author?.handle ?? null,
      author_name: input.author?.name ?? null,
      author_reach: input.author?.reach ?? null,
      rating: input.rating ?? null,
      score_kind: input.score?.kind ?? null,
      score_value: input.score?.value ?? null,
      title: input.title ?? null,
      text: input.text,
      url: input.url ?? null,
      declared_touchpoint: input.touchpoint ?? null,
      posted_at: new Date(input.postedAt).toISOString(),
      updated_at: now,
      analysis_status: 'pending',
      language: null,
      sentiment_label: null,
      sentiment_score: null,
      urgency: null,
    };
  }

  /** Loads brand, touchpoints and intents for a page of rows. */
  async function present(rows: Awaited<ReturnType<typeof selectItems>>): Promise<FeedbackItem[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [tps, intents] = await Promise.all([
      db
        .selectFrom('item_touchpoints')
        .select(['item_id', 'touchpoint_key', 'sentiment_label', 'sentiment_score'])
        .where('item_id', 'in', ids)
        .execute(),
      db.selectFrom('item_intents').select(['item_id', 'intent']).where('item_id', 'in', ids).execute(),
    ]);
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      brand: { id: r.brand_id, name: r.brand_name, slug: r.brand_slug, kind: r.brand_kind as BrandKind },
      customerId: r.customer_id,
      platform: r.platform,
      channel: r.channel as Channel,
      externalId: r.external_id,
      version: r.version,
      author: {
        handle: r.author_handle,
        name: r.author_name,
        reach: r.author_reach === null ? null : Number(r.author_reach),
      },
      rating: r.rating,
      score:
        r.score_kind === null || r.score_value === null
          ? null
          : { kind: r.score_kind as ScoreKind, value: r.score_value },
      title: r.title,
      text: r.text,
      url: r.url,
      postedAt: r.posted_at,
      receivedAt: r.received_at,
      updatedAt: r.updated_at,
      analysisStatus: r.analysis_status as AnalysisStatus,
      language: r.language,
      sentiment:
        r.sentiment_label === null || r.sentiment_score === null
          ? null
          : { label: r.sentiment_label as SentimentLabel, score: r.sentiment_score },
      urgency: r.urgency,
      touchpoints: tps
        .filter((t) => t.item_id === r.id)
        .map((t) => ({
          key: t.touchpoint_key,
          label: t.sentiment_label as SentimentLabel,
          score: t.sentiment_score,
        })),
      intents: intents.filter((i) => i.item_id === r.id).map((i) => i.intent),
      declaredTouchpoint: r.declared_touchpoint,
    }));
  }

  function selectItems(q: ItemQuery) {
    return (q as unknown as ReturnType<typeof filtered>)
      .innerJoin('brands as b', 'b.id', 'fi.brand_id')
      .selectAll('fi')
      .select(['b.name as brand_name', 'b.slug as brand_slug', 'b.kind as brand_kind'])
      .execute();
  }

  return {
    async findIdentities(workspaceId, keys) {
      if (keys.length === 0) return [];
      // One IN list per platform keeps the unique index in use; a long OR of pairs made SQLite scan.
      const byPlatform = new Map<string, string[]>();
      for (const k of keys) byPlatform.set(k.platform, [...(byPlatform.get(k.platform) ?? []), k.externalId]);
      const found: StoredIdentity[] = [];
      for (const [platform, externalIds] of byPlatform) {
        const rows = await db
          .selectFrom('feedback_items as fi')
          .innerJoin('feedback_versions as fv', (j) =>
            j.onRef('fv.item_id', '=', 'fi.id').onRef('fv.version', '=', 'fi.version'),
          )
          .select(['fi.id', 'fi.platform', 'fi.external_id', 'fi.version', 'fv.content_hash'])
          .where('fi.workspace_id', '=', workspaceId)
          .where('fi.platform', '=', platform)
          .where('fi.external_id', 'in', [...new Set(externalIds)])
          .execute();
        for (const r of rows) {
          found.push({
            id: r.id,
            platform: r.platform,
            externalId: r.external_id,
            version: r.version,
            contentHash: r.content_hash,
          });
        }
      }
      return found;
    },

    async insertMany(workspaceId, items, now) {
      const ids = items.map(() => newSortableId());
      // Multi-row statements per table: ~6 statements per chunk instead of ~10 per item.
      const CHUNK = 200;
      for (let from = 0; from < items.length; from += CHUNK) {
        const chunk = items.slice(from, from + CHUNK);
        const chunkIds = ids.slice(from, from + CHUNK);
        let searchRowids: number[] = [];
        if (dialect === 'sqlite') {
          const last = await sql<{
            rowid: number;
          }>`SELECT rowid FROM feedback_search ORDER BY rowid DESC LIMIT 1`.execute(db);
          const base = Number(last.rows[0]?.rowid ?? 0);
          searchRowids = chunk.map((_, i) => base + 1 + i);
        }
        await db
          .insertInto('feedback_items')
          .values(
            chunk.map((item, i) => ({
              id: chunkIds[i] ?? '',
              workspace_id: workspaceId,
              customer_id: item.customerId,
              customer_identity_id: item.customerIdentityId ?? null,
              platform: item.input.platform,
              external_id: item.input.externalId,
              version: 1,
              received_at: now,
              ...itemColumns(item, now),
              ...analysisColumns(item.analysis),
              search_rowid: searchRowids[i] ?? null,
            })),
          )
          .execute();
        if (dialect === 'sqlite') {
          await sql`INSERT INTO feedback_search (rowid, item_id, workspace_id, body) VALUES ${sql.join(
            chunk.map(
              (item, i) => sql`(${searchRowids[i]}, ${chunkIds[i]}, ${workspaceId}, ${item.searchBody})`,
            ),
          )}`.execute(db);
        } else {
          await db
            .insertInto('feedback_search')
            .values(
              chunk.map((item, i) => ({
                item_id: chunkIds[i] ?? '',
                workspace_id: workspaceId,
                body: sql<string>`to_tsvector('simple', ${item.searchBody})`,
              })),
            )
            .execute();
        }
        await db
          .insertInto('feedback_versions')
          .values(chunk.map((item, i) => versionRow(workspaceId, chunkIds[i] ?? '', 1, item, now)))
          .execute();
        const analysed = chunk.flatMap((item, i) =>
          item.analysis ? [{ id: chunkIds[i] ?? '', a: item.analysis }] : [],
        );
        if (analysed.length > 0) {
          await db
            .insertInto('analysis_results')
            .values(
              analysed.map(({ id, a }) => ({
                id: newSortableId(),
                workspace_id: workspaceId,
                item_id: id,
                version: 1,
                model: a.model,
                result: JSON.stringify(a),
                created_at: now,
              })),
            )
            .execute();
          const tps = analysed.flatMap(({ id, a }) =>
            a.touchpoints.map((t) => ({
              workspace_id: workspaceId,
              item_id: id,
              touchpoint_key: t.key,
              sentiment_label: t.sentiment.label,
              sentiment_score: t.sentiment.score,
            })),
          );
          if (tps.length > 0) await db.insertInto('item_touchpoints').values(tps).execute();
          const intents = analysed.flatMap(({ id, a }) =>
            a.intents.map((x) => ({
              workspace_id: workspaceId,
              item_id: id,
              intent: x.intent,
              confidence: x.confidence,
            })),
          );
          if (intents.length > 0) await db.insertInto('item_intents').values(intents).execute();
        }
      }
      return ids;
    },

    async addVersion(workspaceId, existing, item, now) {
      const version = existing.version + 1;
      await db
        .insertInto('feedback_versions')
        .values(versionRow(workspaceId, existing.id, version, item, now))
        .execute();
      await db
        .updateTable('feedback_items')
        .set({
          ...itemColumns(item, now),
          version,
          customer_id: item.customerId,
          customer_identity_id: item.customerIdentityId ?? null,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', existing.id)
        .execute();
      await writeSearch(workspaceId, existing.id, item.searchBody, false);
      if (item.analysis) await writeAnalysis(workspaceId, existing.id, version, item.analysis, now);
    },

    async list(workspaceId, filter, { sort, limit, after }) {
      const { column, dir } = SORTS[sort];
      const key = sortExpr(column);
      let resolved = await resolveBrand(workspaceId, filter);
      let only: string[] | undefined;
      if (dialect === 'postgres' && resolved.intent !== undefined) {
        // A rare intent on PostgreSQL: the planner walked the list's order probing each item for the
        // intent (legal_threat, one item in 800: 80,000 probes, 0.35–0.57 s at a million items,
        // issue #13). When the intent has few items, they are read first and only they are ordered.
        const rows = await db
          .selectFrom('item_intents')
          .select('item_id')
          .where('workspace_id', '=', workspaceId)
          .where('intent', '=', resolved.intent)
          .limit(RARE_INTENT + 1)
          .execute();
        if (rows.length <= RARE_INTENT) {
          only = rows.map((r) => r.item_id);
          resolved = { ...resolved, intent: undefined };
        }
      }
      const cmp = dir === 'desc' ? sql.raw('<') : sql.raw('>');
      const page = (q: ReturnType<typeof filtered>) => {
        if (only) q = q.where(sql<boolean>`fi.id = any(${only})`);
        if (after !== undefined) q = q.where(sql<boolean>`(${key}, fi.id) ${cmp} (${after[0]}, ${after[1]})`);
        return q.orderBy(key, dir).orderBy('fi.id', dir);
      };
      if (resolved.q !== undefined && resolved.q.length > 0) {
        // A search: the full set of matches grows with the history (PostgreSQL fetched every GIN match
        // before the order, 0.4 s for a word in one item of ten at a million; SQLite's FTS5 set for
        // "rude staff" took 96 / 113 ms p50 / p95 at 5 million; issue #13). First the page's place in
        // the order without the search: the next SEARCH_WINDOW items. Enough matches among them make
        // the page; a rarer word falls back to the full match, which is then small.
        const unsearched = page(filtered(workspaceId, { ...resolved, q: undefined }));
        const rows = await searchWindow(unsearched, key, dir, resolved.q, limit);
        if (rows) return present(rows);
      }
      return present(
        await selectItems(page(filtered(workspaceId, resolved)).limit(limit) as unknown as ItemQuery),
      );
    },

    async get(workspaceId, id) {
      const rows = await selectItems(
        filtered(workspaceId, {}).where('fi.id', '=', id) as unknown as ItemQuery,
      );
      const [item] = await present(rows);
      if (!item) return undefined;
      const versions = await db
        .selectFrom('feedback_versions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('item_id', '=', id)
        .orderBy('version', 'desc')
        .execute();
      const analysis = await db
        .selectFrom('analysis_results')
        .select('result')
        .where('workspace_id', '=', workspaceId)
        .where('item_id', '=', id)
        .where('version', '=', item.version)
        .executeTakeFirst();
      return {
        ...item,
        versions: versions.map((v) => ({
          version: v.version,
          title: v.title,
          text: v.text,
          rating: v.rating,
          score:
            v.score_kind === null || v.score_value === null
              ? null
              : { kind: v.score_kind as ScoreKind, value: v.score_value },
          receivedAt: v.received_at,
        })),
        analysis: parseJson<AnalysisResult | null>(analysis?.result, null),
      };
    },

    async getMany(workspaceId, ids) {
      const out: FeedbackWithAnalysis[] = [];
      for (const part of chunks(ids)) {
        const items = await present(
          await selectItems(filtered(workspaceId, {}).where('fi.id', 'in', part) as unknown as ItemQuery),
        );
        // The current version's analysis only.
        const analyses = await db
          .selectFrom('analysis_results as ar')
          .innerJoin('feedback_items as fi', (j) =>
            j.onRef('fi.id', '=', 'ar.item_id').onRef('fi.version', '=', 'ar.version'),
          )
          .select(['ar.item_id as item_id', 'ar.version as version', 'ar.result as result'])
          .where('ar.workspace_id', '=', workspaceId)
          .where('ar.item_id', 'in', part)
          .execute();
        const current = new Map(analyses.map((a) => [`${a.item_id}\u0000${a.version}`, a.result] as const));
        for (const item of items) {
          const result = current.get(`${item.id}\u0000${item.version}`);
          out.push({ ...item, analysis: parseJson<AnalysisResult | null>(result, null) });
        }
      }
      return out;
    },

    async counts(workspaceId, filter, options = {}) {
      const days = options.fromItems ? undefined : rollupDays(filter);
      if (days) return countsFromRollups(workspaceId, filter, days);
      return boundedCounts(workspaceId, filter, options.cap ?? COUNT_CAP);
    },

    async pendingAnalysis(limit) {
      const rows = await db
        .selectFrom('feedback_items')
        .select(['workspace_id', 'id'])
        .where('analysis_status', '=', 'pending')
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },

    async saveAnalysis(workspaceId, id, analysis, now) {
      const item = await db
        .selectFrom('feedback_items')
        .select('version')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (item) {
        await writeAnalysis(workspaceId, id, item.version, analysis, now);
        await reapplySentimentCorrection(db, workspaceId, id);
      }
    },

    async labelled(workspaceId, limit) {
      // Keyset pages with a yield between them: 50,000 texts in one read held requests up for the
      // training's read (issue #13).
      const out: LabelledRow[] = [];
      await readNewestInPages(
        limit,
        new SliceSize(LABELLED_PAGE),
        (key, size) => {
          let q = db
            .selectFrom('feedback_items')
            .select(['id', 'version', 'text', 'title', 'rating', 'score_kind', 'score_value', 'posted_at'])
            .where('workspace_id', '=', workspaceId)
            .where((eb) => eb.or([eb('rating', 'is not', null), eb('score_value', 'is not', null)]));
          if (key) q = q.where(olderThan(key));
          return q.orderBy('posted_at', 'desc').orderBy('id', 'desc').limit(size).execute();
        },
        (rows) => {
          for (const r of rows)
            out.push({
              id: r.id,
              version: r.version,
              text: r.title ? `${r.title}\n${r.text}` : r.text,
              rating: r.rating,
              score:
                r.score_kind === null || r.score_value === null
                  ? null
                  : { kind: r.score_kind, value: r.score_value },
            });
        },
      );
      return out;
    },

    async unrated(workspaceId, after, limit) {
      let q = db
        .selectFrom('feedback_items')
        .select(['id', 'title', 'text'])
        .where('workspace_id', '=', workspaceId)
        .where('rating', 'is', null)
        .where('score_value', 'is', null);
      if (after !== undefined) q = q.where('id', '>', after);
      return q.orderBy('id').limit(limit).execute();
    },

    async labelledCounts(min) {
      // From the monthly rollups, not the items (issue #13: the hourly model sweep counted every item
      // of every workspace, seconds of a blocked event loop at 5 million on SQLite): rated and scored
      // items per workspace, plus the unrated, unscored items with a sentiment correction (few; typed
      // by people). An item with both a rating and a score counts twice: a trigger for retraining.
      const rolled = await db
        .selectFrom('rollup_brand_items')
        .select(['workspace_id', sql<number>`sum(rating_n + nps_n + csat_n + ces_n)`.as('n')])
        .where('grain', '=', 'm')
        .groupBy('workspace_id')
        .execute();
      const corrected = await db
        .withTables<{ corrections: CorrectionsTable }>()
        .selectFrom('corrections as c')
        .innerJoin('feedback_items as fi', (j) =>
          j.onRef('fi.workspace_id', '=', 'c.workspace_id').onRef('fi.id', '=', 'c.item_id'),
        )
        .select(['c.workspace_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('c.field', '=', 'sentiment')
        .where('fi.rating', 'is', null)
        .where('fi.score_value', 'is', null)
        .groupBy('c.workspace_id')
        .execute();
      const counts = new Map<string, number>();
      for (const r of [...rolled, ...corrected])
        counts.set(r.workspace_id, (counts.get(r.workspace_id) ?? 0) + Number(r.n));
      return [...counts]
        .filter(([, count]) => count >= min)
        .map(([workspaceId, count]) => ({ workspaceId, count }));
    },

    async markAnalysisFailed(workspaceId, id) {
      await db
        .updateTable('feedback_items')
        .set({ analysis_status: 'failed' })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },
  };
}
