import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Respond and recover (issue #4): teams that own touchpoints, cases opened from items (by the
 * playbook or by hand) with their items, events and replies (an outbox: the row id is the
 * idempotency key), the playbook rules and the SLA policies of a workspace.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  const bigint = dialect === 'postgres' ? sql`bigint` : sql`integer`;

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('lead_user_id', 'text', (c) => c.references('users.id').onDelete('set null')) // escalations go here
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('teams_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_seq', 'integer', (c) => c.notNull().defaultTo(0)) // round robin: the lowest goes next
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();

  // A touchpoint has at most one owning team per workspace.
  await db.schema
    .createTable('team_touchpoints')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('touchpoint_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_touchpoints_pk', ['workspace_id', 'touchpoint_key'])
    .execute();
  await db.schema.createIndex('team_touchpoints_team').on('team_touchpoints').column('team_id').execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('author_handle', 'text')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id'))
    .addColumn('touchpoint_key', 'text')
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull()) // open | waiting | closed
    .addColumn('outcome', 'text') // null | resolved | recovered | lost
    .addColumn('priority', 'integer', (c) => c.notNull()) // 0–100
    .addColumn('priority_label', 'text', (c) => c.notNull()) // urgent | high | normal | low
    .addColumn('priority_reasons', 'text', (c) => c.notNull()) // JSON array of short phrases
    .addColumn('opened_by', 'text', (c) => c.notNull()) // JSON: { type: playbook, rule } | { type: user, id }
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('first_response_at', ts)
    .addColumn('due_at', ts) // first-response SLA
    .addColumn('breached_at', ts)
    .addColumn('escalated_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    // What the customer said when the case opened: the baseline that decides "recovered".
    .addColumn('sentiment_at_open', float)
    .addColumn('label_at_open', 'text')
    .addColumn('rating_at_open', float)
    .addColumn('nps_at_open', 'integer')
    .addColumn('reach', bigint)
    .execute();
  for (const [name, cols] of [
    ['cases_inbox', ['workspace_id', 'status', 'priority', 'opened_at']],
    ['cases_customer', ['workspace_id', 'customer_id', 'status']],
    ['cases_author', ['workspace_id', 'author_handle', 'status']],
    ['cases_assignee', ['workspace_id', 'assignee_id', 'status']],
    ['cases_due', ['status', 'due_at']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('cases')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('case_items')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('joined_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('case_items_pk', ['case_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('case_items_item')
    .on('case_items')
    .columns(['workspace_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    // opened | joined | note | assigned | status | priority | reply | breach | escalated | notify | version | outcome
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull()) // user | api_key | system
    .addColumn('actor_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}')) // JSON
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of user ids
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('seq', bigint, (c) => c.notNull()) // order of events written in the same instant
    .execute();
  await db.schema
    .createIndex('case_events_case')
    .on('case_events')
    .columns(['case_id', 'at', 'seq'])
    .execute();

  // The outbox: a reply is written here first; the replies.send job delivers it at most once.
  await db.schema
    .createTable('replies')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the idempotency key handed to the channel
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('channel_kind', 'text', (c) => c.notNull()) // email | webhook | google_business | manual
    .addColumn('recipient', 'text')
    .addColumn('subject', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | queued | sending | sent | failed | posted
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('external_id', 'text')
    .addColumn('sent_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .execute();
  await db.schema.createIndex('replies_case').on('replies').columns(['workspace_id', 'case_id']).execute();
  await db.schema.createIndex('replies_status').on('replies').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('playbook_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull()) // JSON
    .addColumn('actions', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('playbook_rules_ws')
    .on('playbook_rules')
    .columns(['workspace_id', 'position'])
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull()) // a channel (review, social, …) or * for any
    .addColumn('priority', 'text', (c) => c.notNull()) // urgent | high | normal | low
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('business_hours', 'text') // JSON { days: [1..7], start: 'HH:MM', end: 'HH:MM' } or null: around the clock
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addUniqueConstraint('sla_policies_ws_channel_priority', ['workspace_id', 'channel', 'priority'])
    .execute();
}
