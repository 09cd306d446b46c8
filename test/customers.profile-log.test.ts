import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { correctSentiment } from '../src/core/feedback/correct.js';
import { importRows, type SourceRow } from '../src/core/feedback/import.js';
import { ingestFeedback, newIngestCache } from '../src/core/feedback/ingest.js';
import type { FeedbackInput } from '../src/core/feedback/schema.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { customerProfileRepo } from '../src/store/repos/customer-profiles.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';

const SYSTEM = { type: 'system', id: null } as const;
const NOW = '2026-06-01T09:00:00.000Z';

/**
 * Items of five customers over a year, in file order: interleaved, oldest first, a second item on a
 * day already seen, twelve visits for one (milestones), a promoter's NPS answer (another moment).
 */
function items(prefix: string): FeedbackInput[] {
  const out: FeedbackInput[] = [];
  const texts = [
    'Lovely coffee as always, the staff were friendly.',
    'The order was late and cold, very disappointing.',
    'Quick service at the counter.',
  ];
  for (let month = 0; month < 12; month++)
    for (const [c, handle] of ['ana', 'ben', 'cho', 'dev', 'eve'].entries()) {
      if ((month + c) % (c + 1) !== 0) continue; // ana monthly, the others less often
      const day = `2025-${String(month + 1).padStart(2, '0')}-1${c}`;
      out.push({
        externalId: `${prefix}-${handle}-${month}`,
        platform: 'twitter',
        text: texts[(month + c) % texts.length] ?? '',
        postedAt: `${day}T12:00:00Z`,
        author: { handle, reach: 10 * (c + 1) },
        ...(handle === 'dev' && month === 0 ? { score: { kind: 'nps' as const, value: 10 } } : {}),
      });
      if (handle === 'cho' && month === 3)
        out.push({
          ...out.at(-1)!,
          externalId: `${prefix}-${handle}-${month}-again`,
          postedAt: `${day}T18:00:00Z`,
        });
    }
  return out;
}

const asRows = (inputs: readonly FeedbackInput[]): AsyncIterable<SourceRow> =>
  Readable.from(inputs.map((input, i) => ({ ok: true as const, line: i + 1, input })));

/**
 * Issue #13: `touchpoint import` logs the items' profile facts and folds them every `settleEvery`
 * rows in customer order (`CustomerProfileRepo.defer` / `settle`). The profiles it leaves are those
 * a batch-by-batch upkeep and a recount from the items give; a write of the profiles while facts wait
 * in the log (a recount, an erasure, a correction) settles first, so nothing counts twice.
 */
