/**
 * Wire types of the /api/v1 JSON API, inferred from the zod schemas that validate the server's
 * requests and generate its OpenAPI document, so the dashboard and the server cannot drift apart.
 * Type-only imports: nothing of the server is bundled.
 */
import type { z } from 'zod';
import type {
  BrandSchema,
  ProblemSchema,
  SessionInfoSchema,
  UserSchema,
  WorkspaceSchema,
} from '../../server/routes/common.schema.js';
import type {
  AnalysisSchema,
  FeedbackCountsSchema,
  FeedbackDetailSchema,
  FeedbackItemSchema,
  FeedbackPageSchema,
} from '../../server/routes/feedback.schema.js';
import type {
  CaseDetailSchema,
  CasePatchBody,
  CloseBody,
  ReplyBody,
  ReplyCreatedSchema,
  WrittenDraftSchema,
  TeamCreateBody,
  TeamPatchBody,
  CaseEventSchema,
  CasePageSchema,
  CaseSummarySchema,
  LeaderboardSchema,
  MeasuresSchema,
  ReplySchema,
  TeamSchema,
} from '../../server/routes/cases.schema.js';
import type { ExceptionSchema, LedgerSchema } from '../../server/routes/exceptions.schema.js';
import type { ImportSchema } from '../../server/routes/imports.schema.js';
import type {
  ExceptionTypeCreateBody,
  ExceptionTypePatchBody,
  ExceptionTypeSchema,
  GrantBody,
  PolicySchema,
  PoliciesBody,
} from '../../server/routes/exceptions.schema.js';
import type {
  AcceptedSchema,
  InvitationCreatedSchema,
  InvitationSchema,
  MemberSchema,
  ReceivedInvitationSchema,
} from '../../server/routes/members.schema.js';
import type { ModelSchema } from '../../server/routes/models.schema.js';
import type { ApiKeySchema, TaxonomySchema } from '../../server/routes/workspace.schema.js';
import type {
  AlertDetailSchema,
  AlertEventSchema,
  AlertFindingSchema,
  AlertItemSchema,
  AlertPageSchema,
  AlertSeriesSchema,
  AlertSettingsBody,
  AlertSettingsSchema,
  AlertSummarySchema,
  NotificationSchema,
  NotificationSettingsBody,
  NotificationSettingsSchema,
} from '../../server/routes/alerts.schema.js';
import type {
  BenchmarkSchema,
  ChangeSchema,
  DriversSchema,
  EstimateSchema,
  HeatmapSchema,
  MetricsSchema,
} from '../../server/routes/metrics.schema.js';
import type {
  CustomerSentimentSchema,
  TimelineEntrySchema,
  TimelineSchema,
} from '../../server/routes/customer-timeline.schema.js';
import type {
  AmbassadorsSchema,
  CustomerStatsSchema,
  LifecycleCountsSchema,
  LifecycleListSchema,
  MomentRowSchema,
  MomentsSchema,
} from '../../server/routes/customer-insights.schema.js';
import type { ErasureReportSchema } from '../../server/routes/customer-privacy.schema.js';
import type {
  CreateCustomerImportSchema,
  CustomerIdentitySchema,
  CustomerImportSchema,
  CustomerListSchema,
  CustomerPatchSchema,
  CustomerProfileSchema,
  CustomerSummarySchema,
  DecisionSchema,
  MergeSchema,
  MergesSchema,
  NewIdentitySchema,
  NoteSchema,
  NotesSchema,
  SuggestionSchema,
  SuggestionsSchema,
} from '../../server/routes/customers.schema.js';
import type {
  SegmentRulesSchema,
  SegmentSchema,
  SegmentSuggestionsSchema,
} from '../../server/routes/segments.schema.js';
import type { LifecycleStage as DomainLifecycleStage } from '../../core/customers/lifecycle.js';
import type {
  InvitationPage as SurveyInvitationPageSchema,
  InvitationSchema as SurveyInvitationSchema,
  InviteResultSchema,
  SurveyBody,
  SurveyResultsSchema,
  SurveySchema,
} from '../../server/routes/surveys.schema.js';
import type {
  ConsentBody,
  ConsentSchema,
  ContactSendSchema,
  ContactSettingsBody,
  ContactSettingsSchema,
  SendPageSchema,
  SummarySchema as OutreachSummarySchema,
} from '../../server/routes/outreach.schema.js';
import type {
  ConversionSummarySchema,
  PlatformSchema as ReviewPlatformSchema,
  RequestReviewsResultSchema,
  ReviewRequestListSchema,
  ReviewRequestSchema,
} from '../../server/routes/review-requests.schema.js';
import type {
  ExtraQuestion as DomainExtraQuestion,
  QuestionKind as DomainQuestionKind,
  ScoreGroup as DomainScoreGroup,
  SurveyDefinition as DomainSurveyDefinition,
  SurveyTrigger as DomainSurveyTrigger,
} from '../../core/surveys/definition.js';
import type { Role as DomainRole, Scope as DomainScope } from '../../core/types.js';
import { ROLES as DOMAIN_ROLES, SCOPES as DOMAIN_SCOPES } from '../../core/types.js';
import { ALERT_CHANNELS as DOMAIN_ALERT_CHANNELS } from '../../core/alerts/types.js';
import { ALERT_KINDS as DOMAIN_ALERT_KINDS } from '../../warn/types.js';

