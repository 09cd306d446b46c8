import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Outreach (issue #15, slice C): contact rules, consent and the send log.
 *
 * - `contact_settings`: one row per workspace once saved (the defaults of
 *   `DEFAULT_CONTACT_SETTINGS` until then): the frequency cap, open-case suppression, required
 *   consent, quiet hours in a time zone.
 * - `contact_consents`: a customer's consent per channel (granted | unsubscribed) and where it came
 *   from; the primary key is the lookup of a batch of customers.
 * - `contact_sends`: every ask and what became of it (scheduled, sent, suppressed or failed, with a
 *   reason). `detail` never holds customer text (SMTP errors are stored with addresses masked);
 *   `customer_id` becomes null when the customer is erased, the counts stay.
 *   Indexes: (workspace_id, customer_id, sent_at) for a batch's last asks (the cap), the log pages by
 *   (workspace_id, created_at, id) and by status, the due sweep by (status, send_after), and the
 *   ask's own row by (workspace_id, kind, ref_id).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('contact_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('cap_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('suppress_open_case', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quiet_start', 'text', (c) => c.notNull().defaultTo('21:00'))
    .addColumn('quiet_end', 'text', (c) => c.notNull().defaultTo('08:00'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contact_consents')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull()) // email
    .addColumn('status', 'text', (c) => c.notNull()) // granted | unsubscribed
    .addColumn('source', 'text', (c) => c.notNull()) // unsubscribe_link | import | agent | api
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_consents_pk', ['workspace_id', 'customer_id', 'channel'])
    .execute();

  await db.schema
    .createTable('contact_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text') // null once the customer is erased
    .addColumn('kind', 'text', (c) => c.notNull()) // survey | review_request | referral
    .addColumn('ref_id', 'text', (c) => c.notNull()) // the invitation / request id
    .addColumn('channel', 'text', (c) => c.notNull()) // email
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | sending | sent | suppressed | failed
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('send_after', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .execute();
  for (const [name, cols] of [
    ['contact_sends_customer', ['workspace_id', 'customer_id', 'sent_at']],
    ['contact_sends_log', ['workspace_id', 'created_at', 'id']],
    ['contact_sends_status', ['workspace_id', 'status', 'created_at', 'id']],
    ['contact_sends_due', ['status', 'send_after']],
    ['contact_sends_ref', ['workspace_id', 'kind', 'ref_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('contact_sends')
      .columns([...cols])
      .execute();
  }
}
