import { describe, expect, it } from 'vitest';
import { foldStats, likesAndDislikes, milestonesBetween, type ProfileFacts } from './profile.js';

let n = 0;
const fact = (day: string, overrides: Partial<ProfileFacts> = {}): ProfileFacts => ({
  itemId: `i${++n}`,
  customerId: 'c1',
  postedAt: `${day}T12:00:00.000Z`,
  channel: 'email',
  sentiment: 'positive',
  nps: null,
  reach: 0,
  touchpoints: [],
  intents: [],
  ...overrides,
});
const NOW = '2026-06-01T00:00:00.000Z';
const fold = (
  current: ReturnType<typeof foldStats>['stats'],
  created: ProfileFacts[],
  removed: ProfileFacts[] = [],
  added: ProfileFacts[] = [],
) => foldStats({ workspaceId: 'w', customerId: 'c1', current, created, removed, added, now: NOW });

describe('foldStats', () => {
  it('counts distinct days as visits, across batches in either time order', () => {
    const a = fold(undefined, [fact('2026-03-01'), fact('2026-03-01'), fact('2026-03-05')]);
    expect(a.stats).toMatchObject({ visits: 2, items: 3, firstSeenAt: '2026-03-01T12:00:00.000Z' });
    // An older batch (an export read newest first), one item on the stored first day.
    const b = fold(a.stats, [fact('2026-02-01'), fact('2026-03-01')]);
    expect(b.stats).toMatchObject({
      visits: 3,
      items: 5,
      firstSeenAt: '2026-02-01T12:00:00.000Z',
      lastSeenAt: '2026-03-05T12:00:00.000Z',
    });
  });

  it('opens milestone, promoter and first-review moments once, when reached', () => {
    const days = ['01', '02', '03', '04'].map((d) => fact(`2026-05-${d}`));
    const a = fold(undefined, days);
    expect(a.moments.map((m) => m.kind)).toEqual(['promoter']);
    const b = fold(a.stats, [fact('2026-05-05', { channel: 'review' })]);
    expect(b.moments.map((m) => [m.kind, m.detail])).toEqual([
      ['visit_milestone', { visits: 5 }],
      ['first_review', { itemId: expect.any(String) as string }],
    ]);
    expect(fold(b.stats, [fact('2026-05-06', { channel: 'review' })]).moments).toEqual([]);
  });

  it('moves sentiment by the difference of a rewritten item, never counting it twice', () => {
    const item = fact('2026-05-01');
    const a = fold(undefined, [item, fact('2026-05-02')]);
    expect(a.stats).toMatchObject({ positive: 2, negative: 0, praise: 2, promoter: true });
    const rewritten = { ...item, sentiment: 'negative' };
    const b = fold(a.stats, [], [item], [rewritten]);
    expect(b.stats).toMatchObject({ items: 2, visits: 2, positive: 1, negative: 1 });
    // Praise restarts at the complaint: conservative when it is older than later praise (recompute counts
    // that one praise exactly); live complaints are the newest item, where this is exact.
    expect(b.stats).toMatchObject({ praise: 0, promoter: false, lastNegativeAt: item.postedAt });
  });

  it('moves the count of an item whose new version belongs to another customer', () => {
    const item = fact('2026-05-01');
    const a = fold(undefined, [item, fact('2026-05-02')]);
    const b = fold(a.stats, [], [item], []);
    expect(b.stats).toMatchObject({ items: 1, positive: 1 });
    const other = foldStats({
      workspaceId: 'w',
      customerId: 'c2',
      current: undefined,
      created: [],
      removed: [],
      added: [{ ...item, customerId: 'c2' }],
      now: NOW,
    });
    expect(other.stats).toMatchObject({ items: 1, positive: 1, visits: 1 });
  });

  it('keeps the latest NPS answer and the largest reach', () => {
    const a = fold(undefined, [
      fact('2026-05-02', { nps: 10, reach: 300 }),
      fact('2026-05-01', { nps: 3, reach: 50 }),
    ]);
    expect(a.stats).toMatchObject({ lastNps: 10, reach: 300, promoter: true });
    const b = fold(a.stats, [fact('2026-05-03', { nps: 2, sentiment: 'negative' })]);
    expect(b.stats).toMatchObject({ lastNps: 2, promoter: false });
  });
});

describe('milestones and likes', () => {
  it('lists the visit milestones crossed', () => {
    expect(milestonesBetween(0, 12)).toEqual([5, 10]);
    expect(milestonesBetween(99, 301)).toEqual([100, 200, 300]);
    expect(milestonesBetween(10, 10)).toEqual([]);
  });

  it('sorts touchpoints into likes and dislikes', () => {
    const row = (key: string, positive: number, negative: number) => ({
      customerId: 'c1',
      touchpointKey: key,
      mentions: positive + negative,
      positive,
      negative,
    });
    const { likes, dislikes } = likesAndDislikes([
      row('staff', 3, 0),
      row('food', 1, 0),
      row('wait', 0, 2),
      row('price', 1, 1),
    ]);
    expect(likes.map((l) => l.touchpointKey)).toEqual(['staff', 'food']);
    expect(dislikes.map((l) => l.touchpointKey)).toEqual(['wait']);
  });
});