export type { SentimentLabel } from '../../analysis/types.js';
export type Role = DomainRole;
export type Scope = DomainScope;
export const SCOPES: readonly Scope[] = DOMAIN_SCOPES;
/** Least to most privileged. */
export const ROLES: readonly Role[] = DOMAIN_ROLES;

export type User = z.infer<typeof UserSchema>;
/** A workspace as /me lists it: always with the caller's role. */
export type WorkspaceSummary = z.infer<typeof WorkspaceSchema> & { role: Role };
/** What /me, /auth/login and /setup return. */
export type Session = Omit<z.infer<typeof SessionInfoSchema>, 'workspaces'> & {
  workspaces: WorkspaceSummary[];
};
export type Brand = z.infer<typeof BrandSchema>;
export type JourneyStage = z.infer<typeof TaxonomySchema>['stages'][number];
export type Touchpoint = JourneyStage['touchpoints'][number];
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;
export type Analysis = z.infer<typeof AnalysisSchema>;
export type Evidence = Analysis['touchpoints'][number]['evidence'][number];
export type FeedbackDetail = z.infer<typeof FeedbackDetailSchema>;
export type FeedbackPage = z.infer<typeof FeedbackPageSchema>;
export type FeedbackCounts = z.infer<typeof FeedbackCountsSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type ImportJob = z.infer<typeof ImportSchema>;
/** A person of the workspace with their role; `since` is when they joined. */
export type Member = z.infer<typeof MemberSchema>;
/** An invitation to the workspace, with its state (pending, accepted, declined, revoked, expired). */
export type Invitation = z.infer<typeof InvitationSchema>;
/** The answer to an invitation: `token` (shown once) when the link was not e-mailed. */
export type InvitationCreated = z.infer<typeof InvitationCreatedSchema>;
/** An invitation as its invitee sees it. */
export type ReceivedInvitation = z.infer<typeof ReceivedInvitationSchema>;
export type InvitationAccepted = Omit<z.infer<typeof AcceptedSchema>, 'session'> & { session: Session };
/** A learned model of the workspace; its metrics are k-fold cross-validated on the workspace's rated items. */
export type Model = z.infer<typeof ModelSchema>;
export type ClassFigures = Model['metrics']['perClass'][string];
/** What GET /models returns: the models newest first, and what a first model needs. */
export interface ModelList {
  models: Model[];
  minimumRatedItems: number;
  minimumPerLabel: number;
  /** Whether training now would make a model, and what is missing. */
  readiness: { ready: boolean; ratedItems: number; perLabel: Record<string, number>; missing: string | null };
}
/** An RFC 9457 problem document as the API sends it (fields optional: a proxy may answer instead). */
export type Problem = Partial<z.infer<typeof ProblemSchema>>;

