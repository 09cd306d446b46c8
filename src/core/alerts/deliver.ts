/**
 * Delivery of alert notifications: e-mail over SMTP (nodemailer), a Slack-compatible incoming
 * webhook, and a generic webhook signed like reply webhooks (`signWebhook`). The outbox row counts
 * attempts; `claim` (a conditional UPDATE) makes a second run of a sent notification a no-op.
 */
import { randomUUID } from 'node:crypto';
import type { EmailConfig } from '../../channels/config.js';
import { classifySmtpError, createSmtpTransport } from '../../channels/email.js';
import { escapeHtml } from '../../channels/email-body.js';
import { httpRequest } from '../../channels/http.js';
import type { SendResult } from '../../channels/types.js';
import { signWebhook } from '../../channels/webhook.js';
import type { OutboundGuard } from '../../net/index.js';
import type { Clock } from '../cases/clock.js';
import type { AlertItemView, Store } from '../ports.js';
import type { NotificationRow, StoredAlert } from './types.js';

export const MAX_NOTIFICATION_ATTEMPTS = 5;
export const NOTIFICATION_BACKOFF_SECONDS = 30;
const HTTP_TIMEOUT_MS = 10_000;

/** What a notification says: the alert, its top items, and where to look. */
export interface AlertMessage {
  notificationId: string;
  alert: StoredAlert;
  items: AlertItemView[];
  /** Link to the alert page, when the public URL is known. */
  url: string | null;
}

export interface AlertSenders {
  /** Sends an e-mail; absent when SMTP is not configured. */
  email?: (to: string, message: AlertMessage) => Promise<SendResult>;
  slack: (url: string, message: AlertMessage) => Promise<SendResult>;
  webhook: (url: string, secret: string | null, message: AlertMessage, now: Date) => Promise<SendResult>;
}

const KIND_TITLES = {
  spike: 'Negative spike',
  competitor_storm: 'Competitor storm',
  risky_item: 'Risky item',
} as const;

/** One line naming the alert: kind, brand, touchpoints and severity. */
export function alertTitle(a: Pick<StoredAlert, 'kind' | 'brandName' | 'touchpoints' | 'severity'>): string {
  const where = a.touchpoints.length > 0 ? ` · ${a.touchpoints.join(', ')}` : '';
  return `${KIND_TITLES[a.kind]}: ${a.brandName}${where} (severity ${a.severity})`;
}

const excerpt = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

