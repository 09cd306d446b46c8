/** Entities of live alerts (issue #5): stored alerts, their events, notification settings and the outbox. */
import type { AlertKind, BrandKind, KeyFinding } from '../../warn/index.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_EVENT_KINDS = [
  'opened',
  'updated',
  'severity_raised',
  'acknowledged',
  'resolved',
  'snoozed',
  'reopened',
  'notification_queued',
  'notification_held',
  'notification_sent',
  'notification_failed',
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

export const ALERT_CHANNELS = ['email', 'slack', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** How an alert's series is charted: per 5 minutes, per hour, or the detector's own windows. */
export const SERIES_RESOLUTIONS = ['5m', '1h', 'window'] as const;
export type SeriesResolution = (typeof SERIES_RESOLUTIONS)[number];

/** `cancelled`: held (quiet hours) or waiting for a retry while its alert was resolved; never sent. */
export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface StoredAlert {
  id: string;
  workspaceId: string;
  kind: AlertKind;
  brandId: string | null;
  brandName: string;
  brandKind: BrandKind;
  touchpoints: string[];
  platforms: string[];
  severity: number;
  status: AlertStatus;
  snoozedUntil: string | null;
  openedAt: string;
  startedAt: string;
  lastFiringAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  dedupKey: string;
  findings: KeyFinding[];
  strongest: KeyFinding | null;
  risk: number | null;
  reasons: string[];
  createdAt: string;
  updatedAt: string;
}

export interface AlertEventRow {
  id: string;
  workspaceId: string;
  alertId: string;
  kind: AlertEventKind;
  actorId: string | null;
  at: string;
  data: Record<string, unknown>;
}

/** A delivery target: a member's channel or a workspace-level target. */
export interface AlertTarget {
  channel: AlertChannel;
  target: string;
  secret: string | null;
  minSeverity: number;
  kinds: AlertKind[];
}

export interface AlertSettings {
  riskThreshold: number;
  targets: AlertTarget[];
}

export const DEFAULT_RISK_THRESHOLD = 0.7;

export interface QuietHours {
  start: string;
  end: string;
  timezone: string;
}

export interface NotificationSettings {
  workspaceId: string;
  userId: string;
  enabled: boolean;
  channels: { channel: AlertChannel; target: string | null; secret: string | null }[];
  minSeverity: number;
  brandIds: string[] | null;
  kinds: AlertKind[];
  quietHours: QuietHours | null;
}

export interface NotificationRow {
  id: string;
  workspaceId: string;
  alertId: string;
  userId: string | null;
  channel: AlertChannel;
  target: string;
  secret: string | null;
  status: NotificationStatus;
  severity: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
