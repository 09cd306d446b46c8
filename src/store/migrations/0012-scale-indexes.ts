import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Indexes that keep ingest and the explorer flat as the history grows (issue #13, measured with
 * bench/scale.ts at up to a million items).
 *
 * - `customer_identities (workspace_id, value)`: ingest resolves a batch's customers by the values of
 *   their identities; the unique index leads with kind and platform, so the look-up read every
 *   identity of the workspace (50 ms per batch at 50k items, growing with the customers).
 * - `(workspace_id, id)` on feedback_items and `(workspace_id, item_id)` on item_touchpoints and
 *   item_intents: a look-up of a batch or a page of items (`workspace_id = ? AND id IN (…)`) chose the
 *   workspace's own index on SQLite without statistics (a fresh database, the first hour of an import)
 *   and read the whole workspace — 240 ms per batch of 500 at 50k items, growing with the history.
 *   With both columns in one index the plan no longer depends on statistics.
 * - `(workspace_id, coalesce(rating, -1), id)` and the same for urgency: the explorer's sorts by
 *   rating and urgency (keyset pages on that expression, src/store/repos/feedback.ts) sorted every item
 *   of the workspace: 0.45–0.92 s at a million on both databases.
 * - the brand and sentiment indexes get `id` last, so a filtered list reads them in its order
 *   (posted_at, id): PostgreSQL sorted every item of the brand (351 ms at 50k items of one brand).
 *   They replace the indexes of 0001 that lack it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  for (const [name, table, columns] of [
    ['customer_identities_value', 'customer_identities', ['workspace_id', 'value']],
    ['feedback_items_ws_id', 'feedback_items', ['workspace_id', 'id']],
    ['item_touchpoints_ws_item', 'item_touchpoints', ['workspace_id', 'item_id']],
    ['item_intents_ws_item', 'item_intents', ['workspace_id', 'item_id']],
    ['feedback_items_brand_order', 'feedback_items', ['workspace_id', 'brand_id', 'posted_at', 'id']],
    [
      'feedback_items_sentiment_order',
      'feedback_items',
      ['workspace_id', 'sentiment_label', 'posted_at', 'id'],
    ],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .execute();
  }
  await db.schema.dropIndex('feedback_items_brand').execute();
  await db.schema.dropIndex('feedback_items_sentiment').execute();
  // The same expression as the query's sort key, so both databases read the index in order.
  for (const column of ['rating', 'urgency'] as const) {
    await sql`CREATE INDEX ${sql.id(`feedback_items_${column}_sort`)} ON feedback_items (workspace_id, coalesce(${sql.id(column)}, -1), id)`.execute(
      db,
    );
  }
}
