import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * One detector per workspace across processes (issue #5). With several processes on PostgreSQL each
 * ingests a share of the items; a workspace's live detection is owned by one of them at a time
 * (`alert_detector_leases`, renewed while it runs, taken over once expired). A process that is not
 * the owner writes the items of its ingest batch to `alert_inbox` in the batch's own transaction; the
 * owner takes them (delete … returning) and feeds them to its detector.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('alert_detector_leases')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull()) // a process's detector id (random per process)
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_inbox')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('created', 'integer', (c) => c.notNull()) // 1: a new item, 0: a new version of a known one
    .addPrimaryKeyConstraint('alert_inbox_pk', ['workspace_id', 'item_id'])
    .execute();
}
