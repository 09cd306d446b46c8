import type { Kysely } from 'kysely';

/**
 * A team's contact for private follow-up (issue #4: "invite to a private channel when details are
 * needed"): an e-mail address, a phone number or "DM", which reply drafts of the team's cases name.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').addColumn('contact', 'text').execute();
}
