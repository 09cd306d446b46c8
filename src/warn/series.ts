/**
 * Incremental counters per series key at 5-minute, hourly and daily resolution, in ring buffers:
 * memory per key is fixed by the retention (a slot whose bucket id is stale reads as zero).
 */
import type { WarnEvent } from './types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const RESOLUTIONS = {
  fiveMinute: 5 * MINUTE,
  hourly: HOUR,
  daily: DAY,
} as const;
export type Resolution = keyof typeof RESOLUTIONS;

export interface SeriesOptions {
  /** How many buckets each resolution keeps (default: 3 days, 35 days, 400 days). */
  retention: Record<Resolution, number>;
}

export const DEFAULT_SERIES_OPTIONS = {
  retention: { fiveMinute: 3 * 288, hourly: 35 * 24, daily: 400 },
} satisfies SeriesOptions;

/** What one bucket holds. `reachWeighted` sums 1 + ln(1 + reach) over negative items (reach unknown → 1). */
export interface Bucket {
  count: number;
  negative: number;
  reachWeighted: number;
  /** Negative share: negative / count (0 for an empty bucket). */
  negativeShare: number;
}

/** The parts of a series key; `null` is "all" (the brand total has touchpoint and platform null). */
export interface KeyParts {
  workspace: string;
  brand: string | null;
  touchpoint: string | null;
  platform: string | null;
}

const ALL = '*';
const SEP = '\u241f';

/** The string key of a series, e.g. `default␟United␟delivery␟*`. */
export function seriesKey(p: KeyParts): string {
  return [p.workspace, p.brand ?? ALL, p.touchpoint ?? ALL, p.platform ?? ALL].join(SEP);
}

/** The parts of a key made by `seriesKey`. */
export function keyParts(key: string): KeyParts {
  const [workspace = '', brand = ALL, touchpoint = ALL, platform = ALL] = key.split(SEP);
  const part = (s: string) => (s === ALL ? null : s);
  return { workspace, brand: part(brand), touchpoint: part(touchpoint), platform: part(platform) };
}

/** The weight of one negative item in the reach-weighted volume. */
export function reachWeight(reach: number | undefined): number {
  return 1 + Math.log1p(Math.max(0, reach ?? 0));
}

class Ring {
  readonly ids: Float64Array;
  readonly count: Float64Array;
  readonly negative: Float64Array;
  readonly reachWeighted: Float64Array;
  /** 1 where the bucket was part of an alert: the baseline leaves it out. */
  readonly alerted: Uint8Array;

  constructor(
    readonly size: number,
    readonly width: number,
  ) {
    this.ids = new Float64Array(size).fill(-1);
    this.count = new Float64Array(size);
    this.negative = new Float64Array(size);
    this.reachWeighted = new Float64Array(size);
    this.alerted = new Uint8Array(size);
  }

  private slot(id: number, write: boolean): number {
    const s = ((id % this.size) + this.size) % this.size;
    if (this.ids[s] !== id) {
      if (!write) return -1;
      this.ids[s] = id;
      this.count[s] = 0;
      this.negative[s] = 0;
      this.reachWeighted[s] = 0;
      this.alerted[s] = 0;
    }
    return s;
  }

  add(time: number, negative: boolean, weight: number): void {
    const s = this.slot(Math.floor(time / this.width), true);
    this.count[s] = (this.count[s] as number) + 1;
    if (negative) {
      this.negative[s] = (this.negative[s] as number) + 1;
      this.reachWeighted[s] = (this.reachWeighted[s] as number) + weight;
    }
  }

  get(id: number): Bucket {
    const s = this.slot(id, false);
    if (s < 0) return { count: 0, negative: 0, reachWeighted: 0, negativeShare: 0 };
    const count = this.count[s] as number;
    const negative = this.negative[s] as number;
    return {
      count,
      negative,
      reachWeighted: this.reachWeighted[s] as number,
      negativeShare: count ? negative / count : 0,
    };
  }

  negativeAt(id: number): number {
    const s = this.slot(id, false);
    return s < 0 ? 0 : (this.negative[s] as number);
  }

  countAt(id: number): number {
    const s = this.slot(id, false);
    return s < 0 ? 0 : (this.count[s] as number);
  }

  markAlerted(id: number): void {
    this.alerted[this.slot(id, true)] = 1;
  }

  unmarkAlerted(id: number): void {
    const s = this.slot(id, false);
    if (s >= 0) this.alerted[s] = 0;
  }

  isAlerted(id: number): boolean {
    const s = this.slot(id, false);
    return s >= 0 && this.alerted[s] === 1;
  }
}

/** One key's three rings, and when it was first and last seen (data time). */
export class Series {
  readonly rings: Record<Resolution, Ring>;
  firstSeen = Infinity;
  lastSeen = -Infinity;
  /** Data time from which the baseline reads this series' own history (a level shift); −∞: none. */
  changePoint = -Infinity;

  constructor(
    readonly key: string,
    options: SeriesOptions,
  ) {
    this.rings = {
      fiveMinute: new Ring(options.retention.fiveMinute, RESOLUTIONS.fiveMinute),
      hourly: new Ring(options.retention.hourly, RESOLUTIONS.hourly),
      daily: new Ring(options.retention.daily, RESOLUTIONS.daily),
    };
  }

