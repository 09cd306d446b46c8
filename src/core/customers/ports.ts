/**
 * Storage ports of customers (issue #14): identities, profile fields, merges that can be undone,
 * match suggestions, notes and search. Re-exported from `src/core/ports.ts`; `src/store/repos/customers.ts`
 * implements them on both dialects. Other slices (profiles, privacy, timeline, segments) add their
 * own sections below their own heading.
 */
import type { Actor } from '../types.js';

/** A normalised identity (see `identity.ts`): what items and CRM rows are linked by, exactly. */
export interface CustomerIdentity {
  /** email | phone | handle | marketplace_id | external_id */
  kind: string;
  /** '' unless the kind is bound to a platform (handle, marketplace_id; 'crm' for a CRM id). */
  platform: string;
  value: string;
}

export interface CustomerIdentityRow extends CustomerIdentity {
  id: string;
  customerId: string;
  createdAt: string;
}

/** The fields a person or a CRM import may set on a customer. Dates are 'YYYY-MM-DD'. */
export interface CustomerFields {
  displayName: string | null;
  name: string | null;
  city: string | null;
  birthday: string | null;
  anniversary: string | null;
  firstPurchase: string | null;
  lifetimeValue: number | null;
  currency: string | null;
  tags: string[];
  language: string | null;
  crmId: string | null;
  referrals: number | null;
}

