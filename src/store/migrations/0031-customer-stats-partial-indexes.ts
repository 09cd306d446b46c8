import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Fewer index entries moved per ingested item (issue #13): every item rewrites its customer's
 * `customer_stats` row, and every index of that row whose key changes moves its entry (on SQLite a
 * delete and an insert, each a random page once the customers outnumber the cache; on PostgreSQL a
 * non-HOT update inserts into every index). The five indexes of migration 0017 held every customer:
 *
 * - the lifecycle thresholds are null until a customer's second visit (`at_risk_after`,
 *   `lapsed_after`) or after their third (`new_until`), and only the rows with a threshold are ever
 *   read through its index (a range on it): partial indexes on `is not null` hold just those, so a
 *   first visit inserts into none of them and a regular's items stop moving `new_until`'s entry;
 * - the ambassadors are the promoters: their index is partial on `promoter = 1`;
 * - `(workspace_id, visits, new_until)` served no query (the stage counts read `customer_stage_days`
 *   and `customer_stats_new`): dropped.
 *
 * At 300k items of the scale file the upsert of `customer_stats` took 6.1 s of every 30k items at the
 * end against 0.7 s at the start (docs/performance.md, stop 23).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  for (const name of [
    'customer_stats_at_risk',
    'customer_stats_lapsed',
    'customer_stats_new',
    'customer_stats_visits',
    'customer_stats_ambassadors',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
  for (const [name, cols, column] of [
    ['customer_stats_at_risk', ['workspace_id', 'at_risk_after', 'customer_id'], 'at_risk_after'],
    ['customer_stats_lapsed', ['workspace_id', 'lapsed_after', 'customer_id'], 'lapsed_after'],
    ['customer_stats_new', ['workspace_id', 'new_until', 'visits', 'customer_id'], 'new_until'],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('customer_stats')
      .columns([...cols])
      .where(sql.ref(column), 'is not', null)
      .execute();
  await db.schema
    .createIndex('customer_stats_ambassadors')
    .on('customer_stats')
    .columns(['workspace_id', 'ambassador_score', 'customer_id'])
    .where(sql.ref('promoter'), '=', 1)
    .execute();
}
