/**
 * The spike detector: at every 5-minute step of data time it tests each active series (brand total,
 * brand × touchpoint, brand × platform) over sliding windows; a series that breaks out on
 * `persistSteps` consecutive steps fires; the series that fire for one brand are grouped into one
 * alert while it keeps firing and for `cooldownMinutes` after. Risky single items alert on their own.
 * Time comes only from the events (and `advance`), never from the wall clock.
 */
import { Baseline, type BaselineOptions } from './baseline.js';
import { HOUR, MINUTE, SeriesStore, keyParts, seriesKey, type SeriesOptions } from './series.js';
import { smallestSignificant, upperTail } from './stats.js';
import type { AlertEvent, AlertItem, KeyFinding, WarnAlert, WarnEvent } from './types.js';
import { viralityRisk } from './virality.js';

export interface DetectorOptions {
  /** Sliding windows tested at each step, minutes (multiples of `stepMinutes`). */
  windowsMinutes: number[];
  stepMinutes: number;
  /** A window breaks out when p ≤ alpha, observed ≥ minCount and observed ≥ minRatio × expected. */
  alpha: number;
  minCount: number;
  minRatio: number;
  /** Consecutive steps a series must break out on before it fires. */
  persistSteps: number;
  /**
   * "Persists" within a window: its busiest 5-minute bucket may hold at most this share of the
   * window's negatives, so one burst (a bot, one author's thread) does not fire on its own. Unlike
   * `persistSteps` > 1 it costs no delay.
   */
  maxBurstShare: number;
  /**
   * Negative-binomial size r at full history (variance μ + μ²/r); with n own hours of history and
   * m prior hours the test uses 1 + (r − 1)·n/(n + m): wider while a series is young.
   */
  dispersion: number;
  /**
   * An alert that keeps firing this long is a new normal, not a storm: the series in it get a change
   * point at the alert's start and their baseline restarts there (measured: without it American's
   * jump on 22 Feb in the airline file kept one alert open for 28 hours).
   */
  levelShiftHours: number;
  /** A brand's alert stays open (new firings join it) this long after its last firing. */
  cooldownMinutes: number;
  topItems: number;
  /**
   * No spike alerts until the workspace has this many hours of data: before a whole day is seen the
   * daily cycle is unknown, and every morning would look like a storm (measured: 4 alerts on the
   * first morning of the airline file without it).
   */
  warmupHours: number;
  /** Risky single items alert at or above this risk; `null`: never. */
  riskThreshold: number | null;
  series: Partial<SeriesOptions>;
  baseline: Partial<BaselineOptions>;
}

export const DEFAULT_DETECTOR_OPTIONS = {
  windowsMinutes: [10, 15, 30, 60],
  stepMinutes: 5,
  alpha: 1e-6,
  minCount: 8,
  minRatio: 2,
  persistSteps: 1,
  maxBurstShare: 0.6,
  dispersion: 30,
  cooldownMinutes: 180,
  levelShiftHours: 12,
  topItems: 5,
  warmupHours: 24,
  riskThreshold: 0.8,
  series: {},
  baseline: {},
} satisfies DetectorOptions;

/** Alerts `alerts()` keeps, and how long a risky item is remembered so it is raised once. */
const MAX_ALERTS = 10_000;
const RISKY_MEMORY = 7 * 24 * HOUR;

/** How long an item stays a candidate for an alert's top items. */
const RECENT = 120 * MINUTE;

interface OpenAlert {
  alert: WarnAlert;
  keys: Set<string>;
  shifted: boolean;
}

