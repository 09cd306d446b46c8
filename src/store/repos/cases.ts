import type { Channel } from '../../core/feedback/schema.js';
import type { CaseRepo, NewCase, NewCaseEvent } from '../../core/ports.js';
import type {
  Actor,
  Case,
  CaseEvent,
  CaseEventKind,
  CaseOpener,
  CaseOutcome,
  CaseStatus,
  PriorityLabel,
} from '../../core/types.js';
import { sql } from 'kysely';
import { PRIORITY_SETTLES_HOURS } from '../../core/cases/priority.js';
import { caseMeasureRepo } from './case-measures.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import { chunks, newId, parseJson, type Conn } from './util.js';

type CaseRow = CaseTables['cases'];

const CHUNK = 200;

/** When the priority sweep stops reading a case whose last item joined at `at` (see PRIORITY_SETTLES_HOURS). */
const settlesAt = (at: string) =>
  new Date(new Date(at).getTime() + PRIORITY_SETTLES_HOURS * 3_600_000).toISOString();

export function presentCase(r: CaseRow): Case {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    itemId: r.item_id,
    customerId: r.customer_id,
    authorHandle: r.author_handle,
    platform: r.platform,
    channel: r.channel as Channel,
    brandId: r.brand_id,
    touchpointKey: r.touchpoint_key,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    status: r.status as CaseStatus,
    outcome: r.outcome as CaseOutcome | null,
    priority: {
      score: Number(r.priority),
      label: r.priority_label as PriorityLabel,
      reasons: parseJson<string[]>(r.priority_reasons, []),
    },
    openedBy: parseJson<CaseOpener>(r.opened_by, { type: 'user', id: null }),
    openedAt: r.opened_at,
    firstResponseAt: r.first_response_at,
    dueAt: r.due_at,
    breachedAt: r.breached_at,
    escalatedAt: r.escalated_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    atOpen: {
      sentimentScore: r.sentiment_at_open,
      sentimentLabel: r.label_at_open,
      rating: r.rating_at_open,
      nps: r.nps_at_open,
    },
    reach: r.reach === null ? null : Number(r.reach),
  };
}

function caseRow(workspaceId: string, c: NewCase): CaseRow {
  return {
    id: c.id,
    workspace_id: workspaceId,
    item_id: c.itemId,
    customer_id: c.customerId,
    author_handle: c.authorHandle,
    platform: c.platform,
    channel: c.channel,
    brand_id: c.brandId,
    touchpoint_key: c.touchpointKey,
    team_id: c.teamId,
    assignee_id: c.assigneeId,
    status: 'open',
    outcome: null,
    priority: c.priority.score,
    priority_label: c.priority.label,
    priority_reasons: JSON.stringify(c.priority.reasons),
    opened_by: JSON.stringify(c.openedBy),
    opened_at: c.openedAt,
    first_response_at: null,
    due_at: c.dueAt,
    breached_at: null,
    escalated_at: null,
    closed_at: null,
    updated_at: c.openedAt,
    sentiment_at_open: c.atOpen.sentimentScore,
    label_at_open: c.atOpen.sentimentLabel,
    rating_at_open: c.atOpen.rating,
    nps_at_open: c.atOpen.nps,
    reach: c.reach,
    reprioritize_until: settlesAt(c.openedAt),
  };
}

/** Events written in the same instant keep the order they were written in. */
let lastSeq = 0;
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

function presentEvent(r: CaseTables['case_events']): CaseEvent {
  const actor: Actor =
    r.actor_type === 'user' && r.actor_id !== null
      ? { type: 'user', id: r.actor_id }
      : r.actor_type === 'api_key' && r.actor_id !== null
        ? { type: 'api_key', id: r.actor_id }
        : { type: 'system', id: null };
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as CaseEventKind,
    actor,
    body: parseJson<Record<string, unknown>>(r.body, {}),
    mentions: parseJson<string[]>(r.mentions, []),
    at: r.at,
  };
}

