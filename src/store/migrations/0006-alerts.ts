import { type Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Live alerts (issue #5): alerts opened by the detector at ingest (spikes, competitor storms, risky
 * items) with their items and lifecycle events, the workspace's alert settings (risky-item threshold,
 * workspace-level targets), each member's notification settings, and the notification outbox (the row
 * id is the idempotency key; `claim` is a conditional UPDATE so a notification is never sent twice).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // spike | competitor_storm | risky_item
    .addColumn('brand_id', 'text', (c) => c.references('brands.id').onDelete('set null'))
    .addColumn('brand_name', 'text', (c) => c.notNull())
    .addColumn('brand_kind', 'text', (c) => c.notNull()) // own | competitor
    .addColumn('touchpoints', 'text', (c) => c.notNull()) // JSON array of keys
    .addColumn('platforms', 'text', (c) => c.notNull()) // JSON array
    .addColumn('severity', 'integer', (c) => c.notNull()) // 1–10
    .addColumn('notified_severity', 'integer', (c) => c.notNull().defaultTo(0)) // highest severity notified
    .addColumn('status', 'text', (c) => c.notNull()) // open | acknowledged | resolved
    .addColumn('snoozed_until', ts)
    .addColumn('opened_at', ts, (c) => c.notNull()) // data time
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('last_firing_at', ts, (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('acknowledged_at', ts)
    .addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolved_at', ts)
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull()) // JSON KeyFinding[]
    .addColumn('strongest', 'text') // JSON KeyFinding
    .addColumn('risk', float)
    .addColumn('reasons', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('alerts_workspace_dedup', ['workspace_id', 'dedup_key'])
    .execute();
  await db.schema
    .createIndex('alerts_workspace_created')
    .on('alerts')
    .columns(['workspace_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('alert_items')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull()) // 0: the top item
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_items_pk', ['alert_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('alert_items_item')
    .on('alert_items')
    .columns(['workspace_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON
    .execute();
  await db.schema.createIndex('alert_events_alert').on('alert_events').columns(['alert_id', 'at']).execute();

  await db.schema
    .createTable('alert_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('risk_threshold', float, (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull()) // JSON AlertTarget[] (webhook secrets included)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull()) // JSON [{ channel, target, secret }]
    .addColumn('min_severity', 'integer', (c) => c.notNull())
    .addColumn('brand_ids', 'text') // JSON string[]; null: every brand
    .addColumn('kinds', 'text', (c) => c.notNull()) // JSON AlertKind[]
    .addColumn('quiet_start', 'text') // HH:MM
    .addColumn('quiet_end', 'text')
    .addColumn('timezone', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', ['workspace_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade')) // null: workspace target
    .addColumn('channel', 'text', (c) => c.notNull()) // email | slack | webhook
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('severity', 'integer', (c) => c.notNull()) // the alert's severity when queued
    .addColumn('status', 'text', (c) => c.notNull()) // queued | sending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .execute();
  await db.schema.createIndex('notifications_alert').on('notifications').columns(['alert_id']).execute();
  await db.schema
    .createIndex('notifications_due')
    .on('notifications')
    .columns(['status', 'next_attempt_at'])
    .execute();
}
