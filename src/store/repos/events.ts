/**
 * Customer events (issue #15, migration 0023) on both dialects: stored once per (workspace_id,
 * external_id) — the unique constraint settles two requests replaying the same event at once.
 */
import { sql, type Kysely } from 'kysely';
import type { CustomerEvent, EventRepo } from '../../core/events/ports.js';
import type { DB } from '../schema.js';
import { chunks, decodePair, encodeCursor, keysetAfter, parseJson, type Conn } from './util.js';

/** Row type of migration 0023's events table. */
export type EventTables = {
  customer_events: {
    id: string;
    workspace_id: string;
    external_id: string;
    type: string;
    customer_id: string | null;
    occurred_at: string;
    touchpoint_key: string | null;
    data: string;
    invitations: number;
    created_at: string;
  };
};

type EventsDb = Kysely<DB & EventTables>;
export const withEventTables = (db: Kysely<DB>): EventsDb => db.withTables<EventTables>();

type Row = EventTables['customer_events'];

export const presentEventRow = (r: Row): CustomerEvent => ({
  id: r.id,
  workspaceId: r.workspace_id,
  externalId: r.external_id,
  type: r.type,
  customerId: r.customer_id,
  occurredAt: r.occurred_at,
  touchpointKey: r.touchpoint_key,
  data: parseJson<Record<string, unknown>>(r.data, {}),
  invitations: Number(r.invitations),
  createdAt: r.created_at,
});

export function eventRepo({ db: base, dialect }: Conn): EventRepo {
  const db = withEventTables(base);
  // Rows changed by id: the unary + keeps SQLite on the primary key instead of a (workspace_id, …)
  // index over every event of the workspace (as in review-requests.ts).
  const wsById = dialect === 'sqlite' ? sql<string>`+workspace_id` : sql<string>`workspace_id`;
  return {
    async known(workspaceId, externalIds) {
      const out = new Map<string, CustomerEvent>();
      for (const part of chunks([...new Set(externalIds)])) {
        const rows = await db
          .selectFrom('customer_events')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('external_id', 'in', part)
          .execute();
        for (const r of rows) out.set(r.external_id, presentEventRow(r));
      }
      return out;
    },

    async insertMany(workspaceId, events) {
      const inserted = new Set<string>();
      for (const part of chunks(events, 200)) {
        const rows = await db
          .insertInto('customer_events')
          .values(
            part.map((e): Row => ({
              id: e.id,
              workspace_id: workspaceId,
              external_id: e.externalId,
              type: e.type,
              customer_id: e.customerId,
              occurred_at: e.occurredAt,
              touchpoint_key: e.touchpointKey,
              data: JSON.stringify(e.data),
              invitations: 0,
              created_at: e.createdAt,
            })),
          )
          .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).doNothing())
          .returning('id')
          .execute();
        for (const r of rows) inserted.add(r.id);
      }
      return inserted;
    },

    async setInvitations(workspaceId, counts) {
      // One statement per 500 events, not one per event.
      for (const part of chunks(counts.filter((c) => c.invitations > 0))) {
        const countOf = sql<number>`case id ${sql.join(
          part.map((c) => sql`when ${c.id} then cast(${c.invitations} as integer)`),
          sql` `,
        )} end`;
        await db
          .updateTable('customer_events')
          .set({ invitations: countOf })
          .where(wsById, '=', workspaceId)
          .where(
            'id',
            'in',
            part.map((c) => c.id),
          )
          .execute();
      }
    },

    async list(workspaceId, filter, cursor, limit) {
      const after = decodePair(cursor);
      let q = db.selectFrom('customer_events').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
      if (after) q = q.where(keysetAfter('created_at', 'id', after[0], after[1]));
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(presentEventRow),
        next: rows.length > limit && last ? encodeCursor([last.created_at, last.id]) : null,
      };
    },
  };
}
