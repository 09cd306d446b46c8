import type { ReplyRepo } from '../../core/ports.js';
import type { Reply, ReplyStatus } from '../../core/types.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import type { Conn } from './util.js';
import { claimQueued } from './outbox.js';

const present = (r: CaseTables['replies']): Reply => ({
  id: r.id,
  caseId: r.case_id,
  itemId: r.item_id,
  channel: r.channel_kind,
  recipient: r.recipient,
  subject: r.subject,
  text: r.text,
  language: r.language,
  status: r.status as ReplyStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  externalId: r.external_id,
  sentBy: r.sent_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
});

/** The reply outbox. A row's id is its idempotency key; `claim` is the only way into `sending`. */
export function replyRepo({ db: base }: Conn): ReplyRepo {
  const db = withCaseTables(base);
  const get = async (workspaceId: string, id: string) => {
    const r = await db
      .selectFrom('replies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && present(r);
  };
  return {
    async insert(workspaceId, x) {
      await db
        .insertInto('replies')
        .values({
          id: x.id,
          workspace_id: workspaceId,
          case_id: x.caseId,
          item_id: x.itemId,
          channel_kind: x.channel,
          recipient: x.recipient,
          subject: x.subject,
          text: x.text,
          language: x.language,
          status: x.status,
          attempts: 0,
          next_attempt_at: null,
          last_error: null,
          external_id: null,
          sent_by: x.sentBy,
          created_at: x.createdAt,
          updated_at: x.createdAt,
          sent_at: x.sentAt,
        })
        .execute();
      const stored = await get(workspaceId, x.id);
      if (!stored) throw new Error(`reply ${x.id} not found after writing it`);
      return stored;
    },

    get,

    async forCase(workspaceId, caseId) {
      const rows = await db
        .selectFrom('replies')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('case_id', '=', caseId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(present);
    },

    async claim(workspaceId, id, now) {
      return (await claimQueued(base, 'replies', workspaceId, id, now)) ? get(workspaceId, id) : undefined;
    },

    async update(workspaceId, id, patch) {
      const set: Partial<CaseTables['replies']> = { updated_at: patch.updatedAt };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.nextAttemptAt !== undefined) set.next_attempt_at = patch.nextAttemptAt;
      if (patch.lastError !== undefined) set.last_error = patch.lastError;
      if (patch.externalId !== undefined) set.external_id = patch.externalId;
      if (patch.sentAt !== undefined) set.sent_at = patch.sentAt;
      await db
        .updateTable('replies')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async overdue(before, limit) {
      const rows = await db
        .selectFrom('replies')
        .select(['workspace_id', 'id'])
        .where('status', '=', 'queued')
        .where((eb) =>
          eb.or([
            eb('next_attempt_at', '<', before),
            eb.and([eb('next_attempt_at', 'is', null), eb('updated_at', '<', before)]),
          ]),
        )
        .orderBy('updated_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },

    async stuck(before, limit) {
      const rows = await db
        .selectFrom('replies')
        .selectAll()
        .where('status', '=', 'sending')
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, reply: present(r) }));
    },
  };
}
