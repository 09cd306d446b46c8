/**
 * What the domain needs from storage. `src/store` implements these with Kysely on SQLite and
 * PostgreSQL; the commands in `src/core` only ever see these interfaces. Every method that touches
 * customer data takes the workspace id and filters by it.
 */
import type { SentimentLabel, AnalysisResult } from '../analysis/types.js';
import type { Channel, FeedbackInput } from './feedback/schema.js';
import type { PlaybookRule, PlaybookRuleInput } from './cases/playbook.js';
import type { SlaPolicy } from './cases/sla.js';
import type {
  Actor,
  ApiKey,
  Brand,
  Case,
  CaseEvent,
  CaseEventKind,
  CaseOutcome,
  CaseStatus,
  Reply,
  ReplyStatus,
  Team,
  BrandKind,
  FeedbackDetail,
  FeedbackWithAnalysis,
  FeedbackItem,
  ImportJob,
  JourneyStage,
  Membership,
  Role,
  Scope,
  User,
  Workspace,
} from './types.js';
import type { InvitationRepo, PasswordResetRepo } from './auth/ports.js';
import type { CaseMeasureRepo, CaseSweepRepo } from './cases/ports.js';
import type { MetricsRepo, RollupRepo } from './metrics/ports.js';
import type { AlertRepo, NotificationRepo } from './alerts/ports.js';
import type { ExceptionRepo } from './exceptions/ports.js';
import type { TimelineRepo } from './customers/timeline.js';
import type { SegmentRepo } from './customers/segments.js';
import type { SurveyRepo } from './surveys/ports.js';
import type { SigningKeyRepo } from './signed-token.js';
import type { OutreachRepo } from './outreach/ports.js';
import type { CustomerPrivacyRepo, CustomerProfileRepo, CustomerRepo } from './customers/ports.js';
import type { ReviewRequestRepo } from './review-requests/ports.js';
import type { EventRepo } from './events/ports.js';

export type * from './auth/ports.js';
export type * from './cases/ports.js';
export type * from './metrics/ports.js';
export type * from './alerts/ports.js';
export type * from './exceptions/ports.js';
export type * from './customers/ports.js';

