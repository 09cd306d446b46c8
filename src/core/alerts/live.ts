/**
 * Live detection: every ingest batch, once written, is fed to an in-process detector per workspace
 * (`src/warn`); what it opens or updates is upserted as a stored alert by its dedup key, with its
 * top items, and notifications are queued. A workspace's detector is warmed up the first time it is
 * needed by replaying the workspace's last 14 days of analysed items from the store (bounded).
 *
 * One process runs a workspace's detector at a time, whatever the number of processes: it holds the
 * workspace's lease (`alert_detector_leases`, renewed by `poll()`, taken over when it expires or is
 * released). A process that ingests for a workspace it does not run writes the batch's item ids to
 * `alert_inbox` in the batch's transaction and tries to take the lease; the owner takes the inbox
 * every `poll()`.
 */
import { randomUUID } from 'node:crypto';
import {
  createDetector,
  riskyItemAlert,
  viralityRisk,
  type AlertEvent,
  type Detector,
  type DetectorOptions,
  type WarnAlert,
  type WarnEvent,
} from '../../warn/index.js';
import type { Clock } from '../cases/clock.js';
import { groupBy } from '../group.js';
import type { IngestedBatch, IngestedItem } from '../feedback/ingest.js';
import type { Repos, Store, WarmupItem } from '../ports.js';
import type { Brand } from '../types.js';
import { enqueueNotifications, RENOTIFY_SEVERITY_STEP } from './notify.js';
import { DEFAULT_RISK_THRESHOLD, type NotificationRow, type StoredAlert } from './types.js';
import { timeSlicer, yieldToEventLoop } from '../slices.js';

export interface LiveAlertDeps {
  store: Store;
  clock: Clock;
  /** Queues the delivery of a notification (`notifications.send`), after `delaySeconds` when held. */
  enqueueNotification: (
    ref: { workspaceId: string; notificationId: string },
    delaySeconds?: number,
  ) => Promise<void>;
  /** Where a failed detection step is reported; it never fails the ingest. */
  onError?: (err: unknown) => void;
  /** Wall-clock ms for leases (the `clock` above is data time, which tests set by hand). */
  wallNow?: () => number;
}

export interface LiveAlertOptions {
  detector: Partial<DetectorOptions>;
  /** The warm-up replays the items of the last `warmupDays` days… */
  warmupDays: number;
  /** …at most this many (the newest). */
  warmupLimit: number;
  /** How long a claim on a workspace's detector lasts unless `poll()` renews it (wall-clock ms). */
  leaseMs: number;
}

export const DEFAULT_LIVE_OPTIONS = {
  detector: {},
  warmupDays: 14,
  warmupLimit: 200_000,
  leaseMs: 15_000,
} satisfies LiveAlertOptions;

/** A read-only detector behind an alert's chart is rebuilt after this long. */
const READ_ONLY_TTL_MS = 60_000;
/**
 * How far back a live detector can draw a chart: its 5-minute buckets reach 3 days behind its newest
 * item (`SeriesStore`), its warm-up 14 days. An older period is replayed from the store.
 */
const LIVE_CHART_SPAN_MS = 2 * 86_400_000;

const DAY_MS = 86_400_000;
/**
 * Alerts on data older than this (an import of last month's reviews) are stored but notify nobody:
 * a notification is for something happening now.
 */
export const NOTIFY_MAX_AGE_MS = 6 * 3_600_000;

interface WorkspaceState {
  detector: Detector;
  riskThreshold: number;
  brands: Map<string, Brand>;
  /** The latest data time the detector has seen (epoch ms). */
  latest: number;
  /** Set when items arrived out of time order: the earliest of them, to replay from. */
  replayFrom: number | null;
  /** The items the warm-up fed, kept only while the lease is being taken over. */
  warmIds?: Set<string>;
}

/**
 * An item more than this much older than the newest one seen is "late": a file of past reviews
 * imported out of time order (the airline file is grouped by airline), not a live stream. Late
 * items are not fed one by one — the detector's steps for their time have closed — but the
 * workspace's history is replayed in time order once the import has settled.
 */
const LATE_MS = 3_600_000;
/**
 * The clock moves a live detector on only while its data is this fresh: a workspace whose newest
 * item is older (history, or a quiet night) is not stepped through every 5 minutes of the gap.
 */
