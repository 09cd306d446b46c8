/**
 * Alert lifecycle commands (acknowledge, resolve, snooze, reopen) with who and when, the workspace's
 * alert settings and each member's notification settings, and the series behind an alert (its chart).
 */
import { randomUUID } from 'node:crypto';
import {
  HOUR,
  MINUTE,
  keyParts,
  seriesKey,
  smallestSignificant,
  type Detector,
  type KeyFinding,
} from '../../warn/index.js';
import { OutboundRefusedError, type OutboundGuard } from '../../net/index.js';
import type { Clock } from '../cases/clock.js';
import { AppError } from '../errors.js';
import type { AlertPatch, Store } from '../ports.js';
import type { Actor } from '../types.js';
import type { LiveAlerts } from './live.js';
import {
  DEFAULT_RISK_THRESHOLD,
  type AlertEventKind,
  type AlertSettings,
  type NotificationSettings,
  type SeriesResolution,
  type StoredAlert,
} from './types.js';
import { ALERT_KINDS } from '../../warn/index.js';

export interface AlertDeps {
  store: Store;
  clock: Clock;
  live: LiveAlerts;
  /** Checks Slack and webhook URLs when they are saved (they are checked again at each send). */
  outbound: Pick<OutboundGuard, 'check'>;
}

/** The alert, or `not_found`. */
export async function alertOrNotFound(store: Store, workspaceId: string, id: string) {
  const a = await store.alerts.get(workspaceId, id);
  if (!a) throw new AppError('not_found', `No alert ${id} in this workspace.`);
  return a;
}

const userOf = (actor: Actor): string | null => (actor.type === 'user' ? actor.id : null);

async function change(
  deps: AlertDeps,
  workspaceId: string,
  id: string,
  actor: Actor,
  kind: AlertEventKind,
  patch: (a: StoredAlert, at: string) => Omit<AlertPatch, 'updatedAt'> | null,
  data: Record<string, unknown> = {},
): Promise<StoredAlert> {
  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    const a = await tx.alerts.get(workspaceId, id);
    if (!a) throw new AppError('not_found', `No alert ${id} in this workspace.`);
    const p = patch(a, at);
    if (p === null) return; // already so: nothing to record
    await tx.alerts.update(workspaceId, id, { ...p, updatedAt: at });
    await tx.alerts.addEvent({
      id: randomUUID(),
      workspaceId,
      alertId: id,
      kind,
      actorId: userOf(actor),
      at,
      data: { ...data, actor: actor.type === 'user' ? undefined : actor },
    });
  });
  return alertOrNotFound(deps.store, workspaceId, id);
}

/** open → acknowledged: someone is on it. A resolved alert must be reopened first (409). */
export function acknowledgeAlert(deps: AlertDeps, workspaceId: string, id: string, actor: Actor) {
  return change(deps, workspaceId, id, actor, 'acknowledged', (a, at) => {
    if (a.status === 'resolved') throw new AppError('conflict', 'This alert is resolved; reopen it first.');
    if (a.status === 'acknowledged') return null;
    return { status: 'acknowledged', acknowledgedBy: userOf(actor), acknowledgedAt: at };
  });
}

/** → resolved, with who and when. */
export function resolveAlert(deps: AlertDeps, workspaceId: string, id: string, actor: Actor) {
  return change(deps, workspaceId, id, actor, 'resolved', (a, at) =>
    a.status === 'resolved' ? null : { status: 'resolved', resolvedBy: userOf(actor), resolvedAt: at },
  );
}

/** Mutes the alert's notifications until `until` (it stays in the list, marked snoozed). */
export function snoozeAlert(deps: AlertDeps, workspaceId: string, id: string, actor: Actor, until: string) {
  const t = Date.parse(until);
  if (!(t > deps.clock.now().getTime())) {
    throw new AppError('validation_failed', 'until must be in the future.', [
      { path: 'until', message: 'must be in the future' },
    ]);
  }
  const iso = new Date(t).toISOString();
  return change(deps, workspaceId, id, actor, 'snoozed', () => ({ snoozedUntil: iso }), { until: iso });
}

/** resolved or acknowledged → open again; the snooze ends. */
export function reopenAlert(deps: AlertDeps, workspaceId: string, id: string, actor: Actor) {
  return change(deps, workspaceId, id, actor, 'reopened', (a) =>
    a.status === 'open' && a.snoozedUntil === null
      ? null
      : {
          status: 'open',
          snoozedUntil: null,
          acknowledgedBy: null,
          acknowledgedAt: null,
          resolvedBy: null,
          resolvedAt: null,
        },
  );
}

/** The workspace's alert settings (defaults when never set). */
export async function alertSettings(store: Store, workspaceId: string): Promise<AlertSettings> {
  return (await store.alerts.settings(workspaceId)) ?? { riskThreshold: DEFAULT_RISK_THRESHOLD, targets: [] };
}

