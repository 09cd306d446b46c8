/** Domain entities as the commands and the presenters see them (never database rows). */
import type { AnalysisResult, SentimentLabel } from '../analysis/types.js';
import type { Channel, ScoreKind } from './feedback/schema.js';

export const ROLES = ['viewer', 'agent', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may do. Sessions have every scope their role allows. */
export const SCOPES = [
  'feedback:read',
  'feedback:write',
  'workspace:read',
  'analytics:read',
  // Customers (issue #14): profiles, identities, merges, moments, lifecycle, ambassadors, segments;
  // `customers:privacy` exports everything about one person and erases them.
  'customers:read',
  'customers:write',
  'customers:privacy',
  // Asking (issue #15): surveys, invitations, review requests, contact rules and the send log
  // (`surveys:write` to build, send and change rules); `events:write` is for the systems that report
  // what happened to a customer (`POST /events`: "order delivered"), which triggers surveys.
  'surveys:read',
  'surveys:write',
  'events:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  isDemo: boolean;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface Membership {
  workspace: Workspace;
  role: Role;
}

export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type BrandKind = 'own' | 'competitor';
export interface Brand {
  id: string;
  name: string;
  slug: string;
  kind: BrandKind;
}

export interface JourneyStage {
  id: string;
  key: string;
  name: string;
  position: number;
  touchpoints: Touchpoint[];
}
export interface Touchpoint {
  id: string;
  key: string;
  name: string;
  examples: string[];
}

export type AnalysisStatus = 'pending' | 'done' | 'failed';

export interface FeedbackItem {
  id: string;
  workspaceId: string;
  brand: Brand;
  customerId: string | null;
  platform: string;
  channel: Channel;
  externalId: string;
  version: number;
  author: { handle: string | null; name: string | null; reach: number | null };
  rating: number | null;
  score: { kind: ScoreKind; value: number } | null;
  /** The touchpoint the item's source declared (a survey of the delivery; issue #15), else null. */
  declaredTouchpoint?: string | null;
  title: string | null;
  text: string;
  url: string | null;
  postedAt: string;
  receivedAt: string;
  updatedAt: string;
  analysisStatus: AnalysisStatus;
  language: string | null;
  sentiment: { label: SentimentLabel; score: number } | null;
  urgency: number | null;
  touchpoints: { key: string; label: SentimentLabel; score: number }[];
  intents: string[];
}

export interface FeedbackVersion {
  version: number;
  title: string | null;
  text: string;
  rating: number | null;
  score: { kind: ScoreKind; value: number } | null;
  receivedAt: string;
}

/** An item with the analysis of its current version. */
export interface FeedbackWithAnalysis extends FeedbackItem {
  analysis: AnalysisResult | null;
}

export interface FeedbackDetail extends FeedbackWithAnalysis {
  versions: FeedbackVersion[];
}

export interface ImportJob {
  id: string;
  workspaceId: string;
  filename: string;
  /** brand, platform, format, map as given when the import was started. */
  options: Record<string, unknown>;
  format: string | null;
  status: 'waiting' | 'running' | 'done' | 'failed';
  bytesTotal: number | null;
  bytesRead: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** `field`: the column of a CRM import row that was wrong (issue #14). */
  rejections: { line: number; reason: string; field?: string }[];
  /** What the import found without rejecting rows: a file not in UTF-8, bytes that did not decode. */
  warnings: string[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** The last sign of life of a running import; a stale one means the run died (issue #11). */
  heartbeatAt: string | null;
}

/** Who did something: a user (web or CLI), an API key, or Touchpoint itself. */
export type Actor =
  { type: 'user'; id: string } | { type: 'api_key'; id: string } | { type: 'system'; id: null };

// --- Respond and recover (issue #4) ---------------------------------------------------------

export const CASE_STATUSES = ['open', 'waiting', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_OUTCOMES = ['resolved', 'recovered', 'lost'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/** Highest first. */
export const PRIORITY_LABELS = ['urgent', 'high', 'normal', 'low'] as const;
export type PriorityLabel = (typeof PRIORITY_LABELS)[number];
export const CASE_EVENT_KINDS = [
  'opened',
  'joined',
  'note',
  'assigned',
  'status',
  'priority',
  'reply',
  'reply_failed',
  'breach',
  'escalated',
  'notify',
  'version',
  'outcome',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
export const REPLY_STATUSES = ['draft', 'queued', 'sending', 'sent', 'failed', 'posted'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** Who or what opened a case. */
export type CaseOpener = { type: 'playbook'; rule: string } | { type: 'user'; id: string | null };

export interface Case {
  id: string;
  workspaceId: string;
  /** The item that opened the case. */
  itemId: string;
  customerId: string | null;
  authorHandle: string | null;
  platform: string;
  channel: Channel;
  brandId: string;
  touchpointKey: string | null;
  teamId: string | null;
  assigneeId: string | null;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  priority: { score: number; label: PriorityLabel; reasons: string[] };
  openedBy: CaseOpener;
  openedAt: string;
  firstResponseAt: string | null;
  dueAt: string | null;
  breachedAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  /** What the customer said when the case opened: the baseline of "recovered". */
  atOpen: {
    sentimentScore: number | null;
    sentimentLabel: string | null;
    rating: number | null;
    nps: number | null;
  };
  reach: number | null;
}

export interface CaseEvent {
  id: string;
  caseId: string;
  kind: CaseEventKind;
  actor: Actor;
  body: Record<string, unknown>;
  /** User ids named with @ in a note. */
  mentions: string[];
  at: string;
}

export interface Reply {
  id: string;
  caseId: string;
  itemId: string;
  channel: string;
  recipient: string | null;
  subject: string | null;
  text: string;
  language: string;
  status: ReplyStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  externalId: string | null;
  sentBy: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface Team {
  id: string;
  name: string;
  key: string;
  leadUserId: string | null;
  /** Where customers reach the team in private (an address, a phone number, "DM"); public reply drafts invite them there. */
  contact: string | null;
  members: { userId: string; name: string; email: string }[];
  touchpoints: string[];
  createdAt: string;
}