const TICK_MAX_GAP_MS = 2 * 3_600_000;
/**
 * Live detection reads data time up to this far ahead of the clock (a source's clock a little fast).
 * An item posted later is stored but kept out of the detectors (the warm-up, each batch, a replay):
 * fed, it would move a detector's time ahead, and every item of the present would then be late, so
 * each batch would replay the history (one item at 9999-12-31 stalled every later batch; issue #11).
 * Not more than LATE_MS, so that an item inside it never makes the present late.
 */
const LIVE_AHEAD_MS = LATE_MS;
/** How long a workspace must receive no late batch before its history is replayed. */
const REPLAY_DEBOUNCE_MS = 2_000;
/** History a replay reads before the earliest late item: the baseline's look-back and a day. */
const REPLAY_LOOKBACK_MS = 8 * DAY_MS;

/** An ingested item as the detector sees it; null when it has no analysis yet. */
export function warnEventOf(workspaceId: string, item: IngestedItem): WarnEvent | null {
  const a = item.analysis;
  if (!a) return null;
  return {
    time: Date.parse(item.input.postedAt),
    workspace: workspaceId,
    brand: item.brand.id,
    brandKind: item.brand.kind,
    touchpoints: a.touchpoints.map((t) => t.key),
    platform: item.input.platform,
    negative: a.sentiment.label === 'negative',
    reach: item.input.author?.reach,
    itemId: item.itemId,
    urgency: a.urgency.score,
    intents: a.intents.map((i) => i.intent),
    sentimentScore: a.sentiment.score,
    text: item.input.text,
  };
}

function warmupEvent(workspaceId: string, i: WarmupItem): WarnEvent {
  return {
    time: Date.parse(i.postedAt),
    workspace: workspaceId,
    brand: i.brandId,
    brandKind: i.brandKind,
    touchpoints: i.touchpoints,
    platform: i.platform,
    negative: i.sentimentLabel === 'negative',
    reach: i.reach ?? undefined,
    itemId: i.id,
    urgency: i.urgency ?? undefined,
    intents: i.intents,
    sentimentScore: i.sentimentScore ?? undefined,
  };
}

