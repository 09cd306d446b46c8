import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Outreach sends count their tries (issue #15): `contact_sends.attempts` is how many times a passing
 * SMTP failure put the send back. The retry is a new `outreach.send` job (whose own attempt starts
 * at 1 again), so the count lives on the row; the third failed try fails the send `smtp_error`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('contact_sends')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