describe.each(DIALECTS)('the customer profile log on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const workspace = async (name: string) => (await createWorkspace(rt.store, { name }, SYSTEM)).id;
  const logged = async (workspaceId?: string) =>
    Number(
      (
        await rt.database.db
          .selectFrom('customer_profile_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .$if(workspaceId !== undefined, (qb) => qb.where('workspace_id', '=', workspaceId ?? ''))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const customers = async (workspaceId: string) =>
    (
      await rt.database.db
        .selectFrom('customers')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
  /** The workspace's profiles keyed by the customer's handle: stats, counts and moment kinds. */
  const profiles = async (workspaceId: string) => {
    const p = rt.store.customerProfiles;
    const handles = await rt.database.db
      .selectFrom('customer_identities')
      .select(['customer_id', 'value'])
      .where('workspace_id', '=', workspaceId)
      .execute();
    const out: Record<string, unknown> = {};
    for (const { customer_id: id, value } of handles) {
      const [stats] = await p.stats(workspaceId, [id]);
      const { updatedAt: _u, customerId: _c, workspaceId: _w, ...rest } = stats ?? ({} as never);
      const moments = await p.moments({ workspaceId, customerId: id, since: '2000-01-01', limit: 50 });
      out[value] = {
        stats: stats ? rest : null,
        touchpoints: (await p.touchpoints(workspaceId, id)).map(({ customerId: _x, ...t }) => t),
        intents: (await p.intents(workspaceId, id)).map(({ customerId: _x, ...i }) => i),
        // A recovered complaint occurs when it is seen (now); the others when their item was posted.
        moments: moments.items
          .map((m) => (m.kind === 'recovered_complaint' ? m.kind : `${m.kind}@${m.occurredAt}`))
          .sort(),
      };
    }
    return out;
  };
  /** The workspace's per-day stage counts (`customer_stage_days`, what the lifecycle's counts read). */
  const stageDays = async (workspaceId: string) =>
    (
      await rt.database.db
        .selectFrom('customer_stage_days')
        .select(['threshold', 'day', 'n'])
        .where('workspace_id', '=', workspaceId)
        .where('n', '!=', 0)
        .orderBy('threshold')
        .orderBy('day')
        .execute()
    ).map((r) => `${r.threshold} ${r.day} ${Number(r.n)}`);
  const recount = async (workspaceId: string) => {
    const ids = await customers(workspaceId); // read before the transaction: SQLite has one writer
    await rt.store.transaction((tx) => tx.customerProfiles.recompute(workspaceId, ids, NOW));
  };

  it('leaves the profiles a batch-by-batch upkeep leaves, and an empty log', async () => {
    const inline = await workspace('Inline');
    const deferred = await workspace('Deferred');
    const actor = SYSTEM;
    const deps = { ...rt.ingestDeps, afterWrite: undefined }; // no cases: their moments are not the profiles'
    // One row per batch: each item folded on its own, as a settle folds each customer's logged items.
    await importRows(deps, { workspaceId: inline, actor, batchSize: 1 }, asRows(items('i')));
    const seenBySettle: number[] = [];
    const reported: [rows: number, logged: number][] = [];
    const progress = await importRows(
      {
        ...deps,
        store: {
          ...rt.store,
          transaction: async (fn) => {
            const out = await rt.store.transaction(fn);
            seenBySettle.push(await logged(deferred));
            return out;
          },
        },
      },
      { workspaceId: deferred, actor, batchSize: 4, settleEvery: 10 },
      asRows(items('d')),
      async (p) => void reported.push([p.rows, await logged(deferred)]),
    );
    expect(progress.created).toBe(items('d').length);
    // The log grew between folds and was folded every 10 rows (the batch that reached them), and at the end.
    expect(Math.max(...seenBySettle)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...seenBySettle)).toBeLessThanOrEqual(12);
    expect(await logged()).toBe(0);
    // A batch that calls for a fold is reported after it, and the last fold is reported too.
    expect(reported.find(([rows]) => rows === 12)).toEqual([12, 0]); // the first fold: 12 ≥ 10 rows
    expect(reported.at(-1)).toEqual([items('d').length, 0]);

    const kept = await profiles(deferred);
    expect(kept).toEqual(await profiles(inline));
    const days = await stageDays(deferred);
    expect(days.length).toBeGreaterThan(5);
    expect(days).toEqual(await stageDays(inline));
    expect(Object.keys(kept)).toHaveLength(5);
    // Monthly for a year: the 5th and 10th visits are milestones, dated by the item that reached them.
    expect(kept.ana).toMatchObject({ stats: { visits: 12, items: 12 } });
    expect((kept.ana as { moments: string[] }).moments).toEqual(
      expect.arrayContaining([
        'visit_milestone@2025-05-10T12:00:00.000Z',
        'visit_milestone@2025-10-10T12:00:00.000Z',
      ]),
    );
    expect((kept.dev as { stats: { promoter: boolean } }).stats.promoter).toBe(true);
    await recount(deferred);
    expect(await profiles(deferred)).toEqual(kept);
    expect(await stageDays(deferred)).toEqual(days);
  });

  it('folds every as many rows as the workspace has customers, when they are more', async () => {
    const ws = await workspace('Many');
    const deps = { ...rt.ingestDeps, afterWrite: undefined };
    const post = (handle: string, i: number): FeedbackInput => ({
      externalId: `${handle}-${i}`,
      platform: 'twitter',
      text: 'Quick service at the counter.',
      postedAt: `2025-0${1 + (i % 9)}-10T12:00:00Z`,
      author: { handle },
    });
    const handles = Array.from({ length: 30 }, (_, i) => `guest${i}`);
    await ingestFeedback(
      deps,
      { workspaceId: ws, actor: SYSTEM },
      handles.map((h) => post(h, 0)),
    );
    expect(await rt.store.customerProfiles.countCustomers(ws, 1000)).toBe(30);
    expect(await rt.store.customerProfiles.countCustomers(ws, 20)).toBe(20);
    const sizes: number[] = [];
    await importRows(
      {
        ...deps,
        store: {
          ...rt.store,
          transaction: async (fn) => {
            const out = await rt.store.transaction(fn);
            sizes.push(await logged(ws));
            return out;
          },
        },
      },
      { workspaceId: ws, actor: SYSTEM, batchSize: 5, settleEvery: 10 },
      asRows(handles.flatMap((h) => [post(h, 1), post(h, 2)])),
    );
    // 60 rows: folded after 30 and 60 (30 customers), not every 10.
    expect(Math.max(...sizes)).toBe(30);
    // Empty after the fold at the start (nothing waiting), after 30 and 60 rows, and at the end (nothing left).
    expect(sizes.filter((n) => n === 0).length).toBe(4);
    expect(await logged(ws)).toBe(0);
  });

  it('settles before a recount, an erasure and a correction, so no logged item counts twice', async () => {
    const ws = await workspace('Pending');
    const all = items('p');
    const cache = { ...newIngestCache(), deferProfiles: true };
    const ingest = (inputs: FeedbackInput[]) =>
      ingestFeedback(
        { ...rt.ingestDeps, afterWrite: undefined },
        { workspaceId: ws, actor: SYSTEM, cache },
        inputs,
      );
    await ingest(all.slice(0, 20));
    const waiting = await logged(ws);
    expect(waiting).toBe(20);
    // Until it is settled, the profiles do not show the logged items.
    expect(await rt.store.customerProfiles.stats(ws, await customers(ws))).toEqual([]);

    await recount(ws); // settles, then recounts from the items: each item once
    expect(await logged(ws)).toBe(0);
    const stats = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(stats.reduce((n, s) => n + s.items, 0)).toBe(20);

    // A correction of a logged item (its customer's counts are recounted from the items) settles first.
    const [, first] = await ingest(all.slice(20, 22));
    expect(await logged(ws)).toBe(2);
    await correctSentiment(rt.store, { workspaceId: ws, actor: SYSTEM }, first?.itemId ?? '', 'negative');
    expect(await logged(ws)).toBe(0);
    const after = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(after.reduce((n, s) => n + s.items, 0)).toBe(22);
    const before = await profiles(ws);
    await recount(ws);
    expect(await profiles(ws)).toEqual(before);

    // An erasure settles first: nothing of the customer is left waiting in the log.
    await ingest(all.slice(22));
    const ids = await customers(ws);
    await rt.store.transaction((tx) => tx.customerProfiles.forget(ws, ids));
    expect(await logged(ws)).toBe(0);
    expect(await rt.store.customerProfiles.stats(ws, ids)).toEqual([]);
  });

  it('folds the same in many small reads and chunks as in one', async () => {
    const [one, many] = [await workspace('One step'), await workspace('Small steps')];
    const cache = () => ({ ...newIngestCache(), deferProfiles: true });
    for (const [ws, prefix] of [
      [one, 'o'],
      [many, 'm'],
    ] as const)
      await ingestFeedback(
        { ...rt.ingestDeps, afterWrite: undefined },
        { workspaceId: ws, actor: SYSTEM, cache: cache() },
        items(prefix),
      );
    const total = items('x').length;
    expect(await logged(many)).toBe(total);
    // Three rows per read and two customers per chunk: many statements, three chunks of five customers.
    const small = customerProfileRepo(
      { db: rt.database.db, dialect: rt.database.dialect },
      { read: 3, customers: 2 },
    );
    expect(await small.settle(many, NOW)).toBe(total);
    await rt.store.transaction((tx) => tx.customerProfiles.settle(one, NOW));
    expect(await logged()).toBe(0);
    expect(await profiles(many)).toEqual(await profiles(one));
    // The stage counts' changes are summed over the chunks and written once.
    expect((await stageDays(many)).length).toBeGreaterThan(5);
    expect(await stageDays(many)).toEqual(await stageDays(one));
  });

  it('counts a day once however the file is ordered', async () => {
    const ws = await workspace('Unordered');
    const cache = { ...newIngestCache(), deferProfiles: true };
    const day = (d: string, i: number): FeedbackInput => ({
      externalId: `u-${i}`,
      platform: 'twitter',
      text: 'Quick service at the counter.',
      postedAt: `2025-03-${d}T${10 + i}:00:00Z`,
      author: { handle: 'unordered' },
    });
    // The 1st, the 5th, then the 3rd twice: three visits.
    await ingestFeedback(
      { ...rt.ingestDeps, afterWrite: undefined },
      { workspaceId: ws, actor: SYSTEM, cache },
      [day('01', 0), day('05', 1), day('03', 2), day('03', 3)],
    );
    await rt.store.transaction((tx) => tx.customerProfiles.settle(ws, NOW));
    const [stats] = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(stats).toMatchObject({ visits: 3, items: 4 });
  });

  it('tracks a rewrite at once, after settling what waits', async () => {
    const ws = await workspace('Rewrites');
    const cache = { ...newIngestCache(), deferProfiles: true };
    const ingest = (inputs: FeedbackInput[]) =>
      ingestFeedback(
        { ...rt.ingestDeps, afterWrite: undefined },
        { workspaceId: ws, actor: SYSTEM, cache },
        inputs,
      );
    const all = items('r');
    await ingest(all.slice(0, 10));
    expect(await logged(ws)).toBe(10);
    const edited = { ...all[0]!, text: 'Changed my mind: the order was late and the staff were rude.' };
    expect((await ingest([edited, all[10]!])).map((r) => r.status)).toEqual(['updated', 'created']);
    expect(await logged(ws)).toBe(0);
    const stats = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(stats.reduce((n, s) => n + s.items, 0)).toBe(11);
    const kept = await profiles(ws);
    await recount(ws);
    expect(await profiles(ws)).toEqual(kept);
  });

  it('folds the log of an import that stopped: the housekeeping job, after ten minutes', async () => {
    const ws = await workspace('Crashed');
    const cache = { ...newIngestCache(), deferProfiles: true };
    await ingestFeedback(
      { ...rt.ingestDeps, afterWrite: undefined },
      { workspaceId: ws, actor: SYSTEM, cache },
      items('c').slice(0, 6),
    );
    expect(await logged(ws)).toBe(6);
    await runJob(rt.jobDefs.profilesSettle, {});
    expect(await logged(ws)).toBe(6); // logged just now: an import may still be running
    await rt.database.db
      .updateTable('customer_profile_log')
      .set({ logged_at: new Date(Date.now() - 11 * 60_000).toISOString() })
      .where('workspace_id', '=', ws)
      .execute();
    expect(
      await rt.store.customerProfiles.unsettled(new Date(Date.now() - 10 * 60_000).toISOString()),
    ).toEqual([ws]);
    await runJob(rt.jobDefs.profilesSettle, {});
    expect(await logged(ws)).toBe(0);
    const stats = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(stats.reduce((n, s) => n + s.items, 0)).toBe(6);
  });

  it('folds what an import logged before it failed', async () => {
    const ws = await workspace('Failing');
    async function* failing(): AsyncIterable<SourceRow> {
      for (const [i, input] of items('f').slice(0, 9).entries())
        yield await Promise.resolve({ ok: true as const, line: i + 1, input });
      throw new Error('the disk went away');
    }
    await expect(
      importRows(
        rt.ingestDeps,
        { workspaceId: ws, actor: SYSTEM, batchSize: 4, settleEvery: 100 },
        failing(),
      ),
    ).rejects.toThrow('the disk went away');
    expect(await logged(ws)).toBe(0);
    const stats = await rt.store.customerProfiles.stats(ws, await customers(ws));
    expect(stats.reduce((n, s) => n + s.items, 0)).toBe(8); // two batches of 4 were written; the 9th never
  });

  it("moves a stored profile's lifecycle thresholds with its items, and the indexes that list them agree", async () => {
    const ws = await workspace('Regulars');
    const all = items('r');
    // Folds of a few rows each, so most folds update rows stored by an earlier one.
    await importRows(
      { ...rt.ingestDeps, afterWrite: undefined },
      { workspaceId: ws, actor: SYSTEM, batchSize: 3, settleEvery: 3 },
      asRows(all),
    );
    // The same items in one fold, where every row is new: what updates of stored rows must leave.
    const once = await workspace('Regulars at once');
    await importRows(
      { ...rt.ingestDeps, afterWrite: undefined },
      { workspaceId: once, actor: SYSTEM, batchSize: 1000, settleEvery: 1000 },
      asRows(items('o')),
    );
    expect(await profiles(ws)).toEqual(await profiles(once));
    const stats = await rt.store.customerProfiles.stats(ws, await customers(ws));
    // At each month's start, each stage listed through its threshold's index holds the customers its
    // rule picks from the rows.
    const stages = new Set<string>();
    for (let month = 1; month <= 24; month++) {
      const now = new Date(Date.UTC(2025, month, 1)).toISOString();
      const stageOf = (s: (typeof stats)[number]) =>
        s.newUntil !== null && s.newUntil > now
          ? 'new'
          : s.lapsedAfter !== null && s.lapsedAfter <= now
            ? 'lapsed'
            : s.atRiskAfter !== null && s.atRiskAfter <= now
              ? 'at_risk'
              : s.atRiskAfter !== null
                ? 'active'
                : undefined;
      for (const stage of ['new', 'active', 'at_risk', 'lapsed'] as const) {
        const listed = await rt.store.customerProfiles.lifecycle({ workspaceId: ws, stage, now, limit: 50 });
        const ids = listed.items.map((s) => s.customerId).sort();
        expect(ids, `${stage} at ${now}`).toEqual(
          stats
            .filter((s) => stageOf(s) === stage)
            .map((s) => s.customerId)
            .sort(),
        );
        if (ids.length > 0) stages.add(stage);
      }
    }
    expect([...stages].sort()).toEqual(['active', 'at_risk', 'lapsed']); // all have three visits or more
    if (dialect === 'sqlite')
      expect(
        rt.database.runEach &&
          (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(rt.database.db)).rows,
      ).toEqual([{ integrity_check: 'ok' }]);
  });

  it.runIf(dialect === 'sqlite')('writes a stats row whole when the row it read is gone', async () => {
    const ws = await workspace('Gone');
    const all = items('g');
    await importRows(
      rt.ingestDeps,
      { workspaceId: ws, actor: SYSTEM, batchSize: 100, settleEvery: 100 },
      asRows(all.slice(0, 10)),
    );
    const ids = await customers(ws); // read before the transaction: SQLite has one connection
    const [first] = ids;
    const runEach = rt.database.runEach!;
    // The row is deleted under the fold's update, which then finds nothing to change.
    await rt.database.db.transaction().execute(async (trx) => {
      await customerProfileRepo({
        db: trx,
        dialect,
        runEach: (text, rows) => {
          rt.database.runEach!('delete from customer_stats where customer_id = ?', [[first]]);
          return runEach(text, rows);
        },
      }).recompute(ws, ids, NOW);
    });
    const [stats] = await rt.store.customerProfiles.stats(ws, [first ?? '']);
    expect(stats?.items).toBeGreaterThan(0);
    await recount(ws);
    expect(await rt.store.customerProfiles.stats(ws, [first ?? ''])).toEqual([{ ...stats, updatedAt: NOW }]);
  });
});
