/**
 * The customer's profile (issue #14): what their items add up to — visits, sentiment, lifecycle,
 * advocacy — folded incrementally from each written batch (`foldStats`, pure; the repository reads
 * and writes the rows), and the profile as the customer page shows it (`profileOf`).
 */
import type { CustomerMoment, CustomerStats, CustomerTouchpointStat, NewMoment, Repos } from '../ports.js';
import { ambassadorScore, isPromoter } from './advocacy.js';
import { dayOf, stageOf, thresholdsOf, type LifecycleStage } from './lifecycle.js';

/** What one item (one version of it) contributes to its customer's profile. */
export interface ProfileFacts {
  itemId: string;
  customerId: string;
  postedAt: string;
  channel: string;
  sentiment: string | null;
  /** The NPS answer of a survey item, else null. */
  nps: number | null;
  reach: number;
  touchpoints: { key: string; label: string }[];
  intents: string[];
}

/** Visit counts that open a `visit_milestone` moment: 5, 10, 25, 50, 100, then every 100. */
export function milestonesBetween(before: number, after: number): number[] {
  const out: number[] = [];
  for (const m of [5, 10, 25, 50, 100]) if (before < m && m <= after) out.push(m);
  for (let m = Math.max(200, Math.ceil((before + 1) / 100) * 100); m <= after; m += 100) out.push(m);
  return out;
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * The customer's stats after a batch: `created` items add visits (days not already the first or the
 * last visit's), `removed` / `added` are the before / after facts of rewritten items (counters move by
 * the difference, so a new version never counts twice). Visits of rewritten items are not recounted:
 * `recompute` is exact, this is the incremental approximation (exact when items arrive in time order,
 * either way). Returns the moments the batch reached.
 */
