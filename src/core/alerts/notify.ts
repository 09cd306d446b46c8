/**
 * Who hears of an alert: each member whose notification settings match (severity ≥ their minimum,
 * the brand and kind they follow), on each of their channels, and each workspace-level target. A
 * member in quiet hours (in their own time zone) gets the notification held until the quiet hours
 * end, unless the alert is severity 9 or more.
 */
import { randomUUID } from 'node:crypto';
import { permissionsOfRole } from '../auth/permissions.js';
import type { Repos } from '../ports.js';
import type { AlertChannel, AlertEventRow, NotificationRow, QuietHours, StoredAlert } from './types.js';

/**
 * Whether a channel reaches a system outside Touchpoint (Slack, a webhook): only members with
 * `alerts:manage` (admins, owners) may have one (issue #11).
 */
export function reachesOut(channel: AlertChannel): boolean {
  return channel !== 'email';
}

/** Severity at or above which quiet hours do not hold a notification. */
export const QUIET_HOURS_BYPASS_SEVERITY = 9;
/** A notification goes out again when the alert's severity rose by at least this since the last one. */
export const RENOTIFY_SEVERITY_STEP = 2;

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The end of the quiet hours `now` falls in (ISO, to the minute), or null when `now` is outside them.
 * Quiet hours that cross midnight (22:00–07:00) are handled; equal start and end mean none.
 *
 * @example quietUntil({ start: '22:00', end: '07:00', timezone: 'Europe/Berlin' }, new Date('2026-03-02T23:30:00Z'))
 * // '2026-03-03T06:00:00.000Z' (07:00 in Berlin)
 */
export function quietUntil(q: QuietHours, now: Date): string | null {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: q.timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  const local = hour * 60 + minute;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return null;
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return null;
  const wait = (end - local + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

/**
 * Writes the notifications an alert calls for (in the caller's transaction) and returns them with
 * their alert events; the caller queues a `notifications.send` job for each after commit.
 */
export async function enqueueNotifications(
  tx: Repos,
  alert: StoredAlert,
  now: Date,
): Promise<NotificationRow[]> {
  const ws = alert.workspaceId;
  const at = now.toISOString();
  const out: NotificationRow[] = [];
  const events: AlertEventRow[] = [];
  const add = (
    n: Omit<
      NotificationRow,
      | 'id'
      | 'workspaceId'
      | 'alertId'
      | 'status'
      | 'attempts'
      | 'severity'
      | 'createdAt'
      | 'sentAt'
      | 'lastError'
    >,
  ) => {
    const row: NotificationRow = {
      ...n,
      id: randomUUID(),
      workspaceId: ws,
      alertId: alert.id,
      status: 'queued',
      attempts: 0,
      severity: alert.severity,
      createdAt: at,
      sentAt: null,
      lastError: null,
    };
    out.push(row);
    events.push({
      id: randomUUID(),
      workspaceId: ws,
      alertId: alert.id,
      kind: n.nextAttemptAt ? 'notification_held' : 'notification_queued',
      actorId: null,
      at,
      data: {
        notificationId: row.id,
        channel: row.channel,
        userId: row.userId,
        severity: alert.severity,
        ...(n.nextAttemptAt ? { until: n.nextAttemptAt } : {}),
      },
    });
  };

  const members = new Map((await tx.users.members(ws)).map((m) => [m.user.id, m]));
  for (const s of await tx.notifications.settingsOf(ws)) {
    const member = members.get(s.userId);
    if (!member || !s.enabled) continue;
    const { user } = member;
    // Saved before the rule, or by a member since demoted: their Slack and webhooks stay silent.
    const mayReachOut = permissionsOfRole(member.role).includes('alerts:manage');
    if (alert.severity < s.minSeverity || !s.kinds.includes(alert.kind)) continue;
    if (s.brandIds !== null && (alert.brandId === null || !s.brandIds.includes(alert.brandId))) continue;
    const held =
      s.quietHours && alert.severity < QUIET_HOURS_BYPASS_SEVERITY ? quietUntil(s.quietHours, now) : null;
    for (const ch of s.channels) {
      if (reachesOut(ch.channel) && !mayReachOut) continue;
      const target = ch.target ?? (ch.channel === 'email' ? user.email : null);
      if (!target) continue;
      add({ userId: s.userId, channel: ch.channel, target, secret: ch.secret, nextAttemptAt: held });
    }
  }
  const settings = await tx.alerts.settings(ws);
  for (const t of settings?.targets ?? []) {
    if (alert.severity < t.minSeverity || !t.kinds.includes(alert.kind)) continue;
    add({ userId: null, channel: t.channel, target: t.target, secret: t.secret, nextAttemptAt: null });
  }
  for (const n of out) await tx.notifications.insert(n);
  for (const e of events) await tx.alerts.addEvent(e);
  return out;
}
