import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const SYSTEM = { type: 'system', id: null } as const;

interface MomentRow {
  id: string | null;
  customerId: string;
  name: string | null;
  kind: string;
  date: string;
  daysUntil: number | null;
  count: number | null;
  occasion: string;
  message: string;
  language: string;
}
interface Moments {
  days: number;
  upcoming: MomentRow[];
  recent: MomentRow[];
}
interface StatsRow {
  customerId: string;
  name: string | null;
  stage: string;
  visits: number;
  promoter: boolean;
  ambassadorScore: number;
  reach: number;
  publicReviews: number;
  lastNps: number | null;
}

/**
 * Moments, advocacy and lifecycle over the API (issue #14), on both databases: upcoming dates across
 * the year end with messages in the customer's language, recent events (fifth visit, new promoter,
 * first public review, recovered complaint), ambassadors ranked with the CSV neutralised, the
 * occasion in a case's reply draft, workspace scoping, and value never used for priority.
 */
describe.each(DIALECTS)('customer moments and advocacy on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let ws: string;
  const clock = new ManualClock('2026-12-28T10:00:00.000Z');
  const ids: Record<string, string> = {};

  const email = (who: string) => ({ identities: [{ kind: 'email' as const, value: `${who}@example.com` }] });
  const post = async (items: unknown[]) => {
    const r = await owner.json<{ results: { status: string; itemId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      { items },
    );
    expect(r.status).toBe(200);
    expect(r.body.results.every((x) => x.status === 'created' || x.status === 'updated')).toBe(true);
    return r.body.results;
  };
  const customerOf = async (value: string) =>
    (
      await rt.database.db
        .selectFrom('customer_identities')
        .select('customer_id')
        .where('workspace_id', '=', ws)
        .where('value', '=', value)
        .executeTakeFirstOrThrow()
    ).customer_id;
  const setFields = (id: string, fields: Record<string, string | number | null>) =>
    rt.database.db.updateTable('customers').set(fields).where('id', '=', id).execute();

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Corner Café',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;

    const friendly = 'The staff were wonderful and the coffee was excellent.';
    await post([
      // Anna: five visits a fortnight apart (a fifth-visit milestone on December 3rd). Items are dated
      // before the real today (ingest refuses the future); the clock of the app says December 28th.
      ...['10-04', '10-19', '11-03', '11-18', '12-03'].map((d, i) =>
        feedbackInput({
          externalId: `anna-${i}`,
          platform: 'email',
          rating: undefined,
          customer: email('anna'),
          text: friendly,
          postedAt: `2026-${d}T12:00:00Z`,
        }),
      ),
      // Ben: an NPS 10 and an Amazon review: a promoter, and a first public review.
      feedbackInput({
        externalId: 'ben-nps',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 10 },
        customer: email('ben'),
        text: 'Great as always.',
        postedAt: '2026-12-01T12:00:00Z',
      }),
      feedbackInput({
        externalId: 'ben-amazon',
        platform: 'amazon',
        rating: 5,
        customer: email('ben'),
        text: friendly,
        postedAt: '2026-12-02T12:00:00Z',
      }),
      // Carl: heard by 50,000 people, praised twice: a promoter with reach.
      ...['11-30', '12-02'].map((d, i) =>
        feedbackInput({
          externalId: `carl-${i}`,
          platform: 'twitter',
          rating: undefined,
          author: { handle: 'carl', reach: 50_000 },
          text: friendly,
          postedAt: `2026-${d}T12:00:00Z`,
        }),
      ),
      // Dora: a detractor.
      feedbackInput({
        externalId: 'dora-nps',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 3 },
        customer: email('dora'),
        text: 'Cold coffee, rude staff, never again.',
        postedAt: '2026-12-01T12:00:00Z',
      }),
    ]);
    for (const who of ['anna', 'ben', 'dora']) ids[who] = await customerOf(`${who}@example.com`);
    ids.carl = await customerOf('carl');
    // Dates as a CRM import would set them (migration 0016's columns and their MM-DD twins).
    await setFields(ids.anna ?? '', {
      display_name: 'Anna Weber',
      language: 'de',
      birthday: '1990-01-02',
      birthday_md: '01-02',
    });
    await setFields(ids.ben ?? '', {
      display_name: 'Ben Ode',
      birthday: '1985-12-30',
      birthday_md: '12-30',
      first_purchase: '2016-01-05',
      first_purchase_md: '01-05',
    });
    await setFields(ids.carl ?? '', {
      display_name: '=HYPERLINK("http://evil.example")',
      anniversary: '2016-03-01',
      anniversary_md: '03-01',
    });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('lists upcoming dates across the year end with a message in the customer language', async () => {
    const r = await owner.json<Moments>('GET', '/api/v1/customers/moments?days=14');
    expect(r.status).toBe(200);
    const up = r.body.upcoming.map((m) => [m.name, m.kind, m.date, m.daysUntil, m.count]);
    expect(up).toEqual([
      ['Ben Ode', 'birthday', '2026-12-30', 2, null],
      ['Anna Weber', 'birthday', '2027-01-02', 5, null],
      ['Ben Ode', 'first_purchase', '2027-01-05', 8, 11],
    ]);
    const anna = r.body.upcoming.find((m) => m.customerId === ids.anna);
    expect(anna).toMatchObject({
      language: 'de',
      message: 'Alles Gute zum Geburtstag, Anna Weber! Wir wünschen Ihnen einen wunderbaren Tag.',
    });
    expect(r.body.upcoming.find((m) => m.kind === 'first_purchase')?.message).toContain(
      '11 years ago you first chose us, Ben Ode',
    );
    // Carl's anniversary in March is not within 14 days.
    expect(r.body.upcoming.some((m) => m.customerId === ids.carl)).toBe(false);
  });

  it('lists recent notable events: a fifth visit, new promoters, a first public review', async () => {
    const r = await owner.json<Moments>('GET', '/api/v1/customers/moments?days=14');
    const recent = r.body.recent.map(
      (m) =>
        `${m.customerId === ids.anna ? 'anna' : m.customerId === ids.ben ? 'ben' : m.customerId === ids.carl ? 'carl' : 'dora'}:${m.kind}:${m.count ?? ''}`,
    );
    // Anna praised us five times with nothing negative: a promoter too.
    expect(recent.sort()).toEqual([
      'anna:promoter:',
      'anna:visit_milestone:5',
      'ben:first_review:',
      'ben:promoter:',
      'carl:promoter:',
    ]);
    const fifth = r.body.recent.find((m) => m.kind === 'visit_milestone');
    expect(fifth).toMatchObject({
      occasion: 'Ihr 5. Besuch',
      message: 'Das war Ihr 5. Besuch, Anna Weber – danke, dass Sie immer wiederkommen!',
    });
  });

  it("answers one customer's moments for the case page, and 404 for a customer of another workspace", async () => {
    const r = await owner.json<Moments>('GET', `/api/v1/customers/moments?days=7&customerId=${ids.ben}`);
    expect(r.status).toBe(200);
    expect(r.body.upcoming.map((m) => m.kind)).toEqual(['birthday']);
    expect(r.body.recent.map((m) => m.kind).sort()).toEqual(['first_review', 'promoter']);
    const other = (await createWorkspace(rt.store, { name: 'Elsewhere' }, SYSTEM)).id;
    const [foreign] = await rt.store.customers.resolveMany(
      other,
      [{ identities: [{ kind: 'email', platform: '', value: 'x@example.com' }], name: 'X' }],
      clock.now().toISOString(),
    );
    const foreignId =
      typeof foreign === 'string' ? foreign : (foreign as { customerId: string } | null)?.customerId;
    expect((await owner.json('GET', `/api/v1/customers/moments?customerId=${foreignId}`)).status).toBe(404);
  });

  it('dismisses an event once; another workspace cannot', async () => {
    const r = await owner.json<Moments>('GET', '/api/v1/customers/moments');
    const promoter = r.body.recent.find((m) => m.kind === 'promoter' && m.customerId === ids.carl);
    expect((await owner.request('POST', `/api/v1/customers/moments/${promoter?.id}/dismiss`)).status).toBe(
      204,
    );
    expect((await owner.request('POST', `/api/v1/customers/moments/${promoter?.id}/dismiss`)).status).toBe(
      404,
    );
    const after = await owner.json<Moments>('GET', '/api/v1/customers/moments');
    expect(after.body.recent.some((m) => m.id === promoter?.id)).toBe(false);
    const other = (await createWorkspace(rt.store, { name: 'Other' }, SYSTEM)).id;
    const [c] = await rt.store.customers.resolveMany(
      other,
      [{ identities: [{ kind: 'email', platform: '', value: 'y@example.com' }], name: 'Y' }],
      clock.now().toISOString(),
    );
    const cid = typeof c === 'string' ? c : ((c as { customerId: string } | null)?.customerId ?? '');
    await rt.store.customerProfiles.addMoments(
      other,
      [{ customerId: cid, kind: 'promoter', occurredAt: clock.now().toISOString(), detail: {} }],
      clock.now().toISOString(),
    );
    const theirs = await rt.store.customerProfiles.moments({
      workspaceId: other,
      since: '2026-01-01T00:00:00.000Z',
      limit: 5,
    });
    expect(
      (await owner.request('POST', `/api/v1/customers/moments/${theirs.items[0]?.id}/dismiss`)).status,
    ).toBe(404);
  });

  it('ranks promoters by ambassador score; the CSV is neutralised and carries the e-mail', async () => {
    const r = await owner.json<{ items: StatsRow[]; note: string; nextCursor: string | null }>(
      'GET',
      '/api/v1/customers/ambassadors?limit=1',
    );
    expect(r.status).toBe(200);
    expect(r.body.note).toContain('never only to promoters');
    expect(r.body.items.map((i) => i.customerId)).toEqual([ids.carl]);
    const second = await owner.json<{ items: StatsRow[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/customers/ambassadors?limit=5&cursor=${r.body.nextCursor}`,
    );
    // Ben: reach 10 and a public review (2.04) before Anna: reach 10 only (1.04).
    expect(second.body.items.map((i) => i.customerId)).toEqual([ids.ben, ids.anna]);
    expect(second.body.items[0]).toMatchObject({ promoter: true, lastNps: 10, publicReviews: 1 });
    expect(r.body.items[0]?.ambassadorScore).toBeCloseTo(Math.log10(50_001), 3);

    const csv = await owner.request('GET', '/api/v1/customers/ambassadors?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse<Record<string, string>>(await csv.text(), { columns: true });
    expect(rows.map((x) => x.customer_id)).toEqual([ids.carl, ids.ben, ids.anna]);
    expect(rows[0]?.name).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rows[1]?.email).toBe('ben@example.com');
  });

  it('lists the lifecycle stages over the API with counts and the win-back CSV', async () => {
    const counts = await owner.json<{ counts: Record<string, number> }>(
      'GET',
      '/api/v1/customers/lifecycle/counts',
    );
    // Anna: five visits 15 days apart, silent 25 days → at risk (22.5); the others have ≤ 2 visits this month → new.
    expect(counts.body.counts).toEqual({ new: 3, active: 0, at_risk: 1, lapsed: 0, one_off: 0 });
    const atRisk = await owner.json<{ items: StatsRow[] }>(
      'GET',
      '/api/v1/customers/lifecycle?stage=at_risk',
    );
    expect(atRisk.body.items.map((i) => [i.customerId, i.name, i.stage, i.visits])).toEqual([
      [ids.anna, 'Anna Weber', 'at_risk', 5],
    ]);
    clock.advance(60 * 24 * 14); // silent 39 days > 37.5: lapsed
    const lapsed = await owner.request('GET', '/api/v1/customers/lifecycle?stage=lapsed&format=csv');
    expect(lapsed.headers.get('content-disposition')).toContain('win-back.csv');
    const rows = parse<Record<string, string>>(await lapsed.text(), { columns: true });
    expect(rows.map((x) => [x.customer_id, x.email, x.stage])).toEqual([
      [ids.anna, 'anna@example.com', 'lapsed'],
    ]);
    clock.advance(-60 * 24 * 14);
  });

  it('leaves a moment when a complaint is recovered, and the reply draft mentions it', async () => {
    const [item] = await post([
      feedbackInput({
        externalId: 'dora-complaint',
        platform: 'email',
        rating: undefined,
        customer: email('dora'),
        text: 'The coffee was cold and the staff were rude.',
        postedAt: '2026-12-04T08:00:00Z',
      }),
    ]);
    const opened = await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId: item?.itemId });
    expect([200, 201]).toContain(opened.status);
    const closed = await owner.json('POST', `/api/v1/cases/${opened.body.id}/close`, {
      outcome: 'recovered',
    });
    expect(closed.status).toBe(200);
    const mine = await owner.json<Moments>('GET', `/api/v1/customers/moments?customerId=${ids.dora}`);
    expect(mine.body.recent.map((m) => m.kind)).toEqual(['recovered_complaint']);
    // A new complaint of Dora's: the draft knows it comes after last month's recovered one.
    const [again] = await post([
      feedbackInput({
        externalId: 'dora-again',
        platform: 'email',
        rating: undefined,
        customer: email('dora'),
        text: 'The coffee was cold again and the staff were rude.',
        postedAt: '2026-12-04T09:00:00Z',
      }),
    ]);
    const second = await owner.json<{ id: string; draft: { text: string } | null }>('POST', '/api/v1/cases', {
      itemId: again?.itemId,
    });
    const detail = await owner.json<{ draft: { text: string } | null }>(
      'GET',
      `/api/v1/cases/${second.body.id}`,
    );
    expect(detail.body.draft?.text).toContain("your visit after last month's problem");
  });

  it('mentions a birthday this week in the reply draft, in the draft language', async () => {
    const [item] = await post([
      feedbackInput({
        externalId: 'ben-moan',
        platform: 'email',
        rating: undefined,
        customer: email('ben'),
        text: 'The cake for my birthday was dry and the staff were rude.',
        postedAt: '2026-12-04T09:30:00Z',
      }),
    ]);
    const c = await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId: item?.itemId });
    const detail = await owner.json<{ draft: { text: string } | null }>('GET', `/api/v1/cases/${c.body.id}`);
    expect(detail.body.draft?.text).toContain('your birthday');
  });

  it('never ranks the inbox by value: identical cases of customers with different lifetime value get the same priority', async () => {
    const text = 'My order arrived broken and nobody answers my emails.';
    const results = await post(
      ['erin', 'fred'].map((who) =>
        feedbackInput({
          externalId: `v-${who}`,
          platform: 'email',
          rating: undefined,
          author: undefined,
          customer: email(who),
          text,
          postedAt: '2026-12-04T09:40:00Z',
        }),
      ),
    );
    await setFields(await customerOf('erin@example.com'), { lifetime_value: 25_000, currency: 'EUR' });
    await setFields(await customerOf('fred@example.com'), { lifetime_value: 3, currency: 'EUR' });
    const cases = await Promise.all(
      results.map(
        async (r) =>
          (await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId: r.itemId })).body.id,
      ),
    );
    expect(new Set(cases).size).toBe(2);
    const [rich, poor] = await Promise.all(
      cases.map(
        async (id) =>
          (
            await owner.json<{ priority: { score: number; label: string; reasons: unknown[] } }>(
              'GET',
              `/api/v1/cases/${id}`,
            )
          ).body.priority,
      ),
    );
    expect(rich).toEqual(poor);
    // The value is shown with the customer (the case page's customer panel reads it), never used above.
    const shown = await owner.json<{ lifetimeValue: number | null; currency: string | null }>(
      'GET',
      `/api/v1/customers/${await customerOf('erin@example.com')}`,
    );
    expect(shown.body).toMatchObject({ lifetimeValue: 25_000, currency: 'EUR' });
  });
});
