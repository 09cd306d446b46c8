/** Row types of every table, as Kysely sees them. Keep in step with migrations/. */
import type { Generated } from 'kysely';

type Timestamp = string; // ISO-8601 UTC on both dialects (see database.ts)

export interface WorkspacesTable {
  id: string;
  name: string;
  slug: string;
  is_demo: number;
  created_at: Timestamp;
}
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Timestamp;
  last_login_at: Timestamp | null;
}
export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}
export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface BrandsTable {
  id: string;
  workspace_id: string;
  name: string;
  slug: string;
  kind: string;
  created_at: Timestamp;
}
export interface JourneyStagesTable {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  position: number;
}
export interface TouchpointsTable {
  id: string;
  workspace_id: string;
  stage_id: string;
  key: string;
  name: string;
  examples: string;
  position: number;
}
export interface CustomersTable {
  id: string;
  workspace_id: string;
  display_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Migration 0016 (issue #14): profile fields; dates 'YYYY-MM-DD', *_md their 'MM-DD'. */
  name: string | null;
  city: string | null;
  /** normalised "name|city" when both are known: the `name_city` suggestion key. */
  match_key: string | null;
  birthday: string | null;
  birthday_md: string | null;
  anniversary: string | null;
  anniversary_md: string | null;
  first_purchase: string | null;
  first_purchase_md: string | null;
  lifetime_value: number | null;
  currency: string | null;
  /** JSON: string[]. */
  tags: Generated<string>;
  language: string | null;
  crm_id: string | null;
  referrals: number | null;
  merged_into: string | null;
  erased_at: Timestamp | null;
}
export interface CustomerMergesTable {
  id: string;
  workspace_id: string;
  survivor_id: string;
  merged_id: string;
  reason: string;
  /** JSON: MergeSnapshot (src/core/customers/ports.ts). */
  snapshot: string;
  actor_type: string;
  actor_id: string | null;
  created_at: Timestamp;
  undone_at: Timestamp | null;
  undone_by: string | null;
}
export interface CustomerMatchSuggestionsTable {
  id: string;
  workspace_id: string;
  /** The ordered pair: customer_a < customer_b. */
  customer_a: string;
  customer_b: string;
  reason: string;
  evidence: string;
  score: number;
  status: string;
  created_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}
export interface CustomerNotesTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  author_id: string | null;
  text: string;
  created_at: Timestamp;
}
export interface CustomerSearchTermsTable {
  workspace_id: string;
  customer_id: string;
  term: string;
}
/** Migration 0017 (issue #14): profile aggregates kept by ingest (src/store/repos/customer-profiles.ts). */
export interface CustomerStatsTable {
  customer_id: string;
  workspace_id: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  visits: number;
  items: number;
  positive: number;
  negative: number;
  cadence_days: number | null;
  new_until: Timestamp | null;
  at_risk_after: Timestamp | null;
  lapsed_after: Timestamp | null;
  last_nps: number | null;
  last_nps_at: Timestamp | null;
  last_negative_at: Timestamp | null;
  praise: number;
  promoter: number;
  reach: number;
  public_reviews: number;
  referrals: number;
  ambassador_score: number;
  updated_at: Timestamp;
  /** Migrations 0033 and 0035: JSON `{"<key>": [mentions, positive, negative]}` (`KeyCounts` in customer-profiles.ts). */
  touchpoint_counts: Generated<string>;
  /** Migrations 0033 and 0035: JSON `{"<intent>": [count]}`. */
  intent_counts: Generated<string>;
}
export interface CustomerStageDaysTable {
  workspace_id: string;
  /** new1 | new2 (new window ends, 1 or 2 visits) | at_risk | lapsed */
  threshold: string;
  day: string;
  n: number;
}
/** Migration 0034: profile facts a bulk import wrote, until `CustomerProfileRepo.settle` folds them. */
export interface CustomerProfileLogTable {
  seq: Generated<number>;
  workspace_id: string;
  customer_id: string;
  /** JSON `ProfileFacts` (ids, dates, labels and keys; never customer text). */
  facts: string;
  logged_at: Timestamp;
}
export interface CustomerMomentsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  kind: string;
  occurred_at: Timestamp;
  /** JSON object; never customer text. */
  detail: string;
  dismissed_at: Timestamp | null;
  created_at: Timestamp;
}
export interface CustomerIdentitiesTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  kind: string;
  platform: string;
  value: string;
  created_at: Timestamp;
}
export interface FeedbackItemsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  customer_id: string | null;
  platform: string;
  channel: string;
  external_id: string;
  version: number;
  author_handle: string | null;
  author_name: string | null;
  author_reach: number | null;
  rating: number | null;
  score_kind: string | null;
  score_value: number | null;
  title: string | null;
  text: string;
  url: string | null;
  posted_at: Timestamp;
  received_at: Timestamp;
  updated_at: Timestamp;
  analysis_status: string;
  language: string | null;
  sentiment_label: string | null;
  sentiment_score: number | null;
  urgency: number | null;
  search_rowid: number | null;
  /** Migration 0016: the customer identity the item was linked by. */
  customer_identity_id: Generated<string | null>;
  /** Migration 0021: the touchpoint the item's source declared (issue #15). */
  declared_touchpoint: Generated<string | null>;
}
export interface FeedbackVersionsTable {
  id: string;
  workspace_id: string;
  item_id: string;
  version: number;
  title: string | null;
  text: string;
  rating: number | null;
  score_kind: string | null;
  score_value: number | null;
  author_reach: number | null;
  content_hash: string;
  received_at: Timestamp;
}
export interface AnalysisResultsTable {
  id: string;
  workspace_id: string;
  item_id: string;
  version: number;
  model: string;
  result: string;
  created_at: Timestamp;
}
export interface ItemTouchpointsTable {
  workspace_id: string;
  item_id: string;
  touchpoint_key: string;
  sentiment_label: string;
  sentiment_score: number;
}
export interface ItemIntentsTable {
  workspace_id: string;
  item_id: string;
  intent: string;
  confidence: number;
}
export interface FeedbackSearchTable {
  item_id: string;
  workspace_id: string;
  body: string;
}
export interface ImportsTable {
  id: string;
  workspace_id: string;
  filename: string;
  format: string | null;
  status: string;
  options: string;
  bytes_total: number | null;
  bytes_read: Generated<number>;
  rows: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejections: Generated<string>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
  /** Written by the running import every few seconds; a stale one marks a dead run (0010). */
  heartbeat_at: Timestamp | null;
  /** JSON: string[] (0010). */
  warnings: Generated<string>;
  /** 'feedback' | 'customers' (0016). */
  kind: Generated<string>;
}
export interface AuditLogTable {
  id: string;
  workspace_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Generated<string>;
  created_at: Timestamp;
}
export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  state: string;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  singleton_key: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ModelsTable {
  id: string;
  workspace_id: string;
  task: string;
  version: number;
  examples: number;
  metrics: string;
  data: string;
  created_at: Timestamp;
}

