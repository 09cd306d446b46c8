import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, OutgoingReply, SendResult } from '../src/channels/types.js';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { inviteAndAccept } from './helpers/members.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { runJob } from './helpers/jobs.js';

/** A channel adapter that records what it was asked to send and answers what the test says. */
class FakeAdapter implements ChannelAdapter {
  sent: OutgoingReply[] = [];
  constructor(
    readonly kind: ChannelAdapter['kind'],
    public answer: () => SendResult = () => ({ ok: true, externalId: `ext-${this.sent.length}` }),
  ) {}
  async send(reply: OutgoingReply): Promise<SendResult> {
    this.sent.push(reply);
    await new Promise((r) => setImmediate(r)); // a real adapter awaits the network
    return this.answer();
  }
}

interface CaseSummary {
  id: string;
  status: string;
  outcome: string | null;
  priority: { score: number; label: string; reasons: string[]; explanation: string };
  sla: { dueAt: string | null; breachedAt: string | null; state: string };
  teamId: string | null;
  assigneeId: string | null;
  escalatedAt: string | null;
  firstResponseAt: string | null;
  updatedAt: string;
  item: { id: string; text: string } | null;
}
interface CaseDetail extends CaseSummary {
  items: { id: string; analysis: unknown; joinedAt: string }[];
  history: { id: string }[];
  events: { kind: string; mentions: string[]; body: Record<string, unknown> }[];
  replies: { id: string; status: string; attempts: number; lastError: string | null }[];
  draft: { text: string; language: string; limit: number | null; mentions: string[] } | null;
  tone: { ok: boolean; flags: { code: string }[] } | null;
}

const PASSWORD = 'correct horse battery';
const T0 = '2026-03-02T10:00:00.000Z'; // a Monday
const hoursBefore = (h: number) => new Date(new Date(T0).getTime() - h * 3_600_000).toISOString();

