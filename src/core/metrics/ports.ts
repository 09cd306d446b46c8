/**
 * Storage ports of analytics (issue #13): the rollups kept at every item write, and the reads the
 * metrics, heatmap, drivers and benchmark are computed from. Re-exported from `src/core/ports.ts`;
 * `src/store/repos/rollups.ts` and `src/store/repos/metrics.ts` implement them on both dialects.
 */
import type { SentimentLabel } from '../../analysis/types.js';
import type { NewItemVersion } from '../ports.js';

/** What an item contributed to the rollups before a write; opaque to callers. */
export interface RollupSnapshot {
  readonly items: readonly unknown[];
}

/**
 * Rollup upkeep. Every write that changes an item's sentiment, rating, score, language, brand, date
 * or touchpoints runs inside `track` (or `snapshot` … `commit` when the ids are known only after the
 * write, as in ingest), in the same transaction, so the rollups never drift from the items.
 */
export interface RollupRepo {
  /** The rollup facts of these items as stored now (items not stored yet contribute nothing). */
  snapshot(workspaceId: string, itemIds: readonly string[]): Promise<RollupSnapshot>;
  /**
   * Applies (facts of `itemIds` now) − `before` to the rollups, aggregated: a few upserts per batch.
   * `written`: items of `itemIds` just inserted as these versions, taken as written instead of read back.
   */
  commit(
    workspaceId: string,
    before: RollupSnapshot,
    itemIds: readonly string[],
    written?: ReadonlyMap<string, NewItemVersion>,
  ): Promise<void>;
  /** `snapshot`, `write()`, `commit` over the same items. */
  track<T>(workspaceId: string, itemIds: readonly string[], write: () => Promise<T>): Promise<T>;
  /** Recounts a workspace's rollups and drivers' samples from its items (`touchpoint rollups rebuild`; what the contract test compares with). */
  rebuild(workspaceId: string): Promise<void>;
}

/** Sums of a set of items, as the rollups keep them; `tp*` only for rows read per touchpoint. */
export interface Counters {
  n: number;
  positive: number;
  negative: number;
  neutral: number;
  ratingN: number;
  ratingSum: number;
  ratingSumSq: number;
  /** How many ratings fell in 1–1.5, 2–2.5, …, 5 stars. */
  stars: [number, number, number, number, number];
  npsN: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatN: number;
  csatSatisfied: number;
  cesN: number;
  cesSum: number;
  cesSumSq: number;
  /** The touchpoint's own sentiment where it was mentioned (rows read per touchpoint). */
  tpPositive: number;
  tpNegative: number;
  tpNeutral: number;
}

export type RollupDim = 'bucket' | 'brand' | 'platform' | 'channel' | 'language' | 'touchpoint';

/** A slice of a workspace: calendar days (UTC), both ends inclusive, and the dashboard's filters. */
export interface RollupFilter {
  workspaceId: string;
  /** 'YYYY-MM-DD', inclusive. */
  from: string;
  /** 'YYYY-MM-DD', inclusive. */
  to: string;
  brandIds?: readonly string[] | undefined;
  platforms?: readonly string[] | undefined;
  channels?: readonly string[] | undefined;
  /** '' matches items whose language is unknown. */
  languages?: readonly string[] | undefined;
  touchpoints?: readonly string[] | undefined;
  /**
   * Only items (and cases) of the members of this segment (issue #14). The rollups know no customers,
   * so such a read sums the members' items instead: its cost grows with the members' items in the period.
   */
  segment?: string | undefined;
}

export interface RollupRow {
  /** 'YYYY-MM-DD', or 'YYYY-MM' for a whole month when not read by day. */
  bucket?: string;
  brandId?: string;
  platform?: string;
  channel?: string;
  language?: string;
  touchpoint?: string;
  counters: Counters;
}

/** One stored item as the driver and last-impression analyses read it. */
export interface SampleItem {
  id: string;
  postedAt: string;
  authorHandle: string | null;
  rating: number | null;
  npsScore: number | null;
  sentiment: SentimentLabel | null;
  touchpoints: { key: string; label: SentimentLabel; score: number }[];
}

/** One rated item as the key-driver analysis reads it. */
export type DriverSampleItem = Pick<SampleItem, 'rating' | 'npsScore' | 'touchpoints'>;

/** Case figures of the cases opened in a period (sums, so means and intervals can be computed). */
export interface CaseFigures {
  opened: number;
  answered: number;
  firstResponseHours: { n: number; sum: number; sumSq: number };
  closed: number;
  resolutionHours: { n: number; sum: number; sumSq: number };
  slaDecided: number;
  slaKept: number;
  withOutcome: number;
  recovered: number;
}

export interface MetricsRepo {
  /**
   * Rollup sums grouped by `dims`. Rows come from `rollup_touchpoints` when `perTouchpoint` (a
   * touchpoint filter or dimension), else from `rollup_items`. `byDay` reads day rows only (day and
   * week buckets); otherwise whole months come as 'YYYY-MM' buckets.
   */
  rollup(
    filter: RollupFilter,
    opts: {
      dims: readonly RollupDim[];
      perTouchpoint?: boolean;
      byDay?: boolean;
      /** Only these counters are summed (the others read 0); all when absent. */
      fields?: readonly (keyof Counters)[];
    },
  ): Promise<RollupRow[]>;
  /** The first and last day with items in the workspace (from the month rollups), or null when empty. */
  span(workspaceId: string): Promise<{ from: string; to: string } | null>;
  /** The newest ≤ `limit` items of the filter, with their touchpoints (the last impression's sample). */
  sample(
    filter: RollupFilter,
    opts: {
      limit: number;
      authored?: boolean;
      /** Only items of authors with two or more items among the newest `limit` (the last impression). */
      repeatAuthors?: boolean;
    },
  ): Promise<SampleItem[]>;
  /**
   * The newest ≤ `limit` items of the filter with a star rating (or an NPS answer), with only what a
   * key-driver analysis reads: half the columns of `sample`, which at 5,000 items was half its time.
   */
  driverSample(
    filter: RollupFilter,
    opts: { limit: number; rated: 'stars' | 'nps' },
  ): Promise<DriverSampleItem[]>;
  /** Figures of the cases opened in the period (brand, platform, channel and touchpoint filters apply). */
  caseFigures(filter: RollupFilter, now: string): Promise<CaseFigures>;
}