/** The detector's state: series, baseline, streaks and open alerts. */
export class Detector {
  readonly options: DetectorOptions;
  readonly store: SeriesStore;
  readonly baseline: Baseline;
  private nextStep: number | null = null;
  private readonly active = new Map<string, number>();
  private readonly streaks = new Map<string, number>();
  private readonly open = new Map<string, OpenAlert>();
  private readonly all: WarnAlert[] = [];
  private readonly recent = new Map<string, WarnEvent[]>();
  /** Items already raised as risky, with their time; forgotten after RISKY_MEMORY (bounded memory). */
  private readonly riskyItems = new Map<string, number>();
  private stepCount = 0;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
    this.store = new SeriesStore(this.options.series);
    this.baseline = new Baseline(this.store, this.options.baseline);
  }

  /**
   * Counts one event, after running every 5-minute step that closed before its time; returns the
   * alerts that opened or changed (spikes, and the event itself when it is a risky item).
   */
  add(event: WarnEvent): AlertEvent[] {
    const out = this.advance(event.time);
    const keys = this.store.add(event);
    if (event.negative) {
      for (const key of keys) if (this.tested(key)) this.active.set(key, event.time);
      const brand = keys[0] as string;
      let list = this.recent.get(brand);
      if (!list) this.recent.set(brand, (list = []));
      list.push(event);
      if (list.length > 2000) list.splice(0, 1000);
    }
    const risky = this.risky(event);
    if (risky) out.push(risky);
    return out;
  }

  /**
   * Runs every step up to `time` (data time) and returns the alerts that opened or changed. Steps
   * where no series is active and no alert cools down do nothing, so they are skipped: a gap of any
   * length costs at most (longest window + cool-down) / step + 1 steps (without this, one item
   * posted at 9999-12-31 was 840 million empty steps, 85 s with the server unanswered; issue #11).
   */
  advance(time: number): AlertEvent[] {
    const step = this.options.stepMinutes * MINUTE;
    const after = Math.floor(time / step) * step + step;
    if (this.nextStep === null) this.nextStep = after;
    const out: AlertEvent[] = [];
    while (this.nextStep <= time) {
      if (this.active.size === 0 && this.open.size === 0) {
        this.nextStep = after;
        break;
      }
      out.push(...this.evaluate(this.nextStep));
      this.stepCount++;
      this.nextStep += step;
    }
    return out;
  }

  /** How many steps have been evaluated so far: the detector's work, for tests of its bound. */
  get steps(): number {
    return this.stepCount;
  }

  /** Every alert raised so far, in the order they opened. */
  alerts(): WarnAlert[] {
    return [...this.all];
  }

  /** Keeps the list of alerts bounded: a live caller stores them and reads `add`'s result instead. */
  private remember(alert: WarnAlert): void {
    this.all.push(alert);
    if (this.all.length > MAX_ALERTS) this.all.splice(0, this.all.length - MAX_ALERTS);
  }

  /** Brand totals, brand × touchpoint, and brand × platform where the brand has two platforms. */
  private tested(key: string): boolean {
    const p = keyParts(key);
    if (p.brand === null) return false;
    if (p.platform === null) return true;
    return this.store.platformCount(key.replace(/[^\u241f]*$/, '*')) >= 2;
  }

  private evaluate(at: number): AlertEvent[] {
    const o = this.options;
    const longest = Math.max(...o.windowsMinutes) * MINUTE;
    const fired = new Map<string, { key: string; finding: KeyFinding }[]>();
    for (const [key, last] of this.active) {
      // A key quiet for the longest window leaves the active set even while the workspace warms up
      // (it is tested only after, and only with a negative in the window): so a gap ends in bounded steps.
      if (last < at - longest) {
        this.active.delete(key);
        this.streaks.delete(key);
        continue;
      }
      if (this.warmingUp(key, at)) continue;
      const finding = this.test(key, at);
      const streak = finding ? (this.streaks.get(key) ?? 0) + 1 : 0;
      this.streaks.set(key, streak);
      if (finding && streak >= o.persistSteps) {
        const brand = key.split('\u241f').slice(0, 2).join('\u241f');
        let list = fired.get(brand);
        if (!list) fired.set(brand, (list = []));
        list.push({ key, finding });
        this.store.get(key)?.markAlerted(at - finding.windowMinutes * MINUTE, at);
      }
    }
    const out: AlertEvent[] = [];
    for (const [brand, list] of fired) out.push(this.raise(brand, list, at));
    for (const [brand, o2] of this.open)
      if (at - o2.alert.lastFiringAt > o.cooldownMinutes * MINUTE) this.open.delete(brand);
    return out;
  }

  private warmingUp(key: string, at: number): boolean {
    const { workspace } = keyParts(key);
    const total = this.store.get(seriesKey({ workspace, brand: null, touchpoint: null, platform: null }));
    return !total || at - total.firstSeen < this.options.warmupHours * HOUR;
  }

  /**
   * The negative-binomial size of the test at `at`: 1 + (dispersion − 1) · n / (n + m), small (a
   * wide distribution) while the series has few hours of its own history.
   */
  testSize(key: string, at: number): number {
    const level = this.baseline.level(key, at);
    const m = this.baseline.options.priorHours;
    return 1 + ((this.options.dispersion - 1) * level.ownHours) / (level.ownHours + m);
  }

  /**
   * One window of a series as the test sees it, for charts: the negatives in [at − minutes, at), what
   * the baseline expects there, and the smallest count at which the window breaks out — at least
   * `minCount`, `minRatio` × expected, and p ≤ alpha (the burst-share rule, about how the count is
   * spread over the window, aside). null when the series is unknown.
   */
  windowTest(
    key: string,
    at: number,
    minutes: number,
  ): { observed: number; total: number; expected: number; threshold: number } | null {
    const o = this.options;
    const series = this.store.get(key);
    if (!series) return null;
    const from = at - minutes * MINUTE;
    const w = series.window(from, at);
    const expected = this.baseline.expected(key, from, at);
    const threshold = Math.max(
      o.minCount,
      Math.ceil(o.minRatio * expected - 1e-9),
      smallestSignificant(expected, this.testSize(key, at), o.alpha),
    );
    return { observed: w.negative, total: w.count, expected, threshold };
  }

  /** The strongest breaking-out window of a series at `at`, or null. */
  private test(key: string, at: number): KeyFinding | null {
    const o = this.options;
    const series = this.store.get(key);
    if (!series) return null;
    let best: KeyFinding | null = null;
    for (const minutes of o.windowsMinutes) {
      const from = at - minutes * MINUTE;
      const observed = series.window(from, at).negative;
      if (observed < o.minCount) continue;
      if (series.maxBucket(from, at) > o.maxBurstShare * observed) continue;
      const expected = this.baseline.expected(key, from, at);
      if (observed < o.minRatio * expected) continue;
      const pValue = upperTail(observed, expected, this.testSize(key, at));
      if (pValue > o.alpha) continue;
      if (!best || pValue < best.pValue) {
        const p = keyParts(key);
        best = {
          key,
          touchpoint: p.touchpoint,
          platform: p.platform,
          windowMinutes: minutes,
          observed,
          expected,
          pValue,
        };
      }
    }
    return best;
  }

  private raise(brandKey: string, list: { key: string; finding: KeyFinding }[], at: number): AlertEvent {
    const sample = list[0] as { key: string; finding: KeyFinding };
    const recent = this.recent.get(keyOfBrand(sample.key)) ?? [];
    const kindOf = recent[recent.length - 1]?.brandKind ?? 'own';
    let entry = this.open.get(brandKey);
    let type: AlertEvent['type'] = 'updated';
    if (!entry) {
      type = 'opened';
      const { workspace, brand } = keyParts(sample.key);
      const startedAt = Math.min(...list.map((f) => at - f.finding.windowMinutes * MINUTE));
      const kind = kindOf === 'own' ? 'spike' : 'competitor_storm';
      const alert: WarnAlert = {
        id: `${kind}:${workspace}:${brand ?? ''}:${new Date(at).toISOString()}`,
        kind,
        workspace,
        brand: brand ?? '',
        brandKind: kindOf,
        openedAt: at,
        startedAt,
        lastFiringAt: at,
        touchpoints: [],
        platforms: [],
        severity: 1,
        opening: list.reduce((a, b) => (b.finding.pValue < a.finding.pValue ? b : a)).finding,
        strongest: null,
        findings: [],
        topItems: [],
      };
      entry = { alert, keys: new Set(), shifted: false };
      this.open.set(brandKey, entry);
      this.remember(alert);
    }
    const a = entry.alert;
    a.lastFiringAt = at;
    for (const { key, finding } of list) {
      entry.keys.add(key);
      const i = a.findings.findIndex((f) => f.key === key);
      if (i < 0) a.findings.push(finding);
      else if (finding.pValue < (a.findings[i] as KeyFinding).pValue) a.findings[i] = finding;
      if (!a.strongest || finding.pValue < a.strongest.pValue) a.strongest = finding;
      if (finding.touchpoint !== null && !a.touchpoints.includes(finding.touchpoint))
        a.touchpoints.push(finding.touchpoint);
      if (finding.platform !== null && !a.platforms.includes(finding.platform))
        a.platforms.push(finding.platform);
    }
    if (!entry.shifted && at - a.startedAt >= this.options.levelShiftHours * HOUR) {
      entry.shifted = true;
      for (const key of [...entry.keys, keyOfBrand(sample.key)]) {
        this.store.get(key)?.shiftLevel(a.startedAt, at);
        this.baseline.forget(key);
      }
    }
    a.topItems = this.topItems(a, recent, at);
    a.severity = Math.max(a.severity, severity(a));
    return { type, alert: a };
  }

  private topItems(a: WarnAlert, recent: readonly WarnEvent[], at: number): AlertItem[] {
    const seen = new Map<string, AlertItem>(a.topItems.map((i) => [i.itemId, i]));
    const from = Math.max(a.startedAt, at - RECENT) - 60 * MINUTE;
    const wanted = new Set(a.touchpoints);
    for (let i = recent.length - 1; i >= 0; i--) {
      const e = recent[i] as WarnEvent;
      if (e.time < from) break;
      if (e.time >= at || seen.has(e.itemId)) continue;
      if (wanted.size > 0 && !e.touchpoints.some((t) => wanted.has(t))) continue;
      seen.set(e.itemId, {
        itemId: e.itemId,
        time: e.time,
        reach: e.reach,
        engagement: e.engagement,
        urgency: e.urgency,
        touchpoints: e.touchpoints,
      });
    }
    return [...seen.values()].sort(byImportance).slice(0, this.options.topItems);
  }

  private risky(event: WarnEvent): AlertEvent | null {
    const threshold = this.options.riskThreshold;
    if (threshold === null || this.riskyItems.has(event.itemId)) return null;
    const { risk, reasons } = viralityRisk(event);
    if (risk < threshold) return null;
    this.riskyItems.set(event.itemId, event.time);
    if (this.riskyItems.size > 10_000)
      for (const [id, t] of this.riskyItems) if (t < event.time - RISKY_MEMORY) this.riskyItems.delete(id);
    const alert = riskyItemAlert(event, risk, reasons);
    this.remember(alert);
    return { type: 'opened', alert };
  }
}

