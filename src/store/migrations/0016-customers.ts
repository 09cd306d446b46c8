import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Customers (issue #14): the profile fields a CRM keeps, merges that can be undone, match suggestions
 * an agent confirms, notes, and a term index for search.
 *
 * - `customers` keeps `display_name` as the shown name; `name` is the name a CRM gave. Dates are ISO
 *   'YYYY-MM-DD' text on both dialects, each with an 'MM-DD' twin indexed per workspace so upcoming
 *   birthdays are a range read (wrapping the year end is two ranges). `match_key` is the normalised
 *   "name|city" of a customer that has both, indexed: same name AND same city is a suggestion, read in
 *   one query per batch. `merged_into` points at the survivor of a merge; `erased_at` marks an erasure.
 * - `customer_merges.snapshot` is JSON of exactly what moved (ids of identities, items, cases, notes,
 *   exceptions, moments) and both customers' fields before, so an undo restores both exactly.
 * - `customer_match_suggestions` holds ordered pairs (customer_a < customer_b), one per workspace.
 * - `customer_search_terms`: lowercased name words, the whole name and identity values; a search is a
 *   prefix range on (workspace_id, term) (byte order, "C" collation on PostgreSQL), never a scan.
 * - `feedback_items.customer_identity_id`: the identity an item was linked by (an undo follows it).
 * - `imports.kind`: 'feedback' or 'customers' (the CRM import uses the same job machinery).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;

  const columns: [string, 'text' | 'float' | 'integer' | 'ts', boolean?][] = [
    ['name', 'text'],
    ['city', 'text'],
    ['match_key', 'text'],
    ['birthday', 'text'],
    ['birthday_md', 'text'],
    ['anniversary', 'text'],
    ['anniversary_md', 'text'],
    ['first_purchase', 'text'],
    ['first_purchase_md', 'text'],
    ['lifetime_value', 'float'],
    ['currency', 'text'],
    ['language', 'text'],
    ['crm_id', 'text'],
    ['referrals', 'integer'],
    ['merged_into', 'text'],
    ['erased_at', 'ts'],
  ];
  for (const [name, type] of columns) {
    const t = type === 'float' ? float : type === 'ts' ? ts : type === 'integer' ? sql`integer` : sql`text`;
    await db.schema.alterTable('customers').addColumn(name, t).execute();
  }
  await db.schema
    .alterTable('customers')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  for (const [name, cols] of [
    ['customers_ws_id', ['workspace_id', 'id']],
    ['customers_birthday_md', ['workspace_id', 'birthday_md']],
    ['customers_anniversary_md', ['workspace_id', 'anniversary_md']],
    ['customers_first_purchase_md', ['workspace_id', 'first_purchase_md']],
    ['customers_match_key', ['workspace_id', 'match_key']],
    ['customers_crm_id', ['workspace_id', 'crm_id']],
    ['customers_merged_into', ['workspace_id', 'merged_into']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('customers')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('customer_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('survivor_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('merged_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull()) // manual | suggestion | crm_import
    .addColumn('snapshot', 'text', (c) => c.notNull()) // JSON: MergeSnapshot
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('undone_at', ts)
    .addColumn('undone_by', 'text')
    .execute();
  for (const [name, cols] of [
    ['customer_merges_ws_id', ['workspace_id', 'id']],
    ['customer_merges_survivor', ['workspace_id', 'survivor_id']],
    ['customer_merges_merged', ['workspace_id', 'merged_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('customer_merges')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('customer_match_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_a', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('customer_b', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull()) // shared_item | name_city | handle_in_email
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('score', float, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | merged | rejected
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', ts)
    .addUniqueConstraint('customer_match_suggestions_pair', ['workspace_id', 'customer_a', 'customer_b'])
    .execute();
  for (const [name, cols] of [
    ['customer_match_suggestions_status', ['workspace_id', 'status', 'id']],
    ['customer_match_suggestions_b', ['workspace_id', 'customer_b']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('customer_match_suggestions')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('customer_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('author_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_notes_customer')
    .on('customer_notes')
    .columns(['workspace_id', 'customer_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('customer_search_terms')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    // Byte order on PostgreSQL too, so a prefix is one index range (q ≤ term < q + U+10FFFF).
    .addColumn('term', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_search_terms_pk', ['workspace_id', 'customer_id', 'term'])
    .execute();
  await db.schema
    .createIndex('customer_search_terms_term')
    .on('customer_search_terms')
    .columns(['workspace_id', 'term', 'customer_id'])
    .execute();

  // The identity an item was linked by: an undo gives back items ingested after a merge by it.
  await db.schema.alterTable('feedback_items').addColumn('customer_identity_id', 'text').execute();

  // Handles are compared lowercased from now on; existing ones follow unless that would collide.
  const mixed = (await db
    .selectFrom('customer_identities')
    .select(['id', 'workspace_id', 'platform', 'value'])
    .where('kind', '=', 'handle')
    .where(sql<boolean>`value <> lower(value)`)
    .execute()) as { id: string; workspace_id: string; platform: string; value: string }[];
  const taken = new Set<string>();
  for (const r of mixed) {
    const lower = r.value.toLowerCase();
    const key = `${r.workspace_id}\u0000${r.platform}\u0000${lower}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const clash = await db
      .selectFrom('customer_identities')
      .select('id')
      .where('workspace_id', '=', r.workspace_id)
      .where('kind', '=', 'handle')
      .where('platform', '=', r.platform)
      .where('value', '=', lower)
      .executeTakeFirst();
    if (!clash)
      await db.updateTable('customer_identities').set({ value: lower }).where('id', '=', r.id).execute();
  }

  await db.schema
    .alterTable('imports')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('feedback'))
    .execute();

  // Existing customers become searchable by their display name and identities.
  await sql`INSERT INTO customer_search_terms (workspace_id, customer_id, term)
    SELECT DISTINCT workspace_id, customer_id, lower(value) FROM customer_identities`.execute(db);
  await sql`INSERT INTO customer_search_terms (workspace_id, customer_id, term)
    SELECT workspace_id, id, lower(display_name) FROM customers WHERE display_name IS NOT NULL AND display_name <> ''
    ON CONFLICT DO NOTHING`.execute(db);
}
