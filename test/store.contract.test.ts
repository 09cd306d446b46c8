import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../src/analysis/types.js';
import { createUser, createWorkspace } from '../src/core/auth/index.js';
import { LiveAlerts } from '../src/core/alerts/live.js';
import { ingestFeedback, type IngestResult } from '../src/core/feedback/ingest.js';
import { trainWorkspaceModel } from '../src/core/models/workspace-model.js';
import type { FeedbackFilter } from '../src/core/ports.js';
import { migrateToLatest } from '../src/store/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { segmentWords } from '../src/analysis/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const SYSTEM = { type: 'system', id: null } as const;
const never = (): never => {
  throw new Error('expected a value');
};

/** The storage contract: every line holds on SQLite and on PostgreSQL alike. */
describe.each(DIALECTS)('storage on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let a: string;
  let b: string;
  const ingest = (workspaceId: string, items: unknown[]): Promise<IngestResult[]> =>
    ingestFeedback(rt.ingestDeps, { workspaceId, actor: SYSTEM }, items);
  const list = (workspaceId: string, filter: FeedbackFilter = {}) =>
    rt.store.feedback.list(workspaceId, filter, { sort: '-postedAt', limit: 200 });

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

  it('runs the migrations once: a second run applies nothing', async () => {
    expect(await migrateToLatest(rt.database)).toEqual([]);
  });

  it('seeds a workspace with its own brand and the default journey taxonomy', async () => {
    const brands = await rt.store.brands.list(a);
    expect(brands).toEqual([expect.objectContaining({ name: 'Alpha Hotel', kind: 'own' })]);
    const stages = await rt.store.taxonomy.stages(a);
    expect(stages.map((s) => s.key)).toEqual(['discover', 'evaluate', 'buy', 'use', 'support', 'leave']);
    expect(stages.flatMap((s) => s.touchpoints.map((t) => t.key))).toContain('staff');
  });

  it('stores the same item once, and an edited rating as a second version', async () => {
    const item = feedbackInput({ externalId: 'same-1', rating: 5, text: 'Lovely stay, friendly staff.' });
    expect((await ingest(a, [item]))[0]?.status).toBe('created');
    const again = await ingest(a, [item]);
    expect(again[0]).toMatchObject({ status: 'unchanged', version: 1 });
    const edited = await ingest(a, [
      { ...item, rating: 2, text: 'Lovely stay, friendly staff. But they lost my booking.' },
    ]);
    expect(edited[0]).toMatchObject({ status: 'updated', version: 2, itemId: again[0]?.itemId });
    const detail = await rt.store.feedback.get(a, edited[0]?.itemId ?? '');
    expect(detail?.version).toBe(2);
    expect(detail?.rating).toBe(2);
    expect(detail?.versions.map((v) => [v.version, v.rating])).toEqual([
      [2, 2],
      [1, 5],
    ]);
    expect(detail?.analysis?.language).toBe('en');
    expect(detail?.analysisStatus).toBe('done');
    expect((await list(a)).filter((i) => i.externalId === 'same-1')).toHaveLength(1);
  });

  it("puts items that name no brand on the workspace's own brand, even after a named brand appeared", async () => {
    const w = (await createWorkspace(rt.store, { name: 'Harbor Bistro' }, SYSTEM)).id;
    await ingest(w, [feedbackInput({ externalId: 'named', brand: 'Dockside Grill' })]);
    await ingest(w, [feedbackInput({ externalId: 'unnamed' })]);
    const byId = new Map((await list(w)).map((i) => [i.externalId, i.brand.name]));
    expect(byId.get('named')).toBe('Dockside Grill');
    expect(byId.get('unnamed')).toBe('Harbor Bistro');
  });

  it('resolves one customer per person across items, batches and identities', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Customers' }, SYSTEM)).id;
    const email = { kind: 'email' as const, value: 'Mia@Example.com' };
    await ingest(w, [
      feedbackInput({ externalId: 'c-1', platform: 'twitter', author: { handle: '@mia' } }),
      feedbackInput({
        externalId: 'c-2',
        platform: 'twitter',
        author: { handle: 'mia' },
        customer: { identities: [email] },
      }),
      feedbackInput({ externalId: 'c-3', platform: 'twitter', author: { handle: 'noah' } }),
    ]);
    await ingest(w, [
      feedbackInput({
        externalId: 'c-4',
        platform: 'survey',
        customer: { identities: [{ ...email, value: 'mia@example.com' }] },
      }),
      feedbackInput({ externalId: 'c-5', platform: 'survey' }),
    ]);
    const byId = new Map((await list(w)).map((i) => [i.externalId, i.customerId]));
    expect(byId.get('c-1')).toBeTruthy();
    expect(byId.get('c-2')).toBe(byId.get('c-1'));
    expect(byId.get('c-4')).toBe(byId.get('c-1'));
    expect(byId.get('c-3')).not.toBe(byId.get('c-1'));
    expect(byId.get('c-5')).not.toBe(byId.get('c-1'));
  });

  it('rejects an invalid item with the field and reason, and stores the valid ones beside it', async () => {
    const results = await ingest(a, [
      feedbackInput({ externalId: 'ok-1' }),
      { ...feedbackInput({ externalId: 'bad-1' }), rating: 9 },
      { externalId: 'bad-2', platform: 'google', postedAt: 'yesterday' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'rejected', 'rejected']);
    expect(results[1]?.reason).toMatch(/^rating: /);
    expect(results[2]?.reason).toMatch(/text: /);
    expect(results[2]?.reason).toMatch(/postedAt: /);
    const ids = (await list(a)).map((i) => i.externalId);
    expect(ids).toContain('ok-1');
    expect(ids).not.toContain('bad-1');
  });

  it('finds items by full-text search in English, German and Chinese', async () => {
    await ingest(a, [
      feedbackInput({ externalId: 'fts-en', text: 'The breakfast buffet was outstanding.' }),
      feedbackInput({ externalId: 'fts-de', text: 'Der Zug hatte wieder eine Verspätung von einer Stunde.' }),
      feedbackInput({ externalId: 'fts-zh', text: '服务态度很好，房间也很干净。' }),
    ]);
    const search = async (q: string) => (await list(a, { q: segmentWords(q) })).map((i) => i.externalId);
    expect(await search('breakfast')).toEqual(['fts-en']);
    expect(await search('Verspätung')).toEqual(['fts-de']);
    expect(await search('房间')).toEqual(['fts-zh']);
    expect(await search('breakfast Verspätung')).toEqual([]);
    // Query syntax typed by a user is text, not operators.
    expect(await search('"breakfast" OR *')).toEqual([]);
  });

  it('filters by sentiment, platform, rating, date, brand, language and touchpoint', async () => {
    await ingest(a, [
      feedbackInput({
        externalId: 'f-1',
        platform: 'yelp',
        rating: 1,
        text: 'Terrible, rude staff and awful food.',
        postedAt: '2025-03-01T10:00:00Z',
        brand: 'Rival Inn',
      }),
      feedbackInput({
        externalId: 'f-2',
        platform: 'yelp',
        rating: 5,
        text: 'Wonderful evening, the staff were amazing and the food was excellent!',
        postedAt: '2025-03-02T10:00:00Z',
      }),
    ]);
    const ids = async (f: FeedbackFilter) => (await list(a, f)).map((i) => i.externalId).sort();
    expect(await ids({ platform: 'yelp' })).toEqual(['f-1', 'f-2']);
    expect(await ids({ platform: 'yelp', sentiment: 'negative' })).toEqual(['f-1']);
    expect(await ids({ platform: 'yelp', ratingMin: 4 })).toEqual(['f-2']);
    expect(
      await ids({ platform: 'yelp', from: '2025-03-02T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z' }),
    ).toEqual(['f-2']);
    expect(await ids({ brand: 'rival-inn' })).toEqual(['f-1']);
    expect(await ids({ platform: 'yelp', language: 'en' })).toEqual(['f-1', 'f-2']);
    expect(await ids({ platform: 'yelp', touchpoint: 'staff' })).toEqual(['f-1', 'f-2']);
  });

  it('pages with a cursor through every item exactly once, in order', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Paging' }, SYSTEM)).id;
    await ingest(
      w,
      Array.from({ length: 23 }, (_, i) =>
        feedbackInput({
          externalId: `p-${i}`,
          postedAt: new Date(Date.UTC(2025, 0, 1 + (i % 7))).toISOString(),
          rating: (i % 5) + 1,
        }),
      ),
    );
    for (const sort of ['-postedAt', 'postedAt', '-rating', 'rating', '-urgency'] as const) {
      const seen: string[] = [];
      let after: [string | number, string] | undefined;
      for (;;) {
        const page = await rt.store.feedback.list(w, {}, { sort, limit: 5, after });
        seen.push(...page.map((p) => p.externalId));
        const last = page[page.length - 1];
        if (page.length < 5 || !last) break;
        const key = sort.endsWith('postedAt')
          ? last.postedAt
          : sort.endsWith('rating')
            ? (last.rating ?? -1)
            : (last.urgency ?? -1);
        after = [key, last.id];
      }
      expect(new Set(seen).size, sort).toBe(23);
      expect(seen, sort).toHaveLength(23);
    }
  });

  it('counts by sentiment and touchpoint agree with the list', async () => {
    const counts = await rt.store.feedback.counts(a, {});
    const all = await list(a);
    expect(counts.total).toBe(all.length);
    for (const label of ['negative', 'neutral', 'positive'] as const) {
      expect(counts.bySentiment[label]).toBe(all.filter((i) => i.sentiment?.label === label).length);
    }
    const staff = counts.byTouchpoint.find((t) => t.key === 'staff');
    expect(staff?.total).toBe((await list(a, { touchpoint: 'staff' })).length);
  });

  it('keeps workspaces apart: B reads, searches and counts nothing of A', async () => {
    const [created] = await ingest(a, [
      feedbackInput({ externalId: 'secret-1', text: 'Alpha secret pineapple complaint' }),
    ]);
    const id = created?.itemId ?? '';
    expect(await rt.store.feedback.get(b, id)).toBeUndefined();
    expect((await list(b)).map((i) => i.externalId)).not.toContain('secret-1');
    expect(await list(b, { q: ['pineapple'] })).toEqual([]);
    expect((await rt.store.feedback.counts(b, {})).total).toBe((await list(b)).length);
    // The same external id in B is a different item, and changes nothing in A.
    const [inB] = await ingest(b, [feedbackInput({ externalId: 'secret-1', text: 'Beta text' })]);
    expect(inB?.status).toBe('created');
    expect(inB?.itemId).not.toBe(id);
    expect((await rt.store.feedback.get(a, id))?.text).toBe('Alpha secret pineapple complaint');
  });

  it("trains a workspace's own sentiment model from its rated items and uses it for unrated ones", async () => {
    const w = (await createWorkspace(rt.store, { name: 'Model Shop' }, SYSTEM)).id;
    expect(await trainWorkspaceModel(rt.store, w, SYSTEM)).toMatchObject({ trained: false, examples: 0 });
    const good = ['lovely', 'superb', 'delightful', 'charming', 'splendid'];
    const bad = ['soggy', 'grimy', 'sluggish', 'stale', 'shabby'];
    const things = ['pasta', 'terrace', 'waiter', 'menu', 'bread', 'wine', 'dessert', 'table'];
    const items = Array.from({ length: 240 }, (_, i) => {
      const positive = i % 2 === 0;
      const word = (positive ? good : bad)[i % 5] ?? '';
      const thing = things[Math.floor(i / 2) % 8] ?? '';
      return feedbackInput({
        externalId: `m-${i}`,
        text: `The ${thing} was ${word} tonight (${i}).`,
        rating: positive ? 5 : 1,
      });
    });
    await ingest(w, items);
    // Twelve unrated items: more than the re-analysis's first page (5), so it reads several.
    const olds = await ingest(
      w,
      Array.from({ length: 12 }, (_, i) =>
        feedbackInput({
          externalId: `old-unrated-${i}`,
          platform: 'twitter',
          rating: undefined,
          text: i === 0 ? 'The wine was shabby' : `The ${things[i % 8]} was stale (${i})`,
        }),
      ),
    );
    const old = olds[0];
    expect((await rt.store.feedback.get(w, old?.itemId ?? ''))?.analysis?.model).toBe('baseline-lexicon@1');
    const outcome = await trainWorkspaceModel(rt.store, w, SYSTEM);
    expect(outcome.trained).toBe(true);
    const [model] = await rt.store.models.list(w);
    expect(model).toMatchObject({ task: 'sentiment', version: 1, examples: 240 });
    expect(model?.metrics.corrections).toBe(0);
    expect(model?.metrics.folds).toBe(5);
    expect(model?.metrics.accuracy).toBeGreaterThan(0.9);
    // Stopped before its first page (a shutdown), the job queues its continuation and changes nothing.
    const modelOf = async (id: string | undefined) =>
      (await rt.store.feedback.get(w, id ?? ''))?.analysis?.model;
    await rt.jobDefs.reanalyseUnrated.handle(
      { workspaceId: w },
      { jobId: 'test', attempt: 1, logger: rt.logger, signal: AbortSignal.abort() },
    );
    for (const o of olds) expect(await modelOf(o.itemId)).toBe('baseline-lexicon@1');
    // A continuation starts after the item its payload names (pages go by id).
    const byId = olds.map((o) => o.itemId ?? '').sort();
    await rt.jobDefs.reanalyseUnrated.handle(
      { workspaceId: w, after: byId[5] },
      { jobId: 'test', attempt: 1, logger: rt.logger },
    );
    for (const [i, id] of byId.entries())
      expect(await modelOf(id)).toBe(
        i <= 5 ? 'baseline-lexicon@1' : 'baseline-lexicon@1+workspace-sentiment@1',
      );
    // An unrated item stored before the model existed is re-read by the job the training queues.
    await rt.jobDefs.reanalyseUnrated.handle(
      { workspaceId: w },
      { jobId: 'test', attempt: 1, logger: rt.logger },
    );
    const reread = await rt.store.feedback.get(w, old?.itemId ?? '');
    expect(reread?.analysis?.model).toBe('baseline-lexicon@1+workspace-sentiment@1');
    for (const o of olds)
      expect((await rt.store.feedback.get(w, o.itemId ?? ''))?.analysis?.model).toBe(
        'baseline-lexicon@1+workspace-sentiment@1',
      );
    expect(reread?.sentiment?.label).toBe('negative');
    // Unrated items now get the workspace model's reading; "grimy" is in no lexicon.
    const [result] = await ingest(w, [
      feedbackInput({
        externalId: 'unrated',
        platform: 'twitter',
        rating: undefined,
        text: 'The bread was grimy again',
      }),
    ]);
    const detail = await rt.store.feedback.get(w, result?.itemId ?? '');
    expect(detail?.analysis?.model).toBe('baseline-lexicon@1+workspace-sentiment@1');
    expect(detail?.sentiment?.label).toBe('negative');
    // Rated items keep the customer's own number.
    const [rated] = await ingest(w, [
      feedbackInput({ externalId: 'rated', text: 'The bread was grimy again', rating: 5 }),
    ]);
    expect((await rt.store.feedback.get(w, rated?.itemId ?? ''))?.sentiment?.label).toBe('positive');
    // Other workspaces are not affected.
    expect(await rt.store.models.list(a)).toEqual([]);
  });

  it('stores an item whose analysis fails as pending and queues its retry', async () => {
    const failing: Analyzer = {
      model: 'broken@0',
      analyze: () => {
        throw new Error('model file missing');
      },
    };
    const queued: string[] = [];
    const results = await ingestFeedback(
      {
        store: rt.store,
        analyzer: failing,
        onPendingAnalysis: (items) => Promise.resolve(void queued.push(...items.map((i) => i.id))),
      },
      { workspaceId: a, actor: SYSTEM },
      [feedbackInput({ externalId: 'pending-1' })],
    );
    const id = results[0]?.itemId ?? '';
    expect(queued).toEqual([id]);
    expect((await rt.store.feedback.get(a, id))?.analysisStatus).toBe('pending');
    expect((await rt.store.feedback.pendingAnalysis(100)).map((p) => p.id)).toContain(id);
    // The retry job's handler analyses it with the real analyser.
    await rt.jobDefs.analysisRetry.handle(
      { workspaceId: a, id },
      { jobId: 'test', attempt: 1, logger: rt.logger },
    );
    const after = await rt.store.feedback.get(a, id);
    expect(after?.analysisStatus).toBe('done');
    expect(after?.analysis?.language).toBe('en');
  });
  it('keeps one sentiment correction per item: the label of filters and counts, version-bound, per workspace', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Correction Inn' }, SYSTEM)).id;
    const agent = await createUser(
      rt.store,
      { email: 'ada.agent@example.com', name: 'Ada Agent', password: 'agent password 1' },
      SYSTEM,
    );
    const now = new Date().toISOString();
    const text = 'The staff were friendly and the food was good.';
    const [created] = await ingest(w, [
      feedbackInput({ externalId: 'c-1', platform: 'twitter', rating: undefined, text }),
    ]);
    const id = created?.itemId ?? '';
    const label = async (ws = w) => (await rt.store.feedback.get(ws, id))?.sentiment?.label;
    const counted = async () =>
      (await rt.store.feedback.labelledCounts(1)).find((c) => c.workspaceId === w)?.count;
    const machine = await rt.store.feedback.get(w, id);
    expect(machine?.sentiment?.label).toBe('positive');

    const first = await rt.store.corrections.set(
      w,
      id,
      { field: 'sentiment', value: 'neutral', createdBy: agent.id },
      now,
    );
    expect(first).toMatchObject({
      previous: undefined,
      correction: {
        itemId: id,
        value: 'neutral',
        version: 1,
        createdBy: { id: agent.id, name: 'Ada Agent' },
      },
    });
    const second = await rt.store.corrections.set(
      w,
      id,
      { field: 'sentiment', value: 'negative', createdBy: agent.id },
      now,
    );
    expect(second?.previous?.value).toBe('neutral');
    expect(await rt.store.corrections.forItems(w, [id])).toEqual([
      expect.objectContaining({ itemId: id, field: 'sentiment', value: 'negative' }),
    ]);
    // The corrected label is the item's label in filters and counts; the model's stays in the analysis.
    expect(await label()).toBe('negative');
    expect((await rt.store.feedback.get(w, id))?.analysis?.sentiment.label).toBe('positive');
    expect((await list(w, { sentiment: 'negative' })).map((i) => i.id)).toEqual([id]);
    expect((await rt.store.feedback.counts(w, {})).bySentiment).toMatchObject({ negative: 1, positive: 0 });
    // Re-analysing the same version (retry, a new workspace model) does not override the person.
    await rt.store.feedback.saveAnalysis(w, id, machine?.analysis ?? never(), now);
    expect(await label()).toBe('negative');
    expect(await rt.store.corrections.sentimentLabels(w, 10)).toEqual([
      { itemId: id, version: 1, text, label: 'negative' },
    ]);

    // Another workspace can neither see, set nor withdraw it.
    expect(
      await rt.store.corrections.set(b, id, { field: 'sentiment', value: 'positive', createdBy: null }, now),
    ).toBeUndefined();
    expect(await rt.store.corrections.remove(b, id, 'sentiment')).toBeUndefined();
    expect(await rt.store.corrections.forItems(b, [id])).toEqual([]);
    expect(await rt.store.corrections.sentimentLabels(b, 10)).toEqual([]);
    expect(await label()).toBe('negative');

    // Withdrawn: the model's label is back.
    expect((await rt.store.corrections.remove(w, id, 'sentiment'))?.value).toBe('negative');
    expect(await rt.store.corrections.remove(w, id, 'sentiment')).toBeUndefined();
    expect(await label()).toBe('positive');
    expect(await rt.store.corrections.forItems(w, [id])).toEqual([]);
    expect(await counted()).toBeUndefined();

    // An edited text is a new version: the model reads it; the correction still labels the old text.
    await rt.store.corrections.set(
      w,
      id,
      { field: 'sentiment', value: 'negative', createdBy: agent.id },
      now,
    );
    await ingest(w, [
      feedbackInput({
        externalId: 'c-1',
        platform: 'twitter',
        rating: undefined,
        text: 'They called back and fixed everything, wonderful people.',
      }),
    ]);
    expect(await label()).toBe('positive');
    expect(await rt.store.corrections.forItems(w, [id])).toEqual([expect.objectContaining({ version: 1 })]);
    expect(await rt.store.corrections.sentimentLabels(w, 10)).toEqual([
      { itemId: id, version: 1, text, label: 'negative' },
    ]);
    // The unrated, corrected item is a training example of the workspace model, and counts for the sweep.
    expect(await trainWorkspaceModel(rt.store, w, SYSTEM)).toMatchObject({ trained: false, examples: 1 });
    expect(await counted()).toBe(1);
    // Rated and scored items count too (read from the rollups, not the items).
    await ingest(w, [
      feedbackInput({ externalId: 'c-2', platform: 'google', rating: 2, text: 'Slow.' }),
      feedbackInput({
        externalId: 'c-3',
        platform: 'touchpoint',
        channel: 'survey',
        rating: undefined,
        score: { kind: 'nps', value: 9 },
        text: 'Fine.',
      }),
    ]);
    expect(await counted()).toBe(3);
  });

  it('reads training examples newest first across its pages, rated or scored only, in the workspace', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Labelled Inn' }, SYSTEM)).id;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    // 2,003 rated items (more than a page of 2,000), two sharing a time across the first page's end
    // (l-2 and l-3), and unrated ones between.
    const items = Array.from({ length: 2_003 }, (_, i) =>
      feedbackInput({
        externalId: `l-${i}`,
        rating: 1 + (i % 5),
        postedAt: at(i === 2 ? 3 : Math.min(i, 2_001)),
      }),
    );
    for (let i = 0; i < 20; i++)
      items.push(
        feedbackInput({ externalId: `u-${i}`, platform: 'twitter', rating: undefined, postedAt: at(i * 50) }),
      );
    for (let i = 0; i < items.length; i += 500) await ingest(w, items.slice(i, i + 500));
    const rows = await rt.store.feedback.labelled(w, 2_002);
    expect(rows).toHaveLength(2_002);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2_002);
    expect(rows.every((r) => r.rating !== null)).toBe(true);
    const all = await rt.store.feedback.labelled(w, 5_000);
    expect(all).toHaveLength(2_003);
    // The one left out of the first read is the oldest.
    const first = new Set(rows.map((r) => r.id));
    const [left] = all.filter((r) => !first.has(r.id));
    expect((await rt.store.feedback.get(w, left?.id ?? ''))?.externalId).toBe('l-0');
    expect(await rt.store.feedback.labelled(a === w ? b : a, 0)).toEqual([]);
  });

  it('lists the items of an intent newest first, in pages, and only those', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Intent Inn' }, SYSTEM)).id;
    const at = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString();
    const threat = (i: number) => i % 4 === 1;
    const items = Array.from({ length: 12 }, (_, i) =>
      feedbackInput({
        externalId: `i-${i}`,
        postedAt: at(i),
        text: threat(i) ? 'I will sue you and my lawyer will contact you.' : 'Nice stay, good breakfast.',
      }),
    );
    await ingest(w, items);
    const expected = items
      .filter((_, i) => threat(i))
      .map((i) => i.externalId)
      .reverse();
    const first = await rt.store.feedback.list(
      w,
      { intent: 'legal_threat' },
      { sort: '-postedAt', limit: 2 },
    );
    expect(first.map((r) => r.externalId)).toEqual(expected.slice(0, 2));
    const last = first.at(-1);
    const rest = await rt.store.feedback.list(
      w,
      { intent: 'legal_threat' },
      { sort: '-postedAt', limit: 10, after: [last?.postedAt ?? '', last?.id ?? ''] },
    );
    expect(rest.map((r) => r.externalId)).toEqual(expected.slice(2));
    expect(
      await rt.store.feedback.list(a, { intent: 'legal_threat' }, { sort: '-postedAt', limit: 10 }),
    ).toEqual([]);
  });

  it('searches past the newest 2,000 items and pages a common word in order', async () => {
    const w = (await createWorkspace(rt.store, { name: 'Search Inn' }, SYSTEM)).id;
    const at = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    // 2,100 items; "zebra" in the oldest and the newest; "walrus" in 66 of the newest 200.
    const text = (i: number) =>
      i === 3 || i === 2_098
        ? 'A zebra at the desk.'
        : i >= 1_900 && i % 3 === 0
          ? 'A walrus in the pool.'
          : 'Quiet stay.';
    const items = Array.from({ length: 2_100 }, (_, i) =>
      feedbackInput({ externalId: `s-${i}`, text: text(i), postedAt: at(i) }),
    );
    for (let i = 0; i < items.length; i += 500) await ingest(w, items.slice(i, i + 500));
    const ext = (rows: { externalId: string }[]) => rows.map((r) => r.externalId);
    // The older zebra lies beyond the window: the list still finds it.
    expect(ext(await rt.store.feedback.list(w, { q: ['zebra'] }, { sort: '-postedAt', limit: 50 }))).toEqual([
      's-2098',
      's-3',
    ]);
    const walrus = Array.from({ length: 2_100 }, (_, i) => i)
      .filter((i) => text(i).includes('walrus'))
      .reverse()
      .map((i) => `s-${i}`);
    expect(walrus).toHaveLength(66);
    const first = await rt.store.feedback.list(w, { q: ['walrus'] }, { sort: '-postedAt', limit: 50 });
    expect(ext(first)).toEqual(walrus.slice(0, 50));
    const last = first.at(-1);
    const second = await rt.store.feedback.list(
      w,
      { q: ['walrus'] },
      { sort: '-postedAt', limit: 50, after: [last?.postedAt ?? '', last?.id ?? ''] },
    );
    expect(ext(second)).toEqual(walrus.slice(50));
    // An item of the window edited to say "walrus" is indexed again (on SQLite under a new rowid):
    // the window still finds it in its place.
    await ingest(w, [
      feedbackInput({ externalId: 's-2050', text: 'A walrus at last.', postedAt: at(2_050) }),
    ]);
    const edited = await rt.store.feedback.list(w, { q: ['walrus'] }, { sort: '-postedAt', limit: 50 });
    const withEdit = ['s-2050', ...walrus].sort((x, y) => Number(y.slice(2)) - Number(x.slice(2)));
    expect(ext(edited)).toEqual(withEdit.slice(0, 50));
    // Oldest first, and in another workspace nothing.
    const asc = await rt.store.feedback.list(w, { q: ['zebra'] }, { sort: 'postedAt', limit: 1 });
    expect(ext(asc)).toEqual(['s-3']);
    expect(await rt.store.feedback.list(a, { q: ['walrus'] }, { sort: '-postedAt', limit: 50 })).toEqual([]);
  });

  it('keeps cases, their items and events in their workspace', async () => {
    const [r] = await ingest(a, [
      feedbackInput({
        externalId: 'case-1',
        platform: 'twitter',
        rating: undefined,
        text: 'Terrible service, the staff were rude and nobody helped.',
        author: { handle: 'case_author', reach: 50 },
      }),
    ]);
    const id = r?.itemId ?? never();
    const [link] = await rt.store.cases.forItems(a, [id]);
    const caseId = link?.case.id ?? never();
    expect(link?.case).toMatchObject({
      status: 'open',
      itemId: id,
      authorHandle: 'case_author',
      channel: 'social',
    });
    expect(await rt.store.cases.get(b, caseId)).toBeUndefined();
    expect(await rt.store.cases.forItems(b, [id])).toEqual([]);
    expect(await rt.store.cases.list(b, {}, { limit: 10 })).toEqual([]);
    expect(await rt.store.cases.events(b, caseId)).toEqual([]);
    expect(await rt.store.cases.items(b, caseId)).toEqual([]);
    await rt.store.cases.update(b, caseId, { status: 'closed', updatedAt: new Date().toISOString() });
    expect((await rt.store.cases.get(a, caseId))?.status).toBe('open');
    expect((await rt.store.cases.events(a, caseId)).map((e) => e.kind)).toEqual(['opened']);
    const threads = await rt.store.cases.openForThreads(a, {
      customerIds: [],
      handles: [{ platform: 'twitter', handle: 'case_author' }],
    });
    expect(threads.map((c) => c.id)).toEqual([caseId]);
    expect(
      await rt.store.cases.openForThreads(a, {
        customerIds: [],
        handles: [{ platform: 'yelp', handle: 'case_author' }],
      }),
    ).toEqual([]);
  });

  it('claims a queued reply for exactly one sender, and only when it is due', async () => {
    const [link] = await rt.store.cases.list(a, { status: ['open'] }, { limit: 1 });
    const c = link ?? never();
    const now = '2026-03-02T10:00:00.000Z';
    const reply = await rt.store.replies.insert(a, {
      id: '00000000-0000-4000-8000-000000000001',
      caseId: c.id,
      itemId: c.itemId,
      channel: 'webhook',
      recipient: null,
      subject: null,
      text: 'Sorry!',
      language: 'en',
      status: 'queued',
      sentBy: null,
      createdAt: now,
      sentAt: null,
    });
    expect(await rt.store.replies.claim(b, reply.id, now)).toBeUndefined();
    const claims = await Promise.all([
      rt.store.replies.claim(a, reply.id, now),
      rt.store.replies.claim(a, reply.id, now),
      rt.store.replies.claim(a, reply.id, now),
    ]);
    expect(claims.filter((x) => x !== undefined)).toEqual([
      expect.objectContaining({ status: 'sending', attempts: 1 }),
    ]);
    const later = '2026-03-02T10:05:00.000Z';
    await rt.store.replies.update(a, reply.id, { status: 'queued', nextAttemptAt: later, updatedAt: now });
    expect(await rt.store.replies.claim(a, reply.id, now)).toBeUndefined();
    expect(await rt.store.replies.overdue(now, 10)).toEqual([]);
    expect(await rt.store.replies.overdue('2026-03-02T10:06:00.000Z', 10)).toEqual([
      { workspaceId: a, id: reply.id },
    ]);
    expect(await rt.store.replies.claim(a, reply.id, later)).toMatchObject({ attempts: 2 });
    await rt.store.replies.update(a, reply.id, { status: 'sent', sentAt: later, updatedAt: later });
    expect(await rt.store.replies.claim(a, reply.id, '2030-01-01T00:00:00.000Z')).toBeUndefined();
    expect(await rt.store.replies.forCase(b, c.id)).toEqual([]);
    expect(await rt.store.replies.stuck('2030-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  it('assigns round robin within a team, where the member assigned longest ago goes next', async () => {
    const people = [];
    for (const name of ['Rae', 'Sam', 'Tia']) {
      const u = await createUser(
        rt.store,
        { email: `${name.toLowerCase()}@rr.example`, name, password: 'round robin pass' },
        SYSTEM,
      );
      await rt.store.users.addMembership(a, u.id, 'agent');
      people.push(u.id);
    }
    const now = new Date().toISOString();
    const team = await rt.store.teams.create(a, { name: 'RR', key: 'rr', leadUserId: null }, now);
    await rt.store.teams.update(a, team.id, { members: people, touchpoints: ['billing', 'payment'] }, now);
    const five = await rt.store.teams.roundRobin(a, team.id, 5);
    const [x, y, z] = five;
    expect(new Set([x, y, z])).toEqual(new Set(people));
    expect(five).toEqual([x, y, z, x, y]);
    expect(await rt.store.teams.roundRobin(a, team.id, 1)).toEqual([z]);
    expect(await rt.store.teams.roundRobin(a, team.id, 2)).toEqual([x, y]);
    expect(await rt.store.teams.roundRobin(b, team.id, 1)).toEqual([]);
    expect([...(await rt.store.teams.owners(a)).entries()].sort()).toEqual([
      ['billing', team.id],
      ['payment', team.id],
    ]);
    expect((await rt.store.teams.owners(b)).size).toBe(0);
    // A touchpoint has one owner: giving it to another team takes it from this one.
    const other = await rt.store.teams.create(a, { name: 'Other', key: 'other', leadUserId: null }, now);
    await rt.store.teams.update(a, other.id, { touchpoints: ['payment'] }, now);
    expect((await rt.store.teams.get(a, team.id))?.touchpoints).toEqual(['billing']);
    expect(await rt.store.teams.get(b, team.id)).toBeUndefined();
  });

  it('runs the playbook on an item whose analysis arrives late (analysis.retry)', async () => {
    const failing: Analyzer = {
      model: 'broken@0',
      analyze: () => {
        throw new Error('model file missing');
      },
    };
    const [r] = await ingestFeedback(
      { store: rt.store, analyzer: failing, afterWrite: rt.ingestDeps.afterWrite },
      { workspaceId: a, actor: SYSTEM },
      [
        feedbackInput({
          externalId: 'late-1',
          platform: 'twitter',
          rating: undefined,
          text: 'Horrible experience, the staff were rude and the food was cold.',
          author: { handle: 'late_author' },
        }),
      ],
    );
    const id = r?.itemId ?? never();
    expect(await rt.store.cases.forItems(a, [id])).toEqual([]);
    await rt.jobDefs.analysisRetry.handle(
      { workspaceId: a, id },
      { jobId: 'test', attempt: 1, logger: rt.logger },
    );
    expect(await rt.store.cases.forItems(a, [id])).toEqual([
      { itemId: id, case: expect.objectContaining({ status: 'open', itemId: id }) as unknown },
    ]);
  });

  it("gives a workspace's detector lease to one owner until it expires or is released, and each queued item to one taker", async () => {
    // Two workspaces of its own whose items reach no detector and start no analysis job: the
    // runtime's detector never claims them, so nothing but this test queues or takes their items
    // (the shared workspaces' late analyses were queued for them in the background: a CI failure).
    const quiet = { ...rt.ingestDeps, afterWrite: undefined, onPendingAnalysis: undefined };
    const [a, b] = [
      (await createWorkspace(rt.store, { name: 'Lease Hotel' }, SYSTEM)).id,
      (await createWorkspace(rt.store, { name: 'Lease Shop' }, SYSTEM)).id,
    ];
    for (const ws of [a, b])
      await ingestFeedback(
        quiet,
        { workspaceId: ws, actor: SYSTEM },
        [1, 2, 3].map((n) => feedbackInput({ externalId: `lease-${ws}-${n}`, text: `Visit ${n}.` })),
      );
    const base = Date.now() + 60_000;
    const t = (s: number) => new Date(base + s * 1000).toISOString();
    const alerts = rt.store.alerts;
    expect(await alerts.claimDetector(a, 'p1', t(0), t(15))).toBe(true);
    expect(await alerts.claimDetector(a, 'p2', t(5), t(20))).toBe(false);
    expect(await alerts.claimDetector(b, 'p2', t(5), t(20))).toBe(true); // per workspace
    expect(await alerts.claimDetector(a, 'p1', t(10), t(25))).toBe(true); // renewed
    expect(await alerts.claimDetector(a, 'p2', t(20), t(35))).toBe(false); // p1's renewal holds until 25
    expect(await alerts.claimDetector(a, 'p2', t(26), t(41))).toBe(true); // expired: taken over
    expect(await alerts.claimDetector(a, 'p1', t(27), t(42))).toBe(false);
    await alerts.releaseDetector(a, 'p1'); // not p1's any more: no effect
    expect(await alerts.claimDetector(a, 'p1', t(28), t(43))).toBe(false);
    await alerts.releaseDetector(a, 'p2');
    expect(await alerts.claimDetector(a, 'p1', t(29), t(44))).toBe(true);
    // Renewal in one statement: only the leases the owner still holds.
    expect((await alerts.renewDetectors('p2', [a, b], t(50))).sort()).toEqual([b]);
    expect(await alerts.renewDetectors('p1', [a, b], t(55))).toEqual([a]);
    expect(await alerts.renewDetectors('p1', [], t(55))).toEqual([]);
    expect(await alerts.claimDetector(a, 'p2', t(50), t(65))).toBe(false); // p1 renewed until 55
    expect(await alerts.claimDetector(b, 'p1', t(49), t(64))).toBe(false); // p2 renewed until 50
    expect(await alerts.claimDetector(b, 'p1', t(51), t(66))).toBe(true);

    const ids = (await list(a)).slice(0, 3).map((i) => i.id);
    expect(ids.length).toBe(3);
    await alerts.queueForDetector(a, [
      { itemId: ids[0] ?? never(), created: true },
      { itemId: ids[1] ?? never(), created: false },
    ]);
    await alerts.queueForDetector(a, [{ itemId: ids[0] ?? never(), created: true }]); // once
    await alerts.queueForDetector(b, []);
    expect(await alerts.takeForDetectors([b])).toEqual([]);
    const ofB = (await list(b))[0]?.id ?? never();
    await alerts.queueForDetector(b, [{ itemId: ofB, created: true }]);
    const taken = await alerts.takeForDetectors([a, b]);
    expect(taken.sort((x, y) => x.itemId.localeCompare(y.itemId))).toEqual(
      [
        { workspaceId: a, itemId: ids[0], created: true },
        { workspaceId: a, itemId: ids[1], created: false },
        { workspaceId: b, itemId: ofB, created: true },
      ].sort((x, y) => (x.itemId ?? '').localeCompare(y.itemId ?? '')),
    );
    expect(await alerts.takeForDetectors([a, b])).toEqual([]);
    expect(await alerts.takeForDetectors([])).toEqual([]);
  });

  it("renews a process's detector leases in one statement, and drops a detector whose lease another process took", async () => {
    const c = (await createWorkspace(rt.store, { name: 'Gamma Cafe' }, SYSTEM)).id;
    const [r] = await ingest(c, [
      feedbackInput({ externalId: 'lease-1', text: 'Cold coffee, rude barista.' }),
    ]);
    await rt.alerts.idle();
    const id = r?.itemId ?? never();
    // Two processes' detectors on one store, on a wall clock of their own (past the runtime's lease).
    let wall = Date.now() + 60_000;
    const deps = {
      store: rt.store,
      clock: rt.clock,
      enqueueNotification: async () => {},
      wallNow: () => wall,
    };
    const p1 = new LiveAlerts(deps);
    const p2 = new LiveAlerts(deps);
    await p1.warmUpAll([c]); // p1 runs c's detector; its lease lasts 15 s
    wall += 6_000;
    await p1.poll(); // a third through: renewed until +21 s
    wall += 4_000;
    await p2.warmUpAll([c]); // p1's lease holds
    p1.observeStored(c, [id]);
    await p1.idle();
    expect(await rt.store.alerts.takeForDetectors([c])).toEqual([]); // p1 fed it to its own detector
    wall += 12_000;
    await p2.warmUpAll([c]); // +22 s: p1 missed its renewal, p2 takes over
    await p1.poll(); // p1's renewal finds the lease gone and drops its detector
    p1.observeStored(c, [id]);
    await p1.idle();
    expect(await rt.store.alerts.takeForDetectors([c])).toEqual([
      { workspaceId: c, itemId: id, created: true },
    ]);
    await p2.release();
  });

  it("a workspace whose detector cannot warm up neither blocks the others' inbox nor loses its own", async () => {
    const good = (await createWorkspace(rt.store, { name: 'Delta Diner' }, SYSTEM)).id;
    const bad = (await createWorkspace(rt.store, { name: 'Echo Eatery' }, SYSTEM)).id;
    const [g] = await ingest(good, [feedbackInput({ externalId: 'good-1', text: 'Cold soup.' })]);
    const [x] = await ingest(bad, [feedbackInput({ externalId: 'bad-1', text: 'Rude waiter.' })]);
    await rt.alerts.idle();
    const errors: unknown[] = [];
    const alerts = {
      ...rt.store.alerts,
      recentItems: (ws: string, since: string, limit: number, until?: string) =>
        ws === bad
          ? Promise.reject(new Error('warm-up failed'))
          : rt.store.alerts.recentItems(ws, since, limit, until),
    };
    let wall = Date.now() + 120_000; // past the runtime's own leases
    const p1 = new LiveAlerts({
      store: { ...rt.store, alerts },
      clock: rt.clock,
      enqueueNotification: async () => {},
      wallNow: () => wall,
      onError: (e) => errors.push(e),
    });
    await rt.store.alerts.queueForDetector(bad, [{ itemId: x?.itemId ?? never(), created: true }]);
    await p1.warmUpAll([bad, good]);
    expect(errors).toHaveLength(1);
    await rt.store.alerts.queueForDetector(good, [{ itemId: g?.itemId ?? never(), created: true }]);
    wall += 1_000;
    await p1.poll();
    expect(await rt.store.alerts.takeForDetectors([good])).toEqual([]); // fed
    // The failed workspace's queued item is still there for the next process to run its detector.
    expect(await rt.store.alerts.takeForDetectors([bad])).toEqual([
      { workspaceId: bad, itemId: x?.itemId, created: true },
    ]);
    await p1.release();
  });

  it('reads many items with their current analyses, and the items of many cases, each in one call', async () => {
    const ids = (await list(a)).slice(0, 5).map((i) => i.id);
    const ofB = (await list(b))[0]?.id ?? never();
    const many = await rt.store.feedback.getMany(a, [...ids, ofB, 'no-such-item']);
    expect(many.map((i) => i.id).sort()).toEqual([...ids].sort()); // another workspace's item is not read
    for (const item of many) {
      const { versions, ...one } = (await rt.store.feedback.get(a, item.id)) ?? never();
      expect(versions.length).toBeGreaterThan(0);
      expect(item).toEqual(one);
    }
    expect(many.some((i) => i.analysis !== null)).toBe(true);
    expect(await rt.store.feedback.getMany(a, [])).toEqual([]);

    const cases = (await rt.store.cases.toReprioritize('1970-01-01T00:00:00.000Z', null, 1000)).cases.filter(
      (c) => c.workspaceId === a,
    );
    expect(cases.length).toBeGreaterThan(0);
    const links = await rt.store.cases.itemsOf(
      a,
      cases.map((c) => c.id),
    );
    const one = await Promise.all(
      cases.map(async (c) => (await rt.store.cases.items(a, c.id)).map((i) => `${c.id}/${i.itemId}`)),
    );
    expect(links.map((l) => `${l.caseId}/${l.itemId}`).sort()).toEqual(one.flat().sort());
    expect(
      await rt.store.cases.itemsOf(
        b,
        cases.map((c) => c.id),
      ),
    ).toEqual([]);
  });

  it('stores a playbook of no rules as no rules, not as the default', async () => {
    expect(await rt.store.playbook.get(b)).toBeUndefined();
    const none = await rt.store.playbook.replace(b, [], new Date().toISOString());
    expect(none).toEqual([expect.objectContaining({ enabled: false })]);
    expect(await rt.store.playbook.get(a)).toBeUndefined();
  });
});
