import type { Kysely } from 'kysely';
import type { AlertRepo, AlertItemView, WarmupItem } from '../../core/ports.js';
import type {
  AlertEventKind,
  AlertEventRow,
  AlertSettings,
  AlertStatus,
  StoredAlert,
} from '../../core/alerts/types.js';
import type { AlertKind, BrandKind, KeyFinding } from '../../warn/index.js';
import type { DB } from '../schema.js';
import { SliceSize } from '../../core/slices.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import { chunks, keysetAfter, olderThan, parseJson, readNewestInPages, type Conn } from './util.js';

/** Row types of the tables of migration 0006 (issue #5). */
export type AlertTables = {
  alerts: {
    id: string;
    workspace_id: string;
    kind: string;
    brand_id: string | null;
    brand_name: string;
    brand_kind: string;
    touchpoints: string;
    platforms: string;
    severity: number;
    notified_severity: number;
    status: string;
    snoozed_until: string | null;
    opened_at: string;
    started_at: string;
    last_firing_at: string;
    acknowledged_by: string | null;
    acknowledged_at: string | null;
    resolved_by: string | null;
    resolved_at: string | null;
    dedup_key: string;
    findings: string;
    strongest: string | null;
    risk: number | null;
    reasons: string;
    created_at: string;
    updated_at: string;
  };
  alert_items: { workspace_id: string; alert_id: string; item_id: string; rank: number; added_at: string };
  alert_events: {
    id: string;
    workspace_id: string;
    alert_id: string;
    kind: string;
    actor_id: string | null;
    at: string;
    data: string;
  };
  alert_settings: { workspace_id: string; risk_threshold: number; targets: string; updated_at: string };
  notification_settings: {
    workspace_id: string;
    user_id: string;
    enabled: number;
    channels: string;
    min_severity: number;
    brand_ids: string | null;
    kinds: string;
    quiet_start: string | null;
    quiet_end: string | null;
    timezone: string | null;
    updated_at: string;
  };
  notifications: {
    id: string;
    workspace_id: string;
    alert_id: string;
    user_id: string | null;
    channel: string;
    target: string;
    secret: string | null;
    severity: number;
    status: string;
    attempts: number;
    next_attempt_at: string | null;
    last_error: string | null;
    created_at: string;
    updated_at: string;
    sent_at: string | null;
  };
  /** Migration 0008: which process runs a workspace's live detector, and the items waiting for it. */
  alert_detector_leases: { workspace_id: string; owner: string; expires_at: string };
  alert_inbox: { workspace_id: string; item_id: string; created: number };
};

export type AlertsDb = Kysely<DB & CaseTables & AlertTables>;
/** Rows per read of a detector's warm-up (`recentItems`), with a yield between reads: sized by the time the last read took. */
const WARMUP_PAGE = { initial: 250, min: 50, max: 5_000 };

export const withAlertTables = (db: Kysely<DB>): AlertsDb => withCaseTables(db).withTables<AlertTables>();

type AlertRow = AlertTables['alerts'];

