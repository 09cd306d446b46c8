import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  enough: boolean;
}
interface Headline {
  key: string;
  estimate: Estimate;
  previous: Estimate | null;
  change: { delta: number | null; pValue: number | null; significant: boolean | null } | null;
  distribution?: number[];
}
interface Metrics {
  period: { from: string; to: string; bucket: string };
  previous: { from: string; to: string };
  headline: Headline[];
  series: { key: string; points: { t: string; estimate: Estimate }[] }[];
  groups?: { key: string; label: string; metrics: Record<string, Estimate> }[];
  movers: unknown[];
}

const Z = 1.959963984540054; // two-sided 95 % normal quantile
const T2 = 4.302652729911275; // two-sided 95 % t quantile, 2 degrees of freedom
const SYSTEM = { type: 'system', id: null } as const;
const FEB = 'preset=custom&from=2026-02-01&to=2026-02-28';

/** Wilson score interval, written out by hand. */
function wilson(k: number, n: number) {
  const p = k / n;
  const d = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / d;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / d;
  return { low: centre - half, high: centre + half };
}

const at = (day: string, hour = 12) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;

describe.each(DIALECTS)('analytics API on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');

  const post = async (items: unknown[]) => {
    const r = await owner.json<{ results: { status: string }[] }>('POST', '/api/v1/feedback', { items });
    expect(r.status).toBe(200);
    expect(r.body.results.every((x) => x.status === 'created' || x.status === 'updated')).toBe(true);
  };
  const metrics = async (query: string) => {
    const r = await owner.json<Metrics>('GET', `/api/v1/metrics?${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const headline = (m: Metrics, key: string) => {
    const h = m.headline.find((x) => x.key === key);
    if (!h) throw new Error(`no headline ${key}`);
    return h;
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
        workspaceName: 'Olga Hotel',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;

    const survey = (externalId: string, kind: 'nps' | 'csat' | 'ces', value: number, day: string) =>
      feedbackInput({
        externalId,
        platform: 'survey',
        rating: undefined,
        score: { kind, value },
        postedAt: at(day),
        text: 'Survey answer.',
      });
    // February: NPS 10,10,9,9,9,8,7,6,3,0 (5 promoters, 2 passives, 3 detractors), CSAT 5,4,4,2,1, CES 2,4,6,
    // stars 5,5,4,2,1 on Google; January (the previous 28 days): stars 1,1,1.
    await post([
      ...[10, 10, 9, 9, 9, 8, 7, 6, 3, 0].map((v, i) =>
        survey(`nps-${i}`, 'nps', v, `2026-02-${String(i + 1).padStart(2, '0')}`),
      ),
      ...[5, 4, 4, 2, 1].map((v, i) => survey(`csat-${i}`, 'csat', v, '2026-02-15')),
      ...[2, 4, 6].map((v, i) => survey(`ces-${i}`, 'ces', v, '2026-02-20')),
      ...[5, 5, 4, 2, 1].map((v, i) =>
        feedbackInput({
          externalId: `g-${i}`,
          rating: v,
          postedAt: at('2026-02-27', 23),
          text: 'The staff were friendly.',
        }),
      ),
      ...[1, 1, 1].map((v, i) =>
        feedbackInput({
          externalId: `jan-${i}`,
          rating: v,
          postedAt: at('2026-01-20'),
          text: 'Rude staff, dirty room.',
        }),
      ),
      feedbackInput({
        externalId: 'evil',
        brand: '=HYPERLINK("http://x")',
        rating: 3,
        postedAt: at('2026-02-10'),
        text: 'Meh.',
      }),
      feedbackInput({
        externalId: 'rival',
        brand: '@Rival',
        rating: 2,
        postedAt: at('2026-02-11'),
        text: 'Slow check-in.',
      }),
    ]);
    // The two other brands are competitors.
    const brands = await owner.json<{ brands: { id: string; name: string }[] }>('GET', '/api/v1/brands');
    for (const b of brands.body.brands.filter((x) => x.name !== 'Olga Hotel'))
      expect((await owner.json('PATCH', `/api/v1/brands/${b.id}`, { kind: 'competitor' })).status).toBe(200);
    // Another workspace's items in the same days are never counted.
    const other = await createWorkspace(rt.store, { name: 'Other Shop' }, SYSTEM);
    await ingestFeedback(rt.ingestDeps, { workspaceId: other.id, actor: SYSTEM }, [
      feedbackInput({ externalId: 'o1', rating: 5, postedAt: at('2026-02-05') }),
      feedbackInput({
        externalId: 'o2',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 0 },
        postedAt: at('2026-02-05'),
      }),
    ]);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('computes NPS, CSAT, CES and stars with their intervals as by hand', async () => {
    const m = await metrics(FEB);
    expect(m.period).toEqual({ from: '2026-02-01', to: '2026-02-28', bucket: 'day' });
    expect(m.previous).toEqual({ from: '2026-01-04', to: '2026-01-31' });

    const nps = headline(m, 'nps').estimate;
    const se = Math.sqrt((0.5 + 0.3 - (0.5 - 0.3) ** 2) / 10) * 100;
    expect(nps).toMatchObject({ value: 20, n: 10, enough: false });
    expect(nps.low).toBeCloseTo(20 - Z * se, 6);
    expect(nps.high).toBeCloseTo(20 + Z * se, 6);

    const csat = headline(m, 'csat').estimate;
    expect(csat).toMatchObject({ n: 5, enough: false });
    expect(csat.value).toBeCloseTo(0.6, 9);
    expect(csat.low).toBeCloseTo(wilson(3, 5).low, 6);
    expect(csat.high).toBeCloseTo(wilson(3, 5).high, 6);

    const ces = headline(m, 'ces').estimate; // mean 4, sd 2, n 3
    expect(ces).toMatchObject({ n: 3 });
    expect(ces.value).toBeCloseTo(4, 9);
    expect(ces.low).toBeCloseTo(4 - (T2 * 2) / Math.sqrt(3), 6);
    expect(ces.high).toBeCloseTo(4 + (T2 * 2) / Math.sqrt(3), 6);

    const stars = headline(m, 'stars'); // 5,5,4,2,1 + the two other brands' 3 and 2
    expect(stars.estimate.n).toBe(7);
    expect(stars.estimate.value).toBeCloseTo(22 / 7, 9);
    expect(stars.distribution).toEqual([1, 2, 1, 1, 2]);
    expect(stars.previous).toMatchObject({ value: 1, n: 3 });
    expect(stars.change?.delta).toBeCloseTo(22 / 7 - 1, 9);
    // Too few answers on either side to test the change.
    expect(stars.change?.significant).toBeNull();
  });

  it('counts volume and sentiment as the explorer does, and only this workspace', async () => {
    const m = await metrics(FEB);
    const counts = await owner.json<{ total: number; bySentiment: Record<string, number> }>(
      'GET',
      '/api/v1/feedback/counts?from=2026-02-01&to=2026-03-01',
    );
    const { positive, negative, neutral } = counts.body.bySentiment as Record<
      'positive' | 'negative' | 'neutral',
      number
    >;
    expect(headline(m, 'volume').estimate.value).toBe(25);
    expect(counts.body.total).toBe(25);
    const si = headline(m, 'sentiment_index').estimate;
    expect(si.n).toBe(positive + negative + neutral);
    expect(si.value).toBeCloseTo((positive - negative) / (positive + negative + neutral), 9);
    // Share of voice: the own brand's items among all brands'.
    expect(headline(m, 'share_of_voice').estimate.value).toBeCloseTo(23 / 25, 9);
    // The day series adds up to the headline, and has a point for every day.
    const volume = m.series.find((s) => s.key === 'volume');
    expect(volume?.points).toHaveLength(28);
    expect(volume?.points.reduce((s, p) => s + (p.estimate.value ?? 0), 0)).toBe(25);
  });

  it('answers week and month buckets and slices by brand', async () => {
    const weeks = await metrics(`${FEB}&bucket=week`);
    const volume = weeks.series.find((s) => s.key === 'volume')?.points ?? [];
    expect(volume.map((p) => p.t)).toEqual([
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
    ]);
    expect(volume.reduce((s, p) => s + (p.estimate.value ?? 0), 0)).toBe(25);
    const months = await metrics('preset=custom&from=2026-01-15&to=2026-02-28&bucket=month');
    expect(months.series.find((s) => s.key === 'volume')?.points.map((p) => [p.t, p.estimate.value])).toEqual(
      [
        ['2026-01', 3],
        ['2026-02', 25],
      ],
    );
    // Channel and language read the fine rollups, platform the per-platform ones, the rest the
    // per-brand ones: same counts.
    expect(headline(await metrics(`${FEB}&platform=google`), 'volume').estimate.value).toBe(7);
    expect(
      headline(
        await metrics(`${FEB}&platform=google&channel=review,social,survey,email,chat,ticket,call,other`),
        'volume',
      ).estimate.value,
    ).toBe(7);
    const byPlatform = await metrics(`${FEB}&groupBy=platform`);
    expect(byPlatform.groups?.reduce((n, g) => n + (g.metrics.volume?.value ?? 0), 0)).toBe(25);
    expect(byPlatform.groups?.find((g) => g.key === 'google')?.metrics.volume?.value).toBe(7);
    expect(headline(await metrics(`${FEB}&channel=survey,review`), 'volume').estimate.value).toBe(25);
    const byLanguage = await metrics(`${FEB}&groupBy=language`);
    expect(byLanguage.groups?.reduce((n, g) => n + (g.metrics.volume?.value ?? 0), 0)).toBe(25);
    const byBrand = await metrics(`${FEB}&groupBy=brand`);
    expect(byBrand.groups?.map((g) => [g.label, g.metrics.volume?.value])).toEqual([
      ['Olga Hotel', 23],
      ['@Rival', 1], // ties by label
      ['=HYPERLINK("http://x")', 1],
    ]);
  });

  it('counts the cases of the period alike from the case rollup and from the cases themselves', async () => {
    // Cases of three items, opened now (1 March) by the playbook at ingest or by hand here; one recovered.
    const page = await owner.json<{ items: { id: string }[] }>(
      'GET',
      '/api/v1/feedback?limit=3&platform=google',
    );
    const ids: string[] = [];
    for (const item of page.body.items) {
      const r = await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId: item.id });
      expect([200, 201]).toContain(r.status); // 200: the item's case exists
      ids.push(r.body.id);
    }
    expect((await owner.json('POST', `/api/v1/cases/${ids[0]}/close`, { outcome: 'recovered' })).status).toBe(
      200,
    );
    const week = 'preset=7d';
    const plain = await metrics(week);
    expect(headline(plain, 'response_rate').estimate.n).toBeGreaterThanOrEqual(1);
    expect(headline(plain, 'recovery_rate').estimate).toMatchObject({ value: 1, n: 1 });
    expect(headline(plain, 'resolution_hours').estimate).toMatchObject({ value: 0, n: 1 });
    const brands = await owner.json<{ brands: { slug: string }[] }>('GET', '/api/v1/brands');
    // Naming every brand takes the filtered path: one aggregate query over the cases.
    const filtered = await metrics(`${week}&brand=${brands.body.brands.map((b) => b.slug).join(',')}`);
    for (const key of [
      'response_rate',
      'sla_kept',
      'recovery_rate',
      'first_response_hours',
      'resolution_hours',
    ])
      expect([key, headline(filtered, key).estimate.n, headline(filtered, key).estimate.value]).toEqual([
        key,
        headline(plain, key).estimate.n,
        headline(plain, key).estimate.value,
      ]);
  });

  it('answers a period with no data, and a single response, without a confident number', async () => {
    const empty = await metrics('preset=custom&from=2020-01-01&to=2020-01-31');
    for (const h of empty.headline) {
      if (h.key === 'volume') expect(h.estimate).toMatchObject({ value: 0, n: 0 });
      else expect(h.estimate).toMatchObject({ value: null, low: null, high: null, n: 0, enough: false });
    }
    const one = await metrics('preset=custom&from=2026-02-01&to=2026-02-01');
    expect(headline(one, 'nps').estimate).toMatchObject({ value: 100, n: 1, enough: false });
  });

  it('resolves presets against the clock (UTC days)', async () => {
    const m = await metrics('preset=7d');
    expect(m.period).toMatchObject({ from: '2026-02-23', to: '2026-03-01' });
    expect(m.previous).toEqual({ from: '2026-02-16', to: '2026-02-22' });
    const all = await metrics('preset=all&bucket=month');
    expect(all.period).toMatchObject({ from: '2026-01-20', to: '2026-02-27' });
    expect(headline(all, 'volume').estimate.value).toBe(28);
  });

  it('exports CSV with formula-looking text neutralised', async () => {
    const r = await owner.request('GET', `/api/v1/metrics?${FEB}&groupBy=brand&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse<Record<string, string>>(await r.text(), { columns: true });
    const labels = new Set(rows.filter((x) => x.section === 'group').map((x) => x.label));
    expect(labels).toContain(`'=HYPERLINK("http://x")`);
    expect(labels).toContain("'@Rival");
    expect(labels).not.toContain('=HYPERLINK("http://x")');
    const nps = rows.find((x) => x.section === 'headline' && x.key === 'nps');
    expect(nps).toMatchObject({ value: '20', n: '10', enough: 'false' });
    for (const path of ['/journey/heatmap', '/drivers', '/benchmark']) {
      const res = await owner.request('GET', `/api/v1${path}?${FEB}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    }
  });

  it('answers the heatmap, drivers and benchmark in their shapes', async () => {
    const heat = await owner.json<{
      stages: { key: string }[];
      cells: { touchpoint: string; volume: number }[];
      lastImpression: { enough: boolean; note: string };
    }>('GET', `/api/v1/journey/heatmap?${FEB}`);
    expect(heat.status).toBe(200);
    expect(heat.body.stages.map((s) => s.key)).toContain('use');
    expect(heat.body.cells.find((c) => c.touchpoint === 'staff')?.volume).toBeGreaterThan(0);
    expect(heat.body.lastImpression).toMatchObject({ enough: false });
    const drivers = await owner.json<{ enough: boolean; warning: string | null; n: number }>(
      'GET',
      `/api/v1/drivers?${FEB}&target=stars`,
    );
    expect(drivers.status).toBe(200);
    expect(drivers.body).toMatchObject({ enough: false, n: 7 });
    expect(drivers.body.warning).toMatch(/Not enough data|Too thin/);
    const bench = await owner.json<{
      own: { name: string }[];
      brands: { name: string; kind: string; volume: number }[];
    }>('GET', `/api/v1/benchmark?${FEB}`);
    expect(bench.status).toBe(200);
    expect(bench.body.own.map((b) => b.name)).toEqual(['Olga Hotel']);
    expect(bench.body.brands.find((b) => b.name === '@Rival')).toMatchObject({ volume: 1 });
  });

  it('names the parameter of a bad request', async () => {
    for (const [query, param] of [
      ['preset=custom&from=2026-02-01', 'to'],
      ['preset=yesterday', 'preset'],
      ['channel=review,fax', 'channel'],
      ['brand=nobody', 'brand'],
      ['stage=moon', 'stage'],
      ['bucket=year', 'bucket'],
      ['preset=custom&from=2026-02-10&to=2026-02-01', 'from'],
    ] as const) {
      const r = await owner.json<{ code: string; errors?: { path: string }[]; detail: string }>(
        'GET',
        `/api/v1/metrics?${query}`,
      );
      expect(r.status, query).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors?.map((e) => e.path) ?? [], query).toContain(param);
    }
  });

  it('needs a caller with analytics:read', async () => {
    expect((await new TestClient(app).json('GET', `/api/v1/metrics?${FEB}`)).status).toBe(401);
    const make = async (scopes: string[]) =>
      (await owner.json<{ key: string }>('POST', '/api/v1/keys', { name: scopes.join(' '), scopes })).body
        .key;
    const reader = new TestClient(app);
    reader.bearer = await make(['feedback:read']);
    const denied = await reader.json<{ code: string }>('GET', `/api/v1/benchmark?${FEB}`);
    expect(denied).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const analyst = new TestClient(app);
    analyst.bearer = await make(['analytics:read']);
    const ok = await analyst.json<Metrics>('GET', `/api/v1/metrics?${FEB}`);
    expect(ok.status).toBe(200);
    expect(headline(ok.body, 'volume').estimate.value).toBe(25);
  });
});
