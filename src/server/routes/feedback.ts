import { createRoute } from '@hono/zod-openapi';
import { segmentWords } from '../../analysis/index.js';
import { authorize, type Principal } from '../../core/auth/index.js';
import { AppError, parseInput } from '../../core/errors.js';
import { correctSentiment, withCorrections, withdrawCorrection } from '../../core/feedback/correct.js';
import { ingestFeedback, summarize } from '../../core/feedback/ingest.js';
import type { FeedbackFilter, Store } from '../../core/ports.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentFeedback, presentFeedbackDetail } from '../presenters.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  CorrectionBodySchema,
  FeedbackCountsSchema,
  FeedbackDetailSchema,
  FeedbackInputDoc,
  FeedbackFilterQuery,
  FeedbackListQuery,
  FeedbackPageSchema,
  IngestBodyDoc,
  IngestEnvelopeSchema,
  IngestResponseSchema,
} from './feedback.schema.js';
import type { z } from '@hono/zod-openapi';
import { segmentFilter } from '../../core/customers/segments.js';

const ingestRoute = createRoute({
  method: 'post',
  path: '/feedback',
  tags: ['feedback'],
  summary: 'Ingest one feedback item or a batch of up to 1,000',
  description:
    'Idempotent on (workspace, platform, externalId): the same item twice is stored once; a changed title, text, rating or score adds a version. Each item gets its own result: created, updated, unchanged, or rejected with the reason.',
  security: SECURITY,
  request: { body: body(IngestBodyDoc) },
  responses: {
    200: json(IngestResponseSchema, 'One result per item, in order'),
    ...problems(400, 401, 403, 413),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/feedback',
  tags: ['feedback'],
  summary: 'List feedback with filters, sort and cursor pagination',
  security: SECURITY,
  request: { query: FeedbackListQuery },
  responses: { 200: json(FeedbackPageSchema, 'A page of items'), ...problems(400, 401, 403) },
});

const countsRoute = createRoute({
  method: 'get',
  path: '/feedback/counts',
  tags: ['feedback'],
  summary: 'Counts by sentiment, touchpoint and brand for the same filters as the list',
  security: SECURITY,
  request: { query: FeedbackFilterQuery },
  responses: { 200: json(FeedbackCountsSchema, 'Counts'), ...problems(400, 401, 403) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/feedback/{id}',
  tags: ['feedback'],
  summary: 'One item with its versions and analysis',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(FeedbackDetailSchema, 'The item'), ...problems(401, 403, 404) },
});

const correctRoute = createRoute({
  method: 'put',
  path: '/feedback/{id}/correction',
  tags: ['feedback'],
  summary: "Correct the item's sentiment (agents and above)",
  description:
    "Replaces any earlier correction of the item. The corrected label is the item's label in lists, filters and counts while the corrected version is current, and an explicit training label of the workspace model; the model's own label stays in `analysis`. Audited. Signed-in people only: no API key scope grants it.",
  security: SECURITY,
  request: { params: IdParam, body: body(CorrectionBodySchema) },
  responses: {
    200: json(FeedbackDetailSchema, 'The item with its correction'),
    ...problems(400, 401, 403, 404),
  },
});

const withdrawRoute = createRoute({
  method: 'delete',
  path: '/feedback/{id}/correction',
  tags: ['feedback'],
  summary: "Withdraw the correction of the item's sentiment; the model's label shows again",
  security: SECURITY,
  request: { params: IdParam },
  responses: { 204: { description: 'Withdrawn (or there was none)' }, ...problems(401, 403, 404) },
});

function toFilter(q: z.infer<typeof FeedbackFilterQuery>): FeedbackFilter {
  const words = q.q === undefined ? [] : segmentWords(q.q);
  const day = (d: string | undefined) =>
    d === undefined ? undefined : new Date(d.length === 10 ? `${d}T00:00:00Z` : d).toISOString();
  return { ...q, q: words.length > 0 ? words : undefined, from: day(q.from), to: day(q.to) };
}

function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): [string | number, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (typeof v[0] === 'string' || typeof v[0] === 'number') &&
      typeof v[1] === 'string'
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API returned.');
}

