import { sql, type Kysely } from 'kysely';
import { recomputeProfiles } from '../repos/customer-profiles.js';
import type { MigrationContext } from './index.js';

/**
 * A customer's counts per touchpoint and intent move onto its `customer_stats` row (issue #13), as
 * two JSON columns: `touchpoint_counts` `{"<key>": [mentions, positive, negative, lastAt]}` and
 * `intent_counts` `{"<intent>": [count, lastAt]}`.
 *
 * Every item of a returning customer rewrites its stats row; with the counts in their own tables it
 * also rewrote a page of `customer_touchpoints` and one of `customer_intents`, each at that customer's
 * random place, and a new key's entry in their per-key indexes: 29.7 % of the page writes at 1.5
 * million items of the scale file (docs/performance.md, stop 27), against 8.6 % in the first 100k.
 * On the row the counts cost no page of their own. The per-key indexes served only the segment rules,
 * which scan the workspace's customers anyway (`src/store/repos/segments.ts`) and now read the counts
 * from the rows they scan.
 *
 * Existing counts are copied from the two tables, which are then dropped. Migration 0017 no longer
 * counts existing items itself (its count used the repository code of today, whose rows have these
 * columns): where items with customers exist and no profile does (a database from before 0017), the
 * profiles are counted here, once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  for (const column of ['touchpoint_counts', 'intent_counts'])
    await db.schema
      .alterTable('customer_stats')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();

  if (dialect === 'sqlite') {
    await sql`update customer_stats set
      touchpoint_counts = coalesce((select json_group_object(t.touchpoint_key,
          json_array(t.mentions, t.positive, t.negative, t.last_at))
        from customer_touchpoints t where t.customer_id = customer_stats.customer_id and t.mentions > 0), '{}'),
      intent_counts = coalesce((select json_group_object(i.intent, json_array(i.count, i.last_at))
        from customer_intents i where i.customer_id = customer_stats.customer_id and i.count > 0), '{}')
      where exists (select 1 from customer_touchpoints t where t.customer_id = customer_stats.customer_id)
        or exists (select 1 from customer_intents i where i.customer_id = customer_stats.customer_id)`.execute(
      db,
    );
  } else {
    const iso = (c: string) =>
      sql`to_char(${sql.ref(c)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await sql`update customer_stats s set
      touchpoint_counts = coalesce((select jsonb_object_agg(t.touchpoint_key,
          jsonb_build_array(t.mentions, t.positive, t.negative, ${iso('t.last_at')}))::text
        from customer_touchpoints t where t.customer_id = s.customer_id and t.mentions > 0), '{}'),
      intent_counts = coalesce((select jsonb_object_agg(i.intent, jsonb_build_array(i.count, ${iso('i.last_at')}))::text
        from customer_intents i where i.customer_id = s.customer_id and i.count > 0), '{}')
      where exists (select 1 from customer_touchpoints t where t.customer_id = s.customer_id)
        or exists (select 1 from customer_intents i where i.customer_id = s.customer_id)`.execute(db);
  }
  await db.schema.dropTable('customer_touchpoints').execute();
  await db.schema.dropTable('customer_intents').execute();

  const profiled = await db.selectFrom('customer_stats').select('customer_id').limit(1).execute();
  const customersWithItems = await db
    .selectFrom('feedback_items')
    .select('id')
    .where('customer_id', 'is not', null)
    .limit(1)
    .execute();
  if (profiled.length === 0 && customersWithItems.length > 0)
    await recomputeProfiles(db, dialect, null, null, new Date().toISOString());
}
