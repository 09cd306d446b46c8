/**
 * A customer's history (issue #14): the timeline of everything about them, and their sentiment over
 * time. The case page reads the same timeline through its case's `customerId`. `customers:read`.
 */
import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { customerSentiment, customerTimeline } from '../../core/customers/timeline.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  CustomerSentimentSchema,
  SentimentQuery,
  TimelineQuery,
  TimelineSchema,
} from './customer-timeline.schema.js';

const TAGS = ['customers'];

const timelineRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/timeline',
  tags: TAGS,
  summary:
    'Everything about a customer, newest first: items with their versions, survey answers, cases, replies, notes, exceptions',
  description:
    'Keyset-paged by (at, key): pass `nextCursor` as `cursor` for the next page. A merged customer answers with `mergedInto` (their history moved to the survivor).',
  security: SECURITY,
  request: { params: IdParam, query: TimelineQuery },
  responses: { 200: json(TimelineSchema, 'A page of the timeline'), ...problems(400, 401, 403, 404) },
});

const sentimentRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/sentiment',
  tags: TAGS,
  summary: "A customer's positive, negative and neutral items per week, month or year",
  security: SECURITY,
  request: { params: IdParam, query: SentimentQuery },
  responses: { 200: json(CustomerSentimentSchema, 'Sentiment over time'), ...problems(400, 401, 403, 404) },
});

export const customerTimelineRoutes = router()
  .openapi(timelineRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const page = await customerTimeline(c.get('runtime').store.timeline, p.workspaceId, id, q);
    return c.json({ customerId: id, ...page }, 200);
  })
  .openapi(sentimentRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const s = await customerSentiment(c.get('runtime').store.timeline, p.workspaceId, id, q.bucket);
    return c.json({ customerId: id, ...s }, 200);
  });