/**
 * Replaces the workspace's alert settings. A target sent without `secret` keeps the secret it had
 * (same channel and URL), so a settings form never has to echo secrets.
 */
export async function putAlertSettings(
  deps: AlertDeps,
  workspaceId: string,
  input: {
    riskThreshold: number;
    targets: {
      channel: AlertSettings['targets'][number]['channel'];
      target: string;
      secret?: string | undefined;
      minSeverity: number;
      kinds: AlertSettings['targets'][number]['kinds'];
    }[];
  },
): Promise<AlertSettings> {
  const before = await alertSettings(deps.store, workspaceId);
  for (const [i, t] of input.targets.entries()) {
    checkTarget(t.channel, t.target, `targets.${i}.target`);
    await reachable(deps.outbound, t.channel, t.target, `targets.${i}.target`);
  }
  const targets = input.targets.map((t, i) => {
    const kept = before.targets.find((b) => b.channel === t.channel && b.target === t.target)?.secret ?? null;
    const secret = t.secret ?? kept;
    needsSecret(t.channel, secret, `targets.${i}.secret`);
    return {
      channel: t.channel,
      target: t.target,
      secret,
      minSeverity: t.minSeverity,
      kinds: t.kinds,
    };
  });
  const settings = { riskThreshold: input.riskThreshold, targets };
  await deps.store.alerts.putSettings(workspaceId, settings, deps.clock.now().toISOString());
  deps.live.settingsChanged(workspaceId, settings.riskThreshold);
  return settings;
}

/** A generic webhook is always signed (HMAC): it needs a secret, sent once and kept. */
function needsSecret(channel: string, secret: string | null, path: string): void {
  if (channel === 'webhook' && secret === null) {
    throw new AppError(
      'validation_failed',
      'A webhook target needs a secret (at least 16 characters) to sign with.',
      [{ path, message: 'a secret is required for a webhook' }],
    );
  }
}

function checkTarget(channel: string, target: string | null, path: string): void {
  if (target === null) {
    if (channel === 'email') return;
    throw new AppError('validation_failed', `A ${channel} channel needs a URL.`, [
      { path, message: 'a URL is required' },
    ]);
  }
  const ok =
    channel === 'email'
      ? /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(target)
      : (() => {
          try {
            const u = new URL(target);
            return u.protocol === 'https:' || u.protocol === 'http:';
          } catch {
            return false;
          }
        })();
  if (!ok) {
    throw new AppError(
      'validation_failed',
      `Not a valid ${channel === 'email' ? 'e-mail address' : 'URL'}: ${target}`,
      [{ path, message: channel === 'email' ? 'must be an e-mail address' : 'must be an http(s) URL' }],
    );
  }
}

/**
 * Refuses a Slack or webhook URL the outbound guard will not call (loopback, private, metadata, …,
 * unless the operator allowed it), naming the field. Issue #11: targets pointed at 127.0.0.1 and
 * 169.254.169.254 were saved and called.
 */
async function reachable(
  outbound: AlertDeps['outbound'],
  channel: string,
  target: string | null,
  path: string,
): Promise<void> {
  if (channel === 'email' || target === null) return;
  try {
    await outbound.check(target);
  } catch (e) {
    if (!(e instanceof OutboundRefusedError)) throw e;
    throw new AppError('outbound_refused', `${path}: ${e.reason}`, [{ path, message: e.reason }]);
  }
}

