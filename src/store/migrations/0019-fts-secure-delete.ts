import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Erasure leaves no trace in the SQLite full-text index (issue #14). FTS5 keeps a deleted row's
 * tokens in its segments until they are merged; with `secure-delete` on, a delete removes them at
 * once. Switched on here for good, then one `optimize` rewrites the index without what earlier
 * deletes (every replaced version of an item) left behind, so an erasure never has to (it took
 * 1.25 s for 200,000 documents, with the write lock held). PostgreSQL's tsvector column is
 * rewritten with its row: nothing to do there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO feedback_search (feedback_search, rank) VALUES ('secure-delete', 1)`.execute(db);
  await sql`INSERT INTO feedback_search (feedback_search) VALUES ('optimize')`.execute(db);
}
