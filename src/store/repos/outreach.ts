/**
 * Contact rules, consent and the send log (issue #15, migration 0022) on both dialects. The facts
 * of a batch of asks are five indexed queries per 500 customers: last asks by
 * `contact_sends_customer`, open cases by `cases_customer`, consents by their primary key, e-mail
 * identities by `customer_identities (workspace_id, customer_id)` and the customers by id.
 */
import { sql, type Kysely } from 'kysely';
import type { Consent, ContactSend, OutreachRepo, SendLogFilter } from '../../core/outreach/ports.js';
import {
  DEFAULT_CONTACT_SETTINGS,
  type AskFacts,
  type AskKind,
  type ConsentSource,
  type ConsentStatus,
  type ContactChannel,
  type SendReason,
  type SendStatus,
} from '../../core/outreach/rules.js';
import type { DB } from '../schema.js';
import type { CaseTables } from './case-tables.js';
import { chunks, keysetAfter, newSortableId, type Conn } from './util.js';

/** Row types of migration 0022's tables. */
export type OutreachTables = {
  contact_settings: {
    workspace_id: string;
    cap_days: number;
    suppress_open_case: number;
    require_consent: number;
    quiet_start: string;
    quiet_end: string;
    time_zone: string;
    updated_at: string;
  };
  contact_consents: {
    workspace_id: string;
    customer_id: string;
    channel: string;
    status: string;
    source: string;
    updated_at: string;
  };
  contact_sends: {
    id: string;
    workspace_id: string;
    customer_id: string | null;
    kind: string;
    ref_id: string;
    channel: string;
    status: string;
    reason: string | null;
    detail: string | null;
    send_after: string;
    created_at: string;
    sent_at: string | null;
    attempts: number;
    claimed_at: string | null;
  };
};

type OutreachDb = Kysely<DB & OutreachTables & CaseTables>;
export const withOutreachTables = (db: Kysely<DB>): OutreachDb =>
  db.withTables<OutreachTables>().withTables<CaseTables>();

type SendRow = OutreachTables['contact_sends'];

/** Timestamps come back as Date from PostgreSQL and as text from SQLite. */
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

function presentSend(r: SendRow): ContactSend {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    customerId: r.customer_id,
    kind: r.kind as AskKind,
    refId: r.ref_id,
    channel: r.channel as ContactChannel,
    status: r.status as SendStatus,
    reason: r.reason as SendReason | null,
    detail: r.detail,
    sendAfter: iso(r.send_after),
    createdAt: iso(r.created_at),
    sentAt: isoOrNull(r.sent_at),
    attempts: Number(r.attempts ?? 0),
  };
}

const presentConsent = (r: OutreachTables['contact_consents']): Consent => ({
  channel: r.channel as ContactChannel,
  status: r.status as ConsentStatus,
  source: r.source as ConsentSource,
  updatedAt: iso(r.updated_at),
});

/** The tables of the asks' own rows, by kind: their status follows the send log. */
const REF_TABLES: Record<AskKind, string> = {
  survey: 'survey_invitations',
  review_request: 'review_requests',
  referral: 'review_requests',
};