/** A case in the inbox: its priority with the reasons, its first-response SLA and its first item. */
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type CasePage = z.infer<typeof CasePageSchema>;
/** A case with its items (and their analysis), the customer's history, events and replies. */
export type CaseDetail = z.infer<typeof CaseDetailSchema>;
export type CaseEvent = z.infer<typeof CaseEventSchema>;
export type Reply = z.infer<typeof ReplySchema>;
/** What POST /cases/{id}/replies answers: the reply with the server's tone check of its text. */
export type ReplyCreated = z.infer<typeof ReplyCreatedSchema>;
export type CaseDraft = NonNullable<CaseDetail['draft']>;
/** What POST /cases/{id}/draft answers: the LLM's draft, or the template with the reason. */
export type WrittenDraft = z.infer<typeof WrittenDraftSchema>;
export type ToneCheck = NonNullable<CaseDetail['tone']>;
/** A line of the exceptions ledger: what was granted (or asked for) on a case, and its cost. */
export type ExceptionEntry = z.infer<typeof ExceptionSchema>;
export type ExceptionLedger = z.infer<typeof LedgerSchema>;
export type CaseOutcome = NonNullable<CaseSummary['outcome']>;
export type PriorityLabel = CaseSummary['priority']['label'];
export type ReplyChannel = Reply['channel'];
export type Team = z.infer<typeof TeamSchema>;
export type Measures = z.infer<typeof MeasuresSchema>;
export type MeasureFigures = Measures['total'];
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type CasePatchInput = z.input<typeof CasePatchBody>;
export type ReplyInput = z.input<typeof ReplyBody>;
export type CloseInput = z.input<typeof CloseBody>;
export type TeamCreateInput = z.input<typeof TeamCreateBody>;
export type TeamPatchInput = z.input<typeof TeamPatchBody>;

/** Policies and exceptions (issue #4). Amounts are integers in minor units (cents) of their currency. */
export type Policy = z.infer<typeof PolicySchema>;
export type PoliciesInput = z.input<typeof PoliciesBody>;
export type ExceptionType = z.infer<typeof ExceptionTypeSchema>;
export type ExceptionTypeCreateInput = z.input<typeof ExceptionTypeCreateBody>;
export type ExceptionTypePatchInput = z.input<typeof ExceptionTypePatchBody>;
export type ExceptionStatus = ExceptionEntry['status'];
export type GrantInput = z.input<typeof GrantBody>;

/** Early warning (issue #5): alerts, the series behind one, and who is notified how. */
export type AlertSummary = z.infer<typeof AlertSummarySchema>;
export type AlertPage = z.infer<typeof AlertPageSchema>;
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
export type AlertFinding = z.infer<typeof AlertFindingSchema>;
export type AlertItem = z.infer<typeof AlertItemSchema>;
export type AlertEvent = z.infer<typeof AlertEventSchema>;
export type AlertNotification = z.infer<typeof NotificationSchema>;
export type AlertSeries = z.infer<typeof AlertSeriesSchema>;
export type AlertKind = AlertSummary['kind'];
export type AlertStatus = AlertSummary['status'];
export type AlertChannel = AlertNotification['channel'];
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;
export type AlertSettingsInput = z.input<typeof AlertSettingsBody>;
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
export type NotificationSettingsInput = z.input<typeof NotificationSettingsBody>;
export const ALERT_KINDS: readonly AlertKind[] = DOMAIN_ALERT_KINDS;
export const ALERT_CHANNELS: readonly AlertChannel[] = DOMAIN_ALERT_CHANNELS;

// ---------- analytics pages (issue #13: journey heatmap, key drivers, competitor benchmark) ----------

