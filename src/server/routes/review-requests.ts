/**
 * Review requests and referral invitations (issue #15, slice D): the platforms with their rules and
 * the business's links, sending requests to customers or a segment (surveys:write), the list, the
 * conversion summary (surveys:read), confirming a name-match suggestion; and the public tracked link
 * `GET /r/{token}` (mounted outside /api: it is what the e-mail's button points at).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { authorize } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/types.js';
import { scheduleAsks } from '../../core/outreach/index.js';
import {
  confirmSuggestion,
  conversionSummary,
  followReviewLink,
  LINK_PLATFORMS,
  PLATFORM_RULES,
  requestReviewsOrQueue,
  savePlatformLink,
  type ReviewRequest,
  type ReviewRequestDeps,
} from '../../core/review-requests/index.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  ConversionSummarySchema,
  PlatformLinkBody,
  PlatformListSchema,
  PlatformParam,
  PlatformSchema,
  RequestReviewsBody,
  RequestReviewsResultSchema,
  ReviewRequestListQuery,
  ReviewRequestListSchema,
  ReviewRequestSchema,
  SummaryQuery,
} from './review-requests.schema.js';
import { customerNames } from '../presenters.js';

const TAGS = ['review requests'];

/** The wire form of a request (ids, platform, statuses and times; no customer text). */
export const presentReviewRequest = (r: ReviewRequest, names: Map<string, string | null>) => ({
  id: r.id,
  customerId: r.customerId,
  customerName: r.customerId === null ? null : (names.get(r.customerId) ?? null),
  platform: r.platform,
  kind: r.kind,
  touchpointKey: r.touchpointKey,
  status: r.status,
  reason: r.reason,
  sentAt: r.sentAt,
  clickedAt: r.clickedAt,
  convertedAt: r.convertedAt,
  convertedItemId: r.convertedItemId,
  suggestedItemId: r.suggestedItemId,
  createdAt: r.createdAt,
});

function deps(c: Context<AppEnv>, actor: Actor): ReviewRequestDeps {
  const rt = c.get('runtime');
  return {
    store: rt.store,
    clock: rt.clock,
    scheduleAsks: async (workspaceId, asks) => {
      await scheduleAsks(rt.outreachDeps, workspaceId, asks, 'review_request', actor);
    },
  };
}

