/**
 * A customer's timeline (issue #14) on both dialects: six sources — items, cases opened, cases
 * closed, replies, notes, exceptions — each read newest first by its own index from the cursor, at
 * most `limit` rows each, merged by (at, key). Versions come in one query for the page's items.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import {
  compareEntries,
  sameInstantRule,
  type TimelineEntry,
  type TimelinePosition,
  type TimelineRepo,
  type TimelineSource,
  type TimelineVersion,
} from '../../core/customers/timeline.js';
import type { DB } from '../schema.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import type { ExceptionTables } from './exceptions.js';
import { chunks, keysetAfter, type Conn } from './util.js';

type TimelineDb = Kysely<DB & CaseTables & ExceptionTables>;

/** `(at, id) < cursor` for one source, by the source's time and id columns. */
function olderThan(
  before: TimelinePosition | undefined,
  source: TimelineSource,
  atCol: string,
  idCol: string,
): RawBuilder<SqlBool> {
  if (!before) return sql<SqlBool>`1 = 1`;
  const at = sql.ref(atCol);
  const rule = sameInstantRule(source, before.key);
  if (rule === 'none') return sql<SqlBool>`${at} < ${before.at}`;
  if (rule === 'all') return sql<SqlBool>`${at} <= ${before.at}`;
  return keysetAfter(atCol, idCol, before.at, rule.idBelow);
}

const score = (kind: string | null, value: number | null) =>
  kind !== null && value !== null ? { kind, value: Number(value) } : null;

