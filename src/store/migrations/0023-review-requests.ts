import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Review requests, referrals and customer events (issue #15, slice D).
 *
 * - `review_platforms`: the business's link per review platform (and brand; '' = every brand), an
 *   http(s) URL checked when saved. The tracked link `/r/{token}` only ever redirects to one of these.
 * - `review_requests`: one invitation to post a review (or join the referral programme) per customer
 *   and platform. No customer text: ids, platform, status and times. Attribution reads it by
 *   (workspace_id, platform, status, customer_id) once per ingested batch; the list and the
 *   conversion summary by (workspace_id, created_at); export and erasure by (workspace_id, customer_id).
 * - `customer_events`: what a customer's systems reported over `POST /api/v1/events` ("order
 *   delivered"), unique by (workspace_id, external_id) so a replayed event is stored and acted on once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('review_platforms')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull().defaultTo('')) // '' = every brand
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('review_platforms_pk', ['workspace_id', 'platform', 'brand_id'])
    .execute();

  await db.schema
    .createTable('review_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('review')) // review | referral
    .addColumn('touchpoint_key', 'text')
    // pending | sent | clicked | converted | suppressed | failed | refused
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('reason', 'text')
    .addColumn('sent_at', ts)
    .addColumn('clicked_at', ts)
    .addColumn('converted_at', ts)
    .addColumn('converted_item_id', 'text')
    .addColumn('suggested_item_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  for (const [name, cols] of [
    ['review_requests_attribution', ['workspace_id', 'platform', 'status', 'customer_id']],
    ['review_requests_created', ['workspace_id', 'created_at', 'id']],
    ['review_requests_customer', ['workspace_id', 'customer_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('review_requests')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('customer_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('touchpoint_key', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')) // JSON, small
    .addColumn('invitations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('customer_events_external', ['workspace_id', 'external_id'])
    .execute();
  for (const [name, cols] of [
    ['customer_events_created', ['workspace_id', 'created_at', 'id']],
    // `GET /events?type=`: one type's newest first without reading the others'.
    ['customer_events_type', ['workspace_id', 'type', 'created_at', 'id']],
    ['customer_events_customer', ['workspace_id', 'customer_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('customer_events')
      .columns([...cols])
      .execute();
  }
}