/** A risky single item as an alert: one per item, severity from the risk (0.75 → 8). */
export function riskyItemAlert(event: WarnEvent, risk: number, reasons: string[]): WarnAlert {
  const workspace = event.workspace ?? 'default';
  return {
    id: `risky_item:${workspace}:${event.itemId}`,
    kind: 'risky_item',
    workspace,
    brand: event.brand,
    brandKind: event.brandKind,
    openedAt: event.time,
    startedAt: event.time,
    lastFiringAt: event.time,
    touchpoints: [...event.touchpoints],
    platforms: [event.platform],
    severity: Math.max(1, Math.min(10, Math.round(risk * 10))),
    opening: null,
    strongest: null,
    findings: [],
    topItems: [
      {
        itemId: event.itemId,
        time: event.time,
        reach: event.reach,
        engagement: event.engagement,
        urgency: event.urgency,
        touchpoints: event.touchpoints,
      },
    ],
    risk,
    reasons,
  };
}

function keyOfBrand(key: string): string {
  const [workspace, brand] = key.split('\u241f');
  return [workspace, brand, '*', '*'].join('\u241f');
}

/** Highest reach first, then engagement, then urgency, then the earliest. */
function byImportance(a: AlertItem, b: AlertItem): number {
  return (
    (b.reach ?? -1) - (a.reach ?? -1) ||
    (b.engagement ?? -1) - (a.engagement ?? -1) ||
    (b.urgency ?? -1) - (a.urgency ?? -1) ||
    a.time - b.time
  );
}