/** A figure with its interval and sample; `enough` false below the minimum sample (the UI greys it). */
export type Estimate = z.infer<typeof EstimateSchema>;
/** A period-over-period change (or ours minus theirs); `significant` null when either side is too thin. */
export type EstimateChange = z.infer<typeof ChangeSchema>;
/** The period an analytics answer covers, as calendar days (`to` inclusive). */
export interface AnalyticsPeriod {
  from: string;
  to: string;
}
export type JourneyHeatmap = z.infer<typeof HeatmapSchema>;
export type HeatmapCell = JourneyHeatmap['cells'][number];
export type KeyDrivers = z.infer<typeof DriversSchema>;
export type DriverTarget = KeyDrivers['target'];
export type Driver = KeyDrivers['drivers'][number];
export type DriverQuadrant = Driver['quadrant'];
export type Benchmark = z.infer<typeof BenchmarkSchema>;
export type BenchmarkBrand = Benchmark['brands'][number];
export type BenchmarkTouchpoint = Benchmark['touchpoints'][number];
export type BenchmarkComparison = BenchmarkTouchpoint['competitors'][number];
/** A touchpoint where one side is significantly better than the other. */
export type BenchmarkContrast = Benchmark['theirWeakOurStrong'][number];

// ---------- analytics: the overview (issue #13), GET /api/v1/metrics ----------

/** Headline metrics, trends per bucket and movers of a period (the server's schema is the contract). */
export type Metrics = z.infer<typeof MetricsSchema>;
export type HeadlineMetric = Metrics['headline'][number];
export type MetricKey = HeadlineMetric['key'];
export type MetricBucket = Metrics['period']['bucket'];
/** count, ratio (0–1), index (−1…1), stars, nps (−100…100), ces (1–7), hours. */
export type MetricUnit = HeadlineMetric['unit'];
export type MetricSeries = Metrics['series'][number];
export type Mover = Metrics['movers'][number];

// ---------- customers (issue #14): profiles, timeline, moments, lifecycle, advocacy, segments ----------
// Wire types inferred from the server's schemas (customers, customer-insights, customer-timeline,
// customer-privacy, segments), like every other section of this file.

export type LifecycleStage = DomainLifecycleStage;
export type CustomerIdentity = z.infer<typeof CustomerIdentitySchema>;
export type IdentityKind = CustomerIdentity['kind'];
/** A row of the customer search. */
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;
export type CustomerListPage = z.infer<typeof CustomerListSchema>;
/** One customer: fields, identities, stats, likes and dislikes, notes count, and where they were merged. */
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;
export type CustomerPatch = z.input<typeof CustomerPatchSchema>;
export type NewIdentity = z.input<typeof NewIdentitySchema>;
export type TouchpointLean = CustomerProfile['likes'][number];
export type CustomerNote = z.infer<typeof NoteSchema>;
export type CustomerNotes = z.infer<typeof NotesSchema>;
export type CustomerMerge = z.infer<typeof MergeSchema>;
export type CustomerMerges = z.infer<typeof MergesSchema>;
/** Two records that may be one person, both inline for the side-by-side view. */
export type MatchSuggestion = z.infer<typeof SuggestionSchema>;
export type MatchSuggestions = z.infer<typeof SuggestionsSchema>;
export type SuggestedCustomer = MatchSuggestion['a'];
export type MatchDecision = z.infer<typeof DecisionSchema>;
export type CustomerImportJob = z.infer<typeof CustomerImportSchema>;
export type CustomerImportInput = z.input<typeof CreateCustomerImportSchema>;
/** One entry of a customer's timeline: an item or survey answer (with its versions), a case opened or closed, a reply, a note, an exception. */
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type TimelineKind = TimelineEntry['kind'];
export type TimelinePage = z.infer<typeof TimelineSchema>;
export type CustomerSentiment = z.infer<typeof CustomerSentimentSchema>;
export type SentimentBucket = CustomerSentiment['buckets'][number];
/** Lifecycle, advocacy and counts of one customer, as the lists carry them. */
export type CustomerStatsRow = z.infer<typeof CustomerStatsSchema>;
export type LifecycleList = z.infer<typeof LifecycleListSchema>;
export type LifecycleCounts = z.infer<typeof LifecycleCountsSchema>;
export type ListedStage = LifecycleList['stage'];
/** A date coming up (birthday, anniversary, first purchase) or a recent notable event, with a suggested message. */
export type CustomerMoment = z.infer<typeof MomentRowSchema>;
export type MomentsAnswer = z.infer<typeof MomentsSchema>;
export type AmbassadorsAnswer = z.infer<typeof AmbassadorsSchema>;
/** What erasing answers: how many rows of each kind were scrubbed. */
export type ErasureReport = z.infer<typeof ErasureReportSchema>;
/** A saved segment with its rules, the rules in words, and its size at the last evaluation. */
export type Segment = z.infer<typeof SegmentSchema>;
export type SegmentRules = z.infer<typeof SegmentRulesSchema>;
/** Rules as a client sends them (the server fills the defaults). */
export type SegmentRulesInput = z.input<typeof SegmentRulesSchema>;
export type SegmentSuggestions = z.infer<typeof SegmentSuggestionsSchema>;
export type SegmentCluster = SegmentSuggestions['clusters'][number];

