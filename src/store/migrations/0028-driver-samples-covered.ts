import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Key drivers read from indexes alone (issue #13). The sample is the newest 5,000 rated items (or NPS
 * answers) with their touchpoints' sentiment. Through 0027's indexes each of the 5,000 was a row
 * read from the items table and each of its ~2.5 touchpoints a row from item_touchpoints: on SQLite
 * at 150,000 items, 45–67 ms for the items alone and 48–62 ms with the touchpoints; with every column
 * the sample reads in the index, 5–8 ms and 36–44 ms (the NPS drivers over all time were 89 / 106 ms
 * p50 / p95 at 2.1 million items).
 *
 * - 0027's partial indexes get `id` and the target (`rating`, `score_value`).
 * - `item_touchpoints (workspace_id, item_id)` becomes `(workspace_id, item_id, touchpoint_key,
 *   sentiment_label, sentiment_score)`: the same leading columns, so every look-up that used it still
 *   does, and a page's or a sample's touchpoints come from the index.
 *
 * On a large workspace this migration rebuilds three indexes once (measured in docs/performance.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.dropIndex('feedback_items_rated_posted').ifExists().execute();
  await db.schema
    .createIndex('feedback_items_rated_posted')
    .on('feedback_items')
    .columns(['workspace_id', 'posted_at', 'id', 'rating'])
    .where(sql.ref('rating'), 'is not', null)
    .execute();
  await db.schema.dropIndex('feedback_items_nps_posted').ifExists().execute();
  await db.schema
    .createIndex('feedback_items_nps_posted')
    .on('feedback_items')
    .columns(['workspace_id', 'posted_at', 'id', 'score_value'])
    .where(sql.ref('score_kind'), '=', 'nps')
    .execute();
  await db.schema
    .createIndex('item_touchpoints_ws_item_sentiment')
    .on('item_touchpoints')
    .columns(['workspace_id', 'item_id', 'touchpoint_key', 'sentiment_label', 'sentiment_score'])
    .execute();
  await db.schema.dropIndex('item_touchpoints_ws_item').execute();
}
