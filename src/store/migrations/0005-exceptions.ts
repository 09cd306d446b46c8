import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Policies and exceptions (issue #4): the policies a workspace runs by, the exceptions staff may
 * grant with a limit per role, and the ledger of exceptions granted or requested, each tied to a
 * case when there is one. Amounts are integers in the minor units of the currency (cents), so
 * ledger totals add up exactly on both dialects.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('policies_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('exception_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('policy_id', 'text', (c) => c.references('policies.id').onDelete('set null'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // goodwill_credit | fee_waiver | special_occasion | other
    .addColumn('currency', 'text', (c) => c.notNull()) // ISO 4217
    // JSON { agent, admin, owner }: minor units each role may grant unasked; null = unlimited
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('requires_reason', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('exception_types_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('type_id', 'text', (c) => c.notNull().references('exception_types.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id').onDelete('set null'))
    .addColumn('item_id', 'text', (c) => c.references('feedback_items.id').onDelete('set null'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('amount', 'integer', (c) => c.notNull()) // minor units of `currency`
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected | granted
    .addColumn('requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', ts)
    .addColumn('decision_note', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exceptions_ledger')
    .on('exceptions')
    .columns(['workspace_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('exceptions_status')
    .on('exceptions')
    .columns(['workspace_id', 'status'])
    .execute();
  await db.schema
    .createIndex('exceptions_case')
    .on('exceptions')
    .columns(['workspace_id', 'case_id'])
    .execute();
}