// ---------- asking (issue #15): surveys, outreach (contact rules, send log), review requests ----------
// Inferred from the route schemas (surveys, outreach, review-requests) like the rest of this file; the
// survey definition is the domain's own type (src/core/surveys/definition.ts), which the wire carries
// as stored.

export type QuestionKind = DomainQuestionKind;
export type SurveyStatus = z.infer<typeof SurveySchema>['status'];
/** Score groups: NPS detractor/passive/promoter, the other kinds low/mid/high. */
export type ScoreGroup = DomainScoreGroup;
/** Text by language code (`en`, `de`, …). */
export type Wording = Record<string, string>;
export type SurveyExtraQuestion = DomainExtraQuestion;
export type SurveyTrigger = DomainSurveyTrigger;
export type SurveyDefinition = DomainSurveyDefinition;
/** A survey with its public link (`publicUrl` only when the server knows its public URL) and counts. */
export type Survey = Omit<z.infer<typeof SurveySchema>, 'definition'> & { definition: SurveyDefinition };
export type SurveyInput = Omit<z.input<typeof SurveyBody>, 'definition'> & { definition: SurveyDefinition };
export type SurveyResults = z.infer<typeof SurveyResultsSchema>;
export type SurveyTheme = SurveyResults['themes']['touchpoints'][number];
/** What inviting answers: invitations written, scheduled, and held back by the contact rules (by reason). */
export type SurveyInviteResult = z.infer<typeof InviteResultSchema>;
export type SurveyInvitation = z.infer<typeof SurveyInvitationSchema>;
export type InvitationStatus = SurveyInvitation['status'];
export type SurveyInvitationPage = z.infer<typeof SurveyInvitationPageSchema>;

export type ContactSettings = z.infer<typeof ContactSettingsSchema>;
export type ContactSettingsInput = z.input<typeof ContactSettingsBody>;
/** One ask in the send log: sent, scheduled, or held back with the reason. */
export type ContactSend = z.infer<typeof ContactSendSchema>;
export type SendStatus = ContactSend['status'];
export type ContactSendPage = z.infer<typeof SendPageSchema>;
/** Asks of a period counted by status and by reason. */
export type OutreachSummary = z.infer<typeof OutreachSummarySchema>;
export type ContactConsent = z.infer<typeof ConsentSchema>;
export type ContactConsentInput = z.input<typeof ConsentBody>;

/** A platform with its rule in one line, its policy page and the business's saved link. */
export type ReviewPlatform = z.infer<typeof ReviewPlatformSchema>;
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;
export type ReviewRequestStatus = ReviewRequest['status'];
export type ReviewRequestPage = z.infer<typeof ReviewRequestListSchema>;
export type ReviewRequestResult = z.infer<typeof RequestReviewsResultSchema>;
export type ReviewRequestSummary = z.infer<typeof ConversionSummarySchema>;
/** Requested, delivered, clicked and converted, with the conversion and click rates (Wilson). */
export type ReviewConversion = ReviewRequestSummary['total'];