/** Refuses brand ids that are not the workspace's own (another tenant's ids read as unknown ones). */
async function ownBrands(store: Store, workspaceId: string, brandIds: string[] | null): Promise<void> {
  if (brandIds === null || brandIds.length === 0) return;
  const own = new Set((await store.brands.list(workspaceId)).map((b) => b.id));
  const issues = brandIds.flatMap((id, i) =>
    own.has(id) ? [] : [{ path: `brandIds.${i}`, message: `no brand ${id} in this workspace` }],
  );
  if (issues.length > 0) {
    throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
}

/** A member's notification settings (defaults: e-mail to the account address, severity 5 and up). */
export async function notificationSettings(
  store: Store,
  workspaceId: string,
  userId: string,
): Promise<NotificationSettings> {
  return (
    (await store.notifications.settings(workspaceId, userId)) ?? {
      workspaceId,
      userId,
      enabled: false,
      channels: [{ channel: 'email', target: null, secret: null }],
      minSeverity: 5,
      brandIds: null,
      kinds: [...ALERT_KINDS],
      quietHours: null,
    }
  );
}

/**
 * Replaces a member's notification settings. Slack and webhook URLs must pass the outbound guard
 * and brands must be the workspace's; who may set Slack and webhooks at all is the route's call
 * (`alerts:manage`), and `enqueueNotifications` holds to it again when it sends.
 */
export async function putNotificationSettings(
  deps: Pick<AlertDeps, 'store' | 'clock' | 'outbound'>,
  workspaceId: string,
  userId: string,
  input: Omit<NotificationSettings, 'workspaceId' | 'userId' | 'channels'> & {
    channels: {
      channel: NotificationSettings['channels'][number]['channel'];
      target: string | null;
      secret?: string | undefined;
    }[];
  },
): Promise<NotificationSettings> {
  const before = await notificationSettings(deps.store, workspaceId, userId);
  for (const [i, c] of input.channels.entries()) {
    checkTarget(c.channel, c.target, `channels.${i}.target`);
    await reachable(deps.outbound, c.channel, c.target, `channels.${i}.target`);
  }
  await ownBrands(deps.store, workspaceId, input.brandIds);
  const channels = input.channels.map((c, i) => {
    const kept =
      before.channels.find((b) => b.channel === c.channel && b.target === c.target)?.secret ?? null;
    const secret = c.secret ?? kept;
    needsSecret(c.channel, secret, `channels.${i}.secret`);
    return { channel: c.channel, target: c.target, secret };
  });
  const settings: NotificationSettings = { ...input, workspaceId, userId, channels };
  await deps.store.notifications.putSettings(settings, deps.clock.now().toISOString());
  return settings;
}

export interface SeriesBucket {
  at: string;
  observed: number;
  total: number;
  expected: number | null;
  upper: number | null;
}

/** The data-time span (epoch ms) of an alert's chart at a resolution, and its bucket width. */
export function seriesPeriod(
  alert: Pick<StoredAlert, 'startedAt' | 'lastFiringAt'>,
  resolution: SeriesResolution,
): { from: number; to: number; width: number } {
  const hourly = resolution === '1h';
  const width = hourly ? HOUR : 5 * MINUTE;
  const start = Date.parse(alert.startedAt);
  const end = Date.parse(alert.lastFiringAt);
  return {
    from: Math.floor((start - (hourly ? 72 * HOUR : 6 * HOUR)) / width) * width,
    to: Math.ceil((end + (hourly ? 24 * HOUR : 2 * HOUR)) / width) * width,
    width,
  };
}

/**
 * The series behind an alert for its chart: the strongest finding's series (the brand total for a
 * risky item) around the alert.
 * - `5m` / `1h`: negatives per 5 minutes (−6 h … +2 h) or per hour (−3 days … +1 day), the baseline
 *   per bucket, and the band's upper edge: the smallest count whose upper tail is at or below the
 *   detector's alpha for that bucket. The detector tests windows of 10–60 minutes, not buckets, so
 *   this band only sketches its threshold.
 * - `window`: exactly what the detector tested, every 5 minutes (−6 h … +2 h): the negatives in the
 *   finding's window (e.g. the last 15 minutes) ending at each step, what the baseline expected
 *   there, and the count at which that window breaks out (`upper`, from `Detector.windowTest`).
 */
export function alertSeries(
  detector: Detector,
  alert: StoredAlert,
  resolution: SeriesResolution,
): { key: string; finding: KeyFinding | null; windowMinutes: number | null; buckets: SeriesBucket[] } {
  const finding = alert.strongest;
  const key =
    finding?.key ??
    seriesKey({ workspace: alert.workspaceId, brand: alert.brandId, touchpoint: null, platform: null });
  const { from, to, width } = seriesPeriod(alert, resolution);
  const series = detector.store.get(key);
  const tested = series !== undefined && keyParts(key).brand !== null;
  const buckets: SeriesBucket[] = [];
  if (resolution === 'window') {
    const minutes = finding?.windowMinutes ?? 60;
    for (let t = from + width; t <= to; t += width) {
      const w = tested ? detector.windowTest(key, t, minutes) : null;
      const counts = w ? undefined : series?.window(t - minutes * MINUTE, t);
      buckets.push({
        at: new Date(t).toISOString(),
        observed: w?.observed ?? counts?.negative ?? 0,
        total: w?.total ?? counts?.count ?? 0,
        expected: w?.expected ?? null,
        upper: w?.threshold ?? null,
      });
    }
    return { key, finding, windowMinutes: minutes, buckets };
  }
  const o = detector.options;
  for (let t = from; t < to; t += width) {
    const b = series?.window(t, t + width) ?? { count: 0, negative: 0 };
    let expected: number | null = null;
    let upper: number | null = null;
    if (tested) {
      expected = detector.baseline.expected(key, t, t + width);
      upper = smallestSignificant(expected, detector.testSize(key, t + width), o.alpha);
    }
    buckets.push({ at: new Date(t).toISOString(), observed: b.negative, total: b.count, expected, upper });
  }
  return { key, finding, windowMinutes: null, buckets };
}