const present = (r: AlertRow): StoredAlert & { notifiedSeverity: number } => ({
  id: r.id,
  workspaceId: r.workspace_id,
  kind: r.kind as AlertKind,
  brandId: r.brand_id,
  brandName: r.brand_name,
  brandKind: r.brand_kind as BrandKind,
  touchpoints: parseJson<string[]>(r.touchpoints, []),
  platforms: parseJson<string[]>(r.platforms, []),
  severity: Number(r.severity),
  notifiedSeverity: Number(r.notified_severity),
  status: r.status as AlertStatus,
  snoozedUntil: r.snoozed_until,
  openedAt: r.opened_at,
  startedAt: r.started_at,
  lastFiringAt: r.last_firing_at,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
  dedupKey: r.dedup_key,
  findings: parseJson<KeyFinding[]>(r.findings, []),
  strongest: parseJson<KeyFinding | null>(r.strongest, null),
  risk: r.risk === null ? null : Number(r.risk),
  reasons: parseJson<string[]>(r.reasons, []),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Alerts, their items and events, and the workspace's alert settings. */
export function alertRepo({ db: base }: Conn): AlertRepo {
  const db = withAlertTables(base);
  const one = async (workspaceId: string, column: 'id' | 'dedup_key', value: string) => {
    const r = await db
      .selectFrom('alerts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where(column, '=', value)
      .executeTakeFirst();
    return r && present(r);
  };
  const tagsOf = async (workspaceId: string, ids: string[]) => {
    const touchpoints = new Map<string, string[]>();
    const intents = new Map<string, string[]>();
    for (const part of chunks(ids)) {
      if (part.length === 0) continue;
      const tps = await db
        .selectFrom('item_touchpoints')
        .select(['item_id', 'touchpoint_key'])
        .where('workspace_id', '=', workspaceId)
        .where('item_id', 'in', part)
        .execute();
      for (const t of tps)
        touchpoints.set(t.item_id, [...(touchpoints.get(t.item_id) ?? []), t.touchpoint_key]);
      const ins = await db
        .selectFrom('item_intents')
        .select(['item_id', 'intent'])
        .where('workspace_id', '=', workspaceId)
        .where('item_id', 'in', part)
        .execute();
      for (const t of ins) intents.set(t.item_id, [...(intents.get(t.item_id) ?? []), t.intent]);
    }
    return { touchpoints, intents };
  };

  const warmupQuery = (workspaceId: string) =>
    db
      .selectFrom('feedback_items as f')
      .innerJoin('brands as b', 'b.id', 'f.brand_id')
      .select([
        'f.id',
        'f.posted_at',
        'f.brand_id',
        'b.kind as brand_kind',
        'f.platform',
        'f.author_reach',
        'f.sentiment_label',
        'f.sentiment_score',
        'f.urgency',
      ])
      .where('f.workspace_id', '=', workspaceId)
      .where('f.analysis_status', '=', 'done');
  const warmupItems = async (
    workspaceId: string,
    rows: {
      id: string;
      posted_at: string;
      brand_id: string;
      brand_kind: string;
      platform: string;
      author_reach: number | string | null;
      sentiment_label: string | null;
      sentiment_score: number | null;
      urgency: number | null;
    }[],
  ) => {
    const tags = await tagsOf(
      workspaceId,
      rows.map((r) => r.id),
    );
    return rows.map((r): WarmupItem => ({
      id: r.id,
      postedAt: String(r.posted_at),
      brandId: r.brand_id,
      brandKind: r.brand_kind === 'competitor' ? 'competitor' : 'own',
      platform: r.platform,
      reach: r.author_reach === null ? null : Number(r.author_reach),
      sentimentLabel: r.sentiment_label,
      sentimentScore: r.sentiment_score === null ? null : Number(r.sentiment_score),
      urgency: r.urgency === null ? null : Number(r.urgency),
      touchpoints: tags.touchpoints.get(r.id) ?? [],
      intents: tags.intents.get(r.id) ?? [],
    }));
  };

  return {
    async insert(a) {
      await db
        .insertInto('alerts')
        .values({
          id: a.id,
          workspace_id: a.workspaceId,
          kind: a.kind,
          brand_id: a.brandId,
          brand_name: a.brandName,
          brand_kind: a.brandKind,
          touchpoints: JSON.stringify(a.touchpoints),
          platforms: JSON.stringify(a.platforms),
          severity: a.severity,
          notified_severity: 0,
          status: a.status,
          snoozed_until: a.snoozedUntil,
          opened_at: a.openedAt,
          started_at: a.startedAt,
          last_firing_at: a.lastFiringAt,
          acknowledged_by: a.acknowledgedBy,
          acknowledged_at: a.acknowledgedAt,
          resolved_by: a.resolvedBy,
          resolved_at: a.resolvedAt,
          dedup_key: a.dedupKey,
          findings: JSON.stringify(a.findings),
          strongest: a.strongest ? JSON.stringify(a.strongest) : null,
          risk: a.risk,
          reasons: JSON.stringify(a.reasons),
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        })
        .execute();
    },

    get: (workspaceId, id) => one(workspaceId, 'id', id),
    byDedupKey: (workspaceId, key) => one(workspaceId, 'dedup_key', key),

    async update(workspaceId, id, p) {
      const set: Partial<AlertRow> = { updated_at: p.updatedAt };
      if (p.brandId !== undefined) set.brand_id = p.brandId;
      if (p.brandName !== undefined) set.brand_name = p.brandName;
      if (p.brandKind !== undefined) set.brand_kind = p.brandKind;
      if (p.touchpoints !== undefined) set.touchpoints = JSON.stringify(p.touchpoints);
      if (p.platforms !== undefined) set.platforms = JSON.stringify(p.platforms);
      if (p.severity !== undefined) set.severity = p.severity;
      if (p.notifiedSeverity !== undefined) set.notified_severity = p.notifiedSeverity;
      if (p.status !== undefined) set.status = p.status;
      if (p.snoozedUntil !== undefined) set.snoozed_until = p.snoozedUntil;
      if (p.openedAt !== undefined) set.opened_at = p.openedAt;
      if (p.startedAt !== undefined) set.started_at = p.startedAt;
      if (p.lastFiringAt !== undefined) set.last_firing_at = p.lastFiringAt;
      if (p.acknowledgedBy !== undefined) set.acknowledged_by = p.acknowledgedBy;
      if (p.acknowledgedAt !== undefined) set.acknowledged_at = p.acknowledgedAt;
      if (p.resolvedBy !== undefined) set.resolved_by = p.resolvedBy;
      if (p.resolvedAt !== undefined) set.resolved_at = p.resolvedAt;
      if (p.findings !== undefined) set.findings = JSON.stringify(p.findings);
      if (p.strongest !== undefined) set.strongest = p.strongest ? JSON.stringify(p.strongest) : null;
      if (p.risk !== undefined) set.risk = p.risk;
      if (p.reasons !== undefined) set.reasons = JSON.stringify(p.reasons);
      await db
        .updateTable('alerts')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async list(workspaceId, filter, cursor, limit) {
      let q = db.selectFrom('alerts').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.status === 'active') q = q.where('status', 'in', ['open', 'acknowledged']);
      else if (filter.status !== 'all') q = q.where('status', '=', filter.status);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.brandId) q = q.where('brand_id', '=', filter.brandId);
      if (filter.minSeverity) q = q.where('severity', '>=', filter.minSeverity);
      if (cursor) {
        q = q.where(keysetAfter('created_at', 'id', cursor.createdAt, cursor.id));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(present);
    },

    async addItems(workspaceId, alertId, items, at) {
      for (const { itemId, rank } of items) {
        const r = await db
          .updateTable('alert_items')
          .set({ rank })
          .where('alert_id', '=', alertId)
          .where('item_id', '=', itemId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) continue;
        await db
          .insertInto('alert_items')
          .values({ workspace_id: workspaceId, alert_id: alertId, item_id: itemId, rank, added_at: at })
          .onConflict((oc) => oc.columns(['alert_id', 'item_id']).doNothing())
          .execute();
      }
    },

    async items(workspaceId, alertId, limit) {
      const rows = await db
        .selectFrom('alert_items as ai')
        .innerJoin('feedback_items as f', 'f.id', 'ai.item_id')
        .select([
          'f.id',
          'f.text',
          'f.posted_at',
          'f.platform',
          'f.url',
          'f.author_handle',
          'f.author_reach',
          'f.sentiment_label',
        ])
        .where('ai.workspace_id', '=', workspaceId)
        .where('ai.alert_id', '=', alertId)
        .orderBy('ai.rank')
        .orderBy('f.posted_at')
        .limit(limit)
        .execute();
      const tags = await tagsOf(
        workspaceId,
        rows.map((r) => r.id),
      );
      return rows.map((r): AlertItemView => ({
        id: r.id,
        text: r.text,
        postedAt: String(r.posted_at),
        platform: r.platform,
        url: r.url,
        authorHandle: r.author_handle,
        reach: r.author_reach === null ? null : Number(r.author_reach),
        sentiment: r.sentiment_label,
        touchpoints: tags.touchpoints.get(r.id) ?? [],
        intents: tags.intents.get(r.id) ?? [],
      }));
    },

    async itemCounts(workspaceId, alertIds) {
      const out = new Map<string, number>();
      for (const part of chunks(alertIds)) {
        if (part.length === 0) continue;
        const rows = await db
          .selectFrom('alert_items')
          .select((eb) => ['alert_id', eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', workspaceId)
          .where('alert_id', 'in', part)
          .groupBy('alert_id')
          .execute();
        for (const r of rows) out.set(r.alert_id, Number(r.n));
      }
      return out;
    },

    async addEvent(e) {
      await db
        .insertInto('alert_events')
        .values({
          id: e.id,
          workspace_id: e.workspaceId,
          alert_id: e.alertId,
          kind: e.kind,
          actor_id: e.actorId,
          at: e.at,
          data: JSON.stringify(e.data),
        })
        .execute();
    },

    async events(workspaceId, alertId) {
      const rows = await db
        .selectFrom('alert_events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('alert_id', '=', alertId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r): AlertEventRow => ({
        id: r.id,
        workspaceId: r.workspace_id,
        alertId: r.alert_id,
        kind: r.kind as AlertEventKind,
        actorId: r.actor_id,
        at: r.at,
        data: parseJson<Record<string, unknown>>(r.data, {}),
      }));
    },

    async linkedCases(workspaceId, alertId) {
      const rows = await db
        .selectFrom('alert_items as ai')
        .innerJoin('case_items as ci', (j) =>
          j.onRef('ci.item_id', '=', 'ai.item_id').onRef('ci.workspace_id', '=', 'ai.workspace_id'),
        )
        .innerJoin('cases as c', 'c.id', 'ci.case_id')
        .select(['c.id', 'c.status', 'c.priority_label', 'c.opened_at', 'ci.item_id'])
        .where('ai.workspace_id', '=', workspaceId)
        .where('ai.alert_id', '=', alertId)
        .orderBy('c.opened_at')
        .execute();
      const seen = new Set<string>();
      return rows
        .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
        .map((r) => ({
          id: r.id,
          status: r.status,
          priority: r.priority_label,
          openedAt: r.opened_at,
          itemId: r.item_id,
        }));
    },

    async settings(workspaceId) {
      const r = await db
        .selectFrom('alert_settings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        riskThreshold: Number(r.risk_threshold),
        targets: parseJson<AlertSettings['targets']>(r.targets, []),
      };
    },

    async putSettings(workspaceId, s, at) {
      const values = {
        workspace_id: workspaceId,
        risk_threshold: s.riskThreshold,
        targets: JSON.stringify(s.targets),
        updated_at: at,
      };
      await db
        .insertInto('alert_settings')
        .values(values)
        .onConflict((oc) =>
          oc.column('workspace_id').doUpdateSet({
            risk_threshold: values.risk_threshold,
            targets: values.targets,
            updated_at: at,
          }),
        )
        .execute();
    },

    async recentItems(workspaceId, since, limit, until) {
      // Keyset pages, yielding between them: a detector's warm-up reads up to 14 days (68,000 items, a
      // day's worth of 5 million over two years ×10) (issue #13).
      const pages: WarmupItem[][] = [];
      await readNewestInPages(
        limit,
        new SliceSize(WARMUP_PAGE),
        (key, size) => {
          let q = warmupQuery(workspaceId).where('f.posted_at', '>=', since);
          if (until !== undefined) q = q.where('f.posted_at', '<=', until);
          if (key) q = q.where(olderThan(key, 'f'));
          return q.orderBy('f.posted_at', 'desc').orderBy('f.id', 'desc').limit(size).execute();
        },
        async (rows) => {
          pages.push(await warmupItems(workspaceId, rows));
        },
      );
      return pages.flat().reverse();
    },

    async claimDetector(workspaceId, owner, now, until) {
      await db
        .insertInto('alert_detector_leases')
        .values({ workspace_id: workspaceId, owner, expires_at: until })
        .onConflict((oc) =>
          oc
            .column('workspace_id')
            .doUpdateSet({ owner, expires_at: until })
            .where((eb) =>
              eb.or([
                eb('alert_detector_leases.owner', '=', owner),
                eb('alert_detector_leases.expires_at', '<', now),
              ]),
            ),
        )
        .execute();
      const row = await db
        .selectFrom('alert_detector_leases')
        .select('owner')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return row?.owner === owner;
    },

    async renewDetectors(owner, workspaceIds, until) {
      const kept: string[] = [];
      for (const part of chunks(workspaceIds)) {
        if (part.length === 0) continue;
        const rows = await db
          .updateTable('alert_detector_leases')
          .set({ expires_at: until })
          .where('owner', '=', owner)
          .where('workspace_id', 'in', part)
          .returning('workspace_id')
          .execute();
        for (const r of rows) kept.push(r.workspace_id);
      }
      return kept;
    },

    async releaseDetector(workspaceId, owner) {
      await db
        .deleteFrom('alert_detector_leases')
        .where('workspace_id', '=', workspaceId)
        .where('owner', '=', owner)
        .execute();
    },

    async queueForDetector(workspaceId, items) {
      for (const part of chunks(items)) {
        if (part.length === 0) continue;
        await db
          .insertInto('alert_inbox')
          .values(
            part.map((i) => ({ workspace_id: workspaceId, item_id: i.itemId, created: i.created ? 1 : 0 })),
          )
          .onConflict((oc) => oc.columns(['workspace_id', 'item_id']).doNothing())
          .execute();
      }
    },

    async takeForDetectors(workspaceIds) {
      const out: { workspaceId: string; itemId: string; created: boolean }[] = [];
      for (const part of chunks(workspaceIds)) {
        if (part.length === 0) continue;
        const rows = await db
          .deleteFrom('alert_inbox')
          .where('workspace_id', 'in', part)
          .returning(['workspace_id', 'item_id', 'created'])
          .execute();
        for (const r of rows) {
          out.push({ workspaceId: r.workspace_id, itemId: r.item_id, created: Number(r.created) === 1 });
        }
      }
      return out;
    },

    async analysedItems(workspaceId, ids) {
      const out: WarmupItem[] = [];
      for (const part of chunks(ids)) {
        if (part.length === 0) continue;
        const rows = await warmupQuery(workspaceId).select('f.text').where('f.id', 'in', part).execute();
        const texts = new Map(rows.map((r) => [r.id, r.text]));
        for (const w of await warmupItems(workspaceId, rows)) out.push({ ...w, text: texts.get(w.id) ?? '' });
      }
      return out;
    },
  };
}
