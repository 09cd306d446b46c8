/**
 * What the alerts need from storage (issue #5): alerts, their events and items, the detector's lease
 * and warm-up, and notifications. Re-exported by `src/core/ports.ts`.
 */
import type { AlertKind } from '../../warn/index.js';
import type {
  AlertEventRow,
  AlertSettings,
  AlertStatus,
  NotificationRow,
  NotificationSettings,
  StoredAlert,
} from './types.js';

export interface AlertFilter {
  status: AlertStatus | 'active' | 'all';
  kind?: AlertKind | undefined;
  brandId?: string | undefined;
  minSeverity?: number | undefined;
}

export interface AlertCursor {
  createdAt: string;
  id: string;
}

/** An item of an alert as the alert page shows it. */
export interface AlertItemView {
  id: string;
  text: string;
  postedAt: string;
  platform: string;
  url: string | null;
  authorHandle: string | null;
  reach: number | null;
  sentiment: string | null;
  touchpoints: string[];
  intents: string[];
}

/** A stored, analysed item as the detector's warm-up replays it. */
export interface WarmupItem {
  id: string;
  postedAt: string;
  brandId: string;
  brandKind: 'own' | 'competitor';
  platform: string;
  reach: number | null;
  sentimentLabel: string | null;
  sentimentScore: number | null;
  urgency: number | null;
  touchpoints: string[];
  intents: string[];
  /** Only from `analysedItems` (the warm-up does not need the text). */
  text?: string;
}

export type AlertPatch = Partial<
  Omit<StoredAlert, 'id' | 'workspaceId' | 'kind' | 'dedupKey' | 'createdAt' | 'updatedAt'>
> & { updatedAt: string; notifiedSeverity?: number };

export interface AlertRepo {
  insert(alert: StoredAlert): Promise<void>;
  get(workspaceId: string, id: string): Promise<(StoredAlert & { notifiedSeverity: number }) | undefined>;
  byDedupKey(
    workspaceId: string,
    dedupKey: string,
  ): Promise<(StoredAlert & { notifiedSeverity: number }) | undefined>;
  update(workspaceId: string, id: string, patch: AlertPatch): Promise<void>;
  /** Newest first (created_at, id), after the cursor. */
  list(
    workspaceId: string,
    filter: AlertFilter,
    cursor: AlertCursor | undefined,
    limit: number,
  ): Promise<StoredAlert[]>;
  /** Links items (new ones added, known ones re-ranked). */
  addItems(
    workspaceId: string,
    alertId: string,
    items: { itemId: string; rank: number }[],
    at: string,
  ): Promise<void>;
  items(workspaceId: string, alertId: string, limit: number): Promise<AlertItemView[]>;
  itemCounts(workspaceId: string, alertIds: string[]): Promise<Map<string, number>>;
  addEvent(event: AlertEventRow): Promise<void>;
  events(workspaceId: string, alertId: string): Promise<AlertEventRow[]>;
  /** The cases the alert's items are in (`case_items`). */
  linkedCases(
    workspaceId: string,
    alertId: string,
  ): Promise<{ id: string; status: string; priority: string; openedAt: string; itemId: string }[]>;
  settings(workspaceId: string): Promise<AlertSettings | undefined>;
  putSettings(workspaceId: string, settings: AlertSettings, at: string): Promise<void>;
  /**
   * Analysed items posted at or after `since` (and at or before `until`), oldest first, at most
   * `limit` (the newest of them): the detector's warm-up, or the history behind an old alert's chart.
   */
  recentItems(workspaceId: string, since: string, limit: number, until?: string): Promise<WarmupItem[]>;
  /** These analysed items (with their text), e.g. one whose analysis arrived late. */
  analysedItems(workspaceId: string, ids: string[]): Promise<WarmupItem[]>;
  /**
   * Takes or renews the workspace's detector lease for `owner` until `until`, when it is free,
   * expired (before `now`) or already `owner`'s; true when `owner` holds it afterwards.
   */
  claimDetector(workspaceId: string, owner: string, now: string, until: string): Promise<boolean>;
  /**
   * Renews, in one statement, the leases `owner` still holds among `workspaceIds` until `until`, and
   * returns those workspaces (the others were taken over by another process).
   */
  renewDetectors(owner: string, workspaceIds: readonly string[], until: string): Promise<string[]>;
  releaseDetector(workspaceId: string, owner: string): Promise<void>;
  /** Items ingested by a process that does not run the workspace's detector, for the one that does. */
  queueForDetector(workspaceId: string, items: { itemId: string; created: boolean }[]): Promise<void>;
  /** Removes and returns the items queued for these workspaces, in one statement (each goes to one taker). */
  takeForDetectors(
    workspaceIds: readonly string[],
  ): Promise<{ workspaceId: string; itemId: string; created: boolean }[]>;
}

export interface NotificationRepo {
  insert(n: NotificationRow): Promise<void>;
  get(workspaceId: string, id: string): Promise<NotificationRow | undefined>;
  forAlert(workspaceId: string, alertId: string): Promise<NotificationRow[]>;
  /** queued → sending when due, by a conditional UPDATE: only one worker gets it. */
  claim(workspaceId: string, id: string, now: string): Promise<NotificationRow | undefined>;
  update(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<NotificationRow, 'status' | 'nextAttemptAt' | 'lastError' | 'sentAt'>> & {
      updatedAt: string;
    },
  ): Promise<void>;
  /** Queued notifications due at `now` (all workspaces), oldest first. */
  due(now: string, limit: number): Promise<{ workspaceId: string; id: string }[]>;
  failedCounts(workspaceId: string, alertIds: string[]): Promise<Map<string, number>>;
  settings(workspaceId: string, userId: string): Promise<NotificationSettings | undefined>;
  putSettings(settings: NotificationSettings, at: string): Promise<void>;
  settingsOf(workspaceId: string): Promise<NotificationSettings[]>;
}
