/**
 * Customer events (issue #15, slice D): `POST /events` (events:write) stores what a business's systems
 * report, idempotently by externalId, resolves the customer by identities and fires the surveys'
 * triggers; `GET /events` (surveys:read) lists the newest.
 */
import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { ingestEvents } from '../../core/events/index.js';
import { scheduleAsks } from '../../core/outreach/index.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, json, problems, SECURITY } from './common.schema.js';
import { EventBatchBody, EventBatchResultSchema, EventListQuery, EventListSchema } from './events.schema.js';

const TAGS = ['events'];

const postRoute = createRoute({
  method: 'post',
  path: '/events',
  tags: TAGS,
  summary: 'Report what happened to customers ("order.delivered"); active surveys with a trigger invite them',
  description:
    'Each event is stored once per externalId (a replay changes nothing and invites nobody again). Its customer is found by identities, or created. Every active survey with a trigger for the type creates an invitation sent `delayHours` after `occurredAt`, through the contact rules (caps, consent, quiet hours).',
  security: SECURITY,
  request: { body: body(EventBatchBody) },
  responses: { 200: json(EventBatchResultSchema, 'Stored'), ...problems(400, 401, 403, 413) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/events',
  tags: TAGS,
  summary: 'Recent customer events, newest first',
  security: SECURITY,
  request: { query: EventListQuery },
  responses: { 200: json(EventListSchema, 'Events'), ...problems(400, 401, 403) },
});

export const eventRoutes = router()
  .openapi(postRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'events:write');
    const rt = c.get('runtime');
    const { events } = c.req.valid('json');
    const result = await ingestEvents(
      {
        store: rt.store,
        clock: rt.clock,
        phoneRegion: rt.config.phoneRegion,
        scheduleAsks: async (workspaceId, asks) => {
          await scheduleAsks(rt.outreachDeps, workspaceId, asks, 'event', p.actor);
        },
      },
      p.workspaceId,
      events,
    );
    return c.json(result, 200);
  })
  .openapi(listRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const page = await c
      .get('runtime')
      .store.events.list(p.workspaceId, { type: q.type, customerId: q.customerId }, q.cursor, q.limit);
    return c.json(
      {
        events: page.items.map((e) => ({
          id: e.id,
          externalId: e.externalId,
          type: e.type,
          customerId: e.customerId,
          occurredAt: e.occurredAt,
          touchpointKey: e.touchpointKey,
          data: e.data,
          invitations: e.invitations,
          createdAt: e.createdAt,
        })),
        nextCursor: page.next,
      },
      200,
    );
  });
