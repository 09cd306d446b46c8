/**
 * Backtests, pure: replay timestamped events through the detector, score alerts against known
 * incidents, and inject synthetic storms into real background traffic. The CLI reads the files.
 */
import { createDetector, type DetectorOptions } from './detector.js';
import { DAY, HOUR, MINUTE } from './series.js';
import { upperTail } from './stats.js';
import type { WarnAlert, WarnEvent } from './types.js';

/** One step at which a brand's alert fired (opened or updated), copied when it happened. */
export interface Firing {
  alertId: string;
  brand: string;
  at: number;
  opened: boolean;
  touchpoints: string[];
}

export interface ReplayResult {
  alerts: WarnAlert[];
  firings: Firing[];
  /** The detector steps the replay evaluated: its work, bounded however far apart the events are. */
  steps: number;
}

/** Replays events (sorted by time here) through a fresh detector; risky-item alerts are included. */
export function replay(events: readonly WarnEvent[], options: Partial<DetectorOptions> = {}): ReplayResult {
  const detector = createDetector(options);
  const firings: Firing[] = [];
  const record = (list: ReturnType<typeof detector.add>) => {
    for (const { type, alert } of list)
      if (alert.kind !== 'risky_item')
        firings.push({
          alertId: alert.id,
          brand: alert.brand,
          at: alert.lastFiringAt,
          opened: type === 'opened',
          touchpoints: [...alert.touchpoints],
        });
  };
  const sorted = [...events].sort((a, b) => a.time - b.time);
  for (const e of sorted) record(detector.add(e));
  const last = sorted[sorted.length - 1];
  if (last) record(detector.advance(last.time + 5 * MINUTE));
  return { alerts: detector.alerts(), firings, steps: detector.steps };
}

/** A known incident (or an injected storm): a brand, a time range, optionally touchpoints. */
export interface Incident {
  brand: string;
  start: number;
  end: number;
  touchpoints?: string[];
  label?: string;
}

export interface IncidentScore {
  incident: Incident;
  /** Minutes of data time from the incident's start to the first firing in it; null: missed. */
  delayMinutes: number | null;
  alertId: string | null;
}

export interface Score {
  incidents: IncidentScore[];
  /** Spike alerts that opened outside every incident of their brand (± `graceMinutes` after its end). */
  falseAlarms: WarnAlert[];
}

/**
 * Matches firings to incidents: an incident is detected by the first firing of its brand in
 * [start, end + grace]; an alert whose opening falls in no incident of its brand is a false alarm.
 */
export function scoreAlerts(result: ReplayResult, incidents: readonly Incident[], graceMinutes = 60): Score {
  const inside = (i: Incident, t: number) => t >= i.start && t <= i.end + graceMinutes * MINUTE;
  const scored = incidents.map((incident) => {
    const first = result.firings.find((f) => f.brand === incident.brand && inside(incident, f.at));
    return {
      incident,
      delayMinutes: first ? (first.at - incident.start) / MINUTE : null,
      alertId: first?.alertId ?? null,
    };
  });
  const falseAlarms = result.alerts.filter(
    (a) => a.kind !== 'risky_item' && !incidents.some((i) => i.brand === a.brand && inside(i, a.openedAt)),
  );
  return { incidents: scored, falseAlarms };
}

/** Deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StormSpec {
  /**
   * `touchpoint`: (size − 1) × the normal negative rate of one touchpoint of the brand (chosen in
   * proportion to its negatives), every extra item about it; `brand`: (size − 1) × the brand's whole
   * normal negative rate, each extra item with the touchpoints of a random real negative item of it;
   * `workspace`: (size − 1) × the negative rate of the whole background (every brand together), all
   * of it hitting one brand, items as for `brand`.
   */
  target: 'touchpoint' | 'brand' | 'workspace';
  /** Storm rate as a multiple of the normal negative rate: 3 → 3× normal (2× normal extra). */
  size: number;
  durationMinutes: number;
  shape: 'flat' | 'ramp';
}

/** What the background says is normal: per brand, its active days and negatives per touchpoint. */
export interface BackgroundProfile {
  brands: Map<
    string,
    {
      start: number;
      end: number;
      activeDays: number;
      perTouchpoint: Map<string, number>;
      negatives: (readonly string[])[];
      kind: WarnEvent['brandKind'];
    }
  >;
  /** Items per hour of day / mean (the background's daily cycle, UTC hours). */
  hourFactor: number[];
}

/**
 * The normal rates of a background: a brand is active from the first to the last day that holds at
 * least 10 % of its busiest day's items (American in the airline file starts on 22 Feb).
 */
