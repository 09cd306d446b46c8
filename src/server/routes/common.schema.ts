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

/** Problem responses every authenticated route may give, for the OpenAPI document. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: 'Problem (RFC 9457)',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
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
