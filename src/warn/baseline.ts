/**
 * The expected negative count of a series over a window: a level (negatives per hour, with the
 * daily and weekly cycle divided out) × the workspace's hour-of-day and day-of-week profile.
 *
 *   expected(key, [from, to)) = Σ over 5-min buckets b of  level(key) · season(b) / 12
 *   season(b)  = hourFactor[hour of day of b] · weekdayFactor[day of week of b]
 *   level(key) = (n · own + m · prior) / (n + m)
 *
 * - `own`: winsorised mean of the key's deseasonalised hourly negatives (x_h = neg_h / season(h))
 *   over the last `lookbackDays` before the window (a `gapMinutes` gap so the window under test never
 *   feeds its own baseline), from the hour the key was first seen; hours that were part of an alert
 *   are left out ; the own history starts again at a
 *   change point (the start of an alert that kept firing for `levelShiftHours`: a new normal), and the rest are capped at mean + 3·√mean + 2 (three passes), so past spikes do
 *   not raise the baseline.
 * - `n`: the number of such hours; `m` (`priorHours`) is how many hours of own history weigh as much
 *   as the prior. A new key leans on its parent, a key with a week of history on itself.
 * - `prior`: brand × touchpoint → the brand's level × the touchpoint's share of the workspace's
 *   negatives; brand × platform → the brand's level × the platform's share; brand total → the
 *   workspace total's level ÷ the number of brands; workspace series have no prior.
 * - `hourFactor`: the workspace's items per hour of day over `profileDays` (every hour
 *   capped at 4 × the winsorised mean hour + 1), shrunk to flat with
 *   `profilePseudoItems` pseudo-items per bin, smoothed over neighbouring hours, mean 1. `weekdayFactor` the
 *   same per day of week, used only once `weekdayMinDays` of history exist (else 1).
 */
import { DAY, HOUR, MINUTE, keyParts, seriesKey, type Series, type SeriesStore } from './series.js';

export interface BaselineOptions {
  lookbackDays: number;
  gapMinutes: number;
  priorHours: number;
  profileDays: number;
  profilePseudoItems: number;
  weekdayMinDays: number;
  /** Floor of the level, negatives per day: an empty series still expects a little. */
  minPerDay: number;
  /** Offset of the workspace's local time from UTC for hour of day and day of week. */
  utcOffsetMinutes: number;
}

export const DEFAULT_BASELINE_OPTIONS = {
  lookbackDays: 7,
  gapMinutes: 60,
  priorHours: 24,
  profileDays: 28,
  profilePseudoItems: 10,
  weekdayMinDays: 14,
  minPerDay: 1,
  utcOffsetMinutes: 0,
} satisfies BaselineOptions;

/** A key's level with what it was made of (negatives per hour, deseasonalised). */
export interface Level {
  perHour: number;
  own: number;
  prior: number;
  ownHours: number;
}

const STEP = 5 * MINUTE;
/** An hour of the workspace counts at most this many (winsorised) mean hours in the hour-of-day profile: a strong 10:1 day/night cycle peaks near 2.3 × its mean, a storm far above. */
const PROFILE_CAP = 4;

/** Baselines over a `SeriesStore`, cached per key and hour. */
export class Baseline {
  readonly options: BaselineOptions;
  private readonly levels = new Map<string, { hour: number; level: Level }>();
  private readonly profiles = new Map<string, { day: number; hour: number[]; weekday: number[] }>();
  private readonly brandCounts = new Map<string, { hour: number; n: number }>();

  constructor(
    private readonly store: SeriesStore,
    options: Partial<BaselineOptions> = {},
  ) {
    this.options = { ...DEFAULT_BASELINE_OPTIONS, ...options };
  }

  /** Expected negatives of `key` in [from, to), both multiples of 5 minutes. */
  expected(key: string, from: number, to: number): number {
    const level = this.level(key, to);
    const floor = this.options.minPerDay / 288;
    const { workspace } = keyParts(key);
    let sum = 0;
    for (let t = from; t < to; t += STEP)
      sum += Math.max(floor, (level.perHour * this.season(workspace, t, to)) / 12);
    return sum;
  }