/**
 * Severity 1–10 of a spike alert:
 *   1 + 1.5·log2(ratio / 2) + 0.1·(−log10 p − 5) + reach + breadth, rounded and clamped, where
 *   ratio = observed / expected of the strongest finding, reach = min(2, max(0, log10(top reach) − 3))
 *   (0 when reach is unknown) and breadth = 0.5 per extra touchpoint or platform, at most 1.
 */
export function severity(a: WarnAlert): number {
  const f = a.strongest;
  if (!f) return 1;
  const ratio = f.observed / Math.max(1e-9, f.expected);
  const z = -Math.log10(Math.max(f.pValue, 1e-300));
  const topReach = Math.max(0, ...a.topItems.map((i) => i.reach ?? 0));
  const reach = topReach > 0 ? Math.min(2, Math.max(0, Math.log10(topReach) - 3)) : 0;
  const breadth = Math.min(1, 0.5 * Math.max(0, a.touchpoints.length + a.platforms.length - 1));
  const s = 1 + 1.5 * Math.log2(Math.max(1, ratio / 2)) + 0.1 * Math.max(0, z - 5) + reach + breadth;
  return Math.max(1, Math.min(10, Math.round(s)));
}

/** A detector with options merged over the defaults. */
export function createDetector(options: Partial<DetectorOptions> = {}): Detector {
  return new Detector(options);
}
