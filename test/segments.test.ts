import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_PROBE_ABOVE } from '../src/store/repos/feedback.js';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { runJob } from './helpers/jobs.js';
import { segmentRepo } from '../src/store/repos/segments.js';
import { SegmentRulesSchema } from '../src/core/customers/segments.js';

interface Segment {
  id: string;
  name: string;
  size: number;
  computedAt: string | null;
  summary: string;
  rules: Record<string, unknown>;
}
interface Item {
  id: string;
  customerId: string | null;
}

const NOW = '2026-03-01T12:00:00.000Z';
const day = (i: number) => new Date(Date.parse('2026-02-10T09:00:00Z') + i * 3_600_000).toISOString();

/** Three groups of customers who talk about different things, and one on X (Twitter). */
const GROUPS = {
  staff: { n: 12, text: 'The staff were rude and unhelpful at the front desk.' },
  price: { n: 12, text: 'Far too expensive, the prices are outrageous for what you get.' },
  delivery: { n: 8, text: 'The delivery was late again and the parcel arrived damaged.' },
} as const;

describe.each(DIALECTS)('segments on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let workspaceId: string;
  const clock = new ManualClock(NOW);
  const customersOf: Record<string, Set<string>> = {};

  const save = async (name: string, rules: Record<string, unknown>) => {
    const r = await owner.json<Segment>('POST', '/api/v1/segments', { name, rules });
    expect(r.status).toBe(201);
    expect(r.body.computedAt).toBeNull();
    await runJob(rt.jobDefs.segmentsRefresh, { workspaceId, segmentId: r.body.id });
    const got = await owner.json<Segment>('GET', `/api/v1/segments/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.computedAt).not.toBeNull();
    return got.body;
  };
  const items = async (query: string) => {
    const r = await owner.json<{ items: Item[] }>('GET', `/api/v1/feedback?limit=200&${query}`);
    expect(r.status).toBe(200);
    return r.body.items;
  };

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
        workspaceName: 'Olga Shop',
      },
    );
    owner.csrf = setup.body.csrfToken;
    workspaceId = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = workspaceId;

    const inputs = Object.entries(GROUPS).flatMap(([group, g]) =>
      Array.from({ length: g.n }, (_, i) =>
        group === 'delivery'
          ? feedbackInput({
              externalId: `${group}-${i}`,
              platform: 'twitter',
              author: { handle: `@${group}fan${i}`, name: `Dee ${i}` },
              rating: undefined,
              text: g.text,
              postedAt: day(i),
            })
          : feedbackInput({
              externalId: `${group}-${i}`,
              platform: 'email',
              channel: 'email',
              author: { name: `${group} person ${i}` },
              customer: { identities: [{ kind: 'email' as const, value: `${group}${i}@example.com` }] },
              rating: undefined,
              text: g.text,
              postedAt: day(i),
            }),
      ),
    );
    const r = await owner.json<{ results: { status: string; itemId?: string; externalId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      { items: inputs },
    );
    expect(r.status).toBe(200);
    expect(r.body.results.every((x) => x.status === 'created')).toBe(true);
    const all = await items('');
    for (const it of all) {
      const ext = r.body.results.find((x) => x.itemId === it.id)?.externalId ?? '';
      const group = ext.split('-')[0] ?? '';
      (customersOf[group] ??= new Set()).add(it.customerId ?? '');
    }
    for (const [group, g] of Object.entries(GROUPS)) expect(customersOf[group]?.size).toBe(g.n);
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('materialises members from the rules: touchpoints criticised, platforms, lifecycle, everyone', async () => {
    const staff = await save('Staff critics', { touchpoints: [{ key: 'staff', mode: 'criticises' }] });
    expect(staff.size).toBe(GROUPS.staff.n);
    expect(staff.summary).toContain('criticises staff');
    const onX = await save('On X', { platforms: ['twitter'] });
    expect(onX.size).toBe(GROUPS.delivery.n);
    const byMail = await save('By e-mail', { platforms: ['email'] });
    expect(byMail.size).toBe(GROUPS.staff.n + GROUPS.price.n);
    const fresh = await save('New ones', { lifecycle: ['new'] });
    expect(fresh.size).toBe(GROUPS.staff.n + GROUPS.price.n + GROUPS.delivery.n);
    const lapsed = await save('Lapsed', { lifecycle: ['lapsed'] });
    expect(lapsed.size).toBe(0);
    const both = await save('Staff critics on X', {
      touchpoints: [{ key: 'staff', mode: 'criticises' }],
      platforms: ['twitter'],
    });
    expect(both.size).toBe(0);
    const list = await owner.json<{ segments: Segment[] }>('GET', '/api/v1/segments');
    expect(list.body.segments.map((s) => s.name)).toContain('Staff critics');
  });

  it('reads the members in slices of customers, with the same result as in one', async () => {
    const conn = { db: rt.database.db, dialect };
    const members = async (segmentId: string) =>
      (
        await rt.database.db
          .selectFrom('segment_members' as never)
          .select(sql<string>`customer_id`.as('id'))
          .where(sql.ref('segment_id'), '=', segmentId)
          .orderBy(sql.ref('customer_id'))
          .execute()
      ).map((r) => r.id);
    const rules = [
      { touchpoints: [{ key: 'delivery', mode: 'criticises' }] },
      { platforms: ['email'] },
      { lifecycle: ['new'], promoter: false },
      {},
    ];
    for (const [i, r] of rules.entries()) {
      const seg = await save(`Sliced ${i}`, r);
      const whole = await members(seg.id);
      expect(whole.length, JSON.stringify(r)).toBeGreaterThan(0);
      // Slices of 5 customers (the workspace has 32 and more): the last slice has no upper end.
      const size = await segmentRepo(conn, { refreshSlice: 5 }).refresh(workspaceId, seg.id, NOW);
      expect(size).toBe(whole.length);
      expect(await members(seg.id)).toEqual(whole);
    }
    // A segment deleted while its members were being read is not written back.
    expect(await segmentRepo(conn, { refreshSlice: 5 }).refresh(workspaceId, 'no-such-segment', NOW)).toBe(
      undefined,
    );
  });

  it('filters the explorer, the counts, the inbox and the metrics by a segment', async () => {
    const staff = await save('Staff critics 2', {
      touchpoints: [{ key: 'staff', mode: 'criticises', min: 1 }],
    });
    const found = await items(`segment=${staff.id}`);
    expect(found).toHaveLength(GROUPS.staff.n);
    for (const it of found) expect(customersOf.staff?.has(it.customerId ?? '')).toBe(true);

    // A large segment is read the other way (probing members in the list's order): the same page.
    await sql`update segments set members = ${SEGMENT_PROBE_ABOVE + 1} where id = ${staff.id}`.execute(
      rt.database.db,
    );
    expect((await items(`segment=${staff.id}`)).map((i) => i.id)).toEqual(found.map((i) => i.id));
    await sql`update segments set members = ${GROUPS.staff.n} where id = ${staff.id}`.execute(rt.database.db);

    const counts = await owner.json<{ total: number; exact: boolean }>(
      'GET',
      `/api/v1/feedback/counts?segment=${staff.id}`,
    );
    expect(counts.body.total).toBe(GROUPS.staff.n);

    const inbox = await owner.json<{ cases: { customerId: string | null }[] }>(
      'GET',
      `/api/v1/cases?status=all&segment=${staff.id}`,
    );
    expect(inbox.status).toBe(200);
    for (const c of inbox.body.cases) expect(customersOf.staff?.has(c.customerId ?? '')).toBe(true);
    const everyCase = await owner.json<{ cases: { customerId: string | null }[] }>(
      'GET',
      '/api/v1/cases?status=all',
    );
    expect(everyCase.body.cases.filter((c) => customersOf.staff?.has(c.customerId ?? '')).length).toBe(
      inbox.body.cases.length,
    );

    // The metrics of a segment of everyone equal the rollups' (every item here has a customer).
    const everyone = await save('Everyone', {});
    const period = 'preset=custom&from=2026-02-01&to=2026-02-28';
    const plain = await owner.json<{ headline: unknown[]; series: unknown[] }>(
      'GET',
      `/api/v1/metrics?${period}`,
    );
    const seg = await owner.json<{ headline: unknown[]; series: unknown[] }>(
      'GET',
      `/api/v1/metrics?${period}&segment=${everyone.id}`,
    );
    expect(seg.status).toBe(200);
    expect(seg.body.headline).toEqual(plain.body.headline);
    expect(seg.body.series).toEqual(plain.body.series);
    const heat = await owner.json('GET', `/api/v1/journey/heatmap?${period}`);
    const heatSeg = await owner.json('GET', `/api/v1/journey/heatmap?${period}&segment=${everyone.id}`);
    expect(heatSeg.body).toEqual(heat.body);

    const staffMetrics = await owner.json<{
      headline: { key: string; estimate: { n: number; value: number | null } }[];
    }>('GET', `/api/v1/metrics?${period}&segment=${staff.id}`);
    const volume = staffMetrics.body.headline.find((h) => h.key === 'volume');
    expect(volume?.estimate.value).toBe(GROUPS.staff.n);
  });

  it('suggests clusters by the touchpoints customers talk about, each savable as a segment', async () => {
    const r = await owner.json<{
      k: number | null;
      sampled: number;
      clusters: {
        name: string;
        size: number;
        touchpoints: { key: string }[];
        rules: Record<string, unknown>;
      }[];
    }>('GET', '/api/v1/segments/suggestions');
    expect(r.status).toBe(200);
    expect(r.body.sampled).toBe(GROUPS.staff.n + GROUPS.price.n + GROUPS.delivery.n);
    expect(r.body.k).toBeGreaterThanOrEqual(2);
    const leads = r.body.clusters.map((c) => c.touchpoints[0]?.key);
    expect(leads).toContain('staff');
    expect(leads).toContain('price');
    const staffCluster = r.body.clusters.find((c) => c.touchpoints[0]?.key === 'staff');
    expect(staffCluster?.size).toBe(GROUPS.staff.n);
    // One click: its rules save as they are.
    const saved = await save(staffCluster?.name ?? 'x', staffCluster?.rules ?? {});
    expect(saved.size).toBe(GROUPS.staff.n);
  });

  it('changes and deletes segments; another workspace reads none of them', async () => {
    const s = await save('To change', { platforms: ['twitter'] });
    const patched = await owner.json<Segment>('PATCH', `/api/v1/segments/${s.id}`, {
      name: 'Changed',
      rules: { platforms: ['email'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Changed');
    await runJob(rt.jobDefs.segmentsRefresh, { workspaceId, segmentId: s.id });
    expect((await owner.json<Segment>('GET', `/api/v1/segments/${s.id}`)).body.size).toBe(
      GROUPS.staff.n + GROUPS.price.n,
    );
    const bad = await owner.json('POST', '/api/v1/segments', {
      name: 'Bad',
      rules: { lifecycle: ['sleepy'] },
    });
    expect(bad.status).toBe(400);

    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Other place' });
    const elsewhere = new TestClient(app);
    elsewhere.cookie = owner.cookie;
    elsewhere.csrf = owner.csrf;
    elsewhere.workspace = other.body.id;
    expect((await elsewhere.json('GET', `/api/v1/segments/${s.id}`)).status).toBe(404);
    expect((await elsewhere.json('GET', `/api/v1/feedback?segment=${s.id}`)).status).toBe(404);
    expect((await elsewhere.json('GET', `/api/v1/feedback/counts?segment=${s.id}`)).status).toBe(404);
    expect((await elsewhere.json('GET', `/api/v1/cases?segment=${s.id}`)).status).toBe(404);
    expect((await elsewhere.json('GET', `/api/v1/metrics?segment=${s.id}`)).status).toBe(404);
    expect((await elsewhere.json('PATCH', `/api/v1/segments/${s.id}`, { name: 'x' })).status).toBe(404);
    expect((await elsewhere.json('DELETE', `/api/v1/segments/${s.id}`)).status).toBe(404);
    expect((await elsewhere.json<{ segments: unknown[] }>('GET', '/api/v1/segments')).body.segments).toEqual(
      [],
    );

    expect((await owner.json('DELETE', `/api/v1/segments/${s.id}`)).status).toBe(204);
    expect((await owner.json('GET', `/api/v1/segments/${s.id}`)).status).toBe(404);
    expect((await owner.json('GET', `/api/v1/feedback?segment=${s.id}`)).status).toBe(404);
  });

  it('the hourly sweep re-evaluates stale segments only', async () => {
    const s = await save('Sweep me', { lifecycle: ['new'] });
    const before = s.computedAt;
    clock.advance(30);
    await runJob(rt.jobDefs.segmentsRefresh, {});
    expect((await owner.json<Segment>('GET', `/api/v1/segments/${s.id}`)).body.computedAt).toBe(before);
    clock.advance(31);
    await runJob(rt.jobDefs.segmentsRefresh, {});
    expect((await owner.json<Segment>('GET', `/api/v1/segments/${s.id}`)).body.computedAt).not.toBe(before);
  });

  it('a refresh writes only the members that changed, unless the table moved since it read them', async () => {
    const conn = { db: rt.database.db, dialect };
    const repo = segmentRepo(conn, { refreshSlice: 5 });
    // Where each member's row lies (SQLite's rowid, PostgreSQL's ctid): a row written again moves.
    const rows = async (segmentId: string) =>
      new Map(
        (
          await sql<{ id: string; at: string }>`select customer_id as id,
            ${dialect === 'postgres' ? sql`ctid::text` : sql`cast(rowid as text)`} as at
            from segment_members where segment_id = ${segmentId}`.execute(rt.database.db)
        ).rows.map((r) => [r.id, r.at]),
      );
    const onX = await save('Diffed', { platforms: ['twitter'] });
    // Another segment's rows after these, so that SQLite gives a row written again a new rowid.
    expect((await save('Diffed, everyone', {})).size).toBe(32);
    const first = await rows(onX.id);
    expect([...first.keys()].sort()).toEqual([...(customersOf.delivery ?? [])].sort());

    // Everyone: 24 added, the 8 kept where they were.
    await repo.update(workspaceId, onX.id, { rules: SegmentRulesSchema.parse({}) }, NOW);
    expect(await repo.refresh(workspaceId, onX.id, NOW)).toBe(32);
    const everyone = await rows(onX.id);
    expect(everyone.size).toBe(32);
    for (const [id, at] of first) expect(everyone.get(id)).toBe(at);
    // Back to X: 24 removed, the 8 still where they were.
    await repo.update(
      workspaceId,
      onX.id,
      { rules: SegmentRulesSchema.parse({ platforms: ['twitter'] }) },
      NOW,
    );
    expect(await repo.refresh(workspaceId, onX.id, NOW)).toBe(8);
    expect(await rows(onX.id)).toEqual(first);
    expect((await owner.json<Segment>('GET', `/api/v1/segments/${onX.id}`)).body.size).toBe(8);

    // The recorded size no longer matches what was read (another refresh wrote meanwhile): written
    // whole, with the same members.
    await sql`update segments set members = 7 where id = ${onX.id}`.execute(rt.database.db);
    expect(await repo.refresh(workspaceId, onX.id, NOW)).toBe(8);
    const whole = await rows(onX.id);
    expect([...whole.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [id, at] of first) expect(whole.get(id)).not.toBe(at);
  });

  it('two refreshes of one segment at once write one after the other', async () => {
    const conn = { db: rt.database.db, dialect };
    const [a, b] = [segmentRepo(conn, { refreshSlice: 5 }), segmentRepo(conn, { refreshSlice: 5 })];
    const seg = await save('Twice at once', { platforms: ['twitter'] });
    await a.update(workspaceId, seg.id, { rules: SegmentRulesSchema.parse({}) }, NOW);
    // Both read the 8 stored members as their base; the second to write finds the first's members.
    const later = new Date(Date.parse(NOW) + 60_000).toISOString();
    expect(
      await Promise.all([a.refresh(workspaceId, seg.id, later), b.refresh(workspaceId, seg.id, later)]),
    ).toEqual([32, 32]);
    const n = await sql<{
      n: number;
    }>`select count(*) as n from segment_members where segment_id = ${seg.id}`.execute(rt.database.db);
    expect(Number(n.rows[0]?.n)).toBe(32);
  });
});
