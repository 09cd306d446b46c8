import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Outreach sends count their tries (issue #15): `contact_sends.attempts` is how many times a passing
 * SMTP failure put the send back. The retry is a new `outreach.send` job (whose own attempt starts
 * at 1 again), so the count lives on the row; the third failed try fails the send `smtp_error`.
 * `claimed_at` is when a job took the send (`sending`): the sweep fails a send left `sending` a day
 * after it was claimed (its worker died), not a day after it was due, which could catch one a job
 * is mailing right now. Index (status, claimed_at) for the sweep.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema
    .alterTable('contact_sends')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('contact_sends').addColumn('claimed_at', ts).execute();
  await db.schema
    .createIndex('contact_sends_claimed')
    .on('contact_sends')
    .columns(['status', 'claimed_at'])
    .execute();
}
