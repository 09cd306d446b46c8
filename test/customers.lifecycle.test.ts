import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { correctSentiment, withdrawCorrection } from '../src/core/feedback/correct.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { stageOf } from '../src/core/customers/lifecycle.js';
import { mergeCustomers, undoMerge } from '../src/core/customers/merge.js';
import type { CustomerStats } from '../src/core/ports.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { up as profilesMigration } from '../src/store/migrations/0017-customer-profiles.js';
import { up as partialIndexesMigration } from '../src/store/migrations/0031-customer-stats-partial-indexes.js';
import { up as countsKeyedOnceMigration } from '../src/store/migrations/0032-profile-counts-keyed-once.js';
import { up as countsOnStatsMigration } from '../src/store/migrations/0033-profile-counts-on-stats.js';
import { up as countsWithoutDatesMigration } from '../src/store/migrations/0035-profile-counts-without-dates.js';
import { customerProfileRepo } from '../src/store/repos/customer-profiles.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { runJob } from './helpers/jobs.js';

const SYSTEM = { type: 'system', id: null } as const;
const NOW = '2026-06-01T09:00:00.000Z';

/** Days 'YYYY-MM-DD' of a visit every `months` months from `from` (inclusive) to `to` (inclusive). */
function everyMonths(from: string, to: string, months = 1): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T12:00:00Z`);
  while (d.toISOString().slice(0, 10) <= to) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCMonth(d.getUTCMonth() + months);
  }
  return out;
}

/** Items of one customer (by their X handle), one per day given, optionally two on the first day. */
const visits = (
  handle: string,
  days: readonly string[],
  extra: Partial<Parameters<typeof feedbackInput>[0]> = {},
) =>
  days.map((day, i) =>
    feedbackInput({
      externalId: `${handle}-${i}`,
      platform: 'twitter',
      rating: undefined,
      postedAt: `${day}T12:00:00Z`,
      author: { handle, reach: 10 },
      text: 'Lovely coffee as always, the staff were friendly.',
      ...extra,
    }),
  );

/**
 * Lifecycle from each customer's own cadence (issue #14, "Done means"): on fixtures with known
 * cadences the lapsed and at-risk lists are right, and the once-a-year guest is not flagged; the
 * incremental upkeep equals a recount from the items, on both databases.
 */
describe.each(DIALECTS)('customer lifecycle on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let ws: string;
  let other: string;
  const customerOf: Record<string, string> = {};

  const ingest = (workspaceId: string, items: unknown[]) =>
    ingestFeedback({ ...rt.ingestDeps, afterWrite: undefined }, { workspaceId, actor: SYSTEM }, items);

  const FIXTURES: Record<string, string[]> = {
    // Monthly for 14 months, silent since March 1st: three months at June 1st → lapsed.
    monthly_lapsed: everyMonths('2025-01-01', '2026-03-01'),
    // Monthly, last seen April 10th: 52 days > 1.5 × ~30 and < 2.5 × ~30 → at risk.
    monthly_at_risk: everyMonths('2025-04-10', '2026-04-10'),
    // Monthly, last seen May 20th → active.
    monthly_active: everyMonths('2025-05-20', '2026-05-20'),
    // Once a year in August, silent ten months: not flagged.
    yearly: ['2023-08-01', '2024-08-01', '2025-08-01'],
    // One visit a month ago → new; one visit long ago → one-off (not on the win-back list).
    newcomer: ['2026-05-01'],
    one_off: ['2025-01-15'],
    // Two visits within 90 days of the first, weeks of silence since → still new, not at risk.
    new_two: ['2026-03-20', '2026-03-25'],
  };

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    ws = (await createWorkspace(rt.store, { name: 'Corner Café' }, SYSTEM)).id;
    other = (await createWorkspace(rt.store, { name: 'Other Café' }, SYSTEM)).id;
    for (const [handle, days] of Object.entries(FIXTURES)) {
      // Newest first, in two batches: exports often come newest first; visits stay exact.
      const items = visits(handle, [...days].reverse());
      const half = Math.ceil(items.length / 2);
      await ingest(ws, items.slice(0, half));
      await ingest(ws, items.slice(half));
      const row = await rt.database.db
        .selectFrom('customer_identities')
        .select('customer_id')
        .where('workspace_id', '=', ws)
        .where('value', '=', handle)
        .executeTakeFirstOrThrow();
      customerOf[handle] = row.customer_id;
    }
    await ingest(other, visits('monthly_lapsed', FIXTURES.monthly_lapsed ?? []));
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const handles = (rows: readonly CustomerStats[]) =>
    rows.map((r) => Object.entries(customerOf).find(([, id]) => id === r.customerId)?.[0]).sort();

  const list = async (stage: 'new' | 'active' | 'at_risk' | 'lapsed') => {
    const all: CustomerStats[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await rt.store.customerProfiles.lifecycle({
        workspaceId: ws,
        stage,
        now: NOW,
        cursor,
        limit: 1,
      });
      all.push(...page.items);
      if (!page.next) return all;
      cursor = page.next;
    }
  };

  it('keeps visits, cadence and thresholds per customer', async () => {
    const [monthly] = await rt.store.customerProfiles.stats(ws, [customerOf.monthly_lapsed ?? '']);
    expect(monthly).toMatchObject({
      visits: 15,
      items: 15,
      firstSeenAt: '2025-01-01T12:00:00.000Z',
      lastSeenAt: '2026-03-01T12:00:00.000Z',
    });
    expect(monthly?.cadenceDays).toBeCloseTo(424 / 14, 2);
    const [yearly] = await rt.store.customerProfiles.stats(ws, [customerOf.yearly ?? '']);
    expect(yearly?.visits).toBe(3);
    expect(yearly?.cadenceDays).toBeCloseTo(365.5, 0);
    expect(yearly?.atRiskAfter && yearly.atRiskAfter > NOW).toBe(true);
  });

  it('lists lapsed, at risk, new and active customers by their own cadence, keyset-paged', async () => {
    expect(handles(await list('lapsed'))).toEqual(['monthly_lapsed']);
    expect(handles(await list('at_risk'))).toEqual(['monthly_at_risk']);
    expect(handles(await list('new'))).toEqual(['new_two', 'newcomer']);
    // The once-a-year guest silent for ten months is active, not flagged.
    expect(handles(await list('active'))).toEqual(['monthly_active', 'yearly']);
    expect(await rt.store.customerProfiles.stageCounts(ws, NOW)).toEqual({
      new: 2,
      active: 2,
      at_risk: 1,
      lapsed: 1,
      one_off: 1,
    });
    // The other workspace's lapsed regular is its own.
    expect((await rt.store.customerProfiles.stageCounts(other, NOW)).lapsed).toBe(1);
  });

  it('moves with the clock: the at-risk regular lapses, the newcomer becomes a one-off', async () => {
    const later = '2026-09-01T09:00:00.000Z';
    const counts = await rt.store.customerProfiles.stageCounts(ws, later);
    expect(counts).toMatchObject({ new: 0, one_off: 2, at_risk: 0 });
    // The three monthly regulars, and the two-visit newcomer silent since March once their 90 days ended.
    expect(counts.lapsed).toBe(4);
  });

  it('comes back active after a new visit, and counts a second item of a day as the same visit', async () => {
    await ingest(ws, [
      ...visits('monthly_lapsed', ['2026-05-30'], {}).map((i) => ({ ...i, externalId: 'back-1' })),
      ...visits('monthly_lapsed', ['2026-05-30'], {}).map((i) => ({ ...i, externalId: 'back-2' })),
    ]);
    const [s] = await rt.store.customerProfiles.stats(ws, [customerOf.monthly_lapsed ?? '']);
    expect(s).toMatchObject({ visits: 16, items: 17, lastSeenAt: '2026-05-30T12:00:00.000Z' });
    expect(handles(await list('lapsed'))).toEqual([]);
    expect(handles(await list('active'))).toContain('monthly_lapsed');
  });

  it('does not count a new version twice, and moves sentiment by the difference', async () => {
    const id = customerOf.monthly_active ?? '';
    const [before] = await rt.store.customerProfiles.stats(ws, [id]);
    const [first] = visits('monthly_active', ['2026-05-20']);
    // The same item (the external id of the last visit) rewritten as a complaint.
    const r = await ingest(ws, [
      {
        ...first,
        externalId: `monthly_active-${0}`,
        text: 'Terrible, rude staff and cold coffee. Never again.',
      },
    ]);
    expect(r[0]?.status).toBe('updated');
    const [after] = await rt.store.customerProfiles.stats(ws, [id]);
    expect(after?.items).toBe(before?.items);
    expect(after?.visits).toBe(before?.visits);
    expect(after?.negative).toBe((before?.negative ?? 0) + 1);
    expect(after?.positive).toBe((before?.positive ?? 0) - 1);
  });

  /** The stage counts equal a tally of every stats row's stage at each of these times. */
  async function expectCounts(workspaceId: string, nows: readonly string[]) {
    const rows = await rt.database.db
      .selectFrom('customer_stats')
      .select('customer_id')
      .where('workspace_id', '=', workspaceId)
      .execute();
    const stats = await rt.store.customerProfiles.stats(
      workspaceId,
      rows.map((r) => r.customer_id),
    );
    for (const now of nows) {
      const tally = { new: 0, active: 0, at_risk: 0, lapsed: 0, one_off: 0 };
      for (const s of stats) tally[stageOf(s, now)]++;
      expect({ now, counts: await rt.store.customerProfiles.stageCounts(workspaceId, now) }).toEqual({
        now,
        counts: tally,
      });
    }
  }

  /** Stats, touchpoints and intents as kept incrementally, then as recounted from the items: equal. */
  async function expectRecomputed(workspaceId: string, ids: readonly string[]) {
    const p = rt.store.customerProfiles;
    const read = async () => ({
      stats: (await p.stats(workspaceId, ids))
        .map(({ updatedAt: _u, ...rest }) => rest)
        .sort((a, b) => a.customerId.localeCompare(b.customerId)),
      touchpoints: (await Promise.all(ids.map((id) => p.touchpoints(workspaceId, id))))
        .flat()
        .sort((a, b) =>
          `${a.customerId}${a.touchpointKey}`.localeCompare(`${b.customerId}${b.touchpointKey}`),
        ),
      intents: (await Promise.all(ids.map((id) => p.intents(workspaceId, id))))
        .flat()
        .sort((a, b) => `${a.customerId}${a.intent}`.localeCompare(`${b.customerId}${b.intent}`)),
    });
    const kept = await read();
    await rt.store.transaction((tx) => tx.customerProfiles.recompute(workspaceId, ids, NOW));
    expect(await read()).toEqual(kept);
    return kept;
  }

  it('counts each stage from the per-day threshold counts, at any time of day', async () => {
    const [s] = await rt.store.customerProfiles.stats(ws, [customerOf.monthly_at_risk ?? '']);
    const edge = s?.lapsedAfter ?? NOW;
    const justBefore = new Date(Date.parse(edge) - 1).toISOString();
    await expectCounts(ws, [
      NOW,
      edge,
      justBefore,
      '2026-06-18T12:00:00.000Z',
      '2027-06-01T00:00:00.000Z',
      '2020-01-01T00:00:00.000Z',
    ]);
  });

  it('keeps what a recount from the items gives (incremental upkeep = recompute)', async () => {
    const kept = await expectRecomputed(ws, Object.values(customerOf));
    expect(kept.touchpoints.length).toBeGreaterThan(0);
  });

  it('keeps counts right when batches of the same customers are ingested at once', async () => {
    const handles = ['conc_a', 'conc_b', 'conc_c'];
    // The customers exist first (two batches creating one customer at once is the identity resolver's
    // race, not the profiles'); then four batches of their items at once.
    await ingest(
      ws,
      handles.flatMap((handle) =>
        visits(handle, ['2025-12-01']).map((i) => ({ ...i, externalId: `${handle}-first` })),
      ),
    );
    await Promise.all(
      [0, 1, 2, 3].map((batch) =>
        ingest(
          ws,
          handles.flatMap((handle, h) =>
            visits(handle, [`2026-0${1 + batch}-1${h}`]).map((i) => ({
              ...i,
              externalId: `${handle}-${batch}`,
            })),
          ),
        ),
      ),
    );
    const ids = await Promise.all(
      handles.map(async (h) => {
        const row = await rt.database.db
          .selectFrom('customer_identities')
          .select('customer_id')
          .where('workspace_id', '=', ws)
          .where('value', '=', h)
          .executeTakeFirstOrThrow();
        return row.customer_id;
      }),
    );
    expect((await rt.store.customerProfiles.stats(ws, ids)).map((s) => s.items)).toEqual([5, 5, 5]);
    await expectRecomputed(ws, ids);
    await expectCounts(ws, [NOW]);
  });

  it('recounts both customers of a merge and of its undo: the merged one leaves the lists and counts', async () => {
    await ingest(ws, [
      ...visits('merge_x', ['2026-05-02', '2026-05-09']),
      ...visits('merge_amazon', ['2026-05-20']).map((i) => ({ ...i, platform: 'amazon' })),
    ]);
    const idOf = async (value: string) =>
      (
        await rt.database.db
          .selectFrom('customer_identities')
          .select('customer_id')
          .where('workspace_id', '=', ws)
          .where('value', '=', value)
          .executeTakeFirstOrThrow()
      ).customer_id;
    const [survivor, merged] = [await idOf('merge_x'), await idOf('merge_amazon')];
    const before = await rt.store.customerProfiles.stageCounts(ws, NOW);
    const merge = await mergeCustomers(rt.store, {
      workspaceId: ws,
      survivorId: survivor,
      mergedId: merged,
      reason: 'manual',
      actor: SYSTEM,
      now: NOW,
    });
    expect(await rt.store.customerProfiles.stats(ws, [merged])).toEqual([]);
    expect((await rt.store.customerProfiles.stats(ws, [survivor]))[0]).toMatchObject({
      items: 3,
      visits: 3,
      publicReviews: 1,
    });
    expect(await rt.store.customerProfiles.stageCounts(ws, NOW)).toEqual({
      ...before,
      new: before.new - 2,
      active: before.active + 1,
    });
    await expectCounts(ws, [NOW]);
    await undoMerge(rt.store, { workspaceId: ws, mergeId: merge.id, actor: SYSTEM, now: NOW });
    expect(await rt.store.customerProfiles.stageCounts(ws, NOW)).toEqual(before);
    await expectRecomputed(ws, [survivor, merged]);
  });

  it('follows a sentiment correction, its withdrawal and the analysis retry job', async () => {
    const id = customerOf.yearly ?? '';
    const [item] = await rt.database.db
      .selectFrom('feedback_items')
      .select('id')
      .where('customer_id', '=', id)
      .orderBy('posted_at', 'desc')
      .execute();
    const scope = { workspaceId: ws, actor: SYSTEM };
    const before = (await rt.store.customerProfiles.stats(ws, [id]))[0];
    await correctSentiment(rt.store, scope, item?.id ?? '', 'negative');
    const corrected = (await rt.store.customerProfiles.stats(ws, [id]))[0];
    expect(corrected).toMatchObject({
      negative: (before?.negative ?? 0) + 1,
      positive: (before?.positive ?? 0) - 1,
      promoter: false,
    });
    await expectRecomputed(ws, [id]);
    await withdrawCorrection(rt.store, scope, item?.id ?? '', 'sentiment');
    expect((await rt.store.customerProfiles.stats(ws, [id]))[0]).toMatchObject({
      negative: before?.negative,
      positive: before?.positive,
    });

    // As ingest stores an item whose analysis threw: pending, no label, no touchpoints; the retry job counts it.
    await rt.database.db
      .updateTable('feedback_items')
      .set({ analysis_status: 'pending', sentiment_label: null, language: null })
      .where('id', '=', item?.id ?? '')
      .execute();
    await rt.database.db
      .deleteFrom('item_touchpoints')
      .where('item_id', '=', item?.id ?? '')
      .execute();
    await rt.store.transaction((tx) => tx.customerProfiles.recompute(ws, [id], NOW));
    await runJob(rt.jobDefs.analysisRetry, { workspaceId: ws, id: item?.id ?? '' });
    expect((await rt.store.customerProfiles.stats(ws, [id]))[0]).toMatchObject({
      positive: before?.positive,
    });
    await expectRecomputed(ws, [id]);
  });

  it("follows the CRM's referrals without reading items, as a recount would", async () => {
    const id = customerOf.monthly_active ?? '';
    const [before] = await rt.store.customerProfiles.stats(ws, [id]);
    await rt.database.db.updateTable('customers').set({ referrals: 3 }).where('id', '=', id).execute();
    await rt.store.transaction((tx) =>
      tx.customerProfiles.setReferrals(
        ws,
        [{ customerId: id }, { customerId: 'nobody' }].map((r) => ({ ...r, referrals: 3 })),
        NOW,
      ),
    );
    const [after] = await rt.store.customerProfiles.stats(ws, [id]);
    expect(after?.referrals).toBe(3);
    expect(after?.ambassadorScore).toBeCloseTo((before?.ambassadorScore ?? 0) + 6, 3);
    await expectRecomputed(ws, [id]);
  });

  it.runIf(dialect === 'sqlite')(
    "reads the lists, today's counts and the ambassadors through the partial indexes that hold only the rows they need",
    async () => {
      // The indexes leave out the rows without a threshold, and the ambassadors index the promoters
      // only, so that an ingested item moves fewer index entries (migration 0031); each read must
      // still be a range on its index, never a scan of every customer.
      const { db: raw } = rt.database;
      const seen: CompiledQuery[] = [];
      const executor = raw.getExecutor();
      const traced = raw.withPlugin({
        transformQuery: (args) => {
          seen.push(executor.compileQuery(args.node, args.queryId));
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      const repo = customerProfileRepo({ db: traced, dialect: 'sqlite' });
      const plans: Record<string, string> = {};
      const explain = async (label: string, run: () => Promise<unknown>) => {
        seen.length = 0;
        await run();
        const details: string[] = [];
        for (const q of seen.filter((c) => /customer_stats/.test(c.sql))) {
          const { rows } = await raw.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
          );
          details.push(...rows.map((r) => r.detail));
        }
        plans[label] = details.join(' | ');
      };
      for (const stage of ['lapsed', 'at_risk', 'new', 'active'] as const) {
        const first = await repo.lifecycle({ workspaceId: ws, stage, now: NOW, limit: 1 });
        await explain(stage, () =>
          repo.lifecycle({ workspaceId: ws, stage, now: NOW, cursor: first.next ?? undefined, limit: 1 }),
        );
      }
      await explain('counts', () => repo.stageCounts(ws, NOW));
      await explain('ambassadors', () => repo.ambassadors(ws, undefined, 10));
      const expected: Record<string, RegExp> = {
        lapsed: /^SEARCH s?\w* ?USING INDEX customer_stats_lapsed \(workspace_id=\? AND lapsed_after<\?\)$/,
        at_risk: /USING INDEX customer_stats_at_risk \(workspace_id=\? AND at_risk_after<\?\)$/,
        new: /USING INDEX customer_stats_new \(workspace_id=\? AND new_until>\? AND new_until<\?\)/,
        active: /USING INDEX customer_stats_at_risk \(workspace_id=\? AND at_risk_after>\?\)$/,
        counts:
          /^(SEARCH customer_stats USING COVERING INDEX customer_stats_(new|at_risk|lapsed) \(workspace_id=\? AND \w+>\? AND \w+<\?\)( \| )?){4}$/,
        ambassadors: /^SEARCH customer_stats USING INDEX customer_stats_ambassadors \(workspace_id=\?\)$/,
      };
      expect(Object.keys(plans)).toEqual(Object.keys(expected));
      for (const [label, pattern] of Object.entries(expected)) expect(plans[label], label).toMatch(pattern);
      // Each index holds only the rows it is read for: customers with the threshold, the promoters.
      const one = async (q: string) =>
        Number((await raw.executeQuery<{ n: number }>(CompiledQuery.raw(q))).rows[0]?.n ?? -1);
      const entries = (index: string) =>
        one(`select coalesce(sum(ncell), 0) as n from dbstat where name = '${index}' and pagetype = 'leaf'`);
      const rows = (where: string) => one(`select count(*) as n from customer_stats where ${where}`);
      expect(await rows('at_risk_after is null')).toBeGreaterThan(0);
      expect(await entries('customer_stats_at_risk')).toBe(await rows('at_risk_after is not null'));
      expect(await entries('customer_stats_lapsed')).toBe(await rows('lapsed_after is not null'));
      expect(await entries('customer_stats_new')).toBe(await rows('new_until is not null'));
      expect(await entries('customer_stats_ambassadors')).toBe(await rows('promoter = 1'));
      expect(await entries('customer_stats_visits')).toBe(0);
      // The counts per touchpoint and intent are on the stats row (migration 0033): an item of a
      // returning customer writes their row and no B-tree of its own; the row's B-trees are the table
      // and the partial indexes above.
      const tables = await raw.executeQuery<{ name: string }>(
        CompiledQuery.raw(
          `select name from sqlite_master where name like 'customer_touchpoints%' or name like 'customer_intents%'`,
        ),
      );
      expect(tables.rows).toEqual([]);
      const indexes = await raw.executeQuery<{ name: string }>(
        CompiledQuery.raw(`select name from pragma_index_list('customer_stats') order by name`),
      );
      expect(indexes.rows.map((r) => r.name)).toEqual([
        'customer_stats_ambassadors',
        'customer_stats_at_risk',
        'customer_stats_lapsed',
        'customer_stats_new',
        'sqlite_autoindex_customer_stats_1',
      ]);
    },
  );

  it('counts the items that exist when the migration runs', async () => {
    const ids = Object.values(customerOf);
    const p = rt.store.customerProfiles;
    const read = async () => ({
      stats: (await p.stats(ws, ids))
        .map(({ updatedAt: _u, ...rest }) => rest)
        .sort((a, b) => a.customerId.localeCompare(b.customerId)),
      touchpoints: await Promise.all(ids.map((id) => p.touchpoints(ws, id))),
      intents: await Promise.all(ids.map((id) => p.intents(ws, id))),
    });
    const before = await read();
    expect(before.touchpoints.flat().length).toBeGreaterThan(0);
    expect(before.intents.flat().length).toBeGreaterThan(0);
    const { db: raw } = rt.database;
    for (const table of ['customer_moments', 'customer_stats', 'customer_stage_days'])
      await raw.schema.dropTable(table).execute();
    // A database from before migration 0017: its profiles are counted by 0033.
    await profilesMigration(raw, { dialect });
    await partialIndexesMigration(raw, { dialect });
    await countsKeyedOnceMigration(raw, { dialect });
    await countsOnStatsMigration(raw, { dialect });
    await countsWithoutDatesMigration(raw, { dialect });
    expect(await read()).toEqual(before);
    expect((await p.stageCounts(other, NOW)).lapsed).toBe(1);
    await expectCounts(ws, [NOW]);
  });

  it('moves the counts of the per-key tables onto the stats rows (migration 0033)', async () => {
    const ids = Object.values(customerOf);
    const p = rt.store.customerProfiles;
    const read = async () => ({
      stats: (await p.stats(ws, ids)).sort((a, b) => a.customerId.localeCompare(b.customerId)),
      touchpoints: await Promise.all(ids.map((id) => p.touchpoints(ws, id))),
      intents: await Promise.all(ids.map((id) => p.intents(ws, id))),
    });
    const before = await read();
    const { db: raw } = rt.database;
    // The tables as migrations 0017 and 0032 left them, holding these counts (and a key counted down
    // to zero, which is not carried over); the stats rows without their counts.
    const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
    await sql
      .raw(
        `create table customer_touchpoints (workspace_id text not null, customer_id text not null,
      touchpoint_key text not null, mentions integer not null default 0, positive integer not null default 0,
      negative integer not null default 0, last_at ${ts}, primary key (customer_id, touchpoint_key))`,
      )
      .execute(raw);
    await sql
      .raw(
        `create table customer_intents (workspace_id text not null, customer_id text not null,
      intent text not null, count integer not null default 0, last_at ${ts}, primary key (customer_id, intent))`,
      )
      .execute(raw);
    for (const t of before.touchpoints.flat())
      await sql`insert into customer_touchpoints values (${ws}, ${t.customerId}, ${t.touchpointKey}, ${t.mentions},
        ${t.positive}, ${t.negative}, ${NOW})`.execute(raw);
    for (const i of before.intents.flat())
      await sql`insert into customer_intents values (${ws}, ${i.customerId}, ${i.intent}, ${i.count}, ${NOW})`.execute(
        raw,
      );
    await sql`insert into customer_intents values (${ws}, ${ids[0]}, 'gone', 0, ${NOW})`.execute(raw);
    for (const column of ['touchpoint_counts', 'intent_counts'])
      await raw.schema.alterTable('customer_stats').dropColumn(column).execute();
    await countsOnStatsMigration(raw, { dialect });
    // 0033 carried each key's last date; 0035 takes the dates off and keeps the counts.
    const rawCounts = async () =>
      (
        await raw
          .selectFrom('customer_stats')
          .select(['customer_id', 'touchpoint_counts', 'intent_counts'])
          .orderBy('customer_id')
          .execute()
      ).map((r: { customer_id: string; touchpoint_counts: string; intent_counts: string }) => ({
        id: r.customer_id,
        touchpoints: JSON.parse(r.touchpoint_counts) as Record<string, unknown[]>,
        intents: JSON.parse(r.intent_counts) as Record<string, unknown[]>,
      }));
    const dated = await rawCounts();
    const entries = dated.flatMap((r) => [...Object.values(r.touchpoints), ...Object.values(r.intents)]);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((v) => typeof v.at(-1) === 'string')).toBe(true);
    await countsWithoutDatesMigration(raw, { dialect });
    const undated = await rawCounts();
    expect(undated).toEqual(
      dated.map((r) => ({
        id: r.id,
        touchpoints: Object.fromEntries(Object.entries(r.touchpoints).map(([k, v]) => [k, v.slice(0, 3)])),
        intents: Object.fromEntries(Object.entries(r.intents).map(([k, v]) => [k, v.slice(0, 1)])),
      })),
    );
    expect(await read()).toEqual(before);
    expect(before.touchpoints.flat().length).toBeGreaterThan(0);
  });

  it('takes forgotten (erased) customers out of the lists and counts', async () => {
    const id = customerOf.monthly_at_risk ?? '';
    await rt.store.transaction((tx) => tx.customerProfiles.forget(ws, [id]));
    expect(await rt.store.customerProfiles.stats(ws, [id])).toEqual([]);
    expect((await list('at_risk')).map((r) => r.customerId)).not.toContain(id);
    await expectCounts(ws, [NOW, '2026-09-01T09:00:00.000Z']);
  });
});
