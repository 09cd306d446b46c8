import { createRoute, z } from '@hono/zod-openapi';
import { authorize, createApiKey, revokeApiKey } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentApiKey } from '../presenters.js';
import { ApiKeySchema, TaxonomySchema } from './workspace.schema.js';
import {
  BrandSchema,
  body,
  IdParam,
  json,
  problems,
  ScopeSchema,
  SECURITY,
  SESSION_ONLY,
} from './common.schema.js';

const listBrands = createRoute({
  method: 'get',
  path: '/brands',
  tags: ['workspace'],
  summary: "The workspace's brands: its own and the competitors it watches",
  security: SECURITY,
  responses: { 200: json(z.object({ brands: z.array(BrandSchema) }), 'Brands'), ...problems(401, 403) },
});

const updateBrand = createRoute({
  method: 'patch',
  path: '/brands/{id}',
  tags: ['workspace'],
  summary: 'Rename a brand or mark it own or competitor',
  security: SESSION_ONLY,
  request: {
    params: IdParam,
    body: body(
      z.object({
        name: z.string().trim().min(1).max(120).optional(),
        kind: z.enum(['own', 'competitor']).optional(),
      }),
    ),
  },
  responses: { 200: json(BrandSchema, 'Updated'), ...problems(400, 401, 403, 404, 409) },
});

const getTaxonomy = createRoute({
  method: 'get',
  path: '/taxonomy',
  tags: ['workspace'],
  summary: 'The journey: stages and their touchpoints with example phrases',
  security: SECURITY,
  responses: { 200: json(TaxonomySchema, 'Taxonomy'), ...problems(401, 403) },
});

const listKeys = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['workspace'],
  summary: "The workspace's API keys (never the keys themselves)",
  security: SESSION_ONLY,
  responses: { 200: json(z.object({ keys: z.array(ApiKeySchema) }), 'Keys'), ...problems(401, 403) },
});

const createKey = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['workspace'],
  summary: 'Create an API key; the key is in this response only',
  security: SESSION_ONLY,
  request: { body: body(z.object({ name: z.string(), scopes: z.array(ScopeSchema) })) },
  responses: {
    201: json(z.object({ key: z.string(), apiKey: ApiKeySchema }), 'Created'),
    ...problems(400, 401, 403),
  },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/keys/{id}',
  tags: ['workspace'],
  summary: 'Revoke an API key',
  security: SESSION_ONLY,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404) },
});

export const workspaceRoutes = router()
  .openapi(listBrands, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    return c.json({ brands: await c.get('runtime').store.brands.list(p.workspaceId) }, 200);
  })
  .openapi(updateBrand, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'keys:manage');
    const brand = await c
      .get('runtime')
      .store.brands.update(p.workspaceId, c.req.valid('param').id, c.req.valid('json'));
    if (!brand) throw new AppError('brand_not_found', 'No such brand in this workspace.');
    return c.json(brand, 200);
  })
  .openapi(getTaxonomy, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    return c.json({ stages: await c.get('runtime').store.taxonomy.stages(p.workspaceId) }, 200);
  })
  .openapi(listKeys, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'keys:manage');
    return c.json(
      { keys: (await c.get('runtime').store.apiKeys.list(p.workspaceId)).map(presentApiKey) },
      200,
    );
  })
  .openapi(createKey, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'keys:manage');
    const { key, apiKey } = await createApiKey(
      c.get('runtime').store,
      p.workspaceId,
      c.req.valid('json'),
      p.actor,
    );
    return c.json({ key, apiKey: presentApiKey(apiKey) }, 201);
  })
  .openapi(revokeKey, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'keys:manage');
    await revokeApiKey(c.get('runtime').store, p.workspaceId, c.req.valid('param').id, p.actor);
    return c.body(null, 204);
  });
