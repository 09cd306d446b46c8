import { z } from '@hono/zod-openapi';
import { ScopeSchema } from './common.schema.js';

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(ScopeSchema),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({
      description: 'When the key was last used, to the minute: a use is recorded at most once a minute.',
    }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const TaxonomySchema = z
  .object({
    stages: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        position: z.number().int(),
        touchpoints: z.array(
          z.object({ id: z.string(), key: z.string(), name: z.string(), examples: z.array(z.string()) }),
        ),
      }),
    ),
  })
  .openapi('Taxonomy');
