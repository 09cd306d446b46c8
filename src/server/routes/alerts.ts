import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import {
  acknowledgeAlert,
  alertOrNotFound,
  alertSeries,
  alertSettings,
  alertTitle,
  notificationSettings,
  putAlertSettings,
  putNotificationSettings,
  reopenAlert,
  resolveAlert,
  seriesPeriod,
  snoozeAlert,
  reachesOut,
  type NotificationRow,
  type StoredAlert,
} from '../../core/alerts/index.js';
import { AppError } from '../../core/errors.js';
import type { AlertCursor } from '../../core/ports.js';
import type { Principal } from '../../core/auth/index.js';
import type { Runtime } from '../../runtime/index.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY, SESSION_ONLY } from './common.schema.js';
import {
  AlertDetailSchema,
  AlertListQuery,
  AlertPageSchema,
  AlertSeriesQuery,
  AlertSeriesSchema,
  AlertSettingsBody,
  AlertSettingsSchema,
  NotificationSettingsBody,
  NotificationSettingsSchema,
  SnoozeBody,
} from './alerts.schema.js';

const TAGS = ['alerts'];

const listRoute = createRoute({
  method: 'get',
  path: '/alerts',
  tags: TAGS,
  summary: 'Alerts, newest first: spikes, competitor storms and risky items',
  description:
    'Filters by status (default `active`: open and acknowledged), kind, brand and minimum severity. Cursor pagination.',
  security: SECURITY,
  request: { query: AlertListQuery },
  responses: { 200: json(AlertPageSchema, 'A page of alerts'), ...problems(400, 401, 403) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/alerts/{id}',
  tags: TAGS,
  summary: 'One alert: top items with their text, findings, linked cases, events and notifications',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(AlertDetailSchema, 'The alert'), ...problems(401, 403, 404) },
});

const seriesRoute = createRoute({
  method: 'get',
  path: '/alerts/{id}/series',
  tags: TAGS,
  summary: "The series behind an alert with the detector's expected value and band: the chart",
  description:
    'The negative counts of the strongest finding (for a risky item: the brand) per 5 minutes or per hour around the alert, with the baseline expectation and the smallest count the detector would call a spike.',
  security: SECURITY,
  request: { params: IdParam, query: AlertSeriesQuery },
  responses: { 200: json(AlertSeriesSchema, 'The series'), ...problems(400, 401, 403, 404) },
});

const lifecycle = (action: 'acknowledge' | 'resolve' | 'reopen', summary: string) =>
  createRoute({
    method: 'post',
    path: `/alerts/{id}/${action}`,
    tags: TAGS,
    summary,
    security: SECURITY,
    request: { params: IdParam },
    responses: { 200: json(AlertDetailSchema, 'The alert'), ...problems(401, 403, 404, 409) },
  });
const acknowledgeRoute = lifecycle(
  'acknowledge',
  'Acknowledge an alert: someone is on it (who and when are kept)',
);
const resolveRoute = lifecycle('resolve', 'Resolve an alert');
const reopenRoute = lifecycle('reopen', 'Reopen a resolved or acknowledged alert; ends a snooze');

const snoozeRoute = createRoute({
  method: 'post',
  path: '/alerts/{id}/snooze',
  tags: TAGS,
  summary: 'Snooze an alert until a time: no notifications for it until then',
  security: SECURITY,
  request: { params: IdParam, body: body(SnoozeBody) },
  responses: { 200: json(AlertDetailSchema, 'The alert'), ...problems(400, 401, 403, 404) },
});

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/alerts/settings',
  tags: TAGS,
  summary: "The workspace's alert settings: risky-item threshold and workspace-level targets",
  security: SECURITY,
  responses: { 200: json(AlertSettingsSchema, 'The settings'), ...problems(401, 403) },
});

const putSettingsRoute = createRoute({
  method: 'put',
  path: '/alerts/settings',
  tags: TAGS,
  summary: "Replace the workspace's alert settings (admins)",
  description:
    'A target sent without `secret` keeps the secret it had (same channel and target). A Slack or webhook URL must be one the server may call: public addresses, or those the operator allowed (`outbound_refused`, 400, naming the field).',
  security: SECURITY,
  request: { body: body(AlertSettingsBody) },
  responses: { 200: json(AlertSettingsSchema, 'The settings'), ...problems(400, 401, 403) },
});

const getMineRoute = createRoute({
  method: 'get',
  path: '/me/notification-settings',
  tags: TAGS,
  summary: 'My alert notification settings in this workspace',
  security: SESSION_ONLY,
  responses: { 200: json(NotificationSettingsSchema, 'The settings'), ...problems(400, 401, 403) },
});

