import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Learned models per workspace (e.g. its own sentiment model), versioned, with cross-validated figures. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('task', 'text', (c) => c.notNull()) // sentiment
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull()) // JSON: cross-validated accuracy, macroF1, perClass, folds
    .addColumn('data', 'text', (c) => c.notNull()) // JSON: the serialized classifier (touchpoint-linear@1)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('models_workspace_task_version', ['workspace_id', 'task', 'version'])
    .execute();
}
