/**
 * Review requests and referral invitations (issue #15, slice D): asking customers to post a public
 * review with the business's link for a platform, the tracked link's click, attribution of the
 * reviews that arrive, and the conversion rate per platform and touchpoint.
 *
 * A request never reads the customer's score: who is asked is chosen by the caller (customers or a
 * segment), and everyone asked gets the same words (`mail.ts`, laid out by `composer.ts`). Outreach
 * (slice C) decides each ask against the contact rules (caps, open cases, consent, quiet hours),
 * mails it and writes the outcome (sent, or suppressed / failed with the reason) on the request.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { signToken, tokenId, verifyToken } from '../signed-token.js';
import type { Clock } from '../cases/clock.js';
import { normaliseName } from '../customers/identity.js';
import { AppError } from '../errors.js';
import type { IngestedBatch } from '../feedback/ingest.js';
import { proportionEstimate, type Estimate } from '../metrics/stats.js';
import type { Repos, Store } from '../ports.js';
import type { Actor } from '../types.js';
import {
  checkPlatformUrl,
  decideRequest,
  isLinkPlatform,
  PLATFORM_RULES,
  REVIEW_PLATFORMS,
  REQUEST_KINDS,
  type LinkPlatform,
  type RequestKind,
} from './platforms.js';
import type { NewReviewRequest, PlatformLink, ReviewRequest } from './ports.js';

const DAY_MS = 86_400_000;
/** A review counts for a request sent at most this long before it. */
export const ATTRIBUTION_DAYS = 30;
/** A customer with an open request for a platform (pending, sent, clicked) this recent is not asked again. */
export const REPEAT_DAYS = 30;
/** Customers read and requested per page (a segment of 500,000 is 500 pages, never one list in memory). */
const PAGE = 1_000;

/** One ask handed to outreach (slice C's `scheduleAsks`). */
export interface Ask {
  kind: 'review_request' | 'referral';
  refId: string;
  customerId: string;
  notBefore: string;
}

export interface ReviewRequestDeps {
  store: Store;
  clock: Clock;
  /**
   * Hands the asks to outreach, which applies the contact rules, logs and sends them (and reports
   * through `markReviewRequests`). Without it the requests stay `pending`.
   */
  scheduleAsks?: ((workspaceId: string, asks: Ask[]) => Promise<void>) | undefined;
}

export interface RequestReviewsInput {
  platform: string;
  kind?: RequestKind | undefined;
  customerIds?: readonly string[] | undefined;
  segmentId?: string | undefined;
  touchpointKey?: string | null | undefined;
}

export interface RequestReviewsResult {
  platform: LinkPlatform;
  kind: RequestKind;
  /** True when a large segment was handed to the `review-requests.segment` job: the counts come later. */
  queued?: boolean;
  /** Requests created (and handed to outreach). */
  requested: number;
  /** Customers with an open request for this platform from the last 30 days: not asked twice. */
  alreadyAsked: number;
  /** Ids that are no customer of the workspace (or merged, or erased). */
  unknown: number;
}

/**
 * What every request checks before anyone is asked: the platform allows it (a refusal is audited),
 * its link is saved and enabled, either customers or an existing segment are given.
 */