export function foldStats(input: {
  workspaceId: string;
  customerId: string;
  current: CustomerStats | undefined;
  created: readonly ProfileFacts[];
  removed: readonly ProfileFacts[];
  added: readonly ProfileFacts[];
  now: string;
}): { stats: CustomerStats | undefined; moments: NewMoment[] } {
  const { current, created, removed, added, now } = input;
  const seen = [...created, ...added].sort((a, b) => (a.postedAt < b.postedAt ? -1 : 1));
  const latest = seen.at(-1);
  if (!current && !latest) return { stats: undefined, moments: [] };
  const s: CustomerStats = current
    ? { ...current }
    : {
        customerId: input.customerId,
        workspaceId: input.workspaceId,
        firstSeenAt: seen[0]?.postedAt ?? now,
        lastSeenAt: latest?.postedAt ?? now,
        visits: 0,
        items: 0,
        positive: 0,
        negative: 0,
        cadenceDays: null,
        newUntil: null,
        atRiskAfter: null,
        lapsedAfter: null,
        lastNps: null,
        lastNpsAt: null,
        lastNegativeAt: null,
        praise: 0,
        promoter: false,
        reach: 0,
        publicReviews: 0,
        referrals: 0,
        ambassadorScore: 0,
        updatedAt: now,
      };
  const before = {
    visits: current?.visits ?? 0,
    promoter: current?.promoter ?? false,
    reviews: current?.publicReviews ?? 0,
  };

  // Visits: days of new items that are neither the stored first nor last visit's day.
  const known = current
    ? new Set([dayOf(current.firstSeenAt), dayOf(current.lastSeenAt)])
    : new Set<string>();
  const days = new Set(created.map((f) => dayOf(f.postedAt)));
  for (const d of days) if (!known.has(d)) s.visits++;
  for (const f of created) {
    s.firstSeenAt = earlier(s.firstSeenAt, f.postedAt);
    s.lastSeenAt = later(s.lastSeenAt, f.postedAt) ?? f.postedAt;
  }
  // A rewritten item counts once; one that moved to another customer (a merge undone) moves its count.
  const removedIds = new Set(removed.map((f) => f.itemId));
  const addedIds = new Set(added.map((f) => f.itemId));
  s.items +=
    created.length +
    added.filter((f) => !removedIds.has(f.itemId)).length -
    removed.filter((f) => !addedIds.has(f.itemId)).length;

  const count = (facts: readonly ProfileFacts[], sign: 1 | -1) => {
    for (const f of facts) {
      if (f.sentiment === 'positive') s.positive += sign;
      if (f.sentiment === 'negative') s.negative += sign;
      if (f.channel === 'review') s.publicReviews += sign;
    }
  };
  count(created, 1);
  count(removed, -1);
  count(added, 1);

  // Praise since the last negative item; a rewritten item moves it as well as it can (recompute: exactly).
  const wasPositive = new Set(removed.filter((f) => f.sentiment === 'positive').map((f) => f.itemId));
  for (const f of removed)
    if (
      f.sentiment === 'positive' &&
      f.postedAt > (s.lastNegativeAt ?? '') &&
      !added.some((a) => a.itemId === f.itemId && a.sentiment === 'positive')
    )
      s.praise = Math.max(0, s.praise - 1);
  for (const f of seen) {
    if (f.sentiment === 'negative') {
      if (f.postedAt >= (s.lastNegativeAt ?? '')) {
        s.lastNegativeAt = f.postedAt;
        s.praise = 0;
      }
    } else if (
      f.sentiment === 'positive' &&
      f.postedAt > (s.lastNegativeAt ?? '') &&
      !wasPositive.has(f.itemId)
    ) {
      s.praise++;
    }
    if (f.nps !== null && (s.lastNpsAt === null || f.postedAt >= s.lastNpsAt)) {
      s.lastNps = f.nps;
      s.lastNpsAt = f.postedAt;
    }
    s.reach = Math.max(s.reach, f.reach);
  }
  s.positive = Math.max(0, s.positive);
  s.negative = Math.max(0, s.negative);
  s.publicReviews = Math.max(0, s.publicReviews);
  s.visits = Math.max(s.visits, 1);
  Object.assign(s, derived(s), { updatedAt: now });

  const moments: NewMoment[] = [];
  const at = latest?.postedAt ?? now;
  for (const m of milestonesBetween(before.visits, s.visits))
    moments.push({
      customerId: s.customerId,
      kind: 'visit_milestone',
      occurredAt: at,
      detail: { visits: m },
    });
  if (!before.promoter && s.promoter)
    moments.push({
      customerId: s.customerId,
      kind: 'promoter',
      occurredAt: at,
      detail: s.lastNps !== null && s.lastNps >= 9 ? { nps: s.lastNps } : { praise: s.praise },
    });
  const review = seen.find((f) => f.channel === 'review');
  if (before.reviews === 0 && s.publicReviews > 0 && review)
    moments.push({
      customerId: s.customerId,
      kind: 'first_review',
      occurredAt: review.postedAt,
      detail: { itemId: review.itemId },
    });
  return { stats: s, moments };
}

/**
 * `foldStats` of created items one at a time, in date order: what an upkeep item by item of a file
 * in date order gives (a milestone dated by the item that reached it, a customer who became a
 * promoter and lost it again within the run still has the moment). A settle of the profile log
 * folds this way.
 */
export function foldEach(input: {
  workspaceId: string;
  customerId: string;
  current: CustomerStats | undefined;
  created: readonly ProfileFacts[];
  now: string;
}): { stats: CustomerStats | undefined; moments: NewMoment[] } {
  let stats = input.current;
  const moments: NewMoment[] = [];
  // In date order: each item then extends the last visit, so a day is counted once however the
  // file is ordered (out of order, two items of a day between the first and last would count twice).
  const created = [...input.created].sort((a, b) =>
    a.postedAt < b.postedAt ? -1 : a.postedAt > b.postedAt ? 1 : 0,
  );
  for (const f of created) {
    const step = foldStats({ ...input, current: stats, created: [f], removed: [], added: [] });
    stats = step.stats;
    moments.push(...step.moments);
  }
  return { stats, moments };
}

/** The columns computed from the counters: lifecycle thresholds, promoter, ambassador score. */
export function derived(
  s: Omit<
    CustomerStats,
    'cadenceDays' | 'newUntil' | 'atRiskAfter' | 'lapsedAfter' | 'promoter' | 'ambassadorScore'
  >,
) {
  return {
    ...thresholdsOf(s),
    promoter: isPromoter(s),
    ambassadorScore: ambassadorScore(s),
  };
}

