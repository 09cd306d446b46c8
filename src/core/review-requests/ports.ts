/**
 * Storage ports of review requests (issue #15, slice D). `src/store/repos/review-requests.ts`
 * implements them on both dialects; every method takes the workspace id and filters by it.
 */
import type { KeysetPage } from '../customers/ports.js';
import type { LinkPlatform, RequestKind } from './platforms.js';

export const REQUEST_STATUSES = [
  'pending',
  'sent',
  'clicked',
  'converted',
  'suppressed',
  'failed',
  'refused',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface PlatformLink {
  platform: LinkPlatform;
  /** null: the link of every brand. */
  brandId: string | null;
  url: string;
  enabled: boolean;
  updatedAt: string;
}

export interface ReviewRequest {
  id: string;
  workspaceId: string;
  customerId: string | null;
  platform: LinkPlatform;
  kind: RequestKind;
  touchpointKey: string | null;
  status: RequestStatus;
  reason: string | null;
  sentAt: string | null;
  clickedAt: string | null;
  convertedAt: string | null;
  convertedItemId: string | null;
  /** An item whose author's name equals the customer's: a suggestion an agent confirms. */
  suggestedItemId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type NewReviewRequest = Pick<
  ReviewRequest,
  | 'id'
  | 'customerId'
  | 'platform'
  | 'kind'
  | 'touchpointKey'
  | 'status'
  | 'reason'
  | 'createdBy'
  | 'createdAt'
> & {
  /** The customer's whole name, normalised (`normaliseName`): a review by that name only is a suggestion. */
  nameKey?: string | null;
};

export interface RequestFilter {
  platform?: string | undefined;
  status?: RequestStatus | undefined;
  customerId?: string | undefined;
}

/** A request an ingested item may convert: sent or clicked, on one of the batch's platforms. */
export interface AttributionCandidate {
  id: string;
  customerId: string;
  platform: string;
  sentAt: string | null;
  createdAt: string;
  /** How it was found: by the item's customer, or by a customer whose whole name is `name`. */
  match: 'customer' | 'name';
  name: string | null;
}

/** Counts of one (platform, touchpoint) group for the conversion summary. */
export interface ConversionRow {
  platform: string;
  touchpointKey: string | null;
  status: RequestStatus;
  n: number;
  /** Of those, how many were clicked (a converted request may have been clicked or not). */
  clicked: number;
}

export interface ReviewRequestRepo {
  links(workspaceId: string): Promise<PlatformLink[]>;
  /** The link for a platform: the brand's own when given and saved, else the every-brand one. */
  link(workspaceId: string, platform: string, brandId: string | null): Promise<PlatformLink | undefined>;
  saveLink(workspaceId: string, link: Omit<PlatformLink, 'updatedAt'>, now: string): Promise<PlatformLink>;
  removeLink(workspaceId: string, platform: string, brandId: string | null): Promise<boolean>;

  insertMany(workspaceId: string, rows: readonly NewReviewRequest[]): Promise<void>;
  /** Of these customers, those with a pending, sent or clicked request for the platform created since `since`. */
  openFor(
    workspaceId: string,
    platform: string,
    customerIds: readonly string[],
    since: string,
  ): Promise<Set<string>>;
  get(workspaceId: string, id: string): Promise<ReviewRequest | undefined>;
  /** A request by id alone, for a tracked link (its token names the id; the workspace key is checked after). */
  byId(id: string): Promise<ReviewRequest | undefined>;
  getMany(workspaceId: string, ids: readonly string[]): Promise<ReviewRequest[]>;
  /** Newest first; the cursor is opaque. */
  list(
    workspaceId: string,
    filter: RequestFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<ReviewRequest>>;
  /**
   * What the sending side reports (slice C): `sent` (with the time), `suppressed` or `failed` with a
   * reason. Only requests still pending change (a clicked or converted one stays).
   */
  mark(
    workspaceId: string,
    ids: readonly string[],
    patch: { status: 'sent' | 'suppressed' | 'failed'; reason?: string | null; at: string },
  ): Promise<number>;
  /** Records the first click of a pending or sent request; true when this call recorded it. */
  click(workspaceId: string, id: string, at: string): Promise<boolean>;
  /**
   * Two index reads (per 500 names / customers): sent or clicked requests since `since` on these
   * platforms, of these customers, or of customers whose whole name (normalised,
   * `customer_search_terms`) is one of `names`.
   */
  candidates(
    workspaceId: string,
    q: {
      platforms: readonly string[];
      customerIds: readonly string[];
      names: readonly string[];
      since: string;
    },
  ): Promise<AttributionCandidate[]>;
  /** Marks requests converted by items (one statement). */
  convert(
    workspaceId: string,
    conversions: readonly { id: string; itemId: string }[],
    at: string,
  ): Promise<void>;
  /** Whether this item (a review) already converted a request: one review counts once. */
  convertedBy(workspaceId: string, itemId: string): Promise<boolean>;
  /** Sets the suggested item of requests not converted (one statement). */
  suggest(workspaceId: string, suggestions: readonly { id: string; itemId: string }[]): Promise<void>;
  /** Counts by platform, touchpoint and status of requests created in the range. */
  conversionRows(
    workspaceId: string,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<ConversionRow[]>;
}