export interface WorkspaceRepo {
  create(input: { name: string; slug: string; isDemo?: boolean }): Promise<Workspace>;
  get(id: string): Promise<Workspace | undefined>;
  findBySlug(slug: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  count(): Promise<number>;
}

export interface UserRepo {
  create(input: { email: string; name: string; passwordHash: string }): Promise<User>;
  get(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  count(): Promise<number>;
  touchLogin(id: string, at: string): Promise<void>;
  /** The stored argon2id hash of the user's password. */
  passwordHash(id: string): Promise<string | undefined>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  addMembership(workspaceId: string, userId: string, role: Role): Promise<void>;
  memberships(userId: string): Promise<Membership[]>;
  role(workspaceId: string, userId: string): Promise<Role | undefined>;
  /** Users who own at least one workspace. */
  ownerIds(): Promise<string[]>;
  /** The members of a workspace with their roles, by name. */
  members(workspaceId: string): Promise<{ user: User; role: Role; since: string }[]>;
  removeMembership(workspaceId: string, userId: string): Promise<boolean>;
}

export interface SessionRepo {
  create(input: { idHash: string; userId: string; csrfToken: string; expiresAt: string }): Promise<void>;
  find(
    idHash: string,
    now: string,
  ): Promise<{ userId: string; csrfToken: string; expiresAt: string } | undefined>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of the user, except `keepIdHash` when given (the one changing the password). */
  deleteAllOf(userId: string, keepIdHash?: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
}

export interface ApiKeyRepo {
  create(input: {
    workspaceId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: Scope[];
    createdBy: string | null;
  }): Promise<ApiKey>;
  findByHash(keyHash: string): Promise<ApiKey | undefined>;
  list(workspaceId: string): Promise<ApiKey[]>;
  revoke(workspaceId: string, id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

export interface BrandRepo {
  list(workspaceId: string): Promise<Brand[]>;
  get(workspaceId: string, id: string): Promise<Brand | undefined>;
  /** The workspace's first own brand: where items that name no brand go. */
  defaultBrand(workspaceId: string): Promise<Brand | undefined>;
  /** The brand with this slug, created with `kind` if it does not exist yet. */
  ensure(workspaceId: string, name: string, kind: BrandKind): Promise<Brand>;
  /** Deletes the brand when no item names it; true when it was deleted. */
  removeIfUnused(workspaceId: string, id: string): Promise<boolean>;
  update(
    workspaceId: string,
    id: string,
    patch: { name?: string; kind?: BrandKind },
  ): Promise<Brand | undefined>;
}

export interface TaxonomyRepo {
  stages(workspaceId: string): Promise<JourneyStage[]>;
  replace(
    workspaceId: string,
    stages: { key: string; name: string; touchpoints: { key: string; name: string; examples: string[] }[] }[],
  ): Promise<void>;
}

/** An item as stored before this ingest, to decide created / updated / unchanged. */
export interface StoredIdentity {
  id: string;
  platform: string;
  externalId: string;
  version: number;
  contentHash: string;
}

export interface NewItemVersion {
  input: FeedbackInput;
  brandId: string;
  channel: Channel;
  customerId: string | null;
  /** The identity the customer was found by (issue #14: an undone merge follows it). */
  customerIdentityId?: string | null | undefined;
  contentHash: string;
  analysis: AnalysisResult | null;
  searchBody: string;
}

export interface FeedbackFilter {
  brand?: string | undefined; // brand id or slug
  platform?: string | undefined;
  channel?: Channel | undefined;
  sentiment?: SentimentLabel | undefined;
  touchpoint?: string | undefined;
  intent?: string | undefined;
  language?: string | undefined;
  ratingMin?: number | undefined;
  ratingMax?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Full-text query, already segmented into words. */
  q?: string[] | undefined;
  /** Only items of the members of this segment (issue #14); the caller checked it is the workspace's. */
  segment?: string | undefined;
}

export const FEEDBACK_SORTS = ['-postedAt', 'postedAt', '-rating', 'rating', '-urgency'] as const;
export type FeedbackSort = (typeof FEEDBACK_SORTS)[number];

export interface FeedbackCounts {
  total: number;
  /** False when the filter is one the rollups do not keep and more than COUNT_CAP items match: the figures are a floor. */
  exact: boolean;
  bySentiment: Record<SentimentLabel | 'unanalysed', number>;
  byTouchpoint: { key: string; total: number; negative: number; neutral: number; positive: number }[];
  byBrand: { brandId: string; total: number; negative: number; neutral: number; positive: number }[];
}

export interface FeedbackRepo {
  findIdentities(
    workspaceId: string,
    keys: { platform: string; externalId: string }[],
  ): Promise<StoredIdentity[]>;
  /** Stores new items (version 1) with their analyses and search index; returns their ids in order. */
  insertMany(workspaceId: string, items: NewItemVersion[], now: string): Promise<string[]>;
  addVersion(workspaceId: string, existing: StoredIdentity, item: NewItemVersion, now: string): Promise<void>;
  list(
    workspaceId: string,
    filter: FeedbackFilter,
    page: { sort: FeedbackSort; limit: number; after?: [string | number, string] | undefined },
  ): Promise<FeedbackItem[]>;
  get(workspaceId: string, id: string): Promise<FeedbackDetail | undefined>;
  /** These items with their current analyses (no versions), in no particular order; unknown ids are left out. */
  getMany(workspaceId: string, ids: readonly string[]): Promise<FeedbackWithAnalysis[]>;
  /**
   * Counts from the rollups where the filter allows, else over at most `cap` (COUNT_CAP) matching
   * items; `fromItems` counts the items even where rollups could answer (tests compare the two).
   */
  counts(
    workspaceId: string,
    filter: FeedbackFilter,
    options?: { cap?: number; fromItems?: boolean },
  ): Promise<FeedbackCounts>;
  /** Items whose analysis is still pending (any workspace), oldest first, for the retry job. */
  pendingAnalysis(limit: number): Promise<{ workspaceId: string; id: string }[]>;
  /** Stores the analysis of an item's current version. */
  saveAnalysis(workspaceId: string, id: string, analysis: AnalysisResult, now: string): Promise<void>;
  markAnalysisFailed(workspaceId: string, id: string): Promise<void>;
  /** Current text with its star rating or survey score, for items that have one: free labels. */
  labelled(
    workspaceId: string,
    limit: number,
  ): Promise<
    {
      id: string;
      version: number;
      text: string;
      rating: number | null;
      score: { kind: string; value: number } | null;
    }[]
  >;
  /** Items without a rating or score, by id after `after`: what a new workspace model re-reads. */
  unrated(
    workspaceId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ id: string; title: string | null; text: string }[]>;
  /** Workspaces with at least `min` items that carry a rating, a score or a sentiment correction, with their counts. */
  labelledCounts(min: number): Promise<{ workspaceId: string; count: number }[]>;
}

export const CORRECTION_FIELDS = ['sentiment'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

/** A person's correction of one field of an item's analysis: an explicit training label (issue #3). */
export interface Correction {
  itemId: string;
  field: CorrectionField;
  value: SentimentLabel;
  /** The item's version it was made on; it overrides the shown label while that version is current. */
  version: number;
  /** Who made it; null once that account is deleted. */
  createdBy: { id: string; name: string } | null;
  createdAt: string;
}

export interface CorrectionRepo {
  /**
   * Makes `value` the item's current correction of `field` for its current version, replacing any
   * earlier one, and shows it as the item's label in filters and counts. Undefined when the item is
   * not in the workspace.
   */
  set(
    workspaceId: string,
    itemId: string,
    correction: { field: CorrectionField; value: SentimentLabel; createdBy: string | null },
    now: string,
  ): Promise<{ correction: Correction; previous: Correction | undefined } | undefined>;
  /** Withdraws the item's correction of `field`; the machine's label shows again. The removed one, if any. */
  remove(workspaceId: string, itemId: string, field: CorrectionField): Promise<Correction | undefined>;
  /** The current corrections of these items. */
  forItems(workspaceId: string, itemIds: readonly string[]): Promise<Correction[]>;
  /** Sentiment corrections, newest first, with the text of the version each was made on: explicit labels. */
  sentimentLabels(
    workspaceId: string,
    limit: number,
  ): Promise<{ itemId: string; version: number; text: string; label: SentimentLabel }[]>;
}

export interface ImportRepo {
  create(input: {
    workspaceId: string;
    filename: string;
    options: Record<string, unknown>;
    bytesTotal: number | null;
    createdBy: string | null;
    /** 'customers' for a CRM import (issue #14); default 'feedback'. */
    kind?: 'feedback' | 'customers';
  }): Promise<ImportJob>;
  /** With `kind`, only an import of that kind. */
  get(workspaceId: string, id: string, kind?: 'feedback' | 'customers'): Promise<ImportJob | undefined>;
  /** The newest imports of a kind (default 'feedback'). */
  list(workspaceId: string, limit: number, kind?: 'feedback' | 'customers'): Promise<ImportJob[]>;
  progress(
    workspaceId: string,
    id: string,
    patch: Partial<
      Pick<
        ImportJob,
        | 'status'
        | 'format'
        | 'bytesRead'
        | 'rows'
        | 'created'
        | 'updated'
        | 'unchanged'
        | 'rejected'
        | 'rejections'
        | 'error'
        | 'finishedAt'
        | 'heartbeatAt'
        | 'warnings'
      >
    >,
  ): Promise<void>;
  /**
   * Marks as failed, with `error`, every running import (of the workspace, or of all) whose heartbeat
   * (or, without one, its start) is older than `staleBefore`; returns how many.
   */
  failStale(input: {
    staleBefore: string;
    now: string;
    error: string;
    workspaceId?: string;
  }): Promise<number>;
}

export interface ModelFigures {
  /** How many of the examples were agents' corrections (absent on models trained before corrections). */
  corrections?: number;
  accuracy: number;
  macroF1: number;
  folds: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

export interface StoredModel {
  id: string;
  task: 'sentiment';
  version: number;
  examples: number;
  metrics: ModelFigures;
  createdAt: string;
}

export interface ModelRepo {
  list(workspaceId: string): Promise<StoredModel[]>;
  /** The newest model of the task with its serialized data, if any. */
  latest(workspaceId: string, task: 'sentiment'): Promise<(StoredModel & { data: unknown }) | undefined>;
  insert(
    workspaceId: string,
    model: { task: 'sentiment'; examples: number; metrics: ModelFigures; data: unknown },
  ): Promise<StoredModel>;
}

export interface AuditRepo {
  record(entry: {
    workspaceId: string | null;
    actor: Actor;
    action: string;
    targetType?: string;
    targetId?: string;
    data?: Record<string, unknown>;
  }): Promise<void>;
}

// --- Respond and recover (issue #4) ---------------------------------------------------------

/** A case as the playbook or a person opens it; the opening item joins it. */
export type NewCase = Pick<
  Case,
  | 'id'
  | 'itemId'
  | 'customerId'
  | 'authorHandle'
  | 'platform'
  | 'channel'
  | 'brandId'
  | 'touchpointKey'
  | 'teamId'
  | 'assigneeId'
  | 'priority'
  | 'openedBy'
  | 'openedAt'
  | 'dueAt'
  | 'atOpen'
  | 'reach'
>;

export interface NewCaseEvent {
  caseId: string;
  kind: CaseEventKind;
  actor: Actor;
  body?: Record<string, unknown>;
  mentions?: string[];
  at: string;
}

export interface CaseFilter {
  status?: readonly CaseStatus[] | undefined;
  teamId?: string | undefined;
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null | undefined;
  /** Only cases of the members of this segment (issue #14); the caller checked it is the workspace's. */
  segment?: string | undefined;
}

/** Inbox order: priority, highest first, then the longest waiting, then id. */
export type CaseCursor = [priority: number, openedAt: string, id: string];

export type CasePatch = Partial<
  Pick<
    Case,
    | 'teamId'
    | 'assigneeId'
    | 'status'
    | 'outcome'
    | 'priority'
    | 'firstResponseAt'
    | 'dueAt'
    | 'breachedAt'
    | 'escalatedAt'
    | 'closedAt'
    | 'touchpointKey'
  >
> & { updatedAt: string };

/** The figures of one case that measures are computed from. */
export interface CaseMeasureRow {
  id: string;
  teamId: string | null;
  assigneeId: string | null;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  openedAt: string;
  firstResponseAt: string | null;
  dueAt: string | null;
  breachedAt: string | null;
  closedAt: string | null;
}

export interface CaseRepo extends CaseSweepRepo, CaseMeasureRepo {
  /**
   * Serialises opening and joining cases in the workspace until the transaction ends, so two
   * processes ingesting the same customer's items at once open one case, not two (PostgreSQL: a
   * transaction-scoped advisory lock; SQLite writes one transaction at a time already). Take it
   * before touching any case in the transaction.
   */
  lockThreads(workspaceId: string): Promise<void>;
  /** Stores new cases with their opening items. */
  insertMany(workspaceId: string, cases: readonly NewCase[]): Promise<void>;
  /** Adds items to cases (an item already in the case is kept as it was). */
  addItems(
    workspaceId: string,
    links: readonly { caseId: string; itemId: string; at: string }[],
  ): Promise<void>;
  addEvents(workspaceId: string, events: readonly NewCaseEvent[]): Promise<void>;
  get(workspaceId: string, id: string): Promise<Case | undefined>;
  list(
    workspaceId: string,
    filter: CaseFilter,
    page: { limit: number; after?: CaseCursor | undefined },
  ): Promise<Case[]>;
  /** Open or waiting cases of these customers, or of these author handles on a platform (one query). */
  openForThreads(
    workspaceId: string,
    keys: { customerIds: readonly string[]; handles: readonly { platform: string; handle: string }[] },
  ): Promise<Case[]>;
  /** The cases (any status) each of these items is in. */
  forItems(workspaceId: string, itemIds: readonly string[]): Promise<{ itemId: string; case: Case }[]>;
  update(workspaceId: string, id: string, patch: CasePatch): Promise<void>;
  items(workspaceId: string, caseId: string): Promise<{ itemId: string; joinedAt: string }[]>;
  /** The items of each of these cases, in one query. */
  itemsOf(workspaceId: string, caseIds: readonly string[]): Promise<{ caseId: string; itemId: string }[]>;
  events(workspaceId: string, caseId: string): Promise<CaseEvent[]>;
  /** Cases of any workspace not yet answered whose first-response SLA ran out before `now`, not yet marked. */
  overdue(now: string, limit: number): Promise<Case[]>;
  measureRows(
    workspaceId: string,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<CaseMeasureRow[]>;
  /** What the inbox shows of the items that opened cases. */
  previews(
    workspaceId: string,
    itemIds: readonly string[],
  ): Promise<
    {
      id: string;
      title: string | null;
      text: string;
      rating: number | null;
      sentiment: string | null;
      language: string | null;
      authorName: string | null;
      postedAt: string;
    }[]
  >;
  /** The customer's items across channels, newest first. */
  customerHistory(
    workspaceId: string,
    customerId: string,
    limit: number,
  ): Promise<
    {
      id: string;
      platform: string;
      channel: string;
      text: string;
      rating: number | null;
      sentiment: string | null;
      postedAt: string;
    }[]
  >;
}

export interface NewReply {
  id: string;
  caseId: string;
  itemId: string;
  channel: string;
  recipient: string | null;
  subject: string | null;
  text: string;
  language: string;
  status: ReplyStatus;
  sentBy: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ReplyRepo {
  insert(workspaceId: string, reply: NewReply): Promise<Reply>;
  get(workspaceId: string, id: string): Promise<Reply | undefined>;
  forCase(workspaceId: string, caseId: string): Promise<Reply[]>;
  /**
   * Takes a queued reply due at `now` for sending: one conditional update (queued → sending) that
   * only one worker can win. Undefined when it is not queued (already sent, in flight, failed) or not due.
   */
  claim(workspaceId: string, id: string, now: string): Promise<Reply | undefined>;
  update(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<Reply, 'status' | 'nextAttemptAt' | 'lastError' | 'externalId' | 'sentAt'>> & {
      updatedAt: string;
    },
  ): Promise<void>;
  /**
   * Queued replies of any workspace due before `before` (their delivery job was lost, e.g. the
   * process died between the commit and the enqueue), oldest first.
   */
  overdue(before: string, limit: number): Promise<{ workspaceId: string; id: string }[]>;
  /** Replies of any workspace left `sending` since before `before` (a worker died mid-send). */
  stuck(before: string, limit: number): Promise<{ workspaceId: string; reply: Reply }[]>;
}

export interface TeamRepo {
  list(workspaceId: string): Promise<Team[]>;
  get(workspaceId: string, id: string): Promise<Team | undefined>;
  create(
    workspaceId: string,
    team: { name: string; key: string; leadUserId: string | null; contact?: string | null },
    now: string,
  ): Promise<Team>;
  update(
    workspaceId: string,
    id: string,
    patch: {
      name?: string;
      leadUserId?: string | null;
      contact?: string | null;
      members?: string[];
      touchpoints?: string[];
    },
    now: string,
  ): Promise<Team | undefined>;
  /** Touchpoint key → owning team id. */
  owners(workspaceId: string): Promise<Map<string, string>>;
  /** The next `count` members of the team in round-robin order (fewest recent assignments first), recorded as assigned. */
  roundRobin(workspaceId: string, teamId: string, count: number): Promise<string[]>;
}

export interface PlaybookRepo {
  /** The workspace's own rules in order; undefined when it has never written any (the default applies). */
  get(workspaceId: string): Promise<PlaybookRule[] | undefined>;
  replace(workspaceId: string, rules: readonly PlaybookRuleInput[], now: string): Promise<PlaybookRule[]>;
}

export interface SlaRepo {
  list(workspaceId: string): Promise<SlaPolicy[]>;
  replace(workspaceId: string, policies: readonly SlaPolicy[]): Promise<void>;
}

/** All repositories, bound to one connection or one transaction. */
export interface Repos {
  workspaces: WorkspaceRepo;
  users: UserRepo;
  sessions: SessionRepo;
  apiKeys: ApiKeyRepo;
  brands: BrandRepo;
  taxonomy: TaxonomyRepo;
  feedback: FeedbackRepo;
  customers: CustomerRepo;
  imports: ImportRepo;
  audit: AuditRepo;
  models: ModelRepo;
  corrections: CorrectionRepo;
  cases: CaseRepo;
  replies: ReplyRepo;
  teams: TeamRepo;
  playbook: PlaybookRepo;
  sla: SlaRepo;
  exceptions: ExceptionRepo;
  alerts: AlertRepo;
  notifications: NotificationRepo;
  invitations: InvitationRepo;
  passwordResets: PasswordResetRepo;
  rollups: RollupRepo;
  metrics: MetricsRepo;
  customerProfiles: CustomerProfileRepo;
  timeline: TimelineRepo;
  segments: SegmentRepo;
  customerPrivacy: CustomerPrivacyRepo;
  reviewRequests: ReviewRequestRepo;
  events: EventRepo;
  surveys: SurveyRepo;
  signingKeys: SigningKeyRepo;
  outreach: OutreachRepo;
}

export interface Store extends Repos {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** Answers when the database is reachable. */
  ping(): Promise<void>;
  /**
   * Refreshes the planner's statistics where they are stale (`Database.optimize`). Long imports call
   * it as the tables grow: statistics taken when a table held two rows made SQLite plan scans, and a
   * 100,000-row CRM import into a new workspace fell from thousands of rows a second to 19.
   */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The row counts at which a long import refreshes the statistics: each tenfold growth to a million,
 * then each doubling (issue #13: between 1 and 10 million rows the planner's picture of a table could
 * be ten times too small; an ANALYZE of every table took 27 s at 4 million items on PostgreSQL).
 */
export const STATISTICS_REFRESH_AT: readonly number[] = [
  1_000, 10_000, 100_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000, 32_000_000,
];