const platformsRoute = createRoute({
  method: 'get',
  path: '/review-requests/platforms',
  tags: TAGS,
  summary: "Review platforms: each one's rule (explained, with its policy) and the business's saved link",
  security: SECURITY,
  responses: { 200: json(PlatformListSchema, 'Platforms'), ...problems(401, 403) },
});
const putPlatformRoute = createRoute({
  method: 'put',
  path: '/review-requests/platforms/{platform}',
  tags: TAGS,
  summary: "Save the business's link for a platform (http(s) only)",
  security: SECURITY,
  request: { params: PlatformParam, body: body(PlatformLinkBody) },
  responses: { 200: json(PlatformSchema, 'Saved'), ...problems(400, 401, 403) },
});
const deletePlatformRoute = createRoute({
  method: 'delete',
  path: '/review-requests/platforms/{platform}',
  tags: TAGS,
  summary: "Remove a platform's link (its tracked links stop redirecting)",
  security: SECURITY,
  request: { params: PlatformParam },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
});
const createRequestsRoute = createRoute({
  method: 'post',
  path: '/review-requests',
  tags: TAGS,
  summary: 'Ask customers (or a segment) for a review on a platform, or to join the referral programme',
  description:
    'A segment of more than 5,000 members is requested by a job (`queued: true`, counts 0; see the list). Everyone asked gets the same invitation: the score is never read (no gating). A platform that forbids asking (Yelp) is refused with 400 `platform_forbids` and the reason; nothing is sent. Each request then goes through the contact rules (caps, open cases, consent, quiet hours): see /outreach/sends.',
  security: SECURITY,
  request: { body: body(RequestReviewsBody) },
  responses: {
    202: json(RequestReviewsResultSchema, 'Requested'),
    ...problems(400, 401, 403, 404, 409),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/review-requests',
  tags: TAGS,
  summary: 'Review requests, newest first, with their status and reason',
  security: SECURITY,
  request: { query: ReviewRequestListQuery },
  responses: { 200: json(ReviewRequestListSchema, 'Requests'), ...problems(400, 401, 403) },
});
const summaryRoute = createRoute({
  method: 'get',
  path: '/review-requests/summary',
  tags: TAGS,
  summary: 'Conversion per platform and per touchpoint, with 95 % Wilson intervals',
  security: SECURITY,
  request: { query: SummaryQuery },
  responses: { 200: json(ConversionSummarySchema, 'Summary'), ...problems(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/review-requests/{id}',
  tags: TAGS,
  summary: 'A review request',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(ReviewRequestSchema, 'The request'), ...problems(401, 403, 404) },
});
const confirmRoute = createRoute({
  method: 'post',
  path: '/review-requests/{id}/confirm',
  tags: TAGS,
  summary: 'Confirm a suggested review (same name, other identity): the request is converted by it',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(ReviewRequestSchema, 'Converted'), ...problems(401, 403, 404, 409) },
});

export const reviewRequestRoutes = router()
  .openapi(platformsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const links = new Map(
      (await c.get('runtime').store.reviewRequests.links(p.workspaceId))
        .filter((l) => l.brandId === null)
        .map((l) => [l.platform, l]),
    );
    return c.json(
      {
        platforms: LINK_PLATFORMS.map((platform) => {
          const rule = PLATFORM_RULES[platform];
          const link = links.get(platform);
          return {
            ...rule,
            link: link ? { url: link.url, enabled: link.enabled, updatedAt: link.updatedAt } : null,
          };
        }),
      },
      200,
    );
  })
  .openapi(putPlatformRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const { platform } = c.req.valid('param');
    const input = c.req.valid('json');
    const rt = c.get('runtime');
    const link = await savePlatformLink({ store: rt.store, clock: rt.clock }, p.workspaceId, p.actor, {
      platform,
      url: input.url,
      enabled: input.enabled,
    });
    return c.json(
      {
        ...PLATFORM_RULES[platform],
        link: { url: link.url, enabled: link.enabled, updatedAt: link.updatedAt },
      },
      200,
    );
  })
  .openapi(deletePlatformRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const { platform } = c.req.valid('param');
    const removed = await c.get('runtime').store.reviewRequests.removeLink(p.workspaceId, platform, null);
    if (!removed) throw new AppError('not_found', 'No link saved for this platform.');
    return c.body(null, 204);
  })
  .openapi(createRequestsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const input = c.req.valid('json');
    const rt = c.get('runtime');
    const result = await requestReviewsOrQueue(
      {
        ...deps(c, p.actor),
        enqueue: async (job) => {
          await rt.jobs.send(rt.jobDefs.reviewRequestsSegment, job);
        },
      },
      p.workspaceId,
      p.actor,
      input,
    );
    return c.json(result, 202);
  })
  .openapi(listRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const { store } = c.get('runtime');
    const page = await store.reviewRequests.list(
      p.workspaceId,
      { platform: q.platform, status: q.status, customerId: q.customerId },
      q.cursor,
      q.limit,
    );
    const names = await customerNames(store, p.workspaceId, page.items);
    return c.json(
      { requests: page.items.map((r) => presentReviewRequest(r, names)), nextCursor: page.next },
      200,
    );
  })
  .openapi(summaryRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const range = {
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
    };
    return c.json(await conversionSummary(c.get('runtime').store, p.workspaceId, range), 200);
  })
  .openapi(getRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const { store } = c.get('runtime');
    const r = await store.reviewRequests.get(p.workspaceId, c.req.valid('param').id);
    if (!r) throw new AppError('review_request_not_found', 'No such review request.');
    return c.json(presentReviewRequest(r, await customerNames(store, p.workspaceId, [r])), 200);
  })
  .openapi(confirmRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const rt = c.get('runtime');
    const r = await confirmSuggestion(
      { store: rt.store, clock: rt.clock },
      p.workspaceId,
      p.actor,
      c.req.valid('param').id,
    );
    return c.json(presentReviewRequest(r, await customerNames(rt.store, p.workspaceId, [r])), 200);
  });

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Link not found</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>This link does not work</h1><p>It may have been mistyped, or the business has removed its review page.</p></body></html>`;

/**
 * `GET /r/{token}`: the tracked link of a review request. Records the first click and redirects
 * (302) to the platform link the business saved; a forged or unknown token, or a removed link, is a
 * 404 page. Never an open redirect: the target is only ever a stored, checked http(s) URL.
 */
export const reviewLinkRoutes = new Hono<AppEnv>().get('/r/:token', async (c) => {
  const rt = c.get('runtime');
  const token = c.req.param('token');
  const followed =
    token.length <= 200
      ? await followReviewLink(
          { store: rt.store, clock: rt.clock, keyFor: (ws) => rt.store.signingKeys.keyFor(ws) },
          token,
        )
      : undefined;
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  if (!followed) return c.html(NOT_FOUND_PAGE, 404);
  return c.redirect(followed.url, 302);
});