const putMineRoute = createRoute({
  method: 'put',
  path: '/me/notification-settings',
  tags: TAGS,
  summary: 'Replace my alert notification settings: channels, minimum severity, brands, kinds, quiet hours',
  description:
    "Slack and webhook channels reach systems outside Touchpoint: only admins and owners may set them (403 otherwise), and their URL must be one the server may call (`outbound_refused`, 400, naming the field). Brands must be the workspace's.",
  security: SESSION_ONLY,
  request: { body: body(NotificationSettingsBody) },
  responses: { 200: json(NotificationSettingsSchema, 'The settings'), ...problems(400, 401, 403) },
});

function encodeCursor(c: AlertCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): AlertCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { createdAt: v[0], id: v[1] };
    }
  } catch {
    // falls through
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API returned.');
}

type Names = Map<string, string>;

function presentSummary(a: StoredAlert, now: Date, names: Names, itemCount: number, failed: number) {
  const who = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? null });
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    severity: a.severity,
    title: alertTitle(a),
    brand: { id: a.brandId, name: a.brandName, kind: a.brandKind },
    touchpoints: a.touchpoints,
    platforms: a.platforms,
    openedAt: a.openedAt,
    startedAt: a.startedAt,
    lastFiringAt: a.lastFiringAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    snoozedUntil: a.snoozedUntil,
    snoozed: a.snoozedUntil !== null && Date.parse(a.snoozedUntil) > now.getTime(),
    acknowledgedBy: who(a.acknowledgedBy),
    acknowledgedAt: a.acknowledgedAt,
    resolvedBy: who(a.resolvedBy),
    resolvedAt: a.resolvedAt,
    itemCount,
    windowItems: a.strongest ? Math.round(a.strongest.observed) : null,
    windowMinutes: a.strongest?.windowMinutes ?? null,
    risk: a.risk,
    reasons: a.reasons,
    notificationsFailed: failed,
  };
}

/** A URL without its path, query and credentials: `https://hooks.slack.com/…`. */
function maskedUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** A recipient as the alert page shows it: a member's name, an address, or a URL without its secret path. */
function recipient(n: NotificationRow, names: Names): string {
  if (n.channel !== 'email') return maskedUrl(n.target);
  return n.userId !== null ? `${names.get(n.userId) ?? 'member'} <${n.target}>` : n.target;
}

async function memberNames(runtime: Runtime, workspaceId: string): Promise<Names> {
  return new Map((await runtime.store.users.members(workspaceId)).map((m) => [m.user.id, m.user.name]));
}

async function alertDetail(runtime: Runtime, workspaceId: string, id: string) {
  const { store } = runtime;
  const a = await alertOrNotFound(store, workspaceId, id);
  const [items, counts, events, notifications, cases, names] = await Promise.all([
    store.alerts.items(workspaceId, id, 20),
    store.alerts.itemCounts(workspaceId, [id]),
    store.alerts.events(workspaceId, id),
    store.notifications.forAlert(workspaceId, id),
    store.alerts.linkedCases(workspaceId, id),
    memberNames(runtime, workspaceId),
  ]);
  const failed = notifications.filter((n) => n.status === 'failed').length;
  return {
    ...presentSummary(a, runtime.clock.now(), names, counts.get(id) ?? 0, failed),
    findings: a.findings,
    strongest: a.strongest,
    items,
    cases,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actorId === null ? null : { id: e.actorId, name: names.get(e.actorId) ?? null },
      at: e.at,
      data: e.data,
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      channel: n.channel,
      recipient: recipient(n, names),
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      createdAt: n.createdAt,
      nextAttemptAt: n.status === 'queued' ? n.nextAttemptAt : null,
      sentAt: n.sentAt,
    })),
  };
}

function userOnly(principal: Principal): string {
  if (principal.actor.type !== 'user') {
    throw new AppError('forbidden', 'Notification settings belong to a signed-in person, not an API key.');
  }
  return principal.actor.id;
}

