/**
 * Live detection: every ingest batch, once written, is fed to an in-process detector per workspace
 * (`src/warn`); what it opens or updates is upserted as a stored alert by its dedup key, with its
 * top items, and notifications are queued. A workspace's detector is warmed up the first time it is
 * needed by replaying the workspace's last 14 days of analysed items from the store (bounded).
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
import type { IngestedItem } from '../feedback/ingest.js';
import type { Store, WarmupItem } from '../ports.js';
import type { Brand } from '../types.js';
import { enqueueNotifications, RENOTIFY_SEVERITY_STEP } from './notify.js';
import { DEFAULT_RISK_THRESHOLD, type NotificationRow, type StoredAlert } from './types.js';

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
}

export interface LiveAlertOptions {
  detector: Partial<DetectorOptions>;
  /** The warm-up replays the items of the last `warmupDays` days… */
  warmupDays: number;
  /** …at most this many (the newest). */
  warmupLimit: number;
}

export const DEFAULT_LIVE_OPTIONS = {
  detector: {},
  warmupDays: 14,
  warmupLimit: 200_000,
} satisfies LiveAlertOptions;

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

/** The in-process detectors of this process, one per workspace, and what they write. */
export class LiveAlerts {
  readonly options: LiveAlertOptions;
  private readonly workspaces = new Map<string, Promise<WorkspaceState>>();
  private readonly replayTimers = new Map<string, NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: LiveAlertDeps,
    options: Partial<LiveAlertOptions> = {},
  ) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
  }

  /**
   * Takes an ingest batch (called from the ingest transaction's `afterWrite`) and processes it after
   * the transaction, in order with earlier batches. Returns at once; `idle()` waits for it.
   */
  observe(batch: { workspaceId: string; items: readonly IngestedItem[] }): void {
    const events: { event: WarnEvent; created: boolean }[] = [];
    for (const item of batch.items) {
      const event = warnEventOf(batch.workspaceId, item);
      if (event) events.push({ event, created: item.status === 'created' });
    }
    if (events.length === 0) return;
    const ws = batch.workspaceId;
    void this.enqueue(async () => {
      // Let the ingest transaction commit first: the rows written below refer to its items.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.process(ws, events);
    });
  }

  /**
   * Takes stored items whose analysis arrived late (the `analysis.retry` job): they count now, in the
   * buckets of their posted time.
   */
  observeStored(workspaceId: string, itemIds: readonly string[]): void {
    void this.enqueue(async () => {
      const items = await this.deps.store.alerts.analysedItems(workspaceId, [...itemIds]);
      const events = items.map((i) => ({
        event: { ...warmupEvent(workspaceId, i), text: i.text },
        created: true,
      }));
      if (events.length > 0) await this.process(workspaceId, events);
    });
  }

  /**
   * Resolves when every batch observed so far has been processed, and the history of workspaces
   * that received late items has been replayed (at once, without waiting for the debounce).
   */
  async idle(): Promise<void> {
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

  /** Warms up the detector of every workspace (worker start). */
  warmUpAll(workspaceIds: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      for (const ws of workspaceIds) await this.state(ws, new Set());
    });
  }

  /** Forgets a workspace's cached settings (risky-item threshold, brands) after they change. */
  settingsChanged(workspaceId: string, riskThreshold: number): void {
    void this.enqueue(async () => {
      const s = this.workspaces.get(workspaceId);
      if (s) (await s).riskThreshold = riskThreshold;
    });
  }

  /** The warmed-up detector of a workspace (for the series of an alert). */
  detector(workspaceId: string): Promise<Detector> {
    return this.enqueue(async () => (await this.state(workspaceId, new Set())).detector);
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
    const since = new Date(clock.now().getTime() - this.options.warmupDays * DAY_MS).toISOString();
    const items = await store.alerts.recentItems(workspaceId, since, this.options.warmupLimit);
    let latest = 0;
    for (const item of items) {
      if (exclude.has(item.id)) continue;
      const event = warmupEvent(workspaceId, item);
      detector.add(event);
      latest = Math.max(latest, event.time);
    }
    const settings = await store.alerts.settings(workspaceId);
    const brands = new Map((await store.brands.list(workspaceId)).map((b) => [b.id, b]));
    return {
      detector,
      riskThreshold: settings?.riskThreshold ?? DEFAULT_RISK_THRESHOLD,
      brands,
      latest,
      replayFrom: null,
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
    const state = await this.state(workspaceId, new Set());
    if (state.replayFrom === null) return;
    const from = state.replayFrom;
    state.replayFrom = null;
    const detector = createDetector({ ...this.options.detector, riskThreshold: null });
    const since = new Date(from - REPLAY_LOOKBACK_MS).toISOString();
    const items = await this.deps.store.alerts.recentItems(workspaceId, since, this.options.warmupLimit);
    const changed = new Map<string, AlertEvent>();
    let latest = 0;
    for (const item of items) {
      const event = warmupEvent(workspaceId, item);
      latest = Math.max(latest, event.time);
      for (const a of detector.add(event)) if (a.alert.lastFiringAt >= from) changed.set(a.alert.id, a);
    }
    state.detector = detector;
    state.latest = latest;
    await this.store(workspaceId, state, [...changed.values()]);
  }

  private async process(workspaceId: string, events: { event: WarnEvent; created: boolean }[]) {
    const state = await this.state(workspaceId, new Set(events.map((e) => e.event.itemId)));
    const changed = new Map<string, AlertEvent>();
    const risky: { alert: WarnAlert }[] = [];
    // A batch may list its items in any order (newest first, as feeds do): the detector reads them in time order.
    events.sort((x, y) => x.event.time - y.event.time);
    const earliest = events[0]?.event.time ?? state.latest;
    const late = state.replayFrom !== null || earliest < state.latest - LATE_MS;
    if (late) {
      // Out of time order: counted by the replay of the history once the import has settled.
      state.replayFrom = Math.min(state.replayFrom ?? earliest, earliest);
      this.scheduleReplay(workspaceId);
    }
    for (const { event, created } of events) {
      // An edit is the same item again: it may have become risky, but it is not one more complaint.
      if (created && !late) for (const a of state.detector.add(event)) changed.set(a.alert.id, a);
      if (!late) state.latest = Math.max(state.latest, event.time);
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