async function checkRequest(
  store: Store,
  workspaceId: string,
  actor: Actor,
  input: RequestReviewsInput,
): Promise<{ platform: LinkPlatform; kind: RequestKind }> {
  const kind: RequestKind = input.kind ?? (input.platform === 'referral' ? 'referral' : 'review');
  const decision = decideRequest(input.platform, kind);
  if (!decision.ok) {
    if (decision.reason === 'platform_forbids') {
      await store.audit.record({
        workspaceId,
        actor,
        action: 'review_requests.refused',
        data: { platform: input.platform, reason: decision.reason },
      });
      throw new AppError('platform_forbids', decision.explanation, [
        { path: 'platform', message: decision.explanation },
      ]);
    }
    throw new AppError('validation_failed', decision.explanation, [
      { path: decision.reason === 'wrong_kind' ? 'kind' : 'platform', message: decision.explanation },
    ]);
  }
  const platform = decision.platform;
  const link = await store.reviewRequests.link(workspaceId, platform, null);
  if (!link?.enabled)
    throw new AppError(
      'platform_not_configured',
      `Save the link of your ${PLATFORM_RULES[platform].label} page first (PUT /review-requests/platforms/${platform}).`,
    );
  if ((input.customerIds === undefined) === (input.segmentId === undefined))
    throw new AppError('validation_failed', 'Give either customerIds or segmentId.', [
      { path: 'customerIds', message: 'give either customerIds or segmentId' },
    ]);
  if (input.segmentId !== undefined && !(await store.segments.get(workspaceId, input.segmentId)))
    throw new AppError('not_found', 'No such segment.');
  return { platform, kind };
}

/**
 * Creates one request per customer (given, or the members of a segment) and hands them to outreach.
 * A platform that forbids asking (Yelp) is refused at once with `platform_forbids` and the reason,
 * and nothing is written but an audit entry: a row per customer would say a request was made when
 * none could be, and the send log is for asks that were considered.
 */
export async function requestReviews(
  deps: ReviewRequestDeps,
  workspaceId: string,
  actor: Actor,
  input: RequestReviewsInput,
): Promise<RequestReviewsResult> {
  const { store } = deps;
  const { platform, kind } = await checkRequest(store, workspaceId, actor, input);
  const result: RequestReviewsResult = { platform, kind, requested: 0, alreadyAsked: 0, unknown: 0 };
  const now = deps.clock.now();
  const since = new Date(now.getTime() - REPEAT_DAYS * DAY_MS).toISOString();
  const at = now.toISOString();

  const requestPage = async (ids: readonly string[]) => {
    const unique = [...new Set(ids)];
    const customers = (await store.customers.getMany(workspaceId, unique)).filter(
      (c) => c.mergedInto === null && c.erasedAt === null,
    );
    result.unknown += unique.length - customers.length;
    const open = await store.reviewRequests.openFor(
      workspaceId,
      platform,
      customers.map((c) => c.id),
      since,
    );
    result.alreadyAsked += open.size;
    const rows: NewReviewRequest[] = customers
      .filter((c) => !open.has(c.id))
      .map((c) => ({
        id: randomUUID(),
        customerId: c.id,
        platform,
        kind,
        touchpointKey: input.touchpointKey ?? null,
        status: 'pending',
        reason: null,
        createdBy: actor.id,
        createdAt: at,
        nameKey: normaliseName(c.name ?? c.displayName) || null,
      }));
    if (rows.length === 0) return;
    // One transaction a page: on SQLite each statement outside one is a commit of its own.
    await store.transaction((tx) => tx.reviewRequests.insertMany(workspaceId, rows));
    result.requested += rows.length;
    await deps.scheduleAsks?.(
      workspaceId,
      rows.map((r) => ({
        kind: kind === 'referral' ? 'referral' : 'review_request',
        refId: r.id,
        customerId: r.customerId ?? '',
        notBefore: at,
      })),
    );
  };

  if (input.customerIds !== undefined) {
    for (let i = 0; i < input.customerIds.length; i += PAGE)
      await requestPage(input.customerIds.slice(i, i + PAGE));
  } else if (input.segmentId !== undefined) {
    let after: string | undefined;
    for (;;) {
      const ids = await store.segments.members(workspaceId, input.segmentId, after, PAGE);
      if (ids.length === 0) break;
      await requestPage(ids);
      after = ids[ids.length - 1];
      if (ids.length < PAGE) break;
    }
  }
  await store.audit.record({
    workspaceId,
    actor,
    action: 'review_requests.created',
    data: { platform, kind, requested: result.requested, alreadyAsked: result.alreadyAsked },
  });
  return result;
}