export function profileBackground(events: readonly WarnEvent[]): BackgroundProfile {
  const perDay = new Map<string, Map<number, number>>();
  const hours = new Array<number>(24).fill(0);
  for (const e of events) {
    let days = perDay.get(e.brand);
    if (!days) perDay.set(e.brand, (days = new Map<number, number>()));
    const d = Math.floor(e.time / DAY);
    days.set(d, (days.get(d) ?? 0) + 1);
    const h = Math.floor(e.time / HOUR) % 24;
    hours[h] = (hours[h] as number) + 1;
  }
  const mean = hours.reduce((a, b) => a + b, 0) / 24;
  const brands: BackgroundProfile['brands'] = new Map();
  for (const [brand, days] of perDay) {
    const max = Math.max(...days.values());
    const active = [...days].filter(([, n]) => n >= 0.1 * max).map(([d]) => d);
    const start = Math.min(...active) * DAY;
    const end = (Math.max(...active) + 1) * DAY;
    brands.set(brand, {
      start,
      end,
      activeDays: active.length,
      perTouchpoint: new Map(),
      negatives: [],
      kind: 'own',
    });
  }
  for (const e of events) {
    const b = brands.get(e.brand);
    if (!b || e.time < b.start || e.time >= b.end) continue;
    b.kind = e.brandKind;
    if (!e.negative) continue;
    b.negatives.push(e.touchpoints);
    for (const t of e.touchpoints) b.perTouchpoint.set(t, (b.perTouchpoint.get(t) ?? 0) + 1);
  }
  return { brands, hourFactor: hours.map((h) => (mean > 0 ? h / mean : 1)) };
}

export interface Injection extends Incident {
  touchpoints: string[];
  size: number;
  /**
   * Extra items injected; the negatives the hit series (the brand, or its touchpoint) normally has
   * over the storm's duration; and the extra items the storm's rate expects (the Poisson mean).
   */
  extra: number;
  normal: number;
  extraExpected: number;
}

/**
 * Extra negative items for one storm: a Poisson process at (size − 1) × the normal rate of the
 * brand's touchpoint (its negatives per active day, × the hour-of-day factor), flat or ramping
 * linearly from 0 to twice the mean over the duration (same expected total).
 */
export function stormEvents(
  profile: BackgroundProfile,
  brand: string,
  touchpoint: string | null,
  start: number,
  spec: StormSpec,
  rand: () => number,
  idPrefix: string,
): { events: WarnEvent[]; injection: Injection } {
  const b = profile.brands.get(brand);
  if (!b) throw new Error(`no background for ${brand}`);
  // The hit series' own rate (the brand's, or its touchpoint's), and the storm's base rate.
  const ownPerDay =
    (touchpoint === null ? b.negatives.length : (b.perTouchpoint.get(touchpoint) ?? 0)) / b.activeDays;
  const basePerDay =
    spec.target === 'workspace'
      ? [...profile.brands.values()].reduce((sum, x) => sum + x.negatives.length / x.activeDays, 0)
      : ownPerDay;
  const events: WarnEvent[] = [];
  let normal = 0;
  let extraExpected = 0;
  for (let m = 0; m < spec.durationMinutes; m++) {
    const t = start + m * MINUTE;
    const hour = (profile.hourFactor[Math.floor(t / HOUR) % 24] ?? 1) / 1440;
    normal += ownPerDay * hour;
    const shape = spec.shape === 'flat' ? 1 : (2 * (m + 0.5)) / spec.durationMinutes;
    const mean = basePerDay * hour * (spec.size - 1) * shape;
    extraExpected += mean;
    const k = poisson(mean, rand);
    for (let i = 0; i < k; i++)
      events.push({
        time: t + Math.floor(rand() * MINUTE),
        brand,
        brandKind: b.kind,
        touchpoints:
          touchpoint === null
            ? [...(b.negatives[Math.floor(rand() * b.negatives.length)] ?? [])]
            : [touchpoint],
        platform: 'twitter',
        negative: true,
        itemId: `${idPrefix}-${events.length}`,
      });
  }
  const injection: Injection = {
    brand,
    start,
    end: start + spec.durationMinutes * MINUTE,
    touchpoints: touchpoint === null ? [] : [touchpoint],
    size: spec.size,
    extra: events.length,
    normal,
    extraExpected,
  };
  return { events, injection };
}