export function outreachRepo({ db: base }: Conn): OutreachRepo {
  const db = withOutreachTables(base);

  return {
    async settings(workspaceId) {
      const r = await db
        .selectFrom('contact_settings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!r) return { ...DEFAULT_CONTACT_SETTINGS, updatedAt: null };
      return {
        capDays: Number(r.cap_days),
        suppressOpenCase: Number(r.suppress_open_case) === 1,
        requireConsent: Number(r.require_consent) === 1,
        quietStart: r.quiet_start,
        quietEnd: r.quiet_end,
        timeZone: r.time_zone,
        updatedAt: iso(r.updated_at),
      };
    },

    async saveSettings(workspaceId, s, now) {
      const row = {
        cap_days: s.capDays,
        suppress_open_case: s.suppressOpenCase ? 1 : 0,
        require_consent: s.requireConsent ? 1 : 0,
        quiet_start: s.quietStart,
        quiet_end: s.quietEnd,
        time_zone: s.timeZone,
        updated_at: now,
      };
      await db
        .insertInto('contact_settings')
        .values({ workspace_id: workspaceId, ...row })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
        .execute();
    },

    async facts(workspaceId, customerIds, channel, options) {
      const out = new Map<string, AskFacts>();
      const unique = [...new Set(customerIds)];
      const exclude = options.excludeSendIds ?? [];
      for (const part of chunks(unique)) {
        for (const id of part) {
          out.set(id, { lastAskAt: null, openCases: 0, consent: null, hasAddress: false, erased: true });
        }
        const customers = await db
          .selectFrom('customers')
          .select(['id', 'erased_at', 'merged_into'])
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
        for (const c of customers) {
          const f = out.get(c.id);
          if (f) {
            f.erased = c.erased_at !== null;
            f.mergedInto = c.merged_into;
          }
        }
        // The records merged into each customer (down the merge chain, one query per level): their
        // consents and asks stay on them (so a merge undoes exactly) and count for the survivor.
        const parentOf = new Map<string, string>();
        const seen = new Set<string>(part);
        let level = part;
        for (let depth = 0; depth < 16 && level.length > 0; depth++) {
          const next: string[] = [];
          for (const chunk of chunks(level)) {
            const rows = await db
              .selectFrom('customers')
              .select(['id', 'merged_into'])
              .where('workspace_id', '=', workspaceId)
              .where('merged_into', 'in', chunk)
              .execute();
            for (const r of rows) {
              if (r.merged_into === null) continue;
              parentOf.set(r.id, r.merged_into);
              if (!seen.has(r.id)) next.push(r.id);
              seen.add(r.id);
            }
          }
          level = next;
        }
        // Each record counts for itself (when asked) and for every asked customer up its chain.
        const owners = new Map<string, string[]>();
        for (const id of seen) {
          const roots: string[] = [];
          let current: string | undefined = id;
          for (let depth = 0; current !== undefined && depth < 17; depth++) {
            if (out.has(current)) roots.push(current);
            current = parentOf.get(current);
          }
          owners.set(id, roots);
        }
        const factsOf = (customerId: string | null): AskFacts[] =>
          customerId === null
            ? []
            : (owners.get(customerId) ?? []).flatMap((root) => {
                const f = out.get(root);
                return f ? [f] : [];
              });
        const all = [...owners.keys()];
        const statuses = options.includeScheduled ? ['sent', 'sending', 'scheduled'] : ['sent', 'sending'];
        for (const ids of chunks(all)) {
          let last = db
            .selectFrom('contact_sends')
            .select(['customer_id', (eb) => eb.fn.max(eb.fn.coalesce('sent_at', 'send_after')).as('last')])
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', 'in', ids)
            .where('status', 'in', statuses)
            .groupBy('customer_id');
          if (exclude.length > 0) last = last.where('id', 'not in', exclude);
          for (const r of await last.execute()) {
            const at = isoOrNull(r.last);
            for (const f of factsOf(r.customer_id)) {
              if (at !== null && (f.lastAskAt === null || at > f.lastAskAt)) f.lastAskAt = at;
            }
          }
          const consents = await db
            .selectFrom('contact_consents')
            .select(['customer_id', 'status'])
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', 'in', ids)
            .where('channel', '=', channel)
            .execute();
          // The strictest consent of the merged records wins: one unsubscribe stops them all.
          for (const r of consents) {
            for (const f of factsOf(r.customer_id)) {
              if (f.consent !== 'unsubscribed') f.consent = r.status as ConsentStatus;
            }
          }
        }
        const cases = await db
          .selectFrom('cases')
          .select(['customer_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .where('status', 'in', ['open', 'waiting'])
          .groupBy('customer_id')
          .execute();
        for (const r of cases) {
          const f = r.customer_id === null ? undefined : out.get(r.customer_id);
          if (f) f.openCases = Number(r.n);
        }
        const addressed = await db
          .selectFrom('customer_identities')
          .select('customer_id')
          .distinct()
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .where('kind', '=', 'email')
          .execute();
        for (const r of addressed) {
          const f = out.get(r.customer_id);
          if (f) f.hasAddress = true;
        }
      }
      return out;
    },

    async survivors(workspaceId, customerIds) {
      const out = new Map<string, string>();
      for (const part of chunks([...new Set(customerIds)])) {
        for (const id of part) out.set(id, id);
        // current survivor -> the asked ids that end there
        let open = new Map<string, string[]>(part.map((id) => [id, [id]]));
        for (let depth = 0; depth < 16 && open.size > 0; depth++) {
          const next = new Map<string, string[]>();
          for (const ids of chunks([...open.keys()])) {
            const rows = await db
              .selectFrom('customers')
              .select(['id', 'merged_into'])
              .where('workspace_id', '=', workspaceId)
              .where('id', 'in', ids)
              .where('merged_into', 'is not', null)
              .execute();
            for (const r of rows) {
              if (r.merged_into === null) continue;
              const asked = open.get(r.id) ?? [];
              for (const a of asked) out.set(a, r.merged_into);
              next.set(r.merged_into, [...(next.get(r.merged_into) ?? []), ...asked]);
            }
          }
          open = next;
        }
      }
      return out;
    },

    async emailsOf(workspaceId, customerIds) {
      const out = new Map<string, string>();
      for (const part of chunks([...new Set(customerIds)])) {
        const rows = await db
          .selectFrom('customer_identities')
          .select(['customer_id', 'value', 'created_at', 'id'])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .where('kind', '=', 'email')
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        for (const r of rows) if (!out.has(r.customer_id)) out.set(r.customer_id, r.value);
      }
      return out;
    },

    async insertSends(workspaceId, sends, now) {
      const rows: SendRow[] = sends.map((s) => ({
        id: newSortableId(),
        workspace_id: workspaceId,
        customer_id: s.customerId,
        kind: s.kind,
        ref_id: s.refId,
        channel: 'email',
        status: s.status,
        reason: s.reason,
        detail: null,
        send_after: s.sendAfter,
        created_at: now,
        sent_at: null,
        attempts: 0,
        claimed_at: null,
      }));
      // 14 columns: 200 rows stay far below SQLite's variable limit.
      for (const part of chunks(rows, 200)) await db.insertInto('contact_sends').values(part).execute();
      return rows.map(presentSend);
    },

    async getSends(workspaceId, ids) {
      const out: ContactSend[] = [];
      for (const part of chunks([...ids])) {
        const rows = await db
          .selectFrom('contact_sends')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
        out.push(...rows.map(presentSend));
      }
      return out;
    },

    async sendById(id) {
      const r = await db.selectFrom('contact_sends').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? presentSend(r) : undefined;
    },

    async claim(workspaceId, ids, now) {
      const out: ContactSend[] = [];
      for (const part of chunks([...ids])) {
        const rows = await db
          .updateTable('contact_sends')
          .set({ status: 'sending', claimed_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .where('status', '=', 'scheduled')
          .returningAll()
          .execute();
        out.push(...rows.map(presentSend));
      }
      return out;
    },

    async release(workspaceId, ids) {
      for (const part of chunks([...ids])) {
        await db
          .updateTable('contact_sends')
          .set((eb) => ({ status: 'scheduled', claimed_at: null, attempts: eb('attempts', '+', 1) }))
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .where('status', '=', 'sending')
          .execute();
      }
    },

    async finish(workspaceId, outcomes) {
      // One statement per (status, reason, detail, sentAt): a batch has few distinct outcomes.
      const groups = new Map<string, { o: (typeof outcomes)[number]; ids: string[] }>();
      for (const o of outcomes) {
        const key = JSON.stringify([o.status, o.reason, o.detail ?? null, o.sentAt ?? null]);
        const g = groups.get(key);
        if (g) g.ids.push(o.id);
        else groups.set(key, { o, ids: [o.id] });
      }
      for (const { o, ids } of groups.values()) {
        for (const part of chunks(ids)) {
          await db
            .updateTable('contact_sends')
            .set({
              status: o.status,
              reason: o.reason,
              detail: o.detail ?? null,
              sent_at: o.sentAt ?? null,
            })
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', part)
            .execute();
        }
      }
    },

    markRefs: (workspaceId, kind, updates, now) => markRefs(db, workspaceId, kind, updates, now),

    async failInterrupted(before, limit, now) {
      // Claimed a day ago and never finished (rows from before `claimed_at` fall back to send_after).
      const stuck = await db
        .selectFrom('contact_sends')
        .select('id')
        .where('status', '=', 'sending')
        .where((eb) =>
          eb.or([
            eb('claimed_at', '<', before),
            eb.and([eb('claimed_at', 'is', null), eb('send_after', '<', before)]),
          ]),
        )
        .limit(limit)
        .execute();
      let n = 0;
      for (const part of chunks(stuck.map((r) => r.id))) {
        const failed = await db
          .updateTable('contact_sends')
          .set({ status: 'failed', reason: 'interrupted', detail: 'the job sending it stopped; not retried' })
          .where('id', 'in', part)
          .where('status', '=', 'sending')
          .returning(['workspace_id', 'kind', 'ref_id'])
          .execute();
        n += failed.length;
        // The invitation / request row fails with its send, like any other failure.
        const refs = new Map<string, { workspaceId: string; kind: AskKind; refIds: string[] }>();
        for (const r of failed) {
          const key = `${r.workspace_id}\u0000${r.kind}`;
          const g = refs.get(key) ?? { workspaceId: r.workspace_id, kind: r.kind as AskKind, refIds: [] };
          g.refIds.push(r.ref_id);
          refs.set(key, g);
        }
        for (const g of refs.values()) {
          await markRefs(
            db,
            g.workspaceId,
            g.kind,
            g.refIds.map((refId) => ({ refId, status: 'failed' as const, reason: 'interrupted' })),
            now,
          );
        }
      }
      return n;
    },

    async due(before, limit) {
      const rows = await db
        .selectFrom('contact_sends')
        .select(['workspace_id', 'id', 'send_after'])
        .where('status', '=', 'scheduled')
        .where('send_after', '<=', before)
        .orderBy('send_after')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id, sendAfter: iso(r.send_after) }));
    },

    async list(workspaceId, filter: SendLogFilter, page) {
      let q = db.selectFrom('contact_sends').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.reason) q = q.where('reason', '=', filter.reason);
      if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
      if (filter.from) q = q.where('created_at', '>=', filter.from);
      if (filter.to) q = q.where('created_at', '<', filter.to);
      if (page.after) {
        const [at, id] = page.after;
        q = q.where(keysetAfter('created_at', 'id', at, id));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(presentSend);
    },

    async summary(workspaceId, from, to) {
      let q = db
        .selectFrom('contact_sends')
        .select(['kind', 'status', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '>=', from);
      if (to !== undefined) q = q.where('created_at', '<', to);
      const rows = await q.groupBy(['kind', 'status', 'reason']).execute();
      return rows.map((r) => ({
        kind: r.kind as AskKind,
        status: r.status as SendStatus,
        reason: r.reason as SendReason | null,
        count: Number(r.n),
      }));
    },

    async consents(workspaceId, customerId) {
      const rows = await db
        .selectFrom('contact_consents')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('channel')
        .execute();
      return rows.map(presentConsent);
    },

    async setConsent(workspaceId, customerId, channel, status, source, now) {
      const row = { status, source, updated_at: now };
      await db
        .insertInto('contact_consents')
        .values({ workspace_id: workspaceId, customer_id: customerId, channel, ...row })
        .onConflict((oc) => oc.columns(['workspace_id', 'customer_id', 'channel']).doUpdateSet(row))
        .execute();
      return { channel, status, source, updatedAt: now };
    },
  };
}

async function markRefs(
  db: OutreachDb,
  workspaceId: string,
  kind: AskKind,
  updates: Parameters<OutreachRepo['markRefs']>[2],
  now: string,
): Promise<void> {
  const table = sql.table(REF_TABLES[kind]);
  const groups = new Map<string, (typeof updates)[number][]>();
  for (const u of updates) {
    const key = JSON.stringify([u.status, u.reason]);
    const g = groups.get(key);
    if (g) g.push(u);
    else groups.set(key, [u]);
  }
  for (const [key, rows] of groups) {
    const [status, reason] = JSON.parse(key) as [string, string | null];
    for (const part of chunks(rows)) {
      const ids = part.map((u) => u.refId);
      const sentAt = status === 'sent' ? sql`, sent_at = ${now}` : sql``;
      // The address of each sent invitation, in the same statement (a CASE over the page's ids).
      const withEmail = part.filter((u) => u.email !== undefined);
      const email =
        withEmail.length > 0
          ? sql`, email = case id ${sql.join(
              withEmail.map((u) => sql`when ${u.refId} then ${u.email ?? null}`),
              sql` `,
            )} else email end`
          : sql``;
      await sql`update ${table} set status = ${status}, reason = ${reason}${sentAt}${email}
        where workspace_id = ${workspaceId} and id in (${sql.join(ids)})
        and status not in ('answered', 'clicked', 'converted')`.execute(db);
    }
  }
}

/**
 * Erasure (issue #14's privacy, for issue #15's tables): the send log keeps its rows for the counts
 * without the person (`customer_id` null; nothing still scheduled leaves: `suppressed`, `erased`),
 * and their consents go. Bounded by the person's ids (the `contact_sends_customer` index).
 */
export async function eraseOutreachRows(
  base: Kysely<DB>,
  workspaceId: string,
  customerIds: readonly string[],
): Promise<number> {
  const db = withOutreachTables(base);
  let sends = 0;
  for (const part of chunks([...customerIds])) {
    await db
      .updateTable('contact_sends')
      .set({ status: 'suppressed', reason: 'erased' })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .where('status', 'in', ['scheduled', 'sending'])
      .execute();
    const r = await db
      .updateTable('contact_sends')
      .set({ customer_id: null })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .executeTakeFirst();
    sends += Number(r.numUpdatedRows);
    await db
      .deleteFrom('contact_consents')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .execute();
  }
  return sends;
}

/** The person's consents and send log, for their export. */
export async function exportOutreachRows(
  base: Kysely<DB>,
  workspaceId: string,
  customerIds: readonly string[],
): Promise<{ consents: Record<string, unknown>[]; sends: Record<string, unknown>[] }> {
  const db = withOutreachTables(base);
  const consents: Record<string, unknown>[] = [];
  const sends: Record<string, unknown>[] = [];
  for (const part of chunks([...customerIds])) {
    const c = await db
      .selectFrom('contact_consents')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .execute();
    consents.push(...c.map((r) => ({ customerId: r.customer_id, ...presentConsent(r) })));
    const s = await db
      .selectFrom('contact_sends')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .orderBy('created_at')
      .execute();
    sends.push(
      ...s.map((r) => {
        const { workspaceId: _ws, ...rest } = presentSend(r);
        return rest;
      }),
    );
  }
  return { consents, sends };
}