/** Segments larger than this are requested by a job (`review-requests.segment`), not in the request. */
export const SEGMENT_SYNC_LIMIT = 5_000;

/** The payload of the `review-requests.segment` job. */
export const ReviewSegmentJobSchema = z.object({
  workspaceId: z.string(),
  platform: z.string(),
  kind: z.enum(REQUEST_KINDS),
  segmentId: z.string(),
  touchpointKey: z.string().nullable(),
  actor: z.union([
    z.object({ type: z.literal('user'), id: z.string() }),
    z.object({ type: z.literal('api_key'), id: z.string() }),
    z.object({ type: z.literal('system'), id: z.null() }),
  ]),
});
export type ReviewSegmentJob = z.infer<typeof ReviewSegmentJobSchema>;

/**
 * `requestReviews`, except that a segment of more than `SEGMENT_SYNC_LIMIT` members is checked
 * (platform allowed, link saved, segment exists) and handed to `enqueue` for the worker: 500,000
 * customers take minutes, longer than an HTTP request may.
 */
export async function requestReviewsOrQueue(
  deps: ReviewRequestDeps & {
    enqueue: (job: ReviewSegmentJob) => Promise<void>;
    /** Default `SEGMENT_SYNC_LIMIT` (tests lower it). */
    syncLimit?: number;
  },
  workspaceId: string,
  actor: Actor,
  input: RequestReviewsInput,
): Promise<RequestReviewsResult> {
  if (input.segmentId === undefined || input.customerIds !== undefined)
    return requestReviews(deps, workspaceId, actor, input);
  const segment = await deps.store.segments.get(workspaceId, input.segmentId);
  if (!segment || segment.size <= (deps.syncLimit ?? SEGMENT_SYNC_LIMIT))
    return requestReviews(deps, workspaceId, actor, input);
  // Refusals (Yelp, no link) answer now, not in a job's log.
  const { platform, kind } = await checkRequest(deps.store, workspaceId, actor, input);
  await deps.enqueue({
    workspaceId,
    platform: input.platform,
    kind,
    segmentId: input.segmentId,
    touchpointKey: input.touchpointKey ?? null,
    actor,
  });
  return {
    platform,
    kind,
    queued: true,
    requested: 0,
    alreadyAsked: 0,
    unknown: 0,
  };
}

