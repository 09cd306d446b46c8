import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The lifecycle lists read a stage index of their own (issue #13): `customer_stage_index` holds one
 * entry per customer and threshold (`new` until, `at_risk` after, `lapsed` after), in threshold
 * order. The partial indexes of `customer_stats` on the same dates (migration 0031) moved two entries
 * at random places for nearly every returning customer's item: at 1.6 million items 29.5 % of the
 * import's page writes. A large ingest (`touchpoint import`) now appends each changed customer to
 * `customer_stage_log`, with the dates the index holds for it, at the end of that table, and folds
 * the log into the index every few thousand customers, in key order, moving each entry once however
 * many items its customer wrote; small batches (the API, the inbox) still move the entries at once.
 * Lists check the exact dates on the stats row, so a customer never shows in a stage they left.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('customer_stage_index')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull()) // new | at_risk | lapsed
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_stage_index_pk', ['workspace_id', 'stage', 'at', 'customer_id'])
    .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await db.schema
    .createTable('customer_stage_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    // What the index holds for the customer until the log is folded.
    .addColumn('new_until', ts)
    .addColumn('at_risk_after', ts)
    .addColumn('lapsed_after', ts)
    .execute();
  // Workspace deletions cascade into the log through this index.
  await db.schema
    .createIndex('customer_stage_log_workspace')
    .on('customer_stage_log')
    .columns(['workspace_id', 'id'])
    .execute();
  for (const [stage, column] of [
    ['new', 'new_until'],
    ['at_risk', 'at_risk_after'],
    ['lapsed', 'lapsed_after'],
  ] as const)
    await sql`insert into customer_stage_index (workspace_id, stage, at, customer_id)
      select workspace_id, ${stage}, ${sql.ref(column)}, customer_id from customer_stats
      where ${sql.ref(column)} is not null
      order by workspace_id, ${sql.ref(column)}, customer_id`.execute(db);
  for (const name of ['customer_stats_at_risk', 'customer_stats_lapsed', 'customer_stats_new'])
    await db.schema.dropIndex(name).ifExists().execute();
}
