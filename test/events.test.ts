// Issue #15, slice D: customer events and survey triggers on both databases — an event reported over
// the API (an API key with events:write) is stored once, its customer resolved by identity, and an
// active survey with a trigger for its type invites that customer; the invitation is mailed 48 hours
// after the event (clock injected, the send job's handler called directly), a replay invites nobody
// again, bad input is refused naming the field, and an erasure removes the event's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema } from '../src/channels/config.js';
import { ManualClock } from '../src/core/cases/index.js';
import { createSurvey, setSurveyStatus } from '../src/core/surveys/index.js';
import type { Actor } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const API = '/api/v1';

interface BatchResult {
  created: number;
  duplicates: number;
  invitations: number;
  events: {
    externalId: string;
    id: string | null;
    status: string;
    customerId: string | null;
    invitations: number;
  }[];
}
interface Send {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  sendAfter: string;
}

describe.each(DIALECTS)('customer events and survey triggers on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let smtp: TestSmtp;
  let owner: TestClient;
  let integrator: TestClient;
  let reader: TestClient;
  let stranger: TestClient;
  let ws: string;
  let surveyId: string;
  // Tuesday 12:00 UTC; the order was delivered at 10:00.
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');

  const event = (externalId: string, type: string, email: string, extra: Record<string, unknown> = {}) => ({
    externalId,
    type,
    occurredAt: '2026-03-10T10:00:00Z',
    customer: { name: 'Eva Event', identities: [{ kind: 'email', value: email }] },
    touchpoint: 'delivery',
    data: { orderId: '1042', total: 99.5, express: true },
    ...extra,
  });
  const batch = [
    event('order-1042', 'order.delivered', 'eva@example.com'),
    event('order-1043', 'order.shipped', 'sam@example.com', {
      customer: { name: 'Sam Shipped', identities: [{ kind: 'email', value: 'sam@example.com' }] },
    }),
  ];
  const invitations = async () =>
    (await rt.store.surveys.invitations({ workspaceId: ws, surveyId, limit: 50 })).items;
  const sends = async () =>
    (await owner.json<{ sends: Send[] }>('GET', `${API}/outreach/sends?kind=survey`)).body.sends;

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDatabase(dialect);
    rt = await openRuntime(
      {
        ...db.config,
        publicUrl: 'https://tp.example',
        channels: ChannelsConfigSchema.parse({
          email: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <hello@shop.example>' },
        }),
      },
      { clock },
    );
    app = createApp(rt, { clock });
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[]; user: { id: string } }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Shop',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;
    const actor: Actor = { type: 'user', id: setup.body.user.id };
    const keyOf = async (scopes: string[]) => {
      const res = await owner.json<{ key: string }>('POST', `${API}/keys`, {
        name: scopes.join(' '),
        scopes,
      });
      expect(res.status).toBe(201);
      const c = new TestClient(app);
      c.bearer = res.body.key;
      return c;
    };
    integrator = await keyOf(['events:write']);
    reader = await keyOf(['surveys:read']);
    const other = await owner.json<{ id: string }>('POST', `${API}/workspaces`, { name: 'Other Shop' });
    stranger = new TestClient(app);
    stranger.cookie = owner.cookie;
    stranger.csrf = owner.csrf;
    stranger.workspace = other.body.id;

    const ctx = { workspaceId: ws, actor, now: clock.now().toISOString() };
    const definition = {
      question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } },
      triggers: [{ event: 'order.delivered', delayHours: 48 }],
    };
    const survey = await createSurvey(rt.store, ctx, { name: 'After delivery', definition });
    await setSurveyStatus(rt.store, ctx, survey.id, 'active');
    surveyId = survey.id;
    // A draft with the same trigger invites nobody.
    await createSurvey(rt.store, ctx, { name: 'Draft', definition });
  });

  afterAll(async () => {
    await rt.close();
    await db.drop();
    await smtp.close();
  });

  it('needs the events:write scope', async () => {
    const res = await reader.json('POST', `${API}/events`, { events: batch });
    expect(res.status).toBe(403);
  });

  it('stores events, resolves their customers and invites by the survey trigger, to be sent 48 hours later', async () => {
    const res = await integrator.json<BatchResult>('POST', `${API}/events`, { events: batch });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, duplicates: 0, invitations: 1 });
    const [delivered, shipped] = res.body.events;
    expect(delivered).toMatchObject({ externalId: 'order-1042', status: 'created', invitations: 1 });
    expect(shipped).toMatchObject({ status: 'created', invitations: 0 });

    const found = await owner.json<{ customers: { id: string; name: string | null }[] }>(
      'GET',
      `${API}/customers?q=${encodeURIComponent('eva@example.com')}`,
    );
    expect(found.body.customers.map((c) => c.id)).toEqual([delivered?.customerId]);

    const [invitation, ...more] = await invitations();
    expect(more).toEqual([]);
    expect(invitation).toMatchObject({
      customerId: delivered?.customerId,
      status: 'pending',
      sendAfter: '2026-03-12T10:00:00.000Z',
      eventId: delivered?.id,
    });
    const [send] = await sends();
    expect(send).toMatchObject({ status: 'scheduled', sendAfter: '2026-03-12T10:00:00.000Z' });
  });

  it('does nothing twice for a replayed event', async () => {
    const res = await integrator.json<BatchResult>('POST', `${API}/events`, { events: batch });
    expect(res.body).toMatchObject({ created: 0, duplicates: 2, invitations: 0 });
    expect(res.body.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate']);
    expect(await invitations()).toHaveLength(1);
    expect(await sends()).toHaveLength(1);
  });

  it('mails the invitation when its time has come, not before', async () => {
    const [send] = await sends();
    await runJob(rt.jobDefs.outreachSend, { workspaceId: ws, sendIds: [send?.id ?? ''] });
    expect(smtp.messages).toHaveLength(0);
    expect((await invitations())[0]?.status).toBe('pending');

    clock.set('2026-03-12T10:00:00.000Z');
    await runJob(rt.jobDefs.outreachSend, { workspaceId: ws, sendIds: [send?.id ?? ''] });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.rcptTo).toEqual(['eva@example.com']);
    expect(smtp.messages[0]?.mail.text).toContain('How likely are you to recommend us?');
    expect((await invitations())[0]?.status).toBe('sent');
  });

  it('refuses bad events naming the field, and more than 500 at once', async () => {
    const future = await integrator.json<{ code: string; issues?: { path: string }[] }>(
      'POST',
      `${API}/events`,
      {
        events: [event('x-1', 'order.delivered', 'x@example.com', { occurredAt: '2999-01-01T00:00:00Z' })],
      },
    );
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('occurredAt');
    const noIdentity = await integrator.json('POST', `${API}/events`, {
      events: [event('x-2', 'order.delivered', 'x@example.com', { customer: { identities: [] } })],
    });
    expect(noIdentity.status).toBe(400);
    const badType = await integrator.json('POST', `${API}/events`, {
      events: [event('x-3', 'Order Delivered!', 'x@example.com')],
    });
    expect(badType.status).toBe(400);
    const many = await integrator.json('POST', `${API}/events`, {
      events: Array.from({ length: 501 }, (_, i) =>
        event(`bulk-${i}`, 'order.delivered', `b${i}@example.com`),
      ),
    });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body)).toContain('at most 500 events');
  });

  it('lists the events of the workspace only, newest first', async () => {
    const list = await owner.json<{ events: { externalId: string; invitations: number; data: unknown }[] }>(
      'GET',
      `${API}/events`,
    );
    expect(list.body.events.map((e) => e.externalId).sort()).toEqual(['order-1042', 'order-1043']);
    expect(list.body.events.find((e) => e.externalId === 'order-1042')?.invitations).toBe(1);
    const other = await stranger.json<{ events: unknown[] }>('GET', `${API}/events`);
    expect(other.body.events).toEqual([]);
  });

  it('exports and erases the events of a customer: their data goes, the event stays a duplicate', async () => {
    const [first] = (
      await owner.json<{ events: { externalId: string; customerId: string }[] }>(
        'GET',
        `${API}/events?type=order.delivered`,
      )
    ).body.events;
    const customerId = first?.customerId ?? '';
    const exported = await owner.json<{ reviews: { events: { externalId: string; data: unknown }[] } }>(
      'GET',
      `${API}/customers/${customerId}/export`,
    );
    expect(exported.status).toBe(200);
    expect(exported.body.reviews.events[0]).toMatchObject({
      externalId: 'order-1042',
      data: { orderId: '1042' },
    });
    const erased = await owner.json('POST', `${API}/customers/${customerId}/erase`);
    expect(erased.status).toBe(200);
    const after = await owner.json<{ events: { externalId: string; data: unknown }[] }>(
      'GET',
      `${API}/events?type=order.delivered`,
    );
    expect(after.body.events[0]?.data).toEqual({});
    const replay = await integrator.json<BatchResult>('POST', `${API}/events`, { events: [batch[0]] });
    expect(replay.body).toMatchObject({ created: 0, duplicates: 1, invitations: 0 });
  });

  it('stores an old event (a backfill) but invites nobody: its invitation was due more than a day ago', async () => {
    const hoursAgo = (h: number) => new Date(clock.now().getTime() - h * 3_600_000).toISOString();
    const old = event('order-0999', 'order.delivered', 'eva@example.com', {
      occurredAt: hoursAgo(48 + 26), // its invitation (48 hours after) was due 26 hours ago
    });
    const res = await integrator.json<BatchResult>('POST', `${API}/events`, { events: [old] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, duplicates: 0, invitations: 0 });
    const before = (await invitations()).length;
    // Due 22 hours ago: still asked (a late feed is not a backfill).
    const late = event('order-1000', 'order.delivered', 'late@example.com', {
      occurredAt: hoursAgo(48 + 22),
      customer: { name: 'Lee Late', identities: [{ kind: 'email', value: 'late@example.com' }] },
    });
    const r2 = await integrator.json<BatchResult>('POST', `${API}/events`, { events: [late] });
    expect(r2.body).toMatchObject({ created: 1, invitations: 1 });
    expect((await invitations()).length).toBe(before + 1);
  });
});
