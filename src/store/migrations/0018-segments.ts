import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The customer timeline and segments by needs (issue #14).
 *
 * - Timeline indexes: a customer's items, cases and exceptions, each read newest first by
 *   (at, id) from the keyset cursor of `GET /customers/{id}/timeline`. Without them a customer's
 *   items came from `feedback_items_customer (customer_id)` and were sorted (every item of a customer
 *   with a long history, per page).
 * - `segments`: saved rules (JSON, `src/core/customers/segments.ts`) with the size and the time of
 *   their last evaluation. `segment_members` is the materialised membership the `segment=ID` filter
 *   of the explorer, counts, inbox, customer list and metrics reads: (segment_id, customer_id) is the
 *   primary key, so "is this customer a member" is one index probe; (workspace_id, customer_id) finds
 *   a customer's segments (merge, erase).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  for (const [name, table, cols] of [
    ['feedback_items_customer_posted', 'feedback_items', ['workspace_id', 'customer_id', 'posted_at', 'id']],
    ['cases_customer_opened', 'cases', ['workspace_id', 'customer_id', 'opened_at', 'id']],
    ['exceptions_customer', 'exceptions', ['workspace_id', 'customer_id', 'created_at', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON: SegmentRules
    .addColumn('members', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', ts) // null until the first evaluation has run
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('segments_workspace')
    .on('segments')
    .columns(['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('segment_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('segment_id', 'text', (c) => c.notNull().references('segments.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('segment_members_pk', ['segment_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('segment_members_customer')
    .on('segment_members')
    .columns(['workspace_id', 'customer_id'])
    .execute();
}
