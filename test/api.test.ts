import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, createWorkspace } from '../src/core/auth/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { inviteAndAccept } from './helpers/members.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const OWNER = {
  name: 'Olga Owner',
  email: 'olga@example.com',
  password: 'correct horse battery',
  workspaceName: 'Olga Cafe',
};

describe.each(DIALECTS)('HTTP API on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let key: string;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('answers /healthz with the database reachable', async () => {
    const r = await owner.json('GET', '/healthz');
    expect(r).toMatchObject({ status: 200, body: { status: 'ok', database: dialect } });
  });

  it('sets up the owner once, with field errors for bad input', async () => {
    expect((await owner.json('GET', '/api/v1/setup')).body).toEqual({ needed: true });
    const weak = await owner.json<{ code: string; errors: { path: string }[] }>('POST', '/api/v1/setup', {
      ...OWNER,
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(weak.body.code).toBe('validation_failed');
    expect(weak.body.errors.map((e) => e.path)).toEqual(['password']);
    const ok = await owner.json<{ csrfToken: string; workspaces: { id: string; role: string }[] }>(
      'POST',
      '/api/v1/setup',
      OWNER,
    );
    expect(ok.status).toBe(201);
    expect(ok.res.headers.get('set-cookie')).toMatch(/tp_session=.+HttpOnly/i);
    expect(ok.body.workspaces).toEqual([expect.objectContaining({ name: 'Olga Cafe', role: 'owner' })]);
    owner.csrf = ok.body.csrfToken;
    owner.workspace = ok.body.workspaces[0]?.id;
    expect((await owner.json('GET', '/api/v1/setup')).body).toEqual({ needed: false });
    const again = await new TestClient(app).json<{ code: string }>('POST', '/api/v1/setup', {
      ...OWNER,
      email: 'x@example.com',
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'setup_already_done' } });
  });

  it('logs in and out; wrong passwords and unknown emails look the same', async () => {
    const c = new TestClient(app);
    const wrong = await c.json<{ code: string }>('POST', '/api/v1/auth/login', {
      email: OWNER.email,
      password: 'nope nope nope',
    });
    const unknown = await c.json<{ code: string }>('POST', '/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: 'nope nope nope',
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    expect(unknown.body.code).toBe(wrong.body.code);
    await c.login(OWNER.email, OWNER.password);
    expect((await c.json('GET', '/api/v1/me')).status).toBe(200);
    expect((await c.json('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await c.json<{ code: string }>('GET', '/api/v1/me')).body.code).toBe('unauthenticated');
  });

  it('refuses unauthenticated calls and cookie calls without the CSRF token', async () => {
    const anon = await new TestClient(app).json<{ code: string; requestId: string }>(
      'GET',
      '/api/v1/feedback',
    );
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('unauthenticated');
    expect(anon.body.requestId).toBe(anon.res.headers.get('x-request-id'));
    const noCsrf = new TestClient(app);
    noCsrf.cookie = owner.cookie;
    noCsrf.workspace = owner.workspace;
    const r = await noCsrf.json<{ code: string }>('POST', '/api/v1/keys', {
      name: 'x',
      scopes: ['feedback:read'],
    });
    expect(r).toMatchObject({ status: 403, body: { code: 'csrf_failed' } });
    const bad = new TestClient(app);
    bad.bearer = 'tp_not_a_real_key';
    expect((await bad.json('GET', '/api/v1/feedback')).status).toBe(401);
  });

  it('creates an API key shown once and stored hashed', async () => {
    const r = await owner.json<{ key: string; apiKey: { id: string; prefix: string } }>(
      'POST',
      '/api/v1/keys',
      {
        name: 'ingest',
        scopes: ['feedback:read', 'feedback:write'],
      },
    );
    expect(r.status).toBe(201);
    key = r.body.key;
    expect(key).toMatch(/^tp_/);
    const listed = await owner.json<{ keys: Record<string, unknown>[] }>('GET', '/api/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.keys[0]).toMatchObject({ id: r.body.apiKey.id, prefix: key.slice(0, 10) });
  });

  it('ingests idempotently: the same item twice is one item; an edited rating makes a second version', async () => {
    const api = new TestClient(app);
    api.bearer = key;
    const item = feedbackInput({
      externalId: 'rev-1',
      rating: 4,
      text: 'Good coffee and a nice terrace, but the service was slow.',
    });
    const first = await api.json<{ results: { status: string; itemId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      item,
    );
    expect(first.status).toBe(200);
    expect(first.body.results[0]?.status).toBe('created');
    const second = await api.json<{ results: { status: string }[] }>('POST', '/api/v1/feedback', item);
    expect(second.body.results[0]?.status).toBe('unchanged');
    const edited = await api.json<{ results: { status: string; version: number }[] }>(
      'POST',
      '/api/v1/feedback',
      { ...item, rating: 2 },
    );
    expect(edited.body.results[0]).toMatchObject({ status: 'updated', version: 2 });
    const list = await api.json<{ items: { externalId: string }[] }>(
      'GET',
      '/api/v1/feedback?platform=google',
    );
    expect(list.body.items.filter((i) => i.externalId === 'rev-1')).toHaveLength(1);
    const detail = await api.json<{
      version: number;
      versions: { rating: number }[];
      analysis: { language: string };
    }>('GET', `/api/v1/feedback/${first.body.results[0]?.itemId}`);
    expect(detail.body.version).toBe(2);
    expect(detail.body.versions.map((v) => v.rating)).toEqual([2, 4]);
    expect(detail.body.analysis.language).toBe('en');
  });

  it('answers a batch per item, and refuses more than 1,000 items', async () => {
    const api = new TestClient(app);
    api.bearer = key;
    const r = await api.json<{
      results: { status: string; reason?: string }[];
      summary: Record<string, number>;
    }>('POST', '/api/v1/feedback', {
      items: [feedbackInput(), { ...feedbackInput(), url: 'not a url' }, feedbackInput()],
    });
    expect(r.body.results.map((x) => x.status)).toEqual(['created', 'rejected', 'created']);
    expect(r.body.results[1]?.reason).toMatch(/^url: /);
    expect(r.body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const tooMany = await api.json<{ code: string }>('POST', '/api/v1/feedback', {
      items: Array.from({ length: 1001 }, () => feedbackInput()),
    });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const notJson = await api.request('POST', '/api/v1/feedback', '{"items": [', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
  });

  it('holds API keys to their scopes and honours revocation', async () => {
    const made = await owner.json<{ key: string; apiKey: { id: string } }>('POST', '/api/v1/keys', {
      name: 'read-only',
      scopes: ['feedback:read'],
    });
    const ro = new TestClient(app);
    ro.bearer = made.body.key;
    expect((await ro.json('GET', '/api/v1/feedback')).status).toBe(200);
    expect((await ro.json<{ code: string }>('POST', '/api/v1/feedback', feedbackInput())).body.code).toBe(
      'forbidden',
    );
    expect((await owner.json('DELETE', `/api/v1/keys/${made.body.apiKey.id}`)).status).toBe(204);
    expect((await ro.json('GET', '/api/v1/feedback')).status).toBe(401);
  });

  it("writes a key's last use down at most once a minute, not on every request", async () => {
    const made = await owner.json<{ key: string; apiKey: { id: string } }>('POST', '/api/v1/keys', {
      name: 'last-use',
      scopes: ['feedback:read'],
    });
    const api = new TestClient(app);
    api.bearer = made.body.key;
    const lastUse = async () =>
      (
        await owner.json<{ keys: { id: string; lastUsedAt: string | null }[] }>('GET', '/api/v1/keys')
      ).body.keys.find((k) => k.id === made.body.apiKey.id)?.lastUsedAt;
    expect(await lastUse()).toBeNull();
    expect((await api.json('GET', '/api/v1/feedback')).status).toBe(200);
    const first = await lastUse();
    expect(first).not.toBeNull();
    const started = Date.parse(first ?? '');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(started + 59_000);
      expect((await api.json('GET', '/api/v1/feedback')).status).toBe(200);
      expect(await lastUse()).toBe(first);
      vi.setSystemTime(started + 61_000);
      expect((await api.json('GET', '/api/v1/feedback')).status).toBe(200);
      expect(await lastUse()).toBe(new Date(started + 61_000).toISOString());
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists with filters, full-text search, sort and cursor pages; counts agree', async () => {
    const api = new TestClient(app);
    api.bearer = key;
    await api.json('POST', '/api/v1/feedback', {
      items: [
        feedbackInput({
          externalId: 'q-de',
          platform: 'trustpilot',
          text: 'Die Lieferung kam drei Tage zu spät, sehr enttäuschend.',
          rating: 1,
        }),
        feedbackInput({
          externalId: 'q-zh',
          platform: 'trustpilot',
          text: '快递很快，包装也很好，非常满意。',
          rating: 5,
        }),
        feedbackInput({
          externalId: 'q-en',
          platform: 'trustpilot',
          text: 'Delivery was fast and the support team was lovely.',
          rating: 5,
        }),
      ],
    });
    const ids = async (qs: string) =>
      (await api.json<{ items: { externalId: string }[] }>('GET', `/api/v1/feedback?${qs}`)).body.items.map(
        (i) => i.externalId,
      );
    expect(await ids('q=Lieferung')).toEqual(['q-de']);
    expect(await ids(`q=${encodeURIComponent('包装')}`)).toEqual(['q-zh']);
    expect((await ids('platform=trustpilot&sort=-rating')).at(-1)).toBe('q-de');
    expect(await ids('platform=trustpilot&ratingMax=2')).toEqual(['q-de']);
    const bad = await api.json<{ code: string; errors: { path: string }[] }>(
      'GET',
      '/api/v1/feedback?sentiment=angry&limit=0',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['limit', 'sentiment']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.json(
        'GET',
        `/api/v1/feedback?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const counts = await api.json<{ total: number }>('GET', '/api/v1/feedback/counts');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(counts.body.total);
  });

  it('renames a brand keeping its slug, and refuses a name another brand has', async () => {
    const brands = (await owner.json<{ brands: { id: string; slug: string }[] }>('GET', '/api/v1/brands'))
      .body.brands;
    const first = brands[0];
    const renamed = await owner.json<{ name: string; slug: string; kind: string }>(
      'PATCH',
      `/api/v1/brands/${first?.id}`,
      {
        name: 'Olga Coffee House',
        kind: 'competitor',
      },
    );
    expect(renamed.body).toMatchObject({ name: 'Olga Coffee House', slug: first?.slug, kind: 'competitor' });
    const api = new TestClient(app);
    api.bearer = key;
    await api.json('POST', '/api/v1/feedback', feedbackInput({ externalId: 'brand-2', brand: 'Harbor Two' }));
    const two = (
      await owner.json<{ brands: { id: string; name: string }[] }>('GET', '/api/v1/brands')
    ).body.brands.find((b) => b.name === 'Harbor Two');
    const clash = await owner.json<{ code: string }>('PATCH', `/api/v1/brands/${two?.id}`, {
      name: 'Olga Coffee House',
    });
    expect(clash).toMatchObject({ status: 409, body: { code: 'conflict' } });
    await owner.json('PATCH', `/api/v1/brands/${first?.id}`, { kind: 'own' });
  });

  it('imports an uploaded CSV, reporting malformed rows with their lines', async () => {
    const csv = [
      'id,text,rating,date,author',
      'c1,Great pasta and friendly staff,5,2025-05-01,ann',
      'c2,Cold soup,2,2025-05-02,ben',
      'c3,Nice,9,2025-05-03,cat',
      '',
    ].join('\n');
    const created = await owner.json<{ id: string; status: string }>('POST', '/api/v1/imports', {
      filename: 'reviews.csv',
      size: csv.length,
      platform: 'yelp',
    });
    expect(created.body.status).toBe('waiting');
    const done = await owner.json<{
      status: string;
      created: number;
      rejected: number;
      rejections: { line: number; reason: string }[];
    }>('PUT', `/api/v1/imports/${created.body.id}/file`, csv);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', created: 2, rejected: 1 });
    expect(done.body.rejections).toEqual([{ line: 4, reason: expect.stringMatching(/rating/) as string }]);
    const again = await owner.json<{ code: string }>('PUT', `/api/v1/imports/${created.body.id}/file`, csv);
    expect(again).toMatchObject({ status: 409, body: { code: 'conflict' } });
  });

  it('lets the owner invite, re-role and remove members; a viewer reads but cannot write or manage', async () => {
    const veraId = await inviteAndAccept(app, owner, {
      email: 'Vera@Example.com',
      role: 'viewer',
      name: 'Vera Viewer',
      password: 'viewer password 1',
    });
    const badEmail = await owner.json<{ code: string; errors: { path: string }[] }>(
      'POST',
      '/api/v1/members',
      {
        email: 'not an address',
        role: 'agent',
      },
    );
    expect(badEmail).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(badEmail.body.errors.map((e) => e.path)).toEqual(['email']);
    const vera = new TestClient(app);
    await vera.login('vera@example.com', 'viewer password 1');
    expect(vera.workspace).toBe(owner.workspace);
    expect((await vera.json('GET', '/api/v1/feedback')).status).toBe(200);
    expect(
      (await vera.json<{ code: string }>('POST', '/api/v1/imports', { filename: 'x.csv' })).body.code,
    ).toBe('forbidden');
    expect(
      (
        await vera.json<{ code: string }>('POST', '/api/v1/members', {
          email: 'x@example.com',
          role: 'owner',
        })
      ).body.code,
    ).toBe('forbidden');
    expect(
      (await vera.json<{ code: string }>('POST', '/api/v1/keys', { name: 'v', scopes: ['feedback:read'] }))
        .body.code,
    ).toBe('forbidden');
    const members = await owner.json<{ members: { user: { id: string; email: string }; role: string }[] }>(
      'GET',
      '/api/v1/members',
    );
    const me = members.body.members.find((m) => m.user.email === OWNER.email);
    expect(members.body.members.map((m) => m.role).sort()).toEqual(['owner', 'viewer']);
    const lastOwner = await owner.json<{ code: string }>('PATCH', `/api/v1/members/${me?.user.id}`, {
      role: 'admin',
    });
    expect(lastOwner).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect((await owner.json('PATCH', `/api/v1/members/${veraId}`, { role: 'admin' })).status).toBe(204);
    expect((await vera.json('GET', '/api/v1/keys')).status).toBe(200);
    expect((await owner.json('DELETE', `/api/v1/members/${veraId}`)).status).toBe(204);
    expect((await vera.json<{ code: string }>('GET', '/api/v1/feedback')).body.code).toBe(
      'workspace_not_found',
    );
  });

  it('keeps workspace B from reading, searching, counting or changing anything of A', async () => {
    const stranger = await createUser(
      rt.store,
      { email: 'bruno@example.com', name: 'Bruno', password: 'another long password' },
      { type: 'system', id: null },
    );
    const wsB = await createWorkspace(
      rt.store,
      { name: 'Bruno Bikes', ownerId: stranger.id },
      { type: 'system', id: null },
    );
    const b = new TestClient(app);
    await b.login('bruno@example.com', 'another long password');
    expect(b.workspace).toBe(wsB.id);
    const bKey = (
      await b.json<{ key: string }>('POST', '/api/v1/keys', {
        name: 'b',
        scopes: ['feedback:read', 'feedback:write'],
      })
    ).body.key;
    const bApi = new TestClient(app);
    bApi.bearer = bKey;

    const aApi = new TestClient(app);
    aApi.bearer = key;
    const secret = await aApi.json<{ results: { itemId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      feedbackInput({ externalId: 'a-secret', text: 'Zanzibar marmalade was stale' }),
    );
    const itemId = secret.body.results[0]?.itemId ?? '';
    const aImports = await owner.json<{ imports: { id: string }[] }>('GET', '/api/v1/imports');
    const aImport = aImports.body.imports[0]?.id ?? '';
    const aKeys = await owner.json<{ keys: { id: string }[] }>('GET', '/api/v1/keys');
    const aBrands = await owner.json<{ brands: { id: string }[] }>('GET', '/api/v1/brands');

    for (const client of [b, bApi]) {
      expect((await client.json<{ code: string }>('GET', `/api/v1/feedback/${itemId}`)).body.code).toBe(
        'feedback_not_found',
      );
      expect(
        (await client.json<{ items: unknown[] }>('GET', '/api/v1/feedback?q=Zanzibar')).body.items,
      ).toEqual([]);
      expect(
        (await client.json<{ items: { id: string }[] }>('GET', '/api/v1/feedback?limit=200')).body.items.map(
          (i) => i.id,
        ),
      ).not.toContain(itemId);
      expect(
        (await client.json<{ total: number }>('GET', '/api/v1/feedback/counts?q=Zanzibar')).body.total,
      ).toBe(0);
      expect((await client.json('GET', `/api/v1/imports/${aImport}`)).status).toBe(404);
      // Posting A's external id from B creates B's own item and leaves A's untouched.
      if (client === bApi) {
        const r = await client.json<{ results: { status: string; itemId: string }[] }>(
          'POST',
          '/api/v1/feedback',
          feedbackInput({ externalId: 'a-secret', text: 'overwrite attempt' }),
        );
        expect(r.body.results[0]?.status).toBe('created');
        expect(r.body.results[0]?.itemId).not.toBe(itemId);
      }
    }
    // Naming A's workspace does not help a user of B, and looks like a workspace that does not exist.
    const cross = new TestClient(app);
    Object.assign(cross, { cookie: b.cookie, csrf: b.csrf, workspace: owner.workspace });
    expect((await cross.json<{ code: string }>('GET', '/api/v1/feedback')).body.code).toBe(
      'workspace_not_found',
    );
    expect((await b.json('DELETE', `/api/v1/keys/${aKeys.body.keys[0]?.id}`)).status).toBe(404);
    expect(
      (await b.json('PATCH', `/api/v1/brands/${aBrands.body.brands[0]?.id}`, { kind: 'competitor' })).status,
    ).toBe(404);
    // A is unchanged.
    const mine = await aApi.json<{ text: string }>('GET', `/api/v1/feedback/${itemId}`);
    expect(mine.body.text).toBe('Zanzibar marmalade was stale');
    const keys = (
      await owner.json<{ keys: { name: string; revokedAt: string | null }[] }>('GET', '/api/v1/keys')
    ).body.keys;
    expect(keys.find((k) => k.name === 'ingest')?.revokedAt).toBeNull();
  });
  it("lets an agent correct an item's sentiment and withdraw it; viewers, API keys and other workspaces cannot", async () => {
    const ingested = await owner.json<{ results: { itemId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      feedbackInput({
        externalId: 'to-correct',
        platform: 'twitter',
        rating: undefined,
        text: 'Oh great, another two hours on hold. Wonderful service.',
      }),
    );
    const id = ingested.body.results[0]?.itemId ?? '';
    const before = await owner.json<{
      sentiment: { label: string };
      analysis: { sentiment: { label: string } };
    }>('GET', `/api/v1/feedback/${id}`);
    const modelSaid = before.body.analysis.sentiment.label;
    const label = modelSaid === 'negative' ? 'positive' : 'negative';
    await inviteAndAccept(app, owner, {
      email: 'ana.agent@example.com',
      role: 'agent',
      name: 'Ana Agent',
      password: 'agent password 1',
    });
    await inviteAndAccept(app, owner, {
      email: 'val.viewer@example.com',
      role: 'viewer',
      name: 'Val Viewer',
      password: 'viewer password 2',
    });
    const agent = new TestClient(app);
    await agent.login('ana.agent@example.com', 'agent password 1');
    const viewer = new TestClient(app);
    await viewer.login('val.viewer@example.com', 'viewer password 2');

    type Detail = {
      sentiment: { label: string };
      analysis: { sentiment: { label: string } };
      corrections: { sentiment: { label: string; version: number; createdBy: { name: string } } | null };
    };
    const corrected = await agent.json<Detail>('PUT', `/api/v1/feedback/${id}/correction`, {
      sentiment: label,
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.sentiment.label).toBe(label);
    expect(corrected.body.analysis.sentiment.label).toBe(modelSaid);
    expect(corrected.body.corrections.sentiment).toMatchObject({
      label,
      version: 1,
      createdBy: { name: 'Ana Agent' },
    });
    // The list and its sentiment filter show the corrected label.
    const listed = await owner.json<{ items: { id: string; corrections: Detail['corrections'] }[] }>(
      'GET',
      `/api/v1/feedback?sentiment=${label}&platform=twitter&limit=200`,
    );
    expect(listed.body.items.find((i) => i.id === id)?.corrections.sentiment?.label).toBe(label);

    const bad = await agent.json<{ code: string; errors: { path: string }[] }>(
      'PUT',
      `/api/v1/feedback/${id}/correction`,
      { sentiment: 'furious' },
    );
    expect(bad.status).toBe(400);
    expect(bad.res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e) => e.path)).toEqual(['sentiment']);

    for (const method of ['PUT', 'DELETE']) {
      const r = await viewer.json<{ code: string }>(method, `/api/v1/feedback/${id}/correction`, {
        sentiment: 'neutral',
      });
      expect(r).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    const apiKey = new TestClient(app);
    apiKey.bearer = key;
    expect(
      (await apiKey.json('PUT', `/api/v1/feedback/${id}/correction`, { sentiment: 'neutral' })).status,
    ).toBe(403);
    expect(
      (
        await agent.json<{ code: string }>('PUT', '/api/v1/feedback/no-such-item/correction', {
          sentiment: 'neutral',
        })
      ).body.code,
    ).toBe('feedback_not_found');

    // Undo: the model's label is back, and withdrawing again is harmless.
    expect((await agent.json('DELETE', `/api/v1/feedback/${id}/correction`)).status).toBe(204);
    expect((await agent.json('DELETE', `/api/v1/feedback/${id}/correction`)).status).toBe(204);
    const after = await owner.json<Detail>('GET', `/api/v1/feedback/${id}`);
    expect(after.body.sentiment.label).toBe(modelSaid);
    expect(after.body.corrections.sentiment).toBeNull();

    const actions = await rt.database.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('target_id', '=', id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['feedback.correct', 'feedback.correction_withdraw']);
    // Bruno (another workspace, from the test above) cannot see or change it: it answers 404.
    await agent.json('PUT', `/api/v1/feedback/${id}/correction`, { sentiment: label });
    const bruno = new TestClient(app);
    await bruno.login('bruno@example.com', 'another long password');
    for (const method of ['PUT', 'DELETE']) {
      const r = await bruno.json<{ code: string }>(method, `/api/v1/feedback/${id}/correction`, {
        sentiment: modelSaid,
      });
      expect(r).toMatchObject({ status: 404, body: { code: 'feedback_not_found' } });
    }
    expect((await owner.json<Detail>('GET', `/api/v1/feedback/${id}`)).body.sentiment.label).toBe(label);
  });
});