function poisson(mean: number, rand: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

export interface InjectionOptions extends StormSpec {
  injections: number;
  /** Storms per replay (different brands or ≥ 12 h apart), to keep the number of replays small. */
  perReplay: number;
  seed: number;
  /** Hours of a brand's own data before the first storm may start. */
  warmupHours: number;
  /** Periods (per brand) where the background alone alerted: storms are placed outside them. */
  avoid: readonly Incident[];
  detector: Partial<DetectorOptions>;
  graceMinutes: number;
}

export interface InjectionReport {
  size: number;
  durationMinutes: number;
  shape: StormSpec['shape'];
  injections: number;
  detected: number;
  detectionRate: number;
  medianDelayMinutes: number | null;
  p90DelayMinutes: number | null;
  /**
   * Alerts that overlap no injection and no alert of the background alone (`avoid`), per brand per
   * week of active data: the false alarms the storms caused or the randomness of a replay added.
   */
  falseAlarmsPerBrandWeek: number;
  falseAlarms: number;
  brandWeeks: number;
  /** Detection by the number of extra items the storm brought. */
  byExtra: { extra: string; injections: number; detected: number; medianDelayMinutes: number | null }[];
  /** Detection by the negatives the series normally has in 15 minutes at the storm's time. */
  byNormal: {
    normalPer15: string;
    injections: number;
    detected: number;
    medianDelayMinutes: number | null;
  }[];
  byBrand: { brand: string; injections: number; detected: number; medianDelayMinutes: number | null }[];
  /**
   * The bound no counting detector can pass (see `oracleDetection`): the mean over these storms of
   * the chance that an oracle which knows the normal rate sees the storm within 15 minutes at one
   * false alarm per brand-week. Below 0.5, a median delay under 15 minutes is out of reach.
   */
  oracleWithin15: number;
  /** Storms this detector caught within 15 minutes of data time, to set beside `oracleWithin15`. */
  detectedWithin15: number;
  scores: IncidentScore[];
}

/**
 * An upper bound on what any detector that counts a brand's negatives could do with one storm. The
 * oracle knows the normal rate exactly (Poisson, none of the real data's extra spread), tests a
 * single window of `windowMinutes` from the storm's start, and its threshold c is the smallest count
 * with P(X ≥ c) ≤ the false-alarm budget spread over the week's non-overlapping windows of that
 * length (`alarmsPerWeek` / (7 · 1440 / window)). Returns P(storm window count ≥ c).
 *
 * @example a brand with 2 negatives per 15 min normally: c = 8, and a 3× storm (mean 6 in its first
 * 15 minutes) reaches it with probability 0.26; at 4 per 15 min, 0.54; at 8, 0.87.
 */
export function oracleDetection(
  storm: Injection,
  spec: Pick<StormSpec, 'durationMinutes' | 'shape'>,
  windowMinutes = 15,
  alarmsPerWeek = 1,
): number {
  const w = Math.min(windowMinutes, spec.durationMinutes);
  const normal = (storm.normal * w) / spec.durationMinutes;
  if (normal <= 0) return 0;
  // Share of the storm's extra items in its first w minutes: flat w/D, ramp (w/D)².
  const share = spec.shape === 'flat' ? w / spec.durationMinutes : (w / spec.durationMinutes) ** 2;
  const stormMean = normal + storm.extraExpected * share;
  const budget = alarmsPerWeek / ((7 * 1440) / w);
  let c = Math.ceil(normal);
  while (upperTail(c, normal, Infinity) > budget) c++;
  return upperTail(c, stormMean, Infinity);
}

/**
 * Injects `injections` storms into the background, `perReplay` at a time, replays each mix through a
 * fresh detector and reports detection rate, delays and false alarms.
 */
export function injectionBacktest(background: readonly WarnEvent[], o: InjectionOptions): InjectionReport {
  const profile = profileBackground(background);
  const rand = random(o.seed);
  const brands = [...profile.brands.keys()].sort();
  const scores: IncidentScore[] = [];
  let falseAlarms = 0;
  let brandWeeks = 0;
  const span = o.durationMinutes * MINUTE;
  for (let done = 0; done < o.injections;) {
    const n = Math.min(o.perReplay, o.injections - done);
    const injected: WarnEvent[] = [];
    const incidents: Injection[] = [];
    for (let tries = 0; incidents.length < n && tries < 10_000; tries++) {
      const brand = brands[Math.floor(rand() * brands.length)] as string;
      const b = profile.brands.get(brand);
      if (!b) continue;
      const from = b.start + o.warmupHours * HOUR;
      const to = b.end - span - o.graceMinutes * MINUTE;
      if (to <= from) continue;
      const start = Math.floor((from + rand() * (to - from)) / MINUTE) * MINUTE;
      const clash = (i: Incident, pad: number) =>
        i.brand === brand && start < i.end + pad && start + span + pad > i.start;
      if (incidents.some((i) => clash(i, 12 * HOUR)) || o.avoid.some((i) => clash(i, 2 * HOUR))) continue;
      const touchpoint = o.target === 'touchpoint' ? pickWeighted(b.perTouchpoint, rand) : null;
      if (o.target === 'touchpoint' && touchpoint === null) continue;
      const storm = stormEvents(
        profile,
        brand,
        touchpoint,
        start,
        o,
        rand,
        `inject-${done + incidents.length}`,
      );
      incidents.push(storm.injection);
      injected.push(...storm.events);
    }
    if (incidents.length === 0) throw new Error('no room to inject a storm: is the background too short?');
    const result = replay([...background, ...injected], o.detector);
    const score = scoreAlerts(result, incidents, o.graceMinutes);
    scores.push(...score.incidents);
    // Alerts the background raises on its own are reported apart (`background`), not counted here.
    falseAlarms += score.falseAlarms.filter(
      (a) => !o.avoid.some((i) => i.brand === a.brand && a.openedAt >= i.start && a.openedAt <= i.end),
    ).length;
    brandWeeks += [...profile.brands.values()].reduce((a, b) => a + b.activeDays, 0) / 7;
    done += incidents.length;
  }
  const delays = (list: IncidentScore[]) =>
    list.flatMap((s) => (s.delayMinutes === null ? [] : [s.delayMinutes])).sort((a, b) => a - b);
  const detected = delays(scores).length;
  const group = <K extends string>(key: (s: IncidentScore) => K, order: K[]) =>
    order
      .map((k) => {
        const list = scores.filter((s) => key(s) === k);
        return {
          k,
          injections: list.length,
          detected: delays(list).length,
          medianDelayMinutes: quantile(delays(list), 0.5),
        };
      })
      .filter((g) => g.injections > 0);
  const extraBucket = (s: IncidentScore) => {
    const x = (s.incident as Injection).extra;
    return x < 8 ? '<8' : x < 16 ? '8-15' : x < 32 ? '16-31' : '32+';
  };
  const normalBucket = (s: IncidentScore) => {
    const inj = s.incident as Injection;
    const per15 = (inj.normal * 15) / o.durationMinutes;
    return per15 < 2 ? '<2' : per15 < 4 ? '2-4' : per15 < 8 ? '4-8' : '8+';
  };
  return {
    size: o.size,
    durationMinutes: o.durationMinutes,
    shape: o.shape,
    injections: scores.length,
    detected,
    detectionRate: scores.length ? detected / scores.length : 0,
    medianDelayMinutes: quantile(delays(scores), 0.5),
    p90DelayMinutes: quantile(delays(scores), 0.9),
    falseAlarms,
    brandWeeks,
    falseAlarmsPerBrandWeek: brandWeeks ? falseAlarms / brandWeeks : 0,
    byExtra: group(extraBucket, ['<8', '8-15', '16-31', '32+']).map(({ k, ...g }) => ({ extra: k, ...g })),
    byNormal: group(normalBucket, ['<2', '2-4', '4-8', '8+']).map(({ k, ...g }) => ({
      normalPer15: k,
      ...g,
    })),
    byBrand: group((s) => s.incident.brand, brands).map(({ k, ...g }) => ({ brand: k, ...g })),
    oracleWithin15: scores.length
      ? scores.reduce((a, s) => a + oracleDetection(s.incident as Injection, o), 0) / scores.length
      : 0,
    detectedWithin15: scores.filter((s) => s.delayMinutes !== null && s.delayMinutes <= 15).length,
    scores,
  };
}

function pickWeighted(weights: Map<string, number>, rand: () => number): string | null {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let r = rand() * total;
  for (const [k, w] of [...weights].sort(([a], [b]) => a.localeCompare(b))) {
    r -= w;
    if (r < 0) return k;
  }
  return null;
}

/** The q-quantile of sorted values (nearest rank), null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Turns the alerts of a background-only replay into periods (per brand) to keep storms out of. */
export function alertPeriods(alerts: readonly WarnAlert[], padMinutes = 0): Incident[] {
  return alerts
    .filter((a) => a.kind !== 'risky_item')
    .map((a) => ({
      brand: a.brand,
      start: a.startedAt - padMinutes * MINUTE,
      end: a.lastFiringAt + padMinutes * MINUTE,
    }));
}
