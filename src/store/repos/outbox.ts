import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { withAlertTables } from './alerts.js';

/**
 * The claim of an outbox row (a reply, an alert notification): queued → sending when due, attempts
 * + 1, in one conditional UPDATE, so of two workers that try at once exactly one gets it. True when
 * this caller did.
 */
export async function claimQueued(
  base: Kysely<DB>,
  table: 'replies' | 'notifications',
  workspaceId: string,
  id: string,
  now: string,
): Promise<boolean> {
  // Both tables have the outbox columns; one of them names the query's row type.
  const r = await withAlertTables(base)
    .updateTable(table as 'replies')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