export function caseRepo({ db: base, dialect }: Conn): CaseRepo {
  const db = withCaseTables(base);
  const ACTIVE = ['open', 'waiting'];
  return {
    ...caseMeasureRepo({ db: base, dialect }),
    async lockThreads(workspaceId) {
      if (dialect !== 'postgres') return;
      await sql`select pg_advisory_xact_lock(hashtext(${`cases:${workspaceId}`}))`.execute(db);
    },

    async insertMany(workspaceId, cases) {
      for (let from = 0; from < cases.length; from += CHUNK) {
        const chunk = cases.slice(from, from + CHUNK);
        await db
          .insertInto('cases')
          .values(chunk.map((c) => caseRow(workspaceId, c)))
          .execute();
        await db
          .insertInto('case_items')
          .values(
            chunk.map((c) => ({
              workspace_id: workspaceId,
              case_id: c.id,
              item_id: c.itemId,
              joined_at: c.openedAt,
            })),
          )
          .execute();
      }
    },

    async addItems(workspaceId, links) {
      for (let from = 0; from < links.length; from += CHUNK) {
        await db
          .insertInto('case_items')
          .values(
            links.slice(from, from + CHUNK).map((l) => ({
              workspace_id: workspaceId,
              case_id: l.caseId,
              item_id: l.itemId,
              joined_at: l.at,
            })),
          )
          .onConflict((oc) => oc.columns(['case_id', 'item_id']).doNothing())
          .execute();
      }
      // A joined item keeps its case in the priority sweep until the item's own priority settles.
      const byAt = new Map<string, string[]>();
      for (const l of links) byAt.set(l.at, [...new Set([...(byAt.get(l.at) ?? []), l.caseId])]);
      for (const [at, caseIds] of byAt) {
        const until = settlesAt(at);
        for (const part of chunks(caseIds)) {
          await db
            .updateTable('cases')
            .set({ reprioritize_until: until })
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', part)
            .where((eb) =>
              eb.or([eb('reprioritize_until', 'is', null), eb('reprioritize_until', '<', until)]),
            )
            .execute();
        }
      }
    },

    async addEvents(workspaceId, events: readonly NewCaseEvent[]) {
      for (let from = 0; from < events.length; from += CHUNK) {
        await db
          .insertInto('case_events')
          .values(
            events.slice(from, from + CHUNK).map((e) => ({
              id: newId(),
              workspace_id: workspaceId,
              case_id: e.caseId,
              kind: e.kind,
              actor_type: e.actor.type,
              actor_id: e.actor.id,
              body: JSON.stringify(e.body ?? {}),
              mentions: JSON.stringify(e.mentions ?? []),
              at: e.at,
              seq: nextSeq(),
            })),
          )
          .execute();
      }
    },

    async get(workspaceId, id) {
      const r = await db
        .selectFrom('cases')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && presentCase(r);
    },

    async list(workspaceId, filter, { limit, after }) {
      let q = db.selectFrom('cases').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.status && filter.status.length > 0) q = q.where('status', 'in', [...filter.status]);
      if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
      if (filter.assigneeId === null) q = q.where('assignee_id', 'is', null);
      else if (filter.assigneeId !== undefined) q = q.where('assignee_id', '=', filter.assigneeId);
      if (filter.segment !== undefined) {
        const segment = filter.segment;
        q = q.where('customer_id', 'in', (eb) =>
          eb
            .selectFrom(sql.table('segment_members').as('sm'))
            .select(sql.ref<string>('sm.customer_id').as('customer_id'))
            .where(sql.ref('sm.segment_id'), '=', segment),
        );
      }
      if (after) {
        const [p, at, id] = after;
        // The leading bound is what an index range starts at (see `keysetAfter`).
        q = q
          .where('priority', '<=', p)
          .where((eb) =>
            eb.or([
              eb('priority', '<', p),
              eb.and([
                eb('priority', '=', p),
                eb.or([eb('opened_at', '>', at), eb.and([eb('opened_at', '=', at), eb('id', '>', id)])]),
              ]),
            ]),
          );
      }
      const rows = await q
        .orderBy('priority', 'desc')
        .orderBy('opened_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(presentCase);
    },

    async openForThreads(workspaceId, { customerIds, handles }) {
      if (customerIds.length === 0 && handles.length === 0) return [];
      const out = new Map<string, Case>();
      const ids = [...new Set(customerIds)];
      for (let from = 0; from < ids.length; from += 500) {
        const rows = await db
          .selectFrom('cases')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('status', 'in', ACTIVE)
          .where('customer_id', 'in', ids.slice(from, from + 500))
          .execute();
        for (const r of rows) out.set(r.id, presentCase(r));
      }
      const names = [...new Set(handles.map((h) => h.handle))];
      for (let from = 0; from < names.length; from += 500) {
        const rows = await db
          .selectFrom('cases')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('status', 'in', ACTIVE)
          .where('author_handle', 'in', names.slice(from, from + 500))
          .execute();
        for (const r of rows) {
          if (handles.some((h) => h.handle === r.author_handle && h.platform === r.platform))
            out.set(r.id, presentCase(r));
        }
      }
      return [...out.values()];
    },

    async forItems(workspaceId, itemIds) {
      const out: { itemId: string; case: Case }[] = [];
      const ids = [...new Set(itemIds)];
      for (let from = 0; from < ids.length; from += 500) {
        const rows = await db
          .selectFrom('case_items as ci')
          .innerJoin('cases as c', 'c.id', 'ci.case_id')
          .selectAll('c')
          .select('ci.item_id as linked_item_id')
          .where('ci.workspace_id', '=', workspaceId)
          .where('c.workspace_id', '=', workspaceId)
          .where('ci.item_id', 'in', ids.slice(from, from + 500))
          .execute();
        for (const r of rows) out.push({ itemId: r.linked_item_id, case: presentCase(r) });
      }
      return out;
    },

    async update(workspaceId, id, patch) {
      const set: Partial<CaseRow> = { updated_at: patch.updatedAt };
      if (patch.teamId !== undefined) set.team_id = patch.teamId;
      if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.outcome !== undefined) set.outcome = patch.outcome;
      if (patch.priority !== undefined) {
        set.priority = patch.priority.score;
        set.priority_label = patch.priority.label;
        set.priority_reasons = JSON.stringify(patch.priority.reasons);
      }
      if (patch.firstResponseAt !== undefined) set.first_response_at = patch.firstResponseAt;
      if (patch.dueAt !== undefined) set.due_at = patch.dueAt;
      if (patch.breachedAt !== undefined) set.breached_at = patch.breachedAt;
      if (patch.escalatedAt !== undefined) set.escalated_at = patch.escalatedAt;
      if (patch.closedAt !== undefined) set.closed_at = patch.closedAt;
      if (patch.touchpointKey !== undefined) set.touchpoint_key = patch.touchpointKey;
      await db
        .updateTable('cases')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async items(workspaceId, caseId) {
      // Items that joined in the same instant (one ingest batch) in the order they were posted.
      const rows = await db
        .selectFrom('case_items as ci')
        .innerJoin('feedback_items as fi', 'fi.id', 'ci.item_id')
        .select(['ci.item_id', 'ci.joined_at'])
        .where('ci.workspace_id', '=', workspaceId)
        .where('ci.case_id', '=', caseId)
        .orderBy('ci.joined_at')
        .orderBy('fi.posted_at')
        .orderBy('ci.item_id')
        .execute();
      return rows.map((r) => ({ itemId: r.item_id, joinedAt: r.joined_at }));
    },

    async itemsOf(workspaceId, caseIds) {
      const out: { caseId: string; itemId: string }[] = [];
      for (const part of chunks(caseIds)) {
        const rows = await db
          .selectFrom('case_items')
          .select(['case_id', 'item_id'])
          .where('workspace_id', '=', workspaceId)
          .where('case_id', 'in', part)
          .orderBy('case_id')
          .orderBy('joined_at')
          .orderBy('item_id')
          .execute();
        for (const r of rows) out.push({ caseId: r.case_id, itemId: r.item_id });
      }
      return out;
    },

    async events(workspaceId, caseId) {
      const rows = await db
        .selectFrom('case_events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('case_id', '=', caseId)
        .orderBy('at')
        .orderBy('seq')
        .execute();
      return rows.map(presentEvent);
    },

    async toReprioritize(since, after, limit) {
      // Only the index on (reprioritize_until, id): with `status in (…)` in the query SQLite chose
      // cases_due (status) and sorted every active case (2.3 s at 400k cases). Closed cases in the
      // window are skipped here instead; the window holds the last days' cases only.
      let q = db.selectFrom('cases').selectAll().where('reprioritize_until', '>=', since);
      if (after) {
        const [until, id] = after;
        q = q.where((eb) => eb(eb.refTuple('reprioritize_until', 'id'), '>', eb.tuple(until, id)));
      }
      const rows = await q.orderBy('reprioritize_until').orderBy('id').limit(limit).execute();
      const last = rows[rows.length - 1];
      return {
        cases: rows.filter((r) => ACTIVE.includes(r.status)).map(presentCase),
        next: last && rows.length === limit ? [last.reprioritize_until ?? since, last.id] : null,
      };
    },

    async raisePriority(workspaceId, id, from, to) {
      const result = await db
        .updateTable('cases')
        .set({
          priority: to.score,
          priority_label: to.label,
          priority_reasons: JSON.stringify(to.reasons),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('priority', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async claimBreach(workspaceId, id, at) {
      const result = await db
        .updateTable('cases')
        .set({ breached_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('breached_at', 'is', null)
        .where('first_response_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async overdue(now, limit) {
      // The terms of the partial index cases_sla_pending, as literals, so SQLite uses it (migration
      // 0013): breached cases still open are not walked again every minute.
      const rows = await db
        .selectFrom('cases')
        .selectAll()
        .where(sql<boolean>`first_response_at is null and breached_at is null and status <> 'closed'`)
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .limit(limit)
        .execute();
      return rows.map(presentCase);
    },

    async measureRows(workspaceId, { from, to }) {
      let q = db
        .selectFrom('cases')
        .select([
          'id',
          'team_id',
          'assignee_id',
          'status',
          'outcome',
          'opened_at',
          'first_response_at',
          'due_at',
          'breached_at',
          'closed_at',
        ])
        .where('workspace_id', '=', workspaceId);
      if (from !== undefined) q = q.where('opened_at', '>=', from);
      if (to !== undefined) q = q.where('opened_at', '<', to);
      const rows = await q.execute();
      return rows.map((r) => ({
        id: r.id,
        teamId: r.team_id,
        assigneeId: r.assignee_id,
        status: r.status as CaseStatus,
        outcome: r.outcome as CaseOutcome | null,
        openedAt: r.opened_at,
        firstResponseAt: r.first_response_at,
        dueAt: r.due_at,
        breachedAt: r.breached_at,
        closedAt: r.closed_at,
      }));
    },

    async previews(workspaceId, itemIds) {
      if (itemIds.length === 0) return [];
      const rows = await db
        .selectFrom('feedback_items')
        .select(['id', 'title', 'text', 'rating', 'sentiment_label', 'language', 'author_name', 'posted_at'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [...new Set(itemIds)])
        .execute();
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        text: r.text,
        rating: r.rating,
        sentiment: r.sentiment_label,
        language: r.language,
        authorName: r.author_name,
        postedAt: r.posted_at,
      }));
    },

    async customerHistory(workspaceId, customerId, limit) {
      const rows = await db
        .selectFrom('feedback_items')
        .select(['id', 'platform', 'channel', 'text', 'rating', 'sentiment_label', 'posted_at'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('posted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        platform: r.platform,
        channel: r.channel,
        text: r.text,
        rating: r.rating,
        sentiment: r.sentiment_label,
        postedAt: r.posted_at,
      }));
    },
  };
}
