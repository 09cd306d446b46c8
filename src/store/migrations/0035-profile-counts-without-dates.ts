import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The counts on `customer_stats` (migration 0033) lose their dates: `touchpoint_counts` becomes
 * `{"<key>": [mentions, positive, negative]}` and `intent_counts` `{"<intent>": [count]}` (issue #13).
 *
 * The "last mentioned" timestamps were about half of the counts' JSON and a third of a stats row
 * (26 characters each, on average ten a row, at 1.4 million items of the scale file), and only the
 * personal-data export showed them, which now takes them from the customer's items. A fold of the
 * profile log reads and rewrites most stats rows of a large workspace (a 200,000-row fold at 5
 * million items committed 972 MiB); every byte off the row is a byte it no longer reads, parses,
 * writes and checkpoints (docs/performance.md, stop 37).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`update customer_stats set
      touchpoint_counts = (select json_group_object(key,
          json_array(json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')))
        from json_each(customer_stats.touchpoint_counts)),
      intent_counts = (select json_group_object(key, json_array(json_extract(value, '$[0]')))
        from json_each(customer_stats.intent_counts))
      where touchpoint_counts <> '{}' or intent_counts <> '{}'`.execute(db);
  } else {
    // jsonb's text (`{"k": [3, 1, 2]}`) is the shorter of PostgreSQL's two; the next fold of a row
    // writes it as JSON.stringify does.
    await sql`update customer_stats s set
      touchpoint_counts = coalesce((select jsonb_object_agg(e.key,
          jsonb_build_array(e.value -> 0, e.value -> 1, e.value -> 2))::text
        from jsonb_each(s.touchpoint_counts::jsonb) e), '{}'),
      intent_counts = coalesce((select jsonb_object_agg(e.key, jsonb_build_array(e.value -> 0))::text
        from jsonb_each(s.intent_counts::jsonb) e), '{}')
      where s.touchpoint_counts <> '{}' or s.intent_counts <> '{}'`.execute(db);
  }
}
