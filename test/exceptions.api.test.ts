import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseOutcome } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { inviteAndAccept } from './helpers/members.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

interface ExceptionType {
  id: string;
  key: string;
  currency: string;
  limits: { agent: number | null; admin: number | null; owner: number | null };
}
interface Exception {
  id: string;
  status: string;
  amount: number;
  currency: string;
  caseId: string | null;
  itemId: string | null;
  requestedBy: { id: string } | null;
  decidedBy: { id: string } | null;
  case: { status: string; outcome: string | null } | null;
}
interface Sum {
  currency: string;
  count: number;
  amount: number;
}
interface Ledger {
  exceptions: Exception[];
  total: number;
  totals: {
    given: Sum[];
    pending: Sum[];
    rejected: Sum[];
    byType: (Sum & { key: string })[];
    byOutcome: (Sum & { outcome: string })[];
  };
  recovery: {
    withException: { closed: number; recovered: number; rate: number | null };
    withoutException: { closed: number; recovered: number; rate: number | null };
  };
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('exceptions API on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let ann: TestClient; // agent
  let ada: TestClient; // admin
  let abe: TestClient; // a second admin
  let vic: TestClient; // viewer
  const users: Record<string, string> = {};
  let goodwill: ExceptionType;
  let occasion: ExceptionType;
  const cases: Record<string, string> = {};

  const client = async (email: string) => {
    const c = new TestClient(app);
    await c.login(email, PASSWORD);
    c.workspace = owner.workspace;
    return c;
  };
  const grant = (c: TestClient, body: Record<string, unknown>) =>
    c.json<Exception & Problem>('POST', '/api/v1/exceptions', { reason: 'sorry about the wait', ...body });
  const ledger = async (query = '') => (await owner.json<Ledger>('GET', `/api/v1/exceptions${query}`)).body;

  /** A case on a new item of the workspace, closed with `outcome` (or left open). */
  async function caseWith(outcome: CaseOutcome | null): Promise<string> {
    const r = await owner.json<{ results: { itemId: string }[] }>('POST', '/api/v1/feedback', {
      items: [feedbackInput({ text: 'Lovely evening, thank you.', rating: 5 })],
    });
    const itemId = r.body.results[0]?.itemId ?? '';
    const ws = owner.workspace ?? '';
    const item = await rt.store.feedback.get(ws, itemId);
    if (!item) throw new Error('item not stored');
    const id = randomUUID();
    const at = new Date().toISOString();
    await rt.store.cases.insertMany(ws, [
      {
        id,
        itemId,
        customerId: item.customerId,
        authorHandle: item.author.handle,
        platform: item.platform,
        channel: item.channel,
        brandId: item.brand.id,
        touchpointKey: null,
        teamId: null,
        assigneeId: null,
        priority: { score: 50, label: 'normal', reasons: [] },
        openedBy: { type: 'user', id: users.ann ?? null },
        openedAt: at,
        dueAt: null,
        atOpen: { sentimentScore: null, sentimentLabel: null, rating: 5, nps: null },
        reach: null,
      },
    ]);
    if (outcome !== null) {
      await rt.store.cases.update(ws, id, { status: 'closed', outcome, closedAt: at, updatedAt: at });
    }
    return id;
  }

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; user: { id: string }; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga Owner', email: 'olga@example.com', password: PASSWORD, workspaceName: 'Olga Cruises' },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    users.olga = setup.body.user.id;
    for (const [key, name, role] of [
      ['ann', 'Ann Agent', 'agent'],
      ['ada', 'Ada Admin', 'admin'],
      ['abe', 'Abe Admin', 'admin'],
      ['vic', 'Vic Viewer', 'viewer'],
    ] as const) {
      users[key] = await inviteAndAccept(app, owner, {
        email: `${key}@example.com`,
        name,
        role,
        password: PASSWORD,
      });
    }
    ann = await client('ann@example.com');
    ada = await client('ada@example.com');
    abe = await client('abe@example.com');
    vic = await client('vic@example.com');
    for (const outcome of ['recovered', 'lost', 'recovered', 'lost', 'lost', 'resolved'] as const) {
      cases[`${outcome}${Object.keys(cases).length}`] = await caseWith(outcome);
    }
    cases.open = await caseWith(null);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('starts a workspace with the default exception types and a policy', async () => {
    const r = await ann.json<{ exceptionTypes: ExceptionType[] }>('GET', '/api/v1/exception-types');
    expect(r.status).toBe(200);
    expect(r.body.exceptionTypes.map((t) => t.key).sort()).toEqual([
      'fee-waiver',
      'goodwill-credit',
      'special-occasion',
    ]);
    goodwill = r.body.exceptionTypes.find((t) => t.key === 'goodwill-credit') as ExceptionType;
    occasion = r.body.exceptionTypes.find((t) => t.key === 'special-occasion') as ExceptionType;
    expect(goodwill.limits).toEqual({ agent: 2500, admin: 20000, owner: null });
    expect(goodwill.currency).toBe('USD');
    const p = await vic.json<{ policies: { key: string }[] }>('GET', '/api/v1/policies');
    expect(p.body.policies.map((x) => x.key)).toEqual(['service-recovery']);
  });

  it('an agent grants within the limit and asks above it; agents and viewers cannot approve', async () => {
    const within = await grant(ann, { typeId: goodwill.id, amount: 2000, caseId: cases.recovered0 });
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    expect(within.body).toMatchObject({ status: 'granted', amount: 2000, currency: 'USD' });
    expect(within.body.decidedBy?.id).toBe(users.ann);
    expect(within.body.case).toEqual({ status: 'closed', outcome: 'recovered' });
    expect(within.body.itemId).not.toBeNull();

    const atLimit = await grant(ann, { typeId: goodwill.id, amount: 2500 }); // the limit is inclusive
    expect(atLimit.body.status).toBe('granted');

    const above = await grant(ann, { typeId: goodwill.id, amount: 4000, caseId: cases.lost1 });
    expect(above.status).toBe(201);
    expect(above.body).toMatchObject({ status: 'pending', decidedBy: null });

    const byAgent = await ann.json<Problem>('POST', `/api/v1/exceptions/${above.body.id}/approve`);
    expect(byAgent.status).toBe(403);
    expect((await vic.json<Problem>('POST', `/api/v1/exceptions/${above.body.id}/reject`)).status).toBe(403);
    expect((await grant(vic, { typeId: goodwill.id, amount: 100 })).status).toBe(403);

    const approved = await ada.json<Exception>('POST', `/api/v1/exceptions/${above.body.id}/approve`, {
      note: 'fair, the ship was late',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', amount: 4000 });
    expect(approved.body.decidedBy?.id).toBe(users.ada);
    expect(approved.body.requestedBy?.id).toBe(users.ann);

    const again = await abe.json<Problem>('POST', `/api/v1/exceptions/${above.body.id}/approve`);
    expect(again.status).toBe(409);
  });

  it('an admin cannot approve their own request nor one above their limit; an owner can', async () => {
    const own = await grant(ada, { typeId: goodwill.id, amount: 30000, caseId: cases.recovered2 });
    expect(own.body.status).toBe('pending'); // above the admin limit of 200.00
    expect((await ada.json<Problem>('POST', `/api/v1/exceptions/${own.body.id}/approve`)).status).toBe(403);
    const other = await abe.json<Problem>('POST', `/api/v1/exceptions/${own.body.id}/approve`);
    expect(other.status).toBe(403); // 300.00 is above Abe's limit too
    const byOwner = await owner.json<Exception>('POST', `/api/v1/exceptions/${own.body.id}/approve`);
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.status).toBe('approved');

    const small = await grant(ann, { typeId: occasion.id, amount: 9000, caseId: cases.lost3 });
    expect(small.body.status).toBe('pending');
    const rejected = await abe.json<Exception>('POST', `/api/v1/exceptions/${small.body.id}/reject`);
    expect(rejected.body.status).toBe('rejected');

    const waiting = await grant(ann, { typeId: goodwill.id, amount: 3100, caseId: cases.open });
    expect(waiting.body.status).toBe('pending');
    // An owner grants anything without asking.
    expect((await grant(owner, { typeId: occasion.id, amount: 100000 })).body.status).toBe('granted');
  });

  it('refuses invalid amounts and inputs naming the field', async () => {
    for (const amount of [-1, 12.5, '10', null, 2_000_000_000]) {
      const r = await grant(ann, { typeId: goodwill.id, amount });
      expect(r.status, String(amount)).toBe(400);
      expect(r.body.errors?.map((e) => e.path)).toContain('amount');
    }
    const noReason = await grant(ann, { typeId: goodwill.id, amount: 100, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.map((e) => e.path)).toEqual(['reason']);
    const currency = await grant(ann, { typeId: goodwill.id, amount: 100, currency: 'EUR' });
    expect(currency.body.errors?.map((e) => e.path)).toEqual(['currency']);
    const limits = await owner.json<Problem>('PATCH', `/api/v1/exception-types/${goodwill.id}`, {
      limits: { agent: -5, admin: 100, owner: null },
    });
    expect(limits.status).toBe(400);
    expect(limits.body.errors?.map((e) => e.path)).toEqual(['limits.agent']);
  });

  it('keeps the ledger totals exact: given apart from pending and rejected, by type and by outcome', async () => {
    const l = await ledger();
    expect(l.total).toBe(7);
    // Given: 2000 + 2500 (granted by Ann) + 4000 (approved by Ada) + 30000 (approved by Olga) + 100000 (Olga).
    expect(l.totals.given).toEqual([{ currency: 'USD', count: 5, amount: 138500 }]);
    expect(l.totals.pending).toEqual([{ currency: 'USD', count: 1, amount: 3100 }]);
    expect(l.totals.rejected).toEqual([{ currency: 'USD', count: 1, amount: 9000 }]);
    expect(l.totals.byType.map((t) => [t.key, t.count, t.amount])).toEqual([
      ['goodwill-credit', 4, 38500],
      ['special-occasion', 1, 100000],
    ]);
    expect(l.totals.byOutcome.map((o) => [o.outcome, o.count, o.amount])).toEqual([
      ['recovered', 2, 32000],
      ['lost', 1, 4000],
      ['no_case', 2, 102500],
    ]);
    // Closed cases: with a given exception recovered0, lost1, recovered2 (2 of 3 recovered);
    // without: lost3 (its exception was rejected), lost4, resolved5 (0 of 3).
    expect(l.recovery.withException).toEqual({ closed: 3, recovered: 2, rate: 2 / 3 });
    expect(l.recovery.withoutException).toEqual({ closed: 3, recovered: 0, rate: 0 });

    const pending = await ledger('?status=pending');
    expect(pending.exceptions.map((e) => e.amount)).toEqual([3100]);
    expect(pending.totals.given).toEqual([]);
    const ofCase = await ledger(`?caseId=${cases.lost1}`);
    expect(ofCase.exceptions.map((e) => [e.status, e.case?.outcome])).toEqual([['approved', 'lost']]);
    const ofType = await ledger(`?typeId=${occasion.id}&limit=1`);
    expect(ofType.total).toBe(2);
    expect(ofType.exceptions).toHaveLength(1);
  });

  it('admins manage policies and exception types; agents cannot', async () => {
    const put = await ada.json<{ policies: { id: string; key: string; name: string }[] }>(
      'PUT',
      '/api/v1/policies',
      {
        policies: [
          { key: 'service-recovery', name: 'Service recovery', description: 'Make it right.' },
          { key: 'birthdays', name: 'Birthdays on board', description: 'A photo with the captain.' },
        ],
      },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.policies.map((p) => p.key)).toEqual(['birthdays', 'service-recovery']);
    expect((await ann.json('PUT', '/api/v1/policies', { policies: [] })).status).toBe(403);
    const birthdays = put.body.policies.find((p) => p.key === 'birthdays');

    const created = await ada.json<ExceptionType & { policyId: string }>('POST', '/api/v1/exception-types', {
      key: 'captain-photo',
      name: 'Photo with the captain',
      kind: 'special_occasion',
      currency: 'EUR',
      policyId: birthdays?.id,
      limits: { agent: 0, admin: 1000, owner: null },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.policyId).toBe(birthdays?.id);
    expect(
      (await ada.json('POST', '/api/v1/exception-types', { key: 'captain-photo', name: 'x', kind: 'other' }))
        .status,
    ).toBe(409);
    expect(
      (await ann.json('POST', '/api/v1/exception-types', { key: 'x', name: 'x', kind: 'other' })).status,
    ).toBe(403);

    // A limit of 0: a gesture that costs nothing is granted, anything that costs waits for approval.
    const free = await grant(ann, { typeId: created.body.id, amount: 0 });
    expect(free.body.status).toBe('granted');
    const euros = await grant(ann, { typeId: created.body.id, amount: 500 });
    expect(euros.body).toMatchObject({ status: 'pending', currency: 'EUR' });
    const l = await ledger();
    expect(l.totals.pending).toEqual([
      { currency: 'EUR', count: 1, amount: 500 },
      { currency: 'USD', count: 1, amount: 3100 },
    ]);

    const off = await ada.json<{ active: boolean }>('PATCH', `/api/v1/exception-types/${created.body.id}`, {
      active: false,
    });
    expect(off.body.active).toBe(false);
    const refused = await grant(ann, { typeId: created.body.id, amount: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.path)).toEqual(['typeId']);
  });

  it('lets only one of two simultaneous approvals win, and logs every step in the audit log', async () => {
    const asked = await grant(ann, { typeId: goodwill.id, amount: 2600 });
    expect(asked.body.status).toBe('pending');
    const answers = await Promise.all([
      ada.json<Exception>('POST', `/api/v1/exceptions/${asked.body.id}/approve`),
      abe.json<Exception>('POST', `/api/v1/exceptions/${asked.body.id}/approve`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const actions = await rt.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', asked.body.id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['exception.approve', 'exception.request']);
    const granted = await rt.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['exception.grant', 'exception.reject'])
      .execute();
    expect(granted.length).toBeGreaterThan(0);
  });

  it("answers 404 for another workspace's ids", async () => {
    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Other Line' });
    const mine = owner.workspace;
    const elsewhere = new TestClient(app);
    await elsewhere.login('olga@example.com', PASSWORD);
    elsewhere.workspace = other.body.id;
    const theirTypes = await elsewhere.json<{ exceptionTypes: ExceptionType[] }>(
      'GET',
      '/api/v1/exception-types',
    );
    const theirGoodwill = theirTypes.body.exceptionTypes.find((t) => t.key === 'goodwill-credit');
    expect(theirGoodwill?.id).not.toBe(goodwill.id);

    expect((await grant(elsewhere, { typeId: goodwill.id, amount: 100 })).status).toBe(404);
    expect(
      (await grant(elsewhere, { typeId: theirGoodwill?.id, amount: 100, caseId: cases.open })).status,
    ).toBe(404);
    const pending = (await ledger('?status=pending')).exceptions[0];
    expect((await elsewhere.json('POST', `/api/v1/exceptions/${pending?.id}/approve`)).status).toBe(404);
    expect(
      (await elsewhere.json('PATCH', `/api/v1/exception-types/${goodwill.id}`, { active: false })).status,
    ).toBe(404);
    expect((await elsewhere.json<Ledger>('GET', '/api/v1/exceptions')).body.total).toBe(0);
    expect(owner.workspace).toBe(mine);
  });
});
