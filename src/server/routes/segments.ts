/**
 * Segments by needs (issue #14): saved rule-based segments (customers:read to list, customers:write
 * to change) and suggested ones from clustering customers by the touchpoints they talk about.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../../core/auth/index.js';
import {
  createSegment,
  deleteSegment,
  describeRules,
  getSegment,
  segmentSuggestions,
  updateSegment,
  type Segment,
  type SegmentDeps,
} from '../../core/customers/segments.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  SegmentBody,
  SegmentListSchema,
  SegmentPatchBody,
  SegmentSchema,
  SegmentSuggestionsSchema,
} from './segments.schema.js';

const TAGS = ['segments'];

const present = (s: Segment) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  rules: s.rules,
  summary: describeRules(s.rules),
  size: s.size,
  computedAt: s.computedAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

function deps(c: Context<AppEnv>): SegmentDeps {
  const runtime = c.get('runtime');
  return {
    segments: runtime.store.segments,
    now: () => runtime.clock.now().toISOString(),
    schedule: async (workspaceId, segmentId) => {
      await runtime.jobs.send(
        runtime.jobDefs.segmentsRefresh,
        { workspaceId, segmentId },
        { singletonKey: segmentId },
      );
    },
  };
}

const listRoute = createRoute({
  method: 'get',
  path: '/segments',
  tags: TAGS,
  summary: 'Saved segments with their size',
  security: SECURITY,
  responses: { 200: json(SegmentListSchema, 'Segments'), ...problems(401, 403) },
});
const suggestionsRoute = createRoute({
  method: 'get',
  path: '/segments/suggestions',
  tags: TAGS,
  summary: 'Suggested segments: customers clustered by the touchpoints they talk about',
  description:
    'k-means on a sample of at most 2,000 customers (their mentions per touchpoint), k = 2…8 chosen by silhouette. Each cluster carries `rules`: POST them to /segments to save it.',
  security: SECURITY,
  responses: { 200: json(SegmentSuggestionsSchema, 'Clusters'), ...problems(401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/segments/{id}',
  tags: TAGS,
  summary: 'A segment',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(SegmentSchema, 'The segment'), ...problems(401, 403, 404) },
});
const createRouteDef = createRoute({
  method: 'post',
  path: '/segments',
  tags: TAGS,
  summary: 'Save a segment; its members are evaluated by a job (size 0 and computedAt null until then)',
  security: SECURITY,
  request: { body: body(SegmentBody) },
  responses: { 201: json(SegmentSchema, 'Saved'), ...problems(400, 401, 403, 409) },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/segments/{id}',
  tags: TAGS,
  summary: 'Rename a segment or change its rules (new rules are evaluated again)',
  security: SECURITY,
  request: { params: IdParam, body: body(SegmentPatchBody) },
  responses: { 200: json(SegmentSchema, 'Changed'), ...problems(400, 401, 403, 404) },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/segments/{id}',
  tags: TAGS,
  summary: 'Delete a segment',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
});
const refreshRoute = createRoute({
  method: 'post',
  path: '/segments/{id}/refresh',
  tags: TAGS,
  summary: 'Evaluate the members again now (queued)',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 202: json(z.object({ queued: z.boolean() }), 'Queued'), ...problems(401, 403, 404) },
});

export const segmentRoutes = router()
  .openapi(listRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const segments = await c.get('runtime').store.segments.list(p.workspaceId);
    return c.json({ segments: segments.map(present) }, 200);
  })
  .openapi(suggestionsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const { store } = c.get('runtime');
    const answer = await segmentSuggestions(
      {
        segments: store.segments,
        touchpointNames: async (ws) =>
          new Map(
            (await store.taxonomy.stages(ws)).flatMap((s) => s.touchpoints.map((t) => [t.key, t.name])),
          ),
      },
      p.workspaceId,
      randomUUID(),
    );
    return c.json(answer, 200);
  })
  .openapi(getRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const s = await getSegment(c.get('runtime').store.segments, p.workspaceId, c.req.valid('param').id);
    return c.json(present(s), 200);
  })
  .openapi(createRouteDef, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:write');
    const input = c.req.valid('json');
    const s = await createSegment(deps(c), p.workspaceId, p.actor, {
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      rules: input.rules,
    });
    return c.json(present(s), 201);
  })
  .openapi(patchRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:write');
    const input = c.req.valid('json');
    const s = await updateSegment(deps(c), p.workspaceId, c.req.valid('param').id, {
      name: input.name?.trim(),
      description: input.description?.trim(),
      rules: input.rules,
    });
    return c.json(present(s), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:write');
    await deleteSegment(deps(c), p.workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(refreshRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:write');
    const d = deps(c);
    const s = await getSegment(d.segments, p.workspaceId, c.req.valid('param').id);
    await d.schedule(p.workspaceId, s.id);
    return c.json({ queued: true }, 202);
  });
