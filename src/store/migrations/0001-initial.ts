import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The model of PRODUCT.md's concepts. Ids are text UUIDs, timestamps ISO-8601 UTC (text on SQLite,
 * timestamptz on PostgreSQL), booleans 0/1 integers and free-form structures JSON text, so the
 * repositories read the same values from both dialects.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  const bigint = dialect === 'postgres' ? sql`bigint` : sql`integer`;

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_login_at', ts)
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the cookie token; the token itself is never stored
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull()) // first characters, shown in lists to recognise a key
    .addColumn('key_hash', 'text', (c) => c.notNull().unique()) // sha256 of the whole key
    .addColumn('scopes', 'text', (c) => c.notNull()) // JSON array
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('api_keys_workspace').on('api_keys').column('workspace_id').execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // own | competitor
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('brands_workspace_slug', ['workspace_id', 'slug'])
    .execute();

  await db.schema
    .createTable('journey_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('journey_stages_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('touchpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('journey_stages.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('examples', 'text', (c) => c.notNull()) // JSON array of example phrases, any language
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('touchpoints_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('display_name', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_workspace').on('customers').column('workspace_id').execute();

  await db.schema
    .createTable('customer_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // email | phone | handle | marketplace_id | external_id
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo('')) // '' when the identity is not platform-bound
    .addColumn('value', 'text', (c) => c.notNull()) // normalised: emails lowercased, handles without '@'
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('customer_identities_unique', ['workspace_id', 'kind', 'platform', 'value'])
    .execute();
  await db.schema
    .createIndex('customer_identities_customer')
    .on('customer_identities')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('feedback_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull()) // current version number, 1-based
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_reach', bigint)
    .addColumn('rating', float)
    .addColumn('score_kind', 'text')
    .addColumn('score_value', 'integer')
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('posted_at', ts, (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    // Analysis of the current version, denormalised for filters and counts; the full result is in analysis_results.
    .addColumn('analysis_status', 'text', (c) => c.notNull()) // pending | done | failed
    .addColumn('language', 'text')
    .addColumn('sentiment_label', 'text')
    .addColumn('sentiment_score', float)
    .addColumn('urgency', float)
    // SQLite only: the rowid of this item's row in the FTS5 table, so updates delete by rowid, not by scan.
    .addColumn('search_rowid', bigint)
    .addUniqueConstraint('feedback_items_identity', ['workspace_id', 'platform', 'external_id'])
    .execute();
  for (const [name, cols] of [
    ['feedback_items_posted', ['workspace_id', 'posted_at', 'id']],
    ['feedback_items_brand', ['workspace_id', 'brand_id', 'posted_at']],
    ['feedback_items_sentiment', ['workspace_id', 'sentiment_label', 'posted_at']],
    ['feedback_items_pending', ['analysis_status']],
    ['feedback_items_customer', ['customer_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('feedback_items')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('feedback_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('rating', float)
    .addColumn('score_kind', 'text')
    .addColumn('score_value', 'integer')
    .addColumn('author_reach', bigint)
    .addColumn('content_hash', 'text', (c) => c.notNull()) // what decides "unchanged": title, text, rating, score
    .addColumn('received_at', ts, (c) => c.notNull())
    .addUniqueConstraint('feedback_versions_item_version', ['item_id', 'version'])
    .execute();

  await db.schema
    .createTable('analysis_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // JSON AnalysisResult
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('analysis_results_item_version', ['item_id', 'version'])
    .execute();

  // One row per touchpoint an item's current version mentions: filters and counts by touchpoint.
  await db.schema
    .createTable('item_touchpoints')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('touchpoint_key', 'text', (c) => c.notNull())
    .addColumn('sentiment_label', 'text', (c) => c.notNull())
    .addColumn('sentiment_score', float, (c) => c.notNull())
    .addPrimaryKeyConstraint('item_touchpoints_pk', ['item_id', 'touchpoint_key'])
    .execute();
  await db.schema
    .createIndex('item_touchpoints_ws_key')
    .on('item_touchpoints')
    .columns(['workspace_id', 'touchpoint_key'])
    .execute();

  await db.schema
    .createTable('item_intents')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('confidence', float, (c) => c.notNull())
    .addPrimaryKeyConstraint('item_intents_pk', ['item_id', 'intent'])
    .execute();
  await db.schema
    .createIndex('item_intents_ws')
    .on('item_intents')
    .columns(['workspace_id', 'intent'])
    .execute();

  // Full-text search over title + text, segmented by Intl.Segmenter before indexing (see store/search.ts).
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE feedback_search USING fts5(item_id UNINDEXED, workspace_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await db.schema
      .createTable('feedback_search')
      .addColumn('item_id', 'text', (c) => c.primaryKey().references('feedback_items.id').onDelete('cascade'))
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('body', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX feedback_search_body ON feedback_search USING GIN (body)`.execute(db);
    await db.schema.createIndex('feedback_search_ws').on('feedback_search').column('workspace_id').execute();
  }

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // waiting | running | done | failed
    .addColumn('options', 'text', (c) => c.notNull()) // JSON: brand, platform, map
    .addColumn('bytes_total', bigint)
    .addColumn('bytes_read', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejections', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: first 1,000 {line, reason}
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema
    .createIndex('imports_workspace')
    .on('imports')
    .columns(['workspace_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('actor_type', 'text', (c) => c.notNull()) // user | api_key | system
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull()) // e.g. api_key.create
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_workspace')
    .on('audit_log')
    .columns(['workspace_id', 'created_at'])
    .execute();

  // The durable job queue of the SQLite driver (PostgreSQL uses pg-boss and its own schema).
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // queued | active | done | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'text')
    .addColumn('singleton_key', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'name', 'run_at']).execute();
}
