import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import type { FeedbackFilter } from '../src/core/ports.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { rollupDays } from '../src/store/repos/feedback.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const SYSTEM = { type: 'system', id: null } as const;

/**
 * The explorer's counts at scale (issue #13): from the rollups where the filter allows (equal to a
 * count of the items), else over at most `cap` items with `exact: false` past it; and the sorts by
 * rating and urgency page through every item once. On both databases.
 */
describe.each(DIALECTS)('feedback counts and sorts on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let ws: string;
  let other: string;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    ws = (await createWorkspace(rt.store, { name: 'Counts Air' }, SYSTEM)).id;
    other = (await createWorkspace(rt.store, { name: 'Other' }, SYSTEM)).id;
    const texts = [
      'The delivery was late and the staff were rude.',
      'Lovely staff, the delivery was on time.',
      'Refund still missing, customer service never answers.',
      'Great price, the booking was easy.',
      'Das Personal war sehr unfreundlich.',
    ];
    const items = Array.from({ length: 40 }, (_, i) =>
      feedbackInput({
        externalId: `c-${i}`,
        platform: i % 3 === 0 ? 'google' : 'twitter',
        brand: i % 4 === 0 ? 'Rival Air' : 'Counts Air',
        text: texts[i % texts.length] ?? '',
        ...(i % 3 === 0 ? { rating: 1 + (i % 5) } : {}),
        postedAt: new Date(Date.UTC(2026, 0, 25) + i * 86_400_000).toISOString(),
      }),
    );
    await ingestFeedback(rt.ingestDeps, { workspaceId: ws, actor: SYSTEM }, items);
    await ingestFeedback(rt.ingestDeps, { workspaceId: other, actor: SYSTEM }, items.slice(0, 5));
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const sorted = <T extends { total: number }>(xs: T[]) =>
    [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('answers brand, platform, touchpoint and whole-day filters from the rollups, equal to counting the items', async () => {
    const brands = await rt.store.brands.list(ws);
    const rival = brands.find((b) => b.name === 'Rival Air');
    const filters: FeedbackFilter[] = [
      {},
      { platform: 'google' },
      { brand: rival?.slug },
      { from: '2026-02-01T00:00:00.000Z', to: '2026-02-20T00:00:00.000Z' },
      { from: '2026-01-30T00:00:00.000Z' },
      { language: 'de' },
    ];
    for (const f of filters) {
      expect(rollupDays(f)).toBeDefined();
      const fromRollups = await rt.store.feedback.counts(ws, f);
      const fromItems = await rt.store.feedback.counts(ws, f, { fromItems: true });
      expect(fromRollups.exact).toBe(true);
      expect({
        ...fromRollups,
        byTouchpoint: sorted(fromRollups.byTouchpoint),
        byBrand: sorted(fromRollups.byBrand),
      }).toEqual({
        ...fromItems,
        byTouchpoint: sorted(fromItems.byTouchpoint),
        byBrand: sorted(fromItems.byBrand),
      });
    }
    const all = await rt.store.feedback.counts(ws, {});
    expect(all.total).toBe(40);
    expect((await rt.store.feedback.counts(other, {})).total).toBe(5);
    // With a touchpoint filter: the items that mention it, and that touchpoint's own sentiment.
    const delivery = await rt.store.feedback.counts(ws, { touchpoint: 'delivery' });
    const deliveryItems = await rt.store.feedback.counts(ws, { touchpoint: 'delivery' }, { fromItems: true });
    expect(delivery.total).toBe(deliveryItems.total);
    expect(delivery.bySentiment).toEqual(deliveryItems.bySentiment);
    expect(delivery.byTouchpoint.find((t) => t.key === 'delivery')).toEqual(
      deliveryItems.byTouchpoint.find((t) => t.key === 'delivery'),
    );
  });

  it('counts search, sentiment and times within a day from the items, and says when it stopped at the cap', async () => {
    for (const f of [
      { q: ['delivery'] },
      { sentiment: 'negative' as const },
      { to: '2026-02-10T12:00:00.000Z' },
    ]) {
      expect(rollupDays(f)).toBeUndefined();
      const c = await rt.store.feedback.counts(ws, f);
      expect(c.exact).toBe(true);
      expect(c.total).toBeGreaterThan(0);
    }
    const delivery = await rt.store.feedback.counts(ws, { q: ['delivery'] });
    expect(delivery.total).toBe(16); // texts 0 and 1 of every five
    // The touchpoints are those of the same 16 items, by key and sentiment.
    const matches = await rt.store.feedback.list(ws, { q: ['delivery'] }, { sort: '-postedAt', limit: 50 });
    expect(matches).toHaveLength(16);
    const expected = new Map<
      string,
      { key: string; total: number; negative: number; neutral: number; positive: number }
    >();
    for (const item of matches)
      for (const t of item.touchpoints) {
        const e = expected.get(t.key) ?? { key: t.key, total: 0, negative: 0, neutral: 0, positive: 0 };
        e.total++;
        e[t.label]++;
        expected.set(t.key, e);
      }
    expect(expected.size).toBeGreaterThan(0);
    expect(sorted(delivery.byTouchpoint)).toEqual(sorted([...expected.values()]));
    const capped = await rt.store.feedback.counts(ws, { q: ['delivery'] }, { cap: 5 });
    expect(capped.exact).toBe(false);
    expect(capped.total).toBe(5);
    expect(Object.values(capped.bySentiment).reduce((a, b) => a + b, 0)).toBe(5);
    expect(capped.byBrand.reduce((a, b) => a + b.total, 0)).toBe(5);
    const exactly = await rt.store.feedback.counts(ws, { q: ['delivery'] }, { cap: 16 });
    expect(exactly.exact).toBe(true);
    expect(exactly.total).toBe(16);
  });

  it('counts the newest received matches of a search when more match than the cap', async () => {
    const newer = (await createWorkspace(rt.store, { name: 'Newer Air' }, SYSTEM)).id;
    // Received in two batches: three from a rival, then three of our own (posted earlier, so the
    // order counted is the order received, not posted).
    const parcel = (i: number, brand: string) =>
      feedbackInput({
        externalId: `p-${i}`,
        brand,
        text: `Parcel number ${i} arrived.`,
        postedAt: new Date(Date.UTC(2026, 5, 10 - i)).toISOString(),
      });
    const ctx = { workspaceId: newer, actor: SYSTEM };
    await ingestFeedback(
      rt.ingestDeps,
      ctx,
      [0, 1, 2].map((i) => parcel(i, 'Rival Air')),
    );
    await ingestFeedback(
      rt.ingestDeps,
      ctx,
      [3, 4, 5].map((i) => parcel(i, 'Newer Air')),
    );
    const own = (await rt.store.brands.list(newer)).find((b) => b.name === 'Newer Air');
    const capped = await rt.store.feedback.counts(newer, { q: ['parcel'] }, { cap: 3 });
    expect(capped.exact).toBe(false);
    expect(capped.byBrand).toEqual([expect.objectContaining({ brandId: own?.id, total: 3 })]);
    const all = await rt.store.feedback.counts(newer, { q: ['parcel'] }, { cap: 6 });
    expect(all.byBrand.map((b) => b.total)).toEqual([3, 3]);
  });

  it('filters the list by brand id or slug (resolved first), newest first; an unknown brand matches nothing', async () => {
    const rival = (await rt.store.brands.list(ws)).find((b) => b.name === 'Rival Air');
    expect(rival).toBeDefined();
    for (const brand of [rival?.slug, rival?.id]) {
      const page = await rt.store.feedback.list(ws, { brand }, { sort: '-postedAt', limit: 50 });
      expect(page).toHaveLength(10);
      expect(page.every((i) => i.brand.id === rival?.id)).toBe(true);
      const posted = page.map((i) => i.postedAt);
      expect(posted).toEqual([...posted].sort().reverse());
    }
    expect(
      await rt.store.feedback.list(ws, { brand: 'no-such-brand' }, { sort: '-postedAt', limit: 50 }),
    ).toEqual([]);
    expect((await rt.store.feedback.counts(ws, { brand: 'no-such-brand', q: ['delivery'] })).total).toBe(0);
    // Another workspace's brand is unknown here.
    const foreign = (await rt.store.brands.list(other))[0];
    expect(
      await rt.store.feedback.list(ws, { brand: foreign?.id }, { sort: '-postedAt', limit: 50 }),
    ).toEqual([]);
  });

  it('searches this workspace only, and finds an edited item by its new text, not its old one', async () => {
    const found = await rt.store.feedback.list(ws, { q: ['delivery'] }, { sort: '-postedAt', limit: 50 });
    expect(found).toHaveLength(16);
    expect(found.every((i) => i.workspaceId === ws)).toBe(true);
    await ingestFeedback(rt.ingestDeps, { workspaceId: ws, actor: SYSTEM }, [
      feedbackInput({
        externalId: 'c-0',
        platform: 'google',
        brand: 'Rival Air',
        text: 'Edited: the zeppelin lounge was wonderful.',
        rating: 1,
        postedAt: new Date(Date.UTC(2026, 0, 25)).toISOString(),
      }),
    ]);
    const edited = await rt.store.feedback.list(ws, { q: ['zeppelin'] }, { sort: '-postedAt', limit: 50 });
    expect(edited.map((i) => i.externalId)).toEqual(['c-0']);
    expect(
      await rt.store.feedback.list(other, { q: ['zeppelin'] }, { sort: '-postedAt', limit: 50 }),
    ).toEqual([]);
    const delivery = await rt.store.feedback.list(ws, { q: ['delivery'] }, { sort: '-postedAt', limit: 50 });
    expect(delivery.map((i) => i.externalId)).not.toContain('c-0');
    expect(delivery).toHaveLength(15);
  });

  it('pages through every item once when sorted by rating or urgency', async () => {
    for (const sort of ['-rating', 'rating', '-urgency'] as const) {
      const seen: string[] = [];
      let after: [string | number, string] | undefined;
      for (;;) {
        const page = await rt.store.feedback.list(ws, {}, { sort, limit: 7, after });
        seen.push(...page.map((i) => i.id));
        const last = page.at(-1);
        if (page.length < 7 || !last) break;
        const value = sort.endsWith('rating') ? (last.rating ?? -1) : (last.urgency ?? -1);
        after = [value, last.id];
      }
      expect(new Set(seen).size).toBe(40);
      expect(seen.length).toBe(40);
    }
  });
});