  add(time: number, negative: boolean, weight: number): void {
    for (const ring of Object.values(this.rings)) ring.add(time, negative, weight);
    if (time < this.firstSeen) this.firstSeen = time;
    if (time > this.lastSeen) this.lastSeen = time;
  }

  /** The bucket of `resolution` that holds `time`. */
  bucket(resolution: Resolution, time: number): Bucket {
    return this.rings[resolution].get(Math.floor(time / RESOLUTIONS[resolution]));
  }

  /** Sum over the 5-minute buckets in [from, to) (both multiples of 5 minutes). */
  window(from: number, to: number): Bucket {
    const ring = this.rings.fiveMinute;
    let count = 0;
    let negative = 0;
    let reachWeighted = 0;
    for (let id = Math.floor(from / ring.width); id < Math.floor(to / ring.width); id++) {
      const b = ring.get(id);
      count += b.count;
      negative += b.negative;
      reachWeighted += b.reachWeighted;
    }
    return { count, negative, reachWeighted, negativeShare: count ? negative / count : 0 };
  }

  /** The largest negative count of one 5-minute bucket in [from, to). */
  maxBucket(from: number, to: number): number {
    const ring = this.rings.fiveMinute;
    let max = 0;
    for (let id = Math.floor(from / ring.width); id < Math.floor(to / ring.width); id++)
      max = Math.max(max, ring.negativeAt(id));
    return max;
  }

  /** Negative count of the hour with id `hourId` (= floor(time / 1 h)). */
  hourNegative(hourId: number): number {
    return this.rings.hourly.negativeAt(hourId);
  }

  hourCount(hourId: number): number {
    return this.rings.hourly.countAt(hourId);
  }

  /** Marks the hours that [from, to) touches as part of an alert, so the baseline skips them. */
  markAlerted(from: number, to: number): void {
    for (let h = Math.floor(from / HOUR); h <= Math.floor((to - 1) / HOUR); h++)
      this.rings.hourly.markAlerted(h);
  }

  /**
   * Declares a level shift at `time`: the baseline reads own history from there on, and the hours
   * since then marked as alerted count again.
   */
  shiftLevel(time: number, now: number): void {
    this.changePoint = time;
    for (let h = Math.floor(time / HOUR); h <= Math.floor(now / HOUR); h++)
      this.rings.hourly.unmarkAlerted(h);
  }

  isAlertedHour(hourId: number): boolean {
    return this.rings.hourly.isAlerted(hourId);
  }
}

/**
 * The counters of every series an event feeds: the workspace total, workspace × touchpoint,
 * workspace × platform, brand total, brand × touchpoint and brand × platform.
 *
 * @example
 * const store = new SeriesStore();
 * store.add(event);
 * store.get(seriesKey({ workspace: 'default', brand: 'United', touchpoint: null, platform: null }))
 *   ?.bucket('hourly', event.time).negative;
 */
export class SeriesStore {
  private readonly series = new Map<string, Series>();
  private readonly options: SeriesOptions;
  /** Platforms seen per brand key: a brand × platform series is tested only when a brand has two. */
  private readonly platforms = new Map<string, Set<string>>();

  constructor(options: Partial<SeriesOptions> = {}) {
    this.options = { ...DEFAULT_SERIES_OPTIONS, ...options };
  }

  /** The keys an event feeds, the brand total first. */
  keysOf(event: WarnEvent): string[] {
    const workspace = event.workspace ?? 'default';
    const brand = event.brand;
    const keys = [
      seriesKey({ workspace, brand, touchpoint: null, platform: null }),
      seriesKey({ workspace, brand: null, touchpoint: null, platform: null }),
      seriesKey({ workspace, brand, touchpoint: null, platform: event.platform }),
      seriesKey({ workspace, brand: null, touchpoint: null, platform: event.platform }),
    ];
    for (const touchpoint of new Set(event.touchpoints)) {
      keys.push(seriesKey({ workspace, brand, touchpoint, platform: null }));
      keys.push(seriesKey({ workspace, brand: null, touchpoint, platform: null }));
    }
    return keys;
  }

  /** Counts one item in every series it belongs to; returns those keys. */
  add(event: WarnEvent): string[] {
    const keys = this.keysOf(event);
    const weight = reachWeight(event.reach);
    for (const key of keys) {
      let s = this.series.get(key);
      if (!s) {
        s = new Series(key, this.options);
        this.series.set(key, s);
      }
      s.add(event.time, event.negative, weight);
    }
    const brandKey = keys[0] as string;
    let set = this.platforms.get(brandKey);
    if (!set) this.platforms.set(brandKey, (set = new Set()));
    set.add(event.platform);
    return keys;
  }

  get(key: string): Series | undefined {
    return this.series.get(key);
  }

  /** Number of platforms a brand (its total key) has been seen on. */
  platformCount(brandKey: string): number {
    return this.platforms.get(brandKey)?.size ?? 0;
  }

  /** Every key, e.g. to list brands. */
  keys(): IterableIterator<string> {
    return this.series.keys();
  }
}
