import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Fewer B-trees written per ingested item (issue #13), after migration 0031. In the last steps of a
 * 300k import the pages an item dirties were measured per B-tree (the WAL's frames mapped to
 * `dbstat`, docs/performance.md): after the customer stats, most went to these:
 *
 * - `customer_touchpoints` / `customer_intents`: each mention rewrote three B-trees on SQLite — the
 *   rowid table, the primary key's index and `(workspace_id, key, count)`, whose entry moved with
 *   every count. On SQLite the tables are rebuilt `without rowid` (the primary key is the table),
 *   and the per-key index no longer holds the count: `(workspace_id, key, customer_id)` is written
 *   once per customer and key, and a segment rule checks the count on the row. On PostgreSQL the
 *   counts' updates then change no indexed column (HOT updates where the page has room).
 * - `feedback_items`: `(customer_id)` and `(workspace_id, customer_id, posted_at, id)` were two
 *   indexes in customer order, both random places for each item. A customer belongs to one
 *   workspace, so `(customer_id, posted_at, id)` serves the timeline, the segment filter, merges and
 *   the foreign key alike, and is the only one left.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('feedback_items_customer_time')
    .ifNotExists()
    .on('feedback_items')
    .columns(['customer_id', 'posted_at', 'id'])
    .execute();
  await db.schema.dropIndex('feedback_items_customer_posted').ifExists().execute();
  await db.schema.dropIndex('feedback_items_customer').ifExists().execute();

  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  for (const t of [
    { table: 'customer_touchpoints', key: 'touchpoint_key', counts: ['mentions', 'positive', 'negative'] },
    { table: 'customer_intents', key: 'intent', counts: ['count'] },
  ] as const) {
    const index =
      t.table === 'customer_touchpoints' ? 'customer_touchpoints_ws_key' : 'customer_intents_ws_intent';
    await db.schema.dropIndex(index).ifExists().execute();
    if (dialect === 'sqlite') {
      const rebuilt = `${t.table}_rebuilt`;
      let create = db.schema
        .createTable(rebuilt)
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn(t.key, 'text', (c) => c.notNull());
      for (const count of t.counts)
        create = create.addColumn(count, 'integer', (c) => c.notNull().defaultTo(0));
      await create
        .addColumn('last_at', ts)
        .addPrimaryKeyConstraint(`${t.table}_pk`, ['customer_id', t.key])
        .modifyEnd(sql`without rowid`)
        .execute();
      const columns = sql.join(
        ['workspace_id', 'customer_id', t.key, ...t.counts, 'last_at'].map((c) => sql.ref(c)),
      );
      await sql`insert into ${sql.table(rebuilt)} (${columns}) select ${columns} from ${sql.table(t.table)}`.execute(
        db,
      );
      await db.schema.dropTable(t.table).execute();
      await db.schema.alterTable(rebuilt).renameTo(t.table).execute();
    }
    await db.schema.createIndex(index).on(t.table).columns(['workspace_id', t.key, 'customer_id']).execute();
  }
}