/** Slack's escaping of message text: only `&`, `<` and `>` (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Slack incoming-webhook body: `text` (the fallback) and `blocks`. */
export function slackBody(m: AlertMessage): string {
  const title = slackEscape(alertTitle(m.alert));
  const lines = m.items.slice(0, 3).map((i) => `> ${slackEscape(excerpt(i.text, 200))}`);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: alertTitle(m.alert).slice(0, 150) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${title}*\nStarted ${m.alert.startedAt}${m.url ? ` · <${m.url}|Open the alert>` : ''}`,
      },
    },
  ];
  if (lines.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  return JSON.stringify({ text: `${title}${lines.length > 0 ? `\n${lines.join('\n')}` : ''}`, blocks });
}

/** The generic webhook body: the alert in the API's terms and its top items. */
export function webhookAlertBody(m: AlertMessage, now: Date): string {
  const a = m.alert;
  return JSON.stringify({
    id: m.notificationId,
    type: 'alert',
    sentAt: now.toISOString(),
    alert: {
      id: a.id,
      workspaceId: a.workspaceId,
      kind: a.kind,
      status: a.status,
      severity: a.severity,
      title: alertTitle(a),
      brand: { id: a.brandId, name: a.brandName, kind: a.brandKind },
      touchpoints: a.touchpoints,
      platforms: a.platforms,
      openedAt: a.openedAt,
      startedAt: a.startedAt,
      risk: a.risk,
      url: m.url,
    },
    items: m.items
      .slice(0, 5)
      .map((i) => ({ id: i.id, text: i.text, postedAt: i.postedAt, platform: i.platform })),
  });
}

function emailText(m: AlertMessage): string {
  const lines = [alertTitle(m.alert), '', `Started: ${m.alert.startedAt}`];
  if (m.url) lines.push(`Open: ${m.url}`);
  if (m.items.length > 0)
    lines.push('', 'Top items:', ...m.items.slice(0, 5).map((i) => `- ${excerpt(i.text)}`));
  return `${lines.join('\n')}\n`;
}

function emailHtml(m: AlertMessage): string {
  const items = m.items
    .slice(0, 5)
    .map((i) => `<li>${escapeHtml(excerpt(i.text))} <small>(${escapeHtml(i.platform)})</small></li>`)
    .join('');
  return [
    '<!doctype html><html><body>',
    `<h2>${escapeHtml(alertTitle(m.alert))}</h2>`,
    `<p>Started ${escapeHtml(m.alert.startedAt)}</p>`,
    m.url ? `<p><a href="${escapeHtml(m.url)}">Open the alert</a></p>` : '',
    items ? `<ul>${items}</ul>` : '',
    '</body></html>',
  ].join('');
}

/**
 * The senders of this process: SMTP from the e-mail channel settings when present, HTTP for Slack
 * and webhooks through the outbound guard (checked again at each send: DNS can change after a save).
 */
export function createAlertSenders(email: EmailConfig | undefined, outbound: OutboundGuard): AlertSenders {
  const transport = email && createSmtpTransport(email);
  const http = async (what: string, url: string, headers: Record<string, string>, body: string) => {
    const r = await httpRequest(
      outbound,
      what,
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body },
      HTTP_TIMEOUT_MS,
    );
    return r.ok ? ({ ok: true, externalId: null } satisfies SendResult) : r.failure;
  };
  return {
    ...(transport && email
      ? {
          async email(to: string, m: AlertMessage): Promise<SendResult> {
            if (/[\r\n,;<>]/.test(to) || !/^[^\s@]+@[^\s@]+$/.test(to)) {
              return { ok: false, retryable: false, error: 'e-mail not sent: the address is not valid' };
            }
            const messageId = `<${m.notificationId}@${email.messageIdDomain}>`;
            try {
              await transport.sendMail({
                from: email.from,
                to,
                subject: `[Touchpoint] ${alertTitle(m.alert)}`.replace(/[\r\n]/g, ' '),
                messageId,
                text: emailText(m),
                html: emailHtml(m),
              });
              return { ok: true, externalId: messageId };
            } catch (e) {
              return classifySmtpError(e);
            }
          },
        }
      : {}),
    slack: (url, m) => http('Slack webhook', url, {}, slackBody(m)),
    webhook: (url, secret, m, now) => {
      if (!secret) {
        return Promise.resolve({
          ok: false,
          retryable: false,
          error: 'the webhook has no secret to sign with',
        });
      }
      const body = webhookAlertBody(m, now);
      const timestamp = String(Math.floor(now.getTime() / 1000));
      return http(
        'alert webhook',
        url,
        {
          'Idempotency-Key': m.notificationId,
          'X-Touchpoint-Timestamp': timestamp,
          'X-Touchpoint-Signature': signWebhook(secret, timestamp, body),
        },
        body,
      );
    },
  };
}

export type NotificationOutcome =
  { result: 'sent' | 'failed' | 'skipped' } | { result: 'retry'; delaySeconds: number };

/** Delivers one queued notification: claim, send, then sent, queued again with backoff, or failed (visible on the alert). */
export async function deliverNotification(
  deps: { store: Store; clock: Clock; senders: AlertSenders; alertUrl?: (alertId: string) => string | null },
  ref: { workspaceId: string; notificationId: string },
): Promise<NotificationOutcome> {
  const { store, clock, senders } = deps;
  const ws = ref.workspaceId;
  const n = await store.notifications.claim(ws, ref.notificationId, clock.now().toISOString());
  if (!n) return { result: 'skipped' };
  const alert = await store.alerts.get(ws, n.alertId);
  if (alert?.resolvedAt && alert.status === 'resolved' && alert.resolvedAt >= n.createdAt) {
    // Held for quiet hours (or a retry) while someone resolved it: news of a storm that is over.
    const at = clock.now().toISOString();
    await store.notifications.update(ws, n.id, {
      status: 'cancelled',
      lastError: `not sent: the alert was resolved at ${alert.resolvedAt}, before this was due`,
      updatedAt: at,
    });
    return { result: 'skipped' };
  }
  let outcome: SendResult;
  if (!alert) {
    outcome = { ok: false, retryable: false, error: 'the alert is gone' };
  } else {
    const message: AlertMessage = {
      notificationId: n.id,
      alert,
      items: await store.alerts.items(ws, alert.id, 5),
      url: deps.alertUrl?.(alert.id) ?? null,
    };
    try {
      outcome = await send(senders, n, message, clock.now());
    } catch (e) {
      outcome = { ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const at = clock.now().toISOString();
  const event = (kind: 'notification_sent' | 'notification_failed', data: Record<string, unknown>) =>
    store.alerts.addEvent({
      id: randomUUID(),
      workspaceId: ws,
      alertId: n.alertId,
      kind,
      actorId: null,
      at,
      data: { notificationId: n.id, channel: n.channel, attempts: n.attempts, ...data },
    });
  if (outcome.ok) {
    await store.notifications.update(ws, n.id, {
      status: 'sent',
      sentAt: at,
      lastError: null,
      updatedAt: at,
    });
    if (alert) await event('notification_sent', {});
    return { result: 'sent' };
  }
  if (outcome.retryable && n.attempts < MAX_NOTIFICATION_ATTEMPTS) {
    const delaySeconds = Math.max(
      outcome.retryAfterSeconds ?? 0,
      NOTIFICATION_BACKOFF_SECONDS * 2 ** (n.attempts - 1),
    );
    await store.notifications.update(ws, n.id, {
      status: 'queued',
      lastError: outcome.error,
      nextAttemptAt: new Date(clock.now().getTime() + delaySeconds * 1000).toISOString(),
      updatedAt: at,
    });
    return { result: 'retry', delaySeconds };
  }
  await store.notifications.update(ws, n.id, { status: 'failed', lastError: outcome.error, updatedAt: at });
  if (alert) await event('notification_failed', { error: outcome.error });
  return { result: 'failed' };
}

function send(senders: AlertSenders, n: NotificationRow, m: AlertMessage, now: Date): Promise<SendResult> {
  switch (n.channel) {
    case 'email':
      return senders.email
        ? senders.email(n.target, m)
        : Promise.resolve({
            ok: false,
            retryable: false,
            error: 'no SMTP server is configured (TOUCHPOINT_SMTP_URL)',
          });
    case 'slack':
      return senders.slack(n.target, m);
    case 'webhook':
      return senders.webhook(n.target, n.secret, m, now);
  }
}
