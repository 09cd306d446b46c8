import type { NotificationRepo } from '../../core/ports.js';
import type {
  AlertChannel,
  NotificationRow,
  NotificationSettings,
  NotificationStatus,
} from '../../core/alerts/types.js';
import type { AlertKind } from '../../warn/index.js';
import { withAlertTables, type AlertTables } from './alerts.js';
import { parseJson, type Conn } from './util.js';
import { claimQueued } from './outbox.js';

type Row = AlertTables['notifications'];

const present = (r: Row): NotificationRow => ({
  id: r.id,
  workspaceId: r.workspace_id,
  alertId: r.alert_id,
  userId: r.user_id,
  channel: r.channel as AlertChannel,
  target: r.target,
  secret: r.secret,
  status: r.status as NotificationStatus,
  severity: Number(r.severity),
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

const presentSettings = (r: AlertTables['notification_settings']): NotificationSettings => ({
  workspaceId: r.workspace_id,
  userId: r.user_id,
  enabled: Boolean(Number(r.enabled)),
  channels: parseJson<NotificationSettings['channels']>(r.channels, []),
  minSeverity: Number(r.min_severity),
  brandIds: parseJson<string[] | null>(r.brand_ids, null),
  kinds: parseJson<AlertKind[]>(r.kinds, []),
  quietHours:
    r.quiet_start && r.quiet_end && r.timezone
      ? { start: r.quiet_start, end: r.quiet_end, timezone: r.timezone }
      : null,
});

/** The notification outbox and each member's notification settings. */
export function notificationRepo({ db: base }: Conn): NotificationRepo {
  const db = withAlertTables(base);
  const get = async (workspaceId: string, id: string) => {
    const r = await db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && present(r);
  };
  return {
    async insert(n) {
      await db
        .insertInto('notifications')
        .values({
          id: n.id,
          workspace_id: n.workspaceId,
          alert_id: n.alertId,
          user_id: n.userId,
          channel: n.channel,
          target: n.target,
          secret: n.secret,
          severity: n.severity,
          status: n.status,
          attempts: n.attempts,
          next_attempt_at: n.nextAttemptAt,
          last_error: n.lastError,
          created_at: n.createdAt,
          updated_at: n.createdAt,
          sent_at: n.sentAt,
        })
        .execute();
    },

    get,

    async forAlert(workspaceId, alertId) {
      const rows = await db
        .selectFrom('notifications')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('alert_id', '=', alertId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(present);
    },

    async claim(workspaceId, id, now) {
      return (await claimQueued(base, 'notifications', workspaceId, id, now))
        ? get(workspaceId, id)
        : undefined;
    },

    async update(workspaceId, id, p) {
      const set: Partial<Row> = { updated_at: p.updatedAt };
      if (p.status !== undefined) set.status = p.status;
      if (p.nextAttemptAt !== undefined) set.next_attempt_at = p.nextAttemptAt;
      if (p.lastError !== undefined) set.last_error = p.lastError;
      if (p.sentAt !== undefined) set.sent_at = p.sentAt;
      await db
        .updateTable('notifications')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('notifications')
        .select(['workspace_id', 'id'])
        .where('status', '=', 'queued')
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },

    async failedCounts(workspaceId, alertIds) {
      const out = new Map<string, number>();
      if (alertIds.length === 0) return out;
      const rows = await db
        .selectFrom('notifications')
        .select((eb) => ['alert_id', eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('alert_id', 'in', alertIds)
        .where('status', '=', 'failed')
        .groupBy('alert_id')
        .execute();
      for (const r of rows) out.set(r.alert_id, Number(r.n));
      return out;
    },

    async settings(workspaceId, userId) {
      const r = await db
        .selectFrom('notification_settings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r && presentSettings(r);
    },

    async putSettings(s, at) {
      const values = {
        workspace_id: s.workspaceId,
        user_id: s.userId,
        enabled: s.enabled ? 1 : 0,
        channels: JSON.stringify(s.channels),
        min_severity: s.minSeverity,
        brand_ids: s.brandIds === null ? null : JSON.stringify(s.brandIds),
        kinds: JSON.stringify(s.kinds),
        quiet_start: s.quietHours?.start ?? null,
        quiet_end: s.quietHours?.end ?? null,
        timezone: s.quietHours?.timezone ?? null,
        updated_at: at,
      };
      const { workspace_id: _w, user_id: _u, ...rest } = values;
      await db
        .insertInto('notification_settings')
        .values(values)
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(rest))
        .execute();
    },

    async settingsOf(workspaceId) {
      const rows = await db
        .selectFrom('notification_settings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .execute();
      return rows.map(presentSettings);
    },
  };
}