/** The detectors this process runs, one per workspace whose lease it holds, and what they write. */
export class LiveAlerts {
  readonly options: LiveAlertOptions;
  /** This process's lease owner id. */
  readonly owner = randomUUID();
  private readonly workspaces = new Map<string, Promise<WorkspaceState>>();
  /** Wall-clock expiry of each lease this process holds. */
  private readonly leases = new Map<string, number>();
  private readonly claiming = new Set<string>();
  /** Workspaces whose detector has finished taking over: only these take batches directly. */
  private readonly ready = new Set<string>();
  private readonly readOnly = new Map<string, { detector: Promise<Detector>; until: number }>();
  private readonly replayTimers = new Map<string, NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: LiveAlertDeps,
    options: Partial<LiveAlertOptions> = {},
  ) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
  }

  private wallNow(): number {
    return this.deps.wallNow?.() ?? Date.now();
  }

  /**
   * Whether this process runs the workspace's detector, done taking it over (a batch that came
   * while the warm-up read the store goes through the inbox, so it is counted once), with at least
   * half its lease left.
   */
  private owns(workspaceId: string): boolean {
    const until = this.leases.get(workspaceId);
    return (
      this.ready.has(workspaceId) && until !== undefined && until - this.wallNow() > this.options.leaseMs / 2
    );
  }

  /**
   * Takes an ingest batch inside its transaction (the ingest's `afterWrite`). The owner of the
   * workspace's detector processes it after the transaction, in order with earlier batches; any
   * other process queues the batch's items for the owner in the same transaction, and tries to
   * become the owner. Returns without waiting for detection; `idle()` waits for it.
   */
  async intake(tx: Repos, batch: IngestedBatch): Promise<void> {
    const events: { event: WarnEvent; created: boolean }[] = [];
    for (const item of batch.items) {
      const event = warnEventOf(batch.workspaceId, item);
      if (event) events.push({ event, created: item.status === 'created' });
    }
    if (events.length === 0) return;
    const ws = batch.workspaceId;
    if (this.owns(ws)) {
      // Once the ingest transaction has committed: the rows written below refer to its items (a
      // setImmediate here raced the commit on PostgreSQL once the rollups were written after this).
      batch.afterCommit(() => void this.enqueue(() => this.process(ws, events)));
      return;
    }
    await tx.alerts.queueForDetector(
      ws,
      events.map(({ event, created }) => ({ itemId: event.itemId, created })),
    );
    // After the commit too: a claim that drained the inbox before it read none of these rows on
    // PostgreSQL (the risky item's alert of test/security/ssrf.test.ts waited for the next poll).
    batch.afterCommit(() => this.scheduleClaim(ws));
  }

  /**
   * Takes stored items whose analysis arrived late (the `analysis.retry` job): they count now, in the
   * buckets of their posted time.
   */
  observeStored(workspaceId: string, itemIds: readonly string[]): void {
    void this.enqueue(async () => {
      const queued = itemIds.map((itemId) => ({ itemId, created: true }));
      if (this.owns(workspaceId)) await this.feedQueued(workspaceId, queued);
      else {
        await this.deps.store.alerts.queueForDetector(workspaceId, queued);
        this.scheduleClaim(workspaceId);
      }
    });
  }

  /**
   * Renews this process's leases (dropping the detectors of those another process took over) and
   * feeds each detector it runs the items other processes queued for it. Every process calls it
   * every second; whatever the number of workspaces it runs, that is one statement for the leases
   * (when a third of them has passed) and one for the inbox.
   */
  poll(): Promise<void> {
    return this.enqueue(async () => {
      await this.renew();
      // A lease whose warm-up failed is taken over again; one that fails again is given up (another
      // process may do better) and reported, and the others go on.
      for (const ws of [...this.leases.keys()]) {
        if (this.workspaces.has(ws)) continue;
        await this.orGiveUp(ws, () => this.takeOver(ws));
      }
      await this.drain([...this.leases.keys()].filter((ws) => this.ready.has(ws)));
    });
  }

  /** Gives up every lease this process holds (shutdown): another process takes over at once. */
  release(): Promise<void> {
    return this.enqueue(async () => {
      for (const ws of [...this.leases.keys()]) {
        this.drop(ws);
        await this.deps.store.alerts.releaseDetector(ws, this.owner);
      }
    });
  }

  /**
   * Resolves when every batch observed so far has been processed, and the history of workspaces
   * that received late items has been replayed (at once, without waiting for the debounce).
   */
  async idle(): Promise<void> {
    await this.enqueue(() => this.drain([...this.leases.keys()]));
    for (;;) {
      await this.chain;
      if (this.replayTimers.size === 0) return;
      for (const [workspaceId, timer] of this.replayTimers) {
        clearTimeout(timer);
        this.replayTimers.delete(workspaceId);
        void this.enqueue(() => this.replay(workspaceId));
      }
    }
  }

  /**
   * Moves every live detector on to the clock's time, so the 5-minute step that a quiet moment
   * leaves open still closes (and a spike its last items tipped still alerts) without waiting for
   * the next item. Called every minute by each process that ingests.
   */
  tick(): Promise<void> {
    return this.enqueue(async () => {
      const now = this.deps.clock.now().getTime();
      for (const [workspaceId, pending] of this.workspaces) {
        const state = await pending;
        if (state.replayFrom !== null || state.latest === 0) continue;
        if (now <= state.latest || now - state.latest > TICK_MAX_GAP_MS) continue;
        await this.store(workspaceId, state, state.detector.advance(now));
      }
    });
  }

  /** Takes and warms up the detector of every workspace no other process runs (worker start). */
  warmUpAll(workspaceIds: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      for (const ws of workspaceIds) {
        await this.orGiveUp(ws, () => this.claim(ws));
      }
    });
  }

  /**
   * Runs a step of taking a workspace's detector; when it fails (the warm-up could not read the
   * store) the failure is reported and the lease given up, so that another process may take it and
   * the other workspaces go on.
   */
  private async orGiveUp(workspaceId: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (err) {
      this.deps.onError?.(err);
      this.drop(workspaceId);
      await this.deps.store.alerts.releaseDetector(workspaceId, this.owner);
    }
  }

  /** Forgets a workspace's cached settings (risky-item threshold, brands) after they change. */
  settingsChanged(workspaceId: string, riskThreshold: number): void {
    void this.enqueue(async () => {
      const s = this.workspaces.get(workspaceId);
      if (s) (await s).riskThreshold = riskThreshold;
    });
  }

  /**
   * A detector whose memory holds `period` (epoch ms of data time: an alert's chart). The live one
   * where this process runs it and the period is recent; else one fed the workspace's items from
   * the baseline's look-back before the period to its end, kept for a minute. So a chart reads the
   * same on every process, and an alert of last month still shows its storm after a restart.
   */
  detectorFor(workspaceId: string, period: { from: number; to: number }): Promise<Detector> {
    return this.enqueue(async () => {
      const live = this.workspaces.get(workspaceId);
      if (live && period.from >= this.deps.clock.now().getTime() - LIVE_CHART_SPAN_MS) {
        return (await live).detector;
      }
      const now = this.wallNow();
      for (const [k, v] of this.readOnly) if (v.until < now) this.readOnly.delete(k);
      const key = `${workspaceId} ${period.from} ${period.to}`;
      let cached = this.readOnly.get(key);
      if (!cached) {
        cached = { detector: this.history(workspaceId, period), until: now + READ_ONLY_TTL_MS };
        this.readOnly.set(key, cached);
        cached.detector.catch(() => this.readOnly.delete(key));
      }
      return cached.detector;
    });
  }

  /** A new detector fed, in time order, what the workspace had from before `period` to its end. */
  private async history(workspaceId: string, period: { from: number; to: number }): Promise<Detector> {
    const detector = createDetector({ ...this.options.detector, riskThreshold: null });
    const iso = (t: number) => new Date(t).toISOString();
    const items = await this.deps.store.alerts.recentItems(
      workspaceId,
      iso(period.from - REPLAY_LOOKBACK_MS),
      this.options.warmupLimit,
      iso(period.to),
    );
    const slice = timeSlicer();
    for (const item of items) {
      detector.add(warmupEvent(workspaceId, item));
      await slice();
    }
    return detector;
  }

  /** Tries to take the workspace's lease once the current transaction is done. */
  private scheduleClaim(workspaceId: string): void {
    if (this.claiming.has(workspaceId)) return;
    this.claiming.add(workspaceId);
    void this.enqueue(async () => {
      await yieldToEventLoop();
      this.claiming.delete(workspaceId);
      if (await this.claim(workspaceId)) await this.drain([workspaceId]);
    });
  }

  /**
   * Renews every lease this process holds, in one statement, once one of them is a third through
   * (so they stay in step); drops the detectors of those another process has taken over.
   */
  private async renew(): Promise<void> {
    const now = this.wallNow();
    const held = [...this.leases];
    if (!held.some(([, until]) => until - now <= (this.options.leaseMs * 2) / 3)) return;
    const until = now + this.options.leaseMs;
    const kept = new Set(
      await this.deps.store.alerts.renewDetectors(
        this.owner,
        held.map(([ws]) => ws),
        new Date(until).toISOString(),
      ),
    );
    for (const [ws] of held) {
      if (kept.has(ws)) this.leases.set(ws, until);
      else this.drop(ws);
    }
  }

  /**
   * Takes or renews the workspace's lease (renewed once a third of it has passed); on taking it, the
   * detector is warmed up from the store and fed what was queued. False when another process holds it.
   */
  private async claim(workspaceId: string): Promise<boolean> {
    const now = this.wallNow();
    const held = this.leases.get(workspaceId);
    if (held !== undefined && held - now > (this.options.leaseMs * 2) / 3) return true;
    const until = now + this.options.leaseMs;
    const iso = (t: number) => new Date(t).toISOString();
    if (!(await this.deps.store.alerts.claimDetector(workspaceId, this.owner, iso(now), iso(until)))) {
      this.drop(workspaceId);
      return false;
    }
    this.leases.set(workspaceId, until);
    if (!this.workspaces.has(workspaceId)) await this.takeOver(workspaceId);
    return true;
  }

  /**
   * Starts running a workspace's detector: the items queued so far are kept out of the warm-up and
   * fed live (they may open alerts); items queued while the warm-up read the store and already fed
   * to it are dropped, the others fed live too.
   */
  private async takeOver(workspaceId: string): Promise<void> {
    const first = await this.deps.store.alerts.takeForDetectors([workspaceId]);
    let state: WorkspaceState;
    try {
      state = await this.state(workspaceId, new Set(first.map((q) => q.itemId)));
    } catch (err) {
      // The warm-up failed: what was queued waits for the next attempt, here or elsewhere.
      await this.deps.store.alerts.queueForDetector(workspaceId, first);
      throw err;
    }
    const fed = state.warmIds ?? new Set<string>();
    delete state.warmIds;
    const second = await this.deps.store.alerts.takeForDetectors([workspaceId]);
    await this.feedQueued(workspaceId, [...first, ...second.filter((q) => !fed.has(q.itemId))]);
    this.ready.add(workspaceId);
  }

  /** Feeds each of these workspaces' detectors what other processes queued for it (one statement). */
  private async drain(workspaceIds: readonly string[]): Promise<void> {
    if (workspaceIds.length === 0) return;
    const taken = await this.deps.store.alerts.takeForDetectors(workspaceIds);
    for (const [ws, items] of groupBy(taken, (q) => q.workspaceId)) {
      try {
        await this.feedQueued(ws, items);
      } catch (err) {
        // One workspace's failure is reported; its items are queued again, the others fed.
        this.deps.onError?.(err);
        await this.deps.store.alerts
          .queueForDetector(ws, items)
          .catch((e: unknown) => this.deps.onError?.(e));
      }
    }
  }

  /** Feeds queued items (those analysed; the others come back when their analysis is done). */
  private async feedQueued(workspaceId: string, queued: { itemId: string; created: boolean }[]) {
    if (queued.length === 0) return;
    const created = new Map(queued.map((q) => [q.itemId, q.created]));
    const items = await this.deps.store.alerts.analysedItems(workspaceId, [...created.keys()]);
    const events = items.map((i) => ({
      event: { ...warmupEvent(workspaceId, i), text: i.text },
      created: created.get(i.id) ?? true,
    }));
    if (events.length > 0) await this.process(workspaceId, events);
  }

  /** Stops running a workspace's detector (its lease is gone or given up). */
  private drop(workspaceId: string): void {
    this.ready.delete(workspaceId);
    this.leases.delete(workspaceId);
    this.workspaces.delete(workspaceId);
    clearTimeout(this.replayTimers.get(workspaceId));
    this.replayTimers.delete(workspaceId);
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.then(
      () => undefined,
      (err: unknown) => this.deps.onError?.(err),
    );
    return run;
  }

  private state(workspaceId: string, exclude: ReadonlySet<string>): Promise<WorkspaceState> {
    let s = this.workspaces.get(workspaceId);
    if (!s) {
      s = this.warmUp(workspaceId, exclude);
      this.workspaces.set(workspaceId, s);
      s.catch(() => this.workspaces.delete(workspaceId));
    }
    return s;
  }

  /** A new detector fed with the workspace's recent history; nothing is written, nobody notified. */
  private async warmUp(workspaceId: string, exclude: ReadonlySet<string>): Promise<WorkspaceState> {
    const { store, clock } = this.deps;
    const detector = createDetector({ ...this.options.detector, riskThreshold: null });
    const now = clock.now().getTime();
    const since = new Date(now - this.options.warmupDays * DAY_MS).toISOString();
    const until = new Date(now + LIVE_AHEAD_MS).toISOString();
    const items = await store.alerts.recentItems(workspaceId, since, this.options.warmupLimit, until);
    let latest = 0;
    const warmIds = new Set<string>();
    // Requests between slices: tens of thousands of items are seconds of detector work (issue #13).
    const slice = timeSlicer();
    for (const item of items) {
      if (exclude.has(item.id)) continue;
      const event = warmupEvent(workspaceId, item);
      detector.add(event);
      warmIds.add(item.id);
      latest = Math.max(latest, event.time);
      await slice();
    }
    const settings = await store.alerts.settings(workspaceId);
    const brands = new Map((await store.brands.list(workspaceId)).map((b) => [b.id, b]));
    return {
      detector,
      riskThreshold: settings?.riskThreshold ?? DEFAULT_RISK_THRESHOLD,
      brands,
      latest,
      replayFrom: null,
      warmIds,
    };
  }

  /** Schedules the replay of a workspace that received late items, once no late batch came for a while. */
  private scheduleReplay(workspaceId: string): void {
    clearTimeout(this.replayTimers.get(workspaceId));
    const timer = setTimeout(() => {
      this.replayTimers.delete(workspaceId);
      void this.enqueue(() => this.replay(workspaceId));
    }, REPLAY_DEBOUNCE_MS);
    timer.unref();
    this.replayTimers.set(workspaceId, timer);
  }

  /**
   * Feeds the workspace's stored history from before its earliest late item to now, in time order,
   * to a new detector, and stores the alerts that history holds (notifying only for recent data).
   */
  private async replay(workspaceId: string): Promise<void> {
    if (!this.workspaces.has(workspaceId)) return; // another process runs it now
    const state = await this.state(workspaceId, new Set());
    if (state.replayFrom === null) return;
    const from = state.replayFrom;
    state.replayFrom = null;
    const detector = createDetector({ ...this.options.detector, riskThreshold: null });
    const since = new Date(from - REPLAY_LOOKBACK_MS).toISOString();
    const until = new Date(this.deps.clock.now().getTime() + LIVE_AHEAD_MS).toISOString();
    const items = await this.deps.store.alerts.recentItems(
      workspaceId,
      since,
      this.options.warmupLimit,
      until,
    );
    const changed = new Map<string, AlertEvent>();
    let latest = 0;
    const slice = timeSlicer();
    for (const item of items) {
      const event = warmupEvent(workspaceId, item);
      latest = Math.max(latest, event.time);
      for (const a of detector.add(event)) if (a.alert.lastFiringAt >= from) changed.set(a.alert.id, a);
      await slice();
    }
    state.detector = detector;
    state.latest = latest;
    await this.store(workspaceId, state, [...changed.values()]);
  }

  private async process(workspaceId: string, events: { event: WarnEvent; created: boolean }[]) {
    if (!this.leases.has(workspaceId)) return; // another process took the detector over: its warm-up reads these
    const state = await this.state(workspaceId, new Set(events.map((e) => e.event.itemId)));
    const changed = new Map<string, AlertEvent>();
    const risky: { alert: WarnAlert }[] = [];
    // A batch may list its items in any order (newest first, as feeds do): the detector reads them in time order.
    events.sort((x, y) => x.event.time - y.event.time);
    const horizon = this.deps.clock.now().getTime() + LIVE_AHEAD_MS;
    const earliest = events[0]?.event.time ?? state.latest;
    const late = state.replayFrom !== null || earliest < state.latest - LATE_MS;
    if (late) {
      // Out of time order: counted by the replay of the history once the import has settled.
      state.replayFrom = Math.min(state.replayFrom ?? earliest, earliest);
      this.scheduleReplay(workspaceId);
    }
    for (const { event, created } of events) {
      const live = !late && event.time <= horizon;
      // An edit is the same item again: it may have become risky, but it is not one more complaint.
      if (created && live) for (const a of state.detector.add(event)) changed.set(a.alert.id, a);
      if (live) state.latest = Math.max(state.latest, event.time);
      if (event.time > horizon) continue;
      const { risk, reasons } = viralityRisk(event);
      if (risk >= state.riskThreshold)
        risky.push({ alert: riskyItemAlert({ ...event, workspace: workspaceId }, risk, reasons) });
    }
    await this.store(workspaceId, state, [...changed.values(), ...risky]);
  }

  /** Stores alerts that opened or changed, with the brands they name. */
  private async store(workspaceId: string, state: WorkspaceState, alerts: { alert: WarnAlert }[]) {
    for (const a of alerts) {
      if (!state.brands.has(a.alert.brand)) {
        const brand = await this.deps.store.brands.get(workspaceId, a.alert.brand);
        if (brand) state.brands.set(brand.id, brand);
      }
      await this.persist(workspaceId, a.alert, state);
    }
  }

  /** Upserts one detector alert by its dedup key; queues notifications when it opens or grows. */
  private async persist(workspaceId: string, a: WarnAlert, state: WorkspaceState): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const at = now.toISOString();
    const brand = state.brands.get(a.brand);
    const iso = (t: number) => new Date(t).toISOString();
    const severity = Math.max(1, Math.min(10, Math.round(a.severity)));
    const queued = await store.transaction(async (tx): Promise<NotificationRow[]> => {
      const existing = await tx.alerts.byDedupKey(workspaceId, a.id);
      const items = a.topItems.map((t, rank) => ({ itemId: t.itemId, rank }));
      const event = (
        kind: 'opened' | 'updated' | 'severity_raised' | 'reopened',
        id: string,
        data: Record<string, unknown>,
      ) => tx.alerts.addEvent({ id: randomUUID(), workspaceId, alertId: id, kind, actorId: null, at, data });
      const fresh = now.getTime() - a.lastFiringAt <= NOTIFY_MAX_AGE_MS;
      if (!existing) {
        const stored: StoredAlert = {
          id: randomUUID(),
          workspaceId,
          kind: a.kind,
          brandId: brand?.id ?? null,
          brandName: brand?.name ?? a.brand,
          brandKind: a.brandKind,
          touchpoints: [...a.touchpoints],
          platforms: [...a.platforms],
          severity,
          status: 'open',
          snoozedUntil: null,
          openedAt: iso(a.openedAt),
          startedAt: iso(a.startedAt),
          lastFiringAt: iso(a.lastFiringAt),
          acknowledgedBy: null,
          acknowledgedAt: null,
          resolvedBy: null,
          resolvedAt: null,
          dedupKey: a.id,
          findings: a.findings,
          strongest: a.strongest,
          risk: a.risk ?? null,
          reasons: a.reasons ?? [],
          createdAt: at,
          updatedAt: at,
        };
        await tx.alerts.insert(stored);
        await tx.alerts.addItems(workspaceId, stored.id, items, at);
        await event('opened', stored.id, { severity, touchpoints: stored.touchpoints });
        if (!fresh) return [];
        const rows = await enqueueNotifications(tx, stored, now);
        await tx.alerts.update(workspaceId, stored.id, { notifiedSeverity: severity, updatedAt: at });
        return rows;
      }
      const grown = Math.max(existing.severity, severity);
      const reopened = existing.status === 'resolved';
      const next: StoredAlert = {
        ...existing,
        touchpoints: [...new Set([...existing.touchpoints, ...a.touchpoints])],
        platforms: [...new Set([...existing.platforms, ...a.platforms])],
        severity: grown,
        lastFiringAt: iso(Math.max(Date.parse(existing.lastFiringAt), a.lastFiringAt)),
        findings: a.findings.length > 0 ? a.findings : existing.findings,
        strongest: a.strongest ?? existing.strongest,
        risk: a.risk === undefined ? existing.risk : Math.max(existing.risk ?? 0, a.risk),
        reasons: a.reasons ?? existing.reasons,
        status: reopened ? 'open' : existing.status,
        updatedAt: at,
      };
      await tx.alerts.update(workspaceId, existing.id, {
        touchpoints: next.touchpoints,
        platforms: next.platforms,
        severity: next.severity,
        lastFiringAt: next.lastFiringAt,
        findings: next.findings,
        strongest: next.strongest,
        risk: next.risk,
        reasons: next.reasons,
        ...(reopened ? { status: 'open' as const, resolvedAt: null, resolvedBy: null } : {}),
        updatedAt: at,
      });
      await tx.alerts.addItems(workspaceId, existing.id, items, at);
      if (reopened) await event('reopened', existing.id, { reason: 'fired again' });
      if (grown > existing.severity)
        await event('severity_raised', existing.id, { from: existing.severity, to: grown });
      else await event('updated', existing.id, { severity: grown });
      const snoozed = existing.snoozedUntil !== null && existing.snoozedUntil > at;
      if (fresh && !snoozed && grown - existing.notifiedSeverity >= RENOTIFY_SEVERITY_STEP) {
        const rows = await enqueueNotifications(tx, next, now);
        await tx.alerts.update(workspaceId, existing.id, { notifiedSeverity: grown, updatedAt: at });
        return rows;
      }
      return [];
    });
    for (const n of queued) {
      const delay = n.nextAttemptAt
        ? Math.max(0, Math.ceil((Date.parse(n.nextAttemptAt) - now.getTime()) / 1000))
        : 0;
      await this.deps.enqueueNotification({ workspaceId, notificationId: n.id }, delay || undefined);
    }
  }
}
