/**
 * Key-driver samples (issue #13, migration 0030). The drivers read the newest ≤ 5,000 rated items
 * (or NPS answers) of a period with their touchpoints' sentiment. Read from the items, that is 5,000
 * rows of an index plus a look-up of each one's touchpoints: at 4 million items on PostgreSQL the NPS
 * drivers over all time took 69 / 108 ms p50 / p95, growing with the history's depth. Here each rated
 * item is one row that carries its target and its touchpoints (`[[key, label, score], …]`, by key),
 * so a sample is one range of the `(workspace, target, posted_at)` index.
 *
 * Kept with the rollups (`rollupRepo.commit`), from the same facts of the items before and after a
 * write; `rebuildDriverSamples` writes them from the items (the migration, `touchpoint rollups
 * rebuild`, and the contract test's reference).
 */
import { sql, type Kysely } from 'kysely';
import type { SentimentLabel } from '../../analysis/types.js';
import type { DriverSampleItem } from '../../core/metrics/ports.js';
import type { Dialect } from '../database.js';
import type { DB, DriverSamplesTable } from '../schema.js';
import { chunks } from './util.js';

export type DriverTarget = DriverSamplesTable['target'];

/** What the driver rows of one item are made from (a subset of the rollups' item facts). */
export interface DriverFacts {
  id: string;
  brandId: string;
  postedAt: string;
  rating: number | null;
  scoreKind: string | null;
  scoreValue: number | null;
  touchpoints: readonly { key: string; label: string; score: number }[];
}

/** The item's rows: one for its star rating, one for an NPS answer (an item may have neither). */
export function driverRowsOf(workspaceId: string, f: DriverFacts): DriverSamplesTable[] {
  const touchpoints = JSON.stringify(
    [...f.touchpoints].sort((a, b) => (a.key < b.key ? -1 : 1)).map((t) => [t.key, t.label, t.score]),
  );
  const row = (target: DriverTarget, value: number): DriverSamplesTable => ({
    workspace_id: workspaceId,
    target,
    posted_at: f.postedAt,
    item_id: f.id,
    brand_id: f.brandId,
    value,
    touchpoints,
  });
  const rows: DriverSamplesTable[] = [];
  if (f.rating !== null) rows.push(row('stars', f.rating));
  if (f.scoreKind === 'nps' && f.scoreValue !== null) rows.push(row('nps', f.scoreValue));
  return rows;
}

/**
 * Brings the rows of the written items in step: the rows of items that existed before are deleted,
 * those of every item as it is now inserted. Items created by the write have nothing to delete.
 */
export async function syncDriverSamples(
  db: Kysely<DB>,
  workspaceId: string,
  before: readonly DriverFacts[],
  after: readonly DriverFacts[],
): Promise<void> {
  for (const part of chunks(before.map((f) => f.id)))
    await db
      .deleteFrom('driver_samples')
      .where('workspace_id', '=', workspaceId)
      .where('item_id', 'in', part)
      .execute();
  const rows = after.flatMap((f) => driverRowsOf(workspaceId, f));
  // 7 variables a row: 500 rows stay far below SQLite's 32,766.
  for (const part of chunks(rows)) await db.insertInto('driver_samples').values(part).execute();
}

/**
 * Writes the rows of one workspace (or of all, `null`, as the migration does) from the items: deletes
 * its rows, then one INSERT … SELECT per target, the touchpoints gathered by a correlated subquery.
 */
export async function rebuildDriverSamples(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- also run by the migration, which knows no fixed schema
  db: Kysely<any>,
  dialect: Dialect,
  workspaceId: string | null,
): Promise<void> {
  const del = db.deleteFrom('driver_samples');
  await (workspaceId === null ? del : del.where('workspace_id', '=', workspaceId)).execute();
  const touchpoints =
    dialect === 'postgres'
      ? sql`coalesce((select json_agg(json_build_array(it.touchpoint_key, it.sentiment_label, it.sentiment_score) order by it.touchpoint_key)::text
          from item_touchpoints it where it.item_id = fi.id and it.workspace_id = fi.workspace_id), '[]')`
      : sql`coalesce((select json_group_array(json_array(it.touchpoint_key, it.sentiment_label, it.sentiment_score) order by it.touchpoint_key)
          from item_touchpoints it where it.item_id = fi.id and it.workspace_id = fi.workspace_id), '[]')`;
  const scope = workspaceId === null ? sql`` : sql`and fi.workspace_id = ${workspaceId}`;
  for (const [target, value, where] of [
    ['stars', sql`fi.rating`, sql`fi.rating is not null`],
    ['nps', sql`fi.score_value`, sql`fi.score_kind = 'nps' and fi.score_value is not null`],
  ] as const) {
    await sql`insert into driver_samples (workspace_id, target, posted_at, item_id, brand_id, value, touchpoints)
      select fi.workspace_id, ${target}, fi.posted_at, fi.id, fi.brand_id, ${value}, ${touchpoints}
      from feedback_items fi where ${where} ${scope}`.execute(db);
  }
}

/**
 * The newest ≤ `limit` rows of a target in `[from, to)` (ISO timestamps), of the brands given (all
 * when none), as the drivers' sample: each item's target and its touchpoints.
 */
export async function readDriverSamples(
  db: Kysely<DB>,
  q: { workspaceId: string; target: DriverTarget; from: string; to: string; brandIds?: readonly string[] },
  limit: number,
): Promise<DriverSampleItem[]> {
  let query = db
    .selectFrom('driver_samples')
    .select(['value', 'touchpoints'])
    .where('workspace_id', '=', q.workspaceId)
    .where('target', '=', q.target)
    .where('posted_at', '>=', q.from)
    .where('posted_at', '<', q.to);
  if (q.brandIds?.length) query = query.where('brand_id', 'in', [...q.brandIds]);
  const rows = await query.orderBy('posted_at', 'desc').orderBy('item_id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const value = Number(r.value);
    const tps = JSON.parse(r.touchpoints) as [string, SentimentLabel, number][];
    return {
      rating: q.target === 'stars' ? value : null,
      npsScore: q.target === 'nps' ? value : null,
      touchpoints: tps.map(([key, label, score]) => ({ key, label, score: Number(score) })),
    };
  });
}