describe.each(DIALECTS)('cases API on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  const clock = new ManualClock(T0);
  const webhook = new FakeAdapter('webhook');
  const email = new FakeAdapter('email', () => ({
    ok: false,
    retryable: true,
    error: 'SMTP 451 try again later',
  }));
  let owner: TestClient;
  const users: Record<'ann' | 'ben' | 'ada' | 'vic', string> = { ann: '', ben: '', ada: '', vic: '' };
  let teamId = '';
  const items: Record<string, string> = {};
  const caseOf: Record<string, string> = {};

  const client = async (email: string) => {
    const c = new TestClient(app);
    await c.login(email, PASSWORD);
    c.workspace = owner.workspace;
    return c;
  };
  const ingest = async (list: unknown[]) => {
    const r = await owner.json<{ results: { itemId: string; status: string }[] }>(
      'POST',
      '/api/v1/feedback',
      {
        items: list,
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.results;
  };
  const inbox = async (query = '') =>
    (await owner.json<{ cases: CaseSummary[]; nextCursor: string | null }>('GET', `/api/v1/cases${query}`))
      .body;
  const detail = async (id: string) => (await owner.json<CaseDetail>('GET', `/api/v1/cases/${id}`)).body;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock, channels: { webhook, email } });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: PASSWORD,
        workspaceName: 'Olga Bistro',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    for (const [key, name, role] of [
      ['ann', 'Ann Agent', 'agent'],
      ['ben', 'Ben Agent', 'agent'],
      ['ada', 'Ada Admin', 'admin'],
      ['vic', 'Vic Viewer', 'viewer'],
    ] as const) {
      users[key] = await inviteAndAccept(app, owner, {
        email: `${key}@example.com`,
        name,
        role,
        password: PASSWORD,
      });
    }
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('lets admins set up a team that owns touchpoints; agents may not', async () => {
    const ann = await client('ann@example.com');
    const denied = await ann.json<{ code: string }>('POST', '/api/v1/teams', { name: 'Nope' });
    expect(denied).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const r = await owner.json<{ id: string; key: string; touchpoints: string[]; members: unknown[] }>(
      'POST',
      '/api/v1/teams',
      {
        name: 'Front of house',
        leadUserId: users.ada,
        members: [users.ann, users.ben],
        touchpoints: ['staff', 'delivery', 'product'],
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ key: 'front-of-house', touchpoints: ['delivery', 'product', 'staff'] });
    teamId = r.body.id;
    const bad = await owner.json<{ code: string; errors: { path: string }[] }>(
      'PATCH',
      `/api/v1/teams/${teamId}`,
      {
        touchpoints: ['no-such-touchpoint'],
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('touchpoints.0');
    const list = await ann.json<{ teams: { id: string }[] }>('GET', '/api/v1/teams');
    expect(list.body.teams.map((t) => t.id)).toEqual([teamId]);
  });

  it('opens cases only for negative or urgent public items, detractors and legal threats, ordered by priority', async () => {
    const results = await ingest([
      feedbackInput({
        externalId: 'rude',
        platform: 'google',
        rating: 1,
        text: 'The staff were rude and the waiter ignored us for an hour. Terrible service.',
        author: { handle: 'maria_k', reach: 12_000 },
        postedAt: hoursBefore(3),
      }),
      feedbackInput({
        externalId: 'lovely',
        platform: 'google',
        rating: 5,
        text: 'Lovely dinner, friendly staff, we will come back!',
        postedAt: hoursBefore(2),
      }),
      feedbackInput({
        externalId: 'private-moan',
        platform: 'email',
        rating: undefined,
        text: 'The delivery was late and the soup was cold. Disappointing.',
        author: { handle: 'quiet@example.com' },
        postedAt: hoursBefore(2),
      }),
      feedbackInput({
        externalId: 'nps-3',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 3 },
        text: 'The delivery took forever.',
        author: { handle: 'respondent-9' },
        postedAt: hoursBefore(1),
      }),
      feedbackInput({
        externalId: 'lawyer',
        platform: 'email',
        rating: undefined,
        text: 'The product broke on day one. I will call my lawyer.',
        author: { handle: 'angry@example.com' },
        postedAt: hoursBefore(5),
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created', 'created']);
    for (const [i, key] of ['rude', 'lovely', 'private-moan', 'nps-3', 'lawyer'].entries()) {
      items[key] = results[i]?.itemId ?? '';
    }
    const { cases } = await inbox();
    const opened = new Map(cases.map((c) => [c.item?.id, c]));
    expect([...opened.keys()].sort()).toEqual([items.rude, items['nps-3'], items.lawyer].sort());
    const scores = cases.map((c) => c.priority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const rude = opened.get(items.rude);
    expect(rude?.priority.reasons).toEqual(
      expect.arrayContaining(['public', '12k followers', '1 star', 'waiting 3 h']),
    );
    expect(rude?.priority.explanation).toMatch(/^(urgent|high|normal|low): public, 12k followers/);
    expect(opened.get(items.lawyer)?.priority).toMatchObject({ label: 'urgent' });
    expect(opened.get(items.lawyer)?.priority.reasons).toContain('legal threat');
    expect(opened.get(items['nps-3'])?.priority.reasons).toEqual(
      expect.arrayContaining(['private', 'NPS 3']),
    );
    for (const c of cases) {
      expect(c.sla.dueAt).not.toBeNull();
      expect(c.sla.state).toBe('ok');
      caseOf[c.item?.id ?? ''] = c.id;
    }
    // Public urgent 60 min, high 4 h, normal 24 h; private urgent 2 h (the default SLAs).
    expect(opened.get(items.lawyer)?.sla.dueAt).toBe(
      new Date(new Date(T0).getTime() + 120 * 60_000).toISOString(),
    );
  });

  it('gives two identical complaints the same priority, whatever the customers are worth', async () => {
    const complaint = {
      platform: 'twitter',
      rating: undefined,
      text: 'Waited an hour for a table and the staff were rude. Never again.',
      postedAt: hoursBefore(2),
    };
    const [vip, student] = await ingest([
      feedbackInput({
        ...complaint,
        externalId: 'vip',
        author: { handle: 'platinum_member', name: 'Platinum member', reach: 800 },
        customer: {
          name: 'Lifetime value $250,000, platinum tier',
          identities: [{ kind: 'email', value: 'ceo@bigspender.example' }],
        },
      }),
      feedbackInput({
        ...complaint,
        externalId: 'student',
        author: { handle: 'broke_student', name: 'Student', reach: 800 },
        customer: {
          name: 'First visit, spent $4',
          identities: [{ kind: 'email', value: 'student@uni.example' }],
        },
      }),
    ]);
    const { cases } = await inbox();
    const a = cases.find((c) => c.item?.id === vip?.itemId);
    const b = cases.find((c) => c.item?.id === student?.itemId);
    expect(a?.priority).toBeDefined();
    expect(a?.priority).toEqual(b?.priority);
  });

  it('routes cases to the team that owns the touchpoint and assigns round robin', async () => {
    const { cases } = await inbox();
    const teamCases = cases.filter((c) => c.teamId === teamId);
    expect(teamCases.length).toBeGreaterThanOrEqual(4);
    const counts = new Map<string, number>();
    for (const c of teamCases)
      counts.set(c.assigneeId ?? 'none', (counts.get(c.assigneeId ?? 'none') ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([users.ann, users.ben].sort());
    const [x = 0, y = 0] = [...counts.values()];
    expect(Math.abs(x - y)).toBeLessThanOrEqual(1);
    // "next" hands a case to the team member whose turn it is.
    const some = teamCases[0];
    const before = some?.assigneeId;
    const next = await owner.json<CaseDetail>('PATCH', `/api/v1/cases/${some?.id}`, { assigneeId: 'next' });
    expect(next.status).toBe(200);
    expect([users.ann, users.ben]).toContain(next.body.assigneeId);
    expect(next.body.events.some((e) => e.kind === 'assigned' && e.body.by === 'round_robin')).toBe(true);
    if (before) {
      const back = await owner.json<CaseDetail>('PATCH', `/api/v1/cases/${some?.id}`, { assigneeId: before });
      expect(back.body.assigneeId).toBe(before);
    }
    const mine = await (
      await client('ann@example.com')
    ).json<{ cases: CaseSummary[] }>('GET', '/api/v1/cases?mine=true');
    expect(mine.body.cases.length).toBeGreaterThan(0);
    expect(mine.body.cases.every((c) => c.assigneeId === users.ann)).toBe(true);
    const viewer = await client('vic@example.com');
    expect((await viewer.json('GET', '/api/v1/cases')).status).toBe(200);
    expect((await viewer.json('PATCH', `/api/v1/cases/${some?.id}`, { status: 'waiting' })).status).toBe(403);
  });

  it('pages the inbox with a cursor', async () => {
    const all = (await inbox('?limit=200')).cases;
    const first = await inbox('?limit=2');
    expect(first.cases).toHaveLength(2);
    const second = await inbox(`?limit=200&cursor=${first.nextCursor ?? ''}`);
    expect([...first.cases, ...second.cases].map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(second.nextCursor).toBeNull();
  });

  it('opens a case by hand once, and hides it from other workspaces', async () => {
    type ItemCases = { cases: { id: string; status: string; priority: string }[] };
    const itemUrl = `/api/v1/feedback/${items['private-moan']}`;
    expect((await owner.json<ItemCases>('GET', itemUrl)).body.cases).toEqual([]);
    // Viewers read cases but do not open them.
    const viewer = await client('vic@example.com');
    const denied = await viewer.json('POST', '/api/v1/cases', { itemId: items['private-moan'] });
    expect(denied.status).toBe(403);
    const r = await owner.json<CaseDetail>('POST', '/api/v1/cases', { itemId: items['private-moan'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.events[0]).toMatchObject({ kind: 'opened' });
    // The item links to the case it is in (issue #12), for everyone who may read cases.
    for (const reader of [owner, viewer]) {
      const linked = await reader.json<ItemCases>('GET', itemUrl);
      expect(linked.body.cases.map((k) => [k.id, k.status])).toEqual([[r.body.id, r.body.status]]);
    }
    expect(r.body.items.map((i) => i.id)).toEqual([items['private-moan']]);
    const again = await owner.json<CaseDetail>('POST', '/api/v1/cases', { itemId: items['private-moan'] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(r.body.id);
    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Other place' });
    const elsewhere = new TestClient(app);
    elsewhere.cookie = owner.cookie;
    elsewhere.csrf = owner.csrf;
    elsewhere.workspace = other.body.id;
    expect((await elsewhere.json('GET', `/api/v1/cases/${r.body.id}`)).status).toBe(404);
    expect((await elsewhere.json('PATCH', `/api/v1/cases/${r.body.id}`, { status: 'waiting' })).status).toBe(
      404,
    );
    expect((await elsewhere.json('POST', '/api/v1/cases', { itemId: items['private-moan'] })).status).toBe(
      404,
    );
    expect((await elsewhere.json<{ cases: unknown[] }>('GET', '/api/v1/cases')).body.cases).toEqual([]);
  });

  it('joins a new item of the same author to the open case instead of opening another', async () => {
    const before = (await inbox()).cases.length;
    const [follow] = await ingest([
      feedbackInput({
        externalId: 'rude-2',
        platform: 'google',
        rating: 1,
        text: 'Still no answer about the rude staff. Awful.',
        author: { handle: 'maria_k', reach: 12_000 },
        postedAt: hoursBefore(1),
      }),
    ]);
    expect((await inbox()).cases.length).toBe(before);
    const d = await detail(caseOf[items.rude ?? ''] ?? '');
    expect(d.items.map((i) => i.id)).toEqual([items.rude, follow?.itemId]);
    expect(d.events.some((e) => e.kind === 'joined' && e.body.itemId === follow?.itemId)).toBe(true);
    expect(d.history.map((h) => h.id)).toEqual(expect.arrayContaining([items.rude, follow?.itemId]));
    expect(d.items[0]?.analysis).not.toBeNull();
  });

  it('records notes with @mentions of members', async () => {
    const ann = await client('ann@example.com');
    const id = caseOf[items.rude ?? ''] ?? '';
    const r = await ann.json<{ mentions: { id: string }[] }>('POST', `/api/v1/cases/${id}/notes`, {
      text: '@ben can you call her? cc @ada@example.com and @nobody',
    });
    expect(r.status).toBe(201);
    expect(r.body.mentions.map((m) => m.id).sort()).toEqual([users.ben, users.ada].sort());
    const note = (await detail(id)).events.find((e) => e.kind === 'note');
    expect(note?.mentions.sort()).toEqual([users.ben, users.ada].sort());
  });

  it("invites the customer to the owning team's private contact in a public draft", async () => {
    const id = caseOf[items.rude ?? ''] ?? '';
    const before = await detail(id);
    expect(before.draft?.text).not.toContain('care@olga.example');
    const r = await owner.json<{ contact: string | null }>('PATCH', `/api/v1/teams/${teamId}`, {
      contact: 'care@olga.example',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contact).toBe('care@olga.example');
    const after = await owner.json<CaseDetail & { privateChannel: string | null }>(
      'GET',
      `/api/v1/cases/${id}`,
    );
    expect(after.body.privateChannel).toBe('care@olga.example');
    expect(after.body.draft?.text).toContain('care@olga.example');
    expect(after.body.tone?.ok).toBe(true);
    const bad = await owner.json<{ errors: { path: string }[] }>('PATCH', `/api/v1/teams/${teamId}`, {
      contact: 'x'.repeat(201),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('contact');
  });

  it('writes a draft with the configured LLM, and falls back to the template when its text fails the checks', async () => {
    const id = caseOf[items.rude ?? ''] ?? '';
    const ann = await client('ann@example.com');
    type Written = {
      draft: { text: string; source: string };
      tone: { ok: boolean };
      fallback?: { reason: string };
    };
    const none = await ann.json<Written>('POST', `/api/v1/cases/${id}/draft`);
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect(none.body).toMatchObject({ draft: { source: 'template' }, fallback: { reason: 'no_writer' } });

    const prompts: string[] = [];
    let answer = '';
    rt.replyWriter = {
      model: 'fake-llm',
      write: (input) => {
        prompts.push(input.text);
        return Promise.resolve(answer);
      },
    };
    try {
      answer =
        'We are sorry our waiter was rude to you. We are speaking with the team today and will follow up.';
      const good = await ann.json<Written>('POST', `/api/v1/cases/${id}/draft`);
      expect(good.body.fallback).toBeUndefined();
      expect(good.body.draft).toMatchObject({ text: answer, source: 'fake-llm' });
      expect(prompts[0]).toContain('rude');

      answer =
        'That is not true, our staff are trained professionals. You should have asked for the manager.';
      const bad = await ann.json<Written>('POST', `/api/v1/cases/${id}/draft`);
      expect(bad.body).toMatchObject({
        draft: { source: 'template' },
        tone: { ok: true },
        fallback: { reason: 'tone' },
      });
    } finally {
      rt.replyWriter = undefined;
    }
    const vic = await client('vic@example.com');
    expect((await vic.request('POST', `/api/v1/cases/${id}/draft`)).status).toBe(403);
  });

  it('sends a reply through the outbox exactly once', async () => {
    const id = caseOf[items.rude ?? ''] ?? '';
    const ann = await client('ann@example.com');
    const drafted = await ann.json<CaseDetail>('GET', `/api/v1/cases/${id}`);
    expect(drafted.body.draft).toMatchObject({ language: 'en' });
    expect(drafted.body.draft?.text).toMatch(/Ann/); // signed by the agent who reads it
    expect(drafted.body.tone).toMatchObject({ ok: true });
    const r = await ann.json<{ id: string; status: string; tone: { ok: boolean } }>(
      'POST',
      `/api/v1/cases/${id}/replies`,
      {
        text: 'Maria, we are sorry our staff were rude to you. Could you write to us at care@olga.example?',
        channel: 'webhook',
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('queued');
    expect(r.body.tone.ok).toBe(true);
    // A reply the tone check flags is refused, with the flags, until the agent confirms it.
    const arguing = 'That is simply not true, our staff are never rude. You must have misunderstood.';
    const refused = await ann.json<{ code: string; errors: { path: string; message: string }[] }>(
      'POST',
      `/api/v1/cases/${id}/replies`,
      { text: arguing, channel: 'manual' },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('tone_flagged');
    expect(refused.body.errors.map((e) => e.message.split(':')[0])).toEqual(['arguing']);
    const defensive = await ann.json<{
      id: string;
      status: string;
      tone: { ok: boolean; flags: { code: string }[] };
    }>('POST', `/api/v1/cases/${id}/replies`, { text: arguing, channel: 'manual', confirmTone: true });
    expect(defensive.status, JSON.stringify(defensive.body)).toBe(201);
    expect(defensive.body.status).toBe('draft');
    expect(defensive.body.tone.ok).toBe(false);
    const confirmed = await rt.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'data'])
      .where('target_id', '=', defensive.body.id)
      .execute();
    expect(confirmed.map((a) => a.action)).toEqual(['reply.tone_confirmed']);
    expect(confirmed[0]?.data).toContain('arguing');
    const ref = { workspaceId: owner.workspace ?? '', replyId: r.body.id };
    // Two workers pick the same job at once, then it runs again: one delivery.
    await Promise.all([runJob(rt.jobDefs.repliesSend, ref), runJob(rt.jobDefs.repliesSend, ref)]);
    await runJob(rt.jobDefs.repliesSend, ref);
    expect(webhook.sent.map((s) => s.id)).toEqual([r.body.id]);
    expect(webhook.sent[0]).toMatchObject({ caseId: id, itemId: items.rude });
    const d = await detail(id);
    expect(d.replies).toHaveLength(2);
    expect(d.replies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: r.body.id, status: 'sent', attempts: 1 }),
        expect.objectContaining({ status: 'draft' }),
      ]),
    );
    expect(d.firstResponseAt).toBe(T0);
    expect(d.sla.state).toBe('met');
  });

  it('retries a failing channel with backoff, then shows the failure, never sending twice', async () => {
    const id = caseOf[items['nps-3'] ?? ''] ?? '';
    const r = await owner.json<{ id: string }>('POST', `/api/v1/cases/${id}/replies`, {
      text: 'We are sorry the delivery took so long.',
      channel: 'email',
      to: 'respondent@example.com',
    });
    expect(r.status).toBe(201);
    const ref = { workspaceId: owner.workspace ?? '', replyId: r.body.id };
    await runJob(rt.jobDefs.repliesSend, ref);
    expect(email.sent).toHaveLength(1);
    await runJob(rt.jobDefs.repliesSend, ref); // not due yet: the backoff holds it
    expect(email.sent).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(10);
      await runJob(rt.jobDefs.repliesSend, ref);
    }
    expect(email.sent).toHaveLength(5);
    expect(new Set(email.sent.map((s) => s.id))).toEqual(new Set([r.body.id]));
    const d = await detail(id);
    expect(d.replies[0]).toMatchObject({
      status: 'failed',
      attempts: 5,
      lastError: 'SMTP 451 try again later',
    });
    expect(d.events.some((e) => e.kind === 'reply_failed')).toBe(true);
    expect(d.firstResponseAt).toBeNull();
    clock.set(T0);
  });

  it('marks a case recovered when the author raises the rating from 1 to 4, and counts it', async () => {
    const id = caseOf[items.rude ?? ''] ?? '';
    const [edited] = await ingest([
      feedbackInput({
        externalId: 'rude',
        platform: 'google',
        rating: 4,
        text: 'Update: the manager called me and apologised. Much better now.',
        author: { handle: 'maria_k', reach: 12_000 },
        postedAt: hoursBefore(3),
      }),
    ]);
    expect(edited?.status).toBe('updated');
    const d = await detail(id);
    expect(d).toMatchObject({ status: 'closed', outcome: 'recovered' });
    expect(d.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['version', 'outcome']));
    // A second closed case, resolved: recovery rate 1 of 2.
    const lawyer = caseOf[items.lawyer ?? ''] ?? '';
    const closed = await owner.json<CaseDetail>('POST', `/api/v1/cases/${lawyer}/close`, {
      outcome: 'resolved',
    });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'resolved' });
    const m = await owner.json<{
      total: { recovered: number; resolved: number; closed: number; recoveryRate: number | null };
      teams: { teamId: string | null; recoveryRate: number | null }[];
      agents: { userId: string }[];
    }>('GET', '/api/v1/measures');
    expect(m.status).toBe(200);
    expect(m.body.total).toMatchObject({ recovered: 1, resolved: 1, closed: 2, recoveryRate: 0.5 });
    const board = await owner.json<{ entries: { rank: number; userId: string; points: number }[] }>(
      'GET',
      '/api/v1/leaderboard',
    );
    expect(board.status).toBe(200);
    expect(board.body.entries[0]).toMatchObject({ rank: 1 });
    expect(board.body.entries[0]?.points).toBeGreaterThanOrEqual(1);
  });

  it('escalates a breached SLA to the team lead with a raised priority (time injected)', async () => {
    const id = caseOf[items['nps-3'] ?? ''] ?? '';
    const before = await detail(id);
    expect(before.sla.state).toBe('ok');
    clock.advance(60 * 25); // past the 24 h of a normal private case
    const warn = (await inbox()).cases.find((c) => c.id === id);
    expect(warn?.sla.state).toBe('breached');
    await runJob(rt.jobDefs.casesSlaSweep, {});
    const after = await detail(id);
    expect(after.sla.breachedAt).toBe(clock.now().toISOString());
    expect(after.escalatedAt).toBe(clock.now().toISOString());
    expect(after.assigneeId).toBe(users.ada);
    const order = ['low', 'normal', 'high', 'urgent'];
    expect(order.indexOf(after.priority.label)).toBe(Math.min(3, order.indexOf(before.priority.label) + 1));
    expect(after.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['breach', 'escalated', 'notify']),
    );
    // A second sweep finds nothing new.
    await runJob(rt.jobDefs.casesSlaSweep, {});
    expect((await detail(id)).events.filter((e) => e.kind === 'breach')).toHaveLength(1);
    clock.set(T0);
  });

  it('fails a reply a worker left half-sent, visibly, instead of sending it again', async () => {
    const id = caseOf[items['nps-3'] ?? ''] ?? '';
    const r = await owner.json<{ id: string }>('POST', `/api/v1/cases/${id}/replies`, {
      text: 'Sorry about the wait for your delivery.',
      channel: 'webhook',
    });
    const sentBefore = webhook.sent.length;
    // A worker claims it and dies before it can record the outcome.
    expect(
      await rt.store.replies.claim(owner.workspace ?? '', r.body.id, clock.now().toISOString()),
    ).toBeDefined();
    clock.advance(20);
    await runJob(rt.jobDefs.casesSlaSweep, {});
    await runJob(rt.jobDefs.repliesSend, { workspaceId: owner.workspace ?? '', replyId: r.body.id });
    expect(webhook.sent.length).toBe(sentBefore);
    const d = await detail(id);
    const failed = d.replies.find((x) => x.id === r.body.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toMatch(/interrupted/);
    clock.set(T0);
  });

  it('keeps the playbook and SLA policies per workspace, editable by admins only', async () => {
    const pb = await owner.json<{ isDefault: boolean; rules: { name: string }[] }>('GET', '/api/v1/playbook');
    expect(pb.body.isDefault).toBe(true);
    expect(pb.body.rules.map((r) => r.name)).toContain('Detractor survey answer (NPS 0–6)');
    const ann = await client('ann@example.com');
    expect((await ann.json('PUT', '/api/v1/playbook', { rules: [] })).status).toBe(403);
    const put = await owner.json<{ isDefault: boolean; rules: { name: string }[] }>(
      'PUT',
      '/api/v1/playbook',
      {
        rules: [
          {
            name: 'Every Yelp review of 3 stars or less',
            conditions: { ratingMax: 3, visibility: 'public' },
            actions: { openCase: true, minPriority: 'high' },
          },
        ],
      },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      isDefault: false,
      rules: [{ name: 'Every Yelp review of 3 stars or less' }],
    });
    const sla = await owner.json<{
      policies: { channel: string; priority: string; firstResponseMinutes: number; isDefault: boolean }[];
    }>('PUT', '/api/v1/sla-policies', {
      policies: [
        {
          channel: 'review',
          priority: 'high',
          firstResponseMinutes: 30,
          businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          timezone: 'Europe/Berlin',
        },
      ],
    });
    expect(sla.status, JSON.stringify(sla.body)).toBe(200);
    expect(sla.body.policies.find((p) => p.channel === 'review' && p.priority === 'high')).toMatchObject({
      firstResponseMinutes: 30,
      isDefault: false,
    });
    clock.set('2026-03-06T16:50:00Z'); // Friday 17:50 in Berlin: after hours
    const [meh] = await ingest([
      feedbackInput({
        externalId: 'meh',
        platform: 'yelp',
        rating: 3,
        text: 'It was okay.',
        postedAt: '2026-03-06T16:00:00Z',
      }),
    ]);
    const c = (await inbox()).cases.find((x) => x.item?.id === meh?.itemId);
    expect(c?.priority.label).toBe('high');
    expect(c?.sla.dueAt).toBe('2026-03-09T08:30:00.000Z'); // Monday 9:30 Berlin
    clock.set(T0);
  });

  it('raises the priority of cases whose customers keep waiting (time injected), never one a person set', async () => {
    clock.set('2026-03-10T09:00:00Z');
    const [a, b] = await ingest([
      feedbackInput({
        externalId: 'wait-a',
        platform: 'google',
        rating: 2,
        text: 'Cold food and nobody came to our table. Disappointing.',
        author: { handle: 'patient_pat', reach: 300 },
        postedAt: '2026-03-10T08:55:00Z',
      }),
      feedbackInput({
        externalId: 'wait-b',
        platform: 'google',
        rating: 2,
        text: 'Cold soup and a long wait for the bill. Disappointing.',
        author: { handle: 'patient_sam', reach: 300 },
        postedAt: '2026-03-10T08:55:00Z',
      }),
    ]);
    const find = async (itemId: string | undefined) =>
      (await inbox('?status=active&limit=200')).cases.find((x) => x.item?.id === itemId);
    const caseA = await find(a?.itemId);
    const caseB = await find(b?.itemId);
    expect(caseA && caseB).toBeTruthy();
    const set = await owner.json<CaseDetail>('PATCH', `/api/v1/cases/${caseB?.id}`, {
      priority: { label: 'low', reason: 'the manager called them' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    clock.set('2026-03-13T09:00:00Z'); // three days on, no answer
    await runJob(rt.jobDefs.casesPrioritySweep, {});
    const afterA = await detail(caseA?.id ?? '');
    expect(afterA.priority.score).toBeGreaterThan(caseA?.priority.score ?? Infinity);
    expect(afterA.priority.reasons).toContain('waiting 3 d');
    expect(afterA.updatedAt).toBe(caseA?.updatedAt); // not a person's change
    const afterB = await detail(caseB?.id ?? '');
    // The waiting phrase is written at read time; the score and label a person set stay.
    expect(afterB.priority).toMatchObject({ score: set.body.priority.score, label: 'low' });
    expect(afterB.priority.reasons[0]).toBe('set by hand: the manager called them');
    // A second sweep at the same moment changes nothing.
    await runJob(rt.jobDefs.casesPrioritySweep, {});
    expect((await detail(caseA?.id ?? '')).priority.score).toBe(afterA.priority.score);
    clock.set(T0);
  });

  it('credits the person who replies to or closes an unassigned case: it becomes theirs', async () => {
    const [a, b] = await ingest([
      feedbackInput({
        externalId: 'credit-reply',
        platform: 'email',
        text: 'Do you take bookings for twelve people on Saturday?',
        author: { handle: 'quinn@example.com' },
        postedAt: hoursBefore(2),
      }),
      feedbackInput({
        externalId: 'credit-close',
        platform: 'email',
        text: 'Is there parking near the restaurant?',
        author: { handle: 'rosa@example.com' },
        postedAt: hoursBefore(2),
      }),
    ]);
    const unassigned = async (itemId: string | undefined) => {
      const opened = await owner.json<CaseDetail>('POST', '/api/v1/cases', { itemId });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      const r = await owner.json<CaseDetail>('PATCH', `/api/v1/cases/${opened.body.id}`, {
        assigneeId: null,
      });
      expect(r.body.assigneeId).toBeNull();
      return opened.body.id;
    };
    const replied = await unassigned(a?.itemId);
    const closed = await unassigned(b?.itemId);

    const ann = await client('ann@example.com');
    const reply = await ann.json('POST', `/api/v1/cases/${replied}/replies`, {
      text: 'Hello Quinn, yes: we take bookings for twelve on Saturday, from 18:00. Shall I note one?',
      channel: 'manual',
      posted: true,
      confirmTone: true,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const afterReply = await detail(replied);
    expect(afterReply.assigneeId).toBe(users.ann);
    expect(afterReply.events.find((e) => e.kind === 'assigned')?.body).toMatchObject({
      to: users.ann,
      from: null,
      by: 'reply',
    });

    const ben = await client('ben@example.com');
    const close = await ben.json<CaseDetail>('POST', `/api/v1/cases/${closed}/close`, {
      outcome: 'resolved',
    });
    expect(close.body).toMatchObject({ status: 'closed', assigneeId: users.ben });
    const board = await owner.json<{ entries: { userId: string; resolved: number }[] }>(
      'GET',
      '/api/v1/leaderboard',
    );
    expect(board.body.entries.find((e) => e.userId === users.ben)?.resolved).toBeGreaterThanOrEqual(1);

    // An assigned case keeps its assignee when someone else closes it.
    const kept = await ann.json<CaseDetail>('POST', `/api/v1/cases/${replied}/close`, {
      outcome: 'resolved',
    });
    expect(kept.body.assigneeId).toBe(users.ann);
    const again = await ben.json<CaseDetail>('PATCH', `/api/v1/cases/${replied}`, { status: 'open' });
    expect(again.status).toBe(200);
    const other = await ben.json<CaseDetail>('POST', `/api/v1/cases/${replied}/close`, {
      outcome: 'resolved',
    });
    expect(other.body.assigneeId).toBe(users.ann);
  });

  it('reads a Spanish review and a French threat in their language, and drafts the replies in it', async () => {
    const [es, fr] = await ingest([
      feedbackInput({
        externalId: 'es-1',
        platform: 'google',
        rating: 2,
        text: 'La comida estaba deliciosa pero el camarero fue muy grosero. Nunca más.',
        author: { handle: 'lucia_m', reach: 800 },
        postedAt: hoursBefore(2),
      }),
      feedbackInput({
        externalId: 'fr-1',
        platform: 'email',
        rating: undefined,
        text: 'Livraison en retard et produit cassé. Je vais porter plainte auprès de mon avocat.',
        author: { handle: 'client@example.fr' },
        postedAt: hoursBefore(1),
      }),
    ]);
    type Analysed = {
      analysis: {
        language: string;
        sentiment: { label: string };
        touchpoints: { key: string; sentiment: { label: string } }[];
        intents: { intent: string }[];
      };
    };
    const item = await owner.json<Analysed>('GET', `/api/v1/feedback/${es?.itemId}`);
    expect(item.body.analysis).toMatchObject({ language: 'es', sentiment: { label: 'negative' } });
    expect(
      Object.fromEntries(item.body.analysis.touchpoints.map((t) => [t.key, t.sentiment.label])),
    ).toMatchObject({ product: 'positive', staff: 'negative' });
    expect(item.body.analysis.intents.map((i) => i.intent)).toContain('churn_threat');

    const { cases } = await inbox('?status=active&limit=200');
    const esCase = await detail(cases.find((c) => c.item?.id === es?.itemId)?.id ?? '');
    expect(esCase.draft).toMatchObject({ language: 'es' });
    expect(esCase.draft?.text).toMatch(/^(?:Hola|Buenos días),/u);
    expect(esCase.draft?.text).toContain('nuestro personal');
    expect(esCase.tone).toMatchObject({ ok: true });
    // A private e-mail: opened by hand (an earlier test left a playbook for public reviews only).
    const opened = await owner.json<CaseDetail>('POST', '/api/v1/cases', { itemId: fr?.itemId });
    expect(opened.status, JSON.stringify(opened.body)).toBeLessThan(300);
    const frCase = await detail(opened.body.id);
    expect(frCase.priority.reasons).toContain('legal threat');
    expect(frCase.draft).toMatchObject({ language: 'fr' });
    expect(frCase.draft?.text).toMatch(/^Bonjour,/u);
    expect(frCase.tone).toMatchObject({ ok: true });
  });
});
