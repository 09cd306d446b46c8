// Issue #5: live alerts end to end on both dialects. Items go in over the HTTP API; the detector in
// the runtime opens alerts after each batch; notifications leave through a real SMTP server and local
// HTTP receivers (signed webhook, Slack format, one that fails), exactly once, driven by an injected
// clock (no sleeping).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema, verifySignature } from '../src/channels/index.js';
import { createAlertSenders } from '../src/core/alerts/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { createOutboundGuard } from '../src/net/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { inviteAndAccept } from './helpers/members.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const SECRET = 'alert-webhook-secret-0123456789';
const MIN = 60_000;
/**
 * The detector lease is wall-clock time. Failed once in a CI run on PostgreSQL under load (stop 24):
 * opening a second runtime and signing in took longer than the default 15 s lease, so the second
 * process took the detector over before the test released it. The processes here hand the lease over
 * only by `release()`; an hour never runs out during a test.
 */
const LEASE_MS = 3_600_000;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver on 127.0.0.1:0 that records every request and answers `status`. */
async function receiver(status: number) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook/secret-path`,
    got,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface AlertSummary {
  id: string;
  kind: string;
  status: string;
  severity: number;
  touchpoints: string[];
  brand: { name: string; kind: string };
  itemCount: number;
  windowItems: number | null;
  windowMinutes: number | null;
  snoozed: boolean;
  acknowledgedBy: { id: string } | null;
  acknowledgedAt: string | null;
  resolvedBy: { id: string } | null;
  resolvedAt: string | null;
  notificationsFailed: number;
}
interface AlertDetail extends AlertSummary {
  items: { id: string; text: string }[];
  findings: { key: string; observed: number; expected: number }[];
  events: { kind: string }[];
  notifications: {
    id: string;
    channel: string;
    status: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string | null;
    sentAt: string | null;
  }[];
}

const iso = (t: number) => new Date(t).toISOString();

describe.each(DIALECTS)('live alerts on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let smtp: TestSmtp;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let slack: Awaited<ReturnType<typeof receiver>>;
  let failing: Awaited<ReturnType<typeof receiver>>;
  const clock = new ManualClock('2026-03-02T10:06:00.000Z');
  let client: TestClient;
  let ownerId = '';
  let seq = 0;

  const item = (t: number, text: string, extra: Record<string, unknown> = {}) => ({
    externalId: `x-${++seq}`,
    platform: 'twitter',
    text,
    postedAt: iso(t),
    ...extra,
  });
  async function ingest(items: unknown[]) {
    for (let i = 0; i < items.length; i += 500) {
      const r = await client.json('POST', '/api/v1/feedback', { items: items.slice(i, i + 500) });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    }
    await rt.alerts.idle();
  }
  const list = async (query = 'status=all') =>
    (await client.json<{ alerts: AlertSummary[] }>('GET', `/api/v1/alerts?${query}`)).body.alerts;
  const detail = async (id: string) => (await client.json<AlertDetail>('GET', `/api/v1/alerts/${id}`)).body;
  const sendAll = async (d: AlertDetail) => {
    for (const n of d.notifications) {
      await runJob(rt.jobDefs.notificationsSend, {
        workspaceId: client.workspace ?? '',
        notificationId: n.id,
      });
    }
  };
  /** Negative complaints about one touchpoint, evenly spread over [from, from + minutes). */
  const burst = (from: number, minutes: number, n: number, brand?: string) =>
    Array.from({ length: n }, (_, i) =>
      item(
        from + Math.floor((i * minutes * MIN) / n),
        `Courier lost my parcel again, delivery ${i + 2} days late. Terrible.`,
        brand ? { brand } : {},
      ),
    );

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await receiver(200);
    slack = await receiver(200);
    failing = await receiver(500);
    db = await freshDatabase(dialect);
    const email = ChannelsConfigSchema.parse({
      email: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Touchpoint <alerts@acme.example>' },
    }).email;
    // The receivers listen on loopback: allowed, as an operator allows an internal hook.
    const outbound = createOutboundGuard({ allow: ['127.0.0.1'] });
    rt = await openRuntime(db.config, {
      clock,
      outbound,
      alertSenders: createAlertSenders(email, outbound),
      alerts: { leaseMs: LEASE_MS },
    });
    client = new TestClient(createApp(rt));
    const setup = await client.json<{
      csrfToken: string;
      user: { id: string };
      workspaces: { id: string }[];
    }>('POST', '/api/v1/setup', {
      name: 'Olga Owner',
      email: 'olga@example.com',
      password: 'correct horse battery',
      workspaceName: 'Acme',
    });
    client.csrf = setup.body.csrfToken;
    client.workspace = setup.body.workspaces[0]?.id;
    ownerId = setup.body.user.id;
    await rt.store.brands.ensure(client.workspace ?? '', 'Rival Air', 'competitor');

    // A quiet background: 30 hours, one item every 20 minutes, one in eight negative, for both brands.
    const start = Date.parse('2026-03-01T03:00:00.000Z');
    const background = [];
    for (let t = start, i = 0; t < Date.parse('2026-03-02T09:20:00.000Z'); t += 20 * MIN, i++) {
      const bad = i % 8 === 0;
      background.push(
        item(t, bad ? 'The delivery was a bit late.' : 'Great coffee and friendly staff, lovely morning.'),
        item(t + 7 * MIN, bad ? 'Delivery slow today, annoying.' : 'Nice flight, friendly crew.', {
          brand: 'Rival Air',
        }),
      );
    }
    await ingest(background);
  }, 60_000);

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
    await smtp?.close();
    await hook?.close();
    await slack?.close();
    await failing?.close();
  });

  it('a burst of negative items on one touchpoint opens one grouped alert with its top items, and notifies once on every channel', async () => {
    const put = await client.json('PUT', '/api/v1/me/notification-settings', {
      enabled: true,
      channels: [{ channel: 'email', target: null }],
      minSeverity: 1,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const settings = await client.json<{ targets: { hasSecret: boolean }[] }>(
      'PUT',
      '/api/v1/alerts/settings',
      {
        riskThreshold: 0.7,
        targets: [
          { channel: 'webhook', target: hook.url, secret: SECRET, minSeverity: 1 },
          { channel: 'slack', target: slack.url, minSeverity: 1 },
        ],
      },
    );
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect(settings.body.targets.map((t) => t.hasSecret)).toEqual([true, false]);
    expect(JSON.stringify(settings.body)).not.toContain(SECRET);

    const t0 = Date.parse('2026-03-02T09:35:00.000Z');
    const storm = burst(t0, 20, 30);
    storm[0] = item(t0, 'Delivery late & my <script>alert("x")</script> parcel is gone. Terrible.');
    await ingest([...storm, item(Date.parse('2026-03-02T10:05:00.000Z'), 'Lovely staff today.')]);

    const alerts = await list();
    expect(alerts.map((a) => a.kind)).toEqual(['spike']);
    const a = alerts[0] as AlertSummary;
    expect(a.touchpoints).toContain('delivery');
    expect(a.brand.name).toBe('Acme');
    expect(a.severity).toBeGreaterThanOrEqual(1);
    expect(a.itemCount).toBeGreaterThan(0);
    const d = await detail(a.id);
    expect(d.items.length).toBeGreaterThan(0);
    expect(d.items[0]?.text).toMatch(/delivery|parcel/i);
    expect(d.findings.length).toBeGreaterThan(0);
    expect(d.findings[0]?.observed).toBeGreaterThan(d.findings[0]?.expected ?? Infinity);
    // Its size (issue #12): the negative items in the strongest finding's window, not the sample.
    const largest = d.findings.reduce((m, f) => Math.max(m, f.observed), 0);
    expect(a.windowItems).toBeGreaterThanOrEqual(20);
    expect(a.windowItems).toBeLessThanOrEqual(largest);
    expect(a.windowMinutes).toBeGreaterThan(0);
    expect(d.events.map((e) => e.kind)).toContain('opened');
    expect(d.notifications.map((n) => n.channel).sort()).toEqual(['email', 'slack', 'webhook']);
    expect(d.notifications.every((n) => n.status === 'queued')).toBe(true);

    await sendAll(d);
    await sendAll(d); // a second run of every job: the claim keeps it to one delivery
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.rcptTo).toEqual(['olga@example.com']);
    expect(hook.got).toHaveLength(1);
    expect(slack.got).toHaveLength(1);

    const w = hook.got[0] as Received;
    const ts = w.headers['x-touchpoint-timestamp'] as string;
    expect(
      verifySignature(SECRET, ts, w.body, w.headers['x-touchpoint-signature'] as string, 300, clock.now()),
    ).toBe(true);
    expect(
      verifySignature(
        'wrong-secret-wrong-secret',
        ts,
        w.body,
        w.headers['x-touchpoint-signature'] as string,
        300,
        clock.now(),
      ),
    ).toBe(false);
    const notified = d.notifications.find((n) => n.channel === 'webhook');
    expect(w.headers['idempotency-key']).toBe(notified?.id);
    expect((JSON.parse(w.body) as { alert: { id: string } }).alert.id).toBe(a.id);

    const s = JSON.parse((slack.got[0] as Received).body) as { text: string; blocks: unknown[] };
    expect(s.blocks.length).toBeGreaterThan(0);
    expect(s.text).not.toMatch(/<script>/);
    if (s.text.includes('script')) expect(s.text).toContain('&lt;script&gt;');
    const html = String(smtp.messages[0]?.mail.html);
    expect(html).not.toContain('<script>');

    const after = await detail(a.id);
    expect(after.notifications.every((n) => n.status === 'sent' && n.sentAt !== null)).toBe(true);
    expect(after.events.filter((e) => e.kind === 'notification_sent')).toHaveLength(3);

    const series = await client.json<{
      buckets: { observed: number; expected: number | null; upper: number | null }[];
    }>('GET', `/api/v1/alerts/${a.id}/series`);
    expect(series.status).toBe(200);
    const peak = Math.max(...series.body.buckets.map((b) => b.observed));
    expect(peak).toBeGreaterThan(0);
    const withBand = series.body.buckets.filter((b) => b.expected !== null && b.upper !== null);
    expect(withBand.length).toBe(series.body.buckets.length);
    expect(series.body.buckets.some((b) => b.observed > (b.upper ?? Infinity))).toBe(true);
    const hourly = await client.json<{ buckets: unknown[] }>(
      'GET',
      `/api/v1/alerts/${a.id}/series?resolution=1h`,
    );
    expect(hourly.body.buckets.length).toBeGreaterThan(24);
    // "As tested": the strongest finding's own window, every 5 minutes, against the count at which
    // the detector's test breaks out — the step it fired on is there, at or above that count.
    const strongest = (
      await client.json<{ strongest: { observed: number; windowMinutes: number } | null }>(
        'GET',
        `/api/v1/alerts/${a.id}`,
      )
    ).body.strongest;
    expect(strongest).not.toBeNull();
    const tested = await client.json<{
      windowMinutes: number | null;
      buckets: { observed: number; expected: number | null; upper: number | null }[];
    }>('GET', `/api/v1/alerts/${a.id}/series?resolution=window`);
    expect(tested.status).toBe(200);
    expect(tested.body.windowMinutes).toBe(strongest?.windowMinutes);
    expect(
      tested.body.buckets.some(
        (b) => b.observed === strongest?.observed && b.observed >= (b.upper ?? Infinity),
      ),
    ).toBe(true);
    expect(tested.body.buckets.every((b) => b.upper === null || b.upper >= 8)).toBe(true); // minCount
  });

  it('acknowledge, snooze, reopen and resolve keep who and when', async () => {
    const [a] = await list();
    const id = a?.id ?? '';
    clock.advance(1);
    const ack = await client.json<AlertDetail>('POST', `/api/v1/alerts/${id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect(ack.body.acknowledgedBy?.id).toBe(ownerId);
    expect(ack.body.acknowledgedAt).toBe(clock.now().toISOString());
    const snooze = await client.json<AlertDetail>('POST', `/api/v1/alerts/${id}/snooze`, {
      until: iso(clock.now().getTime() + 60 * MIN),
    });
    expect(snooze.status).toBe(200);
    expect(snooze.body.snoozed).toBe(true);
    const past = await client.json('POST', `/api/v1/alerts/${id}/snooze`, { until: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const reopened = await client.json<AlertDetail>('POST', `/api/v1/alerts/${id}/reopen`);
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.snoozed).toBe(false);
    const resolved = await client.json<AlertDetail>('POST', `/api/v1/alerts/${id}/resolve`);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolvedBy?.id).toBe(ownerId);
    expect(resolved.body.resolvedAt).toBe(clock.now().toISOString());
    const ackResolved = await client.json('POST', `/api/v1/alerts/${id}/acknowledge`);
    expect(ackResolved.status).toBe(409);
    expect(resolved.body.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['acknowledged', 'snoozed', 'reopened', 'resolved']),
    );
    expect(await list('status=active')).toHaveLength(0);
  });

  it('a second burst within the cool-down updates the alert instead of opening another', async () => {
    clock.set('2026-03-02T10:46:00.000Z');
    const t1 = Date.parse('2026-03-02T10:10:00.000Z');
    await ingest([...burst(t1, 25, 40), item(Date.parse('2026-03-02T10:45:00.000Z'), 'Lovely staff today.')]);
    const spikes = (await list()).filter((a) => a.kind === 'spike');
    expect(spikes).toHaveLength(1);
    const d = await detail(spikes[0]?.id ?? '');
    // It fired again after it was resolved: open again, with the new firing recorded.
    expect(d.status).toBe('open');
    expect(d.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['reopened']));
    expect(d.events.filter((e) => e.kind === 'opened')).toHaveLength(1);
  });

  it('a storm at a competitor is a competitor_storm', async () => {
    clock.set('2026-03-02T11:16:00.000Z');
    const t2 = Date.parse('2026-03-02T10:50:00.000Z');
    await ingest([
      ...burst(t2, 20, 30, 'Rival Air'),
      item(Date.parse('2026-03-02T11:15:00.000Z'), 'Nice flight, friendly crew.', { brand: 'Rival Air' }),
    ]);
    const storms = (await list()).filter((a) => a.kind === 'competitor_storm');
    expect(storms).toHaveLength(1);
    expect(storms[0]?.brand).toMatchObject({ name: 'Rival Air', kind: 'competitor' });
    expect((await list('kind=competitor_storm')).map((a) => a.id)).toEqual([storms[0]?.id]);
  });

  it('a risky item (huge reach, legal threat) opens a risky_item alert; a failing receiver gets 5 tries, then a visible failure', async () => {
    await client.json('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [{ channel: 'webhook', target: failing.url, secret: SECRET, minSeverity: 1 }],
    });
    await ingest([
      item(Date.parse('2026-03-02T11:15:30.000Z'), 'Furious! My lawyer will hear about this. Unacceptable.', {
        author: { handle: 'bigvoice', reach: 5_000_000 },
      }),
    ]);
    const risky = (await list('kind=risky_item'))[0] as AlertSummary;
    expect(risky).toBeDefined();
    const d = await detail(risky.id);
    expect(d.severity).toBeGreaterThanOrEqual(8);
    expect(d.items[0]?.text).toContain('lawyer');
    const n = d.notifications.find((x) => x.channel === 'webhook');
    expect(n).toBeDefined();
    const ref = { workspaceId: client.workspace ?? '', notificationId: n?.id ?? '' };
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runJob(rt.jobDefs.notificationsSend, ref);
      await runJob(rt.jobDefs.notificationsSend, ref); // not due yet: no second request
      clock.advance((30 * 2 ** (attempt - 1)) / 60 + 0.1);
    }
    await runJob(rt.jobDefs.notificationsSend, ref);
    expect(failing.got).toHaveLength(5);
    const after = await detail(risky.id);
    const failed = after.notifications.find((x) => x.id === n?.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
    expect(failed?.lastError).toContain('HTTP 500');
    expect(after.notificationsFailed).toBe(1);
    expect(after.events.map((e) => e.kind)).toContain('notification_failed');
  });

  it('quiet hours hold a notification until they end (severity below 9)', async () => {
    clock.set('2026-03-02T11:30:00.000Z'); // 12:30 in Berlin
    await client.json('PUT', '/api/v1/alerts/settings', { riskThreshold: 0.7, targets: [] });
    const put = await client.json('PUT', '/api/v1/me/notification-settings', {
      enabled: true,
      channels: [{ channel: 'email', target: 'olga.alerts@example.com' }],
      minSeverity: 1,
      quietHours: { start: '12:00', end: '14:00', timezone: 'Europe/Berlin' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const before = smtp.messages.length;
    await ingest([
      item(Date.parse('2026-03-02T11:29:00.000Z'), 'My lawyer will hear about this, the refund is missing.', {
        author: { handle: 'midvoice', reach: 200_000 },
      }),
    ]);
    const risky = (await list('kind=risky_item')).find((a) => a.severity < 9) as AlertSummary;
    expect(risky).toBeDefined();
    const d = await detail(risky.id);
    const n = d.notifications[0];
    expect(n).toMatchObject({
      channel: 'email',
      status: 'queued',
      nextAttemptAt: '2026-03-02T13:00:00.000Z',
    });
    expect(d.events.map((e) => e.kind)).toContain('notification_held');
    await sendAll(d);
    expect(smtp.messages.length).toBe(before);
    clock.set('2026-03-02T13:00:30.000Z');
    await sendAll(d);
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)?.rcptTo).toEqual(['olga.alerts@example.com']);
  });

  it('a held notification whose alert is resolved before the quiet hours end is cancelled, not sent', async () => {
    clock.set('2026-03-02T13:10:00.000Z'); // 14:10 in Berlin
    const put = await client.json('PUT', '/api/v1/me/notification-settings', {
      enabled: true,
      channels: [{ channel: 'email', target: 'olga.alerts@example.com' }],
      minSeverity: 1,
      quietHours: { start: '14:00', end: '16:00', timezone: 'Europe/Berlin' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const before = smtp.messages.length;
    const known = new Set((await list('kind=risky_item')).map((a) => a.id));
    await ingest([
      item(
        Date.parse('2026-03-02T13:09:00.000Z'),
        'My lawyer gets this tomorrow, still no refund for the broken TV.',
        {
          author: { handle: 'othervoice', reach: 200_000 },
        },
      ),
    ]);
    const risky = (await list('kind=risky_item')).find(
      (a) => !known.has(a.id) && a.severity < 9,
    ) as AlertSummary;
    expect(risky).toBeDefined();
    const held = await detail(risky.id);
    expect(held.notifications[0]).toMatchObject({
      status: 'queued',
      nextAttemptAt: '2026-03-02T15:00:00.000Z',
    });
    clock.set('2026-03-02T13:20:00.000Z');
    expect((await client.json('POST', `/api/v1/alerts/${risky.id}/resolve`)).status).toBe(200);
    clock.set('2026-03-02T15:00:30.000Z');
    await sendAll(held);
    expect(smtp.messages.length).toBe(before);
    const after = await detail(risky.id);
    expect(after.notifications[0]).toMatchObject({ status: 'cancelled', sentAt: null });
    expect(after.notifications[0]?.lastError).toContain('resolved');
    expect(after.notificationsFailed).toBe(0);
  });

  it('viewers read alerts but cannot act on them; agents act; settings are for admins', async () => {
    const password = 'correct horse battery';
    for (const [email, role] of [
      ['vic@example.com', 'viewer'],
      ['ann@example.com', 'agent'],
    ] as const) {
      await inviteAndAccept(createApp(rt), client, { email, name: role, role, password });
    }
    const as = async (email: string) => {
      const c = new TestClient(createApp(rt));
      await c.login(email, password);
      c.workspace = client.workspace;
      return c;
    };
    const vic = await as('vic@example.com');
    const ann = await as('ann@example.com');
    const a = (await list()).find((x) => x.status === 'open');
    const id = a?.id ?? '';
    expect((await vic.json('GET', '/api/v1/alerts')).status).toBe(200);
    expect((await vic.json('GET', `/api/v1/alerts/${id}`)).status).toBe(200);
    expect((await vic.json('POST', `/api/v1/alerts/${id}/acknowledge`)).status).toBe(403);
    expect((await vic.json('PUT', '/api/v1/me/notification-settings', { channels: [] })).status).toBe(200);
    const acked = await ann.json<AlertDetail>('POST', `/api/v1/alerts/${id}/acknowledge`);
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgedBy?.id).not.toBe(ownerId);
    const denied = await ann.json('PUT', '/api/v1/alerts/settings', { riskThreshold: 0.5, targets: [] });
    expect(denied.status).toBe(403);
    // A Slack or webhook URL is a credential: shown whole to admins only.
    const slackUrl = 'https://hooks.slack.example/services/T000/B000/secretpart';
    const set = await client.json('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [{ channel: 'slack', target: slackUrl, minSeverity: 10 }],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const seen = await vic.json<{ targets: { channel: string; target: string }[] }>(
      'GET',
      '/api/v1/alerts/settings',
    );
    const whole = await client.json<{ targets: { channel: string; target: string }[] }>(
      'GET',
      '/api/v1/alerts/settings',
    );
    expect(whole.body.targets.find((t) => t.channel === 'slack')?.target).toBe(slackUrl);
    expect(seen.body.targets.find((t) => t.channel === 'slack')?.target).toBe(
      'https://hooks.slack.example/…',
    );

    const me = await client.json<{ minSeverity: number }>('GET', '/api/v1/me/notification-settings');
    expect(me.body.minSeverity).toBe(1);
    const s = await client.json<{ riskThreshold: number }>('GET', '/api/v1/alerts/settings');
    expect(s.body.riskThreshold).toBe(0.7);
    const bad = await client.json('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [{ channel: 'slack', target: 'not a url' }],
    });
    expect(bad.status).toBe(400);
    const unsigned = await client.json('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [{ channel: 'webhook', target: 'https://hooks.example/new' }],
    });
    expect(unsigned.status).toBe(400);
    const other = await client.json('GET', '/api/v1/alerts/no-such-alert');
    expect(other.status).toBe(404);
  });

  it('links an alert to the cases its items are in', async () => {
    const risky = (await list('kind=risky_item'))[0] as AlertSummary;
    const d = await detail(risky.id);
    const itemId = d.items[0]?.id ?? '';
    const opened = await client.json<{ id: string }>('POST', '/api/v1/cases', { itemId });
    expect([200, 201]).toContain(opened.status);
    const after = await client.json<{ cases: { id: string; itemId: string }[] }>(
      'GET',
      `/api/v1/alerts/${risky.id}`,
    );
    expect(after.body.cases).toEqual([expect.objectContaining({ id: opened.body.id, itemId })]);
  });
  /** Another process on the same database, signed in as the owner; `post` ingests through it. */
  async function secondProcess() {
    const outbound = createOutboundGuard({ allow: ['127.0.0.1'] });
    const other = await openRuntime(db.config, {
      clock,
      outbound,
      alertSenders: createAlertSenders(undefined, outbound),
      alerts: { leaseMs: LEASE_MS },
    });
    const c = new TestClient(createApp(other));
    await c.login('olga@example.com', 'correct horse battery');
    c.workspace = client.workspace;
    const post = async (items: unknown[]) => {
      const r = await c.json('POST', '/api/v1/feedback', { items });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      await other.alerts.idle();
    };
    return { rt: other, post, client: c };
  }

  it("an old alert's chart shows its storm on any process, weeks later", async () => {
    const spikes = await list('kind=spike&status=all');
    const oldest = spikes.at(-1);
    expect(oldest).toBeDefined();
    const before = clock.now().toISOString();
    clock.set('2026-04-20T12:00:00.000Z'); // seven weeks on: past every live detector's memory
    const { rt: other, client: elsewhere } = await secondProcess();
    try {
      type Series = { buckets: { observed: number; upper: number | null }[] };
      for (const c of [client, elsewhere]) {
        for (const resolution of ['5m', 'window', '1h']) {
          const r = await c.json<Series>(
            'GET',
            `/api/v1/alerts/${oldest?.id}/series?resolution=${resolution}`,
          );
          expect(r.status).toBe(200);
          expect(Math.max(...r.body.buckets.map((b) => b.observed)), resolution).toBeGreaterThan(0);
          if (resolution !== '1h') {
            expect(
              r.body.buckets.some((b) => b.observed >= (b.upper ?? Infinity)),
              resolution,
            ).toBe(true);
          }
        }
      }
    } finally {
      await other.close();
      clock.set(before);
    }
  });

  // Failed once in five full-suite runs on PostgreSQL under load (stop 11) with `[]` for the storm:
  // the detector started on a batch after a setImmediate, which could run before the ingest
  // transaction committed, and read none of its items. It now starts on the commit (afterCommit).
  it('a restarted process warms its detector up from the store: it writes nothing, and still catches the next storm', async () => {
    clock.set('2026-03-02T15:31:00.000Z');
    const before = await list();
    // The first process stops (as on shutdown, it gives up its detector lease).
    await rt.alerts.release();
    const { rt: rt2, post } = await secondProcess();
    try {
      // Without the warm-up a new detector would stay silent for its first 24 hours of data.
      await post([item(Date.parse('2026-03-02T14:00:00.000Z'), 'Lovely staff today.')]);
      expect((await list()).map((a) => a.id)).toEqual(before.map((a) => a.id));
      const t3 = Date.parse('2026-03-02T15:00:00.000Z');
      await post([
        ...Array.from({ length: 30 }, (_, i) =>
          item(
            t3 + Math.floor((i * 20 * MIN) / 30),
            `Support hung up on me again, waited ${i + 40} minutes. Terrible.`,
          ),
        ),
        item(Date.parse('2026-03-02T15:30:00.000Z'), 'Lovely staff today.'),
      ]);
      const fresh = (await list()).filter((a) => !before.some((b) => b.id === a.id));
      expect(fresh.map((a) => a.kind)).toEqual(['spike']);
      expect(fresh[0]?.touchpoints).toContain('support');
    } finally {
      await rt2.close();
    }
  });

  it('two processes at once: one runs the detector, the other queues its items for it, and takes over when it stops', async () => {
    clock.set('2026-03-02T20:31:00.000Z');
    // rt takes the detector again with its next batch.
    await ingest([item(Date.parse('2026-03-02T19:00:00.000Z'), 'Lovely staff today.')]);
    const before = await list();
    const { rt: rt3, post } = await secondProcess();
    try {
      const t = Date.parse('2026-03-02T20:00:00.000Z');
      const storm = Array.from({ length: 30 }, (_, i) =>
        item(
          t + Math.floor((i * 20 * MIN) / 30),
          `The app crashed at checkout again, order ${i + 1} lost. Terrible.`,
        ),
      );
      await post([...storm, item(Date.parse('2026-03-02T20:30:00.000Z'), 'Lovely staff today.')]);
      // rt3 does not run the detector (rt holds the lease): nothing yet, the items wait for rt.
      expect((await list()).length).toBe(before.length);
      await rt.alerts.poll();
      const fresh = (await list()).filter((a) => !before.some((b) => b.id === a.id));
      expect(fresh.map((a) => a.kind)).toEqual(['spike']);
      const opened = await detail(fresh[0]?.id ?? '');
      expect(opened.findings[0]?.observed).toBeGreaterThanOrEqual(20);
      expect(opened.items.every((i) => i.text.startsWith('The app crashed at checkout'))).toBe(true);
      // rt stops: rt3's next batch takes the detector over and feeds it itself.
      await rt.alerts.release();
      await post(
        Array.from({ length: 12 }, (_, i) =>
          item(t + 31 * MIN + i * MIN, `The app crashed at checkout again, basket ${i + 1} gone. Terrible.`),
        ),
      );
      const after = await detail(fresh[0]?.id ?? '');
      expect(after.itemCount).toBeGreaterThanOrEqual(opened.itemCount);
      expect(after.events.map((e) => e.kind).length).toBeGreaterThan(opened.events.length);
    } finally {
      await rt3.close();
    }
  });
});
