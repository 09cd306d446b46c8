import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Imports that die are marked failed (issue #11: a killed import stayed `running` forever). A running
 * import writes `heartbeat_at` every few seconds; a sweep marks a run whose heartbeat is stale as
 * failed. `warnings` keeps what the import found without rejecting rows (a file not in UTF-8, bytes
 * that did not decode), as JSON text.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('imports').addColumn('heartbeat_at', ts).execute();
  await db.schema
    .alterTable('imports')
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
