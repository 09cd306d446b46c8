import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';

/**
 * The planner's statistics (issue #13): after a bulk load PostgreSQL plans by what ANALYZE last saw,
 * and autovacuum may be off or behind. At 1.8 million items the identity look-up of each ingested
 * batch read all 1.6 million identities (2.4 s a statement) because `customer_identities` was not on
 * the hand-kept list of tables to analyse; the refresh now analyses every table of the schema.
 */
describe('statistics refresh on postgres', () => {
  let db: TestDatabase;
  let rt: Runtime;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    rt = await openRuntime(db.config);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('analyses every table of the schema', async () => {
    await rt.database.optimize();
    const { rows } = await sql<{ relname: string; analysed: boolean }>`
      select relname, last_analyze is not null as analysed from pg_stat_user_tables
      where schemaname = current_schema()`.execute(rt.database.db);
    const byName = new Map(rows.map((r) => [r.relname, r.analysed]));
    for (const table of ['customer_identities', 'customer_stats', 'feedback_search', 'feedback_items'])
      expect(byName.get(table), table).toBe(true);
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => !r.analysed).map((r) => r.relname)).toEqual([]);
  });
});