  /** The season factor (hour of day × day of week) of the time `t`, with the profile as of `asOf`. */
  season(workspace: string, t: number, asOf: number): number {
    const p = this.profile(workspace, asOf);
    const local = t + this.options.utcOffsetMinutes * MINUTE;
    const hour = Math.floor(local / HOUR) % 24;
    const weekday = (Math.floor(local / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    return (p.hour[hour] as number) * (p.weekday[weekday] as number);
  }

  /** Drops the cached level of `key` (after a change point). */
  forget(key: string): void {
    this.levels.delete(key);
  }

  /** The level of `key` for a window that ends at `to` (cached per hour). */
  level(key: string, to: number): Level {
    const endHour = Math.floor((to - this.options.gapMinutes * MINUTE) / HOUR);
    const cached = this.levels.get(key);
    if (cached && cached.hour === endHour) return cached.level;
    const level = this.computeLevel(key, endHour, to);
    this.levels.set(key, { hour: endHour, level });
    return level;
  }

  private computeLevel(key: string, endHour: number, asOf: number): Level {
    const series = this.store.get(key);
    const parts = keyParts(key);
    const { own, hours } = series
      ? this.ownLevel(series, parts.workspace, endHour, asOf)
      : { own: 0, hours: 0 };
    let prior = own;
    let priorWeight = 0;
    if (parts.brand !== null) {
      priorWeight = this.options.priorHours;
      const brandKey = seriesKey({ ...parts, touchpoint: null, platform: null });
      const all = seriesKey({ workspace: parts.workspace, brand: null, touchpoint: null, platform: null });
      if (parts.touchpoint !== null || parts.platform !== null) {
        const part = seriesKey({ ...parts, brand: null });
        const share = (this.sumNegative(part, endHour) + 0.5) / (this.sumNegative(all, endHour) + 5);
        prior = this.level(brandKey, asOf).perHour * Math.min(1, share);
      } else {
        prior = this.level(all, asOf).perHour / Math.max(1, this.brandCount(parts.workspace, endHour));
      }
    }
    const perHour = (hours * own + priorWeight * prior) / Math.max(1e-9, hours + priorWeight);
    return { perHour: Math.max(perHour, this.options.minPerDay / 24), own, prior, ownHours: hours };
  }

  private ownLevel(
    series: Series,
    workspace: string,
    endHour: number,
    asOf: number,
  ): { own: number; hours: number } {
    const first = Math.max(
      Math.floor(series.firstSeen / HOUR),
      Math.floor(series.changePoint / HOUR),
      endHour - this.options.lookbackDays * 24,
    );
    const xs: number[] = [];
    for (let h = first; h < endHour; h++) {
      if (series.isAlertedHour(h)) continue;
      xs.push(series.hourNegative(h) / this.season(workspace, h * HOUR, asOf));
    }
    if (xs.length === 0) return { own: 0, hours: 0 };
    return { own: winsorisedMean(xs), hours: xs.length };
  }

  private sumNegative(key: string, endHour: number): number {
    const s = this.store.get(key);
    if (!s) return 0;
    let sum = 0;
    for (let h = endHour - this.options.lookbackDays * 24; h < endHour; h++) sum += s.hourNegative(h);
    return sum;
  }

  private brandCount(workspace: string, hour: number): number {
    const cached = this.brandCounts.get(workspace);
    if (cached && cached.hour === hour) return cached.n;
    let n = 0;
    for (const key of this.store.keys()) {
      const p = keyParts(key);
      if (p.workspace === workspace && p.brand !== null && p.touchpoint === null && p.platform === null) n++;
    }
    this.brandCounts.set(workspace, { hour, n });
    return n;
  }

  private profile(workspace: string, asOf: number): { hour: number[]; weekday: number[] } {
    const day = Math.floor(asOf / DAY);
    const cached = this.profiles.get(workspace);
    if (cached && cached.day === day) return cached;
    const total = this.store.get(seriesKey({ workspace, brand: null, touchpoint: null, platform: null }));
    const o = this.options;
    const flat24 = Array.from({ length: 24 }, () => 1);
    const flat7 = Array.from({ length: 7 }, () => 1);
    const p = { day, hour: flat24, weekday: flat7 };
    if (total) {
      const offset = o.utcOffsetMinutes * MINUTE;
      const endHour = day * 24; // whole days before the current one
      const startHour = Math.max(Math.floor(total.firstSeen / HOUR), endHour - o.profileDays * 24);
      const sums = new Array<number>(24).fill(0);
      const days = new Array<number>(24).fill(0);
      // Each hour counts at most PROFILE_CAP × the robust mean hour (+1), so a past storm does not become a
      // "peak hour". (Leaving out the hours of alerts instead was measured worse: alerts on a morning
      // ramp removed those mornings from the profile, and the next mornings alerted more: 9 quiet-day
      // alerts on the airline file instead of 7.)
      const counts: number[] = [];
      for (let h = startHour; h < endHour; h++) counts.push(total.hourCount(h));
      const cap = counts.length ? PROFILE_CAP * winsorisedMean(counts) + 1 : Infinity;
      for (let h = startHour; h < endHour; h++) {
        const hod = Math.floor((h * HOUR + offset) / HOUR) % 24;
        sums[hod] = (sums[hod] as number) + Math.min(cap, total.hourCount(h));
        days[hod] = (days[hod] as number) + 1;
      }
      p.hour = factors(sums, days, o.profilePseudoItems, true);
      const daysSeen = endHour - startHour;
      if (daysSeen >= o.weekdayMinDays * 24) {
        const wSums = new Array<number>(7).fill(0);
        const wDays = new Array<number>(7).fill(0);
        for (let d = Math.floor(startHour / 24); d < day; d++) {
          const dow = (Math.floor((d * DAY + offset) / DAY) + 4) % 7;
          wSums[dow] = (wSums[dow] as number) + total.bucket('daily', d * DAY).count;
          wDays[dow] = (wDays[dow] as number) + 1;
        }
        p.weekday = factors(wSums, wDays, o.profilePseudoItems, false);
      }
    }
    this.profiles.set(workspace, p);
    return p;
  }
}

/**
 * Mean-1 factors from sums over `days` observations per bin, shrunk to flat with `pseudo` pseudo-items
 * per bin (f = (sum + pseudo) / (days · mean + pseudo)), and (for the circular hour of day) smoothed
 * with weights ¼ ½ ¼. Pseudo-items rather than pseudo-days: a busy workspace learns its cycle from
 * one day (measured: with 2 pseudo-days a synthetic 10:1 day/night cycle alerted at the second day's peak).
 */
function factors(sums: number[], days: number[], pseudo: number, smooth: boolean): number[] {
  const totalDays = days.reduce((a, b) => a + b, 0);
  const mean = totalDays > 0 ? sums.reduce((a, b) => a + b, 0) / totalDays : 0;
  if (mean <= 0) return sums.map(() => 1);
  let f = sums.map((s, i) => (s + pseudo) / ((days[i] as number) * mean + pseudo));
  if (smooth) {
    const n = f.length;
    f = f.map((v, i) => 0.25 * (f[(i + n - 1) % n] as number) + 0.5 * v + 0.25 * (f[(i + 1) % n] as number));
  }
  const m = f.reduce((a, b) => a + b, 0) / f.length;
  return f.map((v) => v / m);
}

/** Mean with every value capped at mean + 3·√mean + 2, three passes (robust to past spikes). */
export function winsorisedMean(xs: readonly number[]): number {
  let m = xs.reduce((a, b) => a + b, 0) / xs.length;
  for (let pass = 0; pass < 3; pass++) {
    const cap = m + 3 * Math.sqrt(m) + 2;
    m = xs.reduce((a, x) => a + Math.min(x, cap), 0) / xs.length;
  }
  return m;
}