/** The tracked link of a request: `{publicUrl}/r/{token}` (purpose 'review'). */
export function reviewRequestLink(key: Buffer, publicUrl: string, requestId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/r/${signToken(key, 'review', requestId)}`;
}

/**
 * Follows a tracked link: the request's first click is recorded, and the answer is the platform URL
 * saved by the business (never a URL from the request: no open redirect). Undefined for a forged or
 * unknown token, or when the platform's link was removed or disabled since.
 */
export async function followReviewLink(
  deps: { store: Store; clock: Clock; keyFor: (workspaceId: string) => Promise<Buffer> },
  token: string,
): Promise<{ url: string; request: ReviewRequest } | undefined> {
  const id = tokenId(token);
  if (id === undefined) return undefined;
  const request = await deps.store.reviewRequests.byId(id);
  if (!request) return undefined;
  const key = await deps.keyFor(request.workspaceId);
  if (verifyToken(key, 'review', token) !== request.id) return undefined;
  const link = await deps.store.reviewRequests.link(request.workspaceId, request.platform, null);
  if (!link?.enabled) return undefined;
  const checked = checkPlatformUrl(link.url);
  if (!checked.ok) return undefined;
  await deps.store.reviewRequests.click(request.workspaceId, request.id, deps.clock.now().toISOString());
  return { url: checked.url, request };
}

/**
 * Attribution at ingest (called in each batch's transaction, beside the playbook): a new review on a
 * platform by a customer with a request for it sent in the last 30 days converts the request; a
 * review by someone else whose name is the requested customer's whole name is only a suggestion
 * (`suggestedItemId`), which a person confirms. Two indexed reads per batch (the requests of the
 * batch's customers, and those of its reviewers' names), and none for a batch without reviews.
 */
export async function attributeReviews(tx: Repos, batch: IngestedBatch, now: Date): Promise<void> {
  const reviews = batch.items
    .filter(
      (i) => i.status === 'created' && (REVIEW_PLATFORMS as readonly string[]).includes(i.input.platform),
    )
    .map((i) => ({
      itemId: i.itemId,
      platform: i.input.platform,
      customerId: i.customerId,
      name: normaliseName(i.input.author?.name ?? i.input.customer?.name),
      postedAt: Date.parse(i.input.postedAt),
    }));
  if (reviews.length === 0) return;
  const earliest = Math.min(now.getTime(), ...reviews.map((r) => r.postedAt));
  const candidates = await tx.reviewRequests.candidates(batch.workspaceId, {
    platforms: [...new Set(reviews.map((r) => r.platform))],
    customerIds: [...new Set(reviews.flatMap((r) => (r.customerId ? [r.customerId] : [])))],
    names: [...new Set(reviews.flatMap((r) => (r.name ? [r.name] : [])))],
    since: new Date(earliest - ATTRIBUTION_DAYS * DAY_MS).toISOString(),
  });
  if (candidates.length === 0) return;
  // A request counts for a review posted after it was made (a day's slack: some platforms give dates
  // only) and within the window.
  const inWindow = (c: { sentAt: string | null; createdAt: string }, postedAt: number) => {
    const asked = Date.parse(c.sentAt ?? c.createdAt);
    return postedAt >= asked - DAY_MS && postedAt - asked <= ATTRIBUTION_DAYS * DAY_MS;
  };
  const used = new Set<string>();
  const conversions: { id: string; itemId: string }[] = [];
  const suggestions: { id: string; itemId: string }[] = [];
  for (const r of reviews) {
    const own = candidates.find(
      (c) =>
        c.match === 'customer' &&
        c.customerId === r.customerId &&
        c.platform === r.platform &&
        !used.has(c.id) &&
        inWindow(c, r.postedAt),
    );
    if (own) {
      used.add(own.id);
      conversions.push({ id: own.id, itemId: r.itemId });
      continue;
    }
    if (!r.name) continue;
    for (const c of candidates) {
      if (
        c.match === 'name' &&
        c.name === r.name &&
        c.platform === r.platform &&
        c.customerId !== r.customerId &&
        !used.has(c.id) &&
        inWindow(c, r.postedAt)
      ) {
        used.add(c.id);
        suggestions.push({ id: c.id, itemId: r.itemId });
        // One suggestion per review: a review by "John Smith" is not every John Smith's.
        break;
      }
    }
  }
  const at = now.toISOString();
  if (conversions.length > 0) await tx.reviewRequests.convert(batch.workspaceId, conversions, at);
  if (suggestions.length > 0) await tx.reviewRequests.suggest(batch.workspaceId, suggestions);
}

/** Confirms a name-match suggestion: the request is converted by the suggested item. */
export async function confirmSuggestion(
  deps: { store: Store; clock: Clock },
  workspaceId: string,
  actor: Actor,
  requestId: string,
): Promise<ReviewRequest> {
  const request = await deps.store.reviewRequests.get(workspaceId, requestId);
  if (!request) throw new AppError('review_request_not_found', 'No such review request.');
  if (request.suggestedItemId === null || !['sent', 'clicked'].includes(request.status))
    throw new AppError('conflict', 'This request has no suggested review to confirm.');
  if (await deps.store.reviewRequests.convertedBy(workspaceId, request.suggestedItemId))
    throw new AppError('conflict', 'That review already converted another request: one review counts once.');
  await deps.store.reviewRequests.convert(
    workspaceId,
    [{ id: request.id, itemId: request.suggestedItemId }],
    deps.clock.now().toISOString(),
  );
  await deps.store.audit.record({
    workspaceId,
    actor,
    action: 'review_requests.confirmed',
    targetType: 'review_request',
    targetId: request.id,
    data: { itemId: request.suggestedItemId },
  });
  const updated = await deps.store.reviewRequests.get(workspaceId, requestId);
  if (!updated) throw new AppError('review_request_not_found', 'No such review request.');
  return updated;
}

/** Saves the business's link for a platform (http(s) only; Yelp may be saved but is never asked). */
export async function savePlatformLink(
  deps: { store: Store; clock: Clock },
  workspaceId: string,
  actor: Actor,
  input: { platform: string; url: string; enabled?: boolean | undefined },
): Promise<PlatformLink> {
  if (!isLinkPlatform(input.platform))
    throw new AppError('validation_failed', `Unknown platform "${input.platform}".`, [
      { path: 'platform', message: 'unknown platform' },
    ]);
  const checked = checkPlatformUrl(input.url);
  if (!checked.ok)
    throw new AppError('validation_failed', `url: ${checked.message}`, [
      { path: 'url', message: checked.message },
    ]);
  const link = await deps.store.reviewRequests.saveLink(
    workspaceId,
    { platform: input.platform, brandId: null, url: checked.url, enabled: input.enabled ?? true },
    deps.clock.now().toISOString(),
  );
  await deps.store.audit.record({
    workspaceId,
    actor,
    action: 'review_platforms.saved',
    data: { platform: input.platform },
  });
  return link;
}

export interface ConversionGroup {
  requested: number;
  pending: number;
  /** Reached the customer: sent, clicked or converted. */
  delivered: number;
  clicked: number;
  converted: number;
  suppressed: number;
  failed: number;
  /** converted / delivered, with its Wilson interval. */
  conversion: Estimate;
  /** clicked / delivered, with its Wilson interval. */
  clickRate: Estimate;
}

export interface ConversionSummary {
  total: ConversionGroup;
  platforms: (ConversionGroup & { platform: string; label: string })[];
  touchpoints: (ConversionGroup & { touchpointKey: string | null })[];
}

function group(rows: readonly { status: string; n: number; clicked: number }[]): ConversionGroup {
  const count = (...s: string[]) => rows.filter((r) => s.includes(r.status)).reduce((a, r) => a + r.n, 0);
  const delivered = count('sent', 'clicked', 'converted');
  const converted = count('converted');
  const clicked = rows
    .filter((r) => ['sent', 'clicked', 'converted'].includes(r.status))
    .reduce((a, r) => a + r.clicked, 0);
  return {
    requested: rows.reduce((a, r) => a + r.n, 0),
    pending: count('pending'),
    delivered,
    clicked,
    converted,
    suppressed: count('suppressed'),
    failed: count('failed'),
    conversion: proportionEstimate(converted, delivered),
    clickRate: proportionEstimate(clicked, delivered),
  };
}

/**
 * The conversion rate per platform and per touchpoint (requests created in the period), each with
 * its 95 % Wilson interval (`proportionEstimate`); below 30 delivered requests `enough` is false.
 * One grouped query.
 */
export async function conversionSummary(
  store: Store,
  workspaceId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<ConversionSummary> {
  const rows = await store.reviewRequests.conversionRows(workspaceId, range);
  const by = <K>(key: (r: (typeof rows)[number]) => K) => {
    const m = new Map<K, typeof rows>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  return {
    total: group(rows),
    platforms: [...by((r) => r.platform)].map(([platform, rs]) => ({
      platform,
      label: isLinkPlatform(platform) ? PLATFORM_RULES[platform].label : platform,
      ...group(rs),
    })),
    touchpoints: [...by((r) => r.touchpointKey)].map(([touchpointKey, rs]) => ({
      touchpointKey,
      ...group(rs),
    })),
  };
}
