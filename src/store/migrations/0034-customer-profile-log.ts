import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * `customer_profile_log` (issue #13): the profile facts of items a bulk import wrote, waiting to be
 * folded into `customer_stats` and `customer_moments` (`CustomerProfileRepo.defer` and `settle`).
 *
 * Updating a returning customer's stats row in place, in every batch, rewrote a random page of the
 * stats rows and of each lifecycle index per item once those B-trees outgrew the cache: at 5 million
 * items of the scale file the profile's writes were 30–44 % of the import's time (docs/performance.md,
 * stop 31). An import appends the facts here in item order instead (the `seq` key only grows, so the
 * log's pages are written once, at its end) and folds them every 100,000 rows in customer order: a
 * page of the stats rows is then written once per fold however many of its customers' items came.
 *
 * No foreign key to `customers`: it would read that table's index for every row appended. A customer
 * erased or merged meanwhile is folded first (`settle` runs before any other write of the profiles).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('customer_profile_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON: ProfileFacts, never customer text
    .addColumn('logged_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_profile_log_workspace')
    .on('customer_profile_log')
    .columns(['workspace_id', 'seq'])
    .execute();
}