export const alertRoutes = router()
  // /alerts/settings before /alerts/{id}: the first matching route answers.
  .openapi(getSettingsRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    const s = await alertSettings(c.get('runtime').store, principal.workspaceId);
    // A Slack or webhook URL is itself a credential: only those who may change it see it whole.
    return c.json(presentSettings(s, principal.permissions.includes('alerts:manage')), 200);
  })
  .openapi(putSettingsRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:manage');
    const s = await putAlertSettings(c.get('runtime').alertDeps, principal.workspaceId, c.req.valid('json'));
    return c.json(presentSettings(s), 200);
  })
  .openapi(getMineRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    const s = await notificationSettings(c.get('runtime').store, principal.workspaceId, userOnly(principal));
    return c.json(presentMine(s), 200);
  })
  .openapi(putMineRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    const input = c.req.valid('json');
    if (input.channels.some((ch) => reachesOut(ch.channel))) {
      // Issue #11: a viewer's webhook was a way into the server's network.
      authorize(principal, 'alerts:manage');
    }
    const s = await putNotificationSettings(
      c.get('runtime').alertDeps,
      principal.workspaceId,
      userOnly(principal),
      input,
    );
    return c.json(presentMine(s), 200);
  })
  .openapi(listRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    const q = c.req.valid('query');
    const runtime = c.get('runtime');
    const ws = principal.workspaceId;
    const rows = await runtime.store.alerts.list(
      ws,
      { status: q.status, kind: q.kind, brandId: q.brandId, minSeverity: q.minSeverity },
      decodeCursor(q.cursor),
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit);
    const ids = page.map((a) => a.id);
    const [counts, failed, names] = await Promise.all([
      runtime.store.alerts.itemCounts(ws, ids),
      runtime.store.notifications.failedCounts(ws, ids),
      memberNames(runtime, ws),
    ]);
    const now = runtime.clock.now();
    const last = page[page.length - 1];
    return c.json(
      {
        alerts: page.map((a) => presentSummary(a, now, names, counts.get(a.id) ?? 0, failed.get(a.id) ?? 0)),
        nextCursor:
          rows.length > q.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    return c.json(await alertDetail(c.get('runtime'), principal.workspaceId, c.req.valid('param').id), 200);
  })
  .openapi(seriesRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:read');
    const runtime = c.get('runtime');
    const a = await alertOrNotFound(runtime.store, principal.workspaceId, c.req.valid('param').id);
    const { resolution } = c.req.valid('query');
    const detector = await runtime.alerts.detectorFor(principal.workspaceId, seriesPeriod(a, resolution));
    const s = alertSeries(detector, a, resolution);
    return c.json(
      {
        alertId: a.id,
        key: s.key,
        touchpoint: s.finding?.touchpoint ?? null,
        platform: s.finding?.platform ?? null,
        resolution,
        windowMinutes: s.windowMinutes,
        alertWindow: { from: a.startedAt, to: a.lastFiringAt },
        buckets: s.buckets,
      },
      200,
    );
  })
  .openapi(acknowledgeRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:write');
    const runtime = c.get('runtime');
    const { id } = c.req.valid('param');
    await acknowledgeAlert(runtime.alertDeps, principal.workspaceId, id, principal.actor);
    return c.json(await alertDetail(runtime, principal.workspaceId, id), 200);
  })
  .openapi(resolveRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:write');
    const runtime = c.get('runtime');
    const { id } = c.req.valid('param');
    await resolveAlert(runtime.alertDeps, principal.workspaceId, id, principal.actor);
    return c.json(await alertDetail(runtime, principal.workspaceId, id), 200);
  })
  .openapi(reopenRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:write');
    const runtime = c.get('runtime');
    const { id } = c.req.valid('param');
    await reopenAlert(runtime.alertDeps, principal.workspaceId, id, principal.actor);
    return c.json(await alertDetail(runtime, principal.workspaceId, id), 200);
  })
  .openapi(snoozeRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'alerts:write');
    const runtime = c.get('runtime');
    const { id } = c.req.valid('param');
    await snoozeAlert(
      runtime.alertDeps,
      principal.workspaceId,
      id,
      principal.actor,
      c.req.valid('json').until,
    );
    return c.json(await alertDetail(runtime, principal.workspaceId, id), 200);
  });

function presentSettings(s: Awaited<ReturnType<typeof alertSettings>>, reveal = true) {
  return {
    riskThreshold: s.riskThreshold,
    targets: s.targets.map((t) => ({
      channel: t.channel,
      target: reveal || t.channel === 'email' ? t.target : maskedUrl(t.target),
      hasSecret: t.secret !== null,
      minSeverity: t.minSeverity,
      kinds: t.kinds,
    })),
  };
}

function presentMine(s: Awaited<ReturnType<typeof notificationSettings>>) {
  return {
    enabled: s.enabled,
    channels: s.channels.map((ch) => ({
      channel: ch.channel,
      target: ch.target,
      hasSecret: ch.secret !== null,
    })),
    minSeverity: s.minSeverity,
    brandIds: s.brandIds,
    kinds: s.kinds,
    quietHours: s.quietHours,
  };
}
