import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { correctSentiment, withdrawCorrection } from '../src/core/feedback/correct.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { up as rollupsMigration } from '../src/store/migrations/0011-rollups.js';
import { up as brandRollupsMigration } from '../src/store/migrations/0015-rollup-brands.js';
import { up as platformRollupsMigration } from '../src/store/migrations/0029-rollup-platforms.js';
import { up as driverSamplesMigration } from '../src/store/migrations/0030-driver-samples.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { runJob } from './helpers/jobs.js';

const SYSTEM = { type: 'system', id: null } as const;

/**
 * The rollup contract (issue #13): after every kind of write the rollups kept by deltas equal a
 * recount from the items, on both databases.
 */
describe.each(DIALECTS)('rollups on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let a: string;
  let b: string;
  const ids: Record<string, string> = {};

  /** Every non-empty rollup row of a workspace, sums rounded (floats added and taken away). */
  async function rows(workspaceId: string) {
    const out: Record<string, unknown[]> = {};
    for (const table of [
      'rollup_items',
      'rollup_touchpoints',
      'rollup_brand_items',
      'rollup_brand_touchpoints',
      'rollup_platform_items',
      'rollup_platform_touchpoints',
    ]) {
      const { rows: found } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}
        where workspace_id = ${workspaceId} and n <> 0`.execute(rt.database.db);
      out[table] = found
        .map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              typeof v === 'string' ? v : Math.round(Number(v) * 1e6) / 1e6,
            ]),
          ),
        )
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    }
    // The drivers' samples (migration 0030) are kept by the same writes.
    const samples = await rt.database.db
      .selectFrom('driver_samples')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute();
    out.driver_samples = samples
      .map((r) => ({
        ...r,
        posted_at: new Date(r.posted_at).toISOString(),
        value: Number(r.value),
        touchpoints: (JSON.parse(r.touchpoints) as [string, string, number][]).map(([k, l, x]) => [
          k,
          l,
          Math.round(x * 1e6) / 1e6,
        ]),
      }))
      .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    return out;
  }

  /** The rollups as kept equal the rollups recounted from the items. */
  async function expectConsistent(workspaceId: string) {
    const kept = await rows(workspaceId);
    await rt.store.transaction((tx) => tx.rollups.rebuild(workspaceId));
    expect(kept).toEqual(await rows(workspaceId));
    return kept;
  }

  // Without the case playbook: the rollups alone are under test.
  const ingest = (workspaceId: string, items: unknown[]) =>
    ingestFeedback({ ...rt.ingestDeps, afterWrite: undefined }, { workspaceId, actor: SYSTEM }, items);

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    a = (await createWorkspace(rt.store, { name: 'Alpha Hotel' }, SYSTEM)).id;
    b = (await createWorkspace(rt.store, { name: 'Beta Shop' }, SYSTEM)).id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('counts new items by day and month, with stars, NPS, CSAT, CES and touchpoints', async () => {
    const results = await ingest(a, [
      feedbackInput({
        externalId: 'r1',
        rating: 5,
        text: 'The staff were wonderful and the room was spotless.',
        postedAt: '2026-01-31T23:30:00Z',
      }),
      feedbackInput({
        externalId: 'r2',
        rating: 1.5,
        text: 'Rude staff at check-in, dirty room.',
        postedAt: '2026-02-01T00:10:00+01:00',
      }),
      feedbackInput({
        externalId: 'n1',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 9 },
        text: 'Great breakfast.',
        postedAt: '2026-02-03T10:00:00Z',
      }),
      feedbackInput({
        externalId: 'n2',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 6 },
        text: 'The wifi was slow.',
        postedAt: '2026-02-03T11:00:00Z',
      }),
      feedbackInput({
        externalId: 'c1',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'csat', value: 4 },
        text: 'Fine.',
        postedAt: '2026-02-04T11:00:00Z',
      }),
      feedbackInput({
        externalId: 'e1',
        platform: 'survey',
        rating: undefined,
        score: { kind: 'ces', value: 6 },
        text: 'Das Personal war sehr freundlich.',
        postedAt: '2026-02-04T12:00:00Z',
        brand: 'Rival Inn',
      }),
    ]);
    results.forEach((r, i) => (ids[['r1', 'r2', 'n1', 'n2', 'c1', 'e1'][i] ?? ''] = r.itemId ?? ''));
    await ingest(b, [
      feedbackInput({ externalId: 'r1', rating: 3, text: 'OK shop.', postedAt: '2026-02-01T10:00:00Z' }),
    ]);
    const kept = await expectConsistent(a);
    const items = kept.rollup_items as {
      grain: string;
      bucket: string;
      n: number;
      r1: number;
      rating_n: number;
    }[];
    // A day is the UTC day of posted_at: 2026-02-01T00:10+01:00 is 31 January.
    const jan31 = items.filter((r) => r.grain === 'd' && r.bucket === '2026-01-31');
    expect(jan31.reduce((s, r) => s + r.n, 0)).toBe(2);
    expect(jan31.reduce((s, r) => s + r.r1, 0)).toBe(1); // 1.5 stars is in the 1-star bar
    const months = items.filter((r) => r.grain === 'm');
    expect(months.reduce((s, r) => s + r.n, 0)).toBe(6);
    expect((kept.rollup_touchpoints as unknown[]).length).toBeGreaterThan(0);
    // Another workspace's items are never counted here.
    expect((await rows(b)).rollup_items).toHaveLength(2);
  });

  it('moves an item between buckets when a new version changes its rating, text and date', async () => {
    await ingest(a, [
      feedbackInput({
        externalId: 'r1',
        rating: 2,
        text: 'The staff were rude and the room was dirty.',
        postedAt: '2026-03-02T09:00:00Z',
      }),
      // The same key twice in one batch: created, then a second version.
      feedbackInput({ externalId: 'x1', rating: 4, text: 'Nice pool.', postedAt: '2026-02-10T09:00:00Z' }),
      feedbackInput({
        externalId: 'x1',
        rating: 1,
        text: 'Nice pool but rude staff.',
        postedAt: '2026-02-10T09:00:00Z',
      }),
    ]);
    await expectConsistent(a);
  });

  it('follows a sentiment correction and its withdrawal', async () => {
    const scope = { workspaceId: a, actor: SYSTEM };
    await correctSentiment(rt.store, scope, ids.r2 ?? '', 'positive');
    await expectConsistent(a);
    await correctSentiment(rt.store, scope, ids.n2 ?? '', 'negative');
    await withdrawCorrection(rt.store, scope, ids.r2 ?? '', 'sentiment');
    await expectConsistent(a);
  });

  it('follows the analysis retry job of an item stored without analysis', async () => {
    const id = ids.c1 ?? '';
    // As ingest stores an item whose analysis threw: pending, no label, no touchpoints.
    await rt.database.db
      .updateTable('feedback_items')
      .set({ analysis_status: 'pending', sentiment_label: null, language: null })
      .where('id', '=', id)
      .execute();
    await rt.database.db.deleteFrom('item_touchpoints').where('item_id', '=', id).execute();
    await rt.store.transaction((tx) => tx.rollups.rebuild(a));
    await runJob(rt.jobDefs.analysisRetry, { workspaceId: a, id });
    const item = await rt.store.feedback.get(a, id);
    expect(item?.analysisStatus).toBe('done');
    await expectConsistent(a);
  });

  it('counts the items that exist when the migrations run', async () => {
    const kept = { a: await rows(a), b: await rows(b) };
    const { db: raw } = rt.database;
    await raw.schema.dropTable('rollup_items').execute();
    await raw.schema.dropTable('rollup_touchpoints').execute();
    await raw.schema.dropIndex('cases_opened').execute();
    await rollupsMigration(raw, { dialect });
    await raw.schema.dropTable('rollup_brand_items').execute();
    await raw.schema.dropTable('rollup_brand_touchpoints').execute();
    await brandRollupsMigration(raw, { dialect });
    await raw.schema.dropTable('rollup_platform_items').execute();
    await raw.schema.dropTable('rollup_platform_touchpoints').execute();
    await platformRollupsMigration(raw, { dialect });
    await raw.schema.dropTable('driver_samples').execute();
    await driverSamplesMigration(raw, { dialect });
    expect({ a: await rows(a), b: await rows(b) }).toEqual(kept);
  });

  it("reads the drivers' sample from its rows as from the items, newest first", async () => {
    const all = { workspaceId: a, from: '2000-01-01', to: '2100-01-01' };
    // A platform filter reads the items (migration 0028's indexes); naming every platform keeps them all.
    const { rows: platforms } = await sql<{ platform: string }>`select distinct platform from feedback_items
      where workspace_id = ${a}`.execute(rt.database.db);
    const viaItems = { ...all, platforms: platforms.map((p) => p.platform) };
    for (const rated of ['stars', 'nps'] as const) {
      const kept = await rt.store.metrics.driverSample(all, { limit: 100, rated });
      expect(kept.length).toBeGreaterThan(0);
      const sorted = (xs: typeof kept) => xs.map((x) => JSON.stringify(x)).sort();
      expect(sorted(kept)).toEqual(
        sorted(await rt.store.metrics.driverSample(viaItems, { limit: 100, rated })),
      );
      // The newest first: a limit of one is the newest rated item.
      const [newest] = await rt.store.metrics.driverSample(all, { limit: 1, rated });
      expect(newest).toEqual((await rt.store.metrics.driverSample(viaItems, { limit: 1, rated }))[0]);
    }
  });

  it('rebuilds one workspace without touching another', async () => {
    const before = await rows(b);
    await rt.store.transaction((tx) => tx.rollups.rebuild(a));
    expect(await rows(b)).toEqual(before);
  });
});
