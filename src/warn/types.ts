/** Types of the pure early-warning detector: events in, alerts out. No I/O, no clock of its own. */

export const BRAND_KINDS = ['own', 'competitor'] as const;
export type BrandKind = (typeof BRAND_KINDS)[number];

export const ALERT_KINDS = ['spike', 'competitor_storm', 'risky_item'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One analysed feedback item as the detector sees it. `time` is the item's posted time (epoch ms). */
export interface WarnEvent {
  time: number;
  /** Tenant; `default` when omitted. */
  workspace?: string;
  brand: string;
  brandKind: BrandKind;
  /** Touchpoint keys the analysis found (may be empty: the item then counts for the brand only). */
  touchpoints: readonly string[];
  platform: string;
  negative: boolean;
  /** Author reach (followers); `undefined` when the source does not say. */
  reach?: number | undefined;
  itemId: string;
  /** 0 … 1, from the analysis. */
  urgency?: number | undefined;
  intents?: readonly string[] | undefined;
  /** Likes + reshares + replies now (retweet_count for the airline file). */
  engagement?: number | undefined;
  /** Engagement seen at earlier versions of the item, oldest first. */
  engagementHistory?: readonly { time: number; engagement: number }[] | undefined;
  /** Document sentiment score −1 … 1, and the text, for the virality risk. */
  sentimentScore?: number | undefined;
  text?: string | undefined;
}

/** The series a detection was made on: brand total, brand × touchpoint or brand × platform. */
export interface KeyFinding {
  key: string;
  touchpoint: string | null;
  platform: string | null;
  windowMinutes: number;
  observed: number;
  expected: number;
  pValue: number;
}

export interface AlertItem {
  itemId: string;
  time: number;
  reach: number | undefined;
  engagement: number | undefined;
  urgency: number | undefined;
  touchpoints: readonly string[];
}

export interface WarnAlert {
  /** Deterministic: kind, workspace, brand and the time it opened. */
  id: string;
  kind: AlertKind;
  workspace: string;
  brand: string;
  brandKind: BrandKind;
  /** Data time of the step that raised it (epoch ms). */
  openedAt: number;
  /** Start of the window that first broke out. */
  startedAt: number;
  /** Data time of the last step that still broke out. */
  lastFiringAt: number;
  touchpoints: string[];
  platforms: string[];
  /** 1 … 10. */
  severity: number;
  /** The finding that opened it, the strongest (smallest p-value) seen so far, and every series that fired. */
  opening: KeyFinding | null;
  strongest: KeyFinding | null;
  findings: KeyFinding[];
  topItems: AlertItem[];
  /** Risky single item: the risk in [0, 1] and its reasons. */
  risk?: number;
  reasons?: string[];
}

export interface AlertEvent {
  type: 'opened' | 'updated';
  alert: WarnAlert;
}