/** Counters of a rollup row (migration 0011): counts are integers, sums floats. */
export interface RollupCounters {
  n: number;
  positive: number;
  negative: number;
  neutral: number;
  rating_n: number;
  rating_sum: number;
  rating_sumsq: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  nps_n: number;
  promoters: number;
  passives: number;
  detractors: number;
  csat_n: number;
  csat_sat: number;
  ces_n: number;
  ces_sum: number;
  ces_sumsq: number;
}
export interface RollupItemsTable extends RollupCounters {
  workspace_id: string;
  /** 'd' (bucket 'YYYY-MM-DD', UTC day of posted_at) or 'm' ('YYYY-MM'). */
  grain: string;
  bucket: string;
  brand_id: string;
  platform: string;
  channel: string;
  /** '' when the language is unknown. */
  language: string;
}
/** Migration 0015: the same counters per brand only (no platform, channel or language). */
export type RollupBrandItemsTable = Omit<RollupItemsTable, 'platform' | 'channel' | 'language'>;
export type RollupBrandTouchpointsTable = Omit<RollupTouchpointsTable, 'platform' | 'channel' | 'language'>;
export type RollupPlatformItemsTable = Omit<RollupItemsTable, 'channel' | 'language'>;
export type RollupPlatformTouchpointsTable = Omit<RollupTouchpointsTable, 'channel' | 'language'>;
export interface RollupTouchpointsTable extends RollupItemsTable {
  touchpoint_key: string;
  /** The touchpoint's own sentiment in the items mentioning it (the item's is in positive/negative/neutral). */
  tp_positive: number;
  tp_negative: number;
  tp_neutral: number;
}

/** One rated item (stars) or NPS answer with its touchpoints' sentiment: the drivers' sample (migration 0030). */
export interface DriverSamplesTable {
  workspace_id: string;
  target: 'stars' | 'nps';
  posted_at: string;
  item_id: string;
  brand_id: string;
  /** The star rating or the NPS answer. */
  value: number;
  /** JSON `[[touchpoint_key, sentiment_label, sentiment_score], …]`, by key. */
  touchpoints: string;
}

export interface DB {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  brands: BrandsTable;
  journey_stages: JourneyStagesTable;
  touchpoints: TouchpointsTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  customer_merges: CustomerMergesTable;
  customer_match_suggestions: CustomerMatchSuggestionsTable;
  customer_notes: CustomerNotesTable;
  customer_search_terms: CustomerSearchTermsTable;
  customer_stats: CustomerStatsTable;
  customer_moments: CustomerMomentsTable;
  customer_stage_days: CustomerStageDaysTable;
  customer_profile_log: CustomerProfileLogTable;
  feedback_items: FeedbackItemsTable;
  feedback_versions: FeedbackVersionsTable;
  analysis_results: AnalysisResultsTable;
  item_touchpoints: ItemTouchpointsTable;
  item_intents: ItemIntentsTable;
  feedback_search: FeedbackSearchTable;
  imports: ImportsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  models: ModelsTable;
  rollup_items: RollupItemsTable;
  rollup_touchpoints: RollupTouchpointsTable;
  rollup_brand_items: RollupBrandItemsTable;
  rollup_brand_touchpoints: RollupBrandTouchpointsTable;
  rollup_platform_items: RollupPlatformItemsTable;
  rollup_platform_touchpoints: RollupPlatformTouchpointsTable;
  driver_samples: DriverSamplesTable;
}
