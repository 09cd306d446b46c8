import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Review requests by the review that converted them (issue #15): confirming a name-match suggestion
 * first asks whether that review already converted another request (one review, one conversion).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('review_requests_converted_item')
    .on('review_requests')
    .columns(['workspace_id', 'converted_item_id'])
    .execute();
}
