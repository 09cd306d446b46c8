import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Corrections of an item's analysis by a person: explicit training labels (issue #3). One current
 * correction per item and field (a new one replaces the old; the audit log keeps the history), made
 * on the version the person read, so an edited review is not judged by the old text's label.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull()) // the item's version the correction was made on
    .addColumn('field', 'text', (c) => c.notNull()) // sentiment
    .addColumn('value', 'text', (c) => c.notNull()) // for sentiment: negative | neutral | positive
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('corrections_item_field', ['workspace_id', 'item_id', 'field'])
    .execute();
  await db.schema
    .createIndex('corrections_ws_field')
    .on('corrections')
    .columns(['workspace_id', 'field', 'created_at'])
    .execute();
}
