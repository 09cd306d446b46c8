import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Sweeps that do not grow with the history (issue #13: on a million items the priority sweep read
 * all 344k active cases every hour, each page sorting them all, and the SLA sweep walked every
 * breached case still open every minute).
 *
 * - `cases.reprioritize_until`: until when the time part of a case's priority can still change (its
 *   last item's arrival + 72 h, when waiting stops growing and recency is gone). The priority sweep
 *   reads only cases whose moment has not passed, by the index on (reprioritize_until, id).
 * - `cases_sla_pending`: the active cases whose first-response SLA can still run out (no response,
 *   not yet marked breached), by due time. Partial, so the SLA sweep never walks breached cases.
 * - `cases_undecided`: every case, any status, with no response and no breach, by due time: what
 *   measures ask to know which SLAs are still undecided now (those due in the future).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('cases').addColumn('reprioritize_until', ts).execute();
  // Active cases keep being swept for 72 h after their last item joined, as before the column.
  const lastJoin = sql`(select max(ci.joined_at) from case_items ci where ci.case_id = cases.id)`;
  await sql`update cases set reprioritize_until = ${
    dialect === 'postgres'
      ? sql`coalesce(${lastJoin}, opened_at) + interval '72 hours'`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', coalesce(${lastJoin}, opened_at), '+72 hours')`
  } where status in ('open', 'waiting')`.execute(db);
  await db.schema
    .createIndex('cases_reprioritize')
    .on('cases')
    .columns(['reprioritize_until', 'id'])
    .execute();
  // Literal predicates: SQLite uses a partial index only when the query repeats its terms.
  await db.schema
    .createIndex('cases_sla_pending')
    .on('cases')
    .column('due_at')
    .where(sql.raw<boolean>(`first_response_at is null and breached_at is null and status <> 'closed'`))
    .execute();
  await db.schema
    .createIndex('cases_undecided')
    .on('cases')
    .columns(['workspace_id', 'due_at'])
    .where(sql.raw<boolean>('first_response_at is null and breached_at is null'))
    .execute();
}