export interface Customer extends CustomerFields {
  id: string;
  workspaceId: string;
  /** The survivor when this customer was merged into another: requests for it point there. */
  mergedInto: string | null;
  erasedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const MERGE_REASONS = ['manual', 'suggestion', 'crm_import'] as const;
export type MergeReason = (typeof MERGE_REASONS)[number];

/** Exactly what a merge moved, and both customers' fields before it: what an undo restores. */
export interface MergeSnapshot {
  identityIds: string[];
  itemIds: string[];
  caseIds: string[];
  noteIds: string[];
  exceptionIds: string[];
  /** Rows of `customer_moments` (migration 0017), when that table exists. */
  momentIds: string[];
  /** Suggestions that named the merged customer and were closed as `merged` by this merge. */
  suggestionIds: string[];
  merged: CustomerFields & { updatedAt: string };
  survivor: CustomerFields & { updatedAt: string };
}

export interface CustomerMerge {
  id: string;
  workspaceId: string;
  survivorId: string;
  mergedId: string;
  reason: MergeReason;
  snapshot: MergeSnapshot;
  actor: Actor;
  createdAt: string;
  undoneAt: string | null;
  undoneBy: string | null;
}

export const SUGGESTION_REASONS = ['shared_item', 'name_city', 'handle_in_email'] as const;
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];
export const SUGGESTION_STATUSES = ['open', 'merged', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export interface MatchSuggestion {
  id: string;
  workspaceId: string;
  /** The ordered pair: customerA < customerB. */
  customerA: string;
  customerB: string;
  reason: SuggestionReason;
  /** What was seen, for the agent (e.g. the shared identity, "Anna Weber · Berlin", the mentioned handle). */
  evidence: string;
  score: number;
  status: SuggestionStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** A suggestion to open: the pair in any order (the repository orders it). */
export interface NewSuggestion {
  a: string;
  b: string;
  reason: SuggestionReason;
  evidence: string;
  score: number;
}

export interface CustomerNote {
  id: string;
  workspaceId: string;
  customerId: string;
  authorId: string | null;
  text: string;
  createdAt: string;
}

/** A keyset page: `next` is the cursor of the following page, null at the end. */
export interface KeysetPage<T> {
  items: T[];
  next: string | null;
}

export interface CustomerListQuery {
  workspaceId: string;
  /** Name prefix, e-mail, phone or handle (prefix of a search term). */
  q?: string | undefined;
  /** Customer ids to keep (a segment's or a lifecycle list's members), when the caller has them. */
  ids?: readonly string[] | undefined;
  /** Only members of this segment (`segment_members`, migration 0018). */
  segmentId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  /** Merged and erased customers are left out unless asked for. */
  includeMerged?: boolean | undefined;
}

/** One CRM row, normalised (see `import.ts`). `fields` holds only the columns the file had. */
export interface CrmRecord {
  line: number;
  crmId: string | null;
  fields: Partial<CustomerFields>;
  identities: CustomerIdentity[];
}

export interface CrmUpsertResult {
  line: number;
  customerId: string;
  status: 'created' | 'updated' | 'unchanged';
  /** Customers this row proved to be the same person, merged into `customerId` (reason crm_import). */
  merged: string[];
}

export interface CustomerRepo {
  /**
   * For each request, the customer with any of its identities, created (with all of them) if none
   * matches; requests of one call that share an identity get the same customer. Null for no identities.
   * A request whose identities belong to two customers links to the first and opens a `shared_item`
   * suggestion; `mentions` (handles named in an e-mail's text, normalised, any platform) that are
   * another customer's handle open a `handle_in_email` one. One look-up per batch, never per request.
   * `identityId`: the identity the request was linked by (stored on the item: an undone merge follows it).
   */
  resolveMany(
    workspaceId: string,
    requests: { identities: CustomerIdentity[]; name: string | undefined; mentions?: readonly string[] }[],
    now: string,
  ): Promise<({ customerId: string; identityId: string } | null)[]>;

  get(workspaceId: string, id: string): Promise<Customer | undefined>;
  getMany(workspaceId: string, ids: readonly string[]): Promise<Customer[]>;
  /** Keyset page of customers, newest first (ids are time-ordered), or matches of `q`. */
  list(query: CustomerListQuery): Promise<KeysetPage<Customer>>;
  /** Sets the given fields; search terms and match key follow. Undefined when not found. */
  update(
    workspaceId: string,
    id: string,
    fields: Partial<CustomerFields>,
    now: string,
  ): Promise<Customer | undefined>;

  identities(workspaceId: string, customerIds: readonly string[]): Promise<CustomerIdentityRow[]>;
  /** Adds an identity; when another customer holds it, nothing is written and its owner is returned. */
  addIdentity(
    workspaceId: string,
    customerId: string,
    identity: CustomerIdentity,
    now: string,
  ): Promise<{ identity: CustomerIdentityRow } | { conflictWith: string }>;
  removeIdentity(workspaceId: string, customerId: string, identityId: string): Promise<boolean>;

  addNote(input: {
    workspaceId: string;
    customerId: string;
    authorId: string | null;
    text: string;
    now: string;
  }): Promise<CustomerNote>;
  notes(
    workspaceId: string,
    customerId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<CustomerNote>>;
  noteCount(workspaceId: string, customerId: string): Promise<number>;

  /**
   * Moves everything of `mergedId` to `survivorId` (identities, items, cases, exceptions, notes,
   * moments; fields the survivor lacks; tags united) and marks the merged row `merged_into`. Run in a
   * transaction. The caller recomputes the survivor's profile (B's `recompute`).
   */
  merge(input: {
    workspaceId: string;
    survivorId: string;
    mergedId: string;
    reason: MergeReason;
    actor: Actor;
    now: string;
  }): Promise<CustomerMerge>;
  /**
   * Restores both customers exactly from the snapshot, and gives back to the merged customer the items
   * ingested since whose identity is one of the restored identities. Undefined when not found;
   * `already_undone` when it was. Run in a transaction.
   */
  undoMerge(
    workspaceId: string,
    mergeId: string,
    actor: Actor,
    now: string,
  ): Promise<CustomerMerge | 'already_undone' | 'superseded' | 'erased' | undefined>;
  getMerge(workspaceId: string, id: string): Promise<CustomerMerge | undefined>;
  merges(
    workspaceId: string,
    filter: { customerId?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<CustomerMerge>>;

  /** Opens suggestions (one statement); a pair already suggested (any status) is left as it is. */
  suggest(workspaceId: string, suggestions: readonly NewSuggestion[], now: string): Promise<number>;
  /** Open `name_city` suggestions for these customers against others with the same match key (one query). */
  suggestByNameCity(workspaceId: string, customerIds: readonly string[], now: string): Promise<number>;
  getSuggestion(workspaceId: string, id: string): Promise<MatchSuggestion | undefined>;
  suggestions(
    workspaceId: string,
    filter: { status?: SuggestionStatus | undefined; customerId?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<MatchSuggestion>>;
  decideSuggestion(
    workspaceId: string,
    id: string,
    status: 'merged' | 'rejected',
    decidedBy: string | null,
    now: string,
  ): Promise<MatchSuggestion | undefined>;

  /**
   * Upserts CRM rows (a batch of at most a few hundred): by crm id, then by identities; a row whose
   * identities belong to several customers merges them (reason `crm_import`). A bounded number of
   * queries per batch. Run in a transaction.
   */
  upsertCrm(
    workspaceId: string,
    records: readonly CrmRecord[],
    actor: Actor,
    now: string,
  ): Promise<CrmUpsertResult[]>;
}

// ── Profiles (issue #14, slice B): stats, lifecycle, advocacy, likes/dislikes, moments ──────────────
// Implemented by `src/store/repos/customer-profiles.ts` (tables of migration 0017).

/** What a customer's items add up to (`customer_stats`), with the lifecycle thresholds of `lifecycle.ts`. */
export interface CustomerStats {
  customerId: string;
  workspaceId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Distinct UTC days with an item (kept incrementally; exact after `recompute`). */
  visits: number;
  items: number;
  positive: number;
  negative: number;
  cadenceDays: number | null;
  newUntil: string | null;
  atRiskAfter: string | null;
  lapsedAfter: string | null;
  lastNps: number | null;
  lastNpsAt: string | null;
  lastNegativeAt: string | null;
  /** Positive items since the last negative one (the promoter rule of `advocacy.ts`). */
  praise: number;
  promoter: boolean;
  reach: number;
  publicReviews: number;
  referrals: number;
  ambassadorScore: number;
  updatedAt: string;
}

/** How a customer spoke of one touchpoint (`customer_stats.touchpoint_counts`): likes and dislikes. */
export interface CustomerTouchpointStat {
  customerId: string;
  touchpointKey: string;
  mentions: number;
  positive: number;
  negative: number;
}

export interface CustomerIntentStat {
  customerId: string;
  intent: string;
  count: number;
}

export const MOMENT_KINDS = ['recovered_complaint', 'visit_milestone', 'promoter', 'first_review'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** A notable event in a customer's history (`customer_moments`). `detail` never holds customer text. */
export interface CustomerMoment {
  id: string;
  workspaceId: string;
  customerId: string;
  kind: MomentKind;
  occurredAt: string;
  detail: Record<string, unknown>;
  dismissedAt: string | null;
  createdAt: string;
}
export type NewMoment = Pick<CustomerMoment, 'customerId' | 'kind' | 'occurredAt' | 'detail'>;

/** An item as written by ingest (structurally `IngestedItem`): what the profile counters need. */
export interface ProfileItem {
  itemId: string;
  status: 'created' | 'updated';
  customerId: string | null;
  channel: string;
  input: {
    postedAt: string;
    author?: { reach?: number | undefined } | undefined;
    score?: { kind: string; value: number } | undefined;
  };
  analysis: {
    sentiment: { label: string };
    touchpoints: readonly { key: string; sentiment: { label: string } }[];
    intents: readonly { intent: string }[];
  } | null;
}

/** What rewritten items counted before a write; opaque to callers (as `RollupSnapshot`). */
export interface ProfileSnapshot {
  readonly items: readonly unknown[];
}

/** A customer's day ('MM-DD') in the window of upcoming dates, as `customers` (0016) holds them. */
export interface CustomerDate {
  customerId: string;
  kind: 'birthday' | 'anniversary' | 'first_purchase';
  /** The stored date, 'YYYY-MM-DD' (the year may be a placeholder). */
  date: string;
  displayName: string | null;
  language: string | null;
}

/** Who a customer is, as lists of stats and moments show them (name shown, language for messages). */
export interface CustomerCard {
  customerId: string;
  name: string | null;
  language: string | null;
  mergedInto: string | null;
  erasedAt: string | null;
  birthday: string | null;
  anniversary: string | null;
  firstPurchase: string | null;
}

export interface CustomerProfileRepo {
  /** Names, languages and dates of these customers (one query per 500). */
  cards(workspaceId: string, customerIds: readonly string[]): Promise<CustomerCard[]>;
  /** The first e-mail and phone identity of each customer (campaign exports). */
  contacts(
    workspaceId: string,
    customerIds: readonly string[],
  ): Promise<Map<string, { email: string | null; phone: string | null }>>;
  /** The profile facts of items about to be rewritten (ingest reads them before its writes). */
  snapshot(workspaceId: string, itemIds: readonly string[]): Promise<ProfileSnapshot>;
  /**
   * Folds a written batch into the customers' stats, touchpoints and intents (one read and one
   * upsert per table per batch), with `before` of the rewritten items so versions never count
   * twice; opens the moments the batch reached (tenth visit, new promoter, first public review).
   */
  track(
    workspaceId: string,
    items: readonly ProfileItem[],
    before: ProfileSnapshot,
    now: string,
  ): Promise<void>;
  /**
   * What a bulk import calls instead of `track`: the created items' facts are appended to the
   * workspace's profile log, and `settle` folds them later in customer order (a stats row's page is
   * then written once per fold, not once per batch). A batch that rewrites items is tracked at once,
   * after the log is settled. Until the next `settle` the profiles do not show the logged items.
   */
  defer(
    workspaceId: string,
    items: readonly ProfileItem[],
    before: ProfileSnapshot,
    now: string,
  ): Promise<void>;
  /**
   * Folds the workspace's logged facts into the stats, counts and moments, in customer order, and
   * empties its log; returns how many items it folded. Every other write of the profiles (`apply` of
   * a rewrite, recompute, forget, referrals) settles first, so no logged item counts twice or is lost.
   */
  settle(workspaceId: string, now: string): Promise<number>;
  /**
   * How many customers the workspace has, counted up to `atMost` (one range of a covering index; a
   * count of the stats rows scanned 747 MB at 960k customers): how many rows a fold of the log needs.
   */
  countCustomers(workspaceId: string, atMost: number): Promise<number>;
  /** The workspaces whose log holds facts logged before `before` (an import that crashed). */
  unsettled(before: string): Promise<string[]>;
  /**
   * `snapshot`, `write()`, then the difference of the items as stored after it (a correction, a late
   * or new analysis): what `rollups.track` is to the rollups, in the same transaction.
   */
  trackStored<T>(workspaceId: string, itemIds: readonly string[], write: () => Promise<T>): Promise<T>;
  /**
   * Recounts these customers' stats, touchpoints and intents from their items (merge, unmerge,
   * erase, CRM referrals): a few grouped queries per 500 customers, each bounded by the customer's
   * items. A customer with no item left loses its stats row. Moments are kept.
   */
  recompute(workspaceId: string, customerIds: readonly string[], now: string): Promise<void>;
  /**
   * The CRM's referral counts of customers (a CRM import, a PATCH): the stats row and its ambassador
   * score follow, without reading any item. Customers without items have no stats row and are skipped.
   */
  setReferrals(
    workspaceId: string,
    rows: readonly { customerId: string; referrals: number | null }[],
    now: string,
  ): Promise<void>;
  /**
   * Deletes these customers' stats, touchpoints, intents and moments, and takes them out of the stage
   * counts (erasure). Use this, never a plain DELETE of `customer_stats`: the per-day stage counts
   * (`customer_stage_days`) follow only through this repository.
   */
  forget(workspaceId: string, customerIds: readonly string[]): Promise<void>;
  stats(workspaceId: string, customerIds: readonly string[]): Promise<CustomerStats[]>;
  touchpoints(workspaceId: string, customerId: string): Promise<CustomerTouchpointStat[]>;
  intents(workspaceId: string, customerId: string): Promise<CustomerIntentStat[]>;
  /** Keyset page of a lifecycle stage at `now`, by its indexed threshold (see `lifecycle.ts`). */
  lifecycle(query: {
    workspaceId: string;
    stage: 'new' | 'active' | 'at_risk' | 'lapsed';
    now: string;
    cursor?: string | undefined;
    limit: number;
  }): Promise<KeysetPage<CustomerStats>>;
  /**
   * Customers per stage at `now`: from the maintained per-day counts of each threshold
   * (`customer_stage_days`) plus today's short index range, never a count over all customers.
   */
  stageCounts(
    workspaceId: string,
    now: string,
  ): Promise<Record<'new' | 'active' | 'at_risk' | 'lapsed' | 'one_off', number>>;
  /** Promoters ranked by ambassador score (highest first), keyset-paged. */
  ambassadors(
    workspaceId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<CustomerStats>>;
  addMoments(workspaceId: string, moments: readonly NewMoment[], now: string): Promise<void>;
  /** Moments since `since` (ISO), newest first; of one customer when given; dismissed ones left out. */
  moments(query: {
    workspaceId: string;
    since: string;
    customerId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<KeysetPage<CustomerMoment>>;
  dismissMoment(workspaceId: string, id: string, now: string): Promise<boolean>;
  /**
   * Customers whose birthday, anniversary or first purchase falls on a day in [fromMd, toMd]
   * ('MM-DD', inclusive; toMd < fromMd wraps the year end), merged and erased ones left out.
   * One index range per kind (two when wrapping), at most `limit` each.
   */
  upcomingDates(workspaceId: string, fromMd: string, toMd: string, limit: number): Promise<CustomerDate[]>;
}

// ── Privacy (issue #14, slice C): export and erasure of one person ───────────────────────────────
// Implemented by `src/store/repos/customer-privacy.ts`; the commands are in `privacy.ts`.

/** A JSON object as exported: rows with camelCase keys, JSON columns parsed. */
export type ExportRow = Record<string, unknown>;

/** Everything stored about one person, with nothing of anyone else. */
export interface CustomerExport {
  format: 'touchpoint.customer-export@1';
  exportedAt: string;
  workspaceId: string;
  /** The customer asked for (the survivor when the id asked for was merged into another). */
  customer: ExportRow;
  /** Customers merged into it: the same person, reached by other identities before the merge. */
  mergedCustomers: ExportRow[];
  identities: ExportRow[];
  /** Each item with `versions`, `analyses`, `touchpoints`, `intents` and `corrections`. */
  items: ExportRow[];
  /**
   * Cases that hold one of their items or are theirs, each with `itemIds` (theirs only), `events` and
   * `replies`. In a case that also holds someone else's items, events and replies about those are left out.
   */
  cases: ExportRow[];
  notes: ExportRow[];
  exceptions: ExportRow[];
  merges: ExportRow[];
  suggestions: ExportRow[];
  /** Profile aggregates (customer_stats with its counts per touchpoint and intent, one row per customer id of the person) and moments. */
  stats: ExportRow[];
  touchpoints: ExportRow[];
  intents: ExportRow[];
  moments: ExportRow[];
  /** Saved segments they are a member of (id and name). */
  segments: ExportRow[];
  /** Survey invitations sent to them and their answers (issue #15; scores and texts are in `items`). */
  surveys?: { invitations: ExportRow[]; responses: ExportRow[] };
  /** Their consent per channel and every ask sent to them, with its outcome (issue #15). */
  outreach?: { consents: ExportRow[]; sends: ExportRow[] };
  /** Review requests made to them and the events their systems reported (issue #15). */
  reviews?: { requests: ExportRow[]; events: ExportRow[] };
}

/** Rows changed by one erasure, per kind (counts only: the audit entry holds no personal data). */
export interface ErasureReport {
  customerIds: string[];
  items: number;
  versions: number;
  analyses: number;
  searchRows: number;
  identities: number;
  cases: number;
  caseEvents: number;
  replies: number;
  exceptions: number;
  notes: number;
  moments: number;
  suggestions: number;
  merges: number;
  auditEntries: number;
  imports: number;
  /** True when the customer had been erased before (erasing again is harmless: it finds what is left). */
  alreadyErased: boolean;
}

/** Storage port of privacy: both run on one connection or inside one transaction. */
export interface CustomerPrivacyRepo {
  /** Everything about the person (see `CustomerExport`); undefined when the id is not in the workspace. */
  exportOf(workspaceId: string, customerId: string, now: string): Promise<CustomerExport | undefined>;
  /**
   * Erases the person: bounded by their own rows (their items, cases, …), except the audit log and the
   * import reports of the workspace, which are searched for their names and identities. Run it in a
   * transaction. Undefined when the id is not in the workspace.
   */
  erase(workspaceId: string, customerId: string, now: string): Promise<ErasureReport | undefined>;
}