/** The profile block of the customer page: stage, counters, likes and dislikes, recent moments. */
export interface ProfileSummary {
  stats: (CustomerStats & { stage: LifecycleStage }) | null;
  /** Touchpoints the customer praised most (positive mentions, then mentions). */
  likes: CustomerTouchpointStat[];
  /** Touchpoints the customer criticised most. */
  dislikes: CustomerTouchpointStat[];
  intents: { intent: string; count: number }[];
  moments: CustomerMoment[];
}

const LIKES = 5;

/** Likes and dislikes: the touchpoints most praised / most criticised, each at most `limit`. */
export function likesAndDislikes(rows: readonly CustomerTouchpointStat[], limit = LIKES) {
  const likes = rows
    .filter((r) => r.positive > r.negative)
    .sort(
      (a, b) =>
        b.positive - a.positive || b.mentions - a.mentions || a.touchpointKey.localeCompare(b.touchpointKey),
    )
    .slice(0, limit);
  const dislikes = rows
    .filter((r) => r.negative > r.positive)
    .sort(
      (a, b) =>
        b.negative - a.negative || b.mentions - a.mentions || a.touchpointKey.localeCompare(b.touchpointKey),
    )
    .slice(0, limit);
  return { likes, dislikes };
}

/** A customer's profile block at `now` (reads bounded by the customer: their stats row, touchpoints, moments). */
export async function profileOf(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  customerId: string,
  now: string,
): Promise<ProfileSummary> {
  const p = repos.customerProfiles;
  const [[stats], touchpoints, intents, moments] = await Promise.all([
    p.stats(workspaceId, [customerId]),
    p.touchpoints(workspaceId, customerId),
    p.intents(workspaceId, customerId),
    p.moments({ workspaceId, customerId, since: '1900-01-01T00:00:00.000Z', limit: 20 }),
  ]);
  return {
    stats: stats ? { ...stats, stage: stageOf(stats, now) } : null,
    ...likesAndDislikes(touchpoints),
    intents: intents.map((i) => ({ intent: i.intent, count: i.count })).sort((a, b) => b.count - a.count),
    moments: moments.items,
  };
}

/** A row of a customer list (lifecycle, ambassadors): the stats, the stage at `now`, the shown name. */
export type CustomerStatsRow = CustomerStats & { stage: LifecycleStage; name: string | null };

async function withNames(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  rows: readonly CustomerStats[],
  now: string,
): Promise<CustomerStatsRow[]> {
  const cards = new Map(
    (
      await repos.customerProfiles.cards(
        workspaceId,
        rows.map((r) => r.customerId),
      )
    ).map((c) => [c.customerId, c]),
  );
  return rows
    .filter((r) => !cards.get(r.customerId)?.mergedInto && !cards.get(r.customerId)?.erasedAt)
    .map((r) => ({ ...r, stage: stageOf(r, now), name: cards.get(r.customerId)?.name ?? null }));
}

/** One keyset page of a lifecycle stage at `now`, with names. */
export async function lifecycleList(
  repos: Pick<Repos, 'customerProfiles'>,
  query: {
    workspaceId: string;
    stage: 'new' | 'active' | 'at_risk' | 'lapsed';
    now: string;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ items: CustomerStatsRow[]; next: string | null }> {
  const page = await repos.customerProfiles.lifecycle(query);
  return { items: await withNames(repos, query.workspaceId, page.items, query.now), next: page.next };
}

/** One keyset page of promoters ranked by ambassador score, with names. */
export async function ambassadorList(
  repos: Pick<Repos, 'customerProfiles'>,
  query: { workspaceId: string; now: string; cursor?: string | undefined; limit: number },
): Promise<{ items: CustomerStatsRow[]; next: string | null }> {
  const page = await repos.customerProfiles.ambassadors(query.workspaceId, query.cursor, query.limit);
  return { items: await withNames(repos, query.workspaceId, page.items, query.now), next: page.next };
}