export function timelineRepo({ db: base }: Conn): TimelineRepo {
  const db: TimelineDb = withCaseTables(base).withTables<ExceptionTables>();

  async function versionsOf(workspaceId: string, itemIds: string[]) {
    const out = new Map<string, TimelineVersion[]>();
    for (const ids of chunks(itemIds)) {
      const rows = await db
        .selectFrom('feedback_versions')
        .select(['item_id', 'version', 'title', 'text', 'rating', 'score_kind', 'score_value', 'received_at'])
        .where('workspace_id', '=', workspaceId)
        .where('item_id', 'in', ids)
        .orderBy('item_id')
        .orderBy('version')
        .execute();
      for (const r of rows) {
        const list = out.get(r.item_id) ?? [];
        list.push({
          version: Number(r.version),
          title: r.title,
          text: r.text,
          rating: r.rating === null ? null : Number(r.rating),
          score: score(r.score_kind, r.score_value),
          receivedAt: r.received_at,
        });
        out.set(r.item_id, list);
      }
    }
    return out;
  }

  return {
    async customer(workspaceId, customerId) {
      const r = await db
        .selectFrom('customers')
        .select(['id', 'merged_into'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', customerId)
        .executeTakeFirst();
      return r ? { id: r.id, mergedInto: r.merged_into } : undefined;
    },

    async page(workspaceId, customerId, before, limit) {
      const items = db
        .selectFrom('feedback_items')
        .select([
          'id',
          'posted_at',
          'platform',
          'channel',
          'brand_id',
          'title',
          'text',
          'url',
          'rating',
          'score_kind',
          'score_value',
          'sentiment_label',
          'language',
          'author_name',
          'author_handle',
          'version',
        ])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .where(olderThan(before, 'item', 'posted_at', 'id'))
        .orderBy('posted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const caseColumns = [
        'id',
        'item_id',
        'status',
        'outcome',
        'priority_label',
        'touchpoint_key',
        'opened_at',
        'closed_at',
      ] as const;
      const opened = db
        .selectFrom('cases')
        .select(caseColumns)
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .where(olderThan(before, 'opened', 'opened_at', 'id'))
        .orderBy('opened_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      // A customer's cases are few; the closed ones are read from the same (workspace, customer) index.
      const closed = db
        .selectFrom('cases')
        .select(caseColumns)
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .where('closed_at', 'is not', null)
        .where(olderThan(before, 'closed', 'closed_at', 'id'))
        .orderBy('closed_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const replies = db
        .selectFrom('replies as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .select([
          'r.id',
          'r.case_id',
          'r.item_id',
          'r.channel_kind',
          'r.status',
          'r.text',
          'r.created_at',
          'r.sent_at',
        ])
        .where('c.workspace_id', '=', workspaceId)
        .where('c.customer_id', '=', customerId)
        .where('r.workspace_id', '=', workspaceId)
        .where(olderThan(before, 'reply', 'r.created_at', 'r.id'))
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit)
        .execute();
      const notes = db
        .selectFrom('customer_notes')
        .select(['id', 'author_id', 'text', 'created_at'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .where(olderThan(before, 'note', 'created_at', 'id'))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const exceptions = db
        .selectFrom('exceptions as e')
        .innerJoin('exception_types as t', 't.id', 'e.type_id')
        .select([
          'e.id',
          'e.case_id',
          'e.item_id',
          't.name as type',
          'e.amount',
          'e.currency',
          'e.status',
          'e.reason',
          'e.created_at',
        ])
        .where('e.workspace_id', '=', workspaceId)
        .where('e.customer_id', '=', customerId)
        .where(olderThan(before, 'exception', 'e.created_at', 'e.id'))
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit)
        .execute();

      const [itemRows, openedRows, closedRows, replyRows, noteRows, exceptionRows] = await Promise.all([
        items,
        opened,
        closed,
        replies,
        notes,
        exceptions,
      ]);
      const entries: TimelineEntry[] = [];
      for (const r of itemRows) {
        const survey = r.channel === 'survey' || r.score_kind !== null;
        entries.push({
          key: `item:${r.id}`,
          at: r.posted_at,
          kind: survey ? 'survey' : 'item',
          itemId: r.id,
          platform: r.platform,
          channel: r.channel,
          brandId: r.brand_id,
          title: r.title,
          text: r.text,
          url: r.url,
          rating: r.rating === null ? null : Number(r.rating),
          score: score(r.score_kind, r.score_value),
          sentiment: r.sentiment_label,
          language: r.language,
          authorName: r.author_name,
          authorHandle: r.author_handle,
          version: Number(r.version),
          versions: [],
        });
      }
      for (const [event, rows] of [
        ['opened', openedRows],
        ['closed', closedRows],
      ] as const) {
        for (const r of rows) {
          const at = event === 'opened' ? r.opened_at : r.closed_at;
          if (at === null) continue;
          entries.push({
            key: `${event}:${r.id}`,
            at,
            kind: 'case',
            event,
            caseId: r.id,
            itemId: r.item_id,
            status: r.status,
            outcome: event === 'closed' ? r.outcome : null,
            priorityLabel: r.priority_label,
            touchpoint: r.touchpoint_key,
          });
        }
      }
      for (const r of replyRows)
        entries.push({
          key: `reply:${r.id}`,
          at: r.created_at,
          kind: 'reply',
          replyId: r.id,
          caseId: r.case_id,
          itemId: r.item_id,
          channelKind: r.channel_kind,
          status: r.status,
          text: r.text,
          sentAt: r.sent_at,
        });
      for (const r of noteRows)
        entries.push({
          key: `note:${r.id}`,
          at: r.created_at,
          kind: 'note',
          noteId: r.id,
          authorId: r.author_id,
          text: r.text,
        });
      for (const r of exceptionRows)
        entries.push({
          key: `exception:${r.id}`,
          at: r.created_at,
          kind: 'exception',
          exceptionId: r.id,
          caseId: r.case_id,
          itemId: r.item_id,
          type: r.type,
          amount: Number(r.amount),
          currency: r.currency,
          status: r.status,
          reason: r.reason,
        });

      const page = entries.sort(compareEntries).slice(0, limit);
      const pageItems = page.flatMap((e) => (e.kind === 'item' || e.kind === 'survey' ? [e] : []));
      const versions = await versionsOf(
        workspaceId,
        pageItems.map((e) => e.itemId),
      );
      for (const e of pageItems) e.versions = versions.get(e.itemId) ?? [];
      return page;
    },

    async sentiments(workspaceId, customerId, limit) {
      const rows = await db
        .selectFrom('feedback_items')
        .select(['posted_at', 'sentiment_label'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('posted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ postedAt: r.posted_at, sentiment: r.sentiment_label }));
    },
  };
}