const routes = router();
// Batches are validated item by item, so the body schema is loose; this documents the item shape.
routes.openAPIRegistry.register('FeedbackInput', FeedbackInputDoc);

export const feedbackRoutes = routes
  .openapi(ingestRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:write');
    const payload = parseInput(IngestEnvelopeSchema, c.req.valid('json'));
    const inputs = 'items' in payload && Array.isArray(payload.items) ? payload.items : [payload];
    const runtime = c.get('runtime');
    const results = await ingestFeedback(
      runtime.ingestDeps,
      { workspaceId: principal.workspaceId, actor: principal.actor },
      inputs,
    );
    const summary = summarize(results);
    c.get('logger').info({ workspaceId: principal.workspaceId, ...summary }, 'feedback ingested');
    return c.json({ results, summary }, 200);
  })
  .openapi(listRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:read');
    const q = c.req.valid('query');
    const { sort, limit, cursor } = q;
    await segmentFilter(c.get('runtime').store.segments, principal.workspaceId, q.segment);
    const items = await c.get('runtime').store.feedback.list(principal.workspaceId, toFilter(q), {
      sort,
      limit: limit + 1,
      after: decodeCursor(cursor),
    });
    const page = await withCorrections(c.get('runtime').store, principal.workspaceId, items.slice(0, limit));
    const last = page[page.length - 1];
    const sortValue = (i: NonNullable<typeof last>) =>
      sort.endsWith('postedAt') ? i.postedAt : sort.endsWith('rating') ? (i.rating ?? -1) : (i.urgency ?? -1);
    return c.json(
      {
        items: page.map(presentFeedback),
        nextCursor: items.length > limit && last ? encodeCursor(sortValue(last), last.id) : null,
      },
      200,
    );
  })
  .openapi(countsRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:read');
    const q = c.req.valid('query');
    await segmentFilter(c.get('runtime').store.segments, principal.workspaceId, q.segment);
    return c.json(await c.get('runtime').store.feedback.counts(principal.workspaceId, toFilter(q)), 200);
  })
  .openapi(getRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:read');
    return c.json(await detail(c.get('runtime').store, principal, c.req.valid('param').id), 200);
  })
  .openapi(correctRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:correct');
    const { id } = c.req.valid('param');
    const { sentiment } = c.req.valid('json');
    const store = c.get('runtime').store;
    await correctSentiment(store, principal, id, sentiment);
    return c.json(await detail(store, principal, id), 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'feedback:correct');
    await withdrawCorrection(c.get('runtime').store, principal, c.req.valid('param').id, 'sentiment');
    return c.body(null, 204);
  });

/**
 * One item with its versions, analysis, corrections and the cases it is in (for those who may see
 * cases), presented; `feedback_not_found` if not in the workspace.
 */
async function detail(store: Store, principal: Principal, id: string) {
  const { workspaceId } = principal;
  const item = await store.feedback.get(workspaceId, id);
  if (!item) throw new AppError('feedback_not_found', 'No such feedback item in this workspace.');
  const [[withC], links, surveys] = await Promise.all([
    withCorrections(store, workspaceId, [item]),
    principal.permissions.includes('cases:read') ? store.cases.forItems(workspaceId, [id]) : [],
    item.channel === 'survey' ? store.surveys.surveysOfItems(workspaceId, [id]) : new Map<string, never>(),
  ]);
  const cases = links
    .map(({ case: k }) => ({ id: k.id, status: k.status, priority: k.priority.label, openedAt: k.openedAt }))
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
  return {
    ...presentFeedbackDetail(withC ?? { ...item, corrections: { sentiment: null } }),
    cases,
    survey: surveys.get(id) ?? null,
  };
}
