import { z } from '@hono/zod-openapi';
import { ROLES, SCOPES } from '../../core/types.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine code, e.g. `feedback_not_found`.' }),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** What the HTTP edge (src/server/middleware) may answer on any API route, before the route runs. */
const EDGE_PROBLEMS = {
  413: problem('The body is larger than the limit of the route (problem+json, `payload_too_large`)'),
  429: {
    ...problem('Too many requests from this client or API key, or too many failed logins'),
    headers: z.object({
      'Retry-After': z.string().openapi({ description: 'Seconds to wait before trying again.' }),
    }),
  },
  503: problem('The request took longer than the handler timeout, or the database stayed busy'),
};

/** Problem responses a route may give (plus the edge's 413, 429 and 503), for the OpenAPI document. */
export function problems(...statuses: number[]) {
  return {
    ...Object.fromEntries(statuses.map((s) => [s, problem('Problem (RFC 9457)')])),
    ...EDGE_PROBLEMS,
  };
}

export const SECURITY: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
export const SESSION_ONLY: Record<string, string[]>[] = [{ session: [] }];

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const UserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi('User');
export const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    isDemo: z.boolean(),
    role: z.enum(ROLES).optional(),
  })
  .openapi('Workspace');
export const SessionInfoSchema = z
  .object({ user: UserSchema, workspaces: z.array(WorkspaceSchema), csrfToken: z.string() })
  .openapi('SessionInfo');

export const ScopeSchema = z.enum(SCOPES);
export const BrandSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), kind: z.enum(['own', 'competitor']) })
  .openapi('Brand');

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
export function body<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}
