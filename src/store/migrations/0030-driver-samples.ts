import { sql, type Kysely } from 'kysely';
import { rebuildDriverSamples } from '../repos/driver-samples.js';
import type { MigrationContext } from './index.js';

/**
 * The drivers' samples (issue #13; `src/store/repos/driver-samples.ts`): one row per rated item and
 * per NPS answer with its touchpoints' sentiment, so the newest 5,000 of a period are one index range
 * instead of 5,000 index entries and 12,500 touchpoint look-ups (the NPS drivers over all time took
 * 69 / 108 ms p50 / p95 at 4 million items on PostgreSQL). Existing items are written here once
 * (measured in docs/performance.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  await db.schema
    .createTable('driver_samples')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('posted_at', ts, (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('value', float, (c) => c.notNull())
    .addColumn('touchpoints', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('driver_samples_pk', ['workspace_id', 'item_id', 'target'])
    .execute();
  await rebuildDriverSamples(db, dialect, null);
  // Built after the rows are written: one sort instead of an insert into the index per row.
  await db.schema
    .createIndex('driver_samples_newest')
    .on('driver_samples')
    .columns(['workspace_id', 'target', 'posted_at', 'item_id'])
    .execute();
}
